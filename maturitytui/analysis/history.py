"""A partnership's direction of travel: its reviews in order, and any two compared.

Strands are matched by id, never by name or position, so a strand a plugin
renames is still the same strand, and one a rubric change adds or removes is
shown as added or removed, never as a rise or a fall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from maturitytui.analysis.review import direction, rating_words
from maturitytui.model.order import review_order
from maturitytui.model.rubric import STAGES, Rubric
from maturitytui.model.session import Action, Cell, Session, StrandAnswer
from maturitytui.model.session_format import CRITERION_RATINGS, NOT_APPLICABLE

if TYPE_CHECKING:
    from maturitytui.store.index import SessionSummary

ABSENT = "absent"
"""A review's mark for a strand its rubric did not have."""

UP, DOWN, SAME = "up", "down", "same"
ADDED, REMOVED = "added", "removed"
NOT_COMPARABLE = "not comparable"


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


def review_name(session: Session | SessionSummary, fmt: str = "%d %b %Y") -> str:
    """A review by its date, and whose view it is when one partner school made it on its own."""
    school = getattr(session, "by_school", "")
    return f"{session.review_date:{fmt}}" + (f" ({school}'s view)" if school else "")


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

    def series(self, strand_id: str) -> list[str | None]:
        """The strand's mark in each review, oldest first."""
        return [strand_mark(s, strand_id, known) for s, known in zip(self.reviews, self._known, strict=True)]

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
        return [(s, a) for s in self.reviews for a in s.strands.get(strand_id, _EMPTY).actions]

    def focus(self, strand_id: str) -> list[bool]:
        return [bool(s.strands.get(strand_id, _EMPTY).focus) for s in self.reviews]


_EMPTY = StrandAnswer()
"""Stands in for a strand a review did not answer."""


def history_of(rubric: Rubric, sessions: Iterable[Session]) -> History:
    """The history of the partnership the sessions belong to (all of one partnership), in date order."""
    ordered = tuple(sorted(sessions, key=review_order))
    rubric_hash = rubric.content_hash() if any(not s.rubric.strands for s in ordered) else None
    outlines = [outline(s, rubric, rubric_hash) for s in ordered]
    known = tuple(None if o is None else {i.id for i in o} for o in outlines)
    name = ordered[-1].partnership if ordered else ""
    return History(name, ordered, tuple(strands_across(rubric, ordered, outlines)), known, rubric_hash)


# -- comparing two reviews -------------------------------------------------


@dataclass(frozen=True)
class StrandMove:
    """One strand in two reviews."""

    strand: StrandInfo
    before: str | None
    after: str | None
    movement: str
    """up, down, same; added or removed (by a rubric change); or not comparable (not answered, not applicable)."""
    evidence_before: str
    evidence_after: str
    renamed_from: str = ""
    """The strand's name in the earlier review's rubric, where a plugin has renamed it since."""

    def words(self) -> str:
        show = mark_words
        if self.movement == ADDED:
            return f"added to the rubric since the earlier review; now {show(self.after)}"
        if self.movement == REMOVED:
            return f"no longer in the rubric; was {show(self.before)}"
        if self.movement == SAME:
            return f"stayed at {self.after}"
        if self.movement in (UP, DOWN):
            return f"{'moved up' if self.movement == UP else 'moved back'} from {self.before} to {self.after}"
        if self.before == self.after:
            return f"{show(self.after)} in both reviews"
        return f"{show(self.before)}, then {show(self.after)}"


def strand_movement(before: str | None, after: str | None) -> str:
    if before == ABSENT and after != ABSENT:
        return ADDED
    if after == ABSENT and before != ABSENT:
        return REMOVED
    b, a = stage_number(before), stage_number(after)
    if b is None or a is None:
        return NOT_COMPARABLE
    return way(b, a)


def _rating_movement(before: str | None, after: str | None) -> str:
    if before not in CRITERION_RATINGS or after not in CRITERION_RATINGS:
        return NOT_COMPARABLE
    return way(CRITERION_RATINGS.index(before), CRITERION_RATINGS.index(after))


@dataclass(frozen=True)
class CriterionMove:
    id: str
    title: str
    within: tuple[str | None, str | None]
    between: tuple[str | None, str | None]

    def movement(self, level: str) -> str:
        return _rating_movement(*getattr(self, level))

    def words(self, level: str) -> str:
        before, after = getattr(self, level)
        if before == after:
            return f"still {rating_words(after)}"
        return f"{rating_words(before)} → {rating_words(after)}"


def _steps(a: Cell, b: Cell) -> int:
    """Moves between two cells, a diagonal move counting as one (as the arrow is drawn)."""
    return max(abs(a.nature - b.nature), abs(a.integration - b.integration))


def cell_words(cell: Cell | None) -> str:
    return "not marked" if cell is None else f"integration {cell.integration}, nature {cell.nature}"


