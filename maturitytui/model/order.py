"""The order of reviews in time, for full sessions and for the index's summaries alike."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol, TypeVar


class Dated(Protocol):
    """A review as listing and history see it: a Session or a SessionSummary."""

    @property
    def id(self) -> str: ...
    @property
    def review_date(self) -> date: ...
    @property
    def created(self) -> datetime: ...
    @property
    def status(self) -> str: ...


DatedT = TypeVar("DatedT", bound=Dated)


def review_order(session: Dated) -> tuple[date, datetime, str]:
    """Date order: the review date, then when it was started, then its id (Sessions or summaries)."""
    return (session.review_date, session.created, session.id)


def previous_review(session: Dated, others: Iterable[DatedT]) -> DatedT | None:
    """The latest finished review of the same partnership from before this one (Sessions or summaries)."""
    # Strictly earlier in time: a review started at the same moment is a sibling, not a predecessor.
    earlier = [
        s
        for s in others
        if s.id != session.id
        and s.status == "complete"
        and (s.review_date, s.created) < (session.review_date, session.created)
    ]
    return max(earlier, key=review_order, default=None)
