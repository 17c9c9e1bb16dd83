"""Taking a seat in a room: one program per participant at a time, and a PIN only they were shown."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from maturitytui.model.errors import Problem, SessionError
from maturitytui.room.layout import participant_file
from maturitytui.room.state import clean_code

if TYPE_CHECKING:
    from maturitytui.room.files import Own

PIN_DIGITS = 6


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def pin_digest(participant_id: str, pin: str) -> str:
    """What a participant's file keeps of their PIN: enough to check it, not to read it."""
    import hashlib

    return hashlib.sha256(f"{participant_id}:{clean_code(pin)}".encode()).hexdigest()


def pin_matches(own: Own, participant_id: str, typed: str) -> bool:
    return bool(own.pin) and hmac.compare_digest(own.pin, pin_digest(participant_id, typed))


class SeatTaken(SessionError):
    """Someone is already joined as this participant."""


class SeatHold:
    """Holds a participant's seat while their program runs; the system lets go when it ends, so they can rejoin."""

    def __init__(self, session_path: Path, participant_id: str) -> None:
        from maturitytui.store.locks import SessionLock

        self._lock = SessionLock(participant_file(session_path, participant_id).with_suffix(".seat"))

    def take(self) -> None:
        from maturitytui.store.locks import SessionLocked

        try:
            self._lock.acquire()
        except SessionLocked:
            raise SeatTaken(
                [
                    Problem(
                        "",
                        "",
                        "someone is already joined under this name",
                        "pick your own name; if this is you on another device, close it there first",
                    )
                ]
            ) from None

    def release(self) -> None:
        self._lock.release()
