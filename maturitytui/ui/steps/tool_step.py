"""What every questionnaire, exercise and companion step shares: its heading, skipping, and saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from maturitytui.analysis.tool_summaries import can_close, close_round, round_words, take_part
from maturitytui.model.session import Tally, ToolAnswer
from maturitytui.ui.context import Answered, ReviewContext
from maturitytui.ui.widgets.bullets import literal, update_if_changed


class ToolStep(VerticalScroll, can_focus=True):
    """A tool on its own step. ``s`` skips it for this review; answering it undoes the skip."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "skip", "Skip", tooltip="Pass over this in this review", id="tool.skip"),
        Binding(
            "g",
            "guidance",
            "Guide",
            tooltip="What the source advises before running it, and what to do with the results",
            id="tool.guidance",
        ),
    ]

    DEFAULT_CSS = """
    ToolStep { height: 1fr; }
    ToolStep #tool-heading { text-style: bold; }
    ToolStep #tool-intro { color: $text-muted; }
    ToolStep #tool-cite { color: $text-muted; margin-top: 1; text-style: italic; }
    ToolStep #tool-status { color: $warning; margin-bottom: 1; }
    ToolStep #tool-guidance-hint { color: $text-muted; }
    ToolStep .section { margin-top: 1; text-style: bold; }
    ToolStep .muted { color: $text-muted; }
    """

    takes_focus = True
    """Whether the step itself takes the focus (so its keys work at once); False where a child of it does."""

    def __init__(self, context: ReviewContext, tool) -> None:
        super().__init__()
        self.context = context
        self.tool = tool
        self.answer: ToolAnswer = context.session.tools.get(tool.id) or ToolAnswer()

    def compose(self) -> ComposeResult:
        origin = f" · added by {self.tool.added_by}" if self.tool.added_by else ""
        yield Static(literal(f"{self.tool.title}"), id="tool-heading")
        intro = getattr(self.tool, "intro", "") or getattr(self.tool, "note", "")
        yield Static(literal(intro), id="tool-intro")
        status = Static(literal(self.status()), id="tool-status")
        status.display = bool(self.status())
        yield status
        if self.guidance():
            yield Static(
                "g: how to run it, and what to do with the results, as the source advises", id="tool-guidance-hint"
            )
        yield from self.body()
        # Where it comes from, at the foot: the step opens on what to do.
        cite = f"Source: {self.tool.cite}{origin}" if self.tool.cite else origin.lstrip(" ·")
        yield Static(literal(cite), id="tool-cite")

    def guidance(self) -> list[tuple[str, list[str]]]:
        """Before running it and with its results: the tool's own advice first, then what the rubric gives for
        every questionnaire."""
        shared = self.context.rubric.audit_guidance if self.tool.kind == "questionnaire" else None
        before = [*getattr(self.tool, "before", []), *(shared.before if shared else [])]
        after = [*getattr(self.tool, "after", []), *(shared.after if shared else [])]
        sections = [("Before you run it", before), ("With the results", after)]
        return [(name, [idea.cited() for idea in ideas]) for name, ideas in sections if ideas]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.guidance()) if action == "guidance" else True

    def action_guidance(self) -> None:
        from maturitytui.ui.dialogs.common import GuidanceScreen

        self.app.push_screen(GuidanceScreen(self.tool.title, self.guidance()))

    def body(self) -> ComposeResult:  # pragma: no cover - every tool step has its own
        yield from ()

    def on_mount(self) -> None:
        if self.takes_focus:
            self.focus()

    def status(self) -> str:
        return "Skipped in this review (answer anything to take it up again)." if self.answer.skipped else ""

    def changed(self, *, debounce: bool = False) -> None:
        """Record the answer in the session (answering undoes a skip) and save it (after a pause, for typing)."""
        self._record(skipped=False, debounce=debounce)

    def action_skip(self) -> None:
        if self._record(skipped=True):
            self.app.call_later(self.screen.run_action, "next")

    def _record(self, *, skipped: bool, debounce: bool = False) -> bool:
        if self.context.read_only:
            return False
        self.answer.skipped = skipped
        self.context.session.tools = {**self.context.session.tools, self.tool.id: self.answer}
        status = self.query_one("#tool-status", Static)
        update_if_changed(status, self.status())
        status.display = bool(self.status())
        self.post_message(Answered(debounce=debounce))
        return True


class TallyStep(ToolStep):
    """A questionnaire or exercise: one person at a time through a private form, added to the tally, shown in rounds.

    A step names the form one person fills in (``form_class``) and how the team's results are shown (``view``,
    which a shared screen uses too), and yields a ``.tally-count`` and a ``.tally-summary`` in its body.
    """

    form_class: type[ModalScreen[dict[str, str]]]
    """Takes the tool; returns one person's answers, or None if they abandon it."""
    view: Callable[[Any, Tally], RenderableType]  # (tool, tally) -> what may be shown of the team's answers

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "respond", "Add answers", tooltip="One more person answers, anonymously", id="tally.respond"),
        Binding(
            "c",
            "close_round",
            "Close the round",
            tooltip="Show the answers so far (two people at least)",
            id="tally.close",
        ),
    ]

    def on_mount(self) -> None:
        self.show_tally()

    def form(self) -> ModalScreen[dict[str, str]]:
        return self.form_class(self.tool)

    def show_summary(self) -> None:
        self.query_one(".tally-summary", Static).update(self.view(self.tool, self.answer.tally))

    def show_tally(self, answer: ToolAnswer | None = None) -> None:
        """Show the count and the team's results again (with ``answer``, the review's record, as it now is)."""
        if answer is not None:
            self.answer = answer
        self.query_one(".tally-count", Static).update(round_words(self.tool, self.answer))
        self.show_summary()

    def _recorded(self) -> None:
        self.changed()
        self.show_tally()

    def action_respond(self) -> None:
        if self.context.read_only:
            return

        def done(answers: dict[str, str] | None) -> None:
            if answers is not None:
                take_part(self.tool, self.answer, answers)  # added to the tally at once; never kept on its own
                self._recorded()

        self.app.push_screen(self.form(), done)

    def action_close_round(self) -> None:
        if self.context.read_only:
            return
        if not can_close(self.answer):
            self.notify(
                "A round is closed once two people at least have answered in it, so that what it adds "
                "is never one person's answers.",
                title="Not yet",
                severity="warning",
            )
            return
        close_round(self.answer)
        self._recorded()
