"""History, comparison and alliance view as plain text, for the command line.

The stage glyphs are shared with the app's history screen, so a stage looks
the same wherever it is drawn.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator

from maturitytui.analysis.alliance import GlanceLine, PartnershipGlance
from maturitytui.analysis.compare import Comparison, StrandMove
from maturitytui.analysis.history import ABSENT, RECAST, History, review_labels, review_name, stage_number
from maturitytui.analysis.review import STATUS_LABELS, direction
from maturitytui.analysis.words import counted, day
from maturitytui.model.rubric import STAGES, Rubric
from maturitytui.model.session import Action, Cell
from maturitytui.model.session_format import NOT_APPLICABLE
from maturitytui.reports.story import rubric_notes_for

BARS = " ▂▄▆█"
"""A stage as a bar: Beginning is the lowest, Leading the tallest."""

MOVE_SIGNS = {"up": "↑", "down": "↓", "same": "=", "added": "+", "removed": "−"}
RATING_SIGNS = {"not_yet": "○", "partly": "◐", "well_established": "●", None: "·"}


def mark_text(mark: str | None) -> str:
    """A strand's mark in a review as a bar and a word: '▄ Developing', 'n/a', '–' (not answered)."""
    number = stage_number(mark)
    if number is not None:
        return f"{BARS[number]} {mark}"
    others: dict[str | None, str] = {NOT_APPLICABLE: "  n/a", ABSENT: "  (none)"}
    return others.get(mark, "  –")


def _column(text: str, width: int) -> str:
    """``text`` padded to ``width``, or whole and followed by a gap where it is longer: never cut."""
    return text.ljust(width) if len(text) < width else text + "  "


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(cell: Cell | None) -> str:
    return "–" if cell is None else f"{cell.integration},{cell.nature}"


def action_text(action: Action, on: str = "") -> str:
    parts = [action.text, STATUS_LABELS[action.status]]
    if action.owner:
        parts.append(action.owner)
    if action.due:
        parts.append(f"by {day(action.due)}")
    if action.carried_from and action.agreed:
        parts.append(f"agreed {day(action.agreed)}")
    line = f"{on}{parts[0]} — {', '.join(parts[1:])}"
    return line + (f" ({action.note})" if action.note else "")


ROOM_TITLE = "How the room rated, in reviews run with a room (the agreed rating is the review's own)"


def room_text(history: History) -> str:
    """How the room rated each strand, for every review run with a room ("" when none was)."""
    from maturitytui.reports.room import strand_note

    lines = []
    for session in history.reviews:
        notes = [(strand, strand_note(session, strand.id)) for strand in history.strands]
        notes = [(strand, note) for strand, note in notes if note]
        if notes:
            lines.append(f"  {review_name(session)}")
            lines += [f"    {strand.title}: {note}" for strand, note in notes]
    return "\n".join(lines)


