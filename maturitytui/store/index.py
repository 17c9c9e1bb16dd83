"""A summary index beside the session store, so a store of thousands of reviews lists in a moment.

Parsing 10,000 TOML files takes seconds; reading their summaries from an
SQLite database (the standard library's ``sqlite3``, in WAL mode, so one
program reads while another writes) takes a small fraction of that. The index
is derived from the TOML files and never replaces them: whatever changed
(edited, added, removed, damaged) is read again, a damaged or foreign index is
rebuilt, and deleting ``.index.sqlite`` is always safe. A store that cannot be
written is listed all the same, from an index kept in memory.

Change detection walks as little as it can: a partnership folder whose own
stamp (modification and change times, inode) is as the index last saw it has
had nothing added, removed or renamed, so its files are not listed again but
only stat'ed by name, which still catches a file edited in place. A file or
folder changed within ``RACY_NS`` of the index run that saw it is looked at
again: its times may not show a second change.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat as stat_module
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.file_reading import INDEX_LIMIT, FileRefused, read_regular
from maturitytui.model.order import review_order
from maturitytui.model.session_format import NOT_APPLICABLE, SCHEMA_VERSION
from maturitytui.store.atomic import remove_stale_temporaries
from maturitytui.store.names import partnership_key

if TYPE_CHECKING:
    from maturitytui.model.session import Cell, Session

INDEX_NAME = ".index.sqlite"
OLD_INDEXES = (".index.json",)
"""Indexes earlier versions of the program kept: removed when met, as nothing reads them now."""
INDEX_FORMAT = 5
"""Bumped whenever the summary's shape changes, so an old index is rebuilt, not misread."""


@dataclass(frozen=True)
class SessionSummary:
    """What listing, history and comparison need of a review, without its evidence and actions text."""

    file: str
    """The review's file, as the store listed it (a string: 10,000 paths cost start-up time, and few are used)."""
    id: str
    partnership: str
    review_date: date
    created: datetime
    status: str
    position: str
    participants: tuple[str, ...]
    schools: tuple[str, ...]
    rubric_id: str
    rubric_hash: str
    grid_current: tuple[int, int] | None
    """(integration, nature) of where the partnership is, if marked."""
    grid_target: tuple[int, int] | None
    stages: dict[str, str]
    """Strand id → stage name, or ``n/a`` for not applicable; unanswered strands are absent."""
    focus: tuple[str, ...]
    criteria: dict[str, list[str | None]]
    """Criterion id → [within, between] (lists, as JSON has them: converting 10,000 of them costs start-up time)."""
    ties: dict[str, str] = field(default_factory=dict)
    """How the review tagged the partnership's ties (strength: strong or weak; reach: bonding or bridging)."""
    descriptors: dict[str, str] = field(default_factory=dict)
    """Strand id → the fingerprint of the stage descriptors it was rated against, where the review recorded it."""
    copy_of: str = ""
    """For a copy kept when one review was changed on two machines: the id of that review (else empty)."""
    copy_words: str = ""
    """For a copy: where it came from, as words ("copy from Sam's laptop, 3 Mar 2027")."""

    @property
    def key(self) -> str:
        return partnership_key(self.partnership)

    @property
    def path(self) -> Path:
        return Path(self.file)

    @classmethod
    def of(cls, path: Path | str, session: Session) -> SessionSummary:
        def cell(c: Cell | None) -> tuple[int, int] | None:
            return (c.integration, c.nature) if c is not None else None

        return cls(
            file=os.fspath(path),
            id=session.id,
            partnership=session.partnership,
            review_date=session.review_date,
            created=session.created,
            status=session.status,
            position=session.position,
            participants=tuple(session.participants),
            schools=tuple(session.schools),
            rubric_id=session.rubric.id,
            rubric_hash=session.rubric.hash,
            grid_current=cell(session.grid.current),
            grid_target=cell(session.grid.target),
            stages={
                sid: mark
                for sid, a in session.strands.items()
                if (mark := NOT_APPLICABLE if a.not_applicable else a.stage)
            },
            focus=tuple(sid for sid, a in session.strands.items() if a.focus),
            criteria={cid: [a.within, a.between] for cid, a in session.criteria.items()},
            ties=next((dict(t.ties.items()) for t in session.tools.values() if t.ties and not t.skipped), {}),
            descriptors={ref.id: ref.descriptors for ref in session.rubric.strands if ref.descriptors},
            copy_of=session.copy_of.review if session.copy_of else "",
            copy_words=session.copy_of.words() if session.copy_of else "",
        )

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "partnership": self.partnership,
            "review_date": self.review_date.isoformat(),
            "created": self.created.isoformat(),
            "status": self.status,
            "position": self.position,
            "participants": list(self.participants),
            "schools": list(self.schools),
            "rubric_id": self.rubric_id,
            "rubric_hash": self.rubric_hash,
            "grid_current": self.grid_current,
            "grid_target": self.grid_target,
            "stages": self.stages,
            "focus": list(self.focus),
            "criteria": self.criteria,
            "ties": self.ties,
            "descriptors": self.descriptors,
            "copy_of": self.copy_of,
            "copy_words": self.copy_words,
        }

    @classmethod
    def from_json(cls, path: str, data: dict[str, Any]) -> SessionSummary:
        return cls(
            file=path,
            id=data["id"],
            partnership=data["partnership"],
            review_date=date.fromisoformat(data["review_date"]),
            created=datetime.fromisoformat(data["created"]),
            status=data["status"],
            position=data["position"],
            participants=tuple(data["participants"]),
            schools=tuple(data["schools"]),
            rubric_id=data["rubric_id"],
            rubric_hash=data["rubric_hash"],
            grid_current=tuple(data["grid_current"]) if data["grid_current"] else None,
            grid_target=tuple(data["grid_target"]) if data["grid_target"] else None,
            stages=data["stages"],  # fresh from the JSON parser: nothing else holds them
            focus=tuple(data["focus"]),
            criteria=data["criteria"],
            ties=data["ties"],
            descriptors=data["descriptors"],
            copy_of=data["copy_of"],
            copy_words=data["copy_words"],
        )


