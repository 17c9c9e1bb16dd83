"""Figure 1 as a widget: the 6×6 partnership grid, with now, target and the arrow between."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from maturitytui.analysis.review import path_cells
from maturitytui.model.inert import inert
from maturitytui.model.rubric import Grid
from maturitytui.model.session import Cell

CELL = 6  # characters per cell at the smallest
GUTTER = 11  # the row labels and the axis line
ARROWS = {
    (1, 0): "→",
    (-1, 0): "←",
    (0, 1): "↑",
    (0, -1): "↓",
    (1, 1): "↗",
    (-1, 1): "↖",
    (1, -1): "↘",
    (-1, -1): "↙",
}


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


def arrow_between(current: Cell, target: Cell) -> str:
    """The arrow drawn on the cells between where a partnership is and where it is heading."""
    return ARROWS.get((_sign(target.nature - current.nature), _sign(target.integration - current.integration)), "·")


@dataclass(frozen=True)
class Marks:
    """One review's cells on the grid."""

    current: Cell | None = None
    target: Cell | None = None


class PartnershipGrid(Widget, can_focus=True):
    """Integration (loose → tight) up the side, nature (shallow → deep) along the bottom."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, 1)", "Tighter", show=False),
        Binding("down", "move(0, -1)", "Looser", show=False),
        Binding("left", "move(-1, 0)", "Shallower", show=False),
        Binding("right", "move(1, 0)", "Deeper", show=False),
        Binding(
            "c", "mark('current')", "Mark now", tooltip="Mark the cell where the partnership is now", id="grid.now"
        ),
        Binding(
            "t",
            "mark('target')",
            "Mark target",
            tooltip="Mark where you want it to be in several years",
            id="grid.target",
        ),
        Binding("delete,backspace", "clear", "Clear mark", show=False, id="grid.clear"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "grid--axis",
        "grid--cursor",
        "grid--current",
        "grid--target",
        "grid--path",
        "grid--previous",
        "grid--empty",
    }

    DEFAULT_CSS = """
    PartnershipGrid { width: 1fr; min-width: 50; max-width: 96; height: 1fr; min-height: 16; max-height: 34; }
    PartnershipGrid > .grid--axis { color: $text-muted; }
    PartnershipGrid > .grid--empty { color: $text-muted 50%; }
    PartnershipGrid > .grid--cursor { background: $accent 40%; }
    PartnershipGrid:focus > .grid--cursor { background: $accent; color: $text; }
    PartnershipGrid > .grid--current { color: $success; text-style: bold; }
    PartnershipGrid > .grid--target { color: $warning; text-style: bold; }
    PartnershipGrid > .grid--path { color: $warning; }
    PartnershipGrid > .grid--previous { color: $text-muted 70%; }
    """

    cursor: reactive[tuple[int, int]] = reactive((1, 1), repaint=False)
    """(nature, integration) of the highlighted cell; a move repaints the two rows it touches, not the grid."""
    marks: reactive[Marks] = reactive(Marks)
    previous: reactive[Marks] = reactive(Marks)

    class Marked(Message):
        """The user marked or cleared a cell."""

        def __init__(self, marks: Marks) -> None:
            super().__init__()
            self.marks = marks

    def __init__(
        self,
        grid: Grid,
        marks: Marks,
        previous: Marks | None = None,
        *,
        interactive: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._strips_key: tuple[Size, tuple[int, int], Marks, Marks, bool, str] | None = None
        self._strips: list[Strip] = []
        self.grid = grid
        self.interactive = interactive
        self.can_focus = interactive
        self.set_reactive(PartnershipGrid.marks, marks)
        self.set_reactive(PartnershipGrid.previous, previous or Marks())
        # Start where this review (or else the last one) put the partnership.
        start = marks.current or marks.target or (previous.current if previous else None)
        if start:
            self.set_reactive(PartnershipGrid.cursor, (start.nature, start.integration))

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        _, cell_h = self._cell_size()
        for _, row in {old, new}:
            top = 1 + (self.grid.size - row) * cell_h  # below the title line, the highest row first
            self.refresh(Region(0, top, self.size.width, cell_h))

    def action_move(self, dx: int, dy: int) -> None:
        x, y = self.cursor
        size = self.grid.size
        self.cursor = (min(max(x + dx, 1), size), min(max(y + dy, 1), size))

    def _cell(self) -> Cell:
        return Cell(nature=self.cursor[0], integration=self.cursor[1])

    def action_mark(self, which: str) -> None:
        if not self.interactive:
            return
        marks = Marks(**{"current": self.marks.current, "target": self.marks.target, which: self._cell()})
        self.marks = marks
        self.post_message(self.Marked(marks))

    def action_clear(self) -> None:
        if not self.interactive:
            return
        here = self._cell()
        marks = Marks(
            current=None if self.marks.current == here else self.marks.current,
            target=None if self.marks.target == here else self.marks.target,
        )
        if marks != self.marks:
            self.marks = marks
            self.post_message(self.Marked(marks))

    def _cell_size(self) -> tuple[int, int]:
        """Cell width and height: larger when the widget has room, as on a projector."""
        size = self.grid.size
        width = max(CELL, (self.size.width - GUTTER) // size)
        height = max(2, (self.size.height - 4) // size)
        return width, height

    def on_click(self, event) -> None:
        # Clicking a cell moves the cursor there; the keys then mark it.
        cell_w, cell_h = self._cell_size()
        x = (event.x - GUTTER) // cell_w + 1
        y = self.grid.size - (event.y - 1) // cell_h
        if 1 <= x <= self.grid.size and 1 <= y <= self.grid.size:
            self.cursor = (x, y)
            self.focus()

    def _glyphs(self) -> dict[tuple[int, int], tuple[str, str]]:
        """What to draw in each marked cell: (text, component class)."""
        glyphs: dict[tuple[int, int], tuple[str, str]] = {}

        def draw(marks: Marks, style: str, now: str, aim: str, path_style: str) -> None:
            if marks.current and marks.target:
                sign = arrow_between(marks.current, marks.target)
                for cell in path_cells(marks.current, marks.target):
                    glyphs[cell] = (sign, path_style)
            if marks.target:
                glyphs[(marks.target.nature, marks.target.integration)] = (aim, style if style else "grid--target")
            if marks.current:
                glyphs[(marks.current.nature, marks.current.integration)] = (now, style if style else "grid--current")

        draw(self.previous, "grid--previous", "○", "◇", "grid--previous")
        draw(self.marks, "", "●", "◆", "grid--path")
        if self.marks.current and self.marks.target and self.marks.current == self.marks.target:
            cell = self.marks.current
            glyphs[(cell.nature, cell.integration)] = ("●◆", "grid--target")
        return glyphs

    def render(self) -> Text:
        """The whole grid as text (for tests and export; the screen draws it line by line below)."""
        text = Text(no_wrap=True)
        for n, parts in enumerate(self._line_parts()):
            if n:
                text.append("\n")
            for part, style in parts:
                text.append(part, style)
        return text

    def render_line(self, y: int) -> Strip:
        # Drawn from segments cached for the current state: a cursor move rebuilds forty short
        # lines of segments instead of re-rendering and re-wrapping the grid as rich text.
        width = self.content_size.width
        key = (self.size, self.cursor, self.marks, self.previous, self.has_focus, self.app.theme)
        if self._strips_key != key:
            self._strips_key = key
            base = self.rich_style
            self._strips = [
                Strip([Segment(part, base + style if style else base) for part, style in parts])
                for parts in self._line_parts()
            ]
        if 0 <= y < len(self._strips):
            return self._strips[y].crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def _line_parts(self) -> list[list[tuple[str, Style | None]]]:
        """Each line of the grid as (text, style) parts."""
        size = self.grid.size
        styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        axis = styles["grid--axis"]
        glyphs = self._glyphs()
        integration, nature = self.grid.integration, self.grid.nature
        cell_w, cell_h = self._cell_size()
        lines: list[list[tuple[str, Style | None]]] = []
        title = f"{integration.title}" + (f" ({integration.subtitle})" if integration.subtitle else "")
        lines.append([(f"{title:^{GUTTER + size * cell_w}}", axis)])
        blank = " " * (GUTTER - 1) + "│"
        middle = (cell_h - 1) // 2  # the glyph and the row label sit on the middle line
        for y in range(size, 0, -1):
            for line in range(cell_h):
                parts: list[tuple[str, Style | None]]
                if line == middle:
                    label = integration.high if y == size else integration.low if y == 1 else ""
                    parts = [(f"{label:>7} {y} │", axis)]
                else:
                    parts = [(blank, axis)]
                for x in range(1, size + 1):
                    glyph, style_name = glyphs.get((x, y), ("·", "grid--empty"))
                    if line != middle:
                        glyph = ""
                    style = styles[style_name] if glyph else None
                    if self.interactive and self.cursor == (x, y):
                        style = (style or styles["grid--empty"]) + styles["grid--cursor"]
                    parts.append((f"{glyph:^{cell_w}}", style))
                lines.append(parts)
        lines.append([(" " * (GUTTER - 1) + "└" + "─" * (size * cell_w), axis)])
        lines.append([(" " * GUTTER + "".join(f"{x:^{cell_w}}" for x in range(1, size + 1)), axis)])
        width = size * cell_w
        middle_title = nature.title
        gap = max(width - len(nature.low) - len(nature.high) - len(middle_title), 2)
        lines.append(
            [(" " * GUTTER + nature.low + " " * (gap // 2) + middle_title + " " * (gap - gap // 2) + nature.high, axis)]
        )
        # The axes' words are the rubric's, which a plugin may write.
        return [[(inert(part), style) for part, style in parts] for parts in lines]
