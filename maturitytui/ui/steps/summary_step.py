"""The summary: the grid arrow, the strands as a heat map, the criteria, the action plan, what is unanswered,
printing, and finishing."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from maturitytui.analysis.plan import action_plan
from maturitytui.analysis.review import (
    RATING_LABELS,
    answers_outside,
    finish_question,
    strands_to_mark,
    to_visit,
    tools_outside,
    unanswered,
)
from maturitytui.analysis.words import counted, day
from maturitytui.model.inert import inert
from maturitytui.model.steps import Step, step_title
from maturitytui.ui.context import ReviewContext, display_path
from maturitytui.ui.steps.grid_step import travel_text
from maturitytui.ui.widgets.bullets import BulletText, literal
from maturitytui.ui.widgets.heat_map import heat_map
from maturitytui.ui.widgets.partnership_grid import Marks, PartnershipGrid


class SummaryStep(VerticalScroll, can_focus=True):
    """Everything at a glance; Enter finishes the review."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "finish", "Finish", tooltip="Mark the review complete", id="summary.finish"),
        Binding("g", "go_unanswered", "Unanswered", id="summary.unanswered"),
        Binding("p", "print", "Print", tooltip="Write the report as a web page and open it", id="summary.print"),
    ]

    DEFAULT_CSS = """
    SummaryStep { height: 1fr; }
    SummaryStep > Horizontal { height: auto; }
    SummaryStep #summary-side { width: 1fr; height: auto; padding-left: 1; }
    SummaryStep .section { text-style: bold; margin-top: 1; }
    SummaryStep #unanswered { color: $warning; margin-top: 1; }
    SummaryStep .plan { padding-left: 2; }
    SummaryStep #finished { color: $success; text-style: bold; margin-top: 1; }
    """

    class Finish(Message):
        """The user asked to finish the review."""

    class Print(Message):
        """The user asked for the report on this review, to print."""

    class GoTo(Message):
        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        ctx = self.context
        grid, previous = ctx.session.grid, ctx.previous
        yield Static(literal(self._details_text()), id="held")
        with Horizontal():
            yield PartnershipGrid(
                ctx.rubric.grid,
                Marks(grid.current, grid.target),
                Marks(previous.grid.current, previous.grid.target) if previous else None,
                interactive=False,
            )
            with Vertical(id="summary-side"):
                yield Static(travel_text(Marks(grid.current, grid.target)) or "The grid is not marked yet.")
                yield Static("Criteria for a deep partnership", classes="section")
                yield Static(self._criteria_table())
        yield Static("Strands (■ this review, □ last review)", classes="section")
        yield Static(heat_map(ctx.rubric, ctx.session, previous))
        yield from self._plan()
        yield Static(literal(self._unanswered_text()), id="unanswered")
        if tools := tools_outside(ctx.rubric, ctx.session):
            yield Static(
                literal(
                    "Kept for questionnaires and companions no active plugin provides (switch the "
                    "plugin on again to see them): " + "; ".join(tools)
                ),
                id="tools-outside",
            )
        if outside := answers_outside(ctx.rubric, ctx.session):
            yield Static(
                literal(
                    "Kept from another version of the rubric (answers to strands no active plugin "
                    "provides; never dropped): " + "; ".join(outside)
                ),
                id="outside",
            )
        yield Static(literal(self._finished_text()), id="finished")

    def _plan(self) -> ComposeResult:
        plan = action_plan(self.context.rubric, self.context.session)
        yield Static(f"Action plan ({counted(len(plan.steps), 'next step')})", classes="section")
        by_strand: dict[str, list[str]] = {}
        for step in plan.steps:
            by_strand.setdefault(step.strand, []).append(step.words())
        for strand, lines in by_strand.items():
            yield BulletText(lines, title=strand, classes="plan")
        if not plan.steps:
            yield Static("No next steps agreed yet: a on a strand adds one.", classes="plan")
        focus = "Focus for the coming year: " + (", ".join(plan.focus) if plan.focus else "none chosen (f on a strand)")
        yield Static(literal(focus + "."), id="focus")
        yield Static(plan.evidence_words(), id="evidence")
        if plan.skipped:
            yield Static(literal("Skipped in this review: " + ", ".join(plan.skipped) + "."), id="skipped")

    def _details_text(self) -> str:
        session = self.context.session
        people = f" with {', '.join(session.participants)}" if session.participants else ""
        change = "" if self.context.read_only else " (d changes the day or who took part)"
        return f"Review of {day(session.review_date)}{people}{change}."

    def show_details(self) -> None:
        self.query_one("#held", Static).update(literal(self._details_text()))

    def _criteria_table(self) -> Table:
        table = Table(box=None, padding=(0, 1), show_edge=False)
        table.add_column("")
        table.add_column("Within")
        table.add_column("Between")
        for c in self.context.rubric.criteria:
            answer = self.context.session.criteria.get(c.id)
            cells = [
                Text(RATING_LABELS.get(getattr(answer, level) or "", "–")) if answer else Text("–")
                for level in ("within", "between")
            ]
            table.add_row(Text(inert(f"{c.difficulty}. {c.title}")), *cells)
        return table

    def _unanswered_text(self) -> str:
        rubric, session = self.context.rubric, self.context.session
        missing = unanswered(rubric, session)
        if session.status == "complete":
            return self._left_when_finished(missing)
        text = "Every step is answered."
        if missing:
            names = ", ".join(step_title(rubric, s) for s in missing)
            text = f"Still to answer ({len(missing)}): {names}."
        if to_mark := session.actions_to_mark():
            strands = [step_title(rubric, step) for step in strands_to_mark(rubric, session)]
            text += f"\nNext steps carried from the last review still to mark ({len(to_mark)}): {', '.join(strands)}."
        return text + (" Press g to go to the first." if to_visit(rubric, session) else "")

    def _left_when_finished(self, missing: list[Step]) -> str:
        # A finished review is a record: what it left out is said as such, never as work still to do.
        rubric, session = self.context.rubric, self.context.session
        known = {s.id for s in session.rubric.strands}
        new = [s for s in missing if s.kind == "strand" and known and s.id not in known]
        left = [s for s in missing if s not in new]
        lines = []
        if left:
            lines.append(
                "Left unanswered when it was finished: " + ", ".join(step_title(rubric, s) for s in left) + "."
            )
        if new:
            names = ", ".join(step_title(rubric, s) for s in new)
            lines.append(f"In the rubric now, but not in the one this review was finished under: {names}.")
        return "\n".join(lines) or "Every step was answered."

    def _finished_text(self) -> str:
        if self.context.session.status == "complete":
            return f"Review complete. Saved to {display_path(self.context.path)}; p prints it."
        return "Press Enter to finish the review (you can still finish with steps unanswered); p prints it."

    def on_mount(self) -> None:
        self.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A finished review, or one open to read, has nothing to finish: the key is not offered.
        if action == "finish":
            return not self.context.read_only and self.context.session.status != "complete"
        if action == "print":
            # A facilitated review opens with the room, where p shows the presenter: print from the history.
            return self.context.session.facilitation is None
        return True

    def action_print(self) -> None:
        self.post_message(self.Print())

    def action_finish(self) -> None:
        from maturitytui.ui.dialogs.common import ConfirmDialog

        rubric, session = self.context.rubric, self.context.session

        def answered(finish: bool | None) -> None:
            if finish:
                self.post_message(self.Finish())

        everything = not unanswered(rubric, session) and not session.actions_to_mark()
        question = ConfirmDialog(
            "Finish this review?", finish_question(rubric, session), "Finish", "Not yet", default=everything
        )
        self.app.push_screen(question, answered)

    def action_go_unanswered(self) -> None:
        if where := to_visit(self.context.rubric, self.context.session):
            self.post_message(self.GoTo(where[0]))

    def show_finished(self) -> None:
        self.query_one("#finished", Static).update(literal(self._finished_text()))
        self.refresh_bindings()
