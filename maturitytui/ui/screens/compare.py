"""Two reviews side by side: each strand up, back or the same, with both reviews' evidence."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from maturitytui.analysis.compare import Comparison
from maturitytui.analysis.history import ADDED, DOWN, RECAST, REMOVED, SAME, UP, review_name
from maturitytui.model.inert import inert
from maturitytui.model.rubric import Rubric
from maturitytui.reports.history_text import MOVE_SIGNS, mark_text
from maturitytui.ui.dialogs.common import HelpScreen, binding_rows
from maturitytui.ui.widgets.journey_grid import JourneyGrid, Stop
from maturitytui.ui.widgets.title_bar import TitleBar

MOVE_STYLES = {UP: "bold green", DOWN: "bold yellow", SAME: "dim", ADDED: "bold cyan", REMOVED: "bold cyan"}


class CompareScreen(Screen[None]):
    """Any two reviews of a partnership, the earlier on the left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "app.pop_screen", "Back", id="compare.back"),
        Binding("question_mark", "help", "Help", key_display="?", id="compare.help"),
    ]

    DEFAULT_CSS = """
    CompareScreen VerticalScroll { padding: 0 1; }
    CompareScreen .section { text-style: bold; margin-top: 1; }
    CompareScreen #compare-grid-row { height: auto; }
    CompareScreen JourneyGrid { height: 22; max-width: 80; }
    CompareScreen #compare-grid-side { width: 1fr; height: auto; padding: 1 0 0 1; }
    CompareScreen.-narrow JourneyGrid { height: 17; }
    CompareScreen #compare-grid-text { margin-bottom: 1; }
    """

    def __init__(self, rubric: Rubric, comparison: Comparison) -> None:
        super().__init__()
        self.rubric = rubric
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        c = self.comparison
        a, b = c.earlier, c.later
        yield TitleBar()
        with VerticalScroll(id="compare-body", can_focus=True):
            yield Static(
                Text(inert(f"{review_name(a)} compared with {review_name(b)}: {c.summary()}"), style="bold"),
                id="compare-head",
            )
            yield Static("The grid", classes="section")
            moved = " ".join(
                line for line in (c.grid.moved(), c.grid.against_target(), c.grid.target_changed()) if line
            )
            yield Static(Text(inert(moved)), id="compare-grid-text")
            with Horizontal(id="compare-grid-row"):
                yield JourneyGrid(
                    self.rubric.grid,
                    [Stop(a.grid.current, a.grid.target, "1"), Stop(b.grid.current, b.grid.target, "2")],
                    id="compare-grid",
                )
                with Vertical(id="compare-grid-side"):
                    yield Static(
                        Text(
                            inert(f"○1 {review_name(a)}\n●2 {review_name(b)}\n\n")
                            + "◇1 the earlier target\n◆2 the later target\n→ the later direction of travel"
                        )
                    )
            yield Static("Strands", classes="section")
            yield Static(self._strands_table(self._narrow()), id="compare-strands")
            yield Static("Criteria for a deep partnership", classes="section")
            yield Static(self._criteria_table(), id="compare-criteria")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is on the help page

    def on_mount(self) -> None:
        self.title = "Compare reviews"
        self.sub_title = inert(self.comparison.later.partnership)
        self.query_one("#compare-body").focus()

    NARROW = 110
    """Below this many columns the evidence goes under each strand: beside it, it would be a word wide."""

    def _narrow(self) -> bool:
        return self.app.size.width < self.NARROW

    def on_resize(self) -> None:
        if self._narrow() != self._shown_narrow:
            self.query_one("#compare-strands", Static).update(self._strands_table(self._narrow()))

    def _strands_table(self, narrow: bool) -> Table:
        self._shown_narrow = narrow
        a, b = self.comparison.earlier, self.comparison.later
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=True, show_lines=False)
        table.add_column("", width=1, no_wrap=True)
        table.add_column("Strand", min_width=24, max_width=None if narrow else 36, ratio=1 if narrow else None)
        # A review's name holds its school's, for one school's view; titles are the rubric's; evidence is typed.
        table.add_column(Text(inert(review_name(a, "%b %Y"))), no_wrap=True, min_width=12)
        table.add_column(Text(inert(review_name(b, "%b %Y"))), no_wrap=True, min_width=12)
        if not narrow:
            table.add_column(Text(inert(f"Evidence {review_name(a, '%b %Y')}")), ratio=3)
            table.add_column(Text(inert(f"Evidence {review_name(b, '%b %Y')}")), ratio=3)
        dimension = None
        for move in self.comparison.strands:
            if move.strand.dimension != dimension:
                dimension = move.strand.dimension
                table.add_row("", Text(inert(dimension), style="bold underline"))
            title = Text(inert(move.strand.title))
            if move.renamed_from:
                title.append(f" (was {inert(move.renamed_from)})", style="dim")
            if move.movement in (ADDED, REMOVED, RECAST):
                title.append(f"\n{move.words()}", style="cyan")
            style = MOVE_STYLES.get(move.movement, "dim")
            evidence = [Text(inert(move.evidence_before), style="dim"), Text(inert(move.evidence_after))]
            if narrow:
                # Stacked under the strand, each under the review it belongs to.
                for review, text in zip((a, b), evidence, strict=True):
                    if text.plain:
                        title.append(inert(f"\n{review_name(review, '%b %Y')}: "), style="italic")
                        title.append_text(text)
                evidence = []
            table.add_row(
                Text(MOVE_SIGNS.get(move.movement, "·"), style=style),
                title,
                Text(mark_text(move.before)),
                Text(mark_text(move.after), style=style if move.movement == UP else ""),
                *evidence,
            )
        return table

    def _criteria_table(self) -> Table:
        table = Table(box=None, padding=(0, 1), show_edge=False)
        table.add_column("Criterion")
        table.add_column("Within schools")
        table.add_column("Between schools")
        for c in self.comparison.criteria:
            table.add_row(
                Text(inert(c.title)),
                *(
                    Text(c.words(level), style=MOVE_STYLES.get(c.movement(level), ""))
                    for level in ("within", "between")
                ),
            )
        return table

    def action_help(self) -> None:
        rows = [*binding_rows(self), ("↑ ↓", "Scroll")]
        self.app.push_screen(
            HelpScreen(
                rows,
                "↑ moved up, ↓ moved back, = the same, + added and − removed by a "
                "rubric change (never counted as a fall). Strands are matched by id, "
                "so a renamed strand is still the same strand.",
            )
        )
