"""A partnership's history as tables: stages over time by dimension, criteria over time, next steps.

A native chart rather than a plotting library: stages are four ordered
steps, not a continuous measure, so a bar per review in the stage's colour,
with its name beside it, says more than a line plot and reads the same in
any terminal, in colour or not.
"""

from __future__ import annotations

from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from maturitytui.analysis.history import DOWN, RECAST, SAME, UP, History, review_name, stage_number
from maturitytui.model.inert import inert
from maturitytui.model.rubric import Rubric
from maturitytui.reports.history_text import MOVE_SIGNS, RATING_SIGNS, action_text, mark_text
from maturitytui.ui.widgets.heat_map import STAGE_STYLES


def review_label(n: int, history: History) -> str:
    session = history.reviews[n]
    return f"{n + 1}. {review_name(session, '%b %Y')}" + ("" if session.status == "complete" else " (unfinished)")


def _mark(mark: str | None, compact: bool) -> Text:
    number = stage_number(mark)
    if number is None:
        return Text(mark_text(mark), style="dim italic")
    text = f"{mark_text(mark)[:3]} " if compact else mark_text(mark)  # "▄ D" on a narrow screen
    return Text(text, style=f"bold white {STAGE_STYLES[number - 1]}")


TREND_STYLES = {UP: "bold green", DOWN: "bold yellow", SAME: "dim"}

NAME_WIDTH = {False: 46, True: 30}
COLUMN_WIDTH = {False: 16, True: 7}
"""Room a review's column takes, padding included: a stage's name, or its initial on a narrow screen."""


def fit(history: History, width: int) -> tuple[bool, int]:
    """(compact, how many of the latest reviews to show) for a table ``width`` cells wide."""
    count = len(history.reviews)
    for compact in (False, True):
        room = max(1, (width - NAME_WIDTH[compact] - 6) // COLUMN_WIDTH[compact])
        if room >= count or compact:
            return compact, min(count, room)
    raise AssertionError  # pragma: no cover - the compact layout always answers


def _label(n: int, history: History, compact: bool) -> str:
    # Compact columns are numbered as in the reviews table above them.
    return str(n + 1) if compact else review_label(n, history)


def stage_table(history: History, compact: bool = False, shown: int | None = None) -> Table:
    """Strands by dimension down the side, the latest ``shown`` reviews across, a coloured bar for each stage.

    ``compact`` (a narrow screen) shows each stage by its initial. The arrow is from the first review to
    the last, whether or not all are shown.
    """
    reviews = range(len(history.reviews))[-(shown or len(history.reviews)) :]
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
    table.add_column("Strand", max_width=NAME_WIDTH[compact] - 2)  # a long name wraps onto a second line
    for n in reviews:
        table.add_column(Text(inert(_label(n, history, compact))), no_wrap=True, min_width=COLUMN_WIDTH[compact] - 2)
    table.add_column("", no_wrap=True)
    for dimension, strands in history.dimensions():
        table.add_row(Text(inert(dimension), style="bold underline"))
        for strand in strands:
            marks = history.series(strand.id)
            title = strand.title + ("" if strand.active else " (no longer in the rubric)")
            focus = history.focus(strand.id)
            cells = [_mark(marks[n], compact) + (Text("★", style="bold") if focus[n] else Text("")) for n in reviews]
            way = history.trend(strand.id)
            name = Padding(Text(inert(title)), (0, 0, 0, 2))  # indented under its dimension, wrapped lines too
            sign = "≠ descriptors changed" if way == RECAST else MOVE_SIGNS.get(way, "")
            table.add_row(name, *cells, Text(sign, style="dim" if way == RECAST else TREND_STYLES.get(way, "")))
    return table


def criteria_table(rubric: Rubric, history: History, compact: bool = False, shown: int | None = None) -> Table:
    reviews = range(len(history.reviews))[-(shown or len(history.reviews)) :]
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
    table.add_column("Criterion (within / between schools)", max_width=46)
    for n in reviews:
        table.add_column(Text(inert(_label(n, history, compact))), no_wrap=True)
    for criterion in rubric.criteria:
        series = history.criterion_series(criterion.id)
        table.add_row(
            Text(inert(f"{criterion.difficulty}. {criterion.title}")),
            *(Text(f"{RATING_SIGNS[series[n][0]]} / {RATING_SIGNS[series[n][1]]}") for n in reviews),
        )
    return table


def actions_text(history: History) -> Text:
    """Each strand's next steps, review by review, so what was promised and what became of it is seen."""
    text = Text()
    for strand in history.strands:
        actions = history.actions(strand.id)
        if not actions:
            continue
        text.append(f"{inert(strand.title)}\n", style="bold")
        for session, action in actions:
            style = {"done": "green", "dropped": "dim", "in_progress": "yellow"}.get(action.status, "")
            text.append(inert(action_text(action, f"  {session.review_date:%b %Y}: ")) + "\n", style=style)
    return text or Text("No next steps recorded yet.", style="dim")
