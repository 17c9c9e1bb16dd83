"""Ideas: what the sources report partnerships further on have done, offered beside a judgement and never part
of it. A stage carries ideas for moving on from it; the criteria carry the source's warnings and remedies; a
questionnaire or exercise carries how to run it and what to do with its results.

Ideas are advice: they take no part in a rubric's content hash, so adding or rewording one never makes a review
look as if it were rated against another rubric.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from maturitytui.model.schema import Model

MAX_IDEAS = 30
"""Ideas to a stage, or to one list of guidance: the 2012 model's fullest has five."""


class Idea(Model):
    """One thing to try, in the rubric's own words, with where it comes from."""

    text: str = Field(min_length=1, max_length=600)
    """The idea: one concrete thing a partnership could do."""
    cite: str = ""
    """Where it comes from: the document and its section, page or recommendation."""
    added_by: str = ""
    """The plugin that added the idea; empty for the rubric's own."""

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("an idea must not be empty")
        return text.strip()

    def cited(self) -> str:
        """The idea with where it comes from, as every screen and report shows it."""
        return f"{self.text} ({self.cite})" if self.cite else self.text


class Counsel(Idea):
    """A warning or a remedy about the order of the criteria."""

    criterion: str = ""
    """The id of the criterion it bears on most; empty where it bears on them all."""


class ToolGuidance(Model):
    """How to run a questionnaire or exercise, and what the team does with what it shows."""

    before: list[Idea] = Field(default=[], max_length=MAX_IDEAS)
    """Shown before it is run."""
    after: list[Idea] = Field(default=[], max_length=MAX_IDEAS)
    """Shown with its results."""
