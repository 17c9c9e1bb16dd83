"""The rubric: what a review walks through.

A rubric is data. The 2012 model ships as ``rubrics/hargreaves-2012.toml`` and
is loaded through the same hooks as any alliance's plugin; these models are
the single truth every rubric file and plugin is checked against. Structural
rules (four stages, in order, each with distinct indicators) live on the
models; rules that span the whole rubric (unique ids, references that
resolve) are in :func:`rubric_problems`, which reports all of them at once.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Literal, cast

from pydantic import Field, ValidationError, ValidatorFunctionWrapHandler, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from maturitytui.model.errors import Problem
from maturitytui.model.ideas import MAX_IDEAS, Counsel, Idea, ToolGuidance
from maturitytui.model.schema import Id, Model, clean_list, duplicates
from maturitytui.model.tools import Companion, Exercise, Questionnaire, Tool

if TYPE_CHECKING:
    from pydantic.main import IncEx

STAGES: tuple[str, ...] = ("Beginning", "Developing", "Embedding", "Leading")
"""The four stages of every strand, in order."""

StageName = Literal["Beginning", "Developing", "Embedding", "Leading"]


# Limits no real rubric comes near (the 2012 model: 3 dimensions, 4 strands in each, at most 9 indicators to a
# stage and 11 questions to a strand), so a file made to swamp the program is refused rather than loaded.
MAX_DIMENSIONS = 12
MAX_STRANDS_PER_DIMENSION = 40
MAX_INDICATORS = 40
MAX_QUESTIONS = 60


class Stage(Model):
    """One of the four stages of a strand, described by its indicators."""

    name: StageName
    """Beginning, Developing, Embedding or Leading."""
    indicators: list[str] = Field(min_length=1, max_length=MAX_INDICATORS)
    """Distinct, separately observable conditions; each can be judged on its own."""
    ideas: list[Idea] = Field(default=[], max_length=MAX_IDEAS)
    """Ideas for moving on from this stage to the next (from Leading: for keeping it and helping others)."""

    @field_validator("indicators")
    @classmethod
    def _distinct(cls, values: list[str]) -> list[str]:
        return clean_list(values, "an indicator")


class Question(Model):
    """A reflection question attached to a strand."""

    text: str = Field(min_length=1)
    """The question, in the rubric's own words."""
    source: Literal["source", "added"] = "added"
    """``source`` if the question comes from the rubric's source document, ``added`` otherwise."""
    cite: str = ""
    """Where in the source the question comes from."""
    topic: str = ""
    """What the question is about, where a strand's questions cover several topics."""
    added_by: str = ""
    """The plugin that added this question; empty for the rubric's own."""


