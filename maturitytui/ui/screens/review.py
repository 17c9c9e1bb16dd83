"""The review: one step at a time, with progress, and every answer saved as it is given."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, ProgressBar, Static

from maturitytui.analysis.review import answerable, answered_count, resume_step
from maturitytui.analysis.words import day
from maturitytui.model.errors import SessionError
from maturitytui.model.inert import inert
from maturitytui.model.session import Session
from maturitytui.model.steps import CRITERIA_STEP, GRID_STEP, SUMMARY_STEP, Step, step_title, steps
from maturitytui.store.locks import SessionLock
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.context import Answered, ReviewContext, display_path
from maturitytui.ui.dialogs.common import HelpScreen, binding_rows
from maturitytui.ui.saver import BackgroundSaver
from maturitytui.ui.steps.criteria_step import CriteriaStep
from maturitytui.ui.steps.grid_step import GridStep
from maturitytui.ui.steps.strand_step import StrandStep
from maturitytui.ui.steps.summary_step import SummaryStep
from maturitytui.ui.steps.tools import tool_step_for
from maturitytui.ui.widgets.bullets import update_if_changed
from maturitytui.ui.widgets.title_bar import TitleBar

RETRY_EVERY = 5.0
"""Seconds between tries to save again after a save failed (a full disk, a folder made read only)."""

TYPING_PAUSE = 0.8
"""Seconds of quiet after typing before the evidence is saved."""

STEP_NOTES = {
    GRID_STEP: "Arrows move around the grid. c marks where the partnership is now, t where you want it to be "
    "in several years; Delete clears the mark under the cursor. A shallower or looser target is allowed. "
    "e writes a note on the grid.",
    CRITERIA_STEP: "↑↓ move between ratings, ←→ or 1–3 set one, Delete clears it; e writes a note on the "
    "criterion. The advice below updates as you rate; it never blocks you.",
    SUMMARY_STEP: "Enter finishes the review. g goes to the first unanswered step. p writes the report as a "
    "web page and opens it in your browser to print (or says where it is).",
}
TOOL_NOTE = (
    "Questionnaires, exercises and companions are there to use when they help: s skips one for this "
    "review, n moves on. Anonymous answers are never linked to a name, and nothing is broken down until "
    "enough people have answered."
)
STRAND_NOTE = (
    "1–4 or arrows and Enter choose a stage. e types evidence (Escape leaves the box), a adds a next step, "
    "f marks the strand as a focus for the coming year, x marks it not applicable with a reason. "
    "n moves on without answering: you can come back."
)


class ReviewScreen(Screen[Session]):
    """Walks the grid, every strand, the criteria and the summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Next", tooltip="Go to the next step (answered or not)", id="review.next"),
        Binding("b", "back", "Back", tooltip="Go to the previous step", id="review.back"),
        Binding("question_mark", "help", "Help", key_display="?", id="review.help"),
        Binding("h", "home", "Reviews", tooltip="Back to the list of partnerships and reviews", id="review.home"),
        Binding(
            "d",
            "details",
            "Day and people",
            tooltip="Change the day of the review or who took part",
            show=False,  # the footer is full at 80 columns: the summary and the help page name the key
            id="review.details",
        ),
        Binding(
            "ctrl+e",
            "change_finished",
            "Change it",
            tooltip="Open this finished review to change it",
            id="review.change",
        ),
    ]

    DEFAULT_CSS = """
    ReviewScreen #topbar { height: auto; padding: 0 1; background: $panel; }
    ReviewScreen #where { width: 1fr; height: auto; margin-right: 2; }
    ReviewScreen #progress { width: 18; }
    ReviewScreen #progress Bar { width: 16; }
    ReviewScreen #step-host { height: 1fr; padding: 0 1; }
    """

    def __init__(self, context: ReviewContext, store: SessionStore, lock: SessionLock | None = None) -> None:
        super().__init__()
        self.context = context
        self.store = store
        self.session_lock = lock
        """Held while the review is open (None when it is read only); not Textual's own ``lock`` of every widget."""
        self.steps = steps(context.rubric)
        self.index = self.steps.index(resume_step(context.rubric, context.session))
        self._typing: Timer | None = None
        self._retrying: Timer | None = None
        """Trying the save again while saving fails."""
        self._told_streak = 0
        self.saver = BackgroundSaver(store, self._save_failed, self._kept_apart)
        if not context.read_only:
            self.saver.watch(context.path)  # a synced folder may bring in another machine's version meanwhile

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="topbar"):
            yield Static(id="where")
            yield ProgressBar(total=len(self.steps), show_eta=False, show_percentage=False, id="progress")
        yield from self.body()
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is on the help page

    def body(self) -> ComposeResult:
        yield Container(id="step-host")

    async def on_mount(self) -> None:
        self._show_title()
        await self.show_step(self.index)

    def _show_title(self) -> None:
        session = self.context.session
        self.title = inert(session.partnership)
        # A finished review says so; the footer offers ctrl+e to change it.
        read = ", finished (read only)" if self.context.finished else " (read only)" if self.context.read_only else ""
        self.sub_title = f"review of {day(session.review_date)}{read}"

    def _make(self, step: Step) -> Widget:
        match step.kind:
            case "grid":
                return GridStep(self.context)
            case "criteria":
                return CriteriaStep(self.context)
            case "summary":
                return SummaryStep(self.context)
            case "tool":
                return tool_step_for(self.context, self.context.rubric.tool(step.id))
            case "strand":
                return StrandStep(self.context, self.context.rubric.strand(step.id))

    async def show_step(self, index: int) -> None:
        self.flush()  # what was typed on this screen is on disk before the next one shows
        self.index = max(0, min(index, len(self.steps) - 1))
        host = self.query_one("#step-host", Container)
        await host.remove_children()
        await host.mount(self._make(self.step))
        self._update_progress()
        if not self.context.read_only and self.context.session.position != self.step:
            self.context.session.position = self.step
            self.save()

    def _update_progress(self) -> None:
        rubric, session = self.context.rubric, self.context.session
        answered = answered_count(rubric, session)
        update_if_changed(
            self.query_one("#where", Static),
            f"{step_title(rubric, self.step)} · step {self.index + 1} of {len(self.steps)}"
            f" · {answered}/{answerable(rubric)} answered",
        )
        bar = self.query_one(ProgressBar)
        if bar.progress != self.index + 1:
            bar.update(progress=self.index + 1)

    # -- saving ----------------------------------------------------------

    def save(self) -> None:
        if not self.context.read_only:
            self.saver.save(self.context.session, self.context.path)

    class SaveFailed(Message):
        def __init__(self, error: SessionError) -> None:
            super().__init__()
            self.error = error

    def _save_failed(self, error: SessionError) -> None:
        # Called on the saving thread: post_message is thread-safe and never waits.
        self.post_message(self.SaveFailed(error))

    class KeptApart(Message):
        def __init__(self, copy: Path) -> None:
            super().__init__()
            self.copy = copy

    def _kept_apart(self, copy: Path) -> None:
        # Called on the saving thread, like _save_failed.
        self.post_message(self.KeptApart(copy))

    def on_review_screen_kept_apart(self, event: KeptApart) -> None:
        self.notify(
            "This review was changed on another computer while it was open here, and a synced folder brought "
            "that version in. Nothing of either is lost: from now on your answers are saved beside it, in "
            f"{inert(event.copy.name)}, a copy from this computer; when you have finished, resolve the two on "
            "the start screen.",
            title="Saved as a copy",
            severity="warning",
            timeout=30,
            markup=False,
        )

    def on_review_screen_save_failed(self, event: SaveFailed) -> None:
        # Said once for each run of failures; while it lasts the whole review is tried again on a timer, so
        # freeing space (or making the folder writable) is enough: no answer has to be given again.
        if self._told_streak != self.saver.streak:
            self._told_streak = self.saver.streak
            self.notify(
                inert(str(event.error.problems[0])), title="Not saved", severity="error", timeout=15, markup=False
            )
        if self._retrying is None:
            self._retrying = self.set_interval(RETRY_EVERY, self._retry_saving)

    def _retry_saving(self) -> None:
        if self.saver.failure is None:
            if self._retrying is not None:
                self._retrying.stop()
                self._retrying = None
            self.notify("Every answer is saved again.", title="Saved")
            return
        self.save()

    def _cancel_typing(self) -> bool:
        """Stop the typing timer; True if there was typing still to save."""
        if self._typing is None:
            return False
        self._typing.stop()
        self._typing = None
        return True

    def flush(self) -> SessionError | None:
        """Save anything typed but not yet saved, wait until every save is done, and return any failure.

        After a failure the whole session is saved again, so freeing some space is enough: no answer
        has to be given again.
        """
        if self._cancel_typing() or self.saver.failure is not None:
            self.save()
        return self.saver.wait()

    def _typing_paused(self) -> None:
        self._typing = None
        self.save()

    def on_answered(self, event: Answered) -> None:
        event.stop()
        if event.debounce:
            self._cancel_typing()
            self._typing = self.set_timer(TYPING_PAUSE, self._typing_paused)
            return
        self._cancel_typing()
        self.save()
        self._update_progress()

    def on_unmount(self) -> None:
        self.flush()
        self.saver.close()
        if self.session_lock is not None:
            self.session_lock.release()

    # -- navigation ------------------------------------------------------

    async def action_next(self) -> None:
        if self.index < len(self.steps) - 1:
            await self.show_step(self.index + 1)

    async def action_back(self) -> None:
        if self.index > 0:
            await self.show_step(self.index - 1)

    async def go_to(self, step: str) -> None:
        """Show a step, named by its text (``strand:jpd``); a step not in this review is passed over."""
        if (target := Step.parse(step)) in self.steps:
            await self.show_step(self.steps.index(target))

    async def on_summary_step_go_to(self, event: SummaryStep.GoTo) -> None:
        await self.go_to(event.step)

    def on_summary_step_print(self, event: SummaryStep.Print) -> None:
        from maturitytui.ui.messages import PrintReview

        self.flush()  # the report shows what was typed a moment ago
        self.app.post_message(PrintReview(self.context))

    def on_summary_step_finish(self, event: SummaryStep.Finish) -> None:
        self.context.session.status = "complete"
        self.save()
        if self.saver.wait() is not None:
            self.context.session.status = "in_progress"
            return  # the failure has been reported; finishing again retries
        self.query_one(SummaryStep).show_finished()
        self.notify(inert(f"Saved to {display_path(self.context.path)}"), title="Review complete", markup=False)

    def action_home(self) -> None:
        if self.flush() is not None:
            self.notify(
                "The last answers are not saved yet, so the review stays open. Fix the problem and answer again.",
                title="Not saved",
                severity="error",
                timeout=15,
            )
            return
        if self.session_lock is not None:
            self.session_lock.release()  # now, so the review can be opened again at once
        self.dismiss(self.context.session)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "change_finished":
            return self.context.finished  # offered only on a finished review opened to read
        if action == "details":
            return not self.context.read_only
        return True

    def action_details(self) -> None:
        from maturitytui.ui.dialogs.common import DetailsDialog

        session, previous = self.context.session, self.context.previous
        carried = previous is not None and any(
            a.carried_from == previous.id for answer in session.strands.values() for a in answer.actions
        )
        # Steps carried from the last review were agreed then: this review cannot be dated before it.
        earliest = previous.review_date if carried and previous is not None else None

        def changed(details: tuple[date, list[str]] | None) -> None:
            if details is None:
                return
            session.review_date, session.participants = details
            self._show_title()
            for summary in self.query(SummaryStep):
                summary.show_details()
            self.save()

        self.app.push_screen(DetailsDialog(session.review_date, session.participants, earliest), changed)

    def action_change_finished(self) -> None:
        from maturitytui.ui.dialogs.common import ConfirmDialog
        from maturitytui.ui.messages import ChangeFinished

        context = self.context

        def answered(change: bool | None) -> None:
            if change:
                self.app.post_message(ChangeFinished(context))
                self.dismiss(context.session)

        self.app.push_screen(
            ConfirmDialog(
                "Change this finished review?",
                f"The review of {day(context.session.review_date)} is finished. What you change is saved into it "
                "and it stays finished; it is opened again to be changed.",
                "Change it",
                "Keep reading",
            ),
            answered,
        )

    def action_help(self) -> None:
        rows = binding_rows(self)
        rows.append(("tab", "Move between the parts of a step"))
        note = STEP_NOTES.get(self.step, TOOL_NOTE if self.step.kind == "tool" else STRAND_NOTE)
        self.app.push_screen(HelpScreen(rows, note + self.help_extra))

    help_extra = ""
    """More to say on the help page, for kinds of review with more to them."""
