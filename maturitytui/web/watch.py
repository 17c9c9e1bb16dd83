"""One look at each room for everyone connected to it: the web server reads a room's files once per change,
however many phones and projectors follow it, and wakes them all."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from maturitytui.model.errors import MaturityError
from maturitytui.model.file_reading import file_stamp
from maturitytui.model.session import Session
from maturitytui.room.layout import FileStamp
from maturitytui.room.presence import FRESH_FOR, write_online
from maturitytui.room.state import RoomState, read_room, room_stamp

LOOK_EVERY = 0.5
"""Seconds between looks at a followed room's files: a step the facilitator moves to shows within this."""
SAY_ONLINE_EVERY = FRESH_FOR / 3
RECENT = 60.0
"""A participant without a live connection (a page without its script) counts as connected this long after
their last request."""


class RoomWatch:
    """A room's state, its review (for the projector) and who is connected, for every page that follows it."""

    def __init__(self, path: Path, load_session: Callable[[Path], Session], clock: Callable[[], float]) -> None:
        self.path = path
        self.load_session = load_session
        self.clock = clock
        self._room_stamp: FileStamp | None = None
        self._room: RoomState | None = None
        self._session_stamp: FileStamp | None = None
        self._session: Session | None = None
        self._changed = asyncio.Event()
        self.followers = 0
        self.streams: Counter[str] = Counter()
        """Participant id → live connections (a phone and a tablet are two)."""
        self.recent: dict[str, float] = {}
        """Participant id → when they last asked for anything."""
        self._said: tuple[frozenset[str], float] | None = None
        self._task: asyncio.Task[None] | None = None

    # -- what the files say ------------------------------------------------------

    def room(self) -> RoomState | None:
        """The room as its file says now (read again only when the file has changed)."""
        stamp = room_stamp(self.path)
        if stamp != self._room_stamp:
            self._room_stamp, self._room = stamp, read_room(self.path)
        return self._room

    def session(self) -> Session | None:
        """The review as last saved; the last readable one while a save is being written or the file is damaged."""
        stamp = file_stamp(self.path)
        if stamp != self._session_stamp:
            self._session_stamp = stamp
            with contextlib.suppress(MaturityError):
                self._session = self.load_session(self.path)
        return self._session

    # -- following ---------------------------------------------------------------------

    @property
    def changed(self) -> asyncio.Event:
        """Set once the room or its review changes after this was taken: take it, then read, then wait on it."""
        return self._changed

    def _wake(self) -> None:
        woken, self._changed = self._changed, asyncio.Event()
        woken.set()

    def follow(self, participant_id: str = "") -> None:
        """A page starts following the room (a participant's, or the projector's with no id)."""
        self.followers += 1
        if participant_id:
            self.streams[participant_id] += 1
        self._keep_looking()

    def unfollow(self, participant_id: str = "") -> None:
        self.followers -= 1
        if participant_id:
            self.streams[participant_id] -= 1
            if self.streams[participant_id] <= 0:
                del self.streams[participant_id]
            self.recent[participant_id] = self.clock()

    def seen(self, participant_id: str) -> None:
        """A request from this participant: they are here, with or without a live connection."""
        self.recent[participant_id] = self.clock()
        self._keep_looking()

    def connected(self) -> frozenset[str]:
        now = self.clock()
        self.recent = {pid: at for pid, at in self.recent.items() if now - at < RECENT}
        return frozenset(self.streams) | frozenset(self.recent)

    def _keep_looking(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._look())

    def _say_online(self) -> None:
        """Tell the facilitator's program who is connected: at the first look after a change, and again before
        what it was told goes stale; at most once a look, however many join between two."""
        now, connected = self.clock(), self.connected()
        if self._said is None and not connected:
            return  # nothing to say yet
        if self._said is not None and self._said[0] == connected and now - self._said[1] < SAY_ONLINE_EVERY:
            return
        self._said = (connected, now)
        write_online(self.path, set(connected), now)

    async def _look(self) -> None:
        """While anyone follows the room, look at its files and wake them all when one has changed."""
        looked = (room_stamp(self.path), file_stamp(self.path))
        self._say_online()
        while self.followers > 0 or self.connected():
            await asyncio.sleep(LOOK_EVERY)
            stamps = (room_stamp(self.path), file_stamp(self.path))
            if stamps != looked:
                looked = stamps
                self._wake()
            self._say_online()
        self._say_online()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._said is not None and self._said[0]:
            write_online(self.path, set(), self.clock())
