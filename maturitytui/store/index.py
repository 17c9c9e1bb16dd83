"""A summary index beside the session store, so a store of thousands of reviews lists in a moment.

Parsing 10,000 TOML files takes seconds; reading one JSON file of summaries
and checking each session file's size and modification time takes a small
fraction of that. The index is never trusted blindly: every entry is checked
against its file, and whatever changed (edited, added, removed, damaged) is
read again. It is always safe to delete ``.index.json``: it is rebuilt on the
next listing. A store that cannot be written is simply listed without saving
the index.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.file_reading import INDEX_LIMIT, FileRefused, read_regular, read_regular_stat
from maturitytui.model.order import review_order
from maturitytui.model.session_format import NOT_APPLICABLE, SCHEMA_VERSION
from maturitytui.store.atomic import atomic_write
from maturitytui.store.names import partnership_key

if TYPE_CHECKING:
    from maturitytui.model.session import Cell, Session

INDEX_NAME = ".index.json"
INDEX_FORMAT = 4
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


def _header() -> dict[str, object]:
    from maturitytui import __version__

    # Another program version may summarise differently: its index is rebuilt, not misread.
    return {"format": INDEX_FORMAT, "program": __version__, "schema": SCHEMA_VERSION}


def _read_index(root: Path) -> tuple[dict[str, object], int]:
    """The index's entries and when it was written (ns), or nothing if it is missing, damaged or foreign.

    When it was written is the index file's own modification time: the file system's clock, the same one
    that stamps the session files it is compared with (the program's clock may be set elsewhere).
    """
    try:
        raw, info = read_regular_stat(root / INDEX_NAME, INDEX_LIMIT)  # never waits on a pipe put in its place
        written = info.st_mtime_ns
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):  # FileRefused is a ValueError: a damaged index is read again from the files
        return {}, 0
    if not isinstance(data, dict) or any(data.get(k) != v for k, v in _header().items()):
        return {}, 0
    files = data.get("files")
    if not isinstance(files, dict):
        return {}, 0
    return files, written


RACY_NS = 2_000_000_000
"""A file changed within this long of the index being written is read again: its time may not show a second edit."""


def _stamp(stat: os.stat_result) -> list[int]:
    # ctime changes with every write and cannot be set back by tools that keep mtime
    # (cp -p, rsync -t, tar); the inode changes with every atomic save.
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev, stat.st_mode]


def catalogue(root: Path, entries: Iterable[tuple[str, str, os.stat_result]]) -> Catalogue:
    """Summaries of the session files ``entries`` (path, path below ``root``, stat) of the store at ``root``,
    from the index where it still matches the files."""
    old, written = _read_index(root)
    new: dict[str, object] = {}
    result = Catalogue()
    changed = False
    for path, rel, stat in entries:
        stamp = _stamp(stat)
        entry = old.get(rel)
        if (
            isinstance(entry, dict)
            and entry.get("stamp") == stamp
            and stat.st_mtime_ns < written - RACY_NS
            and stat.st_ctime_ns < written - RACY_NS
        ):
            try:
                if "problems" in entry:
                    result.problems.extend(Problem(**p) for p in entry["problems"])
                else:
                    result.summaries.append(SessionSummary.from_json(path, entry["summary"]))
                new[rel] = entry
                continue
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # a damaged entry: read the file again
        changed = True
        result.read += 1
        from maturitytui.store.session_files import session_from_toml  # the models load only when a file is read again

        try:
            raw = read_regular(path)
        except FileRefused as exc:
            result.problems.append(Problem(str(path), "", exc.message, exc.fix))
            continue
        except OSError as exc:
            # Not remembered: a file that cannot be read now (permissions, a disk error) may be readable next time.
            result.problems.append(
                Problem(
                    str(path), "", f"cannot be read ({exc.strerror or exc})", "check the file's owner and permissions"
                )
            )
            continue
        try:
            summary = SessionSummary.of(path, session_from_toml(raw, str(path)))
        except SessionError as exc:
            result.problems.extend(exc.problems)
            new[rel] = {"stamp": stamp, "problems": [p.__dict__ for p in exc.problems]}
        except Exception as exc:  # one strange file must never stop the rest
            problem = Problem(
                str(path),
                "",
                f"could not be read ({type(exc).__name__}: {exc})",
                "check the file; it has not been changed",
            )
            result.problems.append(problem)
            new[rel] = {"stamp": stamp, "problems": [problem.__dict__]}
        else:
            result.summaries.append(summary)
            new[rel] = {"stamp": stamp, "summary": summary.to_json()}
    if changed or set(new) != set(old):
        _write_index(root, new)
    return result


def _write_index(root: Path, files: dict[str, object]) -> None:
    if not root.is_dir():
        return
    data = {**_header(), "files": files}
    # A read-only store, or a file name that is not text: listed all the same, without saving the index.
    with contextlib.suppress(OSError, ValueError):
        atomic_write(root / INDEX_NAME, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def drop_index(root: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(root / INDEX_NAME)
