"""Saving in the background: answers typed while a save is slow cost one more save, not one each."""

from __future__ import annotations

import threading
from datetime import date

from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.saver import BackgroundSaver


class SlowStore(SessionStore):
    """A store whose first write waits until let go, as one a sync client holds open is tried again."""

    def __init__(self, root) -> None:
        super().__init__(root)
        self.started = threading.Event()
        self.let_go = threading.Event()
        self.written: list[bytes] = []

    def write(self, target, data: bytes) -> None:
        self.started.set()
        assert self.let_go.wait(timeout=30)
        self.written.append(data)
        super().write(target, data)


def test_saves_queued_behind_a_slow_one_are_one_save_of_the_newest(tmp_path, rubric):
    store = SlowStore(tmp_path)
    saver = BackgroundSaver(store, on_error=lambda exc: None)
    session = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18))
    path = store.path_for(session)
    try:
        saver.save(session, path)
        assert store.started.wait(timeout=30)  # the first save is under way, and slow
        for stage in ("Beginning", "Developing", "Embedding", "Leading"):
            session.answer("jpd").choose_stage(stage)
            saver.save(session, path)
        store.let_go.set()
        assert saver.wait() is None
    finally:
        saver.close()
    assert len(store.written) == 2  # the one under way, then only the newest of the four queued
    assert store.load(path).answer("jpd").stage == "Leading"
