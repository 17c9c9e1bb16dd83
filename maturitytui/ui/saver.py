"""Saving in the background, in order, so the screen never waits for the disk.

Each answer is copied at once, on the UI thread, so what is written is exactly
the session as it was at that moment; one worker thread turns the copies into
TOML and writes them in the order they were taken. ``wait()`` blocks until everything
queued is on disk, which is what moving to the next step and quitting do.

Each snapshot holds the whole session, so one queued behind a newer one for the
same file is passed over: when saves are slow (a file a sync client holds open
is tried again for a moment), answers typed meanwhile cost one more save, not
one each.

The worker never waits for the UI thread (that could deadlock while the UI
thread is in ``wait()``): a failure is recorded, handed to ``on_error``
without blocking, and reported again by ``wait()``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from maturitytui.clock import now
from maturitytui.model.errors import SessionError
from maturitytui.model.session import Session
from maturitytui.store.session_files import data_to_toml, session_to_data
from maturitytui.store.session_store import SessionStore

_SERIALS = itertools.count(1)


class BackgroundSaver:
    def __init__(self, store: SessionStore, on_error: Callable[[SessionError], None]) -> None:
        self.store = store
        self.on_error = on_error
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

    def save(self, session: Session, path: Path) -> None:
        session.updated = now()
        snapshot = session_to_data(session)
        self._newest[path] = taken = next(self._taken)
        self._last = self._pool.submit(self._write, path, snapshot, taken)

    def _write(self, path: Path, snapshot: dict[str, object], taken: int) -> None:
        if self._newest.get(path) != taken:
            return  # a newer snapshot of the whole session is queued for this file: it holds this one's answers
        try:
            self.store.write(path, data_to_toml(snapshot))
        except SessionError as exc:
            if self.failure is None:
                self.streak += 1
            self.failure = exc
            self.on_error(exc)  # must not block: see the module docstring
        else:
            self.failure = None  # each save holds the whole session, so one success covers earlier failures

    def wait(self) -> SessionError | None:
        """Block until every queued save has finished; return the failure of the last one, if any."""
        if self._last is not None:
            self._last.result()
        return self.failure

    def close(self) -> None:
        self._pool.shutdown(wait=True)
