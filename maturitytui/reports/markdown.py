"""The report as Markdown, for email: it reads as plain text and renders as headings, tables and lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from maturitytui.analysis.history import ADDED, DOWN, REMOVED, SAME, UP, mark_words, review_labels
from maturitytui.analysis.review import LEVEL_LABELS, rating_words
from maturitytui.analysis.words import day
from maturitytui.model.inert import inert
from maturitytui.model.tools import Checklist, Exercise, Prompts, Questionnaire, TieGuide
from maturitytui.reports import companions as tools
from maturitytui.reports import room
from maturitytui.reports.story import (
    NO_EARLIER,
    NO_FOCUS,
    NO_OPEN_STEPS,
    NO_SCHOOL_ANSWERS,
    NOTHING_TO_CELEBRATE,
    REVIEW_STATUS,
    SHALLOW_NOTE,
    Report,
    accountable,
    celebrations,
    criteria_rows,
    grid_words,
    ideas_taken,
    review_title,
    rubric_notes,
    scope_words,
    stage_counts,
    step_details,
    strand_name,
)

TABLE_REVIEWS = 5
"""Stage tables show at most this many of the latest reviews, so they stay short enough for email."""

_ALWAYS = re.compile(r"([\\`*_\[\]])")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def text(value: str, *, cell: bool = False) -> str:
    """User text as inert Markdown: on one line, with nothing a renderer would take as markup or HTML."""
    value = " / ".join(line.strip() for line in value.splitlines() if line.strip())
    value = _ENTITY.sub(r"\\&", _TAG.sub(r"\\<", _ALWAYS.sub(r"\\\1", value)))
    return value.replace("|", "\\|") if cell else value


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def render(report: Report) -> str:
    lines: list[str] = []
    lines += _heading(report)
    lines += _stands(report)
    lines += _room(report)
    lines += _celebrates(report)
    lines += _accountable(report)
    lines += _comparison(report)
    lines += _grid(report)
    lines += _criteria(report)
    lines += _tools(report)
    lines += _notes(report)
    lines += ["## About this report", "", SHALLOW_NOTE]
    # A report is read in a terminal as often as in an email: nothing in it is a control character.
    return inert("\n".join(lines).rstrip() + "\n")


def _heading(report: Report) -> list[str]:
    head = report.headline
    reviews = "; ".join(f"{day(s.review_date)} ({REVIEW_STATUS[s.status]})" for s in report.reviews)
    lines = [f"# {text(head.partnership)}: partnership review", "", scope_words(report), ""]
    if head.schools:
        lines.append(f"- **Schools:** {text('; '.join(head.schools))}")
    lines.append(f"- **Reviews:** {reviews}")
    if people := room.taking_part_words(head):
        lines.append(f"- **Taking part in {review_title(head)}:** {text(people)}")
    lines += [f"- **Rubric:** {text(n)}" for n in rubric_notes(report)]
    return [*lines, ""]


def _stands(report: Report) -> list[str]:
    head = report.headline
    lines = ["## Where the partnership stands", "", f"**The partnership grid.** {grid_words(head)}", ""]
    if head.grid.note:
        lines += [f"Grid note: {text(head.grid.note)}", ""]
    lines += [f"In {review_title(head)}: {stage_counts(report)}", ""]
    shown = report.reviews[-TABLE_REVIEWS:]
    labels = review_labels(report.reviews)
    if len(shown) < len(report.reviews):
        lines += [f"The tables show the latest {TABLE_REVIEWS} reviews; the HTML and CSV reports hold them all.", ""]
    for dimension, strands in report.history.dimensions():
        lines += [f"### {text(dimension)}", ""]
        rows = []
        for strand in strands:
            marks = report.history.series(strand.id)[-len(shown) :]
            rows.append([text(strand_name(strand), cell=True), *(mark_words(m) for m in marks)])
        lines += _table(["Strand", *(labels[s.id] for s in shown)], rows)
    return lines


def _room(report: Report) -> list[str]:
    """For a review run with a room: each question's spread, the rating agreed and why (counts only, no names)."""
    head = report.headline
    if head.facilitation is None:
        return []
    groups = room.questions(report, head)
    lines = [f"## {room.TITLE}", "", room.intro(head), ""]
    if not groups:
        return [*lines, room.NOTHING, ""]
    if any(q.schools for _, qs in groups for q in qs):
        lines += [room.SCHOOLS_NOTE, ""]
    for title, qs in groups:
        lines += [f"### {text(title)}", ""]
        for q in qs:
            lines += [
                f"**{text(q.title)}**",
                "",
                f"- Spread: {room.spread_words(q.spread)}",
                f"- Agreed: {text(q.agreed_words)}",
            ]
            if q.reason:
                lines.append(f"- Why: {text(q.reason)}")
            if q.schools:
                lines += ["- School by school:"] + [
                    f"  - {text(school)}: {words}" for school, words in room.school_words(q)
                ]
            lines.append("")
    return lines


