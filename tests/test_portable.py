"""What differs between Windows, macOS and Linux: every branch of ``store/portable.py``, run here by standing in
for the system calls each platform has (a replace denied by another program, ``msvcrt``'s byte locks, macOS's
F_FULLFSYNC, NTFS's ignored modes, Windows' names and path limit)."""

from __future__ import annotations

import functools
import os
import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturitytui.clock import now
from maturitytui.model.errors import SessionError
from maturitytui.model.session import Session
from maturitytui.room.layout import participant_file, room_folder
from maturitytui.store import atomic, portable
from maturitytui.store.locks import SessionLock, SessionLocked, lock_path
from maturitytui.store.names import slugify
from maturitytui.store.portable import (
    LOCK_OFFSET,
    FlockLocks,
    MsvcrtLocks,
    ReplaceDenied,
    flush,
    flush_folder,
    is_portable,
    make_private,
    portable_name,
    replace,
)
from maturitytui.store.session_store import SessionStore

# --- replacing a file another program holds open ------------------------------------------------------------


class Denying:
    """``os.replace`` as Windows gives it while a scanner or OneDrive has the target open: denied ``times``."""

    def __init__(self, times: float) -> None:
        self.times = times
        self.tries = 0

    def __call__(self, source: str | Path, target: str | Path) -> None:
        self.tries += 1
        if self.tries <= self.times:
            raise PermissionError(13, "Access is denied", str(target))
        os.replace(source, target)


@pytest.fixture
def on_windows_replace(monkeypatch) -> None:
    """A replace denied as Windows denies one while another program has the file open: tried again."""
    monkeypatch.setattr(portable, "RETRY_DENIED", True)


def test_a_replace_denied_twice_succeeds_on_the_third_try(tmp_path, on_windows_replace):
    (tmp_path / "new").write_text("new")
    (tmp_path / "old").write_text("old")
    waited: list[float] = []
    rename = Denying(2)
    replace(tmp_path / "new", tmp_path / "old", rename=rename, sleep=waited.append)
    assert rename.tries == 3
    assert waited == list(portable.REPLACE_DELAYS[:2])  # a short back-off, longer each time
    assert (tmp_path / "old").read_text() == "new"
    assert not (tmp_path / "new").exists()


def test_a_replace_denied_for_good_fails_with_the_target_untouched(tmp_path, on_windows_replace):
    (tmp_path / "new").write_text("new")
    (tmp_path / "old").write_text("old")
    waited: list[float] = []
    rename = Denying(float("inf"))
    with pytest.raises(ReplaceDenied) as caught:
        replace(tmp_path / "new", tmp_path / "old", rename=rename, sleep=waited.append)
    assert rename.tries == len(portable.REPLACE_DELAYS) + 1
    assert waited == list(portable.REPLACE_DELAYS)
    assert caught.value.filename == str(tmp_path / "old")
    assert (tmp_path / "old").read_text() == "old"


def test_a_read_only_file_is_not_tried_again_even_on_windows(tmp_path, on_windows_replace):
    (tmp_path / "new").write_text("new")
    (tmp_path / "old").write_text("old")
    os.chmod(tmp_path / "old", 0o444)
    rename = Denying(float("inf"))
    with pytest.raises(PermissionError) as caught:
        replace(tmp_path / "new", tmp_path / "old", rename=rename, sleep=pytest.fail)
    assert not isinstance(caught.value, ReplaceDenied)  # said as what it is, not blamed on a sync client
    assert rename.tries == 1


def test_a_denied_replace_elsewhere_is_a_permission_problem_said_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "RETRY_DENIED", False)  # Linux and macOS: a locked or immutable file
    (tmp_path / "new").write_text("new")
    rename = Denying(float("inf"))
    with pytest.raises(PermissionError) as caught:
        replace(tmp_path / "new", tmp_path / "old", rename=rename, sleep=pytest.fail)
    assert not isinstance(caught.value, ReplaceDenied)
    assert rename.tries == 1


def test_this_machine_tries_a_denied_replace_again_only_on_windows():
    assert (os.name == "nt") == portable.RETRY_DENIED


