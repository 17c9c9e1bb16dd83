"""The program as ``maturitytui serve`` runs it for each browser: a join code first, then one role.

A room's join code opens that room's participant view and nothing else; the
facilitator's code (printed where ``serve`` was started) opens the whole
program. Any other code opens nothing, and a few wrong ones close the
connection.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from maturitytui.model.errors import SessionError
from maturitytui.room.files import (
    Own,
    RoomState,
    SeatHold,
    SeatTaken,
    clean_code,
    find_room,
    new_pin,
    pin_digest,
    pin_matches,
    read_own,
    set_aside,
    write_ratings,
)
from maturitytui.ui.app import MaturityApp
from maturitytui.ui.screens.join import JoinScreen, PinScreen, SeatScreen

if TYPE_CHECKING:
    from maturitytui.engine.host import Assembly
    from maturitytui.store.session_store import SessionStore


PIN_TRIES = 3


def code_digest(code: str) -> str:
    """What the served program is given instead of the facilitator's code itself."""
    return hashlib.sha256(clean_code(code).encode()).hexdigest()


class ServedApp(MaturityApp):
    """One browser's program: it is no one until a code says who."""

    TITLE = "maturitytui"

    def __init__(self, store: SessionStore, *, assemble: Callable[[], Assembly], facilitator_digest: str = "") -> None:
        super().__init__(None, store, assemble=assemble)
        self.facilitator_digest = facilitator_digest
        self.role = ""
        self.use_command_palette = False  # until the facilitator's code is given
        self.seat: SeatHold | None = None
        self.wrong_pins = 0
        """Across every seat tried on this connection: a few wrong PINs close it."""
        self.joining: tuple[Path, RoomState, str, Own] | None = None
        """(review path, room, participant id, their own file) while a rejoining participant types their PIN."""
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
        screen = self.screen
        if not isinstance(screen, SeatScreen):
            return
        path, room, pid = screen.session_path, screen.room, event.participant_id
        try:
            own = read_own(path, pid)
        except SessionError:
            own = None  # unreadable: set aside below, once the seat is held
        if own is not None and own.needs_pin(room, pid):
            # The seat is taken only once the PIN matches, so someone waiting at this screen blocks no one;
            # but a seat in use now is said at once.
            if not self._take_seat(screen, path, pid):
                return
            self._leave_seat(screen, "")
            self.joining = (path, room, pid, own)
            seat = room.seat(pid)
            self.push_screen(PinScreen(seat.label if seat else pid))
            return
        if not self._take_seat(screen, path, pid):
            return
        notice = ""
        if own is None:
            try:
                set_aside(path, pid)  # kept beside the room for the facilitator; the participant starts again
            except OSError:
                self._leave_seat(screen, "Your earlier answers cannot be read or moved: ask the facilitator")
                return
            own, notice = (
                Own(),
                "Your earlier answers could not be read (they are kept for the facilitator): please rate again.",
            )
        # A first join (or a new round the facilitator started): a PIN of their own, so no one else can take this seat and see their answers.
        pin = new_pin()
        own.pin, own.pin_round = pin_digest(pid, pin), room.pin_resets.get(pid, 0)
        try:
            write_ratings(path, pid, own.ratings, own.answered, pin=own.pin, pin_round=own.pin_round)
        except SessionError as exc:
            self._leave_seat(screen, exc.problems[0].message)
            return
        self._enter(path, room, pid, own, pin=pin, notice=notice)

    def _take_seat(self, screen: SeatScreen, path, pid: str) -> bool:
        hold = SeatHold(path, pid)
        try:
            hold.take()
        except SeatTaken as exc:
            screen.taken(f"{exc.problems[0].message}: {exc.problems[0].fix}.")
            return False
        self.seat = hold
        return True

    def on_pin_screen_entered(self, event: PinScreen.Entered) -> None:
        if self.joining is None or not isinstance(self.screen, PinScreen):
            return
        path, room, pid, own = self.joining
        if pin_matches(own, pid, event.pin):
            self.joining = None
            self.pop_screen()
            # Popped: the seat screen the PIN screen was pushed over shows again.
            if self._take_seat(cast(SeatScreen, self.screen), path, pid):
                self._enter(path, room, pid, own)
            return
        self.wrong_pins += 1
        if self.wrong_pins >= PIN_TRIES:
            self.exit(message="Too many wrong PINs.")  # guessing a PIN means starting again, and again
            return
        self.screen.wrong()

    def _leave_seat(self, screen, message: str) -> None:
        if self.seat is not None:
            self.seat.release()
            self.seat = None
        if message and isinstance(screen, SeatScreen):
            screen.taken(message)

    def _enter(self, path, room, pid: str, own: Own, *, pin: str = "", notice: str = "") -> None:
        from maturitytui.ui.screens.participant import ParticipantScreen

        self.role = "participant"
        self.switch_screen(
            ParticipantScreen(
                self.rubric, path, room, pid, own, pin=f"{pin[:3]} {pin[3:]}" if pin else "", notice=notice
            )
        )

    def on_unmount(self) -> None:
        if self.seat is not None:
            self.seat.release()
