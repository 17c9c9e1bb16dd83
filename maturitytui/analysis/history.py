"""A partnership's direction of travel: its reviews in order, strand by strand (``compare.py`` sets two side by side).

Strands are matched by id, never by name or position, so a strand a plugin
renames is still the same strand, and one a rubric change adds or removes is
shown as added or removed, never as a rise or a fall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from maturitytui.analysis.words import day as day_words
from maturitytui.model.order import review_order
from maturitytui.model.rubric import STAGES, Rubric
from maturitytui.model.session import Action, Cell, Session, StrandAnswer
from maturitytui.model.session_format import NOT_APPLICABLE

if TYPE_CHECKING:
    from maturitytui.store.index import SessionSummary

ABSENT = "absent"
"""A review's mark for a strand its rubric did not have."""

UP, DOWN, SAME = "up", "down", "same"
ADDED, REMOVED = "added", "removed"
NOT_COMPARABLE = "not comparable"
RECAST = "descriptors changed"
"""Two reviews rated a strand against different stage descriptors (a plugin rewrote them between the two):
the stage names are the same, what they mean is not, so no rise or fall is read from them."""


def stage_number(mark: str | None) -> int | None:
    """1–4 for a stage; None for anything else (not answered, not applicable, absent)."""
    return STAGES.index(mark) + 1 if mark in STAGES else None


def mark_words(mark: str | None) -> str:
    """A strand's mark in one review, in words."""
    if mark is None:
        return "not answered"
    return {NOT_APPLICABLE: "not applicable", ABSENT: "not in that review's rubric"}.get(mark, mark)


def way(before: int, after: int) -> str:
    """Up, down or same, from one ordered value to another."""
    return UP if after > before else DOWN if after < before else SAME


def trend(marks: Sequence[str | None]) -> str:
    """From the first staged review to the last: up, down or same; empty with fewer than two stages."""
    numbers = [n for n in map(stage_number, marks) if n is not None]
    if len(numbers) < 2:
        return ""
    return way(numbers[0], numbers[-1])


def review_name(session: Session | SessionSummary, fmt: str = "") -> str:
    """A review by its date (or by ``fmt``, such as "%b %Y"), and whose view it is when one partner school made it
    on its own."""
    school = getattr(session, "by_school", "")
    when = f"{session.review_date:{fmt}}" if fmt else day_words(session.review_date)
    return when + (f" ({school}'s view)" if school else "")


