"""Saving in the background, in order, so the screen never waits for the disk.

Each answer is copied at once, on the UI thread, so what is written is exactly
the session as it was at that moment; one worker thread turns the copies into
TOML and writes them in the order they were taken. ``wait()`` blocks until everything
queued is on disk, which is what moving to the next step and quitting do.

Each snapshot holds the whole session, so one queued behind a newer one for the
same file is passed over: when saves are slow (a file a sync client holds open
is tried again for a moment), answers typed meanwhile cost one more save, not
one each.

A review open here is never written over a version that came in meanwhile
(``watch``): the program's lock keeps a second copy of it off a review on this
machine, but a folder synced by OneDrive or the like can bring in the version
saved on another machine while the review is open here. Then this machine's
answers go to a copy beside it from that moment (``copies.as_copy``), named
after this machine, to be resolved on the start screen, and ``on_kept_apart``
is told where.

The worker never waits for the UI thread (that could deadlock while the UI
thread is in ``wait()``): a failure is recorded, handed to ``on_error``
without blocking, and reported again by ``wait()``.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import socket
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from maturitytui.clock import now, today
from maturitytui.model.errors import SessionError
from maturitytui.model.file_reading import FileStamp, file_stamp, read_regular
from maturitytui.model.session import Session
from maturitytui.store.copies import as_copy
from maturitytui.store.portable import portable_name
from maturitytui.store.session_files import data_to_toml, session_to_data
from maturitytui.store.session_store import SessionStore


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.sha256(read_regular(path)).digest()
    except (OSError, ValueError):  # gone, or not a file to read: not what this program wrote
        return None


def _this_machine() -> str:
    name = " ".join(socket.gethostname().split())[:60]
    return name if name and name.isprintable() else "this computer"


_SERIALS = itertools.count(1)


class BackgroundSaver:
    def __init__(
        self,
        store: SessionStore,
        on_error: Callable[[SessionError], None],
        on_kept_apart: Callable[[Path], None] | None = None,
    ) -> None:
        self.store = store
        self.on_error = on_error
        self.on_kept_apart = on_kept_apart
        self._seen: dict[Path, tuple[FileStamp | None, bytes | None]] = {}
        """Each watched file's stamp and contents' digest, as this program last read or wrote it."""
        self._kept_apart: dict[Path, tuple[Path, dict[str, object]]] = {}
        """A watched file that changed under this program: the copy its answers go to instead, and what makes
        them a copy (its id and note)."""
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="maturitytui-save")
        self._last: Future[None] | None = None
        self.failure: SessionError | None = None
        """The error of the latest save, or None once a save has succeeded."""
        self.streak = 0
        """Counts runs of failures: a new number each time saving starts failing after a success."""
        self.serial = next(_SERIALS)
        """Tells savers apart for as long as the program runs (ids of freed objects are reused)."""
        self._taken = itertools.count(1)
        self._newest: dict[Path, int] = {}
        """The number of the newest snapshot queued for each file."""

    def watch(self, path: Path) -> None:
        """Never write over ``path`` if another program replaces it from now on (see the module's docstring)."""
        self._seen[path] = (file_stamp(path), _digest(path))

    def save(self, session: Session, path: Path) -> None:
        session.updated = now()
        snapshot = session_to_data(session)
        self._newest[path] = taken = next(self._taken)
        self._last = self._pool.submit(self._write, path, snapshot, taken)

    def _write(self, path: Path, snapshot: dict[str, object], taken: int) -> None:
        if self._newest.get(path) != taken:
            return  # a newer snapshot of the whole session is queued for this file: it holds this one's answers
        if path not in self._kept_apart and path in self._seen and self._replaced(path):
            copy = as_copy(snapshot, _this_machine(), today(), secrets.token_hex(3))
            self._kept_apart[path] = (
                path.with_name(f"{portable_name(str(copy['id']))}.toml"),
                {"id": copy["id"], "copy_of": copy["copy_of"]},
            )
            if self.on_kept_apart is not None:
                self.on_kept_apart(self._kept_apart[path][0])  # must not block: see the module docstring
        target, as_a_copy = self._kept_apart.get(path, (path, {}))
        data = data_to_toml({**snapshot, **as_a_copy})
        try:
            self.store.write(target, data)
        except SessionError as exc:
            if self.failure is None:
                self.streak += 1
            self.failure = exc
            self.on_error(exc)  # must not block: see the module docstring
        else:
            self.failure = None  # each save holds the whole session, so one success covers earlier failures
            if path in self._seen and target == path:
                self._seen[path] = (file_stamp(path), hashlib.sha256(data).digest())

    def _replaced(self, path: Path) -> bool:
        """Whether the watched file at ``path`` holds other bytes than this program last read or wrote there. A
        file put back with the same bytes (a sync client downloading what it uploaded) is the same."""
        stamp, digest = self._seen[path]
        now_stamp = file_stamp(path)
        if now_stamp == stamp:
            return False
        if _digest(path) == digest:
            self._seen[path] = (now_stamp, digest)
            return False
        return True

    def wait(self) -> SessionError | None:
        """Block until every queued save has finished; return the failure of the last one, if any."""
        if self._last is not None:
            self._last.result()
        return self.failure

    def close(self) -> None:
        self._pool.shutdown(wait=True)
