"""Saving in the background: answers typed while a save is slow cost one more save, not one each, and a review
another machine's version replaced while it was open here is never written over."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from maturitytui.model.session import Session
from maturitytui.store.index import listing
from maturitytui.store.names import partnership_key
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.saver import BackgroundSaver, _this_machine


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


def test_a_review_replaced_from_another_machine_is_never_written_over(tmp_path, rubric):
    store = SessionStore(tmp_path)
    session = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18))
    path = store.save(session)
    told: list[Path] = []
    saver = BackgroundSaver(store, on_error=lambda exc: None, on_kept_apart=told.append)
    saver.watch(path)  # the review is open here
    try:
        session.answer("jpd").choose_stage("Developing")
        saver.save(session, path)  # this program's own save: no copy
        assert saver.wait() is None
        assert told == []
        # The other laptop's version, brought in by the synced folder while the review is open here.
        theirs = store.load(path)
        theirs.answer("mc").choose_stage("Leading")
        store.save(theirs, path, stamp=False)
        session.answer("jpd").choose_stage("Embedding")
        saver.save(session, path)
        session.answer("dcr").choose_stage("Beginning")
        saver.save(session, path)  # and every save after it goes to the same copy
        assert saver.wait() is None
    finally:
        saver.close()
    (copy,) = told
    kept = store.load(path)
    assert kept.answer("mc").stage == "Leading"  # the other machine's version, as it came in
    assert kept.answer("jpd").stage == "Developing"
    mine = store.load(copy)
    assert mine.copy_of is not None
    assert mine.copy_of.review == session.id
    assert mine.copy_of.source == _this_machine()
    assert (mine.answer("jpd").stage, mine.answer("dcr").stage) == ("Embedding", "Beginning")
    assert sorted(p.name for p in path.parent.glob("*.toml")) == sorted([path.name, copy.name])
    assert [c.path for c in listing(tmp_path).copies(partnership_key("Harbourside"))] == [copy]


def test_a_review_put_back_with_the_same_bytes_is_still_this_programs(tmp_path, rubric):
    store = SessionStore(tmp_path)
    session = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18))
    path = store.save(session)
    told: list[Path] = []
    saver = BackgroundSaver(store, on_error=lambda exc: None, on_kept_apart=told.append)
    saver.watch(path)
    try:
        same = path.read_bytes()
        path.unlink()
        path.write_bytes(same)  # a sync client downloading what it had uploaded: a new file, the same review
        session.answer("jpd").choose_stage("Developing")
        saver.save(session, path)
        assert saver.wait() is None
    finally:
        saver.close()
    assert told == []
    assert store.load(path).answer("jpd").stage == "Developing"
    assert [p.name for p in path.parent.glob("*.toml")] == [path.name]