@dataclass
class Catalogue:
    """Every review in a store, summarised, and the files that could not be read."""

    summaries: list[SessionSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    """How many files had to be read this time (the rest came from the index)."""
    _groups: dict[str, list[SessionSummary]] | None = field(default=None, repr=False, compare=False)

    def partnerships(self) -> dict[str, list[SessionSummary]]:
        """Summaries by partnership, each list in date order (review date, then when it was started).

        Grouped by the name stored in each file (``partnership_key``), never by folder: two names that
        make the same folder name are still two partnerships. Copies (``copies``) are left out: a review changed
        on two machines is one review, counted once. Worked out once per catalogue.
        """
        if self._groups is not None:
            return self._groups
        groups: dict[str, list[SessionSummary]] = {}
        for summary in self.summaries:
            if not summary.copy_of:
                groups.setdefault(summary.key, []).append(summary)
        for items in groups.values():
            items.sort(key=review_order)
        self._groups = dict(sorted(groups.items()))
        return self._groups

    def copies(self) -> list[SessionSummary]:
        """The copies kept beside reviews changed on two machines, waiting to be resolved, oldest first."""
        return sorted((s for s in self.summaries if s.copy_of), key=review_order)


def _header() -> dict[str, str]:
    from maturitytui import __version__

    # Another program version may summarise differently: its index is rebuilt, not misread.
    return {"format": str(INDEX_FORMAT), "program": __version__, "schema": str(SCHEMA_VERSION)}


Progress = Callable[[int, int], None]
"""Told (done, total) as changed files are read."""

PARALLEL_FROM = 2000
"""Changed files at once from which they are read by a process per core: starting the processes costs about half
a second, which reading a few hundred files here does not."""

CHUNK = 250
"""Files a process reads at a time, and how often progress is told."""

RACY_NS = 2_000_000_000
"""A file changed within this long of the index run that saw it is read again: its time may not show a second
edit."""

ROOM_SUFFIX = ".room"
SETTLED_HIDDEN = (".partnership",)
"""Hidden files a folder may hold and still be passed over while its stamp is unchanged. Anything else hidden (a
temporary file a killed save left, a live room's folder) changes without changing the folder's stamp, so a
folder holding one is listed every time, to be tidied."""

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs(id INTEGER PRIMARY KEY, written INTEGER NOT NULL);
CREATE TABLE folders(name TEXT PRIMARY KEY, stamp TEXT NOT NULL, run INTEGER NOT NULL);
CREATE TABLE files(
    rel TEXT PRIMARY KEY, folder TEXT NOT NULL, stamp TEXT NOT NULL, run INTEGER NOT NULL,
    summary TEXT, problems TEXT
);
CREATE INDEX files_by_folder ON files(folder);
"""
"""``runs``: when (on the file system's clock) each listing that wrote rows saw the files; ``folders``: each
partnership folder's stamp (``""`` is the store's own folder, whose top-level files are always listed);
``files``: each review's stamp and its summary or problems, as JSON."""


def _stamp(stat: os.stat_result) -> str:
    # ctime changes with every write and cannot be set back by tools that keep mtime
    # (cp -p, rsync -t, tar); the inode changes with every atomic save.
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino} {stat.st_dev} {stat.st_mode}"


