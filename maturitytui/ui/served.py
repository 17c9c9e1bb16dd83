"""The program as ``maturitytui serve`` runs it for each browser: a join code first, then one role.

A room's join code opens that room's participant view and nothing else; the
facilitator's code (printed where ``serve`` was started) opens the whole
program. Any other code opens nothing, and a few wrong ones close the
connection.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from maturitytui.model.errors import MaturityError
from maturitytui.model.inert import inert
from maturitytui.room.guest import AskPin, Facilitator, Guest, Refused, RoomFound, Seated, WrongPin
from maturitytui.ui.app import MaturityApp
from maturitytui.ui.screens.join import JoinScreen, PinScreen, SeatScreen

if TYPE_CHECKING:
    from maturitytui.engine.host import Assembly
    from maturitytui.store.session_store import SessionStore


class ServedApp(MaturityApp):
    """One browser's program: it is no one until a code says who (see ``room/guest.py``)."""

    TITLE = "maturitytui"

    def __init__(self, store: SessionStore, *, assemble: Callable[[], Assembly], facilitator_digest: str = "") -> None:
        super().__init__(None, store, assemble=assemble)
        self.guest = Guest(store.root, facilitator_digest)
        self.role = ""
        self.use_command_palette = False  # until the facilitator's code is given
        self.join_screen = JoinScreen()

    def get_default_screen(self) -> Screen[None]:
        return self.join_screen

    def on_mount(self) -> None:
        self.assemble_rubric()

    def plugin_problem(self, message: str) -> None:
        # Plugin names and paths are the facilitator's business: kept until their code is given.
        if self.role == "facilitator":
            super().plugin_problem(message)
        else:
            self.warnings.append(message)

    def _rubric_failed(self, error: MaturityError) -> None:
        self.exit(return_code=1, message="The program cannot start here: the facilitator's terminal says why.")
        for problem in error.problems:
            print(inert(f"error: {problem}"), file=sys.stderr)  # to the terminal running serve, not the browser

    def on_join_screen_entered(self, event: JoinScreen.Entered) -> None:
        match self.guest.enter_code(event.code):
            case Facilitator():
                self.role = "facilitator"
                self.use_command_palette = True
                self.push_screen(self.start_screen)
            case RoomFound(path, room):
                self.when_ready(lambda: self.push_screen(SeatScreen(path, room, room.anonymous)))
            case None:
                self.join_screen.wrong()

    def on_seat_screen_chosen(self, event: SeatScreen.Chosen) -> None:
        screen = self.screen
        if not isinstance(screen, SeatScreen):
            return
        match self.guest.choose_seat(screen.session_path, screen.room, event.participant_id):
            case AskPin(label):
                self.push_screen(PinScreen(label))
            case Refused(message):
                screen.taken(message)
            case Seated() as seated:
                self._enter(seated)

    def on_pin_screen_entered(self, event: PinScreen.Entered) -> None:
        if not isinstance(self.screen, PinScreen):
            return
        match self.guest.give_pin(event.pin):
            case WrongPin(closed=True):
                self.exit(message="Too many wrong PINs.")  # guessing a PIN means starting again, and again
            case WrongPin():
                self.screen.wrong()
            case Refused(message):
                self.pop_screen()  # back to the seats, which say why
                if isinstance(self.screen, SeatScreen):
                    self.screen.taken(message)
            case Seated() as seated:
                self.pop_screen()
                self._enter(seated)

    def _enter(self, seated: Seated) -> None:
        from maturitytui.ui.screens.participant import ParticipantScreen

        self.role = "participant"
        pin = seated.pin
        self.switch_screen(
            ParticipantScreen(
                self.rubric,
                seated.path,
                seated.room,
                seated.participant_id,
                seated.own,
                pin=f"{pin[:3]} {pin[3:]}" if pin else "",
                notice=seated.notice,
            )
        )

    def on_unmount(self) -> None:
        self.guest.leave()