def review_labels(reviews: Sequence[Session | SessionSummary]) -> dict[str, str]:
    """A short, unique label per review: its year where years differ, else its date, numbered on a shared day."""
    years = Counter(s.review_date.year for s in reviews)
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for s in reviews:
        day = s.review_date
        label = str(day.year) if years[day.year] == 1 else f"{day.day} {day:%b %Y}"
        seen[label] = seen.get(label, 0) + 1
        labels[s.id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
        if school := getattr(s, "by_school", ""):
            labels[s.id] += f", {school}'s view"  # one partner school's own review, beside the others'
    return labels


@dataclass(frozen=True)
class StrandInfo:
    """A strand as a history or a comparison shows it."""

    id: str
    title: str
    dimension: str
    active: bool
    """In the rubric in use; an inactive strand's answers are shown but come from a rubric no longer in use."""


def outline(session: Session, rubric: Rubric, rubric_hash: str | None = None) -> list[StrandInfo] | None:
    """The strands of the rubric the review was made with, or None if that cannot be known.

    Reviews record their rubric's strands; an older review made with the rubric
    in use has the same strands as it.
    """
    active = {s.id for s in rubric.strands()}
    if session.rubric.strands:
        return [StrandInfo(s.id, s.title, s.dimension, s.id in active) for s in session.rubric.strands]
    if session.rubric.id == rubric.id and session.rubric.hash == (rubric_hash or rubric.content_hash()):
        return [StrandInfo(s.id, s.title, d.title, True) for d in rubric.dimensions for s in d.strands]
    return None


def strand_mark(session: Session, strand_id: str, known: set[str] | None) -> str | None:
    """The stage, ``n/a``, ``absent`` (the review's rubric had no such strand) or None (not answered)."""
    answer = session.strands.get(strand_id)
    if answer is not None and answer.not_applicable:
        return NOT_APPLICABLE
    if answer is not None and answer.stage:
        return answer.stage
    if known is not None and strand_id not in known:
        return ABSENT
    return None


def strands_across(
    rubric: Rubric, sessions: Sequence[Session], outlines: Sequence[list[StrandInfo] | None] | None = None
) -> list[StrandInfo]:
    """The rubric's strands in its order, then any strand the reviews hold or had that it lacks.

    A strand's title is the rubric's; for an inactive one, the latest review's name for it.
    Inactive strands follow the active ones of their dimension, so each dimension is shown once.
    """
    result = [StrandInfo(s.id, s.title, d.title, True) for d in rubric.dimensions for s in d.strands]
    seen = {s.id for s in result}
    extra: dict[str, StrandInfo] = {}
    for n, session in enumerate(sessions):
        named = {s.id: s for s in (outlines[n] if outlines is not None else outline(session, rubric)) or []}
        for strand_id in [*named, *session.strands]:
            if strand_id in seen:
                continue
            info = named.get(strand_id)
            if info is None and strand_id in extra:
                continue  # an answer without a name never hides the name an earlier review recorded
            extra[strand_id] = StrandInfo(
                strand_id,
                info.title if info else strand_id,
                info.dimension if info else "Strands no longer in the rubric",
                False,
            )
    groups: dict[str, list[StrandInfo]] = {}
    for strand in [*result, *extra.values()]:
        groups.setdefault(strand.dimension, []).append(strand)
    return [strand for strands in groups.values() for strand in strands]


@dataclass(frozen=True)
class History:
    """Every review of one partnership in date order, with the strands they cover."""

    partnership: str
    reviews: tuple[Session, ...]
    strands: tuple[StrandInfo, ...]
    _known: tuple[set[str] | None, ...]
    rubric_hash: str | None = None
    """The rubric's fingerprint, where it was needed (reviews saved before format 2): worked out once."""
    _descriptors: tuple[dict[str, str], ...] = ()
    """Per review, strand id → the fingerprint of the stage descriptors it was rated against, where known."""

    def series(self, strand_id: str) -> list[str | None]:
        """The strand's mark in each review, oldest first."""
        return [strand_mark(s, strand_id, known) for s, known in zip(self.reviews, self._known, strict=True)]

    def descriptors(self, strand_id: str) -> list[str]:
        """The fingerprint of the strand's descriptors in each review, oldest first ("" where not known)."""
        return [d.get(strand_id, "") for d in self._descriptors]

    def recast(self, strand_id: str, first: int = 0, last: int = -1) -> bool:
        """Whether the strand's descriptors are known to have changed between two reviews (by index), or across
        any of the reviews between them."""
        known = [d for d in self.descriptors(strand_id)[first : (last % len(self.reviews)) + 1] if d]
        return len(set(known)) > 1

    def trend(self, strand_id: str) -> str:
        """Up, down or same from the first staged review to the last; ``RECAST`` where the descriptors changed
        between them; empty with fewer than two stages."""
        marks = self.series(strand_id)
        staged = [n for n, mark in enumerate(marks) if stage_number(mark) is not None]
        if len(staged) < 2:
            return ""
        if self.recast(strand_id, staged[0], staged[-1]):
            return RECAST
        return trend(marks)

    def dimensions(self) -> list[tuple[str, list[StrandInfo]]]:
        """Strands grouped by dimension, in order."""
        groups: dict[str, list[StrandInfo]] = {}
        for strand in self.strands:
            groups.setdefault(strand.dimension, []).append(strand)
        return list(groups.items())

    def grid_path(self) -> list[tuple[Session, Cell | None, Cell | None]]:
        """Each review's current cell and target, oldest first."""
        return [(s, s.grid.current, s.grid.target) for s in self.reviews]

    def criterion_series(self, criterion_id: str) -> list[tuple[str | None, str | None]]:
        """(within, between) for the criterion in each review, oldest first."""
        result: list[tuple[str | None, str | None]] = []
        for session in self.reviews:
            answer = session.criteria.get(criterion_id)
            result.append((answer.within, answer.between) if answer else (None, None))
        return result

    def actions(self, strand_id: str) -> list[tuple[Session, Action]]:
        """The next steps recorded for the strand in each review, oldest first."""
        return [(s, a) for s in self.reviews for a in s.strands.get(strand_id, NO_ANSWER).actions]

    def focus(self, strand_id: str) -> list[bool]:
        return [bool(s.strands.get(strand_id, NO_ANSWER).focus) for s in self.reviews]


NO_ANSWER = StrandAnswer()
"""What a review that never answered a strand holds for it."""
"""Stands in for a strand a review did not answer."""


def history_of(rubric: Rubric, sessions: Iterable[Session]) -> History:
    """The history of the partnership the sessions belong to (all of one partnership), in date order."""
    ordered = tuple(sorted(sessions, key=review_order))
    rubric_hash = rubric.content_hash() if any(not s.rubric.strands for s in ordered) else None
    outlines = [outline(s, rubric, rubric_hash) for s in ordered]
    known = tuple(None if o is None else {i.id for i in o} for o in outlines)
    name = ordered[-1].partnership if ordered else ""
    descriptors = tuple(descriptors_of(s, rubric, rubric_hash) for s in ordered)
    return History(name, ordered, tuple(strands_across(rubric, ordered, outlines)), known, rubric_hash, descriptors)


def descriptors_of(session: Session, rubric: Rubric, rubric_hash: str | None = None) -> dict[str, str]:
    """Strand id → the fingerprint of the descriptors the review rated it against, where that can be known: the
    review records it, or it was made with the rubric in use."""
    recorded = {ref.id: ref.descriptors for ref in session.rubric.strands if ref.descriptors}
    if recorded:
        return recorded
    if session.rubric.id == rubric.id and session.rubric.hash == (rubric_hash or rubric.content_hash()):
        return {s.id: s.descriptors_hash() for s in rubric.strands()}
    return {}


# -- comparing two reviews -------------------------------------------------
