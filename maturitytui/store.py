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

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w
from pydantic import ValidationError

from .atomic import atomic_write
from .errors import Problem, SessionError, validation_problems
from .migrations import migrate
from .names import partnership_key, short_digest, slugify
from .session import Session, now
from .toml_io import parse_toml, read_toml

SESSIONS_ENV = "MATURITYTUI_SESSIONS"


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

    def partnerships(self) -> dict[str, list[StoredSession]]:
        """Sessions by partnership (see ``partnership_key``), each list in date order.

        Grouped by the name stored in each file, never by folder: two names
        that make the same folder name are still two partnerships.
        """
        groups: dict[str, list[StoredSession]] = {}
        for stored in self.sessions:
            groups.setdefault(partnership_key(stored.session.partnership), []).append(stored)
        for items in groups.values():
            items.sort(key=lambda s: (s.session.review_date, s.session.created, s.session.id))
        return dict(sorted(groups.items()))


def session_to_toml(session: Session) -> bytes:
    data = session.model_dump(mode="python", exclude_none=True)
    return tomli_w.dumps(data).encode("utf-8")


def session_from_toml(raw: bytes, source: str) -> Session:
    return _validate(parse_toml(raw, source, SessionError), source)


def _validate(data: dict, source: str) -> Session:
    data = migrate(data, source)
    try:
        return Session.model_validate(data)
    except ValidationError as exc:
        raise SessionError(validation_problems(source, exc, data)) from None


_WRITE_ERRORS = {
    errno.ENOSPC: ("the disk is full", "free some space; your previous save is intact"),
    errno.EDQUOT: ("the disk quota is used up", "free some space; your previous save is intact"),
    errno.EFBIG: ("the file is larger than this system allows", "free some space or raise the limit; your previous save is intact"),
    errno.EROFS: ("the sessions folder is on a read-only disk", "choose another folder with --sessions"),
    errno.EACCES: ("permission denied", "check the folder's owner and permissions, or choose another with --sessions"),
    errno.EPERM: ("permission denied", "check the folder's owner and permissions, or choose another with --sessions"),
}


class SessionStore:
    """Reads and writes the session files under one folder."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def folder_for(self, partnership: str) -> Path:
        """The partnership's folder: its name made safe, with a short hash if another partnership has that name."""
        key = partnership_key(partnership)
        plain = self.root / slugify(partnership)
        if self._folder_owner(plain) in (None, key):
            return plain
        return self.root / f"{slugify(partnership)}-{short_digest(key)}"

    def _folder_owner(self, folder: Path) -> str | None:
        """Whose sessions a folder holds (by partnership key), or None if it holds none that can be read."""
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                return partnership_key(self.load(path).partnership)
            except SessionError:
                continue
        return None

    def path_for(self, session: Session) -> Path:
        return self.folder_for(session.partnership) / f"{session.id}.toml"

    def save(self, session: Session, path: Path | None = None, *, stamp: bool = True) -> Path:
        """Write ``session`` atomically (to ``path`` or its own place) and return the path.

        ``stamp`` sets ``updated`` to now; importing or copying a review keeps its own time.
        """
        target = path or self.path_for(session)
        if stamp:
            session.updated = now()
        self.write(target, session_to_toml(session))
        return target

    def write(self, target: Path, data: bytes) -> None:
        """Write prepared session bytes atomically; errors say what happened and what to do."""
        try:
            atomic_write(target, data)
        except OSError as exc:
            message, fix = _WRITE_ERRORS.get(exc.errno, (exc.strerror or str(exc), "check the disk and the folder"))
            raise SessionError([Problem(str(target), "", f"could not save: {message}", fix)]) from None

    def load(self, path: Path) -> Session:
        """Read one session file. Never writes; raises SessionError naming the place."""
        return _validate(read_toml(Path(path), SessionError), str(path))

    def files(self) -> list[Path]:
        """Every session file: ``*.toml`` directly under the store or one folder down."""
        if not self.root.is_dir():
            return []
        found = []
        for entry in sorted(self.root.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                found.extend(p for p in sorted(entry.glob("*.toml")) if not p.name.startswith(".") and p.is_file())
            elif entry.suffix == ".toml" and entry.is_file():
                found.append(entry)
        return found

    def catalogue(self):
        """Summaries of every review, from the index beside the store where it still matches (see index.py)."""
        from .index import catalogue

        return catalogue(self)

    def scan(self) -> Scan:
        """Load every session, collecting the files that fail instead of stopping."""
        scan = Scan()
        for path in self.files():
            try:
                scan.sessions.append(StoredSession(path, self.load(path)))
            except SessionError as exc:
                scan.problems.extend(exc.problems)
            except Exception as exc:  # one strange file must never stop the rest
                scan.problems.append(Problem(str(path), "", f"could not be read ({type(exc).__name__}: {exc})",
                                             "check the file; it has not been changed"))
        return scan
