"""Questions every partner school answers in its own words, such as what each can offer and hopes to gain."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from maturitytui.analysis.tool_summaries import one_sided
from maturitytui.ui.steps.tool_step import ToolStep
from maturitytui.ui.widgets.bullets import literal
from maturitytui.ui.widgets.fields import Field


def _field_id(school: int, prompt: str) -> str:
    return f"p-{school}-{prompt}"


class PromptsStep(ToolStep):
    DEFAULT_CSS = """
    PromptsStep .school-block { height: auto; }
    PromptsStep Label { width: 100%; }  /* a long question wraps */
    PromptsStep .school { margin-top: 1; text-style: bold; }
    PromptsStep #one-sided { color: $warning; margin-top: 1; }
    """

    def schools(self) -> list[str]:
        # The review's schools, then any a saved answer names; one line for the partnership if none are named.
        named = list(self.context.session.schools) or ["Our school"]
        return [*named, *(s for s in self.answer.prompts if s not in named)]

    def body(self) -> ComposeResult:
        yield Static(
            "Every school answers every question, so no partner is only a giver or only a receiver. "
            "Tab goes into the boxes and between them, Escape leaves them; what is typed is saved as it "
            "is typed.",
            classes="muted",
        )
        for n, school in enumerate(self.schools()):
            with Vertical(classes="school-block"):
                yield Static(literal(school), classes="school")
                for prompt in self.tool.prompts:
                    yield Label(literal(prompt.text))
                    yield Field(
                        self.answer.prompts.get(school, {}).get(prompt.id, ""),
                        id=_field_id(n, prompt.id),
                        disabled=self.context.read_only,
                    )
        yield Static(id="one-sided")

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave_box", "Leave the box", show=False)]

    def on_mount(self) -> None:
        self._remind()

    def action_leave_box(self) -> None:
        # Out of the text boxes, so n, b and s work again.
        self.focus()

    def _remind(self) -> None:
        gaps = one_sided(self.tool, self.answer.prompts, self.schools())
        self.query_one("#one-sided", Static).update(literal("\n".join(f"• {gap}" for gap in gaps)))

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.context.read_only or not event.input.id:
            return
        _, school_index, prompt_id = event.input.id.split("-", 2)
        school = self.schools()[int(school_index)]
        answers = {s: dict(a) for s, a in self.answer.prompts.items()}
        if answers.get(school, {}).get(prompt_id, "") == event.value:
            return
        answers.setdefault(school, {})[prompt_id] = event.value
        self.answer.prompts = answers
        self._remind()
        self.changed(debounce=True)  # typing: saved after a pause, like evidence
