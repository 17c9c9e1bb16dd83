"""The report as one self-contained HTML page: inline CSS and SVG, nothing fetched, prints on A4.

All user text goes through :func:`esc`; the page holds no scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from maturitytui import __version__
from maturitytui.analysis.history import ABSENT, StrandInfo, mark_words, review_labels, stage_number
from maturitytui.analysis.review import LEVEL_LABELS, rating_words
from maturitytui.analysis.words import day
from maturitytui.model.inert import inert
from maturitytui.model.rubric import STAGES
from maturitytui.model.session_format import NOT_APPLICABLE
from maturitytui.model.tools import Checklist, Exercise, Prompts, Questionnaire, TieGuide
from maturitytui.reports import companions as tools
from maturitytui.reports import room
from maturitytui.reports.story import (
    INACTIVE,
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
)
from maturitytui.reports.svg import grid_figure, spread_chart, stage_chart
from maturitytui.room.facilitation import is_grid


def esc(value: str) -> str:
    return escape(value, quote=True)


CSS = (Path(__file__).with_name("report.css")).read_text(encoding="utf-8")
"""The page's stylesheet, kept as a file beside this module and inlined, so the page fetches nothing."""


def render(report: Report) -> str:
    head = report.headline
    body = [
        _header(report),
        _stands(report),
        _room(report),
        _celebrates(report),
        _accountable(report),
        _comparison(report),
        _heat_map(report),
        _charts(report),
        _criteria(report),
        _tools(report),
        _notes(report),
        f"<footer><p>{esc(SHALLOW_NOTE)}</p><p>Made with maturitytui {esc(__version__)}.</p></footer>",
    ]
    # HTML allows no control characters, and escaping leaves them as they are: made inert once, on the whole
    # page, so the figures' text and anything added later are covered too.
    return inert(
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(head.partnership)}: partnership review</title>\n<style>{CSS}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(filter(None, body)) + "\n</main>\n</body>\n</html>\n"
    )


def _name(strand: StrandInfo) -> str:
    note = "" if strand.active else f' <span class="inactive">({INACTIVE})</span>'
    return esc(strand.title) + note


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _header(report: Report) -> str:
    head = report.headline
    facts = []
    if head.schools:
        facts.append(("Schools", "; ".join(head.schools)))
    if people := room.taking_part_words(head):
        facts.append((f"Taking part ({day(head.review_date)})", people))
    facts.append(("Reviews", "; ".join(f"{day(s.review_date)} ({REVIEW_STATUS[s.status]})" for s in report.reviews)))
    facts.append(("Rubric", " ".join(rubric_notes(report))))
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    return (
        f'<header><h1>{esc(head.partnership)}</h1><p class="lead">{esc(scope_words(report))}</p>'
        f'<dl class="facts">{rows}</dl></header>'
    )


def _stands(report: Report) -> str:
    head = report.headline
    labels = review_labels(report.reviews)
    figure = grid_figure(
        report.rubric.grid,
        report.reviews,
        labels,
        f"Partnership grid for {head.partnership}: each review's cell and target",
    )
    note = f'<p>Grid note: <span class="user">{esc(head.grid.note)}</span></p>' if head.grid.note else ""
    return (
        f'<section id="stands" class="stands"><h2>Where the partnership stands</h2>'
        f"<p><strong>The partnership grid.</strong> {esc(grid_words(head))}</p>{note}"
        f"<p>In {esc(review_title(head))}: {esc(stage_counts(report))}</p>"
        f"<figure>{figure}<figcaption>The partnership grid (Figure 1). Dots mark where the partnership stood "
        "at each review, joined in time order; dashed arrows point to the target each review set.</figcaption>"
        "</figure></section>"
    )


def _room(report: Report) -> str:
    """For a review run with a room: each question's spread, the rating agreed and why (counts only, no names)."""
    head = report.headline
    if head.facilitation is None:
        return ""
    groups = room.questions(report, head)
    parts = [f'<section id="room"><h2>{esc(room.TITLE)}</h2><p>{esc(room.intro(head))}</p>']
    if not groups:
        parts.append(f"<p>{esc(room.NOTHING)}</p>")
    elif any(q.schools for _, qs in groups for q in qs):
        parts.append(f"<p>{esc(room.SCHOOLS_NOTE)}</p>")
    for title, qs in groups:
        parts.append(f"<h3>{esc(title)}</h3>" + "".join(_room_question(q) for q in qs))
    return "".join(parts) + "</section>"


def _room_question(q: room.RatedQuestion) -> str:
    s = q.spread
    rows = [(room.choice_words(q.key, c), n, c == q.agreed) for c, n in s.counts.items()]
    chart = spread_chart(q.key, rows, s.expected, q.title) if rows else ""
    wide = f' <span class="wide-note">{esc(room.WIDE.capitalize())}.</span>' if s.wide else ""
    why = f'<p><strong>Why:</strong> <span class="user">{esc(q.reason)}</span></p>' if q.reason else ""
    return (
        f'<div class="room-q{" wide" if s.wide else ""}" data-question="{esc(q.key)}"><h4>{esc(q.title)}</h4>'
        f"<figure>{chart}</figure><div><p>{esc(room.rated_words(s).capitalize())}.{wide}</p>"
        f"<p><strong>Agreed:</strong> {esc(q.agreed_words)}</p>{why}{_by_school(q)}</div></div>"
    )


def _by_school(q: room.RatedQuestion) -> str:
    if not q.schools:
        return ""
    head = "".join(f"<th>{esc(room.heading_words(q.key, c))}</th>" for c in q.spread.counts)
    rows = "".join(
        f'<tr><th scope="row">{esc(school)}</th>'
        + "".join(f"<td>{n}</td>" for n in s.counts.values())
        + f"<td>{s.rated} of {s.expected}</td></tr>"
        for school, s in q.schools.items()
    )
    caption = f"<caption>{esc(room.CELLS)}</caption>" if is_grid(q.key) else ""
    return (
        f'<table class="by-school">{caption}<thead><tr><th>School</th>{head}<th>Rated</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _celebrates(report: Report) -> str:
    found = celebrations(report)
    inner = _list([esc(i) for i in found]) if found else (f"<p>{NOTHING_TO_CELEBRATE}</p>")
    return f'<section id="celebrates"><h2>What the partnership celebrates</h2>{inner}</section>'


def _accountable(report: Report) -> str:
    focus, steps = accountable(report)
    parts = [f"<p><strong>Focus strands:</strong> {esc(', '.join(focus))}</p>" if focus else f"<p>{NO_FOCUS}</p>"]
    if steps:
        parts.append("<h3>Next steps</h3>")
        parts.append(
            _list(
                [
                    f'<strong>{esc(title)}:</strong> <span class="user">{esc(a.text)}</span> '
                    f"({esc(step_details(report, a))})"
                    for title, a in steps
                ]
            )
        )
    else:
        parts.append(f"<p>{NO_OPEN_STEPS}</p>")
    if taken := ideas_taken(report):
        parts.append("<h3>Ideas from the sources taken up</h3>")
        parts.append(
            _list(
                [
                    f'<strong>{esc(title)}:</strong> <span class="user">{esc(a.idea.text)}</span> ({esc(a.idea.cite)})'
                    for title, a in taken
                    if a.idea
                ]
            )
        )
    return f'<section id="accountable"><h2>What the partnership is accountable for</h2>{"".join(parts)}</section>'


def _comparison(report: Report) -> str:
    c = report.comparison
    if c is None:
        return f'<section id="comparison"><h2>Compared with the last finished review</h2><p>{NO_EARLIER}</p></section>'
    grid = " ".join(filter(None, [c.grid.moved(), c.grid.against_target(), c.grid.target_changed()]))
    rows = []
    for m in c.strands:
        renamed = f' <span class="inactive">(was {esc(m.renamed_from)})</span>' if m.renamed_from else ""
        rows.append(
            f'<tr><th scope="row">{_name(m.strand)}{renamed}</th>'
            f'<td class="{esc(m.movement)}">{esc(m.words())}</td></tr>'
        )
    criteria = "".join(
        f'<tr><th scope="row">{esc(m.title)}</th><td>{esc(m.words("within"))}</td>'
        f"<td>{esc(m.words('between'))}</td></tr>"
        for m in c.criteria
    )
    span = f"{day(c.earlier.review_date)} to {day(c.later.review_date)}"
    return (
        f'<section id="comparison"><h2>Compared with {esc(review_title(c.earlier))}</h2><p>{esc(grid)}</p>'
        f"<table><thead><tr><th>Strand</th><th>{esc(span)}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<table><thead><tr><th>Criterion</th><th>{LEVEL_LABELS['within'].capitalize()}</th>"
        f"<th>{LEVEL_LABELS['between'].capitalize()}</th></tr></thead><tbody>{criteria}</tbody></table></section>"
    )


_MARK_CLASS: dict[str | None, str] = {NOT_APPLICABLE: "na", ABSENT: "absent"}
_MARK_TEXT: dict[str | None, str] = {ABSENT: "not in that rubric", NOT_APPLICABLE: "n/a"}


def _cell(mark: str | None, focus: bool) -> str:
    n = stage_number(mark)
    kind = f"stage-{n}" if n else _MARK_CLASS.get(mark, "none")
    text = _MARK_TEXT.get(mark, mark_words(mark))
    return f'<td class="{kind}{" focus" if focus else ""}">{esc(text)}</td>'


def _heat_map(report: Report) -> str:
    history = report.history
    labels = review_labels(report.reviews)
    head = "".join(
        f'<th>{esc(labels[s.id])}<span class="when">{esc(day(s.review_date))}'
        f", {esc(REVIEW_STATUS[s.status])}</span></th>"
        for s in report.reviews
    )
    rows = []
    for dimension, strands in history.dimensions():
        rows.append(f'<tr class="dim"><th colspan="{len(report.reviews) + 1}">{esc(dimension)}</th></tr>')
        for strand in strands:
            cells = "".join(
                _cell(m, f) for m, f in zip(history.series(strand.id), history.focus(strand.id), strict=True)
            )
            rows.append(f'<tr><th scope="row">{_name(strand)}</th>{cells}</tr>')
    legend = "".join(
        f'<span class="{k}">{esc(t)}</span>'
        for k, t in (
            *((f"stage-{n}", stage) for n, stage in enumerate(STAGES, 1)),
            ("na", "n/a: judged not applicable"),
            ("none", "not answered"),
            ("absent", "not in that review's rubric"),
        )
    )
    return (
        '<section id="strands"><h2>Strands over time</h2>'
        f'<p class="legend">{legend}'
        "<span>&#9733; a focus for the year</span></p>"
        f'<div class="scroll"><table id="heat-map"><thead><tr><th>Strand</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _charts(report: Report) -> str:
    history = report.history
    labels = review_labels(report.reviews)
    parts = ['<section id="charts"><h2>Stages over time</h2>']
    for dimension, strands in history.dimensions():
        figures = "".join(
            f"<figure>{stage_chart(s.id, s.title, history.series(s.id), [labels[r.id] for r in report.reviews])}"
            f"<figcaption>{_name(s)}</figcaption></figure>"
            for s in strands
        )
        parts.append(f'<h3>{esc(dimension)}</h3><div class="charts">{figures}</div>')
    return "".join(parts) + "</section>"


def _criteria(report: Report) -> str:
    labels = review_labels(report.reviews)
    head = "".join(f"<th>{esc(labels[s.id])}</th>" for s in report.reviews)
    rows = []
    for criterion_id, title in criteria_rows(report):
        cells = []
        for s in report.reviews:
            a = s.criteria.get(criterion_id)
            note = f'<br>note: <span class="user">{esc(a.note)}</span>' if a and a.note.strip() else ""
            cells.append(
                f"<td>within: {esc(rating_words(a.within if a else None))}<br>"
                f"between: {esc(rating_words(a.between if a else None))}{note}</td>"
            )
        rows.append(f'<tr><th scope="row">{esc(title)}</th>{"".join(cells)}</tr>')
    return (
        '<section id="criteria"><h2>Criteria for a deep partnership over time</h2>'
        "<p>In ascending order of difficulty, each rated within and between schools.</p>"
        f'<div class="scroll"><table><thead><tr><th>Criterion</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _tools(report: Report) -> str:
    """The headline review's questionnaires, exercises and companions; skipped ones named at the end."""
    parts = tools.tool_parts(report)
    body = [
        f'<section id="companions"><h2>{esc(tools.TITLE)}</h2>'
        f"<p>{esc(tools.intro(report) if parts else tools.none_words(report))}</p>"
    ]
    for part in parts:
        if part.skipped:
            continue
        note = f'<p>Note: <span class="user">{esc(part.answer.note)}</span></p>' if part.answer.note.strip() else ""
        body.append(
            f'<div class="strand" id="tool-{esc(part.tool.id)}"><h3>{esc(part.tool.title)}</h3>'
            f"{TOOL_SECTIONS[part.kind](report, part)}{note}</div>"
        )
    if skipped := [p for p in parts if p.skipped]:
        body.append(f"<p>{esc(tools.skipped_words(skipped))}</p>")
    if others := tools.other_tools(report):
        body.append(f'<p class="inactive">{esc(tools.other_words(others))}</p>')
    return "".join(body) + "</section>"


def _audit(report: Report, part: tools.ToolPart[Questionnaire]) -> str:
    summary = tools.audit(part)
    lead = f"<p>{esc(tools.answered_words(part))}</p>"
    if not summary.shown:
        return f'{lead}<p class="inactive">{esc(summary.withheld())}</p>'
    q = part.tool
    scored, unscored, blank = tools.audit_columns(summary)
    head = "".join(
        f"<th>{esc(h)}</th>"
        for h in (
            "Item",
            *(tools.scale_label(q, v) for v in scored),
            "Average",
            *(tools.scale_label(q, v) for v in unscored),
            *(["Left blank"] if blank else []),
        )
    )
    rows = []
    for item in summary.items:
        reversed_ = f' <span class="inactive">({esc(tools.REVERSED)})</span>' if item.reverse else ""
        cells = [
            *(item.counts[v] for v in scored),
            tools.mean_words(item.mean, item.scale_top),
            *(item.counts[v] for v in unscored),
            *([item.skipped] if blank else []),
        ]
        rows.append(
            f'<tr><th scope="row">{item.number}. {esc(item.text)}{reversed_}</th>'
            + "".join(f"<td>{esc(str(c))}</td>" for c in cells)
            + "</tr>"
        )
    return (
        f'{lead}<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        f'</table></div><p class="inactive">{esc(tools.audit_note(summary))}</p>'
    )


def _exercise(report: Report, part: tools.ToolPart[Exercise]) -> str:
    summary = tools.exercise(part)
    lead = f"<p>{esc(tools.answered_words(part))} {esc(tools.TEAM_ONLY)}</p>"
    if not summary.shown:
        return f'{lead}<p class="inactive">{esc(summary.withheld())}</p>'
    rows = "".join(
        f'<tr><th scope="row">{esc(d)}</th><td>{summary.strongest[d]}</td><td>{summary.weakest[d]}</td></tr>'
        for d in summary.strongest
    )
    return (
        f"{lead}<table><thead><tr><th>Dimension</th><th>Among the team's strongest</th>"
        f"<th>Among the team's weakest</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>{esc(tools.talk_words(summary))}</p>"
    )


def _checklist(report: Report, part: tools.ToolPart[Checklist]) -> str:
    rows = "".join(
        f'<tr><th scope="row">{esc(point)}</th><td>{esc(words)}</td></tr>' for point, _, words in tools.check_rows(part)
    )
    return (
        f"<table><thead><tr><th>Point</th><th>Where the partnership is</th></tr></thead><tbody>{rows}</tbody>"
        f"</table><p>{esc(tools.check_count_words(part))}</p>"
    )


def _prompts(report: Report, part: tools.ToolPart[Prompts]) -> str:
    body = []
    schools = tools.prompt_schools(report, part)
    for school in schools:
        items = []
        for prompt in part.tool.prompts:
            said = tools.prompt_answer(part, school, prompt.id)
            answer = (
                f'<span class="user">{esc(said)}</span>'
                if said
                else f'<span class="inactive">{esc(tools.NO_ANSWER)}</span>'
            )
            items.append(f"{esc(prompt.text)}<br>{answer}")
        body.append(f"<h4>{esc(school)}</h4>{_list(items)}")
    if not schools:
        body.append(f"<p>{NO_SCHOOL_ANSWERS}</p>")
    if gaps := tools.reminders(report, part):
        body.append(f"<p>{esc(tools.REMINDER_LEAD)}</p>{_list([esc(g) for g in gaps])}")
    return "".join(body)


def _ties(report: Report, part: tools.ToolPart[TieGuide]) -> str:
    fit = f"<p>{esc(part.tool.fit_note)}</p>" if part.tool.fit_note else ""
    return f"<p>This partnership's ties: <strong>{esc(tools.ties_tag(part))}</strong>.</p>{fit}"


# One entry per kind in model.tools.TOOL_KINDS (tests/test_registries.py checks): a tool's kind names its
# class, so each function here gets a part of the class it takes (types cannot say so).
TOOL_SECTIONS: dict[str, Callable[[Report, tools.ToolPart[Any]], str]] = {
    "questionnaire": _audit,
    "exercise": _exercise,
    "checklist": _checklist,
    "prompts": _prompts,
    "ties": _ties,
}


def _notes(report: Report) -> str:
    grid_notes = [
        f'<li>{esc(day(s.review_date))}: <span class="user">{esc(s.grid.note)}</span></li>'
        for s in report.reviews
        if s.grid.note
    ]
    parts = ['<section id="notes"><h2>Notes</h2>']
    if grid_notes:
        parts.append(f"<h3>The partnership grid</h3><ul>{''.join(grid_notes)}</ul>")
    for dimension, strands in report.history.dimensions():
        parts.append(f"<h3>{esc(dimension)}</h3>")
        for strand in strands:
            items = _strand_notes(report, strand.id)
            body = _list(items) if items else '<p class="inactive">No notes recorded.</p>'
            parts.append(f'<div class="strand"><h4>{_name(strand)}</h4>{body}</div>')
    return "".join(parts) + "</section>"


def _strand_notes(report: Report, strand_id: str) -> list[str]:
    items = []
    for s in report.reviews:
        answer = s.strands.get(strand_id)
        if answer is None:
            continue
        when = esc(day(s.review_date))
        if answer.focus:
            items.append(f"{when}: chosen as a focus.")
        if answer.evidence:
            items.append(f'{when}, evidence: <span class="user">{esc(answer.evidence)}</span>')
        if answer.not_applicable:
            reason = answer.na_reason or "no reason recorded"
            items.append(f'{when}, not applicable: <span class="user">{esc(reason)}</span>')
        items += [
            f'{when}, next step: <span class="user">{esc(a.text)}</span> ({esc(step_details(report, a))})'
            for a in answer.actions
        ]
    items += [
        f'{esc(day(s.review_date))}, the room: <span class="user">{esc(said)}</span>'
        for s in report.reviews
        if (said := room.strand_note(s, strand_id))
    ]
    return items
