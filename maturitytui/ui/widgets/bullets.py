"""Bulleted text with a hanging indent, wrapped by hand so layout stays cheap.

A strand screen shows up to forty indicators; laying them out as Rich tables
costs a visible pause on every step, so lines are wrapped here once per width
and cached.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static


def literal(text: str) -> Content:
    """Text shown exactly as typed: square brackets in a name or a reason are not markup."""
    return Content(text)


def update_if_changed(static: Static, text: str) -> None:
    """Update a Static with literal text, only when it really changes: every update costs a new layout."""
    if str(static.content) != text:
        static.update(literal(text))


class BulletText(Widget):
    """An optional bold title, then one bullet per item, wrapped with a hanging indent."""

    DEFAULT_CSS = "BulletText { height: auto; }"

    def __init__(
        self,
        items: list[str],
        *,
        glyph: str = "•",
        title: Text | str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.items = items
        self.glyph = glyph
        self.title = Text(title) if isinstance(title, str) else title
        self._cache: dict[int, list[Content]] = {}
        self._strips_key: tuple[int, Style] | None = None
        self._strips: list[Strip] = []
        self._style: Style | None = None

    def set_content(self, items: list[str], title: Text | str | None = None) -> None:
        width = self.content_size.width
        before = len(self._lines(width)) if width else None
        self.items = items
        self.title = Text(title) if isinstance(title, str) else title
        self._cache.clear()
        self._strips_key = None
        # Only a change of height needs a new layout; a repaint is much cheaper.
        self.refresh(layout=before is None or len(self._lines(width)) != before)

    def plain(self) -> str:
        """All the text, unwrapped (for tests and screen readers)."""
        parts = [self.title.plain] if self.title is not None else []
        return " ".join(parts + [f"{self.glyph} {item}" for item in self.items])

    def _lines(self, width: int) -> list[Content]:
        prefix = f"{self.glyph} "
        indent = " " * len(prefix)
        width = max(width, len(prefix) + 1)
        if width not in self._cache:
            lines: list[Content] = []
            if self.title is not None:
                lines.extend(Content.from_rich_text(self.title).wrap(width))
            for item in self.items:
                # Wrapped by terminal cells, not characters, so wide scripts fit too.
                wrapped = [str(line).strip() for line in Content(item).wrap(width - len(prefix))] or [""]
                lines.append(Content(prefix + wrapped[0]))
                lines.extend(Content(indent + line) for line in wrapped[1:])
            self._cache[width] = lines
        return self._cache[width]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        # Lines are wrapped once per width and turned into strips once per style, so a
        # repaint (the cursor moving between stage cards) costs no wrapping at all.
        width = self.content_size.width
        if self._style is None:
            self._style = self.rich_style  # walks every ancestor: once per style change, not once per line
        style = self._style
        key = (width, style)
        if self._strips_key != key:
            self._strips_key = key
            self._strips = [
                Strip(line.render_segments(self.visual_style), line.cell_length).apply_style(style)
                for line in self._lines(width)
            ]
        if 0 <= y < len(self._strips):
            return self._strips[y].crop_extend(0, width, style)
        return Strip.blank(width, style)
