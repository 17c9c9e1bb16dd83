"""A facilitated review's room, shared through the session store while the review runs.

Everything lives in a hidden folder beside the review (``.<review id>.room/``),
owner-only, every file written atomically and by one program only:

- ``room.toml``: written by the facilitator's program alone — the join code,
  the step the room is on, who may join, the timer; ``seen.toml`` beside it,
  what that program last took in from each participant's file, so that after
  a restart it takes only what changed since;
- ``<participant>.toml``: each participant's own ratings, written by that
  participant's program alone: two participants writing at once never touch
  the same file, a reader only ever sees whole files, and a participant who
  drops and rejoins finds their ratings where they left them;
- ``.<participant>.seat.lock``: held while that participant is joined, so one
  person cannot be joined twice; the system drops it when their program ends;
  their file keeps a digest of the PIN they were shown, which a rejoin needs;
- ``responses/<random>.toml``: one anonymous questionnaire or exercise
  answer each, named by chance and linked to no one, taken into the review's
  tally and deleted by the facilitator's program.

The facilitator's program merges the participants' files into the review.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.toml_io import read_toml
from maturitytui.store.atomic import atomic_write

ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")

FileStamp = tuple[int, int, int]
"""Size, modification time (ns) and inode: a file only ever replaced whole is the same while these are."""
RatingsCache = dict[Path, tuple[FileStamp, dict[str, str]]]
"""Participants' files as last parsed (see ``collect``)."""


def room_folder(session_path: Path) -> Path:
    return session_path.parent / f".{session_path.stem}.room"


def _participant_file(session_path: Path, participant_id: str) -> Path:
    if not participant_id or set(participant_id) - ID_CHARS or f"{participant_id}.toml" in FACILITATORS_FILES:
        raise ValueError(f"'{participant_id}' cannot name a participant's file")
    return room_folder(session_path) / f"{participant_id}.toml"


def write_ratings(
    session_path: Path,
    participant_id: str,
    ratings: dict[str, str],
    answered: list[str] | None = None,
    pin: str = "",
    pin_round: int = 0,
) -> None:
    """Replace one participant's ratings (question key → rating), atomically.

    ``answered`` lists the questionnaires they have sent in (never their answers: those go in anonymously);
    ``pin`` is the digest of the PIN that lets them rejoin (see ``pin_digest``), set in ``pin_round`` (the
    facilitator starts a new round for someone who has forgotten theirs).
    """
    import tomli_w

    data: dict[str, object] = {
        "participant": participant_id,
        "ratings": dict(sorted(ratings.items())),
        "answered": sorted(set(answered or [])),
    }
    if pin:
        data["pin"] = pin
        data["pin_round"] = pin_round
    try:
        atomic_write(_participant_file(session_path, participant_id), tomli_w.dumps(data).encode("utf-8"))
    except OSError as exc:
        raise SessionError(
            [
                Problem(
                    str(room_folder(session_path)),
                    participant_id,
                    f"could not save the ratings ({exc.strerror or exc})",
                    "check the disk and the folder; the ratings on screen are kept",
                )
            ]
        ) from None


def read_ratings(session_path: Path, participant_id: str) -> dict[str, str]:
    """One participant's ratings so far (empty if they have none yet): what a rejoining participant sees."""
    path = _participant_file(session_path, participant_id)
    if not path.exists():
        return {}
    return _ratings(read_toml(path, SessionError), path)


def _ratings(data: dict[str, object], path: Path) -> dict[str, str]:
    ratings = data.get("ratings")
    if not isinstance(ratings, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in ratings.items()):
        raise SessionError(
            [
                Problem(
                    str(path),
                    "ratings",
                    "is not a table of question → rating",
                    "delete the file; the participant can rate again",
                )
            ]
        )
    return dict(ratings)