def history_text(rubric: Rubric, history: History, width: int = 100) -> str:
    reviews = history.reviews
    if not reviews:
        return "No reviews yet.\n"
    labels = review_labels(reviews)
    heads = {s.id: labels[s.id] + ("*" if s.status != "complete" else "") for s in reviews}
    column = max(13, max(len(h) for h in heads.values()) + 2)
    name_width = max(24, min(44, width - column * min(len(reviews), 4) - 4))
    shown = max(1, min(len(reviews), (width - name_width - 4) // column))
    recent = reviews[-shown:]
    lines = [
        history.partnership,
        f"{counted(len(reviews), 'review')}, {day(reviews[0].review_date)} to "
        f"{day(reviews[-1].review_date)} · rubric {rubric.id} version {rubric.version}",
    ]
    if len({s.rubric.hash for s in reviews}) > 1:
        lines += textwrap.wrap(" ".join(rubric_notes_for(reviews, rubric)), width)
    if shown < len(reviews):
        lines.append(
            f"(the latest {shown} of {len(reviews)} shown; a wider terminal or `maturitytui report` "
            "shows every one; the arrow is from the first review to the last)"
        )
    if any(s.status != "complete" for s in reviews):
        lines.append("* not finished yet")
    lines += ["", "Stages over time".ljust(name_width + 2) + "".join(heads[s.id].ljust(column) for s in recent)]
    for dimension, strands in history.dimensions():
        lines.append(dimension)
        for strand in strands:
            marks = history.series(strand.id)
            title = strand.title + ("" if strand.active else " (no longer in the rubric)")
            way = history.trend(strand.id)
            lines.append(
                "  "
                + _fit(title, name_width - 1).ljust(name_width)
                + "".join(_fit(mark_text(m), column - 1).ljust(column) for m in marks[-shown:])
                + (" descriptors changed: not compared" if way == RECAST else MOVE_SIGNS.get(way, ""))
            )
    lines += ["", "The grid (integration, nature): where the partnership was, and where it meant to go"]
    for session, current, target in history.grid_path():
        way = f"  ({direction(current, target)})" if current and target else ""
        lines.append(f"  {day(session.review_date)}   now {_cell(current)}   target {_cell(target)}{way}")
    path = [c for _, c, _ in history.grid_path() if c is not None]
    if len(path) >= 2:
        lines.append(f"  Path travelled: {' → '.join(_cell(c) for c in path)} ({direction(path[0], path[-1])} overall)")
    lines += ["", "Criteria for a deep partnership (○ not yet  ◐ partly  ● well established; within / between)"]
    for criterion in rubric.criteria:
        series = history.criterion_series(criterion.id)[-shown:]
        lines.append(
            "  "
            + _fit(criterion.title, name_width - 1).ljust(name_width)
            + "".join(f"{RATING_SIGNS[w]} / {RATING_SIGNS[b]}".ljust(column) for w, b in series)
        )
    steps = [(s, history.actions(s.id)) for s in history.strands]
    if any(actions for _, actions in steps):
        lines += ["", "Next steps per strand, review by review"]
        for strand, actions in steps:
            if actions:
                lines.append(f"  {strand.title}")
                lines += [action_text(a, f"    {day(s.review_date)}: ") for s, a in actions]
    if room := room_text(history):
        lines += ["", ROOM_TITLE, room]
    return "\n".join(lines) + "\n"


def _move_line(move: StrandMove, width: int) -> str:
    renamed = f" (was '{move.renamed_from}')" if move.renamed_from else ""
    return f"  {MOVE_SIGNS.get(move.movement, '·')} {_fit(move.strand.title + renamed, width)}: {move.words()}"


def compare_text(comparison: Comparison, rubric: Rubric, width: int = 100) -> str:
    a, b = comparison.earlier, comparison.later
    lines = [
        f"{b.partnership}: {review_name(a)} ({a.id}) compared with {review_name(b)} ({b.id})",
        comparison.summary(),
    ]
    if a.rubric.hash != b.rubric.hash:
        lines += textwrap.wrap(" ".join(rubric_notes_for((a, b), rubric)), width)
    lines.append("")
    lines += ["The grid", "  " + comparison.grid.moved(), "  " + comparison.grid.against_target()]
    if changed := comparison.grid.target_changed():
        lines.append("  " + changed)
    dimension = None
    for move in comparison.strands:
        if move.strand.dimension != dimension:
            dimension = move.strand.dimension
            lines += ["", dimension]
        lines.append(_move_line(move, 50))
        for when, text in ((a.review_date, move.evidence_before), (b.review_date, move.evidence_after)):
            if text:
                label = f"      {day(when)}: "
                lines += textwrap.wrap(
                    " ".join(text.split()), max(40, width - 4), initial_indent=label, subsequent_indent=" " * len(label)
                )
    lines += ["", "Criteria for a deep partnership"]
    for c in comparison.criteria:
        lines.append(f"  {c.title}: within schools {c.words('within')}; between schools {c.words('between')}")
    return "\n".join(lines) + "\n"


def alliance_text(glances: list[PartnershipGlance], width: int = 100) -> str:
    longest = max((len(g.partnership) for g in glances), default=0)
    return "".join(line + "\n" for line in alliance_lines(map(GlanceLine.of, glances), width, longest))


def alliance_lines(glances: Iterable[GlanceLine], width: int, longest: int) -> Iterator[str]:
    """The alliance table a line at a time, so a store of any size is printed as it is read; ``longest`` is the
    longest partnership name, which sets the first column's width."""
    name = max(12, min(40, width - 80, longest))
    head = (
        "Partnership".ljust(name)
        + "  Reviews  Latest       Grid now (integration, nature)     "
        + " ".join(s[0] for s in STAGES)
        + "  n/a  Since the review before"
        + " " * 26
        + "Ties"
    )
    shown = unfinished = False
    for g in glances:
        if not shown:
            yield head
            shown = True
        unfinished = unfinished or not g.finished
        *stages, not_applicable = g.counts
        yield (
            _fit(g.partnership, name).ljust(name)
            + f"  {g.reviews:>7}  {g.latest:<12} "
            + _fit(g.grid, 34).ljust(34)
            + " "
            + " ".join(str(n) for n in stages)
            + f"  {not_applicable:>3}  "
            + _column(g.direction, 48)
            + g.ties
        )
    if not shown:
        yield "No reviews in the store yet."
    elif unfinished:
        yield "* no finished review yet: the unfinished one is shown"
