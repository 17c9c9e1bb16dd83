"""What the store leaves behind: no lock file after a review is closed, no stale temporary file after a killed save."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from maturitytui.model.session import Session
from maturitytui.store import atomic, portable
from maturitytui.store.atomic import TEMPORARY, atomic_write
from maturitytui.store.locks import SessionLock, SessionLocked, lock_path
from maturitytui.store.session_store import SessionStore, StoredSession
from maturitytui.workflow import open_review

flock_only = pytest.mark.posix_only("the race below is flock's: Windows removes no file while it is open")


def hidden_files(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob(".*") if p.is_file())


# -- locks -------------------------------------------------------------------------------------------------------


def test_releasing_a_lock_removes_its_file(tmp_path, rubric):
    path = SessionStore(tmp_path).save(Session.start("Harbourside", rubric))
    with SessionLock(path, remove_on_release=True):
        assert lock_path(path).exists()
    assert not lock_path(path).exists()
    with SessionLock(path, remove_on_release=True) as again:  # and it can be taken again at once
        assert again.held


def test_a_review_opened_and_closed_leaves_no_lock_file(tmp_path, rubric):
    store = SessionStore(tmp_path)
    session = Session.start("Harbourside", rubric)
    path = store.save(session)
    opened = open_review(store, rubric, StoredSession(path, session), store.catalogue())
    assert opened.lock is not None
    opened.lock.release()
    assert hidden_files(tmp_path) == [".index.sqlite", ".partnership"]


@flock_only
def test_a_lock_taken_on_a_file_as_it_is_removed_is_taken_again_on_the_new_one(tmp_path, rubric, monkeypatch):
    path = SessionStore(tmp_path).save(Session.start("Harbourside", rubric))
    first = SessionLock(path, remove_on_release=True)
    first.acquire()
    real = portable.LOCKS

    class HolderLetsGoMeanwhile:
        # The second copy has opened the lock file; the first releases (and removes it) before the second locks.
        def try_lock(self, fd: int) -> bool:
            monkeypatch.setattr(portable, "LOCKS", real)
            first.release()
            return real.try_lock(fd)

    monkeypatch.setattr(portable, "LOCKS", HolderLetsGoMeanwhile())
    second = SessionLock(path, remove_on_release=True)
    second.acquire()
    assert second.held
    assert lock_path(path).exists()  # the lock is on the file at the path, where a third copy looks
    with pytest.raises(SessionLocked):
        SessionLock(path).acquire()
    second.release()
    assert not lock_path(path).exists()


@pytest.mark.slow
async def test_quitting_the_app_normally_leaves_no_lock_file(tmp_path, rubric):
    from maturitytui.ui.app import MaturityApp
    from maturitytui.ui.screens.review import ReviewScreen

    store = SessionStore(tmp_path / "sessions")
    app = MaturityApp(rubric, store, partnership="Harbourside")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert [p.name for p in store.root.rglob("*.lock")] != []
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert list(store.root.rglob("*.lock")) == []
    assert len(store.files()) == 1


# -- temporary files left by a killed save -----------------------------------------------------------------------


def aged(path: Path, seconds: int) -> Path:
    """``path`` made ``seconds`` older by its own file system's clock (no clock of the program is read)."""
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"half a review")
    written = path.stat().st_mtime_ns
    os.utime(path, ns=(written - seconds * 10**9, written - seconds * 10**9))
    return path


def test_the_pattern_is_the_name_atomic_write_gives_its_temporary_file(tmp_path, monkeypatch):
    seen = []

    def replace(src, dst):
        seen.append(os.path.basename(src))
        portable.replace(src, dst)

    monkeypatch.setattr(atomic, "replace", replace)
    atomic_write(tmp_path / "2026-11-22-abc123.toml", b"x")
    atomic_write(tmp_path / ".index.json", b"{}")
    assert len(seen) == 2
    assert all(TEMPORARY.fullmatch(name) for name in seen), seen


def test_listing_the_store_removes_stale_temporary_files_and_only_those(tmp_path, rubric):
    store = SessionStore(tmp_path / "sessions")
    path = store.save(Session.start("Harbourside", rubric))
    folder = path.parent
    stale = [
        aged(folder / f".{path.name}.k3_x9a0q.tmp", 120),
        aged(store.root / ".index.json.a1b2c3d4.tmp", 3600),
        aged(folder / ".partnership.zzzzzzzz.tmp", 61),
        aged(folder / f".{path.stem}.room" / ".p1.toml.abcdefgh.tmp", 3600),  # a room's, and its answers'
        aged(folder / f".{path.stem}.room" / "responses" / ".x7.toml.abcdefgh.tmp", 3600),
    ]
    kept = [
        aged(folder / f".{path.name}.fresh123.tmp", 5),  # a save in progress elsewhere, perhaps: never touched
        aged(folder / ".notes.tmp", 3600),  # not a name atomic_write gives
        aged(folder / f".{path.name}.ABCDEFGH.tmp", 3600),
        aged(folder / "draft.abcdefgh.tmp", 3600),
        aged(folder / f".{path.stem}.room" / "p1.toml", 3600),  # a participant's own file, not a leftover
    ]
    catalogue = store.catalogue()
    assert [s.id for s in catalogue.summaries] == [path.stem]
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    assert not list(store.root.rglob(".now.*"))  # the file that read the folder's clock is gone too


def test_a_store_that_cannot_be_written_keeps_its_temporary_files(tmp_path, rubric, monkeypatch):
    store = SessionStore(tmp_path / "sessions")
    path = store.save(Session.start("Harbourside", rubric))
    leftover = aged(path.parent / f".{path.name}.k3_x9a0q.tmp", 120)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    assert [s.id for s in store.catalogue().summaries] == [path.stem]
    assert leftover.exists()
