"""A review of one partnership: what was answered, against which rubric.

A session is saved as one TOML file. Answers are keyed by strand and
criterion id, never by position, so a session stays readable after a rubric
adds, removes or reorders strands.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Literal, TypedDict, Unpack

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from maturitytui import clock
from maturitytui.model.rubric import Rubric, StageName

# Part of this module's API.
from maturitytui.model.session_format import CHECK_LEVELS as CHECK_LEVELS
from maturitytui.model.session_format import CRITERION_RATINGS as CRITERION_RATINGS
from maturitytui.model.session_format import SCHEMA_VERSION as SCHEMA_VERSION

CriterionRating = Literal["not_yet", "partly", "well_established"]

ActionStatus = Literal["open", "in_progress", "done", "dropped"]


class _Model(BaseModel):
    # Built on first use: with the index warm, start-up never validates a session.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


def _no_surrogates(value: str) -> str:
    # Lone surrogates cannot be written as UTF-8; refuse them at the door
    # rather than fail at save time.
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("contains characters that cannot be saved as text")
    return value


class Cell(_Model):
    """A cell of the partnership grid."""

    integration: int = Field(ge=1, le=12)
    """Row: 1 loose … 6 tight."""
    nature: int = Field(ge=1, le=12)
    """Column: 1 shallow … 6 deep."""


class GridAnswer(_Model):
    """Where the partnership is now, and where it wants to be in several years."""

    current: Cell | None = None
    target: Cell | None = None
    note: str = ""


class TakenIdea(_Model):
    """The idea for moving on a next step was begun from, as the rubric gave it (the step's own words may differ)."""

    text: str
    cite: str = ""

    _text = field_validator("text", "cite")(_no_surrogates)


class Action(_Model):
    """A next step agreed for a strand."""

    text: str
    owner: str = ""
    due: date | None = None
    status: ActionStatus = "open"
    note: str = ""
    """Why it was dropped, or how far it has got."""
    carried_from: str = ""
    """The id of the earlier review this step was carried forward from; empty for a step agreed in this review."""
    agreed: date | None = None
    """The day of the review that first agreed this step (kept as it is carried from review to review)."""
    was: ActionStatus | None = None
    """For a carried step: its status at the end of the earlier review."""
    idea: TakenIdea | None = None
    """The idea for moving on it was begun from, where it was; reports list the ideas a partnership took up."""

    _text = field_validator("text", "owner", "note")(_no_surrogates)

    @property
    def to_mark(self) -> bool:
        """Carried forward and not yet marked done, in progress or dropped in this review."""
        return bool(self.carried_from) and self.status == "open"


class StrandAnswer(_Model):
    """The answer for one strand."""

    stage: StageName | None = None
    """The stage chosen, or none yet."""
    not_applicable: bool = False
    """Judged not to apply to this partnership (never counted as a low stage)."""
    na_reason: str = ""
    evidence: str = ""
    actions: list[Action] = []
    focus: bool = False
    """Chosen as a focus for the coming year."""

    _text = field_validator("na_reason", "evidence")(_no_surrogates)

    @model_validator(mode="after")
    def _stage_or_na(self) -> StrandAnswer:
        if self.not_applicable and self.stage is not None:
            raise ValueError("a strand cannot have a stage and also be marked not applicable")
        return self

    # Assignment is validated field by field, so a stage and "not applicable" must change in the right order:
    # these methods are the only way the program changes them.

    def choose_stage(self, stage: StageName) -> None:
        """Choose a stage; a strand judged not applicable is judged again."""
        self.mark_applicable()
        self.stage = stage

    def mark_not_applicable(self, reason: str) -> None:
        """Judge the strand not to apply to this partnership, saying why; its stage is cleared."""
        if not reason.strip():
            raise ValueError("say why the strand does not apply to this partnership")
        self.stage = None
        self.not_applicable = True
        self.na_reason = reason

    def mark_applicable(self) -> None:
        """Take back a judgement that the strand does not apply (its stage is chosen afresh)."""
        # Each assignment is validated: a stage chosen on an applicable strand (every key press) makes none.
        if self.not_applicable:
            self.not_applicable = False
        if self.na_reason:
            self.na_reason = ""

    def add_action(self, action: Action) -> None:
        self.actions = [*self.actions, action]

    def replace_action(self, index: int, action: Action) -> None:
        self.actions = [*self.actions[:index], action, *self.actions[index + 1 :]]

    def remove_action(self, index: int) -> None:
        """Delete a next step agreed in this review.

        A step carried from an earlier review is part of the partnership's story: it is marked (done, in
        progress, dropped with the reason), never deleted, and ``CarriedStepKept`` says so.
        """
        if self.actions[index].carried_from:
            raise CarriedStepKept(
                "This step was agreed in an earlier review. Press Enter on it and mark it dropped, "
                "with the reason, instead."
            )
        self.actions = [*self.actions[:index], *self.actions[index + 1 :]]


class CarriedStepKept(ValueError):
    """A step carried from an earlier review cannot be deleted, only marked."""


class CriterionAnswer(_Model):
    """A deep-partnership criterion, rated within and between schools."""

    within: CriterionRating | None = None
    between: CriterionRating | None = None
    note: str = ""

    _text = field_validator("note")(_no_surrogates)


class StrandRef(_Model):
    """A strand as the review's rubric named it, so the review can be read and compared without that rubric."""

    id: str
    title: str
    dimension: str
    """The title of the strand's dimension."""
    descriptors: str = ""
    """The fingerprint of the strand's stage descriptors (``Strand.descriptors_hash``); empty in reviews saved
    before it was kept, where it is not known."""


CheckLevel = Literal["not_yet", "partly", "in_place"]


class Tally(_Model):
    """How many people have answered, and how many chose each answer: no one's answers are kept on their own.

    For a questionnaire, ``counts`` maps each item's number to answer value → how many chose it; for a
    ranking exercise, ``strongest`` and ``weakest`` map each dimension to how many put it there for the team.
    """

    people: int = Field(default=0, ge=0)
    counts: dict[str, dict[str, int]] = {}


class ToolAnswer(_Model):
    """What a review recorded for one questionnaire, exercise or companion."""

    skipped: bool = False
    """Passed over in this review (never counted as an answer)."""
    tally: Tally = Tally()
    """Questionnaires and exercises: the answers of every finished round, added together."""
    pending: Tally = Tally()
    """The round still open, shown to no one until it is full (or closed), so that comparing the summary
    before and after one person answers never shows how that person answered."""
    checks: dict[str, CheckLevel] = {}
    """Checklists: point id → not yet, partly or in place."""
    prompts: dict[str, dict[str, str]] = {}
    """Per-school prompts: school → prompt id → what the school wrote."""
    ties: dict[Literal["strength", "reach"], str] = {}
    """Tie guides: strength (strong or weak) and reach (bonding or bridging)."""
    note: str = ""

    _text = field_validator("note")(_no_surrogates)

    @field_validator("prompts")
    @classmethod
    def _prompt_text(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for school, answers in value.items():
            _no_surrogates(school)
            for text in answers.values():
                _no_surrogates(text)
        return value


class Participant(_Model):
    """Someone rating in a facilitated review. With anonymity chosen, only a label such as "P3" is kept."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$")
    """Stable within the review: ratings are kept under it."""
    name: str = ""
    """Empty when the facilitator chose anonymity: no name is ever stored then."""
    school: str = ""
    """The partner school they belong to, so views can be compared school by school (never ranked)."""

    _text = field_validator("name", "school")(_no_surrogates)


class Facilitation(_Model):
    """A review run with a room: everyone's ratings per question, beside the rating the group agreed."""

    anonymous: bool = False
    participants: list[Participant] = []
    ratings: dict[str, dict[str, str]] = {}
    """Question key (``strand:jpd``, ``grid:current``, ``criterion:<id>:within``) → participant id → rating."""
    reasons: dict[str, str] = {}
    """Question key → why the group agreed the rating it did. The agreed rating itself is the review's answer."""
    revealed: list[str] = []
    """Questions whose individual ratings the facilitator showed before everyone had rated."""

    @model_validator(mode="after")
    def _anonymous_means_no_names(self) -> Facilitation:
        if self.anonymous and any(p.name for p in self.participants):
            raise ValueError("an anonymous review keeps no participants' names")
        ids = [p.id for p in self.participants]
        if len(set(ids)) != len(ids):
            raise ValueError("each participant needs their own id")
        return self

    @field_validator("reasons")
    @classmethod
    def _reason_text(cls, value: dict[str, str]) -> dict[str, str]:
        for text in value.values():
            _no_surrogates(text)
        return value


class RubricRef(_Model):
    """Exactly which rubric the review was made against."""

    id: str
    version: str
    hash: str
    plugins: list[str] = []
    """The plugins that shaped the rubric."""
    strands: list[StrandRef] = []
    """The rubric's strands in order (empty in reviews saved before format 2)."""

    @classmethod
    def of(cls, rubric: Rubric) -> RubricRef:
        return cls(
            id=rubric.id,
            version=rubric.version,
            hash=rubric.content_hash(),
            plugins=list(rubric.plugins),
            strands=[
                StrandRef(id=s.id, title=s.title, dimension=d.title, descriptors=s.descriptors_hash())
                for d in rubric.dimensions
                for s in d.strands
            ],
        )


class CopyNote(_Model):
    """Where a copy of a review came from.

    Two people changed one review on two machines before either shared it: the version shared first stays the
    review, and the other is kept beside it as a copy, with an id of its own, until someone resolves the two by
    choosing or merging answers. A copy is listed with its review, never counted as a review of its own.
    """

    review: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
    """The id of the review it is a copy of."""
    source: str = Field(min_length=1, max_length=200)
    """Whose machine it was made on, as words ("Sam's laptop")."""
    made: date

    _text = field_validator("source")(_no_surrogates)

    def words(self) -> str:
        return f"copy from {self.source}, {self.made.day} {self.made:%b %Y}"


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def new_session_id(review_date: date) -> str:
    return f"{review_date.isoformat()}-{secrets.token_hex(3)}"


class SessionFields(TypedDict, total=False):
    """What a new review may be given beyond its partnership, rubric and day (see ``Session.start``)."""

    schools: list[str]
    participants: list[str]
    by_school: str
    status: Literal["in_progress", "complete"]
    position: str
    grid: GridAnswer
    strands: dict[str, StrandAnswer]
    criteria: dict[str, CriterionAnswer]
    tools: dict[str, ToolAnswer]
    facilitation: Facilitation | None


class Session(_Model):
    """One review of one partnership."""

    schema_version: Literal[2] = SCHEMA_VERSION
    """The file format; older files are migrated on load."""
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
    """Unique within the partnership; also the file name."""
    partnership: str = Field(min_length=1, max_length=200)
    """The partnership's name, as the user typed it."""
    schools: list[str] = []
    """The schools in the partnership."""
    participants: list[str] = []
    """Who took part in the review."""
    by_school: str = ""
    """The partner school whose own view this is, when each school reviews the partnership separately (the
    reviews are then compared like any two); empty for a review by the partnership as a whole."""
    review_date: date
    """The day of the review."""
    created: datetime
    updated: datetime
    status: Literal["in_progress", "complete"] = "in_progress"
    position: str = "start"
    """Where the walkthrough stopped: ``start``, ``grid``, ``strand:<id>``, ``criteria`` or ``summary``."""
    rubric: RubricRef
    grid: GridAnswer = GridAnswer()
    strands: dict[str, StrandAnswer] = {}
    """Answers by strand id."""
    criteria: dict[str, CriterionAnswer] = {}
    """Answers by criterion id."""
    tools: dict[str, ToolAnswer] = {}
    """Questionnaires, exercises and companions, by their id."""
    facilitation: Facilitation | None = None
    """For a review run with a room: who rated, how, and why the group agreed what it did."""
    copy_of: CopyNote | None = None
    """Set only on a copy kept when one review was changed on two machines (see ``CopyNote``)."""

    _text = field_validator("partnership", "position", "by_school")(_no_surrogates)

    @field_validator("schools", "participants")
    @classmethod
    def _names(cls, values: list[str]) -> list[str]:
        return [_no_surrogates(v) for v in values]

    @field_validator("created", "updated")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        return _utc(value)

    @classmethod
    def start(
        cls, partnership: str, rubric: Rubric, *, review_date: date | None = None, **fields: Unpack[SessionFields]
    ) -> Session:
        """A new, empty review of ``partnership`` against ``rubric``."""
        day = review_date or clock.today()
        stamp = clock.now()
        return cls(
            id=new_session_id(day),
            partnership=partnership,
            review_date=day,
            created=stamp,
            updated=stamp,
            rubric=RubricRef.of(rubric),
            **fields,
        )

    def tool(self, tool_id: str) -> ToolAnswer:
        """The answers for a tool, created empty if there are none yet."""
        if tool_id not in self.tools:
            self.tools = {**self.tools, tool_id: ToolAnswer()}
        return self.tools[tool_id]

    def answer(self, strand_id: str) -> StrandAnswer:
        """The answer for a strand, created empty if there is none yet."""
        if strand_id not in self.strands:
            self.strands = {**self.strands, strand_id: StrandAnswer()}
        return self.strands[strand_id]

    def actions_to_mark(self) -> list[tuple[str, Action]]:
        """Carried steps not yet marked done, in progress or dropped, by strand id."""
        return [(sid, a) for sid, answer in self.strands.items() for a in answer.actions if a.to_mark]
