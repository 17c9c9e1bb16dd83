"""What the headline review recorded with its questionnaires, exercises and companion tools, for every format.

The rules on what may be shown live here, once, so no format can break them:
a trust audit or ranking exercise is broken down only once enough people have
answered that no one's answers can be picked out, answers still waiting in an
open round are only counted, never shown, and an audit is summarised item by
item, never as one total. Schools' answers are the partnership's own words,
shown side by side and never ranked.

Imported by the renderers only, so a command that never reports never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from maturitytui.analysis.alliance import ties_words
from maturitytui.analysis.tool_summaries import (
    AuditSummary,
    ExerciseSummary,
    one_sided,
    summarise_audit,
    summarise_exercise,
)
from maturitytui.model.session import ToolAnswer
from maturitytui.model.session_format import CHECK_LEVELS, CHECK_WORDS
from maturitytui.model.tools import Checklist, Exercise, Prompts, Questionnaire, TieGuide
from maturitytui.reports.story import Report, people, review_title

TITLE = "Questionnaires and companions"
NOT_MARKED = "not marked"
REVERSED = "worded negatively: its average is reversed"
TEAM_ONLY = "Only the team's picture is kept, never anyone's own picks."
NO_TOTAL = "Each item is its own aspect of trust, so there is no overall total."

Tool = Questionnaire | Exercise | Checklist | Prompts | TieGuide
ToolT_co = TypeVar("ToolT_co", bound=Tool, covariant=True)


@dataclass(frozen=True)
class ToolPart(Generic[ToolT_co]):
    """One tool of the rubric in use, as the headline review answered it.

    ``ToolPart[Questionnaire]`` and the like are the parts of one kind, which each kind's summary takes.
    """

    tool: ToolT_co
    answer: ToolAnswer

    @property
    def kind(self) -> str:
        return self.tool.kind

    @property
    def skipped(self) -> bool:
        return self.answer.skipped


def _answered(answer: ToolAnswer) -> bool:
    """Skipped, or holding anything at all (an entry made by only opening the tool holds nothing)."""
    return answer.skipped or bool(
        answer.tally.people
        or answer.pending.people
        or answer.checks
        or any(any(t.strip() for t in a.values()) for a in answer.prompts.values())
        or answer.ties
        or answer.note.strip()
    )


def tool_parts(report: Report) -> list[ToolPart[Tool]]:
    """Every tool of the rubric in use that the headline review answered or skipped, in the rubric's order."""
    tools = report.headline.tools
    return [ToolPart(t, tools[t.id]) for t in report.rubric.tools() if t.id in tools and _answered(tools[t.id])]


def other_tools(report: Report) -> list[str]:
    """Ids of tools the headline review holds answers for that the rubric in use lacks (a plugin switched off)."""
    known = {t.id for t in report.rubric.tools()}
    return [i for i, a in report.headline.tools.items() if i not in known and _answered(a)]


def intro(report: Report) -> str:
    return f"What {review_title(report.headline)} recorded with its questionnaires, exercises and companion tools."


def none_words(report: Report) -> str:
    return f"No questionnaires, exercises or companion tools were answered in {review_title(report.headline)}."


def other_words(ids: list[str]) -> str:
    return (
        "Answers are also kept for tools not in the rubric in use (a plugin may be switched off), "
        f"not shown here: {', '.join(ids)}."
    )


def answered_words(part: ToolPart[Tool]) -> str:
    """How many have answered, and how many wait in a round still open (counted only, never shown)."""
    done, waiting = part.answer.tally.people, part.answer.pending.people
    what = "made their picks" if part.kind == "exercise" else "answered"
    words = f"{people(done)} {'has' if done == 1 else 'have'} {what}"
    if waiting:
        words += (
            f"; {waiting} more {'is' if waiting == 1 else 'are'} in a round still open, "
            "not shown until the round is full or closed"
        )
    return words + "."


# -- trust audits ---------------------------------------------------------------


def audit(part: ToolPart[Questionnaire]) -> AuditSummary:
    return summarise_audit(part.tool, part.answer.tally)


