"""Upgrading session files written by older versions.

Each entry turns the raw data of format N into format N + 1; they run in a
chain on load, in memory only, so the file on disk is untouched until the
user's next answer saves it in the current format.
"""

from __future__ import annotations

from collections.abc import Callable

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.session_format import SCHEMA_VERSION

Migration = Callable[[dict[str, object]], dict[str, object]]


def _one_to_two(data: dict[str, object]) -> dict[str, object]:
    # Format 2 added fields that all have defaults: the rubric's strand names, and
    # where a next step was carried from. A format 1 file reads as it is.
    return data


MIGRATIONS: dict[int, Migration] = {1: _one_to_two}
"""Format N → the function that upgrades it to N + 1. Format 1 is the first."""


def migrate(data: dict[str, object], source: str) -> dict[str, object]:
    version = data.get("schema_version")
    if version is None:
        raise SessionError(
            [
                Problem(
                    source,
                    "schema_version",
                    "the file has no schema_version",
                    f"if this is a maturitytui session, add schema_version = {SCHEMA_VERSION} at the top",
                )
            ]
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise SessionError(
            [
                Problem(
                    source,
                    "schema_version",
                    f"{version!r} is not a format number",
                    f"use schema_version = {SCHEMA_VERSION}",
                )
            ]
        )
    if version > SCHEMA_VERSION:
        raise SessionError(
            [
                Problem(
                    source,
                    "schema_version",
                    f"written by a newer maturitytui (format {version}; this one reads up to {SCHEMA_VERSION})",
                    "upgrade maturitytui to open it",
                )
            ]
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SessionError(
                [
                    Problem(
                        source,
                        "schema_version",
                        f"format {version} is no longer supported",
                        "open it with an older maturitytui and save it again",
                    )
                ]
            )
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data
