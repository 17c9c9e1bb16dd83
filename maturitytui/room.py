"""Participants' own ratings, shared through the session store while a facilitated review runs.

Each participant's ratings live in a file of their own, written atomically,
in a hidden folder beside the review (``.<review id>.room/<participant>.toml``):
two participants writing at once never touch the same file, a reader only
ever sees whole files, and a participant who drops and rejoins finds their
ratings where they left them. The facilitator's program merges them into
the review.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import atomic_write
from .errors import Problem, SessionError
from .toml_io import read_toml

ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def room_folder(session_path: Path) -> Path:
    return session_path.parent / f".{session_path.stem}.room"


def _participant_file(session_path: Path, participant_id: str) -> Path:
    if not participant_id or set(participant_id) - ID_CHARS:
        raise ValueError(f"'{participant_id}' cannot name a participant's file")
    return room_folder(session_path) / f"{participant_id}.toml"


def write_ratings(session_path: Path, participant_id: str, ratings: dict[str, str]) -> None:
    """Replace one participant's ratings (question key → rating), atomically."""
    import tomli_w

    data = {"participant": participant_id, "ratings": dict(sorted(ratings.items()))}
    try:
        atomic_write(_participant_file(session_path, participant_id), tomli_w.dumps(data).encode("utf-8"))
    except OSError as exc:
        raise SessionError([Problem(str(room_folder(session_path)), participant_id,
                                    f"could not save the ratings ({exc.strerror or exc})",
                                    "check the disk and the folder; the ratings on screen are kept")]) from None


def read_ratings(session_path: Path, participant_id: str) -> dict[str, str]:
    """One participant's ratings so far (empty if they have none yet): what a rejoining participant sees."""
    path = _participant_file(session_path, participant_id)
    if not path.exists():
        return {}
    return _ratings(read_toml(path, SessionError), path)


def _ratings(data: dict, path: Path) -> dict[str, str]:
    ratings = data.get("ratings")
    if not isinstance(ratings, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in ratings.items()):
        raise SessionError([Problem(str(path), "ratings", "is not a table of question → rating",
                                    "delete the file; the participant can rate again")])
    return dict(ratings)


def collect(session_path: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Every participant's ratings, by participant id, and any file that could not be read (left as it is)."""
    folder = room_folder(session_path)
    found: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*.toml")):
        try:
            found[path.stem] = _ratings(read_toml(path, SessionError), path)
        except SessionError as exc:
            problems.extend(exc.problems)
    return found, problems


def merged(ratings: dict[str, dict[str, str]], by_participant: dict[str, dict[str, str]],
           known: set[str]) -> dict[str, dict[str, str]]:
    """The review's ratings (question → participant → rating) with the participants' own files laid over them.

    Files from ids the review does not know are ignored: only the facilitator adds participants.
    """
    result = {key: dict(given) for key, given in ratings.items()}
    for participant_id, theirs in by_participant.items():
        if participant_id not in known:
            continue
        for key, rating in theirs.items():
            result.setdefault(key, {})[participant_id] = rating
    return result
