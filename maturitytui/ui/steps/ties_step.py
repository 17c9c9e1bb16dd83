"""The strong- and weak-ties guide: tag the partnership, and see every partnership of its schools together."""

from __future__ import annotations

from typing import Literal

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import RadioButton, RadioSet, Static

from maturitytui.analysis.alliance import portfolio, ties_words
from maturitytui.model.inert import inert
from maturitytui.store.names import partnership_key
from maturitytui.ui.steps.tool_step import ToolStep
from maturitytui.ui.widgets.bullets import literal

STRENGTHS = ("strong", "weak")
REACHES = ("bonding", "bridging")
QUESTIONS: tuple[Literal["strength", "reach"], ...] = ("strength", "reach")
"""The tie guide's two questions, each a RadioSet of that id."""


class Choice(RadioButton):
    """A radio button whose mark has a different shape when chosen, so it reads without colour too."""

    BUTTON_INNER = "○"

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = "●" if self.value else "○"


class TiesStep(ToolStep):
    takes_focus = False  # its list or first box does

    DEFAULT_CSS = """
    TiesStep #tie-choices { height: auto; }
    TiesStep RadioSet { height: auto; width: 26; margin-right: 2; }
    TiesStep #fit-note { color: $success; margin-top: 1; }
    """

    _glances = None

    def body(self) -> ComposeResult:
        # The question first, so it is on screen when the step opens; the guide to answering it below.
        yield Static(
            "This partnership's ties are… (↑↓ and Enter choose; tab to the second question)", classes="section"
        )
        with Horizontal(id="tie-choices"):
            strength = self.answer.ties.get("strength")
            with RadioSet(id="strength", disabled=self.context.read_only):
                for value in STRENGTHS:
                    yield Choice(f"{value} ties", value=strength == value, name=value)
            reach = self.answer.ties.get("reach")
            with RadioSet(id="reach", disabled=self.context.read_only):
                for value in REACHES:
                    yield Choice(value, value=reach == value, name=value)
        meanings = [
            f"{value.capitalize()}: {text}"
            for value, text in (*self.tool.strength.items(), *self.tool.reach.items())
            if text
        ]
        yield Static(literal("\n".join(meanings)), classes="muted")
        if self.tool.fit_note:
            yield Static(literal(self.tool.fit_note), id="fit-note")
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
        table.add_column("Strong ties help most when…", ratio=1)
        table.add_column("Weak ties help most when…", ratio=1)
        for pair in self.tool.pairs:
            table.add_row(Text(inert(pair.strong)), Text(inert(pair.weak)))
        yield Static(table, classes="section")
        yield Static("Each school's partnerships", classes="section")
        yield Static(self._portfolio(), id="portfolio")

    def _portfolio(self) -> Table | Text:
        """Every partnership each school of this one belongs to, as the store has them: a portfolio, not a league."""
        catalogue = self.context.catalogue
        schools = self.context.session.schools
        if catalogue is None or not schools:
            return Text(
                "Name the partnership's schools (on the start screen, with a new review) to see each "
                "school's other partnerships here.",
                style="italic",
            )
        table = Table(box=None, padding=(0, 1), show_edge=False)
        table.add_column("School")
        table.add_column("Partnership")
        table.add_column("Ties")
        table.add_column("Grid now (integration, nature)")
        this = partnership_key(self.context.session.partnership)
        if self._glances is None:  # the store is read once; choosing a tag only redraws this partnership's row
            self._glances = portfolio(catalogue, schools)
        for school, glances in self._glances.items():
            for n, g in enumerate(glances):
                ties = dict(self.answer.ties) if g.latest.key == this else g.latest.ties
                table.add_row(
                    Text(inert(school) if n == 0 else ""), Text(inert(g.partnership)), ties_words(ties), g.grid_words()
                )
        return table

    def on_mount(self) -> None:
        self.query_one("#strength", RadioSet).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        question = event.radio_set.id
        if self.context.read_only or question not in QUESTIONS:
            return
        value = event.pressed.name  # every button is named by its value
        if value is None or self.answer.ties.get(question) == value:
            return
        self.answer.ties = {**self.answer.ties, question: value}
        self.changed()
        self.query_one("#portfolio", Static).update(self._portfolio())
