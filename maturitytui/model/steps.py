"""The steps of a review and the questions a room rates, as typed values.

A step is stored as text (``grid``, ``strand:jpd``, ``tool:ties``,
``criteria``, ``summary``) in a session's position and a room's file; a room's
question likewise (``grid:current``, ``strand:jpd``, ``criterion:jpd:within``).
``Step`` and ``RoomQuestion`` are that text, checked when made, with its parts
read here: nothing else in the program takes a step's or a question's text
apart. Being ``str``, they are stored, compared and used as keys exactly as
the text always was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:  # the models load only when a review opens: the start screen needs none of them
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.tools import Tool

StepKind = Literal["grid", "strand", "tool", "criteria", "summary"]
QuestionKind = Literal["grid", "strand", "criterion"]
Level = Literal["within", "between"]

AFTER_THE_GRID = "grid"
"""A tool's ``strand`` that offers it straight after the grid rather than after a strand."""

_WHOLE_STEPS = frozenset({"grid", "criteria", "summary"})
_NAMED_STEPS = frozenset({"strand", "tool"})
LEVELS: tuple[Level, ...] = ("within", "between")
GRID_ASPECTS = ("current", "target")


class Step(str):
    """One step of a review: its ``kind``, and for a strand or a tool, which one (``id``)."""

    __slots__ = ()

    def __new__(cls, text: str) -> Step:
        kind, sep, ident = text.partition(":")
        if not ((kind in _WHOLE_STEPS and not sep) or (kind in _NAMED_STEPS and ident)):
            raise ValueError(f"{text!r} is not a step of a review")
        return super().__new__(cls, text)

    @classmethod
    def parse(cls, text: str) -> Step | None:
        """The step this text names, or None (a new review's position, or one written by a later version)."""
        try:
            return cls(text)
        except ValueError:
            return None

    @classmethod
    def strand(cls, strand_id: str) -> Step:
        return cls(f"strand:{strand_id}")

    @classmethod
    def tool(cls, tool_id: str) -> Step:
        return cls(f"tool:{tool_id}")

    @property
    def kind(self) -> StepKind:
        return cast("StepKind", self.partition(":")[0])

    @property
    def id(self) -> str:
        """The strand's or tool's id; empty for the grid, the criteria and the summary."""
        return self.partition(":")[2]


GRID_STEP = Step("grid")
CRITERIA_STEP = Step("criteria")
SUMMARY_STEP = Step("summary")


class RoomQuestion(str):
    """One thing a room rates: where the grid is now or should be, a strand's stage, a criterion at one level."""

    __slots__ = ()

    def __new__(cls, text: str) -> RoomQuestion:
        kind, _, rest = text.partition(":")
        ident, _, level = rest.rpartition(":") if kind == "criterion" else (rest, "", "")
        valid = (
            (kind == "grid" and rest in GRID_ASPECTS)
            or (kind == "strand" and bool(rest))
            or (kind == "criterion" and bool(ident) and level in LEVELS)
        )
        if not valid:
            raise ValueError(f"{text!r} is not a question a room rates")
        return super().__new__(cls, text)

    @classmethod
    def parse(cls, text: str) -> RoomQuestion | None:
        """The question this text names, or None (a damaged file's key, or one written by a later version)."""
        try:
            return cls(text)
        except ValueError:
            return None

    @classmethod
    def strand(cls, strand_id: str) -> RoomQuestion:
        return cls(f"strand:{strand_id}")

    @classmethod
    def criterion(cls, criterion_id: str, level: Level) -> RoomQuestion:
        return cls(f"criterion:{criterion_id}:{level}")

    @property
    def kind(self) -> QuestionKind:
        return cast("QuestionKind", self.partition(":")[0])

    @property
    def id(self) -> str:
        """The strand's or criterion's id; for the grid, ``current`` or ``target``."""
        rest = self.partition(":")[2]
        return rest.rpartition(":")[0] if self.kind == "criterion" else rest

    @property
    def level(self) -> Level | None:
        """Within or between schools, for a criterion; None otherwise."""
        return cast("Level", self.rpartition(":")[2]) if self.kind == "criterion" else None


def question_kind(text: str) -> QuestionKind | None:
    """The kind of question a key from a file names; None if it names none."""
    question = RoomQuestion.parse(text)
    return question.kind if question is not None else None


GRID_QUESTIONS = (RoomQuestion("grid:current"), RoomQuestion("grid:target"))
"""The grid is rated twice: where the partnership is now, and where it should be in several years."""


def offered_after(rubric: Rubric, tool: Tool) -> str:
    """Where a review offers a tool, in words: "after the grid", "after High social capital", or "before the
    criteria" (its strand is not in the rubric, or it names none)."""
    if tool.strand == AFTER_THE_GRID:
        return "after the grid"
    if tool.strand in {s.id for s in rubric.strands()}:
        return f"after {rubric.strand(tool.strand).title}"
    return "before the criteria"


def steps(rubric: Rubric) -> list[Step]:
    """Every step of a review, in order.

    The grid, each strand in rubric order, the criteria, the summary; each questionnaire, exercise and
    companion right after the strand it is linked to (or the grid), or before the criteria if that strand
    is not in the rubric.
    """
    strands = rubric.strands()
    strand_ids = {s.id for s in strands}
    after: dict[str, list[Step]] = {}
    for tool in rubric.tools():
        anchor = tool.strand if tool.strand == AFTER_THE_GRID or tool.strand in strand_ids else CRITERIA_STEP
        after.setdefault(anchor, []).append(Step.tool(tool.id))
    result = [GRID_STEP, *after.get(AFTER_THE_GRID, [])]
    for strand in strands:
        result += [Step.strand(strand.id), *after.get(strand.id, [])]
    return [*result, *after.get(CRITERIA_STEP, []), CRITERIA_STEP, SUMMARY_STEP]


def step_title(rubric: Rubric, step: Step) -> str:
    match step.kind:
        case "grid":
            return "Partnership grid"
        case "criteria":
            return "Criteria for a deep partnership"
        case "summary":
            return "Summary"
        case "tool":
            return rubric.tool(step.id).title
        case "strand":
            return rubric.strand(step.id).title


def questions_for(step: Step, rubric: Rubric) -> tuple[RoomQuestion, ...]:
    """The questions a room rates on a step of the walkthrough (none on tools and the summary)."""
    match step.kind:
        case "grid":
            return GRID_QUESTIONS
        case "strand":
            return (RoomQuestion.strand(step.id),)
        case "criteria":
            return tuple(RoomQuestion.criterion(c.id, level) for c in rubric.criteria for level in LEVELS)
    return ()
