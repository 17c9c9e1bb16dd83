"""A checklist such as the ten key messages on JPD: each point not yet, partly or in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from maturitytui.model.session_format import CHECK_LEVELS, CHECK_WORDS
from maturitytui.ui.steps.tool_step import ToolStep
from maturitytui.ui.widgets.bullets import literal

if TYPE_CHECKING:
    from maturitytui.model.session import CheckLevel

LEVEL_MARKS = {"not_yet": ("○", "yellow"), "partly": ("◐", "cyan"), "in_place": ("●", "green"), None: ("·", "dim")}


class ChecklistStep(ToolStep):
    takes_focus = False  # its list or first box does

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"mark({n - 1})", CHECK_WORDS[level], show=False) for n, level in enumerate(CHECK_LEVELS, 1)),
        Binding("delete", "mark(-1)", "Clear", show=False),
    ]

    DEFAULT_CSS = """
    ChecklistStep OptionList { height: auto; max-height: 14; }
    ChecklistStep #implication { color: $text-muted; margin-top: 1; }
    ChecklistStep #marked { color: $success; }
    """

    def body(self) -> ComposeResult:
        yield Static(
            "1 not yet · 2 partly · 3 in place: marks the highlighted point and moves on to the next "
            "(Delete clears). ↑↓ move between points.",
            classes="muted",
        )
        yield OptionList(*self._options(), id="checklist")
        yield Static(id="marked")
        yield Static(id="implication")

    def _options(self) -> list[Option]:
        return [Option(self._prompt(n)) for n in range(len(self.tool.items))]

    def _prompt(self, index: int) -> Text:
        item = self.tool.items[index]
        level = self.answer.checks.get(item.id)
        mark, style = LEVEL_MARKS[level]
        prompt = Text(f"{mark} ", style=style) + Text(f"{index + 1}. {item.text}")
        if level:
            prompt.append(f"  ({CHECK_WORDS[level]})", style=style)
        return prompt

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.highlighted = 0
        listing.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = self.tool.items[event.option_index]
        text = f"In practice: {item.implication}" if item.implication else ""
        self.query_one("#implication", Static).update(literal(text))

    def action_mark(self, index: int) -> None:
        listing = self.query_one(OptionList)
        if self.context.read_only or listing.highlighted is None:
            return
        key = self.tool.items[listing.highlighted].id
        checks = dict(self.answer.checks)
        if index < 0:
            checks.pop(key, None)
        else:
            checks[key] = cast("CheckLevel", CHECK_LEVELS[index])  # CHECK_LEVELS holds the CheckLevel values
        self.answer.checks = checks
        keep = listing.highlighted
        listing.replace_option_prompt_at_index(keep, self._prompt(keep))  # only the point marked is redrawn
        after = min(keep + (index >= 0), len(self.tool.items) - 1)
        listing.highlighted = after
        said = f"Point {keep + 1}: {CHECK_WORDS[checks[key]]}" if index >= 0 else f"Point {keep + 1}: cleared"
        if after != keep:
            said += f". On to point {after + 1}."
        self.query_one("#marked", Static).update(said)
        self.changed()
