"""A partnership's history: its reviews, the stages over time, the path on the grid, the criteria, the next steps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from maturitytui.analysis.compare import compare
from maturitytui.analysis.history import History, review_name
from maturitytui.analysis.words import counted, day
from maturitytui.model.inert import inert
from maturitytui.model.rubric import Rubric
from maturitytui.reports.history_text import ROOM_TITLE, room_text
from maturitytui.store.index import SessionSummary
from maturitytui.ui.dialogs.common import HelpScreen, binding_rows
from maturitytui.ui.messages import OpenReview
from maturitytui.ui.widgets.bullets import literal
from maturitytui.ui.widgets.journey_grid import JourneyGrid, Stop
from maturitytui.ui.widgets.timeline import actions_text, criteria_table, fit, stage_table
from maturitytui.ui.widgets.title_bar import TitleBar


class HistoryScreen(Screen[None]):
    """Every review of one partnership in date order, and how it has travelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "app.pop_screen", "Back", id="history.back"),
        Binding(
            "space", "pick", "Pick to compare", tooltip="Pick this review to compare (pick two)", id="history.pick"
        ),
        Binding(
            "c",
            "compare",
            "Compare",
            tooltip="Compare the two picked reviews, or this one with the one before",
            id="history.compare",
        ),
        Binding(
            "r",
            "report",
            "Report",
            tooltip="Write a report on the partnership or the highlighted review",
            id="history.report",
        ),
        Binding(
            "p",
            "print",
            "Print",
            tooltip="Write the report on the partnership as a web page and open it to print",
            id="history.print",
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="history.help"),
    ]

    DEFAULT_CSS = """
    HistoryScreen #history-head { padding: 0 1; height: auto; }
    HistoryScreen #history-reviews { height: auto; max-height: 9; margin: 0 1; }
    HistoryScreen #history-body { height: 1fr; padding: 0 1; }
    HistoryScreen .section { text-style: bold; margin-top: 1; }
    HistoryScreen #history-grid-row { height: auto; }
    HistoryScreen JourneyGrid { height: 22; max-width: 80; }
    HistoryScreen #history-grid-side { width: 1fr; height: auto; padding: 1 0 0 1; }
    HistoryScreen.-narrow #history-grid-row { layout: vertical; }
    HistoryScreen.-narrow JourneyGrid { height: 17; }
    HistoryScreen #history-reviews { overflow-x: hidden; }
    """

    def __init__(
        self,
        rubric: Rubric,
        key: str,
        history: History,
        summaries: list[SessionSummary],
        *,
        load: Callable[[str], tuple[History, list[SessionSummary]] | None],
        store: Path,
    ) -> None:
        super().__init__()
        self.load = load
        """Reads a partnership's history from the store again, as the app does to open this screen."""
        self.store = store
        self.rubric = rubric
        self.key = key
        self.history = history
        self.summaries = {s.id: s for s in summaries}
        self.picked: list[str] = []
        self._stamps = self._files_now()
        """When each review's file last changed, as shown: a review changed from here is read again on return."""
        self._layout: tuple[bool, int] | None = None
        """(compact, how many reviews shown) as last laid out; None until the first layout."""

    def _files_now(self) -> dict[Path, int | None]:
        """When each review's file last changed: a review changed while this screen was covered shows it."""
        stamps: dict[Path, int | None] = {}
        for summary in self.summaries.values():
            try:
                stamps[summary.path] = summary.path.stat().st_mtime_ns
            except OSError:
                stamps[summary.path] = None
        return stamps

    async def on_screen_resume(self) -> None:
        # Back from a review opened here (or reopened from one, to change it): show what it now holds.
        # Back from help, a comparison or a review only looked at: nothing changed, nothing to read.
        if self._files_now() == self._stamps:
            return
        loaded = self.load(self.key)
        if loaded is None:
            return
        self.history, summaries = loaded
        self.summaries = {s.id: s for s in summaries}
        self._stamps = self._files_now()
        self.picked = [p for p in self.picked if p in self.summaries]
        self._layout = None
        await self.recompose()
        self._fill()

    def compose(self) -> ComposeResult:
        h = self.history
        yield TitleBar()
        yield Static(literal(self._heading()), id="history-head")
        yield DataTable(id="history-reviews", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="history-body"):
            yield Static("Stages over time", classes="section", id="history-stages-title")
            yield Static(id="history-stages")
            yield Static("The grid: the path travelled and the path intended", classes="section")
            with Horizontal(id="history-grid-row"):
                yield JourneyGrid(self.rubric.grid, self._stops(), id="history-grid")
                with Vertical(id="history-grid-side"):
                    yield Static(self._grid_legend(), id="history-grid-legend")
            yield Static("Criteria for a deep partnership (○ not yet  ◐ partly  ● well established)", classes="section")
            yield Static(id="history-criteria")
            yield Static("Next steps, review by review", classes="section")
            yield Static(actions_text(h), id="history-actions")
            if room := room_text(h):
                yield Static(ROOM_TITLE, classes="section")
                yield Static(literal(room), id="history-room")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is on the help page

    def _heading(self) -> str:
        h = self.history
        first, last = h.reviews[0].review_date, h.reviews[-1].review_date
        return (
            f"{h.partnership}: {counted(len(h.reviews), 'review')}, "
            f"{day(first)} to {day(last)}. Space picks two reviews, c compares them; "
            "Enter opens one; r writes a report; p prints the partnership's report."
        )

    def _stops(self) -> list[Stop]:
        return [Stop(s.grid.current, s.grid.target, str(n + 1)) for n, s in enumerate(self.history.reviews)]

    def _grid_legend(self) -> Text:
        text = Text()
        for n, session in enumerate(self.history.reviews):
            latest = n == len(self.history.reviews) - 1
            text.append(f"{'●' if latest else '○'}{n + 1} ", style="bold green" if latest else "green")
            text.append(inert(review_name(session)))  # a school's name, for one school's view
            current, target = session.grid.current, session.grid.target
            if current:
                text.append(f": now {current.integration},{current.nature}")
            if target:
                text.append(f", aiming for {target.integration},{target.nature}")
            text.append("\n")
        text.append("\n• the path travelled, from one review's cell to the next\n", style="green")
        text.append("→ ◆ the latest review's direction of travel and target\n", style="yellow")
        text.append("◇ the targets earlier reviews set\n", style="dim")
        text.append("Cells are (integration, nature): tighter upwards, deeper to the right.", style="dim")
        return text

    def on_resize(self) -> None:
        # As many reviews as fit, the latest always among them; stages by their initials when room is short.
        layout = fit(self.history, self.app.size.width - 4)
        if layout == self._layout:
            return
        self._layout = compact, shown = layout
        total = len(self.history.reviews)
        title = "Stages over time (★ a focus that year; ↑ ↓ = from the first review to the last"
        title += f"; the latest {shown} of {total} shown)" if shown < total else ")"
        if compact:
            title += "\nColumns are numbered as in the list of reviews above."
        self.query_one("#history-stages-title", Static).update(title)
        self.query_one("#history-stages", Static).update(stage_table(self.history, compact, shown))
        self.query_one("#history-criteria", Static).update(criteria_table(self.rubric, self.history, compact, shown))

    def on_mount(self) -> None:
        self.title = "History"
        self.sub_title = inert(self.history.partnership)
        self._fill()

    def _fill(self) -> None:
        self.on_resize()
        table = self.query_one(DataTable)
        table.add_columns("", "#", "Date", "Status", "Who took part")
        for n, s in enumerate(self.history.reviews):
            status = "finished" if s.status == "complete" else "unfinished"  # as the start screen says it
            table.add_row(
                "✓" if s.id in self.picked else "",
                str(n + 1),
                Text(inert(review_name(s))),
                status,
                Text(inert(", ".join(s.participants) or "–")),
                key=s.id,
            )
        table.move_cursor(row=len(self.history.reviews) - 1)
        table.focus()

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    def action_pick(self) -> None:
        session_id = self._highlighted()
        if session_id is None:
            return
        if session_id in self.picked:
            self.picked.remove(session_id)
        else:
            self.picked = [*self.picked, session_id][-2:]
        table = self.query_one(DataTable)
        for s in self.history.reviews:
            table.update_cell(s.id, table.ordered_columns[0].key, "✓" if s.id in self.picked else "")

    def _pair(self) -> tuple[str, str] | None:
        if len(self.picked) == 2:
            return self.picked[0], self.picked[1]
        ids = [s.id for s in self.history.reviews]
        here = self._highlighted()
        if len(self.picked) == 1 and here and here != self.picked[0]:
            return self.picked[0], here
        if here in ids and ids.index(here) > 0:
            return ids[ids.index(here) - 1], here
        return None

    def action_compare(self) -> None:
        pair = self._pair()
        if pair is None:
            self.notify(
                "Pick two reviews with space, or highlight a review that has one before it.",
                title="Nothing to compare",
                severity="warning",
            )
            return
        from maturitytui.ui.screens.compare import CompareScreen

        by_id = {s.id: s for s in self.history.reviews}
        self.app.push_screen(CompareScreen(self.rubric, compare(self.rubric, by_id[pair[0]], by_id[pair[1]])))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        summary = self.summaries.get(key) if key is not None else None
        if summary is not None:
            self.post_message(OpenReview(summary))

    def action_report(self) -> None:
        from maturitytui.ui.dialogs.report import ReportDialog

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(inert(f"Report written to {path}"), title="Report", timeout=10, markup=False)

        by_id = {s.id: s for s in self.history.reviews}
        here = self._highlighted()
        review = by_id.get(here) if here is not None else None
        self.app.push_screen(ReportDialog(self.rubric, self.history, review, store=self.store), written)

    def action_print(self) -> None:
        from maturitytui.ui.printing import print_report

        print_report(self.app, self.rubric, self.history, self.store)

    def action_help(self) -> None:
        rows = [*binding_rows(self), ("↑ ↓", "Move between reviews"), ("tab", "Move to the charts and back")]
        self.app.push_screen(
            HelpScreen(rows, "A strand a rubric change added or removed is shown as such, never as a fall.")
        )
