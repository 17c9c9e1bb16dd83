"""What listing, history and comparison need of each review, without its evidence and actions text: a review's
summary, and a whole store's summaries in memory (``Catalogue``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturitytui.model.errors import Problem
from maturitytui.model.order import review_order
from maturitytui.model.session_format import NOT_APPLICABLE
from maturitytui.store.names import partnership_key
from maturitytui.store.synced_copies import copy_note

if TYPE_CHECKING:
    from maturitytui.model.session import Cell, Session


@dataclass(frozen=True)
class SessionSummary:
    """What listing, history and comparison need of a review, without its evidence and actions text."""

    file: str
    """The review's file, as the store listed it (a string: 10,000 paths cost start-up time, and few are used)."""
    id: str
    partnership: str
    review_date: date
    created: datetime
    status: str
    position: str
    participants: tuple[str, ...]
    schools: tuple[str, ...]
    rubric_id: str
    rubric_hash: str
    grid_current: tuple[int, int] | None
    """(integration, nature) of where the partnership is, if marked."""
    grid_target: tuple[int, int] | None
    stages: dict[str, str]
    """Strand id → stage name, or ``n/a`` for not applicable; unanswered strands are absent."""
    focus: tuple[str, ...]
    criteria: dict[str, list[str | None]]
    """Criterion id → [within, between] (lists, as JSON has them: converting 10,000 of them costs start-up time)."""
    ties: dict[str, str] = field(default_factory=dict)
    """How the review tagged the partnership's ties (strength: strong or weak; reach: bonding or bridging)."""
    descriptors: dict[str, str] = field(default_factory=dict)
    """Strand id → the fingerprint of the stage descriptors it was rated against, where the review recorded it."""
    copy_of: str = ""
    """For a copy kept when one review was changed on two machines: the id of that review (else empty)."""
    copy_words: str = ""
    """For a copy: where it came from, as words ("copy from Sam's laptop, 3 Mar 2027")."""

    @property
    def key(self) -> str:
        return partnership_key(self.partnership)

    @property
    def path(self) -> Path:
        return Path(self.file)

    @classmethod
    def of(cls, path: Path | str, session: Session) -> SessionSummary:
        def cell(c: Cell | None) -> tuple[int, int] | None:
            return (c.integration, c.nature) if c is not None else None

        note = copy_note(path, session)  # git's copies carry one; a sync client's are known by their names

        return cls(
            file=os.fspath(path),
            id=session.id,
            partnership=session.partnership,
            review_date=session.review_date,
            created=session.created,
            status=session.status,
            position=session.position,
            participants=tuple(session.participants),
            schools=tuple(session.schools),
            rubric_id=session.rubric.id,
            rubric_hash=session.rubric.hash,
            grid_current=cell(session.grid.current),
            grid_target=cell(session.grid.target),
            stages={
                sid: mark
                for sid, a in session.strands.items()
                if (mark := NOT_APPLICABLE if a.not_applicable else a.stage)
            },
            focus=tuple(sid for sid, a in session.strands.items() if a.focus),
            criteria={cid: [a.within, a.between] for cid, a in session.criteria.items()},
            ties=next((dict(t.ties.items()) for t in session.tools.values() if t.ties and not t.skipped), {}),
            descriptors={ref.id: ref.descriptors for ref in session.rubric.strands if ref.descriptors},
            copy_of=note.review if note else "",
            copy_words=note.words() if note else "",
        )

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "partnership": self.partnership,
            "review_date": self.review_date.isoformat(),
            "created": self.created.isoformat(),
            "status": self.status,
            "position": self.position,
            "participants": list(self.participants),
            "schools": list(self.schools),
            "rubric_id": self.rubric_id,
            "rubric_hash": self.rubric_hash,
            "grid_current": self.grid_current,
            "grid_target": self.grid_target,
            "stages": self.stages,
            "focus": list(self.focus),
            "criteria": self.criteria,
            "ties": self.ties,
            "descriptors": self.descriptors,
            "copy_of": self.copy_of,
            "copy_words": self.copy_words,
        }

    @classmethod
    def from_json(cls, path: str, data: dict[str, Any]) -> SessionSummary:
        return cls(
            file=path,
            id=data["id"],
            partnership=data["partnership"],
            review_date=date.fromisoformat(data["review_date"]),
            created=datetime.fromisoformat(data["created"]),
            status=data["status"],
            position=data["position"],
            participants=tuple(data["participants"]),
            schools=tuple(data["schools"]),
            rubric_id=data["rubric_id"],
            rubric_hash=data["rubric_hash"],
            grid_current=tuple(data["grid_current"]) if data["grid_current"] else None,
            grid_target=tuple(data["grid_target"]) if data["grid_target"] else None,
            stages=data["stages"],  # fresh from the JSON parser: nothing else holds them
            focus=tuple(data["focus"]),
            criteria=data["criteria"],
            ties=data["ties"],
            descriptors=data["descriptors"],
            copy_of=data["copy_of"],
            copy_words=data["copy_words"],
        )


@dataclass
class Catalogue:
    """Every review in a store, summarised, and the files that could not be read."""

    summaries: list[SessionSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    """How many files had to be read this time (the rest came from the index)."""
    _groups: dict[str, list[SessionSummary]] | None = field(default=None, repr=False, compare=False)

    def partnerships(self) -> dict[str, list[SessionSummary]]:
        """Summaries by partnership, each list in date order (review date, then when it was started).

        Grouped by the name stored in each file (``partnership_key``), never by folder: two names that
        make the same folder name are still two partnerships. Copies (``copies``) are left out: a review changed
        on two machines is one review, counted once. Worked out once per catalogue.
        """
        if self._groups is not None:
            return self._groups
        groups: dict[str, list[SessionSummary]] = {}
        for summary in self.summaries:
            if not summary.copy_of:
                groups.setdefault(summary.key, []).append(summary)
        for items in groups.values():
            items.sort(key=review_order)
        self._groups = dict(sorted(groups.items()))
        return self._groups

    def copies(self) -> list[SessionSummary]:
        """The copies kept beside reviews changed on two machines, waiting to be resolved, oldest first."""
        return sorted((s for s in self.summaries if s.copy_of), key=review_order)
