"""A participant's side of a room, the mirror of ``host.py``: the join code, the seat, the PIN.

A room's code opens that room and nothing else; the facilitator's code (never
stored, only its digest) opens the whole program. A seat is held while its
participant's program runs, so no one else can sit in it. The first time a
participant sits down they get a PIN of their own; coming back to a seat that
has one asks for it, and a few wrong PINs end the connection. The screens
ask this module and show what it answers.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from maturitytui.model.errors import SessionError
from maturitytui.room.files import Own, read_own, set_aside, write_ratings
from maturitytui.room.seats import SeatHold, SeatTaken, new_pin, pin_digest, pin_matches
from maturitytui.room.state import RoomState, clean_code, find_room

PIN_TRIES = 3
"""Wrong PINs allowed on one connection, across every seat tried, before it is closed."""


def code_digest(code: str) -> str:
    """What the served program is given instead of the facilitator's code itself."""
    return hashlib.sha256(clean_code(code).encode()).hexdigest()


@dataclass(frozen=True)
class Facilitator:
    """The facilitator's code: the whole program opens."""


@dataclass(frozen=True)
class RoomFound:
    """A room's code: its review's path and the room as its file says."""

    path: Path
    room: RoomState


@dataclass(frozen=True)
class Refused:
    """The seat cannot be taken now; ``message`` says why and what to do."""

    message: str


@dataclass(frozen=True)
class AskPin:
    """The seat has a PIN: ask for it (``label`` is whose seat it is)."""

    label: str


@dataclass(frozen=True)
class Seated:
    """In the seat: ``own`` is what the participant's file holds; ``pin`` is new (to show once) on a first join."""

    path: Path
    room: RoomState
    participant_id: str
    own: Own
    pin: str = ""
    notice: str = ""


@dataclass(frozen=True)
class WrongPin:
    """Not the PIN; ``closed`` once too many wrong ones have been tried on this connection."""

    closed: bool


class Guest:
    """One connection's way into a room: it is no one until a code says who, then holds at most one seat."""

    def __init__(self, store_root: Path, facilitator_digest: str = "") -> None:
        self.store_root = store_root
        self.facilitator_digest = facilitator_digest
        self.seat: SeatHold | None = None
        self.wrong_pins = 0
        self._waiting: tuple[Path, RoomState, str, Own] | None = None
        """(review path, room, participant id, their own file) while a returning participant types their PIN."""

    def enter_code(self, typed: str) -> Facilitator | RoomFound | None:
        """Who a code makes this connection: the facilitator, a room's participant, or no one (None)."""
        code = clean_code(typed)
        if self.facilitator_digest and hmac.compare_digest(code_digest(code), self.facilitator_digest):
            return Facilitator()
        found = find_room(self.store_root, code) if code else None
        return RoomFound(*found) if found is not None else None

    def choose_seat(self, path: Path, room: RoomState, participant_id: str) -> Seated | AskPin | Refused:
        """Sit in a seat: at once on a first join, after the PIN for a seat that has one."""
        try:
            own: Own | None = read_own(path, participant_id)
        except SessionError:
            own = None  # unreadable: set aside below, once the seat is held
        if own is not None and own.needs_pin(room, participant_id):
            # The seat is held only once the PIN matches, so someone waiting for it blocks no one; but a seat
            # in use now is said at once.
            if (refused := self._take(path, participant_id)) is not None:
                return refused
            self.leave()
            self._waiting = (path, room, participant_id, own)
            seat = room.seat(participant_id)
            return AskPin(seat.label if seat else participant_id)
        if (refused := self._take(path, participant_id)) is not None:
            return refused
        notice = ""
        if own is None:
            try:
                set_aside(path, participant_id)  # kept beside the room for the facilitator; they start again
            except OSError:
                self.leave()
                return Refused("Your earlier answers cannot be read or moved: ask the facilitator")
            own = Own()
            notice = "Your earlier answers could not be read (they are kept for the facilitator): please rate again."
        # A first join, or a new round the facilitator started: a PIN of their own, so no one else can take
        # this seat and see their answers.
        pin = new_pin()
        own.pin, own.pin_round = pin_digest(participant_id, pin), room.pin_resets.get(participant_id, 0)
        try:
            write_ratings(path, participant_id, own.ratings, own.answered, pin=own.pin, pin_round=own.pin_round)
        except SessionError as exc:
            self.leave()
            return Refused(exc.problems[0].message)
        return Seated(path, room, participant_id, own, pin=pin, notice=notice)

    def give_pin(self, typed: str) -> Seated | WrongPin | Refused:
        """The PIN for the seat asked about last."""
        if self._waiting is None:
            raise RuntimeError("No seat is waiting for a PIN.")
        path, room, participant_id, own = self._waiting
        if pin_matches(own, participant_id, typed):
            self._waiting = None
            if (refused := self._take(path, participant_id)) is not None:
                return refused
            return Seated(path, room, participant_id, own)
        self.wrong_pins += 1
        return WrongPin(closed=self.wrong_pins >= PIN_TRIES)

    def leave(self) -> None:
        """Let go of the seat, so it can be taken again."""
        if self.seat is not None:
            self.seat.release()
            self.seat = None

    def _take(self, path: Path, participant_id: str) -> Refused | None:
        hold = SeatHold(path, participant_id)
        try:
            hold.take()
        except SeatTaken as exc:
            return Refused(f"{exc.problems[0].message}: {exc.problems[0].fix}.")
        self.seat = hold
        return None
