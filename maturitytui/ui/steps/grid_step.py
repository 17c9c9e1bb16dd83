"""Step 1: where the partnership sits on the Figure 1 grid, and where it is heading."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from maturitytui.analysis.review import direction
from maturitytui.analysis.words import day
from maturitytui.ui.context import Answered, ReviewContext
from maturitytui.ui.widgets.bullets import BulletText, literal
from maturitytui.ui.widgets.partnership_grid import Marks, PartnershipGrid


def travel_text(marks: Marks) -> str:
    if not (marks.current and marks.target):
        return ""
    words = direction(marks.current, marks.target)
    text = f"Direction of travel: {words}."
    if "shallower" in words or "looser" in words:
        text += " Loosening or ending a partnership can be the right choice; it is recorded as such."
    return text


def note_text(note: str) -> str:
    return f"Note: {note}" if note else ""


class GridStep(Horizontal):
    """The grid on the left, the source's guidance and the legend on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "note", "Note", tooltip="Write a note on where the partnership sits", id="grid.note")
    ]

    DEFAULT_CSS = """
    GridStep { height: 1fr; }
    GridStep #grid-side { width: 1fr; max-width: 70; height: 1fr; padding: 0 1; }
    GridStep .muted { color: $text-muted; }
    GridStep #travel { color: $warning; margin: 1 0; }
    GridStep #grid-note { margin-bottom: 1; }
    """

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        answer = self.context.session.grid
        before = self.context.previous
        previous = before.grid if before else None
        marks = Marks(answer.current, answer.target)
        yield PartnershipGrid(
            self.context.rubric.grid,
            marks,
            Marks(previous.current, previous.target) if previous else None,
            interactive=not self.context.read_only,
            id="grid",
        )
        with VerticalScroll(id="grid-side"):
            legend = "● where it is now\n◆ where it should be in several years\n↗ the direction of travel"
            if before:
                legend += f"\n○ ◇ last review, {day(before.review_date)}"
            yield Static(legend, id="legend")
            yield Static(travel_text(marks), id="travel")
            yield Static(literal(note_text(answer.note)), id="grid-note")
            yield BulletText(self.context.rubric.grid.guidance, classes="muted")

    def on_mount(self) -> None:
        self.query_one(PartnershipGrid).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "note" and self.context.read_only)

    def action_note(self) -> None:
        from maturitytui.ui.dialogs.common import NoteDialog

        grid = self.context.session.grid

        def written(note: str | None) -> None:
            if note is not None and note != grid.note:
                grid.note = note
                shown = self.query_one("#grid-note", Static)
                shown.update(literal(note_text(note)))
                self.call_after_refresh(shown.scroll_visible, animate=False)  # seen where it was written
                self.post_message(Answered())

        self.app.push_screen(NoteDialog("Note on the grid", grid.note), written)

    def on_partnership_grid_marked(self, event: PartnershipGrid.Marked) -> None:
        grid = self.context.session.grid
        grid.current, grid.target = event.marks.current, event.marks.target
        self.query_one("#travel", Static).update(travel_text(event.marks))
        self.post_message(Answered())
