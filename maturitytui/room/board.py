"""What the front of the room may show about one question: who has rated, the spread once it may be shown,
where views differ, the school-by-school view, what was agreed and why.

The facilitator's panel, the terminal presenter and the projector page all draw
from this one reading, so they can never disagree about what is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from maturitytui.model.rubric import Rubric
from maturitytui.model.session import Session
from maturitytui.room.facilitation import (
    STAGE_MARKS,
    Spread,
    agreed,
    by_school,
    is_grid,
    label,
    may_show_individuals,
    question_title,
    rating_text,
    spread,
    valid_rating,
    waiting_for,
)

NO_SCHOOLS = "School by school: not shown in this anonymous room, as one person's rating could be worked out from it."


def how_wide(key: str, found: Spread) -> str:
    """How far apart the room's views are, in words."""
    if is_grid(key):
        return f"cells up to {found.width} apart"
    given = [r for r, n in found.counts.items() if n]
    return f"{rating_text(key, given[0])} to {rating_text(key, given[-1])}"


def compact(found: Spread) -> str:
    """A spread in a few characters: ``B1 D3 E2 L0`` or ``N0 P2 W1``."""
    if is_grid(found.key):
        return " ".join(f"{cell}×{n}" for cell, n in found.counts.items()) or "none yet"
    return " ".join(f"{STAGE_MARKS.get(r, r[:1].upper())}{n}" for r, n in found.counts.items())


@dataclass(frozen=True)
class QuestionBoard:
    """One question as the front of the room sees it. Every text in it is data: shown inert, never as markup."""

    key: str
    title: str
    found: Spread
    shown: bool
    """Whether the spread may be shown: everyone has rated, or the facilitator revealed it."""
    waiting: list[str] = field(default_factory=list)
    """Who has not rated yet, while the spread is hidden."""
    wide: str = ""
    """How far apart views are, when they differ widely (empty otherwise)."""
    individuals: list[tuple[str, str]] = field(default_factory=list)
    """(label, rating in words) for each participant who rated, in a named room once the spread is shown."""
    schools: dict[str, Spread] | None = None
    """The spread school by school when asked for ({} when anonymity forbids it); None when not asked."""
    agreed: str = ""
    """The agreed rating in words, or empty."""
    reason: str = ""

    @property
    def grid(self) -> bool:
        return is_grid(self.key)

    def bars(self) -> list[tuple[str, int]]:
        """(label, count) for each bar of the spread: every rating, or each grid cell someone chose."""
        return [(rating_text(self.key, rating), n) for rating, n in self.found.counts.items()]


def question_board(rubric: Rubric, session: Session, key: str, *, per_school: bool) -> QuestionBoard:
    facilitation = session.facilitation
    if facilitation is None:
        raise ValueError("only a facilitated review has a room")
    found = spread(facilitation, key)
    shown = may_show_individuals(facilitation, key)
    given = facilitation.ratings.get(key, {})
    now = agreed(session, key)
    return QuestionBoard(
        key=key,
        title=question_title(rubric, key),
        found=found,
        shown=shown,
        waiting=[] if shown else [label(p) for p in waiting_for(facilitation, key)],
        wide=how_wide(key, found) if shown and found.wide else "",
        individuals=[]
        if not shown or facilitation.anonymous
        else [
            (label(p), rating_text(key, given[p.id]))
            for p in facilitation.participants
            if valid_rating(key, given.get(p.id, ""))
        ],
        schools=by_school(facilitation, key) if shown and per_school else None,
        agreed=rating_text(key, now) if now else "",
        reason=facilitation.reasons.get(key, ""),
    )
