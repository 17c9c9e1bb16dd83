"""A checklist such as the ten key messages on JPD: each point not yet, partly or in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from maturitytui.model.inert import inert
from maturitytui.model.session_format import CHECK_LEVELS, CHECK_WORDS
from maturitytui.ui.steps.tool_step import ToolStep
from maturitytui.ui.widgets.bullets import literal

if TYPE_CHECKING:
    from maturitytui.model.session import CheckLevel

LEVEL_MARKS = {"not_yet": ("○", "yellow"), "partly": ("◐", "cyan"), "in_place": ("●", "green"), None: ("·", "dim")}


class CheckPoint(Static, can_focus=True):
    """One point of a checklist, with its mark; ↑↓ move between points."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "app.focus_previous", "Previous point", show=False),
        Binding("down", "app.focus_next", "Next point", show=False),
    ]

    DEFAULT_CSS = """
    CheckPoint { padding: 0 1; }
    CheckPoint:focus { background: $accent 30%; }
    """

    def __init__(self, index: int) -> None:
        super().__init__(id=f"point-{index + 1}")
        self.index = index

    def on_focus(self) -> None:
        self.post_message(ChecklistStep.PointFocused(self.index))


class ChecklistStep(ToolStep):
    """Each point its own line, so the step scrolls as one and the point being marked is always in view."""

    takes_focus = False  # its first point does

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"mark({n - 1})", CHECK_WORDS[level], show=False) for n, level in enumerate(CHECK_LEVELS, 1)),
        Binding("delete", "mark(-1)", "Clear", show=False),
    ]

    DEFAULT_CSS = """
    ChecklistStep #implication { color: $text-muted; margin-top: 1; }
    ChecklistStep #marked { color: $success; }
    """

    class PointFocused(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def body(self) -> ComposeResult:
        yield Static(
            "1 not yet · 2 partly · 3 in place: marks the highlighted point and moves on to the next "
            "(Delete clears). ↑↓ move between points.",
            classes="muted",
        )
        for n in range(len(self.tool.items)):
            yield self._point(n)
        yield Static(id="marked")
        yield Static(id="implication")

    def _point(self, index: int) -> CheckPoint:
        point = CheckPoint(index)
        point.update(self._prompt(index))
        return point

    def _prompt(self, index: int) -> Text:
        item = self.tool.items[index]
        level = self.answer.checks.get(item.id)
        mark, style = LEVEL_MARKS[level]
        prompt = Text(f"{mark} ", style=style) + Text(inert(f"{index + 1}. {item.text}"))
        if level:
            prompt.append(f"  ({CHECK_WORDS[level]})", style=style)
        return prompt

    def on_mount(self) -> None:
        if points := self.query(CheckPoint):
            points.first().focus(scroll_visible=False)
        self.call_after_refresh(self.scroll_home, animate=False)  # the step opens at its heading

    def on_checklist_step_point_focused(self, event: PointFocused) -> None:
        item = self.tool.items[event.index]
        text = f"In practice: {item.implication}" if item.implication else ""
        self.query_one("#implication", Static).update(literal(text))

    def action_mark(self, index: int) -> None:
        focused = self.app.focused
        if self.context.read_only or not isinstance(focused, CheckPoint):
            return
        keep = focused.index
        key = self.tool.items[keep].id
        checks = dict(self.answer.checks)
        if index < 0:
            checks.pop(key, None)
        else:
            checks[key] = cast("CheckLevel", CHECK_LEVELS[index])  # CHECK_LEVELS holds the CheckLevel values
        self.answer.checks = checks
        focused.update(self._prompt(keep))  # only the point marked is redrawn
        after = min(keep + (index >= 0), len(self.tool.items) - 1)
        if after != keep:
            self.query_one(f"#point-{after + 1}", CheckPoint).focus()
        said = f"Point {keep + 1}: {CHECK_WORDS[checks[key]]}" if index >= 0 else f"Point {keep + 1}: cleared"
        if after != keep:
            said += f". On to point {after + 1}."
        self.query_one("#marked", Static).update(said)
        self.changed()