def test_other_errors_are_not_tried_again(tmp_path):
    calls: list[object] = []

    def missing(source: str | Path, target: str | Path) -> None:
        calls.append(target)
        raise FileNotFoundError(2, "No such file", str(source))

    with pytest.raises(FileNotFoundError):
        replace(tmp_path / "a", tmp_path / "b", rename=missing, sleep=calls.append)
    assert calls == [tmp_path / "b"]  # one try, no wait


def _deny_saves(monkeypatch, times: float) -> Denying:
    monkeypatch.setattr(portable, "RETRY_DENIED", True)
    rename = Denying(times)
    monkeypatch.setattr(atomic, "replace", functools.partial(replace, rename=rename, sleep=lambda _: None))
    return rename


def _review(rubric, answer: str = "first") -> Session:
    session = Session.start("Harbourside Learning Partnership", rubric, review_date=date(2026, 6, 18))
    session.answer("jpd").evidence = answer
    return session


def test_a_review_saved_while_its_replace_is_denied_twice_is_saved(tmp_path, rubric, monkeypatch):
    store = SessionStore(tmp_path)
    session = _review(rubric)
    path = store.save(session)
    rename = _deny_saves(monkeypatch, 2)
    session.answer("jpd").evidence = "second"
    assert store.save(session) == path
    assert rename.tries == 3
    assert store.load(path).answer("jpd").evidence == "second"
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_review_whose_replace_is_denied_for_good_keeps_its_old_file_and_says_why(tmp_path, rubric, monkeypatch):
    store = SessionStore(tmp_path)
    session = _review(rubric)
    path = store.save(session)
    before = path.read_bytes()
    _deny_saves(monkeypatch, float("inf"))
    session.answer("jpd").evidence = "second"
    with pytest.raises(SessionError) as caught:
        store.save(session)
    problem = caught.value.problems[0]
    assert problem.source == str(path)
    assert "another program kept the file open" in problem.message
    assert "OneDrive" in problem.message
    assert "the last save is intact" in problem.fix
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []  # no half-made file left


# --- locks ----------------------------------------------------------------------------------------------------


class FakeMsvcrt:
    """``msvcrt.locking`` as Windows does it: a byte range from the file's position, one holder at a time across
    every open handle (here, every descriptor of the same file), and unlocking a range not held is an error."""

    LK_NBLCK = 2
    LK_UNLCK = 0

    def __init__(self) -> None:
        self.held: dict[tuple[int, int, int], int] = {}  # (device, inode, offset) → the descriptor holding it
        self.offsets: list[int] = []

    def locking(self, fd: int, mode: int, nbytes: int, /) -> None:
        assert nbytes == 1
        info = os.fstat(fd)
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        self.offsets.append(offset)
        key = (info.st_dev, info.st_ino, offset)
        if mode == self.LK_NBLCK:
            if key in self.held:
                raise PermissionError(13, "Permission denied")
            self.held[key] = fd
        elif mode == self.LK_UNLCK:
            if self.held.get(key) != fd:
                raise PermissionError(13, "Permission denied")
            del self.held[key]
        else:
            raise AssertionError(mode)


