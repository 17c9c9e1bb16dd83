"""Step 1: where the partnership sits on the Figure 1 grid, and where it is heading."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from maturitytui.analysis.review import direction
from maturitytui.analysis.words import day
from maturitytui.ui.context import Answered, ReviewContext
from maturitytui.ui.widgets.bullets import BulletText
from maturitytui.ui.widgets.partnership_grid import Marks, PartnershipGrid


def travel_text(marks: Marks) -> str:
    if not (marks.current and marks.target):
        return ""
    words = direction(marks.current, marks.target)
    text = f"Direction of travel: {words}."
    if "shallower" in words or "looser" in words:
        text += " Loosening or ending a partnership can be the right choice; it is recorded as such."
    return text


class GridStep(Horizontal):
    """The grid on the left, the source's guidance and the legend on the right."""

    DEFAULT_CSS = """
    GridStep { height: 1fr; }
    GridStep #grid-side { width: 1fr; max-width: 70; height: 1fr; padding: 0 1; }
    GridStep .muted { color: $text-muted; }
    GridStep #travel { color: $warning; margin: 1 0; }
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
            yield BulletText(self.context.rubric.grid.guidance, classes="muted")

    def on_mount(self) -> None:
        self.query_one(PartnershipGrid).focus()

    def on_partnership_grid_marked(self, event: PartnershipGrid.Marked) -> None:
        grid = self.context.session.grid
        grid.current, grid.target = event.marks.current, event.marks.target
        self.query_one("#travel", Static).update(travel_text(event.marks))
        self.post_message(Answered())
