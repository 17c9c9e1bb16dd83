"""A ranking exercise such as Box 4: each person's private picks, only the team's picture shown."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from maturitytui.analysis.tool_summaries import ranking_problems, summarise_exercise, team_picks
from maturitytui.model.inert import inert
from maturitytui.model.tools import Exercise
from maturitytui.ui.steps.tool_step import TallyStep
from maturitytui.ui.widgets.bullets import literal

PAGES = (
    ("own_strongest", "strongest", "yourself"),
    ("own_weakest", "weakest", "yourself"),
    ("team_strongest", "strongest", "the team"),
    ("team_weakest", "weakest", "the team"),
)


class RankingForm(ModalScreen[dict[str, str]]):
    """One person's four private picks, a page each.

    Returns the picks for the team (their own picks are only for them to think with, and are never kept),
    or None if abandoned.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "abandon", "Abandon"),
        Binding("enter", "next_page", "Next", priority=True),
    ]

    DEFAULT_CSS = """
    RankingForm { align: center middle; }
    RankingForm > Vertical { width: 64; }
    RankingForm SelectionList { height: auto; max-height: 16; }
    RankingForm #ranking-error { color: $error; }
    RankingForm .muted { color: $text-muted; }
    """

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise
        self.picks: dict[str, list[str]] = {}
        self.page = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="framed"):
            yield Static(id="ranking-title")
            yield SelectionList(*((literal(d), d) for d in self.exercise.dimensions), id="ranking-list")
            yield Static("", id="ranking-error")
            yield Static(
                "Space picks or unpicks; Enter moves on; Escape abandons without keeping anything. "
                "Your picks for yourself are for you alone and are not kept; your picks for the team "
                "are only ever added to everyone else's.",
                classes="muted",
            )

    def on_mount(self) -> None:
        self._show()

    def _want(self) -> int:
        return getattr(self.exercise, PAGES[self.page][1])

    def _show(self) -> None:
        field, which, who = PAGES[self.page]
        taken = set(self.picks.get(PAGES[self.page - 1][0], [])) if self.page % 2 else set()
        self.query_one("#ranking-title", Static).update(
            literal(f"{self.exercise.title}\nStep {self.page + 1} of 4: the {self._want()} {which} for {who}")
        )
        listing = self.query_one(SelectionList)
        listing.clear_options()
        listing.add_options(
            [(literal(d), d, d in self.picks.get(field, [])) for d in self.exercise.dimensions if d not in taken]
        )
        listing.highlighted = 0  # so the first space picks, rather than only highlighting
        listing.focus()

    def action_next_page(self) -> None:
        field = PAGES[self.page][0]
        chosen = list(self.query_one(SelectionList).selected)
        if len(chosen) != self._want():
            self.query_one("#ranking-error", Static).update(f"Pick exactly {self._want()} ({len(chosen)} so far).")
            return
        self.query_one("#ranking-error", Static).update("")
        self.picks[field] = [d for d in self.exercise.dimensions if d in chosen]
        if self.page < len(PAGES) - 1:
            self.page += 1
            self._show()
            return
        own = (self.picks["own_strongest"], self.picks["own_weakest"])
        team = (self.picks["team_strongest"], self.picks["team_weakest"])
        if not ranking_problems(self.exercise, own, team):
            self.dismiss(team_picks(*team))

    def action_abandon(self) -> None:
        self.dismiss(None)


def exercise_view(exercise: Exercise, tally) -> RenderableType:
    """The team's picks, dimension by dimension, or why they are not shown yet: all a shared screen may show."""
    summary = summarise_exercise(exercise, tally)
    if not summary.shown:
        return Text(summary.withheld(with_count=False), style="italic")  # the step says how many answered
    talk = set(summary.to_talk_about())
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("Dimension")
    table.add_column("Among the team's strongest", justify="right")
    table.add_column("Among the team's weakest", justify="right")
    table.add_column("")
    for dimension in summary.strongest:
        flag = (
            Text("← some see a strength, others a weakness: talk about this first", style="bold yellow")
            if dimension in talk
            else Text("")
        )
        table.add_row(Text(inert(dimension)), str(summary.strongest[dimension]), str(summary.weakest[dimension]), flag)
    return table


class RankingStep(TallyStep):
    form_class = RankingForm
    view = staticmethod(exercise_view)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "respond", "Add picks", tooltip="One more person makes their private picks", id="ranking.respond")
    ]

    def body(self) -> ComposeResult:
        steps = "\n".join(f"{n}. {text}" for n, text in enumerate(self.tool.steps, 1))
        yield Static(literal(steps), classes="muted")
        e = self.tool
        yield Static(
            literal(
                f"Each person presses r and makes their picks alone: the {e.strongest} strongest and "
                f"{e.weakest} weakest, for themselves and then for the team. Only the team's picture "
                "is kept and shown." + (f" {e.privacy}" if e.privacy else "")
            ),
            classes="muted",
        )
        yield Static(id="ranking-count", classes="section tally-count")
        yield Static(id="ranking-summary", classes="tally-summary")
