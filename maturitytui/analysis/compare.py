"""Two reviews of a partnership side by side: what moved up, back or stayed, on the strands, the criteria
and the grid. Strands are matched by id (see ``history.py``), so an added or removed strand is never a rise
or a fall.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from maturitytui.analysis.review import direction, rating_words
from maturitytui.model.order import review_order
from maturitytui.model.rubric import Rubric
from maturitytui.model.session import Cell, Session
from maturitytui.model.session_format import CRITERION_RATINGS

if TYPE_CHECKING:
    pass

from maturitytui.analysis.history import (
    ABSENT,
    ADDED,
    DOWN,
    NO_ANSWER,
    NOT_COMPARABLE,
    RECAST,
    REMOVED,
    SAME,
    UP,
    StrandInfo,
    history_of,
    mark_words,
    outline,
    stage_number,
    way,
)


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
        if self.movement == RECAST:
            return (
                f"{show(self.before)}, then {show(self.after)}: the stage descriptors changed between the two "
                "reviews, so the stages cannot be compared"
            )
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
        if self.count(RECAST):
            text += f"; {strands(self.count(RECAST))} rated against changed stage descriptors, not compared"
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
        movement = strand_movement(before, after)
        if movement in (UP, DOWN, SAME) and history.recast(strand.id):
            movement = RECAST  # the same stage names, meaning other things: not a rise or a fall
        moves.append(
            StrandMove(
                strand,
                before,
                after,
                movement,
                earlier.strands.get(strand.id, NO_ANSWER).evidence,
                later.strands.get(strand.id, NO_ANSWER).evidence,
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