def _celebrates(report: Report) -> list[str]:
    found = celebrations(report)
    lines = ["## What the partnership celebrates", ""]
    if not found:
        return [*lines, NOTHING_TO_CELEBRATE, ""]
    return lines + [f"- {text(item)}" for item in found] + [""]


def _accountable(report: Report) -> list[str]:
    focus, steps = accountable(report)
    lines = ["## What the partnership is accountable for", ""]
    lines.append(f"**Focus strands:** {text(', '.join(focus))}" if focus else NO_FOCUS)
    lines.append("")
    if steps:
        lines += ["**Next steps:**", ""]
        lines += [f"- {text(title)}: {text(a.text)} ({text(step_details(report, a))})" for title, a in steps]
    else:
        lines.append(NO_OPEN_STEPS)
    if taken := ideas_taken(report):
        lines += ["", "**Ideas from the sources taken up:**", ""]
        lines += [f"- {text(title)}: {text(a.idea.text)} ({text(a.idea.cite)})" for title, a in taken if a.idea]
    return [*lines, ""]


_WORD = {UP: "moved up", DOWN: "moved back", SAME: "stayed at the same stage"}


def _comparison(report: Report) -> list[str]:
    c = report.comparison
    if c is None:
        return ["## Compared with the last finished review", "", NO_EARLIER, ""]
    lines = [f"## Compared with {review_title(c.earlier)}", ""]
    lines += [" ".join(filter(None, [c.grid.moved(), c.grid.against_target(), c.grid.target_changed()])), ""]
    counts = [f"{c.count(m)} {_WORD[m]}" for m in (UP, SAME, DOWN) if c.count(m)]
    counts += [f"{c.count(m)} {m} by a rubric change" for m in (ADDED, REMOVED) if c.count(m)]
    if counts:
        lines += ["Strands: " + "; ".join(counts) + ".", ""]
    rows = []
    for move in c.strands:
        name = strand_name(move.strand) + (f" (was {move.renamed_from})" if move.renamed_from else "")
        rows.append([text(name, cell=True), move.words()])
    lines += _table(["Strand", f"{day(c.earlier.review_date)} to {day(c.later.review_date)}"], rows)
    lines += ["Criteria for a deep partnership:", ""]
    lines += [
        f"- {text(m.title)}: {LEVEL_LABELS['within']} {m.words('within')}; "
        f"{LEVEL_LABELS['between']} {m.words('between')}"
        for m in c.criteria
    ]
    return [*lines, ""]


def _grid(report: Report) -> list[str]:
    grid = report.rubric.grid
    lines = [
        "## The partnership grid over time",
        "",
        f"Integration runs from 1 ({text(grid.integration.low)}) to {grid.size} ({text(grid.integration.high)}); "
        f"nature from 1 ({text(grid.nature.low)}) to {grid.size} ({text(grid.nature.high)}).",
        "",
    ]
    rows = [
        [day(s.review_date), text(grid_words(s), cell=True), text(s.grid.note or "", cell=True)] for s in report.reviews
    ]
    return lines + _table(["Review", "Where and where to", "Note"], rows)


def _criteria(report: Report) -> list[str]:
    shown = report.reviews[-TABLE_REVIEWS:]
    labels = review_labels(report.reviews)
    lines = [
        "## Criteria for a deep partnership",
        "",
        "In ascending order of difficulty; each cell reads within schools / between schools.",
        "",
    ]
    rows = []
    for criterion_id, title in criteria_rows(report):
        cells = []
        for s in shown:
            answer = s.criteria.get(criterion_id)
            cell = f"{rating_words(answer.within)} / {rating_words(answer.between)}" if answer else "not rated"
            if answer and answer.note.strip():
                cell += f" (note: {text(answer.note, cell=True)})"
            cells.append(cell)
        rows.append([text(title, cell=True), *cells])
    return lines + _table(["Criterion", *(labels[s.id] for s in shown)], rows)


def _tools(report: Report) -> list[str]:
    """The headline review's questionnaires, exercises and companions; skipped ones named at the end."""
    parts = tools.tool_parts(report)
    lines = [f"## {tools.TITLE}", "", tools.intro(report) if parts else tools.none_words(report), ""]
    for part in parts:
        if part.skipped:
            continue
        lines += [f"### {text(part.tool.title)}", ""]
        lines += TOOL_SECTIONS[part.kind](report, part)
        if part.answer.note.strip():
            lines += [f"Note: {text(part.answer.note)}", ""]
    if skipped := [p for p in parts if p.skipped]:
        lines += [text(tools.skipped_words(skipped)), ""]
    if others := tools.other_tools(report):
        lines += [text(tools.other_words(others)), ""]
    return lines


