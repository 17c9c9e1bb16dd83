"""The copies a sync client (OneDrive, Dropbox, iCloud Drive, …) leaves beside a review: recognised by name,
kept, named, resolvable, and never counted as reviews of their own."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime

import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from maturitytui.model.session import CopyNote
from maturitytui.store.copies import differences, pair, resolve
from maturitytui.store.index import listing
from maturitytui.store.index_db import Listing
from maturitytui.store.names import partnership_key
from maturitytui.store.portable import short_digest
from maturitytui.store.synced_copies import synced_source

REVIEW = "2026-06-18-demo02"
KEY = partnership_key("Harbourside Learning Partnership")


@pytest.mark.parametrize(
    ("name", "source"),
    [
        (f"{REVIEW}-DESKTOP-7H3K2LP.toml", "OneDrive on DESKTOP-7H3K2LP"),
        (f"{REVIEW}-KIMS-LAPTOP.toml", "OneDrive on KIMS-LAPTOP"),
        (f"{REVIEW} (Kim Lee's conflicted copy 2026-06-18).toml", "Kim Lee's Dropbox"),
        (f"{REVIEW} (Kim Lee's conflicted copy 2026-06-18) (1).toml", "Kim Lee's Dropbox"),
        (f"{REVIEW} (conflicted copy 2026-06-18 101512).toml", "a sync client"),
        (f"{REVIEW} (Sam's MacBook Air conflicted copy).toml", "a sync client"),
        (f"{REVIEW}.sync-conflict-20261206-101512-ABCDEF1.toml", "Syncthing device ABCDEF1"),
        (f"{REVIEW} (1).toml", "a synced folder"),
        (f"{REVIEW} 2.toml", "iCloud Drive"),
        (f"{REVIEW} - Copy.toml", "Windows Explorer"),
        (f"{REVIEW} - Copy (2).toml", "Windows Explorer"),
        (f"{REVIEW} copy.toml", "the Finder"),
        (f"{REVIEW} copy 3.toml", "the Finder"),
        (f"{REVIEW} (\x1b[31mred's conflicted copy).toml", "a sync client"),
        (f"{REVIEW} (K\udcffm's conflicted copy 2026-06-18).toml", "a sync client"),  # a byte no encoding has
        (f"{REVIEW} (\u202eKim's conflicted copy 2026-06-18).toml", "a sync client"),  # turns text around
        (f"{REVIEW} (Kim\x9bs's conflicted copy).toml", "a sync client"),
    ],
)
def test_each_clients_copies_are_known_by_name(name, source):
    assert synced_source(name, REVIEW) == source


@pytest.mark.parametrize(
    ("name", "review_id"),
    [
        (f"{REVIEW}.toml", REVIEW),
        ("harbourside-summer-review.toml", REVIEW),  # renamed by hand: the review itself
        (f"CON__{short_digest('CON')}.toml", "CON"),  # saved under the name Windows accepts
        ("CON.toml", "CON"),
        (f"{REVIEW}-2.toml", f"{REVIEW}-2"),  # another review whose id starts with this one's
        (f"{REVIEW}-final.toml", REVIEW),  # renamed by a person: still the review
        (f"{REVIEW} backup.toml", REVIEW),
        (f"{REVIEW}~old.toml", REVIEW),
    ],
)
def test_a_review_under_its_own_name_is_no_copy(name, review_id):
    assert synced_source(name, review_id) is None


ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}", fullmatch=True)


@given(ids, st.text(min_size=1, max_size=120).filter(lambda t: "/" not in t))
def test_whatever_a_copy_is_named_its_source_is_short_plain_words(review_id, added):
    source = synced_source(f"{review_id}{added}.toml", review_id)
    if source is not None:
        assert source.isprintable()  # a name from the file system is shown, never obeyed
        assert 0 < len(source) <= 200  # what a copy's note holds
        CopyNote(review=review_id, source=source, made=date(2026, 6, 18))  # and a note can hold it


def _copy_as(store, name: str, change: str | None = "Embedding"):
    """The demo's newest review copied byte for byte to ``name`` beside it, then changed on "the other laptop"."""
    folder = store.folder_for("Harbourside Learning Partnership")
    review = folder / f"{REVIEW}.toml"
    copy = folder / name
    shutil.copyfile(review, copy)
    if change:
        session = store.load(copy)
        session.answer("jpd").choose_stage(change)
        session.updated = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
        store.save(session, copy, stamp=False)
    return review, copy


