"""The presenter layout: one step at a time, in large high-contrast type, for a projector at the front of a room.

It shows what the room needs to see — the step, how many have rated, the
spread once it can be shown, where views differ widely, what was agreed and
why, the countdown and the join code — and keeps the facilitator's keys to one
faint line. The review screen underneath does the work; this only draws it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Static

from maturitytui.model.inert import inert
from maturitytui.model.steps import Step, step_title
from maturitytui.room.board import NO_SCHOOLS, compact, question_board
from maturitytui.room.countdown import clock_words
from maturitytui.room.state import spoken
from maturitytui.ui.widgets.big_text import BigText
from maturitytui.ui.widgets.room_panel import grid_chart, spread_chart

if TYPE_CHECKING:
    from maturitytui.model.session import Facilitation
    from maturitytui.room.host import RoomHost
    from maturitytui.ui.context import ReviewContext


class RoomView(Protocol):
    """What the projector draws, read from the facilitator's review screen (which does all the work)."""

    room: RoomHost
    context: ReviewContext
    index: int
    steps: list[Step]

    @property
    def per_school(self) -> bool: ...

    @property
    def step(self) -> Step: ...
    @property
    def facilitation(self) -> Facilitation: ...
    @property
    def questions(self) -> tuple[str, ...]: ...
    async def run_review_action(self, action: str) -> None:
        """Run one of the review screen's own actions (next, back, reveal, the timer...)."""


