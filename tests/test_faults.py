"""Faults: a file-size limit, two programs on one review, a clock that goes backwards."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime

import pytest

from maturitytui.model.order import previous_review
from maturitytui.model.session import Session
from maturitytui.store.locks import SessionLock, SessionLocked
from maturitytui.store.session_store import SessionStore


@pytest.mark.posix_only("sets a real file-size limit (RLIMIT_FSIZE, SIGXFSZ), which Windows does not have")
def test_file_size_limit_gives_a_clear_message_and_keeps_the_old_file(tmp_path, rubric):
    # A real limit from the operating system, in a child process: nothing simulated.
    store = SessionStore(tmp_path)
    session = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18))
    path = store.save(session)
    before = path.read_bytes()
    script = textwrap.dedent(f"""
        import resource, signal, sys
        from pathlib import Path
        from maturitytui.model.errors import SessionError
        from maturitytui.store.session_store import SessionStore
        store = SessionStore(Path({str(tmp_path)!r}))
        session = store.load(Path({str(path)!r}))
        session.answer("jpd").evidence = "x" * 200_000
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # report EFBIG instead of dying
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
        try:
            store.save(session, Path({str(path)!r}))
        except SessionError as exc:
            print(exc)
            sys.exit(3)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 3, out.stderr
    assert "could not save: the file is larger than this system allows" in out.stdout
    assert "the last save is intact" in out.stdout
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if not p.name.startswith(".")] == [path.name]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_second_lock_on_the_same_review_is_refused(tmp_path, rubric):
    path = SessionStore(tmp_path).save(Session.start("Harbourside", rubric))
    with SessionLock(path):
        with pytest.raises(SessionLocked) as info:
            SessionLock(path).acquire()
        message = str(info.value)
        assert "open in another copy of maturitytui" in message
        assert f"process {os.getpid()}" in message
        assert "open it here to read only" in message
    # Released: it can be taken again.
    with SessionLock(path) as lock:
        assert lock.held


def test_a_lock_dies_with_its_process(tmp_path, rubric):
    path = SessionStore(tmp_path).save(Session.start("Harbourside", rubric))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; from maturitytui.store.locks import SessionLock; l = SessionLock({str(path)!r}); l.acquire();"
            "print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(SessionLocked):
        SessionLock(path).acquire()
    holder.kill()
    holder.wait()
    holder.stdin.close()
    holder.stdout.close()
    with SessionLock(path) as lock:
        assert lock.held


def test_lock_files_are_not_sessions(tmp_path, rubric):
    store = SessionStore(tmp_path)
    path = store.save(Session.start("Harbourside", rubric))
    with SessionLock(path):
        scan = store.scan()
    assert [s.path for s in scan.sessions] == [path]
    assert scan.problems == []


def test_clock_going_backwards_between_reviews(tmp_path, rubric, clock):
    store = SessionStore(tmp_path)
    first = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18))
    first.status = "complete"
    store.save(first)
    # The laptop's clock is now a year behind: the next review is dated before the last.
    behind = datetime(2025, 6, 18, 9, tzinfo=UTC)
    clock.at = behind
    second = Session.start("Harbourside", rubric, review_date=date(2025, 6, 18))
    path = store.save(second)
    assert second.updated == behind
    reloaded = store.load(path)
    assert reloaded.updated < first.created  # stored as given, never "corrected"
    scan = store.scan()
    assert scan.problems == []
    assert len(scan.sessions) == 2
    # Order comes from the review dates people chose, so nothing is lost or overwritten.
    assert [s.id for s in store.catalogue().partnerships()["harbourside"]] == [second.id, first.id]
    assert previous_review(second, [first, second]) is None


def test_saving_twice_in_the_same_second_keeps_both_reviews(tmp_path, rubric):
    store = SessionStore(tmp_path)
    a = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18))
    b = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18))
    assert a.id != b.id
    assert store.save(a) != store.save(b)
    assert len(store.scan().sessions) == 2