class Strand(Model):
    """One strand of a dimension: four stages and its reflection questions."""

    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Stable identifier; sessions key answers by it, so it never changes."""
    title: str = Field(min_length=1)
    """The strand's name, as the source gives it."""
    abbreviation: str = ""
    """The source's abbreviation, where it has one (JPD, HSC, …)."""
    other_titles: list[str] = []
    """Other names the source uses for the strand."""
    provisional: bool = False
    """True where the source calls the descriptors a first draft."""
    summary: str = ""
    """What the strand is about, in a sentence or two."""
    source: str = ""
    """Where in the source the strand is described."""
    stages: list[Stage]
    """Exactly four stages: Beginning, Developing, Embedding, Leading."""
    questions: list[Question] = Field(default=[], max_length=MAX_QUESTIONS)
    """Reflection questions, from the source or added."""
    ideas_note: str = ""
    """What the sources leave unsaid about moving this strand on: shown beside its ideas, and where a stage has
    none."""

    @field_validator("stages", mode="wrap")
    @classmethod
    def _four_stages_in_order(cls, value: object, handler: ValidatorFunctionWrapHandler) -> list[Stage]:
        # Checked on the raw names too, so a wrong set of stages is reported
        # alongside any problems inside the stages, not only once they are fixed.
        names = (
            tuple(s.get("name") if isinstance(s, dict) else getattr(s, "name", None) for s in value)
            if isinstance(value, list)
            else STAGES
        )
        order_error = None
        if names != STAGES:
            found = ", ".join(str(n) for n in names) or "none"
            order_error = PydanticCustomError(
                "stage_order",
                "needs exactly four stages in the order {expected}; found {found}",
                {"expected": ", ".join(STAGES), "found": found},
            )
        try:
            # The handler validates against the field's own type.
            stages: list[Stage] = handler(value)
        except ValidationError as exc:
            if order_error is None:
                raise
            details: list[InitErrorDetails] = [{"type": order_error, "loc": (), "input": value}]
            for e in exc.errors():
                detail: InitErrorDetails = {"type": e["type"], "loc": e["loc"], "input": e["input"]}
                if "ctx" in e:
                    detail["ctx"] = e["ctx"]
                details.append(detail)
            raise ValidationError.from_exception_data(exc.title, details) from None
        if order_error is not None:
            raise order_error
        return stages

    def stage(self, name: str) -> Stage:
        return self.stages[STAGES.index(name)]

    def descriptors_hash(self) -> str:
        """A fingerprint of the four stages' indicators: two reviews whose fingerprints differ rated the strand
        against different descriptors, so a stage of one is not the same stage of the other."""
        blob = json.dumps([s.indicators for s in self.stages], ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


class Dimension(Model):
    """A dimension of the model and its strands, in rubric order."""

    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Stable identifier."""
    title: str = Field(min_length=1)
    """The dimension's name, as the source gives it."""
    source_titles: list[str] = []
    """Every variant of the name the source uses."""
    summary: str = ""
    """What the dimension is about."""
    alternative_orders: dict[str, list[Id]] = {}
    """Other orders of the strands the source gives (e.g. ``box1``), by strand id."""
    strands: list[Strand] = Field(default=[], max_length=MAX_STRANDS_PER_DIMENSION)
    """The strands, in the order a review walks them."""

    def strand_ids(self) -> list[Id]:
        return [s.id for s in self.strands]


class Axis(Model):
    """One axis of the partnership grid, numbered 1 to 6."""

    title: str
    """The axis name."""
    subtitle: str = ""
    """A second line under the name, where the figure has one."""
    low: str
    """The label at 1."""
    high: str
    """The label at 6."""
    notes: dict[int, str] = {}
    """Notes on particular positions (e.g. what rows 5 and 6 mean)."""


class Grid(Model):
    """Figure 1: where a partnership is now and where it wants to be."""

    size: int = Field(default=6, ge=2, le=12)
    """Cells along each axis."""
    integration: Axis
    """The vertical axis: how tightly the schools are integrated."""
    nature: Axis
    """The horizontal axis: how deep the partnership is."""
    guidance: list[str] = []
    """How to use the grid."""
    examples: list[str] = []
    """Example directions of travel."""


class Criterion(Model):
    """A criterion of a deep partnership (Figure 5), rated within and between schools."""

    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Stable identifier."""
    title: str
    """The concept the criterion concerns."""
    strand: Id
    """The strand the criterion belongs to."""
    difficulty: int = Field(ge=1)
    """Position in ascending order of difficulty; the list is kept in this order."""
    statement: str
    """The criterion, as Figure 5 puts it, in the rubric's words."""
    narrative: str = ""
    """The same criterion as the narrative words it."""
    wording_note: str = ""
    """How the two wordings differ."""
    everyday: str = ""
    """The criterion in everyday language."""
    everyday_caveat: str = ""
    """What the everyday statement misses."""
    builds_on: str = ""
    """Why this criterion depends on the easier ones, shown when ratings run against the order."""
    cite: str = ""
    """Where in the source."""


class CriteriaGuidance(Model):
    """Why the criteria are ordered as they are, the dangers to avoid, and the source's warnings and remedies."""

    order_rationale: str = ""
    dangers: list[str] = []
    advice: str = ""
    warnings: list[Counsel] = Field(default=[], max_length=MAX_IDEAS)
    """What the source says goes wrong when the order is not kept, each cited."""
    remedies: list[Counsel] = Field(default=[], max_length=MAX_IDEAS)
    """What the source suggests doing about it, each cited."""


class SourceCitation(Model):
    """What the rubric is drawn from."""

    citation: str
    note: str = ""


class Rubric(Model):
    """A whole rubric: the grid, the dimensions and strands, the criteria, the questionnaires."""

    kind: Literal["rubric"] = "rubric"
    """Marks a TOML file as a whole rubric (rather than a rubric change)."""
    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    """Stable identifier, recorded in every session."""
    title: str
    version: str
    """Bumped whenever the content changes."""
    source: SourceCitation
    grid: Grid
    dimensions: list[Dimension] = Field(min_length=1, max_length=MAX_DIMENSIONS)
    criteria: list[Criterion] = []
    """Kept in ascending order of difficulty."""
    criteria_guidance: CriteriaGuidance = CriteriaGuidance()
    audit_guidance: ToolGuidance = ToolGuidance()
    """How to run any of the questionnaires and what to do with their results: shown with each, before its own."""
    questionnaires: list[Questionnaire] = []
    exercises: list[Exercise] = []
    companions: list[Companion] = []
    """Checklists, per-school prompts and tie guides, added by plugins."""
    plugins: list[str] = []
    """Plugins that changed this rubric when it was assembled (set by the engine)."""

    def strands(self) -> list[Strand]:
        return [s for d in self.dimensions for s in d.strands]

    def tools(self) -> list[Tool]:
        """Every questionnaire, exercise and companion, in the order they were added."""
        return [*self.questionnaires, *self.exercises, *self.companions]

    def tool(self, tool_id: str) -> Tool:
        for tool in self.tools():
            if tool.id == tool_id:
                return tool
        raise KeyError(tool_id)

    def strand(self, strand_id: str) -> Strand:
        for s in self.strands():
            if s.id == strand_id:
                return s
        raise KeyError(strand_id)

    def dimension_of(self, strand_id: str) -> Dimension:
        for d in self.dimensions:
            if strand_id in d.strand_ids():
                return d
        raise KeyError(strand_id)

    def content_hash(self) -> str:
        """A fingerprint of the content, so a session knows exactly what it was rated against. Ideas and guidance
        (model/ideas.py) are advice, not what is rated: they are left out, so rewording one changes nothing."""
        data = self.model_dump(mode="json", exclude=_ADVICE)
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return "sha256:" + hashlib.sha256(blob).hexdigest()[:16]

    def indicator_count(self) -> int:
        return sum(len(stage.indicators) for s in self.strands() for stage in s.stages)


_ADVICE = cast(
    "IncEx",
    {
        "plugins": True,
        "audit_guidance": True,
        "criteria_guidance": {"warnings", "remedies"},
        "dimensions": {"__all__": {"strands": {"__all__": {"ideas_note": True, "stages": {"__all__": {"ideas"}}}}}},
        "questionnaires": {"__all__": {"before", "after"}},
        "exercises": {"__all__": {"before", "after"}},
    },
)
"""What ``content_hash`` leaves out: what the rubric is given with and the advice beside what is rated."""


def rubric_problems(rubric: Rubric, source: str) -> list[Problem]:
    """Every rule that spans the whole rubric, checked together."""
    problems: list[Problem] = []

    def add(place: str, message: str, fix: str) -> None:
        problems.append(Problem(source, place, message, fix))

    for dup in duplicates([d.id for d in rubric.dimensions]):
        add(f"dimension '{dup}'", "the dimension id is used twice", "give each dimension its own id")
    for dup in duplicates([s.id for s in rubric.strands()]):
        add(f"strand '{dup}'", "the strand id is used more than once", "give each strand its own id")
    for dim in rubric.dimensions:
        ids = set(dim.strand_ids())
        for name, order in dim.alternative_orders.items():
            for missing in [i for i in order if i not in ids]:
                add(
                    f"dimension '{dim.id}' › alternative_orders › {name}",
                    f"names strand '{missing}', which is not in this dimension",
                    "use ids of strands in this dimension",
                )
            for dup in duplicates(order):
                add(
                    f"dimension '{dim.id}' › alternative_orders › {name}",
                    f"lists '{dup}' twice",
                    "list each strand once",
                )
    strand_ids = {s.id for s in rubric.strands()}
    for dup in duplicates([c.id for c in rubric.criteria]):
        add(f"criterion '{dup}'", "the criterion id is used twice", "give each criterion its own id")
    for c in rubric.criteria:
        if c.strand not in strand_ids:
            add(
                f"criterion '{c.id}' › strand",
                f"refers to strand '{c.strand}', which is not in the rubric",
                f"link it to one of {', '.join(sorted(strand_ids))}, or remove it with a remove_criterion operation",
            )
    difficulties = [c.difficulty for c in rubric.criteria]
    if difficulties != sorted(set(difficulties)):
        add(
            "criteria",
            "criteria must be listed in ascending order of difficulty, each with its own difficulty",
            "order them easiest first and number difficulty 1, 2, 3, …",
        )
    for dup in duplicates([t.id for t in rubric.tools()]):
        owners = [t.kind + (f" added by {t.added_by}" if t.added_by else "") for t in rubric.tools() if t.id == dup]
        add(
            f"tool '{dup}'",
            f"the id is used twice ({'; '.join(owners)})",
            "give each questionnaire, exercise and companion its own id",
        )
    # A tool linked to a strand a plugin has removed is offered before the criteria instead: not an error,
    # or removing a strand would mean removing every tool linked to it.
    for q in rubric.questionnaires:
        if not any(p.score is not None for p in q.scale):
            add(f"questionnaire '{q.id}' › scale", "no answer on the scale has a score", "give the answers scores")
        for dup in duplicates([p.value for p in q.scale]):
            add(f"questionnaire '{q.id}' › scale", f"the value '{dup}' is used twice", "give each answer its own value")
    for e in rubric.exercises:
        if e.strongest + e.weakest > len(e.dimensions):
            add(
                f"exercise '{e.id}'",
                "asks for more picks than there are dimensions",
                "lower strongest/weakest or add dimensions",
            )
    return problems
