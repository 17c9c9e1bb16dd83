"""What differs between Windows, macOS and Linux, in one place: locks, replacing a file, flushing it to the
disk, private permissions and which names and paths a file system accepts.

Each rule is written against a small stand-in of the system call it needs (``fcntl``, ``msvcrt``,
``os.replace``) so every branch runs in the tests on any machine; the module-level ``LOCKS``,
``FULL_FLUSH`` and ``PRIVATE_MODES`` are what this machine has.

A store travels between machines (git, OneDrive, a memory stick), so the name rules apply everywhere: a
folder made on a Mac must open on a Windows laptop.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# --- locks --------------------------------------------------------------------------------------------------


class Locks(Protocol):
    def try_lock(self, fd: int) -> bool:
        """Take an exclusive lock on the open file ``fd`` without waiting; False if another program has it."""

    def release(self, fd: int, remove: Path | None) -> None:
        """Let go of the lock and close ``fd``; remove the file at ``remove`` if it is given and may go."""


class _Flock(Protocol):
    LOCK_EX: int
    LOCK_NB: int
    LOCK_UN: int

    def flock(self, fd: int, operation: int, /) -> None: ...


class _Msvcrt(Protocol):
    LK_NBLCK: int
    LK_UNLCK: int

    def locking(self, fd: int, mode: int, nbytes: int, /) -> None: ...


@dataclass(frozen=True)
class FlockLocks:
    """Linux and macOS: ``flock`` on the whole file."""

    fcntl: _Flock

    def try_lock(self, fd: int) -> bool:
        try:
            self.fcntl.flock(fd, self.fcntl.LOCK_EX | self.fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def release(self, fd: int, remove: Path | None) -> None:
        try:
            if remove is not None:
                # Removed while still held, so no other program can take a lock on a file about to vanish
                # (``locks.py`` explains why a lock counts only on the file still at the path).
                with contextlib.suppress(OSError):
                    os.unlink(remove)
            self.fcntl.flock(fd, self.fcntl.LOCK_UN)
        finally:
            os.close(fd)


LOCK_OFFSET = 1 << 30
"""Where Windows' lock sits: one byte far past what the lock file holds. ``msvcrt.locking`` locks bytes, and a
locked byte cannot be read by another program, so the holder's note at the start stays readable."""


@dataclass(frozen=True)
class MsvcrtLocks:
    """Windows: ``msvcrt.locking`` on one byte, from the file's current position."""

    msvcrt: _Msvcrt

    def try_lock(self, fd: int) -> bool:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        try:
            self.msvcrt.locking(fd, self.msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, position, os.SEEK_SET)
        return True

    def release(self, fd: int, remove: Path | None) -> None:
        try:
            os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
            self.msvcrt.locking(fd, self.msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)
        if remove is not None:
            # Windows removes no file that is open: only once closed, and only if no other program has it open
            # (that program then locks it, and removes it in its turn).
            with contextlib.suppress(OSError):
                os.unlink(remove)


def _this_machines_locks() -> Locks:
    if sys.platform == "win32":
        import msvcrt

        return MsvcrtLocks(msvcrt)
    import fcntl

    return FlockLocks(fcntl)


LOCKS: Locks = _this_machines_locks()

OPEN_FLAGS = getattr(os, "O_BINARY", 0)
"""Added to ``os.open``'s flags: on Windows a file opened without O_BINARY turns each newline into two bytes."""


# --- replacing a file -----------------------------------------------------------------------------------------

REPLACE_DELAYS: tuple[float, ...] = (0.05, 0.1, 0.2, 0.4, 0.8)
"""Seconds to wait before each new try at a denied replace: about a second and a half in all, long enough for a
scanner or a sync client to let go of a file it opened to read."""

RETRY_DENIED = os.name == "nt"
"""Whether a denied replace is worth another try. On Windows a file that an antivirus scanner, the search indexer
or OneDrive has open cannot be replaced for a moment; elsewhere a denied rename is a real permission problem
(a locked or immutable file, a folder of someone else's), and is said as such at once."""


class ReplaceDenied(PermissionError):
    """Another program kept the file open through every try: the old file is still there, unchanged."""