def test_copies_in_a_synced_folder_are_listed_with_their_review_and_never_counted(demo_store):
    before = listing(demo_store.root)
    reviews = len(before.reviews(KEY))
    _copy_as(demo_store, f"{REVIEW}-DESKTOP-7H3K2LP.toml")
    _copy_as(demo_store, f"{REVIEW} (Kim Lee's conflicted copy 2026-06-18).toml", "Beginning")
    review, _ = _copy_as(demo_store, f"{REVIEW} 2.toml", None)
    saved = demo_store.load(review).updated  # a copy left as it was is dated by the review's own last save
    after = listing(demo_store.root)
    assert after.review_count() == reviews + 3  # every file is counted, the copies apart
    assert [s.id for s in after.reviews(KEY)] == [s.id for s in before.reviews(KEY)]
    assert sorted(c.copy_words for c in after.copies(KEY)) == [
        "copy from Kim Lee's Dropbox, 20 Nov 2026",
        "copy from OneDrive on DESKTOP-7H3K2LP, 20 Nov 2026",
        f"copy from iCloud Drive, {saved.day} {saved:%b %Y}",
    ]
    assert {c.copy_of for c in after.copies(KEY)} == {REVIEW}
    catalogue = after.catalogue()
    assert len(catalogue.partnerships()[KEY]) == reviews
    assert len(catalogue.copies()) == 3


def test_sessions_list_says_which_files_are_copies(demo_store, capsys):
    _copy_as(demo_store, f"{REVIEW}-DESKTOP-7H3K2LP.toml")
    code, out, _err = run_cli(capsys, "--sessions", str(demo_store.root), "sessions", "list")
    assert code == 0
    line = next(row for row in out.splitlines() if "DESKTOP-7H3K2LP" in row)
    assert f"copy from OneDrive on DESKTOP-7H3K2LP, 20 Nov 2026 of {REVIEW}" in line


def test_a_synced_copy_resolves_into_its_review_and_goes(demo_store, rubric):
    review, copy = _copy_as(demo_store, f"{REVIEW} (Kim Lee's conflicted copy 2026-06-18).toml")
    found = pair(demo_store, copy)
    assert found.review_path == review
    assert found.note.words() == "copy from Kim Lee's Dropbox, 20 Nov 2026"
    assert [d.key for d in differences(found.review, found.copy, rubric)] == ["strand:jpd"]
    saved = resolve(demo_store, copy, {"strand:jpd": "copy"})
    assert saved == review
    assert demo_store.load(review).answer("jpd").stage == "Embedding"
    assert not copy.exists()
    assert listing(demo_store.root).copies(KEY) == []


def test_a_synced_copy_whose_review_is_gone_becomes_the_review(demo_store):
    review, copy = _copy_as(demo_store, f"{REVIEW}-DESKTOP-7H3K2LP.toml")
    review.unlink()
    found = pair(demo_store, copy)
    assert found.review is None
    assert resolve(demo_store, copy, {}) == review
    assert demo_store.load(review).id == REVIEW
    assert demo_store.load(review).answer("jpd").stage == "Embedding"
    assert not copy.exists()


def test_a_review_renamed_by_hand_is_still_found_beside_its_copy(demo_store):
    review, copy = _copy_as(demo_store, f"{REVIEW} (1).toml")
    renamed = review.with_name("harbourside-june.toml")
    review.rename(renamed)
    assert pair(demo_store, copy).review_path == renamed


@pytest.mark.parametrize("page", [1, 2, 3, 500])
def test_every_file_is_listed_whatever_the_page_size(demo_store, monkeypatch, page):
    # A sync client's copy has its review's id, date and start: paging must tell them apart by the file.
    _copy_as(demo_store, f"{REVIEW} (1).toml", None)
    _copy_as(demo_store, f"{REVIEW}-DESKTOP-7H3K2LP.toml", None)
    monkeypatch.setattr(Listing, "PAGE", page)
    files = sorted(s.path.name for s in listing(demo_store.root).summaries())
    assert files == sorted(p.name for p in demo_store.root.glob("*/*.toml"))
    assert len(files) == 5


def test_a_review_icloud_moved_off_the_mac_is_named_not_passed_over(demo_store):
    folder = demo_store.folder_for("Harbourside Learning Partnership")
    review = folder / f"{REVIEW}.toml"
    review.rename(folder / f".{REVIEW}.toml.icloud")  # what macOS 13 leaves of a file it moved to iCloud
    (folder / ".notes.icloud").write_text("")  # not a review's: nothing to say
    for deep in (True, False):
        found = listing(demo_store.root, deep=deep)
        (problem,) = found.problems
        assert problem.source == str(review)
        assert "iCloud Drive has moved this review off the Mac" in problem.message
        assert "Download Now" in problem.fix
        assert REVIEW not in [s.id for s in found.reviews(KEY)]
    (folder / f".{REVIEW}.toml.icloud").rename(review)  # downloaded again
    found = listing(demo_store.root, deep=False)
    assert found.problems == []
    assert REVIEW in [s.id for s in found.reviews(KEY)]
