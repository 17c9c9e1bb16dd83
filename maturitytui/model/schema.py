"""What every model of a rubric file shares: unknown keys refused, lists of distinct names, distinct ids."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

Id = str


class Model(BaseModel):
    """A part of a rubric file: a key it does not know is an error, never ignored."""

    # Field docstrings document the file format for readers; reading them at
    # import time (use_attribute_docstrings) would cost start-up time.
    model_config = ConfigDict(extra="forbid")


def clean_list(values: list[str], what: str) -> list[str]:
    cleaned = [v.strip() for v in values]
    if any(not v for v in cleaned):
        raise ValueError(f"{what} must not be empty")
    seen: set[str] = set()
    for v in cleaned:
        key = " ".join(v.casefold().split())
        if key in seen:
            raise ValueError(f"{what} repeats {v!r}; each must be distinct")
        seen.add(key)
    return cleaned


def duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    dups = []
    for i in ids:
        if i in seen and i not in dups:
            dups.append(i)
        seen.add(i)
    return dups


def distinct_ids(ids: list[str], what: str) -> None:
    if dups := duplicates(ids):
        raise ValueError(f"the {what} id '{dups[0]}' is used twice; give each {what} its own id")
