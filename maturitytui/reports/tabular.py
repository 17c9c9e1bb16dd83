"""The report as data: CSV (one row per review and strand, for spreadsheets) and JSON (the whole story, structured)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any, Literal, TypedDict

from maturitytui import __version__
from maturitytui.analysis.history import ABSENT, mark_words, stage_number
from maturitytui.analysis.review import LEVEL_LABELS, RATING_LABELS, STATUS_LABELS, direction
from maturitytui.analysis.tool_summaries import AuditSummary, ExerciseSummary
from maturitytui.analysis.words import day
from maturitytui.model.inert import inert
from maturitytui.model.session import Action, Cell, Session
from maturitytui.model.session_format import NOT_APPLICABLE
from maturitytui.model.steps import LEVELS, Level
from maturitytui.model.tools import Checklist, Exercise, Prompts, Questionnaire, TieGuide
from maturitytui.reports import companions as tools
from maturitytui.reports import room
from maturitytui.reports.story import REPORT_VERSION, Report, carried_words, criteria_rows, grid_words

COLUMNS = (
    "partnership",
    "review_id",
    "review_date",
    "status",
    "rubric_id",
    "rubric_version",
    "plugins",
    "dimension",
    "strand_id",
    "strand",
    "strand_active",
    "stage",
    "stage_number",
    "not_applicable",
    "focus",
    "evidence",
    "next_steps",
    "grid_current",
    "grid_target",
)


LATER_COLUMNS = ("na_reason", "next_steps_text", "grid_note")
"""After every column above (and the room's), so a spreadsheet built on an older report still finds its
columns where they were; then three columns for each criterion for a deep partnership: see ``_criteria``."""

_LINE_END = re.compile(r"\r\n?")


def _typed(text: str) -> str:
    """Text made safe for a spreadsheet: a leading = + - @ would be run as a formula, so it gets a quote.

    Control characters (a tab, an escape sequence in a hand-edited file) become spaces; a line break is kept,
    as the line break within a cell that spreadsheets show. Blanks in front do not dodge the quote: a tab or a
    line break before the = is a known way round simpler checks. The JSON report keeps text exactly as typed.
    """
    text = inert(_LINE_END.sub("\n", text), stand_in=" ")  # a spreadsheet shows a space, not U+FFFD
    return "'" + text if text.lstrip()[:1] in ("=", "+", "-", "@") else text


def _cell(cell: Cell | None) -> str:
    return "" if cell is None else f"{cell.integration},{cell.nature}"


Column = Level | Literal["note"]
NOTE: Literal["note"] = "note"
"""The third column of each criterion, beside its two ratings."""


def _criteria(report: Report) -> dict[str, tuple[str, Column]]:
    """Each criterion's columns, within then between schools then its note, in order of difficulty:
    heading -> (id, level or note).

    A review's ratings repeat on each of its strand rows, as its grid does, so every row stays one review and
    one strand. Headings name the criterion by its title: criteria share their titles with strands, hence
    "criterion:" in front.
    """
    columns: dict[str, tuple[str, Column]] = {}
    kinds: tuple[Column, ...] = (*LEVELS, NOTE)
    for criterion_id, title in criteria_rows(report):
        for level in kinds:
            label = LEVEL_LABELS.get(level, level)
            heading = f"criterion: {title}, {label}"
            if heading in columns:  # two criteria of one title: the id tells them apart
                heading = f"criterion: {title} ({criterion_id}), {label}"
            columns[heading] = (criterion_id, level)
    return columns


def _ratings(review: Session, columns: dict[str, tuple[str, Column]]) -> dict[str, str]:
    """A review's criterion ratings in words and its notes, empty where it gave none (as an unanswered strand's
    stage is)."""
    cells = {}
    for heading, (criterion_id, level) in columns.items():
        answer = review.criteria.get(criterion_id)
        if level == NOTE:
            cells[heading] = answer.note if answer else ""
            continue
        rating: str | None = getattr(answer, level) if answer else None
        cells[heading] = "" if rating is None else RATING_LABELS.get(rating, rating)
    return cells


def _steps_text(actions: list[Action]) -> str:
    """Each next step as "text (owner, by 31 Mar 2027, status)", all in one cell, for reading.

    Not the other reports' ``step_details``: its parts are joined with "; ", which here separates the steps.
    The date is for reading; the review_date column stays ISO, so a spreadsheet sorts and filters on it.
    """

    def one(action: Action) -> str:
        details = [action.owner, f"by {day(action.due)}" if action.due else "", STATUS_LABELS[action.status]]
        return f"{' '.join(action.text.split())} ({', '.join(' '.join(d.split()) for d in details if d)})"

    return "; ".join(one(a) for a in actions)


def render(report: Report) -> str:
    """One row for every strand of the history in every review, oldest review first."""
    out = io.StringIO()
    # The room's columns come only with a review run with a room, so other reports keep their shape.
    with_room = any(r.facilitation is not None for r in report.reviews)
    criteria = {_typed(heading): key for heading, key in _criteria(report).items()}  # a title is a plugin's text
    columns = COLUMNS + (room.CSV_COLUMNS if with_room else ()) + LATER_COLUMNS + tuple(criteria)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    history = report.history
    marks = {s.id: history.series(s.id) for s in history.strands}
    for index, review in enumerate(report.reviews):
        ratings = _ratings(review, criteria)
        for strand in history.strands:
            mark = marks[strand.id][index]
            answer = review.strands.get(strand.id)
            row = {
                "partnership": review.partnership,
                "review_id": review.id,
                # ISO, not the reader's "31 Mar 2027": a spreadsheet reads it as a date to sort and filter on.
                "review_date": review.review_date.isoformat(),
                "status": review.status,
                "rubric_id": review.rubric.id,
                "rubric_version": review.rubric.version,
                "plugins": ";".join(review.rubric.plugins),
                "dimension": strand.dimension,
                "strand_id": strand.id,
                "strand": strand.title,
                "strand_active": _yes(strand.active),
                # A stage name, n/a, absent (not in that review's rubric), or empty (not answered).
                "stage": mark or "",
                "stage_number": stage_number(mark) or "",
                "not_applicable": _yes(mark == NOT_APPLICABLE),
                "focus": _yes(bool(answer and answer.focus)),
                "evidence": answer.evidence if answer else "",
                "next_steps": len(answer.actions) if answer else 0,
                "grid_current": _cell(review.grid.current),
                "grid_target": _cell(review.grid.target),
                **(room.csv_cells(review, strand.id) if with_room else {}),
                "na_reason": answer.na_reason if answer and mark == NOT_APPLICABLE else "",
                "next_steps_text": _steps_text(answer.actions) if answer else "",
                "grid_note": review.grid.note,
                **ratings,
            }
            # Every text cell, ids and names from files included: any of it may have been typed by a person.
            writer.writerow({k: _typed(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def _yes(value: bool) -> str:
    return "yes" if value else "no"


# -- JSON ---------------------------------------------------------------------------


def render_json(report: Report) -> str:
    c = report.comparison
    marks = {s.id: report.history.series(s.id) for s in report.history.strands}
    document = {
        "report": {
            "format": "maturitytui-report",
            "version": REPORT_VERSION,
            "made_with": f"maturitytui {__version__}",
            "scope": "review" if report.one_review else "partnership",
            "headline": report.headline.id,
        },
        "partnership": {"name": report.headline.partnership, "schools": list(report.headline.schools)},
        "rubric": {"id": report.rubric.id, "version": report.rubric.version, "plugins": list(report.rubric.plugins)},
        "reviews": [_review(report, i, s, marks) for i, s in enumerate(report.reviews)],
        "questionnaires_and_companions": _tools(report),
        "comparison": None
        if c is None
        else {
            "earlier": c.earlier.id,
            "later": c.later.id,
            "grid": {
                "moved": c.grid.moved(),
                "against_target": c.grid.against_target(),
                "target_changed": c.grid.target_changed() or None,
            },
            "strands": [
                {
                    "id": m.strand.id,
                    "title": m.strand.title,
                    "active": m.strand.active,
                    "before": m.before,
                    "after": m.after,
                    "movement": m.movement,
                    "words": m.words(),
                    "renamed_from": m.renamed_from or None,
                }
                for m in c.strands
            ],
            "criteria": [
                {
                    "id": m.id,
                    "title": m.title,
                    **{
                        level: {
                            "before": getattr(m, level)[0],
                            "after": getattr(m, level)[1],
                            "movement": m.movement(level),
                            "words": m.words(level),
                        }
                        for level in ("within", "between")
                    },
                }
                for m in c.criteria
            ],
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# The JSON report's parts of a fixed shape.
class CellData(TypedDict):
    integration: int
    nature: int


class GridData(TypedDict):
    current: CellData | None
    target: CellData | None
    direction: str | None
    words: str
    note: str


class CriterionData(TypedDict):
    id: str
    title: str
    within: str | None
    between: str | None
    note: str


class StepData(TypedDict):
    text: str
    status: str
    owner: str
    due: str | None
    note: str
    carried_from: str | None
    agreed: str | None
    was: str | None
    agreed_in: str | None


class RoundsData(TypedDict):
    people: int
    waiting: int
    words: str
    shown: bool
    withheld: str | None


def _grid(session: Session) -> GridData:
    grid = session.grid

    def cell(c: Cell | None) -> CellData | None:
        return None if c is None else {"integration": c.integration, "nature": c.nature}

    return {
        "current": cell(grid.current),
        "target": cell(grid.target),
        "direction": direction(grid.current, grid.target) if grid.current and grid.target else None,
        "words": grid_words(session),
        "note": grid.note,
    }


def _review(report: Report, index: int, session: Session, marks: dict[str, list[str | None]]) -> dict[str, object]:
    strands = []
    for strand in report.history.strands:
        mark = marks[strand.id][index]
        answer = session.strands.get(strand.id)
        strands.append(
            {
                "id": strand.id,
                "title": strand.title,
                "dimension": strand.dimension,
                "active": strand.active,
                "stage": mark if stage_number(mark) else None,
                "stage_number": stage_number(mark),
                "mark": mark_words(mark),
                "in_rubric": mark != ABSENT,
                "not_applicable": mark == NOT_APPLICABLE,
                "na_reason": answer.na_reason if answer else "",
                "focus": bool(answer and answer.focus),
                "evidence": answer.evidence if answer else "",
                "next_steps": [_step(report, a) for a in answer.actions] if answer else [],
            }
        )
    ref = session.rubric
    return {
        "id": session.id,
        "date": session.review_date.isoformat(),
        "status": session.status,
        "created": session.created.isoformat(),
        "participants": room.taking_part(session),
        "schools": list(session.schools),
        "rubric": {"id": ref.id, "version": ref.version, "hash": ref.hash, "plugins": list(ref.plugins)},
        "grid": _grid(session),
        "strands": strands,
        "criteria": [_criterion(session, cid, title) for cid, title in criteria_rows(report)],
        **({"facilitation": room.data(report, session)} if session.facilitation is not None else {}),
    }


def _criterion(session: Session, criterion_id: str, title: str) -> CriterionData:
    answer = session.criteria.get(criterion_id)
    return {
        "id": criterion_id,
        "title": title,
        "within": answer.within if answer else None,
        "between": answer.between if answer else None,
        "note": answer.note if answer else "",
    }


def _step(report: Report, action: Action) -> StepData:
    return {
        "text": action.text,
        "status": action.status,
        "owner": action.owner,
        "due": action.due.isoformat() if action.due else None,
        "note": action.note,
        "carried_from": action.carried_from or None,
        "agreed": action.agreed.isoformat() if action.agreed else None,
        "was": action.was,
        "agreed_in": carried_words(report, action) or None,
    }


# -- questionnaires and companions (the headline review only) -------------------------


def _tools(report: Report) -> dict[str, object]:
    parts = tools.tool_parts(report)
    return {
        "review": report.headline.id,
        "tools": [_tool(report, p) for p in parts if not p.skipped],
        "skipped": [{"id": p.tool.id, "title": p.tool.title, "kind": p.kind} for p in parts if p.skipped],
        "not_in_rubric": tools.other_tools(report),
    }


def _tool(report: Report, part: tools.ToolPart[tools.Tool]) -> dict[str, object]:
    return {
        "id": part.tool.id,
        "title": part.tool.title,
        "kind": part.kind,
        "added_by": part.tool.added_by or None,
        **TOOL_FIELDS[part.kind](report, part),
        "note": part.answer.note,
    }


def _rounds(part: tools.ToolPart[tools.Tool], summary: AuditSummary | ExerciseSummary) -> RoundsData:
    """How many have answered and wait; a breakdown only once enough have (else why not, in words)."""
    return {
        "people": part.answer.tally.people,
        "waiting": part.answer.pending.people,
        "words": tools.answered_words(part),
        "shown": summary.shown,
        "withheld": summary.withheld() or None,
    }


def _audit(report: Report, part: tools.ToolPart[Questionnaire]) -> dict[str, object]:
    summary = tools.audit(part)
    data = {
        **_rounds(part, summary),
        "scale": [{"value": p.value, "label": p.label, "score": p.score} for p in part.tool.scale],
    }
    if not summary.shown:
        return {**data, "items": None}
    _, unscored, _ = tools.audit_columns(summary)
    return {
        **data,
        "how_to_read": tools.audit_note(summary),
        "items": [
            {
                "number": i.number,
                "text": i.text,
                "reverse": i.reverse,
                "counts": {v: n for v, n in i.counts.items() if v not in unscored},
                "unscored": {v: i.counts[v] for v in unscored},
                "left_blank": i.skipped,
                "average": None if i.mean is None else round(i.mean, 2),
                "average_of": i.scale_top,
            }
            for i in summary.items
        ],
    }


def _exercise(report: Report, part: tools.ToolPart[Exercise]) -> dict[str, object]:
    summary = tools.exercise(part)
    data = _rounds(part, summary)
    if not summary.shown:
        return {**data, "team": None}
    return {
        **data,
        "team": {
            "strongest": summary.strongest,
            "weakest": summary.weakest,
            "to_talk_about": summary.to_talk_about(),
            "words": tools.talk_words(summary),
        },
    }


def _checklist(report: Report, part: tools.ToolPart[Checklist]) -> dict[str, object]:
    points = [
        {"id": item.id, "text": text, "level": level, "words": words}
        for item, (text, level, words) in zip(part.tool.items, tools.check_rows(part), strict=True)
    ]
    return {"points": points, "counts": tools.check_counts(part), "words": tools.check_count_words(part)}


def _prompts(report: Report, part: tools.ToolPart[Prompts]) -> dict[str, object]:
    return {
        "prompts": [{"id": p.id, "text": p.text, "side": p.side or None} for p in part.tool.prompts],
        "schools": [
            {
                "school": school,
                "answers": {p.id: part.answer.prompts.get(school, {}).get(p.id, "") for p in part.tool.prompts},
            }
            for school in tools.prompt_schools(report, part)
        ],
        "one_sided": tools.reminders(report, part),
    }


def _ties(report: Report, part: tools.ToolPart[TieGuide]) -> dict[str, object]:
    return {
        "ties": {k: part.answer.ties.get(k) for k in ("strength", "reach")},
        "words": tools.ties_tag(part),
        "fit_note": part.tool.fit_note,
    }


# One entry per kind in model.tools.TOOL_KINDS (tests/test_registries.py checks): a tool's kind names its
# class, so each function here gets a part of the class it takes (types cannot say so).
TOOL_FIELDS: dict[str, Callable[[Report, tools.ToolPart[Any]], dict[str, object]]] = {
    "questionnaire": _audit,
    "exercise": _exercise,
    "checklist": _checklist,
    "prompts": _prompts,
    "ties": _ties,
}