@dataclass(frozen=True)
class GridMove:
    """Where the partnership went on the grid between two reviews, against the target the earlier one set."""

    before_current: Cell | None
    before_target: Cell | None
    after_current: Cell | None
    after_target: Cell | None

    def moved(self) -> str:
        if self.before_current is None or self.after_current is None:
            return "The grid was not marked in one or both reviews."
        if self.before_current == self.after_current:
            return f"The partnership stayed in the same cell ({cell_words(self.after_current)})."
        return (
            f"The partnership moved {direction(self.before_current, self.after_current)}: "
            f"from {cell_words(self.before_current)} to {cell_words(self.after_current)}."
        )

    def against_target(self) -> str:
        start, end, target = self.before_current, self.after_current, self.before_target
        if start is None or end is None or target is None:
            return "The earlier review set no target to measure against."
        planned, left = _steps(start, target), _steps(end, target)
        if left == 0:
            return "It reached the target the earlier review set."
        if left < planned:
            return f"It is {planned - left} of {planned} steps nearer the target the earlier review set."
        if left > planned:
            return f"It is further from the target the earlier review set ({left} steps away, was {planned})."
        return f"It is no nearer the target the earlier review set ({left} steps away)."

    def target_changed(self) -> str:
        if self.before_target is None or self.after_target is None or self.before_target == self.after_target:
            return ""
        return f"The target moved from {cell_words(self.before_target)} to {cell_words(self.after_target)}."


@dataclass(frozen=True)
class Comparison:
    """Two reviews of a partnership, the earlier first."""

    earlier: Session
    later: Session
    strands: tuple[StrandMove, ...]
    grid: GridMove
    criteria: tuple[CriterionMove, ...]

    def count(self, movement: str) -> int:
        return sum(1 for s in self.strands if s.movement == movement)

    def summary(self) -> str:
        """How the strands moved, in one sentence."""

        def strands(n: int) -> str:
            return f"{n} strand{'s' * (n != 1)}"

        text = f"{strands(self.count(UP))} moved up, {self.count(DOWN)} moved back, {self.count(SAME)} stayed the same"
        if self.count(ADDED) or self.count(REMOVED):
            text += f"; {strands(self.count(ADDED))} added and {self.count(REMOVED)} removed by a rubric change"
        return text + "."


def compare(rubric: Rubric, a: Session, b: Session) -> Comparison:
    """Compare two reviews (in either order: the earlier is found by date)."""
    earlier, later = sorted((a, b), key=review_order)
    history = history_of(rubric, (earlier, later))
    earlier_names = {s.id: s.title for s in outline(earlier, rubric, history.rubric_hash) or []}
    moves = []
    for strand in history.strands:
        marks = history.series(strand.id)
        before, after = (marks[0], marks[-1])
        if (
            before is None
            and after is None
            and strand.id not in earlier.strands
            and strand.id not in later.strands
            and not strand.active
        ):
            continue
        old_name = earlier_names.get(strand.id, "")
        moves.append(
            StrandMove(
                strand,
                before,
                after,
                strand_movement(before, after),
                earlier.strands.get(strand.id, _EMPTY).evidence,
                later.strands.get(strand.id, _EMPTY).evidence,
                old_name if old_name and old_name != strand.title else "",
            )
        )
    criteria = []
    for criterion in rubric.criteria:
        old, new = earlier.criteria.get(criterion.id), later.criteria.get(criterion.id)
        criteria.append(
            CriterionMove(
                criterion.id,
                criterion.title,
                (old.within if old else None, new.within if new else None),
                (old.between if old else None, new.between if new else None),
            )
        )
    grid = GridMove(earlier.grid.current, earlier.grid.target, later.grid.current, later.grid.target)
    return Comparison(earlier, later, tuple(moves), grid, tuple(criteria))


# -- carrying a review's promises into the next --------------------------------


def carry_forward(previous: Session, new: Session) -> int:
    """Open the new review with the previous one's unfinished next steps and focus strands.

    Each carried step starts as ``open`` (to be marked done, in progress or
    dropped in the new review) and remembers where it came from. Steps the
    previous review already marked done or dropped stay there, as do those of
    a strand the new review's rubric does not have. Returns how many steps
    were carried.
    """
    carried = 0
    if any(a.carried_from == previous.id for answer in new.strands.values() for a in answer.actions):
        return 0  # already carried: never twice
    # A strand the new review's rubric no longer has cannot be answered there; its steps stay in the history.
    known = {s.id for s in new.rubric.strands} or None
    for strand_id, answer in previous.strands.items():
        steps = [a for a in answer.actions if a.status in ("open", "in_progress")]
        if (not steps and not answer.focus) or (known is not None and strand_id not in known):
            continue
        target = new.answer(strand_id)
        # The old note stays with the earlier review; this review says how the step went.
        copies = [carried_copy(a, previous) for a in steps]
        target.actions = [*target.actions, *copies]
        target.focus = target.focus or answer.focus
        carried += len(copies)
    return carried


def carried_copy(action: Action, previous: Session, status: str = "open", note: str = "") -> Action:
    """A next step of an earlier review, carried into the next one, remembering where and when it was agreed."""
    return action.model_copy(
        update={
            "status": status,
            "note": note,
            "carried_from": previous.id,
            "agreed": action.agreed or previous.review_date,
            "was": action.status,
        }
    )
