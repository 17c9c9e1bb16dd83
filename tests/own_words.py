"""Runs of words a text shares with the source documents: the check that the rubric is written in the project's
own words (no run of seven or more words copied from a seed; names and short facts may repeat).

The seeds are not shipped. What the check needs of them is a fingerprint of every run of seven words, kept in
``tests/data/seed_runs.bin`` and made from the seed texts by ``python tests/own_words.py SEEDS_DIR``;
the text itself cannot be read back from it.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN = 7
"""The shortest run of shared words that counts as copied."""

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

NAMES = frozenset({"cite", "citation", "source", "title", "other_titles", "source_titles", "dimensions", "added_by"})
"""Keys whose values are names or references, which may repeat the sources (a document's title, a strand's name,
Covey's named dimensions)."""


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def fingerprint(run: Iterable[str]) -> bytes:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=8).digest()


def runs(text: str) -> Iterator[tuple[str, bytes]]:
    """Each run of ``RUN`` words in ``text``, with its fingerprint."""
    w = words(text)
    for i in range(len(w) - RUN + 1):
        yield " ".join(w[i : i + RUN]), fingerprint(w[i : i + RUN])


def seed_fingerprints(texts: Iterable[str]) -> set[bytes]:
    return {f for text in texts for _, f in runs(text)}


def texts_of(data: object, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string in nested data with the key it is under, less names and references (``NAMES``)."""
    if key in NAMES:
        return
    if isinstance(data, str):
        yield key, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from texts_of(v, str(k))
    elif isinstance(data, list):
        for v in data:
            yield from texts_of(v, key)


def copied(text: str, seen: set[bytes]) -> str:
    """The first run of ``text`` that is in the seeds, or empty."""
    return next((run for run, f in runs(text) if f in seen), "")


def main(argv: list[str]) -> int:  # pragma: no cover - run by hand when the seeds change
    folder, target = Path(argv[0]), Path(argv[1]) if len(argv) > 1 else Path("tests/data/seed_runs.bin")
    found = seed_fingerprints(p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt")))
    target.write_bytes(b"".join(sorted(found)))
    print(f"{target}: {len(found)} runs of {RUN} words from {folder}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