class PresenterScreen(Screen[None]):
    """What the room sees on the projector."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,right", "review('next')", "Next", id="presenter.next"),
        Binding("b,left", "review('back')", "Back", id="presenter.back"),
        Binding("r", "review('reveal')", "Reveal", id="presenter.reveal"),
        Binding("v", "review('by_school')", "By school", id="presenter.by_school"),
        Binding("m", "review('timer')", "Timer", id="presenter.timer"),
        Binding("space,full_stop", "review('pause_timer')", "Pause", id="presenter.pause"),
        Binding("plus", "review('extend_timer')", "+1 minute", id="presenter.extend"),
        Binding("escape,p", "app.pop_screen", "Controls", id="presenter.leave"),
    ]

    DEFAULT_CSS = """
    PresenterScreen { background: black; color: white; padding: 1 2; }
    PresenterScreen #presenter-top { height: auto; }
    PresenterScreen #presenter-where { width: 1fr; color: #c0c0c0; }
    PresenterScreen Digits { width: auto; color: yellow; text-style: bold; }
    PresenterScreen Digits.-up { color: red; }
    PresenterScreen #presenter-title { color: white; text-style: bold; margin-bottom: 1; }
    PresenterScreen #presenter-body { height: 1fr; }
    PresenterScreen #presenter-agreed { color: cyan; text-style: bold; }
    PresenterScreen #presenter-reason { color: white; text-style: bold; margin-bottom: 1; }
    PresenterScreen #presenter-join { color: white; text-style: bold; height: 1; }
    PresenterScreen #presenter-keys { color: #808080; height: auto; }
    """

    def __init__(self, review: RoomView) -> None:
        super().__init__()
        self.review = review

    def compose(self) -> ComposeResult:
        with Horizontal(id="presenter-top"):
            yield Static(id="presenter-where")
            yield Digits("", id="presenter-timer")
        yield BigText("", id="presenter-title")
        with VerticalScroll(id="presenter-body", can_focus=False):
            yield Static(id="presenter-spread")
            yield BigText("", id="presenter-agreed")
            yield Static(id="presenter-reason")
        yield Static(id="presenter-join")
        yield Static(
            "n/b step · r reveal · v by school · m timer · space pause · + a minute · Esc the controls",
            id="presenter-keys",
        )

    def on_mount(self) -> None:
        self.room_changed()
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        countdown, now = self.review.room.countdown, self.review.room.clock()
        timer = self.query_one(Digits)
        timer.display = countdown.set
        clock = clock_words(countdown.remaining(now))
        if timer.value != clock:
            timer.update(clock)
        timer.set_class(countdown.up(now), "-up")

    async def action_review(self, action: str) -> None:
        # The review screen redraws this one whenever what it shows changes.
        await self.review.run_review_action(action)

    def room_changed(self) -> None:
        """Draw the step as the room now stands."""
        review = self.review
        context = review.context
        session = context.session
        self.query_one("#presenter-where", Static).update(
            Text(inert(f"{session.partnership} · step {review.index + 1} of {len(review.steps)}"))
        )
        self.query_one("#presenter-title", BigText).update(step_title(context.rubric, review.step))
        questions = review.questions
        body = Text()
        agreed_words = []
        reasons = []
        for key in questions:
            board = question_board(context.rubric, session, key, per_school=review.per_school)
            found = board.found
            if len(questions) > 1:
                body.append(inert(board.title) + "\n", style="bold underline")
            if not board.shown:
                body.append(f"{found.rated} of {found.expected} have rated\n\n", style="bold yellow")
            else:
                body.append(f"{found.rated} of {found.expected} have rated\n", style="bold")
                # Long enough to compare, short enough to take in; two rows high when it is the only question.
                body.append_text(
                    grid_chart(found, context.rubric.grid.size, gap=4)
                    if board.grid
                    else spread_chart(
                        found,
                        width=max(10, min(64, self.size.width - 30)),
                        rows=2 if len(questions) == 1 else 1,
                        label_style="bold white",
                    )
                )
                if board.wide:
                    body.append(" VIEWS DIFFER WIDELY: THE PLACE TO TALK \n", style="bold black on yellow")
                if board.schools is not None:
                    if not board.schools:
                        body.append(NO_SCHOOLS + "\n", style="bold")
                    for school, theirs in board.schools.items():
                        body.append(inert(f"{school}: {compact(theirs)}") + "\n", style="bold")
                body.append("\n")
            if board.agreed:
                agreed_words.append(inert(board.agreed))
                if board.reason:
                    reasons.append(inert(board.reason))
        shown: RenderableType = body
        if not questions:
            shown = self._team_results(review.step, body)
        self.query_one("#presenter-spread", Static).update(shown)
        big_agreed = self.query_one("#presenter-agreed", BigText)
        big_agreed.update(f"Agreed: {agreed_words[0]}" if len(questions) == 1 and agreed_words else "")
        big_agreed.display = len(questions) == 1 and bool(agreed_words)
        reason_text = Text()
        if len(questions) > 1 and agreed_words:
            reason_text.append("Agreed: " + " · ".join(agreed_words) + "\n", style="bold cyan")
        if reasons:
            reason_text.append("Why: " + " · ".join(reasons), style="bold")
        self.query_one("#presenter-reason", Static).update(reason_text)
        self.query_one("#presenter-join", Static).update(Text(f"Join code {spoken(review.room.code)}", style="bold"))
        self._tick()

    def _team_results(self, step: Step, text: Text) -> RenderableType:
        """On a questionnaire or exercise step: how many have answered, and the team's results once they may show."""
        from rich.console import Group

        from maturitytui.analysis.tool_summaries import round_words
        from maturitytui.room.host import ANSWERED_ALONE
        from maturitytui.ui.steps.tools import tally_step_class

        context = self.review.context
        tool = context.rubric.tool(step.id) if step.kind == "tool" else None
        if tool is None or tool.kind not in ANSWERED_ALONE:
            text.append("Talk it through together.\n", style="bold")
            return text
        answer = context.session.tools.get(tool.id)
        from maturitytui.model.session import ToolAnswer

        answer = answer or ToolAnswer()
        text.append("Answer on your own device: anonymous, and only the team's results show here.\n", style="bold")
        text.append(inert(round_words(tool, answer)) + "\n\n", style="bold yellow")
        return Group(text, tally_step_class(tool).view(tool, answer.tally))
