"""A review run with a room: the walkthrough, with the room's spread beside each step.

The facilitator chooses the agreed rating on the step itself, as in any
review; beside it the room panel shows who has rated, the spread once
everyone has (or once revealed), where views differ widely, and why the group
agreed what it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, VerticalScroll
from textual.widgets import Static

from maturitytui.model.inert import inert
from maturitytui.model.session import Facilitation
from maturitytui.model.steps import questions_for, step_title
from maturitytui.room.countdown import Countdown
from maturitytui.room.facilitation import question_title, rate
from maturitytui.room.host import RoomHost
from maturitytui.room.presence import read_online
from maturitytui.ui.context import Answered
from maturitytui.ui.dialogs.room import ReasonsDialog, RowsDialog, TimerDialog
from maturitytui.ui.screens.review import ReviewScreen
from maturitytui.ui.steps.tool_step import TallyStep
from maturitytui.ui.widgets.bullets import update_if_changed
from maturitytui.ui.widgets.room_panel import RoomPanel

LOOK_EVERY = 0.5
ROOM_KEYS = "i type ratings · r reveal · v by school · w why · m timer · p presenter"
"""Seconds between looks at the room: a participant's rating shows within a second."""


class FacilitatedReviewScreen(ReviewScreen):
    """The review screen with the room beside it, and the facilitator's keys."""

    # The room's keys are listed beside the room rather than in the footer, which the step's own keys fill.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "i",
            "type_ratings",
            "Type ratings",
            tooltip="Type everyone's ratings at the front, a row of digits",
            show=False,
            id="room.type",
        ),
        Binding(
            "r", "reveal", "Reveal", tooltip="Show the ratings before everyone has rated", show=False, id="room.reveal"
        ),
        Binding(
            "v", "by_school", "By school", tooltip="Show the spread school by school", show=False, id="room.by_school"
        ),
        Binding("w", "reasons", "Why", tooltip="Record why the group agreed the rating", show=False, id="room.why"),
        Binding("m", "timer", "Timer", tooltip="Set a countdown for this step", show=False, id="room.timer"),
        Binding("full_stop", "pause_timer", "Pause timer", key_display=".", show=False, id="room.pause"),
        Binding("plus", "extend_timer", "Add a minute", key_display="+", show=False, id="room.extend"),
        Binding("p", "presenter", "Presenter", tooltip="Large type for the projector", show=False, id="room.presenter"),
    ]

    DEFAULT_CSS = """
    FacilitatedReviewScreen #room-body { height: 1fr; }
    FacilitatedReviewScreen #room-side { width: 46; height: 1fr; }
    FacilitatedReviewScreen #room-timer { height: auto; padding: 0 1; text-style: bold; border-left: tall $accent; }
    FacilitatedReviewScreen #room-keys { height: auto; padding: 0 1; color: $text-muted; border-left: tall $accent; }
    /* On a narrow terminal the step keeps the width, and the room sits under it. */
    FacilitatedReviewScreen.-narrow #room-body { layout: vertical; }
    FacilitatedReviewScreen.-narrow #room-side { width: 100%; height: 9; border-top: tall $accent; }
    FacilitatedReviewScreen.-narrow RoomPanel { border-left: none; }
    """

    help_extra = (
        "\n\nThe room: participants rate on their own devices (maturitytui serve, then the join code shown "
        "beside each step), or you type everyone's ratings with i. Ratings stay hidden until everyone has "
        "rated; r shows them sooner. Choose the agreed rating on the step as usual and record why with w. "
        "v shows the spread school by school. m sets a countdown, . pauses it, + adds a minute; p is the "
        "presenter layout for the projector."
    )

    def __init__(self, context, store, lock=None) -> None:
        super().__init__(context, store, lock)
        self.room = RoomHost(context.rubric, context.session, context.path, read_only=context.read_only)
        self.minutes = 5.0
        self._shown: tuple[object, ...] | None = None
        self.online: set[str] | None = None
        """Who the web server says is connected, as of the last look at the room (never read on a keypress)."""

    @property
    def facilitation(self) -> Facilitation:
        """The room's part of the review: this screen opens only reviews that have one."""
        facilitation = self.context.session.facilitation
        if facilitation is None:
            raise RuntimeError("A facilitated review without its room.")
        return facilitation

    def body(self) -> ComposeResult:
        with Horizontal(id="room-body"):
            yield Container(id="step-host")
            with VerticalScroll(id="room-side"):
                yield Static(ROOM_KEYS, id="room-keys")
                yield Static(id="room-timer")
                yield RoomPanel()

    # Textual calls the review screen's own on_mount, on_answered and on_unmount as well as these (every
    # class's handler runs, this one first): they only add the room's part.

    async def on_mount(self) -> None:
        self.set_interval(LOOK_EVERY, self.look_at_room)

    @property
    def questions(self) -> tuple[str, ...]:
        return questions_for(self.step, self.context.rubric)

    async def show_step(self, index: int) -> None:
        await super().show_step(index)
        self.room.move_to(self.step, step_title(self.context.rubric, self.step))
        self.show_room()

    def timer_words(self) -> str:
        return self.room.countdown.words(self.room.clock())

    def show_room(self) -> None:
        """Draw the room panel again, only when something on it has changed (the countdown has a line of its own,
        so a running one redraws only that)."""
        timer, line = self.timer_words(), self.query_one("#room-timer", Static)
        update_if_changed(line, f"⏱ {timer}" if timer else "")
        line.display = bool(timer)
        online = self.online
        shown = (
            self.step,
            self.per_school,
            online,
            self.facilitation.model_dump_json(),
            self.context.session.model_dump_json(include={"grid", "strands", "criteria", "tools"}),
        )
        if shown == self._shown:
            return
        self._shown = shown
        self.query_one(RoomPanel).show(
            self.context.rubric,
            self.context.session,
            self.room.code,
            self.questions,
            per_school=self.per_school,
            online=online,
        )
        for screen in self.app.screen_stack:
            if hasattr(screen, "room_changed"):
                screen.room_changed()

    def look_at_room(self) -> None:
        """Take in what the room has sent: ratings from participants' devices, anonymous answers, who is here."""
        self.online = read_online(self.context.path, self.room.clock())
        gathered = self.room.gather()
        for problem in gathered.problems:
            self.notify(
                inert(str(problem)),
                title="A participant's file cannot be read",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if gathered.ratings_changed or gathered.answers:
            self.save()
        if self.room.counting and self.flush() is None:
            self.room.saved()  # counted answers are on disk with the review: their files go, never counted twice
        if self.step.kind == "tool" and (tool_id := self.step.id) in gathered.answers:
            # The step shows the team's results with the new answers in.
            self.query_one(TallyStep).show_tally(self.context.session.tools[tool_id])
        self.show_room()

    def on_answered(self, event: Answered) -> None:
        self.show_room()

    def on_summary_step_finish(self, event) -> None:
        # The review screen's own handler marks the review complete next; once it has, the room closes.
        def closed() -> None:
            if self.context.session.status == "complete":
                self.room.close()
                self.show_room()

        self.call_after_refresh(closed)

    def on_unmount(self) -> None:
        # Counted answers' files go only once the review holding them is on disk.
        if self.room.counting and self.flush() is None:
            self.room.saved()
        self.room.close()

    def _changed(self) -> None:
        self.save()
        self.show_room()

    # -- the facilitator's keys --------------------------------------------

    def _titled(self) -> list[tuple[str, str]]:
        return [(key, question_title(self.context.rubric, key)) for key in self.questions]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"type_ratings", "reveal", "reasons"} and not self.questions:
            return None  # shown greyed: nothing to rate on this step
        return super().check_action(action, parameters)

    def action_type_ratings(self) -> None:
        facilitation = self.facilitation

        def typed(rows: dict[str, dict[str, str | None]] | None) -> None:
            if not rows:
                return
            updated = self.facilitation
            for key, row in rows.items():
                for participant_id, rating in row.items():
                    updated = rate(updated, key, participant_id, rating)
            self.context.session.facilitation = updated
            self._changed()

        if self.questions and not self.context.read_only:
            self.app.push_screen(
                RowsDialog(self._titled(), facilitation.participants, self.context.rubric.grid.size), typed
            )

    def action_reveal(self) -> None:
        if self.context.read_only:
            return
        facilitation = self.facilitation
        revealed = [*facilitation.revealed, *(k for k in self.questions if k not in facilitation.revealed)]
        self.context.session.facilitation = facilitation.model_copy(update={"revealed": revealed})
        self._changed()

    @property
    def per_school(self) -> bool:
        return self.room.per_school

    def action_by_school(self) -> None:
        self.room.show_by_school(not self.room.per_school)
        self.show_room()

    def action_reasons(self) -> None:
        def given(reasons: dict[str, str] | None) -> None:
            if reasons is None:
                return
            facilitation = self.facilitation
            merged = {**facilitation.reasons, **reasons}
            self.context.session.facilitation = facilitation.model_copy(
                update={"reasons": {k: v for k, v in merged.items() if v}}
            )
            self._changed()

        if self.questions and not self.context.read_only:
            self.app.push_screen(ReasonsDialog(self._titled(), self.facilitation.reasons), given)

    def action_timer(self) -> None:
        if not self.room.live:
            return

        def chosen(seconds: float | None) -> None:
            if seconds is not None:
                self.minutes = seconds / 60
                self.room.set_countdown(Countdown.start(seconds, self.room.clock()))
                self.show_room()

        self.app.push_screen(TimerDialog(self.minutes), chosen)

    def action_pause_timer(self) -> None:
        if not self.room.live:
            return
        self.room.set_countdown(self.room.countdown.toggle(self.room.clock()))
        self.show_room()

    def action_extend_timer(self) -> None:
        if not self.room.live:
            return
        countdown, now = self.room.countdown, self.room.clock()
        # With no countdown yet, + starts a minute's one.
        self.room.set_countdown(countdown.extend(60, now) if countdown.set else Countdown.start(60, now))
        self.show_room()

    def room_commands(self) -> Iterator[SystemCommand]:
        """For the command palette: free a seat, for someone who forgot their PIN or a seat taken by mistake."""
        from maturitytui.room.facilitation import label

        if not self.room.live:
            return
        for participant in self.facilitation.participants:
            name = inert(label(participant))
            yield SystemCommand(
                f"Room: free the seat of {name}",
                f"Forgotten PIN, or the wrong person in it: the devices in it let go, its answers stay, and the "
                f"next to pick {name} gets a new PIN",
                partial(self._free_seat, participant.id, name),
            )

    def _free_seat(self, participant_id: str, name: str) -> None:
        self.room.free_seat(participant_id)
        self.notify(
            f"{name}'s seat is free: whoever picks it next gets a new PIN and the answers in it.",
            title="Seat freed",
            markup=False,
        )

    async def run_review_action(self, action: str) -> None:
        await self.app.run_action(action, self)

    def action_presenter(self) -> None:
        from maturitytui.ui.screens.presenter import PresenterScreen

        self.app.push_screen(PresenterScreen(self))
