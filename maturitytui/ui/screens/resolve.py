"""A copy beside its review, item by item: keep either side of each, then save them as one review."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from maturitytui.analysis.words import counted, day
from maturitytui.model.errors import SessionError
from maturitytui.model.inert import inert
from maturitytui.store.copies import Choice, Difference, Pair, differences, kept_words, resolve
from maturitytui.ui.dialogs.common import HelpScreen, binding_rows
from maturitytui.ui.widgets.bullets import literal
from maturitytui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from maturitytui.model.rubric import Rubric
    from maturitytui.store.session_store import SessionStore

KEEP_WIDTH = 6
ITEM_SHARE = 0.34
"""Of the width the words have, the item's name takes this much; the two answers share the rest."""


def _cell(words: str) -> Text:
    # One line, cut with "…": the full words of the highlighted row are under the table.
    return Text(inert(words), no_wrap=True, overflow="ellipsis", end="")


class ResolveScreen(Screen[str | None]):
    """The items a copy and its review answer differently; dismissed with what was kept, or None if left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "switch",
            "Switch",
            tooltip="Keep the other side of the highlighted item",
            id="resolve.switch",
        ),
        Binding(
            "r", "all('review')", "All review", tooltip="Keep every item as the review has it", id="resolve.review"
        ),
        Binding("c", "all('copy')", "All copy", tooltip="Keep every item as the copy has it", id="resolve.copy"),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the review with the items chosen, and remove the copy",
            id="resolve.save",
        ),
        Binding("escape", "leave", "Back", tooltip="Leave both as they are", id="resolve.back"),
        Binding("question_mark", "help", "Help", key_display="?", id="resolve.help"),
    ]

    DEFAULT_CSS = """
    ResolveScreen #resolve-head { padding: 0 1; height: auto; }
    ResolveScreen DataTable { height: 1fr; margin: 0 1; overflow-x: hidden; }
    ResolveScreen #resolve-detail { height: auto; max-height: 7; padding: 0 1; margin-top: 1; }
    """

    def __init__(self, store: SessionStore, found: Pair, rubric: Rubric | None) -> None:
        super().__init__()
        self.store = store
        self.found = found
        self.differences: list[Difference] = (
            differences(found.review, found.copy, rubric) if found.review is not None else []
        )
        self.keep: dict[str, Choice] = {d.key: "review" for d in self.differences}
        self._widths: tuple[int, int] | None = None
        """(item, each answer) as the table was last laid out."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(literal(self._head()), id="resolve-head")
        yield DataTable(id="differences", cursor_type="row", zebra_stripes=True)
        yield Static(id="resolve-detail")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is on the help page

    def _head(self) -> str:
        if self.found.review is None:
            return (
                "The review this is a copy of is no longer in the store. ctrl+s makes the copy the review again; "
                "Escape leaves it as it is."
            )
        if not self.differences:
            return "The copy holds the same answers as the review. ctrl+s removes the copy; Escape leaves both."
        return (
            f"{counted(len(self.differences), 'item')} {'differs' if len(self.differences) == 1 else 'differ'}. For each, keep the review's answer or the copy's: "
            "space switches the highlighted one, r takes all from the review, c all from the copy. ctrl+s saves "
            "one review and removes the copy."
        )

    def on_mount(self) -> None:
        shown = self.found.review or self.found.copy
        self.title = f"{shown.partnership}: the review of {day(shown.review_date)}"
        self.sub_title = self.found.note.words()  # shown inert by the title bar
        table = self.query_one(DataTable)
        table.display = bool(self.differences)
        self._fill()
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With nothing to choose between, only saving and leaving are offered.
        return bool(self.differences) or action not in ("switch", "all")

    def on_resize(self) -> None:
        if self._widths != self._column_widths():
            self._fill()

    def _column_widths(self) -> tuple[int, int]:
        # Margins, each column's padding of one either side, the keep column, a scroll bar.
        words = max(self.size.width - 2 - 8 - KEEP_WIDTH - 2, 24)
        item = max(int(words * ITEM_SHARE), 12)
        return item, (words - item) // 2

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        self._widths = item, answer = self._column_widths()
        table.clear(columns=True)
        table.add_column("Item", width=item, key="item")
        table.add_column("This review", width=answer, key="review")
        table.add_column("The copy", width=answer, key="copy")
        table.add_column("Keep", width=KEEP_WIDTH, key="keep")
        for d in self.differences:
            table.add_row(
                _cell(d.label),
                _cell(d.review),
                _cell(d.copy),
                self._keep_cell(d.key),
                key=d.key,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)
        self._show_detail()

    def _keep_cell(self, key: str) -> Text:
        choice = self.keep[key]
        return Text(choice, style="bold" if choice == "copy" else "", end="")  # the change from as it was stands out

    def _highlighted(self) -> Difference | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.differences[min(table.cursor_row, len(self.differences) - 1)]

    def _show_detail(self) -> None:
        d = self._highlighted()
        text = ""
        if d is not None:
            keeping = "the review's" if self.keep[d.key] == "review" else "the copy's"
            text = f"{d.label} (keeping {keeping})\nThis review: {d.review}\nThe copy: {d.copy}"
        self.query_one("#resolve-detail", Static).update(literal(text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_switch()

    def _set(self, key: str, choice: Choice) -> None:
        self.keep[key] = choice
        self.query_one(DataTable).update_cell(key, "keep", self._keep_cell(key))

    def action_switch(self) -> None:
        d = self._highlighted()
        if d is not None:
            self._set(d.key, "copy" if self.keep[d.key] == "review" else "review")
            self._show_detail()

    def action_all(self, choice: Choice) -> None:
        for d in self.differences:
            self._set(d.key, choice)
        self._show_detail()

    def action_save(self) -> None:
        try:
            resolve(self.store, self.found.copy_path, self.keep)
        except SessionError as exc:
            # Nothing is lost: the copy stays until the review is saved. Say why, in the files' own words.
            self.notify(
                inert("\n".join(str(p) for p in exc.problems)),
                title="Not resolved",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.dismiss(kept_words(self.differences, self.keep, review_gone=self.found.review is None))

    def action_leave(self) -> None:
        # Dismissed, not popped: the start screen reads the store again either way, so it shows what is there.
        self.dismiss(None)

    def action_help(self) -> None:
        rows = [*binding_rows(self), ("↑ ↓", "Move between the items"), ("Enter", "Switch, as space does")]
        self.app.push_screen(
            HelpScreen(
                rows,
                "A copy is kept when one review was changed on two machines before either was shared. Each item "
                "is a whole answer (a strand's stage, evidence and next steps together), kept from one side or the "
                "other. Nothing is changed until ctrl+s; the copy is removed only once the review is saved.",
            )
        )
