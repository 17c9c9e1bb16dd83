"""The index's database: SQLite beside the store (``.index.sqlite``), or in memory where none can be kept.

It holds each review file's stamp and summary, each partnership folder's stamp, and each partnership's
aggregate (its name, how many reviews, unfinished and copies, its latest review and the finished one before),
so that listing every partnership reads one row each, page by page, and never every summary. It is derived from
the TOML files and never replaces them: a damaged or foreign one is rebuilt, and deleting it is always safe.
WAL mode lets one program read while another writes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat as stat_module
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from maturitytui.model.errors import Problem
from maturitytui.model.session_format import SCHEMA_VERSION
from maturitytui.store.summaries import Catalogue, SessionSummary

INDEX_NAME = ".index.sqlite"
OLD_INDEXES = (".index.json",)
"""Indexes earlier versions of the program kept: removed when met, as nothing reads them now."""
INDEX_FORMAT = 9
"""Bumped whenever the schema or the summary's shape changes, so an old index is rebuilt, not misread."""

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs(id INTEGER PRIMARY KEY, written INTEGER NOT NULL);
CREATE TABLE folders(name TEXT PRIMARY KEY, stamp TEXT NOT NULL, run INTEGER NOT NULL);
CREATE TABLE files(
    rel TEXT PRIMARY KEY, folder TEXT NOT NULL, stamp TEXT NOT NULL, run INTEGER NOT NULL,
    key TEXT, review_date TEXT, created TEXT, id TEXT, status TEXT, copy_of TEXT,
    summary TEXT, problems TEXT
);
CREATE INDEX files_by_folder ON files(folder);
CREATE INDEX files_by_partnership ON files(key, review_date, created, id, rel);
CREATE INDEX files_with_problems ON files(rel) WHERE problems IS NOT NULL;
CREATE TABLE partnerships(
    key TEXT PRIMARY KEY, name TEXT NOT NULL, reviews INTEGER NOT NULL, unfinished INTEGER NOT NULL,
    copies INTEGER NOT NULL, latest TEXT, previous TEXT, glance TEXT
) WITHOUT ROWID;
"""
"""``runs``: when (on the file system's clock) each listing that wrote rows saw the files; ``folders``: the stamp
of every partnership folder the index has looked into ("" for one listed every time), so a folder gone is known
without reading ``files``; ``files``: each review's stamp, the columns its partnership's reviews are ordered by,
and its summary (or its problems) as JSON, with the few that have problems indexed apart (asked on every start);
``partnerships``: each partnership's aggregate, its ``latest`` and ``previous`` the ``rel`` of those reviews, and
``glance`` what the alliance view makes of them, kept by it (set empty whenever the partnership's files change),
kept in key order (``WITHOUT ROWID``), the order every partnership is listed in."""

_TABLES = ("meta", "runs", "folders", "files", "partnerships")


_NOT_TEXT = "\ufffe"


def stored(name: str) -> str:
    """A file or folder name as the index keeps it: itself, or, for a name that is not UTF-8 (which SQLite cannot
    keep as text), its bytes in hex behind a mark no real name starts with."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return _NOT_TEXT + os.fsencode(name).hex()
    return name


def named(kept: str) -> str:
    """The name ``stored`` kept."""
    return os.fsdecode(bytes.fromhex(kept[1:])) if kept.startswith(_NOT_TEXT) else kept


def _header() -> dict[str, str]:
    from maturitytui import __version__

    # Another program version may summarise differently: its index is rebuilt, not misread.
    return {"format": str(INDEX_FORMAT), "program": __version__, "schema": str(SCHEMA_VERSION)}


def _read_header(db: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError:  # no such table: a new or foreign database
        return {}


def remove_index(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with contextlib.suppress(OSError):
            os.unlink(path.with_name(name))


def _usable(path: Path) -> bool:
    """Whether an index file is there to be opened: a regular file (a named pipe or a folder in its place is
    never opened, so nothing waits on it). Its size sets no limit: a database is read a row at a time."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True  # made now
    except OSError:
        return False
    return stat_module.S_ISREG(info.st_mode)


class Index:
    """The open index of one store."""

    def __init__(self, root: Path, *, memory: bool = False, db: sqlite3.Connection | None = None):
        self.root = root
        self.path = root / INDEX_NAME
        self.db = db if db is not None else self._connect(":memory:") if memory else self._open()
        self.memory = memory or not any(row[2] for row in self.db.execute("PRAGMA database_list"))

    @classmethod
    def as_left(cls, root: Path) -> Index | None:
        """The index as the last listing left it, opened without making or mending anything (SQLite may tidy its
        own journal on closing); None where
        there is none this program reads as it is (none yet, another version's, damaged, foreign): a listing
        builds that one again."""
        path = root / INDEX_NAME
        try:
            if not stat_module.S_ISREG(os.lstat(path).st_mode):
                return None
            # mode=rw: never made here (the listing makes it, owner-only).
            uri = Path(os.path.abspath(path)).as_uri() + "?mode=rw"
            db = sqlite3.connect(uri, uri=True, timeout=5, isolation_level=None, check_same_thread=False)
        except (OSError, ValueError, sqlite3.Error):
            return None
        try:
            known = _read_header(db)
            if any(known.get(key) != value for key, value in _header().items()):
                db.close()
                return None
            db.execute("SELECT count(*) FROM partnerships").fetchone()  # its pages can be read at all
        except sqlite3.Error:
            db.close()
            return None
        return cls(root, db=db)

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
                    remove_index(self.path)
                except OSError:
                    break
        return self._connect(":memory:")  # a store that cannot be written is listed all the same

    @staticmethod
    def _connect(where: str) -> sqlite3.Connection:
        if where != ":memory:" and not os.path.exists(where):
            # Made owner-only before SQLite opens it; its journal files take the same mode.
            os.close(os.open(where, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        # Opened on the thread that lists and read on the screen's: one at a time, never both at once.
        db = sqlite3.connect(where, timeout=5, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            known = _read_header(db)
            if any(known.get(key) != value for key, value in _header().items()):
                db.executescript("".join(f"DROP TABLE IF EXISTS {t};" for t in _TABLES) + _SCHEMA)
                db.executemany("INSERT INTO meta VALUES (?, ?)", _header().items())
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.close()

    def fs_now(self) -> int:
        """The file system's clock now, as the index's own file shows it after a small write (the program's clock
        may be set elsewhere, and the times it is compared with are the file system's). 0 where it cannot be
        told: then nothing this listing sees is trusted later, only read again."""
        try:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('seen', ?)", (str(os.getpid()),))
        except sqlite3.Error:  # another program is writing: this listing's rows are simply not trusted later
            return 0
        if self.memory:
            return 0
        for name in (f"{INDEX_NAME}-wal", INDEX_NAME):
            with contextlib.suppress(OSError):
                return int(os.stat(self.root / name).st_mtime_ns)
        return 0

    def update_partnerships(self, keys: Iterable[str]) -> None:
        """Work out again the aggregate of each of these partnerships from its files' rows (inside a write)."""
        db = self.db
        for key in keys:
            rows = db.execute(
                "SELECT rel, status, copy_of, summary FROM files WHERE key = ? AND summary IS NOT NULL "
                "ORDER BY review_date, created, id, rel",
                (key,),
            ).fetchall()
            reviews = [row for row in rows if not row[2]]
            if not rows:
                db.execute("DELETE FROM partnerships WHERE key = ?", (key,))
                continue
            finished = [row for row in reviews if row[1] == "complete"]
            latest = (finished or reviews or [None])[-1]
            previous = finished[-2] if len(finished) >= 2 else None
            named = latest or rows[-1]
            name = json.loads(named[3])["partnership"]
            db.execute(
                "INSERT OR REPLACE INTO partnerships VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                (
                    key,
                    name,
                    len(reviews),
                    sum(1 for row in reviews if row[1] != "complete"),
                    len(rows) - len(reviews),
                    latest[0] if latest else None,
                    previous[0] if previous else None,
                ),
            )


class PartnershipRow(NamedTuple):
    """One partnership as the index keeps it: enough to list it, and to say where it is and how it moved.

    A named tuple: listing a national store makes one for each of tens of thousands of partnerships.
    """

    key: str
    name: str
    reviews: int
    unfinished: int
    copies: int
    latest: SessionSummary | None
    """The latest finished review, or the latest of any if none is finished (None if it has only copies)."""
    previous: SessionSummary | None
    """The finished review before ``latest``."""
    glance: str | None = None
    """What the alliance view made of this partnership when it last saw it unchanged (see ``keep_glances``)."""


class Listing:
    """A store as its index now holds it, read a page at a time: memory does not grow with the store.

    Keeps its index open (one kept in memory goes with it): ``close`` it once a newer listing replaces it.
    """

    PAGE = 500

    def __init__(self, index: Index, problems: list[Problem], read: int, *, changed: bool = True):
        self.index = index
        self.root = index.root
        self.read = read
        """How many files had to be read this time (the rest came from the index)."""
        self.changed = changed
        """Whether bringing the index up to date changed what it holds (files read again, or gone)."""
        self._problems = problems

    def close(self) -> None:
        self.index.close()

    def _summary(self, rel: str, data: str) -> SessionSummary:
        return SessionSummary.from_json(os.path.join(self.root, named(rel)), json.loads(data))

    @property
    def problems(self) -> list[Problem]:
        """Every file that could not be read: remembered ones (damaged, invalid) and ones unreadable just now."""
        remembered = [
            Problem(**problem)
            for (text,) in self.index.db.execute("SELECT problems FROM files WHERE problems IS NOT NULL ORDER BY rel")
            for problem in json.loads(text)
        ]
        return remembered + self._problems

    def review_count(self) -> int:
        """Reviews and copies: from the partnerships' counts, which cover every summary (a count of ``files``
        would read the whole table)."""
        found = self.index.db.execute("SELECT coalesce(sum(reviews + copies), 0) FROM partnerships").fetchone()
        return int(found[0])

    def longest_name(self) -> int:
        return int(self.index.db.execute("SELECT coalesce(max(length(name)), 0) FROM partnerships").fetchone()[0])

    def position(self, key: str) -> int | None:
        """Where the partnership with this key is in the order partnerships are listed; None if it is not."""
        db = self.index.db
        if db.execute("SELECT 1 FROM partnerships WHERE key = ?", (key,)).fetchone() is None:
            return None
        return int(db.execute("SELECT count(*) FROM partnerships WHERE key < ?", (key,)).fetchone()[0])

    def partnership_count(self) -> int:
        return int(self.index.db.execute("SELECT count(*) FROM partnerships").fetchone()[0])

    def partnership_rows(
        self, offset: int = 0, limit: int = -1, *, after: str | None = None, glanced: bool = False
    ) -> list[PartnershipRow]:
        """Partnerships in the order of their keys (by name, case and spacing aside): ``limit`` of them from
        ``offset``, or, given ``after`` (a key), from the first after it, which costs the same at any depth.

        ``glanced``: a row with a kept ``glance`` comes without its summaries, which the glance stands for.
        """
        if after is not None:
            return self._rows("WHERE key > ? ORDER BY key LIMIT ?", (after, limit), glanced=glanced)
        return self._rows("ORDER BY key LIMIT ? OFFSET ?", (limit, offset), glanced=glanced)

    def _rows(self, where: str, args: tuple[object, ...], *, glanced: bool = False) -> list[PartnershipRow]:
        rows = self.index.db.execute(
            f"SELECT key, name, reviews, unfinished, copies, glance, latest, previous FROM partnerships {where}",
            args,
        ).fetchall()
        # The summaries only where they are wanted: one row's look-up each, by the file's own key.
        wanted = [r for row in rows if not (glanced and row[5] is not None) for r in row[6:8] if r]
        found: dict[str, SessionSummary] = {}
        for n in range(0, len(wanted), 500):
            part = wanted[n : n + 500]
            marks = ", ".join("?" * len(part))
            for rel, data in self.index.db.execute(
                f"SELECT rel, summary FROM files WHERE rel IN ({marks})",
                part,
            ):
                found[rel] = self._summary(rel, data)
        return [
            PartnershipRow(
                key,
                name,
                reviews,
                unfinished,
                copies,
                found.get(latest) if latest else None,
                found.get(previous) if previous else None,
                glance,
            )
            for key, name, reviews, unfinished, copies, glance, latest, previous in rows
        ]

    def partnership(self, key: str) -> PartnershipRow | None:
        """The partnership with this key, with its summaries; None if there is none."""
        rows = self._rows("WHERE key = ?", (key,))
        return rows[0] if rows else None

    def pages(self, *, glanced: bool = False) -> Iterator[list[PartnershipRow]]:
        """Every partnership, a page at a time."""
        after = ""
        while page := self.partnership_rows(limit=self.PAGE, after=after, glanced=glanced):
            yield page
            after = page[-1].key

    def keep_glances(self, glances: list[tuple[str, str]]) -> None:
        """Keep what the alliance view made of these partnerships (key, glance), until their files change. Best
        effort: an index another program is writing just now is left as it is."""
        if not glances:
            return
        db = self.index.db
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("UPDATE partnerships SET glance = ? WHERE key = ?", [(g, k) for k, g in glances])
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def every_partnership(self) -> Iterator[PartnershipRow]:
        """Every partnership, read a page at a time."""
        for page in self.pages():
            yield from page

    def _of(self, where: str, args: tuple[object, ...]) -> list[SessionSummary]:
        rows = self.index.db.execute(
            f"SELECT rel, summary FROM files WHERE summary IS NOT NULL AND {where} "
            "ORDER BY key, review_date, created, id, rel",
            args,
        )
        return [self._summary(rel, data) for rel, data in rows]

    def reviews(self, key: str) -> list[SessionSummary]:
        """One partnership's reviews in date order (copies left out: see ``copies``)."""
        return self._of("key = ? AND copy_of = ''", (key,))

    def copies(self, key: str | None = None) -> list[SessionSummary]:
        """The copies kept beside reviews changed on two machines (of one partnership, or all), oldest first."""
        if key is None:
            return self._of("copy_of != ''", ())
        return self._of("key = ? AND copy_of != ''", (key,))

    def summaries(self) -> Iterator[SessionSummary]:
        """Every review and copy, by partnership and date, read a page at a time.

        Each page goes on after the last row of the one before, by the whole order down to the file: a sync
        client's copy has its review's id, date and start, so anything short of the file would skip one of them.
        """
        last: tuple[object, ...] = ("", "", "", "", "")
        while True:
            rows = self.index.db.execute(
                "SELECT rel, summary, key, review_date, created, id FROM files WHERE summary IS NOT NULL "
                "AND (key, review_date, created, id, rel) > (?, ?, ?, ?, ?) "
                "ORDER BY key, review_date, created, id, rel LIMIT ?",
                (*last, self.PAGE),
            ).fetchall()
            if not rows:
                return
            for rel, data, *_ in rows:
                yield self._summary(rel, data)
            rel, _, *order = rows[-1]
            last = (*order, rel)

    def names(self) -> dict[str, str]:
        """Each partnership's key and its name."""
        return dict(self.index.db.execute("SELECT key, name FROM partnerships"))

    def review_ids(self) -> Iterator[tuple[str, str, str]]:
        """(path, partnership key, id) of every review, copies aside, by partnership and date: no summary read."""
        rows = self.index.db.execute(
            "SELECT rel, key, id FROM files WHERE summary IS NOT NULL AND copy_of = '' "
            "ORDER BY key, review_date, created, id, rel"
        )
        for rel, key, review_id in rows:
            yield os.path.join(self.root, named(rel)), key, review_id

    def catalogue(self) -> Catalogue:
        """Every summary in memory at once: for a command that looks a review up among them all."""
        return Catalogue(list(self.summaries()), self.problems, self.read)
