"""Reading TOML files, with errors that name the file and the line."""

from __future__ import annotations

import tomllib
from pathlib import Path

from maturitytui.model.errors import MaturityError, Problem, toml_problem
from maturitytui.model.file_reading import TOML_LIMIT, FileRefused, read_regular


def read_toml(path: Path, error: type[MaturityError] = MaturityError, limit: int = TOML_LIMIT) -> dict[str, object]:
    """Parse one TOML file (a regular file of at most ``limit`` bytes). Never writes, never waits on a named pipe;
    raises ``error`` with the place on failure."""
    try:
        raw = read_regular(path, limit)
    except FileRefused as exc:
        raise error([Problem(str(path), "", exc.message, exc.fix)]) from None
    except FileNotFoundError:
        raise error([Problem(str(path), "", "the file does not exist", "check the path")]) from None
    except IsADirectoryError:
        raise error([Problem(str(path), "", "this is a folder, not a file", "give the path of a .toml file")]) from None
    except PermissionError:
        raise error(
            [Problem(str(path), "", "permission denied when reading", "check the file's owner and permissions")]
        ) from None
    except OSError as exc:
        raise error(
            [Problem(str(path), "", f"cannot be read ({exc.strerror or exc})", "check the disk and the path")]
        ) from None
    return parse_toml(raw, str(path), error)


def parse_toml(raw: bytes, source: str, error: type[MaturityError] = MaturityError) -> dict[str, object]:
    """Parse TOML bytes, reporting bad UTF-8 and syntax errors by line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            [
                Problem(
                    source,
                    f"line {line}",
                    "the file is not UTF-8 text",
                    "save it as UTF-8; the file has not been changed",
                )
            ]
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error([toml_problem(source, exc, text)]) from None
    except RecursionError:
        raise error(
            [
                Problem(
                    source,
                    "",
                    "the file is nested too deeply to read",
                    "this is not a file maturitytui wrote; check where it came from",
                )
            ]
        ) from None
