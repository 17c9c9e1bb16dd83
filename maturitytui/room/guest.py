"""A participant's way into a room, whatever page asks: the join code, the seat, the PIN, the device's token.

A room's code opens that room and nothing else; the facilitator's code (never
stored, only its digest) opens the whole program. A named seat is claimed
once: the first device to sit in it gets a PIN, shown once, and a token it
keeps; that device comes back with its token, a new device with the PIN, and
no one else at all until the facilitator frees the seat (which keeps the
answers). Every answer here is a value the caller shows; nothing here waits,
counts wrong guesses or knows about connections (the web server does both).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from dataclasses import dataclass, replace
from pathlib import Path

from maturitytui.model.errors import SessionError
from maturitytui.room.answers import send_response
from maturitytui.room.files import Own, read_own, set_aside, write_own
from maturitytui.room.seats import MAX_DEVICES, matches, new_pin, new_token, pin_digest, token_digest
from maturitytui.room.state import RoomState, clean_code, find_room, read_room


def code_digest(code: str) -> str:
    """What the server keeps instead of the facilitator's code itself."""
    return hashlib.sha256(clean_code(code).encode()).hexdigest()


def is_facilitator(typed: str, facilitator_digest: str) -> bool:
    return bool(facilitator_digest) and hmac.compare_digest(code_digest(typed), facilitator_digest)


@dataclass(frozen=True)
class RoomFound:
    """A room's code: its review's path and the room as its file says."""

    path: Path
    room: RoomState


def enter_room(store_root: Path, typed: str) -> RoomFound | None:
    """The open room this code opens, or None."""
    code = clean_code(typed)
    found = find_room(store_root, code) if code else None
    return RoomFound(*found) if found is not None else None


@dataclass(frozen=True)
class Refused:
    """The seat cannot be taken; ``message`` says why and what to do."""

    message: str


@dataclass(frozen=True)
class AskPin:
    """The seat is someone's already: only their PIN opens it on this device."""

    label: str


@dataclass(frozen=True)
class Seated:
    """In the seat. ``token`` is new, for this device to keep; ``pin`` is new (to show once) on a first claim."""

    participant_id: str
    own: Own
    token: str
    pin: str = ""
    notice: str = ""


@dataclass(frozen=True)
class WrongPin:
    """Not the PIN."""


def claim(path: Path, room: RoomState, participant_id: str) -> Seated | AskPin | Refused:
    """Sit in a seat: at once if no one has it (a first join, or a seat the facilitator freed), else ask for
    its PIN. A claim keeps any answers already in the seat's file."""
    seat = room.seat(participant_id)
    if seat is None:
        return Refused("That name is not in this room: pick your own from the list")
    try:
        own: Own | None = read_own(path, participant_id)
    except SessionError:
        own = None
    if own is not None and own.claimed(room, participant_id):
        return AskPin(seat.label)
    notice = ""
    if own is None:
        try:
            set_aside(path, participant_id)  # kept beside the room for the facilitator; they start again
        except OSError:
            return Refused("Your earlier answers cannot be read or moved: ask the facilitator")
        own = Own()
        notice = "Your earlier answers could not be read (they are kept for the facilitator): please rate again."
    pin, token = new_pin(), new_token()
    own = replace(
        own,
        pin=pin_digest(pin),
        pin_round=room.pin_resets.get(participant_id, 0),
        tokens=[token_digest(token)],  # devices of an earlier round are forgotten
    )
    try:
        write_own(path, participant_id, own)
    except SessionError as exc:
        return Refused(f"{exc.problems[0].message}: try again, or ask the facilitator")
    return Seated(participant_id, own, token, pin=pin, notice=notice)


def give_pin(path: Path, room: RoomState, participant_id: str, typed: str) -> Seated | AskPin | WrongPin | Refused:
    """The PIN of a claimed seat, typed on a new device: that device is remembered too."""
    try:
        own = read_own(path, participant_id)
    except SessionError:
        return Refused("Your answers cannot be read: ask the facilitator to free your seat")
    if not own.claimed(room, participant_id):
        return claim(path, room, participant_id)  # freed meanwhile: no PIN needed any more
    if not matches(own.pin, typed):
        return WrongPin()
    token = new_token()
    own = replace(own, tokens=[*own.tokens, token_digest(token)][-MAX_DEVICES:])
    try:
        write_own(path, participant_id, own)
    except SessionError as exc:
        return Refused(f"{exc.problems[0].message}: try again, or ask the facilitator")
    return Seated(participant_id, own, token)


def returning(path: Path, room: RoomState, participant_id: str, token: str) -> Own | None:
    """A device coming back with its token: the seat's file if the token still opens it, else None (the seat
    was freed, or the token was never this seat's)."""
    if room.seat(participant_id) is None:
        return None
    try:
        own = read_own(path, participant_id)
    except SessionError:
        return None
    if not own.claimed(room, participant_id) or not any(matches(d, token) for d in own.tokens):
        return None
    return own


def record_answer(path: Path, participant_id: str, token: str, key: str, rating: str) -> Own | None:
    """Write one answer into the seat's file, read afresh, if the device's token still opens the seat (None if
    not). The caller holds the seat: no other answer, claim or PIN for it runs meanwhile, so none is lost."""
    room = read_room(path)
    own = returning(path, room, participant_id, token) if room is not None and room.open else None
    if own is None:
        return None
    own = replace(own, ratings={**own.ratings, key: rating})
    write_own(path, participant_id, own)
    return own


def send_answers(path: Path, participant_id: str, token: str, tool_id: str, answers: dict[str, str]) -> bool | None:
    """Send one person's questionnaire or exercise, anonymously, once: True when sent, False when this seat has
    sent it already, None when the token no longer opens the seat. The caller holds the seat."""
    room = read_room(path)
    own = returning(path, room, participant_id, token) if room is not None and room.open else None
    if own is None:
        return None
    if tool_id in own.answered:
        return False
    send_response(path, tool_id, answers)
    # Sent: never offered again on this seat. If noting that fails, the answers are in all the same.
    with contextlib.suppress(SessionError):
        write_own(path, participant_id, replace(own, answered=[*own.answered, tool_id]))
    return True
