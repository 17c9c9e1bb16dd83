"""The screen's title and subtitle, wrapped rather than cut: a partnership's name can be long."""

from __future__ import annotations

from textual.widgets import Static

from maturitytui.ui.widgets.bullets import literal


class TitleBar(Static):
    """A title line like Textual's Header, which keeps to one line and cuts a long title with "…"; this one wraps."""

    DEFAULT_CSS = """
    TitleBar { dock: top; width: 100%; height: auto; padding: 0 1; background: $panel; color: $foreground;
        text-align: center; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._show)
        self.watch(self.screen, "sub_title", self._show)

    def _show(self, _: object = None) -> None:
        screen = self.screen
        parts = [part for part in (screen.title or self.app.title, screen.sub_title) if part]
        self.update(literal(" — ".join(parts)))
