"""The session store: a folder of TOML files, one per review, grouped by partnership.

::

    sessions/
      harbourside-learning-partnership/
        2025-06-12-3fa2c1.toml
        2026-06-18-a90b44.toml

The folder is ``sessions/`` in the current directory unless ``--sessions`` or
``MATURITYTUI_SESSIONS`` says otherwise. Loading only ever reads; saving is
atomic. One bad file is reported with its place and never stops the rest.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.file_reading import SMALL_LIMIT, read_regular
from maturitytui.model.toml_io import read_toml
from maturitytui.store import portable
from maturitytui.store.atomic import ROOM_SUFFIX, atomic_write, remove_stale_temporaries, room_files
from maturitytui.store.names import partnership_key, slugify
from maturitytui.store.portable import ReplaceDenied, fits, folder_budget, portable_name, short_digest
from maturitytui.store.session_files import session_from_data, session_to_toml

if TYPE_CHECKING:  # listing a store through its index needs no models; reading or writing a review loads them
    from maturitytui.model.session import Session
    from maturitytui.store.index import Catalogue, Listing, Progress

SESSIONS_ENV = "MATURITYTUI_SESSIONS"
MARKER = ".partnership"
"""In each partnership folder: whose folder it is."""


def default_store_path(env: dict[str, str] | None = None) -> Path:
    value = (env if env is not None else os.environ).get(SESSIONS_ENV, "").strip()
    return Path(value) if value else Path.cwd() / "sessions"


@dataclass(frozen=True)
class StoredSession:
    """A session and the file it lives in."""

    path: Path
    session: Session


@dataclass
class Scan:
    """Everything found in a store: the sessions that loaded and the files that did not."""

    sessions: list[StoredSession] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_SAVED_WHEN = "what is on screen is saved as soon as it can be, and the last save is intact"
_WRITE_ERRORS = {
    errno.ENOSPC: ("the disk is full", f"free some space: {_SAVED_WHEN}"),
    errno.EDQUOT: ("the disk quota is used up", f"free some space: {_SAVED_WHEN}"),
    errno.EFBIG: ("the file is larger than this system allows", f"free some space or raise the limit: {_SAVED_WHEN}"),
    errno.EROFS: (
        "the sessions folder is on a read-only disk",
        f"make the disk writable again: {_SAVED_WHEN} (next time, --sessions can choose another folder)",
    ),
    errno.EACCES: ("permission denied", f"check the folder's owner and permissions: {_SAVED_WHEN}"),
    errno.EPERM: ("permission denied", f"check the folder's owner and permissions: {_SAVED_WHEN}"),
}


SLUG_LENGTH = 60
"""A partnership folder's longest name: long enough to read, short enough to type."""
SHORTEST_FOLDER = 20
"""Fewer characters than this left for a partnership's folder name, and the store is too deep to use."""


def _too_deep(root: Path, target: Path | None = None) -> Problem:
    return Problem(
        str(target or root),
        "",
        "the sessions folder is so deep that its files would pass this system's limit on a path's length "
        f"({portable.PATH_LIMIT} characters)",
        "move the sessions folder somewhere shorter, such as a folder directly in your home folder, "
        "and open it there with --sessions; nothing was written",
    )


