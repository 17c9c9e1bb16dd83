"""Each participant's own file: their ratings, what they sent in, their PIN's digest; and the facilitator's
program reading them all back (only what changed) and merging them into the review."""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.toml_io import read_toml
from maturitytui.room.layout import FACILITATORS_FILES, SEEN_FILE, FileStamp, participant_file, room_folder

if TYPE_CHECKING:
    from maturitytui.room.state import RoomState
from maturitytui.store.atomic import atomic_write
from maturitytui.store.portable import replace

RatingsCache = dict[Path, tuple[FileStamp, dict[str, str]]]
"""Participants' files as last parsed (see ``collect``)."""


def write_own(session_path: Path, participant_id: str, own: Own) -> None:
    """Replace one participant's file with ``own``, atomically: written for that participant alone."""
    import tomli_w

    data: dict[str, object] = {
        "participant": participant_id,
        "ratings": dict(sorted(own.ratings.items())),
        "answered": sorted(set(own.answered)),
    }
    if own.pin:
        data["pin"] = own.pin
        data["pin_round"] = own.pin_round
    if own.tokens:
        data["tokens"] = list(own.tokens)
    try:
        atomic_write(participant_file(session_path, participant_id), tomli_w.dumps(data).encode("utf-8"))
    except OSError as exc:
        raise SessionError(
            [
                Problem(
                    str(room_folder(session_path)),
                    participant_id,
                    f"could not save the ratings ({exc.strerror or exc})",
                    "check the disk and the folder; nothing else was changed",
                )
            ]
        ) from None


def read_ratings(session_path: Path, participant_id: str) -> dict[str, str]:
    """One participant's ratings so far (empty if they have none yet): what a rejoining participant sees."""
    path = participant_file(session_path, participant_id)
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
    """The salted digest of the PIN they were shown (``room/seats.py``); empty before the seat is claimed."""
    pin_round: int = 0
    """The facilitator's round the PIN belongs to: freeing a seat starts a new round, and the old PIN and
    tokens open it no more."""
    tokens: list[str] = field(default_factory=list)
    """Salted digests of the tokens their devices keep, newest last."""

    def claimed(self, room: RoomState, participant_id: str) -> bool:
        """Whether the seat is someone's: a PIN was set, and the facilitator has not freed the seat since."""
        return bool(self.pin) and self.pin_round >= room.pin_resets.get(participant_id, 0)


def read_own(session_path: Path, participant_id: str) -> Own:
    """A participant's own file (empty if they have none yet); SessionError if it cannot be read."""
    path = participant_file(session_path, participant_id)
    if not path.exists():
        return Own()
    data = read_toml(path, SessionError)
    answered = data.get("answered", [])
    pin, pin_round, tokens = data.get("pin", ""), data.get("pin_round", 0), data.get("tokens", [])
    return Own(
        _ratings(data, path),
        [a for a in answered if isinstance(a, str)] if isinstance(answered, list) else [],
        pin if isinstance(pin, str) else "",
        pin_round if isinstance(pin_round, int) and not isinstance(pin_round, bool) else 0,
        [t for t in tokens if isinstance(t, str)] if isinstance(tokens, list) else [],
    )


def set_aside(session_path: Path, participant_id: str) -> Path:
    """Move a participant's unreadable file out of the way, kept beside it, so they can start again."""
    path = participant_file(session_path, participant_id)
    aside = path.with_name(f"{path.name}.unreadable-{secrets.token_hex(3)}")
    replace(path, aside)
    return aside