def collect(session_path: Path, cache: RatingsCache | None = None) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Every participant's ratings, by participant id, and any file that could not be read (left as it is).

    With a ``cache`` (kept by the caller between looks), a file is parsed again only when its size, time or
    inode changed — every participant's file is written anew, atomically — so a look twice a second at a
    room of thirty costs thirty stats, not thirty parses.
    """
    folder = room_folder(session_path)
    found: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found, problems
    for entry in entries:
        if not entry.name.endswith(".toml") or entry.name in FACILITATORS_FILES:  # not a participant's
            continue
        path = Path(entry.path)
        try:
            st = entry.stat()
        except OSError:
            continue
        stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        if cache is not None and (hit := cache.get(path)) is not None and hit[0] == stamp:
            found[path.stem] = hit[1]
            continue
        try:
            found[path.stem] = ratings = _ratings(read_toml(path, SessionError), path)
        except SessionError as exc:
            problems.extend(exc.problems)
            continue
        if cache is not None:
            cache[path] = (stamp, ratings)
    return found, problems


def write_seen(session_path: Path, seen: dict[str, dict[str, str]]) -> None:
    """What the facilitator's program last took in from each participant's file, so a restart carries on from it."""
    import tomli_w

    # Only a convenience: without it, a restart lets files fill gaps alone.
    with contextlib.suppress(OSError):
        atomic_write(room_folder(session_path) / SEEN_FILE, tomli_w.dumps({"seen": seen}).encode("utf-8"))


def read_seen(session_path: Path) -> dict[str, dict[str, str]] | None:
    try:
        seen = read_toml(room_folder(session_path) / SEEN_FILE, SessionError).get("seen")
    except SessionError:
        return None
    if not isinstance(seen, dict):
        return None
    return {
        pid: {k: v for k, v in theirs.items() if isinstance(v, str)}
        for pid, theirs in seen.items()
        if isinstance(theirs, dict)
    }


def merged(
    ratings: dict[str, dict[str, str]],
    by_participant: dict[str, dict[str, str]],
    known: set[str],
    seen: dict[str, dict[str, str]] | None = None,
) -> dict[str, dict[str, str]]:
    """The review's ratings (question → participant → rating) with what participants' own files changed laid over.

    ``seen`` is what each file said at the last look: only a rating that changed since then is taken, so a
    correction typed at the front is not undone by an older rating in a file (a file not seen before is new
    in every rating). With nothing known of earlier looks at all, a file fills only the gaps: the review,
    saved since, holds the latest word. Files from ids the review does not know are ignored: only the facilitator adds participants.
    """
    result = {key: dict(given) for key, given in ratings.items()}
    for participant_id, theirs in by_participant.items():
        if participant_id not in known:
            continue
        before = None if seen is None else seen.get(participant_id, {})
        for key, rating in theirs.items():
            fresh = before.get(key) != rating if before is not None else participant_id not in result.get(key, {})
            if fresh:
                result.setdefault(key, {})[participant_id] = rating
    return result


@dataclass
class Own:
    """What a participant's own file holds: all their program reads back when they rejoin."""

    ratings: dict[str, str] = field(default_factory=dict)
    answered: list[str] = field(default_factory=list)
    pin: str = ""
    pin_round: int = 0

    def needs_pin(self, room: RoomState, participant_id: str) -> bool:
        """Whether rejoining asks for the PIN: one was set, and the facilitator has not since let them choose anew."""
        return bool(self.pin) and self.pin_round >= room.pin_resets.get(participant_id, 0)


def read_own(session_path: Path, participant_id: str) -> Own:
    """A participant's own file (empty if they have none yet); SessionError if it cannot be read."""
    path = _participant_file(session_path, participant_id)
    if not path.exists():
        return Own()
    data = read_toml(path, SessionError)
    answered = data.get("answered", [])
    pin, pin_round = data.get("pin", ""), data.get("pin_round", 0)
    return Own(
        _ratings(data, path),
        [a for a in answered if isinstance(a, str)] if isinstance(answered, list) else [],
        pin if isinstance(pin, str) else "",
        pin_round if isinstance(pin_round, int) and not isinstance(pin_round, bool) else 0,
    )


def set_aside(session_path: Path, participant_id: str) -> Path:
    """Move a participant's unreadable file out of the way, kept beside it, so they can start again."""
    path = _participant_file(session_path, participant_id)
    aside = path.with_name(f"{path.name}.unreadable-{secrets.token_hex(3)}")
    os.replace(path, aside)
    return aside


PIN_DIGITS = 6


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def pin_digest(participant_id: str, pin: str) -> str:
    """What a participant's file keeps of their PIN: enough to check it, not to read it."""
    import hashlib

    return hashlib.sha256(f"{participant_id}:{clean_code(pin)}".encode()).hexdigest()


def pin_matches(own: Own, participant_id: str, typed: str) -> bool:
    return bool(own.pin) and hmac.compare_digest(own.pin, pin_digest(participant_id, typed))