@pytest.fixture
def windows_locks(monkeypatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setattr(portable, "LOCKS", MsvcrtLocks(fake))
    return fake


def test_windows_locks_refuse_a_second_copy_and_name_the_first(tmp_path, windows_locks):
    review = tmp_path / "2026-06-18-a90b44.toml"
    first = SessionLock(review, remove_on_release=True)
    first.acquire()
    with pytest.raises(SessionLocked) as caught:
        SessionLock(review).acquire()
    # The lock is a byte far past the holder's note, so the second copy could read who holds it.
    assert set(windows_locks.offsets) == {LOCK_OFFSET}
    assert f"process {os.getpid()}" in caught.value.problems[0].message
    first.release()
    assert windows_locks.held == {}
    assert not lock_path(review).exists()  # closed first, then removed, as Windows allows
    with SessionLock(review) as second:
        assert second.held


def test_windows_locks_leave_the_file_position_where_it_was(tmp_path):
    fake = FakeMsvcrt()
    locks = MsvcrtLocks(fake)
    fd = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    os.write(fd, b"note")
    assert locks.try_lock(fd)
    assert os.lseek(fd, 0, os.SEEK_CUR) == 4  # the holder's note is written from where it was
    other = os.open(tmp_path / "lock", os.O_RDWR)
    try:
        assert not locks.try_lock(other)
    finally:
        os.close(other)
    locks.release(fd, None)
    assert fake.held == {}
    assert (tmp_path / "lock").exists()


def test_windows_locks_keep_a_file_another_copy_still_has_open(tmp_path, monkeypatch):
    def in_use(path: object) -> None:
        raise PermissionError(32, "The process cannot access the file because it is being used by another process")

    locks = MsvcrtLocks(FakeMsvcrt())
    fd = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    assert locks.try_lock(fd)
    monkeypatch.setattr(os, "unlink", in_use)
    locks.release(fd, tmp_path / "lock")  # no error: that copy locks it, and removes it in its turn
    assert (tmp_path / "lock").exists()


class FakeFcntl:
    LOCK_EX = 2
    LOCK_NB = 4
    LOCK_UN = 8

    def __init__(self, refuse: bool) -> None:
        self.refuse = refuse
        self.calls: list[int] = []

    def flock(self, fd: int, operation: int, /) -> None:
        self.calls.append(operation)
        if self.refuse and operation != self.LOCK_UN:
            raise BlockingIOError(11, "Resource temporarily unavailable")


@pytest.mark.posix_only("removes the lock file while it is still open, which Windows refuses")
def test_flock_locks_take_release_and_remove_while_held(tmp_path, monkeypatch):
    fake = FakeFcntl(refuse=False)
    locks = FlockLocks(fake)
    fd = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    assert locks.try_lock(fd)
    removed_while: list[list[int]] = []
    real_unlink = os.unlink

    def unlink(path: str | Path) -> None:
        removed_while.append(list(fake.calls))
        real_unlink(path)

    monkeypatch.setattr(os, "unlink", unlink)
    locks.release(fd, tmp_path / "lock")
    assert removed_while == [[FakeFcntl.LOCK_EX | FakeFcntl.LOCK_NB]]  # removed before the lock was let go
    assert fake.calls[-1] == FakeFcntl.LOCK_UN
    assert not (tmp_path / "lock").exists()
    with pytest.raises(OSError, match="Bad file descriptor"):
        os.fstat(fd)  # closed


def test_flock_locks_say_when_another_program_has_it(tmp_path):
    locks = FlockLocks(FakeFcntl(refuse=True))
    fd = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    try:
        assert not locks.try_lock(fd)
    finally:
        os.close(fd)


def test_this_machine_has_its_own_locks():
    expected = MsvcrtLocks if os.name == "nt" else FlockLocks
    assert isinstance(portable.LOCKS, expected)


# --- flushing to the disk ---------------------------------------------------------------------------------------


class FakeFullFsync:
    F_FULLFSYNC = 51

    def __init__(self, fails: bool) -> None:
        self.fails = fails
        self.calls: list[tuple[int, int]] = []

    def fcntl(self, fd: int, cmd: int, arg: int = 0, /) -> int:
        self.calls.append((fd, cmd))
        if self.fails:
            raise OSError(45, "Operation not supported")
        return 0


@pytest.fixture
def fsyncs(monkeypatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(os, "fsync", calls.append)
    return calls


def test_a_flush_on_macos_asks_the_drive_itself(tmp_path, fsyncs):
    full = FakeFullFsync(fails=False)
    with open(tmp_path / "f", "wb") as handle:
        flush(handle.fileno(), full)
        assert full.calls == [(handle.fileno(), FakeFullFsync.F_FULLFSYNC)]
    assert fsyncs == []


def test_a_flush_where_the_drive_cannot_be_asked_falls_back_to_fsync(tmp_path, fsyncs):
    full = FakeFullFsync(fails=True)
    with open(tmp_path / "f", "wb") as handle:
        flush(handle.fileno(), full)
        assert fsyncs == [handle.fileno()]
    assert len(full.calls) == 1


def test_a_flush_elsewhere_is_fsync(tmp_path, fsyncs):
    with open(tmp_path / "f", "wb") as handle:
        flush(handle.fileno(), None)
        assert fsyncs == [handle.fileno()]


def test_folders_are_flushed_except_on_windows(tmp_path, fsyncs, monkeypatch):
    flush_folder(tmp_path, windows=False)
    assert len(fsyncs) == 1 or portable.FULL_FLUSH is not None
    opened: list[object] = []
    monkeypatch.setattr(os, "open", lambda *args, **kwargs: opened.append(args))
    flush_folder(tmp_path, windows=True)
    assert opened == []  # Windows opens no folder as a file


def test_this_machine_flushes_fully_only_where_it_can():
    assert (portable.FULL_FLUSH is not None) == (sys.platform == "darwin")


# --- private permissions ------------------------------------------------------------------------------------------


@pytest.mark.posix_only("asserts the 0700 mode, which NTFS does not keep")
def test_private_modes_apply_where_they_mean_something(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    changed: list[object] = []
    monkeypatch.setattr(os, "chmod", lambda *args: changed.append(args))
    make_private(folder, modes=False)
    assert changed == []  # NTFS: chmod would only touch the read-only flag
    monkeypatch.undo()
    make_private(folder, modes=True)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_a_store_made_where_modes_mean_nothing_is_still_made(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "make_private", functools.partial(make_private, modes=False))
    changed: list[object] = []
    monkeypatch.setattr(os, "chmod", lambda *args: changed.append(args))
    atomic.atomic_write(tmp_path / "a" / "b" / "file.toml", b"x = 1\n")
    assert (tmp_path / "a" / "b" / "file.toml").read_bytes() == b"x = 1\n"
    assert changed == []  # both folders made, neither given a mode NTFS would not keep


# --- names and paths ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("CON", "CON_"),
        ("con.toml", "con_.toml"),
        ("Lpt1", "Lpt1_"),
        ("COM¹.txt", "COM¹_.txt"),
        ("aux .toml", "aux _.toml"),
        ("review.", "review."),
        ("review ", "review"),
        ("a<b>c:d", "a-b-c-d"),
        ("tab\there", "tab-here"),
        ("..", ".."),
        ("", "_"),
    ],
)
def test_names_windows_refuses_become_names_it_accepts(name, safe):
    made = portable_name(name)
    assert made == f"{safe}_{portable.short_digest(name)}"  # the digest keeps every changed name apart
    assert is_portable(made)


@pytest.mark.parametrize("name", ["2026-06-18-a90b44", "console", "com10", "review.v2", "Kim's review"])
def test_names_every_system_accepts_are_left_alone(name):
    assert portable_name(name) == name


@pytest.mark.parametrize(("one", "other"), [("con", "con_"), ("x.", "x._"), ("a:b", "a-b"), ("nul", "NUL")])
def test_two_names_never_become_one(one, other):
    assert portable_name(one) != portable_name(other)


@given(st.text())
def test_every_name_made_portable_is_accepted_everywhere(name):
    safe = portable_name(name)
    assert is_portable(safe)
    assert portable_name(safe) == safe  # and stays itself


@given(st.text().filter(is_portable))
def test_a_portable_name_is_left_as_it_is(name):
    assert portable_name(name) == name


@given(st.text(), st.integers(min_value=1, max_value=80))
def test_every_partnership_folder_name_is_portable(name, length):
    slug = slugify(name, length)
    assert is_portable(slug)
    assert slug.casefold() not in portable.RESERVED


def test_an_imported_review_named_like_a_device_gets_a_file_windows_accepts(tmp_path, rubric):
    session = _review(rubric).model_copy(update={"id": "CON"})
    path = SessionStore(tmp_path).save(session)
    assert path.name == f"CON__{portable.short_digest('CON')}.toml"
    assert SessionStore(tmp_path).load(path).id == "CON"


@pytest.fixture
def windows_limit(monkeypatch) -> int:
    monkeypatch.setattr(portable, "PATH_LIMIT", 259)
    return 259


def _deep(tmp_path: Path, length: int) -> Path:
    """A folder whose absolute path is ``length`` characters long."""
    root = tmp_path
    while len(str(root)) + 61 < length:
        root = root / ("d" * 59)
    root = root / ("e" * (length - len(str(root)) - 1))
    assert len(str(root)) == length
    return root


def test_a_deep_store_gets_shorter_folder_names_and_every_file_fits(tmp_path, rubric, windows_limit):
    root = _deep(tmp_path, 129)
    store = SessionStore(root)
    session = _review(rubric).model_copy(update={"partnership": "The Harbourside and Estuary Learning Partnership"})
    path = store.save(session)
    assert len(path.parent.name) == windows_limit - 129 - 1 - portable.DEEPEST
    assert path.parent.name.startswith("the-harbourside-and-")
    # The deepest files the program writes for this review: its lock, a room's files and their temporaries.
    deepest = [
        lock_path(path),
        participant_file(path, "p" * 41).with_name(f".{'p' * 41}.toml.abcdefgh.tmp"),
        participant_file(path, "p" * 41).with_name(f"{'p' * 41}.toml.unreadable-abcdef"),
        room_folder(path) / "responses" / f".{'0' * 16}.toml.abcdefgh.tmp",
    ]
    assert all(len(str(p)) <= windows_limit for p in deepest), [len(str(p)) for p in deepest]
    with SessionLock(path, remove_on_release=True):
        pass
    assert store.load(path).partnership == session.partnership


def test_two_partnerships_cut_to_the_same_short_name_keep_apart(tmp_path, rubric, windows_limit):
    store = SessionStore(_deep(tmp_path, 129))
    first = store.save(_review(rubric).model_copy(update={"partnership": "Estuary Schools Alliance Northern Area"}))
    second = store.save(_review(rubric).model_copy(update={"partnership": "Estuary Schools Alliance Northern Hub"}))
    assert first.parent.name == "estuary-schools-alliance-nort"
    assert second.parent.name.startswith("estuary-schools-alli-")  # cut further, to make room for its hash
    assert len(second.parent.name) == len(first.parent.name)
    assert first.parent != second.parent
    assert all(len(str(p.parent / ".x.abcdefgh.tmp")) <= windows_limit for p in (first, second))


def test_a_store_too_deep_for_the_limit_says_so_and_writes_nothing(tmp_path, rubric, windows_limit):
    root = _deep(tmp_path, 200)
    with pytest.raises(SessionError) as caught:
        SessionStore(root).save(_review(rubric))
    problem = caught.value.problems[0]
    assert "259 characters" in problem.message
    assert "move the sessions folder somewhere shorter" in problem.fix
    assert "nothing was written" in problem.fix
    assert not root.exists()


def test_a_review_whose_own_name_is_too_long_for_the_folder_is_refused(tmp_path, rubric, windows_limit):
    root = _deep(tmp_path, 128)
    session = _review(rubric).model_copy(update={"id": "x" * 81})
    with pytest.raises(SessionError) as caught:
        SessionStore(root).save(session)
    assert "limit on a path's length" in caught.value.problems[0].message
    assert not any(p.suffix == ".toml" for p in root.rglob("*"))


# --- what each machine chooses --------------------------------------------------------------------------------------


@pytest.fixture
def on_windows(monkeypatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    return fake


def test_windows_chooses_its_own_locks_no_full_flush_and_the_short_path_limit(on_windows):
    locks = portable._this_machines_locks()
    assert isinstance(locks, MsvcrtLocks)
    assert locks.msvcrt is on_windows
    assert portable._full_fsync() is None
    assert portable._path_limit() == 259


def test_macos_chooses_flock_a_full_flush_and_its_path_limit(monkeypatch):
    fcntl = pytest.importorskip("fcntl")  # the stand-in below needs the real module to add to
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(fcntl, "F_FULLFSYNC", 51, raising=False)
    assert isinstance(portable._this_machines_locks(), FlockLocks)
    assert portable._full_fsync() is fcntl
    assert portable._path_limit() == 1023


def test_linux_chooses_flock_and_plain_fsync(monkeypatch):
    fcntl = pytest.importorskip("fcntl")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delattr(fcntl, "F_FULLFSYNC", raising=False)
    assert isinstance(portable._this_machines_locks(), FlockLocks)
    assert portable._full_fsync() is None


def test_the_holder_of_a_lock_is_described_without_a_format_windows_lacks(tmp_path):
    review = tmp_path / "2026-06-18-a90b44.toml"
    with SessionLock(review), pytest.raises(SessionLocked) as caught:
        SessionLock(review).acquire()
    since = now().astimezone()
    assert f"since {since.day} {since:%b %H:%M})" in caught.value.problems[0].message


def test_the_index_stamps_a_file_alike_however_windows_stats_it(monkeypatch):
    from types import SimpleNamespace

    from maturitytui.store import index

    times = {"st_size": 812, "st_mtime_ns": 10**18, "st_ctime_ns": 10**18, "st_mode": 0o100644}
    by_scandir = SimpleNamespace(**times, st_ino=0, st_dev=0)  # what os.scandir's entry gives on Windows
    by_stat = SimpleNamespace(**times, st_ino=281474976711000, st_dev=2749161562)  # and os.stat
    assert index._stamp(by_scandir) != index._stamp(by_stat)  # elsewhere the inode is part of the stamp
    monkeypatch.setattr(portable, "SCANDIR_IS_STAT", False)
    assert index._stamp(by_scandir) == index._stamp(by_stat)
    assert index._folder_stamp(by_scandir) == index._folder_stamp(by_stat)
    changed = SimpleNamespace(**{**times, "st_mtime_ns": 10**18 + 100}, st_ino=0, st_dev=0)
    assert index._stamp(changed) != index._stamp(by_stat)  # a save still shows


def test_this_machine_knows_whether_scandir_gives_identity():
    assert (os.name != "nt") == portable.SCANDIR_IS_STAT


@pytest.mark.parametrize(
    ("platform", "display", "opens"),
    [("win32", None, True), ("darwin", None, True), ("linux", None, False), ("linux", ":0", True)],
)
def test_printing_opens_a_browser_only_where_one_can_show(monkeypatch, platform, display, opens):
    from maturitytui.ui import printing

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if display is None:
        monkeypatch.delenv("DISPLAY", raising=False)
    else:
        monkeypatch.setenv("DISPLAY", display)
    assert printing.can_open_a_browser() is opens


def test_a_store_moved_deeper_keeps_each_partnership_in_its_folder(tmp_path, rubric, monkeypatch):
    name = "The Harbourside and Estuary Learning Partnership of Schools"
    made = SessionStore(tmp_path / "shallow").save(_review(rubric).model_copy(update={"partnership": name}))
    assert made.parent.name == slugify(name)  # the full name, made on a Mac, say
    deep = _deep(tmp_path, 129)
    deep.parent.mkdir(parents=True)
    made.parent.parent.rename(deep)
    monkeypatch.setattr(portable, "PATH_LIMIT", 259)  # and opened on Windows, deeper
    later = _review(rubric).model_copy(update={"partnership": name, "id": "2027-06-18-b11c55"})
    path = SessionStore(deep).save(later)
    assert path.parent == deep / slugify(name)  # with the reviews before it, not in a shorter second folder
    assert [p.name for p in deep.iterdir()] == [slugify(name)]


def test_a_name_shared_by_two_partnerships_keeps_its_long_form_too(tmp_path, rubric):
    store = SessionStore(tmp_path)
    (tmp_path / "harbourside").mkdir()
    (tmp_path / "harbourside" / ".partnership").write_text('{"partnership": "HARBOURSIDE!"}')
    path = store.save(_review(rubric).model_copy(update={"partnership": "Harbourside"}))
    assert path.parent.name == f"harbourside-{portable.short_digest('harbourside')}"  # as stores have always had