def replace(
    source: str | Path,
    target: str | Path,
    *,
    delays: Sequence[float] = REPLACE_DELAYS,
    rename: Callable[[str | Path, str | Path], None] = os.replace,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Rename ``source`` over ``target`` in one step; where a replace can be denied for a moment (see
    ``RETRY_DENIED``), try again while it is, then raise ReplaceDenied. ``target`` is untouched until a rename
    succeeds. A read-only target is never tried again: its PermissionError says so as it is."""
    for delay in (*delays, None):
        try:
            rename(source, target)
        except PermissionError as exc:
            if not RETRY_DENIED or _read_only(target):
                raise
            if delay is None:
                raise ReplaceDenied(exc.errno, exc.strerror, str(target)) from exc
            sleep(delay)
        else:
            return


def _read_only(path: str | Path) -> bool:
    try:
        return not os.stat(path).st_mode & stat.S_IWRITE
    except OSError:
        return False


# --- flushing to the disk -------------------------------------------------------------------------------------


class _FullFsync(Protocol):
    F_FULLFSYNC: int

    def fcntl(self, fd: int, cmd: int, arg: int = ..., /) -> int: ...


def _full_fsync() -> _FullFsync | None:
    if sys.platform == "win32":
        return None
    import fcntl

    return fcntl if hasattr(fcntl, "F_FULLFSYNC") else None


FULL_FLUSH: _FullFsync | None = _full_fsync()
"""macOS's ``fcntl`` where it has F_FULLFSYNC: there ``fsync`` leaves the bytes in the drive's own cache."""


def flush(fd: int, full: _FullFsync | None = FULL_FLUSH) -> None:
    """Make what was written to ``fd`` survive a power cut, as far as this machine allows."""
    if full is not None:
        try:
            full.fcntl(fd, full.F_FULLFSYNC)
            return
        except OSError:
            pass  # a file system that cannot (a network share): plain fsync is the most it offers
    os.fsync(fd)


def flush_folder(folder: str | Path, *, windows: bool = sys.platform == "win32") -> None:
    """Make a rename or a new entry in ``folder`` survive a power cut, where a folder can be flushed.

    Windows opens no folder as a file and keeps its entries with the file system's own journal.
    """
    if windows:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        flush(fd)
    except OSError:
        pass  # some file systems cannot flush a folder; the rename is still atomic
    finally:
        os.close(fd)


# --- private files ----------------------------------------------------------------------------------------------

PRIVATE_MODES = os.name != "nt"
"""Whether owner-only modes protect anything here. On Windows, NTFS ignores them (``chmod`` sets only the
read-only flag): the store is private there by living in the user's own profile folder (the README says so)."""


def make_private(folder: str | Path, *, modes: bool = PRIVATE_MODES) -> None:
    """Make ``folder`` readable by its owner only, where modes mean that."""
    if modes:
        os.chmod(folder, 0o700)  # mkdir's mode is narrowed by the umask, not widened


# --- telling files apart -------------------------------------------------------------------------------------

SCANDIR_IS_STAT = os.name != "nt"
"""Whether ``os.scandir``'s entries stat a file as ``os.stat`` does. On Windows they give 0 for its inode and
device (``os.stat`` the real ones), and a folder's times as its parent's listing last recorded them, which NTFS
brings up to date lazily."""


def identity(info: os.stat_result) -> tuple[int, int]:
    """A file's inode and device for a stamp: on Windows, none, since a stamp taken from ``os.scandir`` would
    never match one from ``os.stat``; its size and times still tell a changed file, and a change within the same
    tick of the clock is caught by the index's racy window."""
    return (info.st_ino, info.st_dev) if SCANDIR_IS_STAT else (0, 0)


def folder_stat(entry: os.DirEntry[str]) -> os.stat_result:
    """A folder's stat, for the stamp that says whether anything in it changed: on Windows, from the folder
    itself (see ``SCANDIR_IS_STAT``)."""
    return entry.stat() if SCANDIR_IS_STAT else os.stat(entry.path)


# --- names and paths --------------------------------------------------------------------------------------------

RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")}
)
"""Device names Windows refuses for a file or folder, in any case and with any extension."""

_REFUSED = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
"""Characters no Windows name may hold (and a slash, which no name may hold anywhere)."""


def is_portable(name: str) -> bool:
    """Whether every system the store may travel to accepts ``name`` for a file or folder."""
    return bool(
        name
        and name not in (".", "..")
        and not _REFUSED.search(name)
        and not name.endswith((".", " "))
        and name.split(".")[0].rstrip(" ").casefold() not in RESERVED
    )


def short_digest(text: str) -> str:
    """Eight hexadecimal characters that tell ``text`` from any other in practice."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def portable_name(name: str) -> str:
    """``name`` itself if every system accepts it, or else a close name that they all do.

    Refused characters become ``-``; a reserved device name or a trailing dot or space gets a ``_`` after it;
    and a name changed at all ends with ``_`` and its digest, so two names never become one (``con`` and
    ``con_``, ``x.`` and ``x._``).
    """
    if is_portable(name):
        return name
    fixed = _REFUSED.sub("-", name).rstrip(" ") or "_"
    stem, dot, rest = fixed.partition(".")
    if stem.rstrip(" ").casefold() in RESERVED:
        fixed = f"{stem}_{dot}{rest}"
    return f"{fixed}_{short_digest(name)}"


def _path_limit() -> int:
    return 259 if sys.platform == "win32" else 1023


PATH_LIMIT = _path_limit()
"""The longest path the store writes. Windows' classic limit is 260 with the final NUL (longer paths need a
setting few school laptops have); macOS allows 1,024; Linux allows more but shares stores with both."""

NAME_LIMIT = 255
"""The longest single name on the file systems in use (NTFS, APFS, ext4)."""

DEEPEST = 100
"""Characters kept for the longest path the store writes inside a partnership's folder, for a review with a
generated id: a participant's file with the longest id, set aside in its room, takes 89."""


def fits(path: str | Path) -> bool:
    """Whether ``path``, made absolute, is within ``PATH_LIMIT``."""
    return len(os.path.abspath(path)) <= PATH_LIMIT


def folder_budget(root: str | Path) -> int:
    """How many characters a partnership's folder name may have under ``root``, its files within ``PATH_LIMIT``."""
    return min(NAME_LIMIT, PATH_LIMIT - len(os.path.abspath(root)) - 1 - DEEPEST)
