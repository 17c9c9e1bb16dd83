"""One program at a time on a review.

Two copies of maturitytui editing the same review would each overwrite the
other's answers without a word. Opening a review takes an exclusive lock on a
small ``.<file>.lock`` beside it; a second copy is told who holds it and can
still read. The operating system drops the lock when the holder exits or is
killed, so a crash never leaves a review locked.

A review's lock (``remove_on_release``) also removes its file when let go
normally, so a review closed as usual leaves nothing behind. The file goes
while still held: a copy that opened it just before could then lock a file no
longer in the folder, beside a third copy locking the new one, so a lock
counts only once the file locked is still the one at the path, and is
otherwise taken again. (Windows cannot remove a file still open: there it
goes after closing, and only if no other copy has it open.) A file left by a
crash is harmless: the next copy simply locks it.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from pathlib import Path

from maturitytui.clock import now
from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.file_reading import SMALL_LIMIT, read_regular
from maturitytui.store import portable
from maturitytui.store.atomic import ensure_private_dir


class SessionLocked(SessionError):
    """The review is open in another copy of the program."""


def lock_path(session_path: Path) -> Path:
    return session_path.with_name(f".{session_path.name}.lock")


class SessionLock:
    """An exclusive, non-blocking lock on one session file."""

    def __init__(self, session_path: Path, *, remove_on_release: bool = False):
        self.session_path = Path(session_path)
        self.path = lock_path(self.session_path)
        # A review's lock removes its file when let go; others (a room's seats) leave it, unlocked, for the next.
        self.remove_on_release = remove_on_release
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise SessionLocked saying who has it."""
        if self._fd is not None:
            return
        ensure_private_dir(self.path.parent)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | portable.OPEN_FLAGS, 0o600)
            if not portable.LOCKS.try_lock(fd):
                holder = _describe(self.path)
                os.close(fd)
                raise SessionLocked(
                    [
                        Problem(
                            str(self.session_path),
                            "",
                            f"this review is open in another copy of maturitytui{holder}",
                            "finish there first, or open it here to read only",
                        )
                    ]
                )
            try:
                if _same_file(fd, self.path):
                    break
            except OSError:
                os.close(fd)
                raise
            os.close(fd)  # locked just as its holder removed it: lock the file now at the path
        self._fd = fd
        # Say who holds it, for the message another copy will show. Best effort: a full
        # disk must not leave the lock half-taken.
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": now().isoformat()})
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, info.encode())
        except OSError:
            pass

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        portable.LOCKS.release(fd, self.path if self.remove_on_release else None)

    def __enter__(self) -> SessionLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _same_file(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is still the file at ``path`` (not removed, nor replaced by another)."""
    try:
        at_path = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (at_path.st_dev, at_path.st_ino)


def _describe(path: Path) -> str:
    try:
        info = json.loads(read_regular(path, SMALL_LIMIT).decode("utf-8") or "{}")
        since = datetime.fromisoformat(info["since"]).astimezone()
        return f" (process {info['pid']} on {info['host']}, since {since.day} {since:%b %H:%M})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""
