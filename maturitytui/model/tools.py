"""The tools a review can carry beside the strands: questionnaires (the trust audits), exercises (Box 4's
ranking), and companions (checklists, prompt sets, tie guides). ``TOOL_KINDS`` is the one list of kinds:
each step widget and report renderer is looked up by it, and a test fails when one is missing."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from maturitytui.model.ideas import MAX_IDEAS, Idea
from maturitytui.model.schema import Id, Model, clean_list, distinct_ids


class ScalePoint(Model):
    """One answer on a questionnaire's scale."""

    value: str = Field(pattern=r"^[a-z0-9_]+$")
    """Stored in sessions."""
    label: str
    """Shown to the respondent."""
    score: int | None = None
    """Points for scoring; none means the answer counts as no answer."""


class Item(Model):
    """One questionnaire item."""

    number: int = Field(ge=1)
    text: str = Field(min_length=1)
    reverse: bool = False
    """True for a negatively worded item, whose score is reversed."""


class Questionnaire(Model):
    """An anonymous questionnaire, such as an Annex 1 trust audit."""

    kind: Literal["questionnaire"] = "questionnaire"
    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    respondents: str = ""
    """Who answers it."""
    about: str = ""
    """Who or what is being rated."""
    anonymous: bool = True
    cite: str = ""
    note: str = ""
    strand: str = ""
    """The strand after which the walkthrough offers it (``grid``: after the grid; empty or a strand the
    rubric lacks: before the criteria)."""
    added_by: str = ""
    """The plugin that added the questionnaire; empty for the rubric's own."""
    scale: list[ScalePoint] = Field(min_length=2)
    items: list[Item] = Field(min_length=1)
    before: list[Idea] = Field(default=[], max_length=MAX_IDEAS)
    """How to run this questionnaire, shown before it is run (with the rubric's ``audit_guidance``)."""
    after: list[Idea] = Field(default=[], max_length=MAX_IDEAS)
    """What the team does with its results, shown with them."""

    @field_validator("items")
    @classmethod
    def _numbered_in_order(cls, items: list[Item]) -> list[Item]:
        numbers = [i.number for i in items]
        if numbers != list(range(1, len(items) + 1)):
            raise ValueError("items must be numbered 1, 2, 3, … in order")
        return items


class Exercise(Model):
    """A ranking exercise, such as Box 4's thirteen trust dimensions."""

    kind: Literal["exercise"] = "exercise"
    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    cite: str = ""
    dimensions: list[str] = Field(min_length=2)
    strongest: int = Field(ge=1)
    """How many strongest dimensions each person picks."""
    weakest: int = Field(ge=1)
    """How many weakest dimensions each person picks."""
    steps: list[str] = []
    privacy: str = ""
    strand: str = ""
    """The strand after which the walkthrough offers it (``grid``: after the grid; empty or a strand the
    rubric lacks: before the criteria)."""
    added_by: str = ""
    before: list[Idea] = Field(default=[], max_length=MAX_IDEAS)
    """How to run the exercise, shown before it is run."""
    after: list[Idea] = Field(default=[], max_length=MAX_IDEAS)
    """What the team does with its results, shown with them."""

    @field_validator("dimensions")
    @classmethod
    def _distinct(cls, values: list[str]) -> list[str]:
        return clean_list(values, "a dimension")


class ChecklistItem(Model):
    """One point of a checklist, with what it means in practice."""

    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Stable identifier; reviews keep their answers under it, so points can be added or reordered later."""
    text: str = Field(min_length=1)
    implication: str = ""
    """What the point asks of a school or partnership in practice."""


class _Companion(Model):
    """What every companion tool has: an id, a title, where it comes from and which step it follows."""

    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    intro: str = ""
    cite: str = ""
    strand: str = ""
    """The strand after which the walkthrough offers it (``grid``: after the grid; empty or a strand the
    rubric lacks: before the criteria)."""
    added_by: str = ""


class Checklist(_Companion):
    """Points a partnership checks itself against (in place, partly, not yet), such as the ten key messages on JPD."""

    kind: Literal["checklist"] = "checklist"
    items: list[ChecklistItem] = Field(min_length=1)

    @field_validator("items")
    @classmethod
    def _distinct_items(cls, items: list[ChecklistItem]) -> list[ChecklistItem]:
        distinct_ids([i.id for i in items], "point")
        return items


class Prompt(Model):
    """A question every partner school answers in its own words."""

    id: Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    text: str = Field(min_length=1)
    side: Literal["offer", "gain", ""] = ""
    """Offer or gain: a school that answers one side of a pair and not the other is reminded of it."""


class Prompts(_Companion):
    """Questions answered once per partner school, such as what each can offer and hopes to gain."""

    kind: Literal["prompts"] = "prompts"
    prompts: list[Prompt] = Field(min_length=1)

    @field_validator("prompts")
    @classmethod
    def _distinct_prompts(cls, prompts: list[Prompt]) -> list[Prompt]:
        distinct_ids([p.id for p in prompts], "question")
        return prompts


class TiePair(Model):
    """When strong ties help most, beside when weak ties help most."""

    strong: str = Field(min_length=1)
    weak: str = Field(min_length=1)


class TieGuide(_Companion):
    """A guide to tagging a partnership by its ties: strong or weak, bonding or bridging."""

    kind: Literal["ties"] = "ties"
    strength: dict[Literal["strong", "weak"], str] = {}
    """What ``strong`` and ``weak`` ties mean here."""
    reach: dict[Literal["bonding", "bridging"], str] = {}
    """What ``bonding`` and ``bridging`` mean here."""
    pairs: list[TiePair] = Field(min_length=1)
    fit_note: str = ""
    """Why neither tag is better than the other: a partnership is judged by whether it fits its purpose."""


Companion = Annotated[Checklist | Prompts | TieGuide, Field(discriminator="kind")]
"""A companion tool a plugin adds beside the strands."""

Tool = Questionnaire | Exercise | Checklist | Prompts | TieGuide
"""Any questionnaire, exercise or companion: what a review's ``tool:<id>`` steps show."""


TOOL_KINDS: dict[str, type[Questionnaire | Exercise | Checklist | Prompts | TieGuide]] = {
    "questionnaire": Questionnaire,
    "exercise": Exercise,
    "checklist": Checklist,
    "prompts": Prompts,
    "ties": TieGuide,
}
"""Every kind of tool, by the ``kind`` its data carries."""