def _audit(report: Report, part: tools.ToolPart[Questionnaire]) -> list[str]:
    summary = tools.audit(part)
    lines = [tools.answered_words(part), ""]
    if not summary.shown:
        return [*lines, summary.withheld(), ""]
    q = part.tool
    scored, unscored, blank = tools.audit_columns(summary)
    header = [
        "Item",
        *(text(tools.scale_label(q, v), cell=True) for v in scored),
        "Average",
        *(text(tools.scale_label(q, v), cell=True) for v in unscored),
        *(["Left blank"] if blank else []),
    ]
    rows = []
    for item in summary.items:
        label = text(f"{item.number}. {item.text}", cell=True) + (f" _({tools.REVERSED})_" if item.reverse else "")
        rows.append(
            [
                label,
                *(str(item.counts[v]) for v in scored),
                tools.mean_words(item.mean, item.scale_top),
                *(str(item.counts[v]) for v in unscored),
                *([str(item.skipped)] if blank else []),
            ]
        )
    return lines + _table(header, rows) + [tools.audit_note(summary), ""]


def _exercise(report: Report, part: tools.ToolPart[Exercise]) -> list[str]:
    summary = tools.exercise(part)
    lines = [tools.answered_words(part) + " " + tools.TEAM_ONLY, ""]
    if not summary.shown:
        return [*lines, summary.withheld(), ""]
    rows = [[text(d, cell=True), str(summary.strongest[d]), str(summary.weakest[d])] for d in summary.strongest]
    lines += _table(["Dimension", "Among the team's strongest", "Among the team's weakest"], rows)
    return [*lines, text(tools.talk_words(summary)), ""]


def _checklist(report: Report, part: tools.ToolPart[Checklist]) -> list[str]:
    rows = [[text(point, cell=True), words] for point, _, words in tools.check_rows(part)]
    return [*_table(["Point", "Where the partnership is"], rows), tools.check_count_words(part), ""]


def _prompts(report: Report, part: tools.ToolPart[Prompts]) -> list[str]:
    lines = []
    schools = tools.prompt_schools(report, part)
    for school in schools:
        lines += [f"**{text(school)}**", ""]
        lines += [
            f"- {text(p.text)} — {text(tools.prompt_answer(part, school, p.id)) or '_' + tools.NO_ANSWER + '_'}"
            for p in part.tool.prompts
        ]
        lines.append("")
    if not schools:
        lines += [NO_SCHOOL_ANSWERS, ""]
    if gaps := tools.reminders(report, part):
        lines += [tools.REMINDER_LEAD, ""] + [f"- {text(g)}" for g in gaps] + [""]
    return lines


def _ties(report: Report, part: tools.ToolPart[TieGuide]) -> list[str]:
    lines = [f"This partnership's ties: {tools.ties_tag(part)}.", ""]
    return lines + ([text(part.tool.fit_note), ""] if part.tool.fit_note else [])


# One entry per kind in model.tools.TOOL_KINDS (tests/test_registries.py checks): a tool's kind names its
# class, so each function here gets a part of the class it takes (types cannot say so).
TOOL_SECTIONS: dict[str, Callable[[Report, tools.ToolPart[Any]], list[str]]] = {
    "questionnaire": _audit,
    "exercise": _exercise,
    "checklist": _checklist,
    "prompts": _prompts,
    "ties": _ties,
}


def _notes(report: Report) -> list[str]:
    lines = ["## Strand notes", ""]
    history = report.history
    for dimension, strands in history.dimensions():
        lines += [f"### {text(dimension)}", ""]
        for strand in strands:
            marks = history.series(strand.id)
            stages = "; ".join(
                f"{day(s.review_date)}: {mark_words(m)}" for s, m in zip(report.reviews, marks, strict=True)
            )
            lines += [f"#### {text(strand_name(strand))}", "", f"- Stages: {stages}"]
            focus = [day(s.review_date) for s, f in zip(report.reviews, history.focus(strand.id), strict=True) if f]
            if focus:
                lines.append(f"- A focus in: {', '.join(focus)}")
            for s in report.reviews:
                answer = s.strands.get(strand.id)
                if answer is None:
                    continue
                when = day(s.review_date)
                if answer.evidence:
                    lines.append(f"- Evidence ({when}): {text(answer.evidence)}")
                if answer.not_applicable and answer.na_reason:
                    lines.append(f"- Not applicable ({when}): {text(answer.na_reason)}")
                lines += [
                    f"- Next step ({when}): {text(a.text)} ({text(step_details(report, a))})" for a in answer.actions
                ]
            for s in report.reviews:
                if said := room.strand_note(s, strand.id):
                    lines.append(f"- The room ({day(s.review_date)}): {text(said)}")
            lines.append("")
    return lines