def unscored_labels(questionnaire: Questionnaire) -> list[str]:
    return [p.label for p in questionnaire.scale if p.score is None]


def audit_note(summary: AuditSummary) -> str:
    """How to read the table: no overall total, the averages' range, reversed items, answers kept apart."""
    q = summary.questionnaire
    first = summary.items[0]
    words = (
        f"{NO_TOTAL} Averages run from {first.scale_bottom} to {first.scale_top}; higher always means "
        "more trust (negatively worded items are reversed)."
    )
    if unscored := unscored_labels(q):
        words += f" '{', '.join(unscored)}' answers are counted apart and left out of the average."
    if any(i.skipped for i in summary.items):
        words += " 'Left blank' counts people who gave no answer to the item."
    return words


def mean_words(mean: float | None, top: int) -> str:
    return "–" if mean is None else f"{mean:.1f} of {top}"


def audit_columns(summary: AuditSummary) -> tuple[list[str], list[str], bool]:
    """Scale values with a score, those without (kept apart), and whether a 'left blank' column is needed."""
    scale = summary.questionnaire.scale
    return (
        [p.value for p in scale if p.score is not None],
        [p.value for p in scale if p.score is None],
        any(i.skipped for i in summary.items),
    )


def scale_label(questionnaire: Questionnaire, value: str) -> str:
    return next(p.label for p in questionnaire.scale if p.value == value)


# -- ranking exercises ------------------------------------------------------------


def exercise(part: ToolPart[Exercise]) -> ExerciseSummary:
    """The team-level picture only: a person's picks for themselves are never kept."""
    return summarise_exercise(part.tool, part.answer.tally)


def talk_words(summary: ExerciseSummary) -> str:
    talk = summary.to_talk_about()
    if not talk:
        return "No dimension is among the team's strongest for some and its weakest for others."
    return (
        "Some see a strength where others see a weakness, so these are the places to talk first: "
        + ", ".join(talk)
        + "."
    )


# -- checklists ---------------------------------------------------------------------


def check_rows(part: ToolPart[Checklist]) -> list[tuple[str, str | None, str]]:
    """(point text, level or None, level in words) for each point, in the checklist's order."""
    rows: list[tuple[str, str | None, str]] = []
    for item in part.tool.items:
        level = part.answer.checks.get(item.id)
        rows.append((item.text, level, NOT_MARKED if level is None else CHECK_WORDS.get(level, NOT_MARKED)))
    return rows


def check_counts(part: ToolPart[Checklist]) -> dict[str, int]:
    """How many points are at each level, and how many are not marked."""
    levels = [level for _, level, _ in check_rows(part)]
    return {**{level: levels.count(level) for level in reversed(CHECK_LEVELS)}, "not_marked": levels.count(None)}


def check_count_words(part: ToolPart[Checklist]) -> str:
    counts = check_counts(part)
    words = {**CHECK_WORDS, "not_marked": NOT_MARKED}
    parts = [f"{words[k]}: {n}" for k, n in counts.items() if n]
    text = "; ".join(parts) + "."
    return text[:1].upper() + text[1:]


# -- prompts ------------------------------------------------------------------------


def prompt_schools(report: Report, part: ToolPart[Prompts]) -> list[str]:
    """The review's schools, then any other school a saved answer names."""
    named = list(report.headline.schools)
    return [*named, *(s for s in part.answer.prompts if s not in named)]


def prompt_answer(part: ToolPart[Prompts], school: str, prompt_id: str) -> str:
    return part.answer.prompts.get(school, {}).get(prompt_id, "").strip()


NO_ANSWER = "no answer yet"


def reminders(report: Report, part: ToolPart[Prompts]) -> list[str]:
    return one_sided(part.tool, part.answer.prompts, list(report.headline.schools))


REMINDER_LEAD = "Nobody in a partnership is only a giver or only a receiver:"


# -- ties ---------------------------------------------------------------------------


def ties_tag(part: ToolPart[TieGuide]) -> str:
    return ties_words(part.answer.ties)


def skipped_words(parts: list[ToolPart[Tool]]) -> str:
    return "Skipped in this review: " + "; ".join(p.tool.title for p in parts) + "."
