"""Writing files so that a crash, a kill or a full disk never leaves half a file.

The bytes go to a temporary file in the same folder, are flushed and fsynced,
and the temporary file is renamed over the target in one step; the folder is
fsynced so the rename itself survives a power cut. Files are created 0600 and
folders 0700: sessions can hold sensitive judgements. How each step is done on
Windows, macOS and Linux is ``portable``'s.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from maturitytui.store.portable import flush, flush_folder, make_private, replace

TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""The name of a temporary file ``atomic_write`` makes: ``.<target's name>.`` and mkstemp's eight characters."""

STALE_AFTER_NS = 60 * 10**9
"""A temporary file untouched this long is no save in progress: a save writes and renames it in a moment."""


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents, each readable by the owner only."""
    missing = []
    for candidate in (path, *path.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        make_private(folder)
        flush_folder(folder.parent)  # so the new folder itself survives a power cut


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically. On any error the old file is untouched."""
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # see TEMPORARY
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            flush(handle.fileno())
        replace(tmp, path)  # a replace another program denies for a moment is tried again
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    flush_folder(path.parent)


ROOM_SUFFIX = ".room"
"""A review's room folder (``room/layout.py``): swept of stale temporaries with the store."""


def room_files(folder: str) -> list[str]:
    """The paths in a room folder and its responses folder, never following a link: where a killed save in a
    room leaves its temporary files."""
    found: list[str] = []
    for place in (folder, os.path.join(folder, "responses")):
        try:
            with os.scandir(place) as items:
                found += [item.path for item in items if not item.is_symlink()]
        except OSError:
            continue
    return found


def remove_stale_temporaries(paths: Iterable[str]) -> None:
    """Remove temporary files (``TEMPORARY``) a killed save left in their folders, once they are stale.

    Their age is measured on the file system's clock, by a file made in the same folder now: the program's
    clock may be set elsewhere (tests, demonstrations), and a save in progress in another program must never
    lose its file. A folder that cannot be written keeps its files: nothing could be removed from it anyway.
    """
    by_folder: dict[str, list[str]] = {}
    for path in paths:
        if TEMPORARY.fullmatch(os.path.basename(path)):
            by_folder.setdefault(os.path.dirname(path), []).append(path)
    for folder, leftovers in by_folder.items():
        try:
            # Named as atomic_write's own: if this program is killed before removing it, it goes next time.
            fd, probe = tempfile.mkstemp(prefix=".now.", suffix=".tmp", dir=folder)
        except OSError:
            continue
        try:
            now = os.fstat(fd).st_mtime_ns
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(probe)
        for path in leftovers:
            with contextlib.suppress(OSError):  # gone already (another program swept it), or not ours to remove
                if now - os.stat(path).st_mtime_ns > STALE_AFTER_NS:
                    os.unlink(path)
