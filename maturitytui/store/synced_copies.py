"""Copies a sync client leaves beside a review, read as the copies they are.

A store kept in a folder that OneDrive, Dropbox, iCloud Drive, Google Drive, Nextcloud or Syncthing syncs
can have one review changed on two laptops before they sync. The client then keeps both: the second version
goes beside the first under a changed name (``2026-06-18-a90b44-DESKTOP-7H3K2LP.toml``,
``… (Kim's conflicted copy 2026-06-18).toml``, ``… 2.toml``), holding the same review, id and all. Read as a
review, it would be counted twice; so a file holding a review under a name other than the review's own, made
from it by adding to the end, is a copy of that review, as a copy that git sharing keeps is (``copies.py``):
listed with its review, named, resolvable, and never counted on its own. Its file is never renamed or changed
here: the client may still be working on it.
"""

from __future__ import annotations

import re
from os import PathLike, fspath
from pathlib import PurePath
from typing import TYPE_CHECKING

from maturitytui.store.portable import portable_name

if TYPE_CHECKING:
    from maturitytui.model.session import CopyNote, Session

_WHO = r"(?P<who>[^\x00-\x1f\x7f()/\\]{1,60}?)"
"""A person's or computer's name in a copy's file name: short, and said only if every character of it is
printable (see ``synced_source``)."""

_SUFFIXES: list[tuple[re.Pattern[str], str]] = [
    # Dropbox: "name (Kim Lee's conflicted copy 2026-06-18)"; Nextcloud and older clients: "(conflicted copy …)".
    (re.compile(rf" \({_WHO}'s conflicted copy(?: [0-9][0-9 -]*)?\)( \(\d+\))?"), "{who}'s Dropbox"),
    (re.compile(r" \((?:[^()]* )?conflicted copy[^()]*\)( \(\d+\))?"), "a sync client"),
    # Syncthing: "name.sync-conflict-20261206-101010-ABCDEF1"
    (re.compile(r"\.sync-conflict-\d{8}-\d{6}-(?P<who>[A-Z0-9]{7})"), "Syncthing device {who}"),
    # Windows Explorer and the macOS Finder, when a file is copied by hand in the same folder.
    (re.compile(r" - Copy( \(\d+\))?"), "Windows Explorer"),
    (re.compile(r" copy( \d+)?"), "the Finder"),
    # Google Drive, OneDrive and others: "name (1)"; iCloud Drive: "name 2".
    (re.compile(r" \(\d+\)"), "a synced folder"),
    (re.compile(r" \d+"), "iCloud Drive"),
    # OneDrive: "name-DESKTOP-7H3K2LP", the computer's name (at most 15 characters, in capitals as Windows
    # gives it) after a hyphen; "name-final", typed by a person, is a review renamed.
    (re.compile(r"-(?P<who>[A-Z0-9][A-Z0-9-]{0,14})"), "OneDrive on {who}"),
]


def synced_source(file_name: str, review_id: str) -> str | None:
    """Where the file ``file_name`` holding review ``review_id`` came from, in words, if it is a copy; else None.

    A copy's name is the review's own with what a sync client adds (or a file manager, copying in place) before
    ``.toml``; what was added says which client made it, and where it says whose machine, that too. Any other
    name (a review renamed by hand: ``… backup.toml``, ``…-final.toml``) is the review itself.
    """
    stem = file_name.removesuffix(".toml")
    own = portable_name(review_id)
    if stem in (own, review_id):
        return None
    added = next((stem[len(base) :] for base in (own, review_id) if stem.startswith(base)), None)
    if not added:
        return None
    for pattern, words in _SUFFIXES:
        if match := pattern.fullmatch(added):
            who = " ".join((match.groupdict().get("who") or "").split())
            if "{who}" in words and not who.isprintable():
                return "a sync client"  # a control, a direction mark or a byte no encoding has: not shown
            return words.format(who=who)
    return None


def copy_note(path: str | PathLike[str], session: Session) -> CopyNote | None:
    """The note saying whose copy the file at ``path`` is: the one it carries (git's copies), or one made from
    its name if a sync client left it (dated by the copy's own last save); None for a review."""
    if session.copy_of is not None:
        return session.copy_of
    source = synced_source(PurePath(fspath(path)).name, session.id)
    if source is None:
        return None
    from maturitytui.model.session import CopyNote

    return CopyNote(review=session.id, source=source, made=session.updated.date())
