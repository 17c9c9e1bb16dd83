"""Who is connected to a room now, as the web server last said: the one file in a room that server writes for
itself, so the facilitator's program can show it beside each seat."""

from __future__ import annotations

import contextlib
from pathlib import Path

from maturitytui.model.errors import SessionError
from maturitytui.model.toml_io import read_toml
from maturitytui.room.layout import ONLINE_FILE, room_folder
from maturitytui.store.atomic import atomic_write

FRESH_FOR = 30.0
"""Seconds a presence file is believed: the server writes it again at least twice as often while it runs, so
an older one means the server has stopped and no one is connected through it."""


def write_online(session_path: Path, connected: set[str], now: float) -> None:
    import tomli_w

    data = {"connected": sorted(connected), "updated": now}
    # Only an aid to the facilitator: a failure here changes no answer.
    with contextlib.suppress(OSError):
        atomic_write(room_folder(session_path) / ONLINE_FILE, tomli_w.dumps(data).encode("utf-8"))


def read_online(session_path: Path, now: float) -> set[str] | None:
    """The ids connected now; None when no web server has said anything lately (connections are not known)."""
    try:
        data = read_toml(room_folder(session_path) / ONLINE_FILE, SessionError)
    except SessionError:
        return None
    updated, connected = data.get("updated"), data.get("connected")
    if not isinstance(updated, (int, float)) or isinstance(updated, bool) or not isinstance(connected, list):
        return None
    if not now - FRESH_FOR <= updated <= now + FRESH_FOR:
        return None
    return {c for c in connected if isinstance(c, str)}
