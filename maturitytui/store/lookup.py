"""Finding a partnership or a review from what a user types on the command line.

A review can be named by its file, its id, or any part of its id that only it
has; a partnership by its folder, its name (any case) or any part of its name
that only it has. A part of review ids shared by several reviews of one
partnership names that partnership (``demo`` names the demo partnership).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from maturitytui.model.errors import Problem, SessionError
from maturitytui.store.index import Catalogue, Listing, SessionSummary
from maturitytui.store.names import partnership_key


class Listed(Protocol):
    """What finding needs of a review: a SessionSummary, or the index's few columns of one (``Entry``)."""

    @property
    def key(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def partnership(self) -> str: ...
    @property
    def path(self) -> Path: ...


L = TypeVar("L", bound=Listed)


@dataclass(frozen=True)
class Entry:
    """A review as the index lists it for finding: no summary read."""

    file: str
    key: str
    id: str
    partnership: str

    @property
    def path(self) -> Path:
        return Path(self.file)


def entries(listing: Listing) -> dict[str, list[Entry]]:
    """Every partnership's reviews (copies aside) as ``Entry``s in date order: a few short strings each, so a
    store of any size is searched without its summaries in memory."""
    names = listing.names()
    groups: dict[str, list[Entry]] = {}
    for path, key, review_id in listing.review_ids():
        groups.setdefault(key, []).append(Entry(path, key, review_id, names[key]))
    return groups


def find_listed(listing: Listing, words: str, *, want: str = "either", store: str = "the session store") -> Found:
    """``find``, from the index a page at a time: only the partnership found has its summaries read."""
    key, review = _find(entries(listing), words, want=want, store=store)
    summaries = listing.reviews(key)
    return Found(summaries, next((s for s in summaries if s.id == review), None) if review else None)


@dataclass(frozen=True)
class Found:
    """What the words named: one review, or every review of one partnership (in date order)."""

    summaries: list[SessionSummary]
    review: SessionSummary | None = None

    @property
    def partnership(self) -> str:
        return self.summaries[-1].partnership


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def find(catalogue: Catalogue, words: str, *, want: str = "either", store: str = "the session store") -> Found:
    """Resolve ``words`` to a review or a partnership; ``want`` is "review", "partnership" or "either"."""
    groups = catalogue.partnerships()
    key, review = _find(groups, words, want=want, store=store)
    return Found(groups[key], next((s for s in groups[key] if s.id == review), None) if review else None)


def _find(groups: dict[str, list[L]], words: str, *, want: str, store: str) -> tuple[str, str | None]:
    """The partnership (its key) and the review (its id, or None) ``words`` name, among ``groups``."""
    everyone = [s for items in groups.values() for s in items]
    text = words.strip()
    folded = partnership_key(text)

    def review(summary: L) -> tuple[str, str | None]:
        return summary.key, None if want == "partnership" else summary.id

    # Paths are compared only for words that look like one: resolving 10,000 paths costs a third of a second.
    if os.sep in text or (os.altsep and os.altsep in text) or text.endswith(".toml"):
        path = _resolved(Path(text))
        # Each folder resolved once: a file is found as its resolved folder and its own name.
        folders_resolved = {folder: _resolved(folder) for folder in {s.path.parent for s in everyone}}
        for summary in everyone:
            if folders_resolved[summary.path.parent] / summary.path.name == path:
                return review(summary)
        folders = {s.key for s in everyone if folders_resolved[s.path.parent] == path}
    else:
        folders = {s.key for s in everyone if s.path.parent.name == text}
    if len(folders) == 1 and want != "review":
        return folders.pop(), None

    exact = [s for s in everyone if s.id == text]
    if len(exact) == 1:
        return review(exact[0])
    if want != "review":
        if folded in groups:
            return folded, None
        called = [key for key in groups if folded and folded in key]
        if len(called) == 1:
            return called[0], None
        if len(called) > 1:
            raise _ambiguous(words, [groups[k][-1].partnership for k in called], "partnerships")
    by_id = [s for s in everyone if folded and folded in s.id.casefold()]
    if len(by_id) == 1:
        return review(by_id[0])
    if by_id and len({s.key for s in by_id}) == 1 and want != "review":
        return by_id[0].key, None
    if by_id:
        raise _ambiguous(words, [f"{s.id} ({s.partnership})" for s in by_id], "reviews")
    kind = {"review": "review", "partnership": "partnership"}.get(want, "partnership or review")
    known = ", ".join(items[-1].partnership for items in groups.values()) or "none yet"
    give = {
        "review": "give a review's id (or a unique part of it) or its session file",
        "partnership": "give a partnership's name (or a unique part of it) or its folder",
    }.get(want, "give a partnership's name, a review's id or a session file")
    raise SessionError([Problem(store, "", f"no {kind} matches '{words}'", f"{give}; partnerships: {known}")])


def partnership_to_review(catalogue: Catalogue | Listing, words: str) -> str | None:
    """The partnership ``maturitytui review WORDS`` names, as its reviews spell it; None if it names none (a new one).

    As ``find`` does: the name itself (any case or spacing) or its folder first, then a part of one name only
    it has. Unlike ``find``, the part must begin a word of the name ("three rivers", "rivers", "riv"), never
    start inside one: words that name nothing start a new partnership, so a chance run of letters inside
    another partnership's name must not open its review instead.
    """
    groups: dict[str, list[Entry]] | dict[str, list[SessionSummary]] = (
        catalogue.partnerships() if isinstance(catalogue, Catalogue) else entries(catalogue)
    )
    text = words.strip()
    folded = partnership_key(text)
    if not folded:
        return None
    if folded in groups:
        return groups[folded][-1].partnership
    folders = {s.key for items in groups.values() for s in items if s.path.parent.name == text}
    if len(folders) == 1:
        return groups[folders.pop()][-1].partnership
    starts_a_word = re.compile(r"(?<!\w)" + re.escape(folded))
    named = [key for key in groups if starts_a_word.search(key)]
    if len(named) > 1:
        raise _ambiguous(
            words,
            [groups[k][-1].partnership for k in named],
            "partnerships",
            "give more of the name; for a new partnership with a name like these, start it in `maturitytui` (p)",
        )
    return groups[named[0]][-1].partnership if named else None


def _ambiguous(words: str, matches: list[str], what: str, fix: str = "give more of the name or id") -> SessionError:
    shown = "; ".join(matches[:8]) + ("; …" if len(matches) > 8 else "")
    return SessionError([Problem(words, "", f"'{words}' matches {len(matches)} {what}: {shown}", fix)])
