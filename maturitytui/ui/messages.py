"""Requests a screen sends up to the app, which decides what to open: screens never reach into the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from maturitytui.store.index import SessionSummary
    from maturitytui.ui.context import ReviewContext


class OpenHistory(Message):
    """Show the history of the partnership with this key."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class OpenAlliance(Message):
    """Show every partnership in the store at a glance."""


class OpenReview(Message):
    """Open this review (to edit, or to read if it is finished or taken)."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary


class OpenCopy(Message):
    """Compare this copy of a review with the review, to keep one or merge them."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary


class ChangeFinished(Message):
    """Open the finished review shown in ``context`` again, to change it (the person has confirmed)."""

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context


class PrintReview(Message):
    """Print the report on the review shown in ``context`` (as it stands now) and the reviews before it."""

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context
