"""Every partnership in the store: where each is now and which way it has moved. Listed by name, never ranked."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from maturitytui.analysis.alliance import every_line
from maturitytui.analysis.words import counted
from maturitytui.model.inert import inert
from maturitytui.model.rubric import STAGES
from maturitytui.store.names import partnership_key
from maturitytui.ui.dialogs.common import HelpScreen, binding_rows
from maturitytui.ui.messages import OpenHistory
from maturitytui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from maturitytui.store.index import Listing
    from maturitytui.store.session_store import SessionStore


class WideTable(DataTable[object]):
    """A table wider than the screen: ← → move half a screen at a time, so the hidden columns are a key away."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "sideways(1)", "More columns", show=False),
        Binding("left", "sideways(-1)", "Back", show=False),
    ]

    def action_sideways(self, way: int) -> None:
        self.scroll_relative(x=way * max(self.scrollable_content_region.width // 2, 1), animate=False)


class AllianceScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "app.pop_screen", "Back", id="alliance.back"),
        Binding("question_mark", "help", "Help", key_display="?", id="alliance.help"),
    ]

    DEFAULT_CSS = """
    AllianceScreen #alliance-head { padding: 0 1; height: auto; }
    AllianceScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def __init__(self, store: SessionStore, listing: Listing | None) -> None:
        super().__init__()
        self.store = store
        self.glances = list(every_line(listing)) if listing is not None else []
        self._stale = False
        """Set when a history is opened from here: a review opened from it may change the store."""

    async def on_screen_resume(self) -> None:
        # Back from a history (and perhaps a review opened from it): list the store as it is now. Not after help.
        if not self._stale:
            return
        self._stale = False
        listing = self.store.listing(deep=False)
        try:
            self.glances = list(every_line(listing))
        finally:
            listing.close()
        await self.recompose()
        self._fill()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(
            f"{counted(len(self.glances), 'partnership')}, by name: each one's latest finished review, and how "
            "it moved since the one before. Grid cells are (integration, nature); B D E L count the strands at "
            "each stage. Enter opens a partnership's history; ← → show the columns a narrow screen hides "
            "(stages, grid, ties, reviews).",
            id="alliance-head",
        )
        yield WideTable(id="alliance", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is on the help page

    def on_mount(self) -> None:
        self.title = "All partnerships"
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        # What matters most first, so a narrow terminal shows it without scrolling.
        table.add_columns(
            "Partnership",
            "Latest",
            "Since the review before",
            *(s[0] for s in STAGES),
            "n/a",
            "Grid now",
            "Ties",
            "Reviews",
        )
        for g in self.glances:
            latest = g.latest.rstrip("*") + ("" if g.finished else " (unfinished)")
            table.add_row(
                Text(inert(g.partnership)),
                latest,
                g.direction,
                *(str(n) for n in g.counts),
                g.grid,
                g.ties,
                str(g.reviews),
                key=partnership_key(g.partnership),
            )
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return  # never: every row is added with its partnership's key
        self._stale = True
        self.post_message(OpenHistory(key))

    def action_help(self) -> None:
        rows = [*binding_rows(self), ("↑ ↓", "Move between partnerships"), ("Enter", "Open a partnership's history")]
        self.app.push_screen(
            HelpScreen(
                rows,
                "B D E L: how many strands are at Beginning, Developing, Embedding and "
                "Leading in the latest review. A shallow partnership that is fit for "
                "its purpose is not behind.",
            )
        )
