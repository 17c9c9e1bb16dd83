"""Bulleted text with a hanging indent, wrapped by hand so layout stays cheap.

A strand screen shows up to forty indicators; laying them out as Rich tables
costs a visible pause on every step, so lines are wrapped here once per width
and cached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from maturitytui.model.inert import inert

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


def literal(text: str) -> Content:
    """Text shown as typed: square brackets in a name or a reason are not markup, and control characters
    (an escape sequence in a hand-edited file) are shown as U+FFFD, never sent to the terminal."""
    return Content(inert(text))


def update_if_changed(static: Static, text: str) -> None:
    """Update a Static with literal text, only when it really changes, and lay the screen out again only when the
    new text could change the Static's size: a layout of a long screen costs more than the key that changed it."""
    content = literal(text)
    if str(static.content) == str(content):
        return
    width = static.content_size.width
    fixed_width = static.styles.width is None or not static.styles.width.is_auto
    rules = cast("RulesMap", static.styles)  # as Textual measures a widget's content: its styles are the rules
    same_height = (
        fixed_width and width > 0 and static.visual.get_height(rules, width) == content.get_height(rules, width)
    )
    static.update(content, layout=not same_height)


class BulletText(Widget):
    """An optional bold title, then one bullet per item, wrapped with a hanging indent.

    Items and a title given as a string are shown inert (see ``literal``); a title given as Rich text is shown
    as it is, so whoever builds it makes what it holds inert.
    """

    DEFAULT_CSS = "BulletText { height: auto; }"

    # A stage card is drawn in two styles (chosen or not); keeping both means moving the
    # cursor and choosing never turn the same lines into strips twice.
    _STYLES_KEPT = 2

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
        self.title = Text(inert(title)) if isinstance(title, str) else title
        self._item_lines: dict[int, list[Content]] = {}
        self._title_lines: dict[int, list[Content]] = {}
        self._item_strips: dict[tuple[int, Style], list[Strip]] = {}
        self._title_strips: dict[tuple[int, Style], list[Strip]] = {}
        self._style: Style | None = None

    def set_content(self, items: list[str], title: Text | str | None = None) -> None:
        width = self.content_size.width
        before = len(self._lines(width)) if width else None
        if items != self.items:
            self.items = items
            self._item_lines.clear()
            self._item_strips.clear()
        self.title = Text(inert(title)) if isinstance(title, str) else title
        self._title_lines.clear()
        self._title_strips.clear()
        # Only a change of height needs a new layout; a repaint is much cheaper.
        self.refresh(layout=before is None or len(self._lines(width)) != before)

    def plain(self) -> str:
        """All the text, unwrapped (for tests and screen readers)."""
        parts = [self.title.plain] if self.title is not None else []
        return " ".join(parts + [f"{self.glyph} {inert(item)}" for item in self.items])

    def _wrapped_title(self, width: int) -> list[Content]:
        if width not in self._title_lines:
            title = self.title
            self._title_lines[width] = [] if title is None else list(Content.from_rich_text(title).wrap(width))
        return self._title_lines[width]

    def _wrapped_items(self, width: int) -> list[Content]:
        prefix = f"{self.glyph} "
        indent = " " * len(prefix)
        if width not in self._item_lines:
            lines: list[Content] = []
            for item in self.items:
                # Wrapped by terminal cells, not characters, so wide scripts fit too.
                wrapped = [str(line).strip() for line in literal(item).wrap(width - len(prefix))] or [""]
                lines.append(Content(prefix + wrapped[0]))
                lines.extend(Content(indent + line) for line in wrapped[1:])
            self._item_lines[width] = lines
        return self._item_lines[width]

    def _lines(self, width: int) -> list[Content]:
        width = max(width, len(self.glyph) + 2)
        return self._wrapped_title(width) + self._wrapped_items(width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def _strips_of(
        self, cache: dict[tuple[int, Style], list[Strip]], lines: list[Content], width: int, style: Style
    ) -> list[Strip]:
        key = (width, style)
        if key not in cache:
            if len(cache) >= self._STYLES_KEPT:
                cache.clear()
            cache[key] = [
                Strip(line.render_segments(self.visual_style), line.cell_length).apply_style(style) for line in lines
            ]
        return cache[key]

    def render_line(self, y: int) -> Strip:
        # Lines are wrapped once per width and turned into strips once per style, so a
        # repaint (the cursor moving between stage cards) costs no wrapping at all; a new
        # title (a stage chosen) wraps and renders the title alone.
        width = self.content_size.width
        if self._style is None:
            self._style = self.rich_style  # walks every ancestor: once per style change, not once per line
        style = self._style
        wrap_width = max(width, len(self.glyph) + 2)
        title = self._strips_of(self._title_strips, self._wrapped_title(wrap_width), width, style)
        if y < len(title):
            return title[y].crop_extend(0, width, style)
        items = self._strips_of(self._item_strips, self._wrapped_items(wrap_width), width, style)
        y -= len(title)
        if 0 <= y < len(items):
            return items[y].crop_extend(0, width, style)
        return Strip.blank(width, style)
