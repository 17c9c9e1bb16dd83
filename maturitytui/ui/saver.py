"""Saving in the background, in order, so the screen never waits for the disk.

Each answer is turned into bytes at once, on the UI thread, so what is written
is exactly the session as it was at that moment; one worker thread writes the
snapshots in the order they were taken. ``wait()`` blocks until everything
queued is on disk, which is what quitting and leaving a review do.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from ..errors import SessionError
from ..session import Session, now
from ..store import SessionStore, session_to_toml


class BackgroundSaver:
    def __init__(self, store: SessionStore, on_error: Callable[[SessionError], None]) -> None:
        self.store = store
        self.on_error = on_error
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="maturitytui-save")
        self._last: Future | None = None

    def save(self, session: Session, path: Path) -> None:
        session.updated = now()
        data = session_to_toml(session)
        self._last = self._pool.submit(self._write, path, data)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            self.store.write(path, data)
        except SessionError as exc:
            self.on_error(exc)

    def wait(self) -> None:
        if self._last is not None:
            self._last.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