def read_answered(session_path: Path, participant_id: str) -> list[str]:
    """The questionnaires a participant has sent in, so a rejoining participant is not asked twice."""
    path = _participant_file(session_path, participant_id)
    if not path.exists():
        return []
    answered = read_toml(path, SessionError).get("answered", [])
    return [a for a in answered if isinstance(a, str)] if isinstance(answered, list) else []


# -- the room itself, written by the facilitator's program -----------------

ROOM_FILE = "room.toml"
SEEN_FILE = "seen.toml"
FACILITATORS_FILES = {ROOM_FILE, SEEN_FILE}
"""Files only the facilitator's program writes: no participant can be named so as to overwrite them."""
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
    try:
        st = os.stat(room_folder(session_path) / ROOM_FILE)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def find_room(store_root: Path, typed: str) -> tuple[Path, RoomState] | None:
    """The open room whose join code this is, and its review's path; None for any other code.

    Every open room is compared, in constant time, so how long the answer takes says nothing about the codes.
    """
    code = clean_code(typed)
    found = None
    for room_file in sorted(Path(store_root).glob(f"*/.*.room/{ROOM_FILE}")):
        session_path = room_file.parent.parent / f"{room_file.parent.name[1:].removesuffix('.room')}.toml"
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


# -- taking a seat ----------------------------------------------------------


class SeatTaken(SessionError):
    """Someone is already joined as this participant."""


class SeatHold:
    """Holds a participant's seat while their program runs; the system lets go when it ends, so they can rejoin."""

    def __init__(self, session_path: Path, participant_id: str) -> None:
        from maturitytui.store.locks import SessionLock

        self._lock = SessionLock(_participant_file(session_path, participant_id).with_suffix(".seat"))

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


# -- anonymous answers to questionnaires and exercises ----------------------


def _responses(session_path: Path) -> Path:
    return room_folder(session_path) / "responses"


def send_response(session_path: Path, tool_id: str, answers: dict[str, str]) -> None:
    """One person's answers to a questionnaire or exercise, in a file named by chance and linked to no one."""
    import tomli_w

    data = {"tool": tool_id, "answers": {str(k): str(v) for k, v in answers.items()}}
    try:
        atomic_write(_responses(session_path) / f"{secrets.token_hex(8)}.toml", tomli_w.dumps(data).encode("utf-8"))
    except OSError as exc:
        raise SessionError(
            [
                Problem(
                    str(_responses(session_path)),
                    tool_id,
                    f"could not send the answers ({exc.strerror or exc})",
                    "try again; nothing was sent",
                )
            ]
        ) from None


@dataclass
class Responses:
    """Answers taken from the room: by tool id, one dict per person, in no particular order."""

    by_tool: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    """The files taken: deleted with ``discard()`` once the review holding their answers is saved."""
    tool_of: dict[Path, str] = field(default_factory=dict)

    def keep_only(self, tool_ids: set[str]) -> None:
        """Leave the answers to other tools in the room (a rubric without them cannot count them)."""
        self.by_tool = {t: answers for t, answers in self.by_tool.items() if t in tool_ids}
        self.paths = [p for p in self.paths if self.tool_of.get(p) in tool_ids]

    def discard(self) -> None:
        for path in self.paths:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


def take_responses(session_path: Path, skip: Collection[Path] = frozenset()) -> Responses:
    """Every anonymous answer waiting in the room (the review's tally keeps only the counts).

    Only the facilitator's program calls this; it adds the answers to the review, saves it, and then
    discards the files, so a failed save loses nothing; ``skip`` holds files already counted but not yet
    discarded (their review is not saved yet), so nothing is counted twice. A file that cannot be read is
    left and named.
    """
    taken = Responses()
    folder = _responses(session_path)
    if not folder.is_dir():
        return taken
    # Shuffled, so the order answers reach the tally says nothing about who sent them first.
    paths = [p for p in folder.glob("*.toml") if p not in skip]
    secrets.SystemRandom().shuffle(paths)
    for path in paths:
        try:
            data = read_toml(path, SessionError)
            answers = data["answers"]
            tool = data.get("tool")
            if not isinstance(answers, dict) or not isinstance(tool, str):
                raise KeyError
        except SessionError as exc:
            taken.problems.extend(exc.problems)
            continue
        except KeyError:
            taken.problems.append(
                Problem(
                    str(path), "answers", "is not a set of answers", "delete the file; whoever sent it can answer again"
                )
            )
            continue
        taken.by_tool.setdefault(tool, []).append({str(k): str(v) for k, v in answers.items()})
        taken.paths.append(path)
        taken.tool_of[path] = tool
    return taken