def _folder_stamp(stat: os.stat_result) -> str:
    return f"{stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino} {stat.st_dev}"


def _settled(stat: os.stat_result, written: int) -> bool:
    return stat.st_mtime_ns < written - RACY_NS and stat.st_ctime_ns < written - RACY_NS


def _remove(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with contextlib.suppress(OSError):
            os.unlink(path.with_name(name))


def _usable(path: Path) -> bool:
    """Whether an index file is there to be opened: a regular file within the limit (a named pipe or a folder
    in its place is never opened, so nothing waits on it; one too large is foreign)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True  # made now
    except OSError:
        return False
    if not stat_module.S_ISREG(info.st_mode):
        return False
    if info.st_size > INDEX_LIMIT:
        _remove(path)
    return True


class Index:
    """The open index of one store: an SQLite database beside it, or one in memory where none can be kept."""

    def __init__(self, root: Path, *, memory: bool = False):
        self.root = root
        self.path = root / INDEX_NAME
        self.db = self._connect(":memory:") if memory else self._open()

    @classmethod
    def in_memory(cls, root: Path) -> Index:
        return cls(root, memory=True)

    def _open(self) -> sqlite3.Connection:
        for name in OLD_INDEXES:
            with contextlib.suppress(OSError):
                os.unlink(self.root / name)
        if self.root.is_dir() and _usable(self.path):
            for _attempt in range(2):
                try:
                    return self._connect(str(self.path))
                except sqlite3.OperationalError:  # cannot be opened or written now (read-only, busy): left alone
                    break
                except sqlite3.DatabaseError:  # damaged, or not a database at all: the files are the truth
                    _remove(self.path)
                except OSError:
                    break
        return self._connect(":memory:")  # a store that cannot be written is listed all the same

    def _connect(self, where: str) -> sqlite3.Connection:
        if where != ":memory:" and not os.path.exists(where):
            # Made owner-only before SQLite opens it; its journal files take the same mode.
            os.close(os.open(where, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        db = sqlite3.connect(where, timeout=5, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            known = self._header(db)
            if any(known.get(key) != value for key, value in _header().items()):
                db.executescript(
                    "DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS runs; DROP TABLE IF EXISTS folders;"
                    "DROP TABLE IF EXISTS files;" + _SCHEMA
                )
                db.executemany("INSERT INTO meta VALUES (?, ?)", _header().items())
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _header(db: sqlite3.Connection) -> dict[str, str]:
        try:
            return dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.OperationalError:  # no such table: a new or foreign database
            return {}

    def close(self) -> None:
        self.db.close()

    def db_is_memory(self) -> bool:
        return not any(row[2] for row in self.db.execute("PRAGMA database_list"))

    def fs_now(self) -> int:
        """The file system's clock now, as the index's own file shows it after a small write (the program's clock
        may be set elsewhere, and the times it is compared with are the file system's). 0 where it cannot be
        told: then nothing this listing sees is trusted later, only read again."""
        try:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('seen', ?)", (str(os.getpid()),))
        except sqlite3.Error:  # another program is writing: this listing's rows are simply not trusted later
            return 0
        if self.db_is_memory():
            return 0
        for name in (f"{INDEX_NAME}-wal", INDEX_NAME):
            with contextlib.suppress(OSError):
                return int(os.stat(self.root / name).st_mtime_ns)
        return 0


@dataclass
class _Seen:
    """What the index knew of one file."""

    stamp: str
    run: int
    summary: str | None
    problems: str | None


def catalogue(root: Path, progress: Progress | None = None) -> Catalogue:
    """Summaries of every review in the store at ``root``, from the index where it still matches the files.

    ``progress(done, total)`` is told how far the reading of changed files has got (a first listing of a large
    store reads every file), from the thread that lists.
    """
    for _attempt in range(2):
        index = Index(root)
        try:
            return _Walk(root, index, progress).run()
        except sqlite3.OperationalError:
            break  # busy or unwritable part way: listed from an index in memory
        except sqlite3.DatabaseError:
            index.close()
            _remove(index.path)  # damage found part way: rebuilt from the files
        finally:
            index.close()
    index = Index.in_memory(root)
    try:
        return _Walk(root, index, progress).run()
    finally:
        index.close()


class _Walk:
    def __init__(self, root: Path, index: Index, progress: Progress | None = None):
        self.root = root
        self.index = index
        db = index.db
        self.runs = dict(db.execute("SELECT id, written FROM runs").fetchall())
        self.folders: dict[str, tuple[str, int]] = {
            name: (stamp, run) for name, stamp, run in db.execute("SELECT name, stamp, run FROM folders")
        }
        self.files: dict[str, dict[str, _Seen]] = {}
        for rel, folder, stamp, run, summary, problems in db.execute(
            "SELECT rel, folder, stamp, run, summary, problems FROM files"
        ):
            self.files.setdefault(folder, {})[rel] = _Seen(stamp, run, summary, problems)
        # Before any file is looked at: a file changed while the walk goes on is then never trusted by mistake.
        self.now = index.fs_now()
        self.result = Catalogue()
        self.changed: dict[str, tuple[str, str, str | None, str | None]] = {}
        """rel → (folder, stamp, summary, problems) to write."""
        self.gone: list[str] = []
        self.folder_rows: dict[str, str | None] = {}
        """folder → its stamp to remember (None: list it every time)."""
        self.listed: set[str] = set()
        """Folders listed this time (changed, new, or not yet settled): their rows are written again."""
        self.hidden: list[str] = []
        self.unsettled: set[str] = set()
        """Folders holding a file that could not be read now: listed again next time, whatever their stamp."""
        self.unread: list[tuple[str, str, str, str]] = []
        """(folder, path, rel, stamp) of each file found changed, read once the walk is done."""
        self.progress = progress

    def written(self, run: int) -> int:
        return int(self.runs.get(run, 0))

    def run(self) -> Catalogue:
        try:
            items = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError:
            items = []
        top: list[os.DirEntry[str]] = []
        for item in items:
            if item.name.startswith("."):
                self._hidden(item, linked=False)
                continue
            try:
                if item.is_dir():
                    self._folder(item)
                elif item.name.endswith(".toml"):
                    top.append(item)
            except OSError:
                continue
        self._listed("", "", top)
        self.folder_rows[""] = None  # the store's own folder: its few files are listed every time
        self._read()
        remove_stale_temporaries(self.hidden)
        for folder in set(self.files) - set(self.folder_rows):
            self.gone += list(self.files[folder])
        self._save()
        return self.result

    def _hidden(self, item: os.DirEntry[str], *, linked: bool) -> None:
        if linked:  # a folder reached through a link is read, never tidied: it is not the store's
            return
        self.hidden.append(item.path)
        if item.name.endswith(ROOM_SUFFIX) and not item.is_symlink():
            self.hidden.extend(_room_files(item.path))  # a killed save in a room leaves its own

    def _folder(self, item: os.DirEntry[str]) -> None:
        name = item.name
        if not _text(name):  # a name that is not text cannot be kept in the index: read every time
            self.unsettled.add(name)
        info = item.stat()
        stamp = _folder_stamp(info)
        known = self.folders.get(name)
        settled = known is not None and known[0] == stamp and _settled(info, self.written(known[1]))
        if settled and self._restat(name, item.path):
            self.folder_rows[name] = None if name in self.unsettled else stamp
            return
        linked = item.is_symlink()
        entries: list[os.DirEntry[str]] = []
        settled = True  # until something in it says it must be listed every time
        try:
            listing = sorted(os.scandir(item.path), key=lambda e: e.name)
        except OSError:
            listing = []
            settled = False
        for entry in listing:
            if entry.name.startswith("."):
                if entry.name not in SETTLED_HIDDEN and not entry.name.endswith(".lock"):
                    settled = False
                self._hidden(entry, linked=linked)
            elif entry.name.endswith(".toml"):
                entries.append(entry)
        self._listed(name, name + "/", entries)
        self.folder_rows[name] = stamp if settled and name not in self.unsettled else None
        self.listed.add(name)

    def _restat(self, folder: str, path: str) -> bool:
        """The files of a folder whose stamp is unchanged, each stat'ed by name; False if one has gone after all
        (then the folder is listed)."""
        found: list[tuple[str, str, os.stat_result]] = []
        for rel in self.files.get(folder, {}):
            full = os.path.join(path, rel.rpartition("/")[2])
            try:
                found.append((full, rel, os.stat(full)))
            except OSError:
                return False
        for full, rel, info in found:
            self._file(folder, full, rel, info)
        return True

    def _listed(self, folder: str, prefix: str, entries: list[os.DirEntry[str]]) -> None:
        seen = set()
        for entry in entries:
            rel = prefix + entry.name
            try:
                info = entry.stat()
            except OSError:
                continue
            seen.add(rel)
            self._file(folder, entry.path, rel, info)
        self.gone += [rel for rel in self.files.get(folder, {}) if rel not in seen]

    def _file(self, folder: str, path: str, rel: str, info: os.stat_result) -> None:
        stamp = _stamp(info)
        known = self.files.get(folder, {}).get(rel)
        if known is not None and known.stamp == stamp and _settled(info, self.written(known.run)):
            try:
                if known.problems is not None:
                    self.result.problems.extend(Problem(**p) for p in json.loads(known.problems))
                else:
                    self.result.summaries.append(SessionSummary.from_json(path, json.loads(known.summary or "")))
                return
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # a damaged row: read the file again
        self.result.read += 1
        self.unread.append((folder, path, rel, stamp))

    def _read(self) -> None:
        """Read every file the walk found changed: here when few, else by a process per core, saying how far."""
        unread, self.unread = self.unread, []
        results: list[Read] | None = None
        if len(unread) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
            results = _read_in_parallel([path for _, path, _, _ in unread], self.progress)
        if results is None:
            results = []
            for n, (_, path, _, _) in enumerate(unread, 1):
                results.append(_summarise(path))
                if self.progress is not None and n % CHUNK == 0:
                    self.progress(n, len(unread))
        for (folder, _path, rel, stamp), (summary, summary_json, problems, remember) in zip(
            unread, results, strict=True
        ):
            if summary is not None:
                self.result.summaries.append(summary)
            self.result.problems.extend(problems)
            if remember and _text(rel):
                problems_json = None if summary is not None else json.dumps([p.__dict__ for p in problems])
                self.changed[rel] = (folder, stamp, summary_json, problems_json)
            else:
                # Not remembered: a file that cannot be read now may be readable next time, so its folder is
                # listed next time too (the file may not change in a way its folder's stamp shows).
                self.gone.append(rel)
                self.unsettled.add(folder)
                if self.folder_rows.get(folder) is not None:
                    self.folder_rows[folder] = None
        if self.progress is not None and unread:
            self.progress(len(unread), len(unread))

    def _save(self) -> None:
        folders = [
            (n, stamp) for n, stamp in self.folder_rows.items() if stamp is not None and n in self.listed and _text(n)
        ]
        dropped = [n for n in self.folders if self.folder_rows.get(n) is None]
        if not (self.changed or self.gone or folders or dropped):
            return
        db = self.index.db
        try:
            db.execute("BEGIN IMMEDIATE")
            run = db.execute("INSERT INTO runs(written) VALUES (?)", (self.now,)).lastrowid
            db.executemany("DELETE FROM files WHERE rel = ?", [(rel,) for rel in self.gone if _text(rel)])
            db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (rel, f, stamp, run, summary, problems)
                    for rel, (f, stamp, summary, problems) in self.changed.items()
                ],
            )
            db.executemany("DELETE FROM folders WHERE name = ?", [(name,) for name in dropped])
            db.executemany("INSERT OR REPLACE INTO folders VALUES (?, ?, ?)", [(n, st, run) for n, st in folders])
            # Runs no row points to any more are forgotten.
            db.execute("DELETE FROM runs WHERE id NOT IN (SELECT run FROM files UNION SELECT run FROM folders)")
            db.execute("COMMIT")
        except sqlite3.Error:  # busy with another program's write, or the disk is full: listed all the same
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")


def _text(name: str) -> bool:
    """Whether a file name can be kept in the index (SQLite keeps text; a name that is not UTF-8 is not)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


Read = tuple[SessionSummary | None, str | None, list[Problem], bool]
"""What reading one file gave: its summary and that summary as JSON, or its problems; and whether to remember
it (a file that cannot be read now is not remembered: it may be readable next time)."""


def _summarise(path: str) -> Read:
    from maturitytui.store.session_files import session_from_toml  # the models load only when a file is read again

    try:
        raw = read_regular(path)
    except FileRefused as exc:
        return None, None, [Problem(str(path), "", exc.message, exc.fix)], False
    except OSError as exc:
        problem = Problem(
            str(path), "", f"cannot be read ({exc.strerror or exc})", "check the file's owner and permissions"
        )
        return None, None, [problem], False
    try:
        summary = SessionSummary.of(path, session_from_toml(raw, str(path)))
    except SessionError as exc:
        return None, None, list(exc.problems), True
    except Exception as exc:  # one strange file must never stop the rest
        problem = Problem(
            str(path), "", f"could not be read ({type(exc).__name__}: {exc})", "check the file; it has not been changed"
        )
        return None, None, [problem], True
    return summary, json.dumps(summary.to_json(), ensure_ascii=False, separators=(",", ":")), [], True


def _summarise_many(paths: list[str]) -> list[Read]:
    return [_summarise(path) for path in paths]


def _read_in_parallel(paths: list[str], progress: Progress | None) -> list[Read] | None:
    """``_summarise`` of each path, by a process per core, in order; None if processes cannot be started here (the
    files are then read in this one)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        _tracker_started()
        return _in_processes(paths, progress, multiprocessing.get_context("spawn"), ProcessPoolExecutor)
    except (BrokenProcessPool, OSError, RuntimeError, ValueError):
        return None


def _tracker_started() -> None:
    """Start multiprocessing's resource tracker with somewhere to write. It takes this process's stderr, which in
    the app is the screen's (no file at all, or one that must not be written over), so it gets the null device."""
    import sys
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0 and not sys.stderr.isatty()
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    saved = sys.stderr
    with open(os.devnull, "w") as nowhere:
        sys.stderr = nowhere
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _quiet() -> None:
    """In each reading process: nothing it might print reaches the terminal the app draws on."""
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, 1)
    os.dup2(nowhere, 2)


def _in_processes(paths: list[str], progress: Progress | None, context: Any, pool_type: Any) -> list[Read]:
    chunks = [paths[n : n + CHUNK] for n in range(0, len(paths), CHUNK)]
    results: list[list[Read] | None] = [None] * len(chunks)
    done = 0
    # Spawned, not forked: the app lists from a thread, and a fork of a process with threads can deadlock.
    with pool_type(max_workers=min(os.cpu_count() or 2, 8), mp_context=context, initializer=_quiet) as pool:
        futures = {pool.submit(_summarise_many, chunk): n for n, chunk in enumerate(chunks)}
        from concurrent.futures import as_completed

        for future in as_completed(futures):
            results[futures[future]] = future.result()
            done += len(chunks[futures[future]])
            if progress is not None:
                progress(done, len(paths))
    return [read for chunk in results for read in (chunk or [])]


def _room_files(folder: str) -> list[str]:
    """The paths in a room folder and its responses folder, never following a link."""
    found: list[str] = []
    for place in (folder, os.path.join(folder, "responses")):
        try:
            with os.scandir(place) as items:
                found += [item.path for item in items if not item.is_symlink()]
        except OSError:
            continue
    return found


def drop_index(root: Path) -> None:
    _remove(root / INDEX_NAME)
