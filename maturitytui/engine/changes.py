"""Rubric changes: what an alliance can do to a rubric without forking it.

The source itself says the model "may be modified by the addition or deletion
of strands". A change is a list of operations, given either as a TOML file
(``kind = "rubric-change"``) or by a Python plugin; both are validated here
and applied in order to a copy of the rubric.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from maturitytui.model.ideas import MAX_IDEAS, Idea
from maturitytui.model.rubric import STAGES, Dimension, Question, Rubric, Stage, StageName, Strand
from maturitytui.model.tools import Companion, Exercise, Questionnaire
from maturitytui.model.words import counted


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    def touches(self) -> list[tuple[str, str]]:
        """What the operation did, to what id: ``("removed strand", "ce")``. ``rubric diff`` names the plugin
        responsible for a difference from these, never from the wording of ``describe()``."""
        raise NotImplementedError  # pragma: no cover - every operation says

    def apply(self, rubric: Rubric, plugin: str) -> None:
        """Apply the operation to ``rubric`` in place, crediting ``plugin``; ``ChangeFailed`` if it does not fit."""
        raise NotImplementedError  # pragma: no cover - every operation does


class AddStrand(_Op):
    """Add a new strand to a dimension."""

    op: Literal["add_strand"]
    dimension: str
    """The dimension to add it to."""
    strand: Strand
    """The whole strand: id, title, four stages and any questions."""
    before: str | None = None
    """Put it before this strand; without before/after it goes last."""
    after: str | None = None
    """Put it after this strand."""

    def describe(self) -> str:
        return f"added strand '{self.strand.id}' to dimension '{self.dimension}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("added strand", self.strand.id)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        dim = _dimension(rubric, self.dimension)
        if self.strand.id in {s.id for s in rubric.strands()}:
            raise ChangeFailed(f"strand '{self.strand.id}' already exists; use a new id or replace_stages")
        if self.before and self.after:
            raise ChangeFailed("give before or after, not both")
        anchor = self.before or self.after
        index = len(dim.strands)
        if anchor:
            ids = dim.strand_ids()
            if anchor not in ids:
                raise ChangeFailed(f"there is no strand '{anchor}' in dimension '{dim.id}' to place it by")
            index = ids.index(anchor) + (1 if self.after else 0)
        strand = self.strand.model_copy(update={"questions": _mark_added(self.strand.questions, plugin)})
        dim.strands.insert(index, strand)


class RemoveStrand(_Op):
    """Remove a strand. Sessions that rated it keep their answers."""

    op: Literal["remove_strand"]
    strand: str

    def describe(self) -> str:
        return f"removed strand '{self.strand}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("removed strand", self.strand)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        strands, index = _strand_home(rubric, self.strand)
        del strands[index]
        for d in rubric.dimensions:
            d.alternative_orders = {k: [i for i in v if i != self.strand] for k, v in d.alternative_orders.items()}


class ReorderStrands(_Op):
    """Put a dimension's strands in a new order."""

    op: Literal["reorder_strands"]
    dimension: str
    order: list[str]
    """Every strand id of the dimension, once each, in the new order."""

    def describe(self) -> str:
        return f"reordered dimension '{self.dimension}': {', '.join(self.order)}"

    def touches(self) -> list[tuple[str, str]]:
        return [("ordered dimension", self.dimension)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        dim = _dimension(rubric, self.dimension)
        if sorted(self.order) != sorted(dim.strand_ids()) or len(set(self.order)) != len(self.order):
            strays = "".join(
                f" '{i}' is not one of them{closest(i, dim.strand_ids())}."
                for i in self.order
                if i not in dim.strand_ids()
            )
            raise ChangeFailed(
                f"the order must list every strand of '{dim.id}' once: {', '.join(dim.strand_ids())}.{strays}"
            )
        by_id = {s.id: s for s in dim.strands}
        dim.strands = [by_id[i] for i in self.order]


class UseOrder(_Op):
    """Walk a dimension in one of the orders the rubric records (e.g. ``box1``)."""

    op: Literal["use_order"]
    dimension: str
    order: str

    def describe(self) -> str:
        return f"put dimension '{self.dimension}' in its '{self.order}' order"

    def touches(self) -> list[tuple[str, str]]:
        return [("ordered dimension", self.dimension)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        dim = _dimension(rubric, self.dimension)
        if self.order not in dim.alternative_orders:
            names = ", ".join(dim.alternative_orders) or "none"
            raise ChangeFailed(f"dimension '{dim.id}' records no order '{self.order}' (it has: {names})")
        order = dim.alternative_orders[self.order]
        by_id = {s.id: s for s in dim.strands}
        rest = [s for s in dim.strands if s.id not in order]
        dim.strands = [by_id[i] for i in order if i in by_id] + rest


class UpdateStrand(_Op):
    """Rename a strand or change its summary or provisional mark; its id stays."""

    op: Literal["update_strand"]
    strand: str
    title: str | None = None
    summary: str | None = None
    provisional: bool | None = None

    def describe(self) -> str:
        changed = [k for k in ("title", "summary", "provisional") if getattr(self, k) is not None]
        return f"updated {', '.join(changed) or 'nothing'} of strand '{self.strand}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("updated strand", self.strand)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        strands, index = _strand_home(rubric, self.strand)
        update = {k: v for k in ("title", "summary", "provisional") if (v := getattr(self, k)) is not None}
        strands[index] = strands[index].model_copy(update=update)


class ReplaceStages(_Op):
    """Rewrite a strand's four stage descriptors."""

    op: Literal["replace_stages"]
    strand: str
    stages: list[Stage]

    def describe(self) -> str:
        return f"rewrote the stages of strand '{self.strand}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("rewrote stages", self.strand)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        strands, index = _strand_home(rubric, self.strand)
        # Re-validate through the Strand model so the four-stage rule holds.
        data = strands[index].model_dump()
        data["stages"] = [s.model_dump() for s in self.stages]
        try:
            strands[index] = Strand.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
            raise ChangeFailed(f"the new stages are not valid: {first}") from None


class ReplaceQuestions(_Op):
    """Replace a strand's reflection questions (an empty list removes them)."""

    op: Literal["replace_questions"]
    strand: str
    questions: list[Question]

    def describe(self) -> str:
        return f"replaced the questions of strand '{self.strand}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("replaced questions", self.strand)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        strands, index = _strand_home(rubric, self.strand)
        strands[index] = strands[index].model_copy(update={"questions": _mark_added(self.questions, plugin)})


class AddQuestions(_Op):
    """Add reflection questions after a strand's own."""

    op: Literal["add_questions"]
    strand: str
    questions: list[Question] = Field(min_length=1)

    def describe(self) -> str:
        return f"added {counted(len(self.questions), 'question')} to strand '{self.strand}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("added questions", self.strand)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        strands, index = _strand_home(rubric, self.strand)
        questions = strands[index].questions + _mark_added(self.questions, plugin)
        strands[index] = strands[index].model_copy(update={"questions": questions})


class AddIdeas(_Op):
    """Add ideas for moving on from one stage of a strand, after its own."""

    op: Literal["add_ideas"]
    strand: str
    stage: StageName
    """The stage the ideas move a partnership on from."""
    ideas: list[Idea] = Field(min_length=1, max_length=MAX_IDEAS)

    def describe(self) -> str:
        return f"added {counted(len(self.ideas), 'idea')} to strand '{self.strand}', {self.stage}"

    def touches(self) -> list[tuple[str, str]]:
        return [("added ideas", self.strand)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        _set_ideas(rubric, self.strand, self.stage, self.ideas, plugin, keep=True)


class ReplaceIdeas(_Op):
    """Replace the ideas of one stage of a strand (an empty list removes them)."""

    op: Literal["replace_ideas"]
    strand: str
    stage: StageName
    ideas: list[Idea] = Field(default=[], max_length=MAX_IDEAS)

    def describe(self) -> str:
        if not self.ideas:
            return f"removed the ideas of strand '{self.strand}', {self.stage}"
        return f"replaced the ideas of strand '{self.strand}', {self.stage}, with {counted(len(self.ideas), 'idea')}"

    def touches(self) -> list[tuple[str, str]]:
        return [("replaced ideas", self.strand)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        _set_ideas(rubric, self.strand, self.stage, self.ideas, plugin, keep=False)


def _set_ideas(rubric: Rubric, strand_id: str, stage: str, ideas: list[Idea], plugin: str, *, keep: bool) -> None:
    strands, index = _strand_home(rubric, strand_id)
    stages = list(strands[index].stages)
    at = STAGES.index(stage)
    marked = [i.model_copy(update={"added_by": plugin}) for i in ideas]
    together = [*stages[at].ideas, *marked] if keep else marked
    if len(together) > MAX_IDEAS:
        raise ChangeFailed(f"the {stage} stage would have {len(together)} ideas; at most {MAX_IDEAS} are allowed")
    stages[at] = stages[at].model_copy(update={"ideas": together})
    strands[index] = strands[index].model_copy(update={"stages": stages})


class RemoveCriterion(_Op):
    """Remove a deep-partnership criterion (e.g. before removing the strand it belongs to)."""

    op: Literal["remove_criterion"]
    criterion: str

    def describe(self) -> str:
        return f"removed criterion '{self.criterion}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("removed criterion", self.criterion)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        before = len(rubric.criteria)
        rubric.criteria = [c for c in rubric.criteria if c.id != self.criterion]
        if len(rubric.criteria) == before:
            ids = [c.id for c in rubric.criteria]
            raise ChangeFailed(
                f"there is no criterion '{self.criterion}'{closest(self.criterion, ids)} (the rubric has: {', '.join(ids)})"
            )
        # Keep the difficulties a run 1, 2, 3, … in the same order.
        rubric.criteria = [c.model_copy(update={"difficulty": n}) for n, c in enumerate(rubric.criteria, 1)]


class AddQuestionnaire(_Op):
    """Add a questionnaire, such as a new trust audit."""

    op: Literal["add_questionnaire"]
    questionnaire: Questionnaire

    def describe(self) -> str:
        return f"added questionnaire '{self.questionnaire.id}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("added tool", self.questionnaire.id)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        rubric.questionnaires.append(self.questionnaire.model_copy(update={"added_by": plugin}))


class AddExercise(_Op):
    """Add a ranking exercise."""

    op: Literal["add_exercise"]
    exercise: Exercise

    def describe(self) -> str:
        return f"added exercise '{self.exercise.id}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("added tool", self.exercise.id)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        rubric.exercises.append(self.exercise.model_copy(update={"added_by": plugin}))


class AddCompanion(_Op):
    """Add a companion tool: a checklist, per-school prompts or a tie guide."""

    op: Literal["add_companion"]
    companion: Companion

    def describe(self) -> str:
        return f"added {self.companion.kind} '{self.companion.id}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("added tool", self.companion.id)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        rubric.companions.append(self.companion.model_copy(update={"added_by": plugin}))


class RemoveQuestionnaire(_Op):
    """Remove a questionnaire, exercise or companion by its id."""

    op: Literal["remove_questionnaire"]
    id: str

    def describe(self) -> str:
        return f"removed questionnaire '{self.id}'"

    def touches(self) -> list[tuple[str, str]]:
        return [("removed tool", self.id)]

    def apply(self, rubric: Rubric, plugin: str) -> None:
        before = len(rubric.tools())
        rubric.questionnaires = [q for q in rubric.questionnaires if q.id != self.id]
        rubric.exercises = [e for e in rubric.exercises if e.id != self.id]
        rubric.companions = [c for c in rubric.companions if c.id != self.id]
        if before == len(rubric.tools()):
            raise ChangeFailed(
                f"there is no questionnaire, exercise or companion '{self.id}'"
                + closest(self.id, [t.id for t in rubric.tools()])
            )


Operation = Annotated[
    AddStrand
    | RemoveStrand
    | ReorderStrands
    | UseOrder
    | UpdateStrand
    | ReplaceStages
    | ReplaceQuestions
    | AddQuestions
    | AddIdeas
    | ReplaceIdeas
    | RemoveCriterion
    | AddQuestionnaire
    | AddExercise
    | AddCompanion
    | RemoveQuestionnaire,
    Field(discriminator="op"),
]


MAX_OPERATIONS = 500
"""The most operations one change may hold: a real plugin has a few dozen."""


class RubricChange(BaseModel):
    """A set of operations on one rubric, applied in order."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    kind: Literal["rubric-change"] = "rubric-change"
    """Marks a TOML file as a rubric change (rather than a whole rubric)."""
    rubric: str = "hargreaves-2012"
    """The id of the rubric this change applies to; ``*`` for any."""
    title: str = ""
    """What the change is, shown under the plugin by `maturitytui plugins`."""
    cite: str = ""
    """Where the content of the change comes from (the source document and section); in `maturitytui plugins --format json`."""
    ops: list[Operation] = Field(min_length=1, max_length=MAX_OPERATIONS)

    def applies_to(self, rubric_id: str) -> bool:
        return self.rubric in ("*", rubric_id)


class ChangeFailed(ValueError):
    """An operation that does not fit the rubric it is applied to."""


def closest(word: str, known: list[str]) -> str:
    """'; did you mean …?' for a mistyped id, or nothing if no id is close."""
    import difflib

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _strand_home(rubric: Rubric, strand_id: str) -> tuple[list[Strand], int]:
    for d in rubric.dimensions:
        for i, s in enumerate(d.strands):
            if s.id == strand_id:
                return d.strands, i
    ids = [s.id for s in rubric.strands()]
    raise ChangeFailed(f"there is no strand '{strand_id}'{closest(strand_id, ids)} (the rubric has: {', '.join(ids)})")


def _dimension(rubric: Rubric, dimension_id: str) -> Dimension:
    for d in rubric.dimensions:
        if d.id == dimension_id:
            return d
    ids = [d.id for d in rubric.dimensions]
    raise ChangeFailed(
        f"there is no dimension '{dimension_id}'{closest(dimension_id, ids)} (the rubric has: {', '.join(ids)})"
    )


def _mark_added(questions: list[Question], plugin: str) -> list[Question]:
    return [q.model_copy(update={"added_by": plugin}) for q in questions]


__all__ = [
    "STAGES",
    "AddExercise",
    "AddIdeas",
    "AddQuestionnaire",
    "AddQuestions",
    "AddStrand",
    "ChangeFailed",
    "Operation",
    "RemoveCriterion",
    "RemoveQuestionnaire",
    "RemoveStrand",
    "ReorderStrands",
    "ReplaceIdeas",
    "ReplaceQuestions",
    "ReplaceStages",
    "RubricChange",
    "UpdateStrand",
    "UseOrder",
]
