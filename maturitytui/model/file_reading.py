"""Reading a file that any program or person may have put there: a regular file of a sensible size, or a refusal.

A named pipe (FIFO) opened the ordinary way waits for a writer for ever, and a 100 MB file named like a review
costs a minute and hundreds of megabytes to parse. Files are opened without waiting, checked on the open handle
(so a swap between the check and the read cannot slip past), and read no further than the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

TOML_LIMIT = 4 * 2**20
"""The largest TOML file read: a review, a rubric, a plugin's change file, a room's file. A facilitated review of
a room of 40 with every strand's evidence written is under 200 KB; the 2012 rubric is under 100 KB."""

SMALL_LIMIT = 64 * 2**10
"""A partnership's marker or a lock's note: a line of JSON."""

_MOVE_IT = "move it out of the folder; only regular files are read"
_KINDS = (
    (stat.S_ISDIR, "this is a folder, not a file", "give the path of a file"),
    (stat.S_ISFIFO, "this is a named pipe (FIFO), not a file", _MOVE_IT),
    (stat.S_ISSOCK, "this is a socket, not a file", _MOVE_IT),
    (stat.S_ISCHR, "this is a device, not a file", _MOVE_IT),
    (stat.S_ISBLK, "this is a device, not a file", _MOVE_IT),
)


_TOO_LARGE_FIX = (
    "no review, rubric or plugin file is this large: check where it came from, and move it out of the folder"
)


class FileRefused(ValueError):
    """A file that is not read: not a regular file, or larger than the limit. Its message says which."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


def size_words(size: int) -> str:
    """ "4 MB", "4.02 MB", "64 KB": enough figures that a file just over a limit does not read as equal to it."""
    if size >= 2**20:
        return f"{size / 2**20:.2f}".rstrip("0").rstrip(".") + " MB"
    return f"{max(size // 2**10, 1)} KB"


def read_regular(path: Path | str, limit: int = TOML_LIMIT) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; ``FileRefused`` if it is not,
    ``OSError`` if it cannot be opened or read."""
    return read_regular_stat(path, limit)[0]


def read_regular_stat(path: Path | str, limit: int = TOML_LIMIT) -> tuple[bytes, os.stat_result]:
    """``read_regular``, with the file's stat as it was read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        for is_kind, words, fix in _KINDS:
            if is_kind(info.st_mode):
                raise FileRefused(words, fix)
        if info.st_size > limit:
            raise FileRefused(
                f"the file is {size_words(info.st_size)}, more than the {size_words(limit)} such a file can be",
                _TOO_LARGE_FIX,
            )
        chunks, left = [], limit + 1  # one byte more than allowed tells a file that grew since the check
        while left > 0 and (chunk := os.read(fd, min(left, 2**20))):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise FileRefused(
                f"the file is more than the {size_words(limit)} such a file can be",
                _TOO_LARGE_FIX,
            )
        return data, info
    finally:
        os.close(fd)


FileStamp = tuple[int, int, int]
"""Size, modification time (ns) and inode (from ``os.stat``, which has it on every platform): a file only ever
replaced whole is the same while these are."""


def file_stamp(path: Path | str) -> FileStamp | None:
    """The file's stamp, or None if it cannot be looked at (gone, say)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino
