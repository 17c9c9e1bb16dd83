"""A trust audit: anonymous answers, one person at a time, summarised item by item."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from maturitytui.analysis.tool_summaries import summarise_audit
from maturitytui.model.inert import inert
from maturitytui.model.tools import Questionnaire
from maturitytui.ui.steps.tool_step import TallyStep
from maturitytui.ui.widgets.bullets import literal


class AuditForm(ModalScreen[dict[str, str]]):
    """One person's answers, one item at a time. Nothing is asked or kept about who they are.

    Returns the answers (item number → value), or None if abandoned (nothing is kept).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "abandon", "Abandon", tooltip="Leave without keeping these answers"),
        Binding("backspace,left", "previous", "Previous item"),
    ]

    DEFAULT_CSS = """
    AuditForm { align: center middle; }
    AuditForm > Vertical { width: 76; }
    AuditForm #audit-progress { color: $text-muted; }
    AuditForm #audit-item { margin: 1 0; text-style: bold; }
    AuditForm OptionList { height: auto; }
    AuditForm #audit-hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, questionnaire: Questionnaire) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.answers: dict[str, str] = {}
        self.index = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="framed"):
            yield Static(id="audit-progress")
            yield Static(id="audit-item")
            yield OptionList(
                *(Option(literal(f"{n}  {p.label}"), id=p.value) for n, p in enumerate(self.questionnaire.scale, 1)),
                id="audit-scale",
            )
            yield Static(
                f"1–{len(self.questionnaire.scale)} or Enter answers and moves on; ← goes back; "
                "Escape abandons without keeping anything. Answers are not linked to anyone.",
                id="audit-hint",
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        item = self.questionnaire.items[self.index]
        total = len(self.questionnaire.items)
        self.query_one("#audit-progress", Static).update(
            literal(f"{self.questionnaire.title} · item {self.index + 1} of {total}")
        )
        self.query_one("#audit-item", Static).update(literal(f"{item.number}. {item.text}"))
        scale = self.query_one(OptionList)
        chosen = self.answers.get(str(item.number))
        values = [p.value for p in self.questionnaire.scale]
        scale.highlighted = values.index(chosen) if chosen in values else 0
        scale.focus()

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            n = int(event.character)
            if 1 <= n <= len(self.questionnaire.scale):
                event.stop()
                self._answer(self.questionnaire.scale[n - 1].value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._answer(self.questionnaire.scale[event.option_index].value)  # the options are the scale, in order

    def _answer(self, value: str) -> None:
        self.answers[str(self.questionnaire.items[self.index].number)] = value
        if self.index + 1 < len(self.questionnaire.items):
            self.index += 1
            self._show()
        else:
            self.dismiss(dict(self.answers))

    def action_previous(self) -> None:
        if self.index:
            self.index -= 1
            self._show()

    def action_abandon(self) -> None:
        self.dismiss(None)


def audit_view(questionnaire: Questionnaire, tally) -> RenderableType:
    """The team's answers item by item, or why they are not shown yet: all a shared screen may show."""
    summary = summarise_audit(questionnaire, tally)
    if not summary.shown:
        return Text(summary.withheld(with_count=False), style="italic")  # the step says how many answered
    unscored = [inert(p.label) for p in questionnaire.scale if p.score is None]  # the questionnaire is a plugin's
    note = Text(
        f"Each item is its own aspect of trust, so there is no overall total. Averages run from "
        f"{summary.items[0].scale_bottom} to {summary.items[0].scale_top}; higher always means more "
        "trust (negatively worded items are reversed)."
        + (f" '{', '.join(unscored)}' answers are counted apart and left out of the average." if unscored else ""),
        style="italic",
    )
    return Group(_table(questionnaire, summary), Text(""), note)


def _table(questionnaire: Questionnaire, summary) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    table.add_column("Item", ratio=1, min_width=24)
    for point in questionnaire.scale:
        table.add_column(Text(inert(point.label)), justify="right", max_width=9)
    table.add_column("Average", justify="right", no_wrap=True)
    for item in summary.items:
        counts = [Text(str(item.counts[p.value]), style="dim" if p.score is None else "") for p in questionnaire.scale]
        mean = "–" if item.mean is None else f"{item.mean:.1f} of {item.scale_top}"
        label = Text(inert(f"{item.number}. {item.text}"))
        if item.reverse:
            label.append("  (worded negatively: its average is reversed)", style="italic dim")
        table.add_row(label, *counts, mean)
    return table


class AuditStep(TallyStep):
    """Who answers, how many have, and once enough have, how they saw each item."""

    form_class = AuditForm
    view = staticmethod(audit_view)

    def body(self) -> ComposeResult:
        q: Questionnaire = self.tool
        who = f"Answered by {q.respondents}" if q.respondents else ""
        about = f" about {q.about.lower()}" if q.about else ""
        yield Static(
            literal(
                f"{who}{about}. Each person answers on their own: press r and hand over the keyboard. "
                "No name is asked for or kept."
            ),
            classes="muted",
        )
        yield Static(id="audit-count", classes="section tally-count")
        yield Static(id="audit-summary", classes="tally-summary")
