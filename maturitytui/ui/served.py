"""The program as ``maturitytui serve`` runs it for each browser: a join code first, then one role.

A room's join code opens that room's participant view and nothing else; the
facilitator's code (printed where ``serve`` was started) opens the whole
program. Any other code opens nothing, and a few wrong ones close the
connection.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Callable

from textual.screen import Screen

from ..room import SeatHold, SeatTaken, clean_code, find_room
from ..session import Session  # noqa: F401 - loaded here, off the start path of the plain program
from .app import MaturityApp
from .screens.join import JoinScreen, SeatScreen

if TYPE_CHECKING:
    from ..plugins import Assembly
    from ..store import SessionStore


def code_digest(code: str) -> str:
    """What the served program is given instead of the facilitator's code itself."""
    return hashlib.sha256(clean_code(code).encode()).hexdigest()


class ServedApp(MaturityApp):
    """One browser's program: it is no one until a code says who."""

    TITLE = "maturitytui"

    def __init__(self, store: SessionStore, *, assemble: Callable[[], Assembly],
                 facilitator_digest: str = "") -> None:
        super().__init__(None, store, assemble=assemble)
        self.facilitator_digest = facilitator_digest
        self.role = ""
        self.use_command_palette = False  # until the facilitator's code is given
        self.seat: SeatHold | None = None
        self.join_screen = JoinScreen()

    def get_default_screen(self) -> Screen:
        return self.join_screen

    def on_mount(self) -> None:
        self.assemble_rubric()

    def plugin_problem(self, message: str) -> None:
        # Plugin names and paths are the facilitator's business: kept until their code is given.
        if self.role == "facilitator":
            super().plugin_problem(message)
        else:
            self.warnings.append(message)

    def _rubric_failed(self, error) -> None:
        self.exit(return_code=1, message="The program cannot start here: the facilitator's terminal says why.")
        import sys

        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)  # to the terminal running serve, not the browser

    def on_join_screen_entered(self, event: JoinScreen.Entered) -> None:
        typed = clean_code(event.code)
        if self.facilitator_digest and hmac.compare_digest(code_digest(typed), self.facilitator_digest):
            self.role = "facilitator"
            self.use_command_palette = True
            self.push_screen(self.start_screen)
            return
        found = find_room(self.store.root, typed) if typed else None
        if found is None:
            self.join_screen.wrong()
            return
        path, room = found
        self.when_ready(lambda: self.push_screen(SeatScreen(path, room, room.anonymous)))

    def on_seat_screen_chosen(self, event: SeatScreen.Chosen) -> None:
        from .screens.participant import ParticipantScreen

        screen = self.screen
        if not isinstance(screen, SeatScreen):
            return
        hold = SeatHold(screen.session_path, event.participant_id)
        try:
            hold.take()
        except SeatTaken as exc:
            screen.taken(f"{exc.problems[0].message}: {exc.problems[0].fix}.")
            return
        self.seat = hold
        self.role = "participant"
        self.switch_screen(ParticipantScreen(self.rubric, screen.session_path, screen.room, event.participant_id))

    def on_unmount(self) -> None:
        if self.seat is not None:
            self.seat.release()
