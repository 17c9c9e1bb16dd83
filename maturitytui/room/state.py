"""The room itself, written by the facilitator's program alone: the join code, the step, the seats, the timer."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.file_reading import file_stamp
from maturitytui.model.toml_io import read_toml
from maturitytui.room.layout import ROOM_FILE, FileStamp, room_folder
from maturitytui.store.atomic import atomic_write

CODE_DIGITS = 8


def new_code() -> str:
    """A join code: eight digits, easy to read out and type, a hundred million to guess from."""
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def spoken(code: str) -> str:
    """The code as it is shown: ``4821 7390``."""
    return f"{code[:4]} {code[4:]}"


def clean_code(typed: str) -> str:
    """What someone typed, with the spaces and dashes people add left out."""
    return "".join(c for c in typed if c not in " -\t")


@dataclass(frozen=True)
class Seat:
    """Someone who may join: their id, what the room calls them, and their school."""

    id: str
    label: str
    school: str = ""


@dataclass(frozen=True)
class RoomState:
    """What every participant's program needs to know, and nothing of the rest of the store."""

    code: str
    review: str
    """The review's id."""
    partnership: str
    step: str = ""
    """The walkthrough step the room is on (``strand:jpd``, ``grid``, ``criteria``, ``tool:<id>``…)."""
    title: str = ""
    questions: tuple[str, ...] = ()
    """The questions the room rates on this step."""
    tool: str = ""
    """The questionnaire or exercise participants answer anonymously on this step, if any."""
    seats: tuple[Seat, ...] = ()
    anonymous: bool = False
    per_school: bool = False
    """Whether the front of the room shows the spread school by school (the projector page follows it)."""
    open: bool = True
    timer_ends: float | None = None
    """When the step's countdown ends (seconds since the epoch), while it runs."""
    timer_left: float | None = None
    """Seconds left on a paused countdown."""
    pin_resets: dict[str, int] = field(default_factory=dict)
    """Participant id → the PIN round the facilitator last started for them (someone who forgot their PIN)."""

    def seat(self, participant_id: str) -> Seat | None:
        return next((s for s in self.seats if s.id == participant_id), None)


def write_room(session_path: Path, room: RoomState) -> None:
    """Publish the room's state (only the facilitator's program calls this)."""
    import tomli_w

    data: dict[str, object] = {
        "code": room.code,
        "review": room.review,
        "partnership": room.partnership,
        "step": room.step,
        "title": room.title,
        "questions": list(room.questions),
        "tool": room.tool,
        "open": room.open,
        "anonymous": room.anonymous,
        "per_school": room.per_school,
        "seats": [{"id": s.id, "label": s.label, "school": s.school} for s in room.seats],
    }
    if room.timer_ends is not None:
        data["timer_ends"] = room.timer_ends
    if room.timer_left is not None:
        data["timer_left"] = room.timer_left
    if room.pin_resets:
        data["pin_resets"] = dict(room.pin_resets)
    try:
        atomic_write(room_folder(session_path) / ROOM_FILE, tomli_w.dumps(data).encode("utf-8"))
    except OSError as exc:
        raise SessionError(
            [
                Problem(
                    str(room_folder(session_path)),
                    ROOM_FILE,
                    f"could not open the room ({exc.strerror or exc})",
                    "check the disk and the folder; the review itself is saved as usual",
                )
            ]
        ) from None


def read_room(session_path: Path) -> RoomState | None:
    """The room of a review, or None if it has none or its file cannot be read."""
    path = room_folder(session_path) / ROOM_FILE
    try:
        data = read_toml(path, SessionError)
        seats = tuple(
            Seat(str(s["id"]), str(s["label"]), str(s.get("school", ""))) for s in _tables(data.get("seats", []))
        )
        return RoomState(
            code=str(data["code"]),
            review=str(data["review"]),
            partnership=str(data["partnership"]),
            step=str(data.get("step", "")),
            title=str(data.get("title", "")),
            questions=tuple(str(q) for q in _list(data.get("questions", []))),
            tool=str(data.get("tool", "")),
            seats=seats,
            anonymous=bool(data.get("anonymous", False)),
            per_school=bool(data.get("per_school", False)),
            open=bool(data.get("open", False)),
            timer_ends=_number(data.get("timer_ends")),
            timer_left=_number(data.get("timer_left")),
            pin_resets={
                str(k): v
                for k, v in _table(data.get("pin_resets", {})).items()
                if isinstance(v, int) and not isinstance(v, bool)
            },
        )
    except (SessionError, KeyError, TypeError, AttributeError, ValueError, OverflowError):
        return None


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"expected an array, found {type(value).__name__}")
    return value


def _table(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a table, found {type(value).__name__}")
    return value


def _tables(value: object) -> list[dict[str, object]]:
    return [_table(item) for item in _list(value)]


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def room_stamp(session_path: Path) -> FileStamp | None:
    """Size, time and inode of the room's file: when they are the same, so is the file (it is only ever replaced)."""
    return file_stamp(room_folder(session_path) / ROOM_FILE)


def reviews_with_rooms(store_root: Path) -> list[Path]:
    """The path of every review in the store that has a room folder beside it (open or closed)."""
    return [
        room_file.parent.parent / f"{room_file.parent.name[1:].removesuffix('.room')}.toml"
        for room_file in sorted(Path(store_root).glob(f"*/.*.room/{ROOM_FILE}"))
    ]


def find_room(store_root: Path, typed: str) -> tuple[Path, RoomState] | None:
    """The open room whose join code this is, and its review's path; None for any other code.

    Every open room is compared, in constant time, so how long the answer takes says nothing about the codes.
    """
    code = clean_code(typed)
    found = None
    for session_path in reviews_with_rooms(store_root):
        room = read_room(session_path)
        if (
            room is not None
            and room.open
            and hmac.compare_digest(room.code.encode(), code.encode("utf-8", "surrogatepass"))
        ):
            found = found or (session_path, room)
    return found


def close_room(session_path: Path) -> None:
    """Close the room: participants are told, and the code opens nothing any more."""
    room = read_room(session_path)
    if room is not None and room.open:
        from dataclasses import replace

        write_room(session_path, replace(room, open=False, timer_ends=None, timer_left=None))