class SessionStore:
    """Reads and writes the session files under one folder."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def folder_for(self, partnership: str) -> Path:
        """The partnership's folder: its name made safe, with a short hash if another partnership has that name.

        The name is shortened where the store sits so deep that a full one would take the files past the path
        limit (``portable.PATH_LIMIT``, Windows' 260 characters); a folder the partnership already has under
        its full name (the store was made somewhere shallower) stays its folder.
        """
        key = partnership_key(partnership)
        room = folder_budget(self.root)
        if room < SLUG_LENGTH + 9:  # shorter names would be given here: first, the ones it may already have
            for folder in (self.root / slugify(key), self.root / f"{slugify(key)}-{short_digest(key)}"):
                if folder.is_dir() and self._folder_owner(folder) == key:
                    return folder
        budget = min(SLUG_LENGTH, room)
        if budget < SHORTEST_FOLDER:
            raise SessionError([_too_deep(self.root)])
        plain = self.root / slugify(key, budget)
        if self._folder_owner(plain) in (None, key):
            return plain
        return self.root / f"{slugify(key, min(SLUG_LENGTH, room - 9))}-{short_digest(key)}"

    def _folder_owner(self, folder: Path) -> str | None:
        """Whose folder this is (a partnership key), or None if it is free.

        The marker file written with the first review decides; for folders
        without one, the first readable review. A folder whose files cannot be
        read is never taken to be free.
        """
        if not folder.is_dir():
            return None
        try:
            marker = read_regular(folder / MARKER, SMALL_LIMIT)
            return partnership_key(json.loads(marker.decode("utf-8"))["partnership"])
        except (OSError, ValueError, KeyError, TypeError):  # FileRefused is a ValueError
            pass
        files = sorted(folder.glob("*.toml"))
        for path in files:
            try:
                return partnership_key(self.load(path).partnership)
            except SessionError:
                continue
        return "\0unreadable" if files else None

    def _mark_folder(self, folder: Path, partnership: str) -> None:
        """Record whose folder this is, so it stays theirs even if its files later cannot be read."""
        marker = folder / MARKER
        if not marker.exists():
            atomic_write(marker, json.dumps({"partnership": partnership}, ensure_ascii=False).encode("utf-8"))

    def path_for(self, session: Session) -> Path:
        # An id from an imported file may be a name Windows refuses (``con``): its file gets a name it accepts.
        return self.folder_for(session.partnership) / f"{portable_name(session.id)}.toml"

    def save(self, session: Session, path: Path | None = None, *, stamp: bool = True) -> Path:
        """Write ``session`` atomically (to ``path`` or its own place) and return the path.

        ``stamp`` sets ``updated`` to now; importing or copying a review keeps its own time.
        """
        target = path or self.path_for(session)
        if stamp:
            from maturitytui.clock import now

            session.updated = now()
        self.write(target, session_to_toml(session))
        if path is None:
            # The review itself is saved; the marker is only a help for naming folders.
            with contextlib.suppress(OSError):
                self._mark_folder(target.parent, session.partnership)
        return target

    def holds(self, path: Path) -> bool:
        """Whether ``path`` is in the store itself, not reached through a link to elsewhere: only there is written.

        A partnership folder may be a link (made by hand, or by a sync tool); reading through it is harmless,
        but a save, a lock or a marker written there would change files outside the folder the user chose.
        """
        root = os.path.realpath(self.root)
        folder = os.path.realpath(Path(path).parent)
        return (folder == root or folder.startswith(root.rstrip(os.sep) + os.sep)) and not os.path.islink(path)

    def write(self, target: Path, data: bytes) -> None:
        """Write prepared session bytes atomically; errors say what happened and what to do."""
        if not self.holds(target):
            raise SessionError(
                [
                    Problem(
                        str(target),
                        "",
                        "could not save: it is reached through a link to a place outside the session store",
                        "nothing is written outside the store; copy the review into the store to change it",
                    )
                ]
            )
        if not fits(target.parent / f".{target.name}.abcdefgh.tmp"):  # the longest name atomic_write uses
            raise SessionError([_too_deep(self.root, target)])
        try:
            atomic_write(target, data)
        except ReplaceDenied:
            raise SessionError(
                [
                    Problem(
                        str(target),
                        "",
                        "could not save: another program kept the file open through every try "
                        "(often OneDrive or another sync client, an antivirus scanner or the search indexer)",
                        f"wait a moment, or pause syncing: {_SAVED_WHEN}",
                    )
                ]
            ) from None
        except OSError as exc:
            unknown = (exc.strerror or str(exc), "check the disk and the folder")
            message, fix = _WRITE_ERRORS.get(exc.errno, unknown) if exc.errno is not None else unknown
            raise SessionError([Problem(str(target), "", f"could not save: {message}", fix)]) from None

    def load(self, path: Path) -> Session:
        """Read one session file. Never writes; raises SessionError naming the place."""
        return session_from_data(read_toml(Path(path), SessionError), str(path))

    def entries(self) -> list[tuple[str, str, os.stat_result]]:
        """Every session file with its path relative to the store and its stat: ``*.toml`` at the top or one folder down.

        os.scandir and plain strings, not pathlib: a store of 10,000 files is listed on every start. Temporary
        files a killed save left on the way are removed once stale (``remove_stale_temporaries``).
        """
        found: list[tuple[str, str, os.stat_result]] = []
        hidden: list[str] = []

        def take(folder: str, prefix: str, linked: bool = False) -> None:
            try:
                items = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                return
            for item in items:
                if item.name.startswith("."):
                    if not linked:  # a folder reached through a link is read, never tidied: it is not the store's
                        hidden.append(item.path)
                        if item.name.endswith(ROOM_SUFFIX) and not item.is_symlink():
                            hidden.extend(room_files(item.path))  # a killed save in a room leaves its own
                    continue
                try:
                    if prefix == "" and item.is_dir():
                        take(item.path, item.name + "/", item.is_symlink())
                    elif item.name.endswith(".toml"):
                        # Whatever it is: reading it says what is wrong (a folder, a named pipe), never silently.
                        found.append((item.path, prefix + item.name, item.stat()))
                except OSError:
                    continue

        take(str(self.root), "")
        remove_stale_temporaries(hidden)
        return found

    def files(self) -> list[Path]:
        """Every session file, in a stable order."""
        return [Path(path) for path, _, _ in self.entries()]

    def catalogue(self, progress: Progress | None = None) -> Catalogue:
        """Summaries of every review, from the index beside the store where it still matches (see index.py);
        ``progress(done, total)`` is told how far reading the files that changed has got."""
        from maturitytui.store.index import catalogue

        return catalogue(self.root, progress)

    def listing(self, progress: Progress | None = None, *, deep: bool = True) -> Listing:
        """The store as its index holds it once brought up to date, read a page at a time (see index.py); close
        it once done with."""
        from maturitytui.store.index import listing

        return listing(self.root, progress, deep=deep)

    def size_hint(self) -> int:
        """How many partnership folders (and reviews at the top) the store has: a moment's look, for deciding
        whether to read it after the screen shows."""
        try:
            with os.scandir(self.root) as items:
                return sum(1 for item in items if not item.name.startswith("."))
        except OSError:
            return 0

    def scan(self) -> Scan:
        """Load every session, collecting the files that fail instead of stopping."""
        scan = Scan()
        for path in self.files():
            try:
                scan.sessions.append(StoredSession(path, self.load(path)))
            except SessionError as exc:
                scan.problems.extend(exc.problems)
            except Exception as exc:  # one strange file must never stop the rest
                scan.problems.append(
                    Problem(
                        str(path),
                        "",
                        f"could not be read ({type(exc).__name__}: {exc})",
                        "check the file; it has not been changed",
                    )
                )
        return scan
