"""A summary index beside the session store, so a store of any size lists in a moment.

Parsing 10,000 TOML files takes seconds; an SQLite database beside the store
(``index_db``) keeps each review's summary and each partnership's aggregate, and
this module keeps it true to the files. Whatever changed (edited, added, removed,
damaged) is read again, and only that.

Change detection walks as little as it can: a partnership folder whose own
stamp (modification and change times, inode) is as the index last saw it has
had nothing added, removed or renamed, so its files are not listed again. A
deep listing still stats each of them by name, which catches a file another
program edited in place; a shallow one (every partnership at a glance, on a
store of any size) trusts the folder. A file or folder changed within
``RACY_NS`` of the index run that saw it is looked at again: its times may not
show a second change. A file that cannot be read now is never remembered as
bad. Many files to read (a first listing) are read by a process per core, with
progress told as it goes.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.file_reading import FileRefused, read_regular
from maturitytui.store.atomic import ROOM_SUFFIX, remove_stale_temporaries, room_files

# Part of this module's API.
from maturitytui.store.index_db import INDEX_FORMAT as INDEX_FORMAT
from maturitytui.store.index_db import INDEX_NAME as INDEX_NAME
from maturitytui.store.index_db import Index, named, remove_index, stored
from maturitytui.store.index_db import Listing as Listing
from maturitytui.store.index_db import PartnershipRow as PartnershipRow
from maturitytui.store.portable import folder_stat, identity
from maturitytui.store.summaries import Catalogue as Catalogue
from maturitytui.store.summaries import SessionSummary as SessionSummary

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

SETTLED_HIDDEN = (".partnership",)
"""Hidden files a folder may hold and still be passed over while its stamp is unchanged. Anything else hidden (a
temporary file a killed save left, a live room's folder) changes without changing the folder's stamp, so a
folder holding one is listed every time, to be tidied."""


ICLOUD_PLACEHOLDER = ".icloud"
"""What iCloud Drive (macOS 13 and earlier, with "Optimise Mac Storage") leaves of a file it moved off the Mac:
``.<name>.icloud``, hidden. The review is not in the store until it is downloaded, so it is said, not passed over.
(Such a file is hidden, so its folder is listed every time, and this is said each time until it is downloaded.)"""


def _not_downloaded(placeholder: str) -> Problem:
    folder, name = os.path.split(placeholder)
    review = os.path.join(folder, name[1:].removesuffix(ICLOUD_PLACEHOLDER))
    return Problem(
        review,
        "",
        "iCloud Drive has moved this review off the Mac to save space, so it cannot be read until it is downloaded",
        "in the Finder, choose Download Now on it, or Keep Downloaded on the sessions folder",
    )


def _stamp(stat: os.stat_result) -> str:
    # ctime changes with every write and cannot be set back by tools that keep mtime
    # (cp -p, rsync -t, tar); the inode changes with every atomic save. (On Windows ctime is when the file was
    # made, and there is no inode to be had from os.scandir: its size and mtime tell, within the racy window.)
    ino, dev = identity(stat)
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {ino} {dev} {stat.st_mode}"


def _folder_stamp(stat: os.stat_result) -> str:
    ino, dev = identity(stat)
    return f"{stat.st_mtime_ns} {stat.st_ctime_ns} {ino} {dev}"


def _settled(stat: os.stat_result, written: int) -> bool:
    return stat.st_mtime_ns < written - RACY_NS and stat.st_ctime_ns < written - RACY_NS


@dataclass
class _Seen:
    """What the index knew of one file."""

    stamp: str
    run: int
    key: str | None


class _Busy(Exception):
    """The index could not be written (another program holds it): listed from one in memory instead."""


def listing(root: Path, progress: Progress | None = None, *, deep: bool = True) -> Listing:
    """The store at ``root`` as its index holds it once brought up to date with the files.

    ``progress(done, total)`` is told how far the reading of changed files has got (a first listing of a large
    store reads every file), from the thread that lists. ``deep`` also checks each file of a folder whose own
    stamp is unchanged, which catches a file another program edited in place; without it, a listing of a large
    store passes such folders over at the cost of a folder's stat each (a review saved by this program, or
    brought in by git or a sync tool, changes its folder's stamp: only an edit in place does not).
    """
    for _attempt in range(2):
        index = Index(root)
        try:
            return _Walk(root, index, progress, deep).run()
        except (sqlite3.OperationalError, _Busy):
            index.close()
            break  # busy or unwritable part way: listed from an index in memory
        except sqlite3.DatabaseError:
            index.close()
            remove_index(index.path)  # damage found part way: rebuilt from the files
    return _Walk(root, Index(root, memory=True), progress, deep).run()


def last_listing(root: Path) -> Listing | None:
    """The store at ``root`` as its index held it when last brought up to date, without a look at the files: a
    first page to show at once while ``listing`` brings it up to date. None where there is no index this program
    can read as it is (none yet, damaged, foreign, another version's): ``listing`` builds that one.

    Its summaries may name files since changed or gone: whatever acts on one reads the file itself.
    """
    index = Index.as_left(root)
    return Listing(index, [], 0, changed=False) if index is not None else None


def catalogue(root: Path, progress: Progress | None = None) -> Catalogue:
    """Every summary of the store at ``root`` in memory: for a store small enough, or a command that needs all."""
    found = listing(root, progress)
    try:
        return found.catalogue()
    finally:
        found.close()


def drop_index(root: Path) -> None:
    remove_index(root / INDEX_NAME)


class _Walk:
    def __init__(self, root: Path, index: Index, progress: Progress | None = None, deep: bool = True):
        self.root = root
        self.index = index
        self.deep = deep
        db = index.db
        self.runs = dict(db.execute("SELECT id, written FROM runs").fetchall())
        self.folders: dict[str, tuple[str, int]] = {
            named(name): (stamp, run) for name, stamp, run in db.execute("SELECT name, stamp, run FROM folders")
        }
        """Every folder the index has looked into (so every folder it has files of), with its stamp: "" for one
        listed every time."""
        self._files: dict[str, dict[str, _Seen]] = {}
        # Before any file is looked at: a file changed while the walk goes on is then never trusted by mistake.
        self.now = index.fs_now()
        self.problems: list[Problem] = []
        """Files that cannot be read just now (never remembered)."""
        self.read = 0
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

    def files_of(self, folder: str) -> dict[str, _Seen]:
        """What the index knew of each file of a folder: stamps only, never the summaries, and only for the folders
        looked into (a store of any size)."""
        if folder not in self._files:
            rows = self.index.db.execute("SELECT rel, stamp, run, key FROM files WHERE folder = ?", (stored(folder),))
            self._files[folder] = {named(rel): _Seen(stamp, run, key) for rel, stamp, run, key in rows}
        return self._files[folder]

    def run(self) -> Listing:
        try:
            items = list(os.scandir(self.root))  # in no order: what is read again is sorted (see _save)
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
        remove_stale_temporaries(self.hidden)
        for folder in self.folders.keys() - self.folder_rows.keys():
            self.gone += list(self.files_of(folder))
        self._save()
        return Listing(self.index, self.problems, self.read, changed=bool(self.read or self.gone))

    def _hidden(self, item: os.DirEntry[str], *, linked: bool) -> None:
        if item.name.endswith(".toml" + ICLOUD_PLACEHOLDER):
            self.problems.append(_not_downloaded(item.path))
        if linked:  # a folder reached through a link is read, never tidied: it is not the store's
            return
        self.hidden.append(item.path)
        if item.name.endswith(ROOM_SUFFIX) and not item.is_symlink():
            self.hidden.extend(room_files(item.path))  # a killed save in a room leaves its own

    def _folder(self, item: os.DirEntry[str]) -> None:
        name = item.name
        info = folder_stat(item)
        stamp = _folder_stamp(info)
        known = self.folders.get(name)
        settled = known is not None and known[0] == stamp and _settled(info, self.written(known[1]))
        if settled and (not self.deep or self._restat(name, item.path)):
            self.folder_rows[name] = stamp
            return
        linked = item.is_symlink()
        entries: list[os.DirEntry[str]] = []
        settled = True  # until something in it says it must be listed every time
        try:
            listing = list(os.scandir(item.path))
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
        self.folder_rows[name] = stamp if settled else None
        self.listed.add(name)

    def _restat(self, folder: str, path: str) -> bool:
        """The files of a folder whose stamp is unchanged, each stat'ed by name; False if one has gone after all
        (then the folder is listed)."""
        found: list[tuple[str, str, os.stat_result]] = []
        for rel in self.files_of(folder):
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
        self.gone += [rel for rel in self.files_of(folder) if rel not in seen]

    def _file(self, folder: str, path: str, rel: str, info: os.stat_result) -> None:
        stamp = _stamp(info)
        known = self.files_of(folder).get(rel)
        if known is not None and known.stamp == stamp and _settled(info, self.written(known.run)):
            return  # as the index has it
        self.read += 1
        self.unread.append((folder, path, rel, stamp))

    def _folder_changes(self) -> list[tuple[str, str]]:
        """(folder, stamp) of each folder's row to write: those listed this time with a stamp to trust, and those
        to be listed every time ("") that the index does not hold so yet."""
        changes = []
        for name, stamp in self.folder_rows.items():
            if stamp is not None:
                if name in self.listed:
                    changes.append((name, stamp))
            elif self.folders.get(name, ("?", 0))[0] != "":
                changes.append((name, ""))
        return changes

    def _save(self) -> None:
        """Write what changed: the files read again (a chunk at a time, as they are read, so a first listing of
        any size holds one chunk in memory), those gone, the folders' stamps and the partnerships touched."""
        # By path: the order problems are told in, whatever order the folders were met in.
        unread, self.unread = sorted(self.unread, key=lambda found: found[2]), []
        dropped = [n for n in self.folders if n not in self.folder_rows]  # gone
        if not (unread or self.gone or dropped or self._folder_changes()):
            return
        db = self.index.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            raise _Busy from None  # another program is writing the index for longer than we wait
        try:
            run = db.execute("INSERT INTO runs(written) VALUES (?)", (self.now,)).lastrowid
            keys = self._read_into(unread, run)
            gone = set(self.gone)
            keys |= {seen.key for files in self._files.values() for rel, seen in files.items() if rel in gone}
            db.executemany("DELETE FROM files WHERE rel = ?", [(stored(rel),) for rel in self.gone])
            db.executemany("DELETE FROM folders WHERE name = ?", [(stored(name),) for name in dropped])
            # After the reading: a folder holding a file that could not be read now is listed every time.
            db.executemany(
                "INSERT OR REPLACE INTO folders VALUES (?, ?, ?)",
                [(stored(n), st, run) for n, st in self._folder_changes()],
            )
            self.index.update_partnerships(key for key in keys if key is not None)
            # Runs no row points to any more are forgotten.
            db.execute("DELETE FROM runs WHERE id NOT IN (SELECT run FROM files UNION SELECT run FROM folders)")
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise _Busy from None  # the disk full, say: the listing is made in memory instead

    def _read_into(self, unread: list[tuple[str, str, str, str]], run: int | None) -> set[str | None]:
        """Read every file the walk found changed into the open write, saying how far; the partnerships touched."""
        keys: set[str | None] = set()
        done = 0
        for start, reads in _in_chunks([path for _, path, _, _ in unread]):
            rows = []
            for (folder, _path, rel, stamp), (columns, problems, remember) in zip(
                unread[start : start + len(reads)], reads, strict=True
            ):
                keys.add(self.files_of(folder).get(rel, _Seen("", 0, None)).key)  # where it was listed before
                if not remember:
                    # Not remembered: a file that cannot be read now may be readable next time, so its folder is
                    # listed next time too (the file may not change in a way its folder's stamp shows).
                    self.problems.extend(problems)
                    self.gone.append(rel)
                    self.folder_rows[folder] = None
                elif columns is None:
                    problems_json = json.dumps([p.__dict__ for p in problems])  # escaped: a path may not be text
                    rows.append((stored(rel), stored(folder), stamp, run, *([None] * 5), "", None, problems_json))
                else:
                    keys.add(columns[0])
                    rows.append((stored(rel), stored(folder), stamp, run, *columns, None))
            self.index.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            done += len(reads)
            if self.progress is not None:
                self.progress(done, len(unread))
        return keys


Columns = tuple[str, str, str, str, str, str, str]
"""A review's row in the index past its file's own columns: its partnership key, review date, when it was
started, id, status, the review it copies ("" if none) and its summary as JSON."""

Read = tuple[Columns | None, list[Problem], bool]
"""What reading one file gave: its row's columns, or its problems; and whether to remember it (a file that
cannot be read now is not remembered: it may be readable next time)."""


def _summarise(path: str) -> Read:
    from maturitytui.store.session_files import session_from_toml  # the models load only when a file is read again

    try:
        raw = read_regular(path)
    except FileRefused as exc:
        return None, [Problem(str(path), "", exc.message, exc.fix)], False
    except OSError as exc:
        problem = Problem(
            str(path), "", f"cannot be read ({exc.strerror or exc})", "check the file's owner and permissions"
        )
        return None, [problem], False
    try:
        summary = SessionSummary.of(path, session_from_toml(raw, str(path)))
    except SessionError as exc:
        return None, list(exc.problems), True
    except Exception as exc:  # one strange file must never stop the rest
        problem = Problem(
            str(path), "", f"could not be read ({type(exc).__name__}: {exc})", "check the file; it has not been changed"
        )
        return None, [problem], True
    data = json.dumps(summary.to_json(), separators=(",", ":"))  # escaped: SQLite keeps text
    order = (summary.review_date.isoformat(), summary.created.isoformat(), summary.id)
    return (summary.key, *order, summary.status, summary.copy_of, data), [], True


def _summarise_many(paths: list[str]) -> list[Read]:
    return [_summarise(path) for path in paths]


def _in_chunks(paths: list[str]) -> Iterator[tuple[int, list[Read]]]:
    """``_summarise`` of each path, a chunk at a time with the index of its first path: by a process per core
    where there are many and processes can be started here, else in this one."""
    if len(paths) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        done: set[int] = set()
        try:
            _tracker_started()
            for start, reads in _in_processes(paths, multiprocessing.get_context("spawn"), ProcessPoolExecutor):
                done.add(start)
                yield start, reads
            return
        except (BrokenProcessPool, OSError, RuntimeError, ValueError):
            pass  # read here what the processes did not
        for start in range(0, len(paths), CHUNK):
            if start not in done:
                yield start, _summarise_many(paths[start : start + CHUNK])
        return
    for start in range(0, len(paths), CHUNK):
        yield start, _summarise_many(paths[start : start + CHUNK])


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


def _in_processes(paths: list[str], context: Any, pool_type: Any) -> Iterator[tuple[int, list[Read]]]:
    from concurrent.futures import FIRST_COMPLETED, wait

    workers = min(os.cpu_count() or 2, 8)
    starts = iter(range(0, len(paths), CHUNK))
    # Spawned, not forked: the app lists from a thread, and a fork of a process with threads can deadlock.
    with pool_type(max_workers=workers, mp_context=context, initializer=_quiet) as pool:
        # A few chunks in hand at a time, so that what is read waits for its turn in the processes, not in memory.
        running = {pool.submit(_summarise_many, paths[n : n + CHUNK]): n for n in itertools.islice(starts, 2 * workers)}
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                yield running.pop(future), future.result()
                for n in itertools.islice(starts, 1):
                    running[pool.submit(_summarise_many, paths[n : n + CHUNK])] = n
