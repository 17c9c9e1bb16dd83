"""The summary index beside the store: used when it matches the files, never trusted blindly."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import sessions

from maturitytui.model.session import Session
from maturitytui.store.index import INDEX_FORMAT, INDEX_NAME, SessionSummary
from maturitytui.store.session_store import SessionStore


@pytest.fixture(autouse=True)
def _no_racy_window(monkeypatch):
    # Files written a moment ago are re-read for two seconds; tests write and list at once.
    monkeypatch.setattr("maturitytui.store.index.RACY_NS", 0)


@pytest.fixture
def store(tmp_path, rubric):
    store = SessionStore(tmp_path)
    for year in (2024, 2025, 2026):
        s = Session.start("Harbourside", rubric, review_date=date(year, 6, 1))
        s.answer("jpd").stage = "Developing"
        s.status = "complete"
        store.save(s)
    return store


def rows(store) -> dict[str, dict]:
    """The index's rows by file, as SQLite holds them."""
    with sqlite3.connect(store.root / INDEX_NAME) as db:
        return {
            rel: {"stamp": stamp, "summary": json.loads(summary) if summary else None}
            for rel, stamp, summary in db.execute("SELECT rel, stamp, summary FROM files")
        }


def test_second_listing_reads_no_files(store):
    first = store.catalogue()
    assert first.read == 3
    assert (store.root / INDEX_NAME).exists()
    second = store.catalogue()
    assert second.read == 0
    assert second.summaries == first.summaries


def test_summaries_match_the_files(store):
    from_index = {s.path: s for s in store.catalogue().summaries}
    for stored in store.scan().sessions:
        assert from_index[stored.path] == SessionSummary.of(stored.path, stored.session)


def test_an_edited_file_is_read_again(store):
    store.catalogue()
    stored = store.scan().sessions[0]
    stored.session.answer("jpd").stage = "Leading"
    store.save(stored.session, stored.path)
    catalogue = store.catalogue()
    assert catalogue.read == 1
    assert {s.path: s.stages.get("jpd") for s in catalogue.summaries}[stored.path] == "Leading"


def test_added_and_removed_files(store, rubric):
    store.catalogue()
    new = store.save(Session.start("Town Trio", rubric))
    gone = store.scan().sessions[0].path
    gone.unlink()
    catalogue = store.catalogue()
    paths = {s.path for s in catalogue.summaries}
    assert new in paths
    assert gone not in paths
    assert catalogue.read == 1
    assert gone.relative_to(store.root).as_posix() not in rows(store)
    assert new.relative_to(store.root).as_posix() in rows(store)


def test_a_file_damaged_after_indexing_is_reported(store):
    store.catalogue()
    victim = store.scan().sessions[1].path
    victim.write_text("schema_version = [\n")
    catalogue = store.catalogue()
    assert len(catalogue.summaries) == 2
    assert [p.source for p in catalogue.problems] == [str(victim)]
    # The bad file's problem is remembered too, so it is not parsed on every listing.
    again = store.catalogue()
    assert again.read == 0
    assert [p.source for p in again.problems] == [str(victim)]


def foreign_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE files(x)")


def half_a_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t(x)")
        db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\0" * 2000 + data[2100:])


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_text(""),
        lambda path: path.write_text("{not a database"),
        lambda path: path.write_bytes(b"SQLite format 3\0" + b"\xff" * 200),
        foreign_database,
        half_a_database,
    ],
)
def test_a_damaged_or_foreign_index_is_rebuilt(store, damage):
    store.catalogue()
    os.unlink(store.root / INDEX_NAME)
    damage(store.root / INDEX_NAME)
    catalogue = store.catalogue()
    assert len(catalogue.summaries) == 3
    assert catalogue.problems == []
    with sqlite3.connect(store.root / INDEX_NAME) as db:
        assert dict(db.execute("SELECT key, value FROM meta"))["format"] == str(INDEX_FORMAT)
    assert store.catalogue().read == 0  # and used from then on


def test_a_lying_entry_is_not_believed(store):
    store.catalogue()
    with sqlite3.connect(store.root / INDEX_NAME) as db:
        rel, stamp, summary = db.execute("SELECT rel, stamp, summary FROM files").fetchone()
        lie = json.loads(summary) | {"partnership": "Somebody else"}
        size, rest = stamp.split(" ", 1)
        db.execute(
            "UPDATE files SET stamp = ?, summary = ? WHERE rel = ?", (f"{int(size) + 1} {rest}", json.dumps(lie), rel)
        )
    assert {s.partnership for s in store.catalogue().summaries} == {"Harbourside"}


def test_deleting_the_index_is_always_safe(store):
    first = store.catalogue()
    os.unlink(store.root / INDEX_NAME)
    assert store.catalogue().summaries == first.summaries


def test_a_store_that_cannot_be_written_is_still_listed(store, monkeypatch):
    real = sqlite3.connect

    def refuse(where, *args, **kwargs):
        if where != ":memory:":
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real(where, *args, **kwargs)

    monkeypatch.setattr("maturitytui.store.index_db.sqlite3.connect", refuse)
    assert len(store.catalogue().summaries) == 3
    assert store.catalogue().read == 3  # nothing kept: read again, and listed all the same


def test_an_index_another_program_holds_busy_is_left_alone(store):
    store.catalogue()
    with sqlite3.connect(store.root / INDEX_NAME, isolation_level=None) as other:
        other.execute("BEGIN EXCLUSIVE")  # another program in the middle of a write
        assert len(store.catalogue().summaries) == 3
        other.execute("ROLLBACK")
    assert (store.root / INDEX_NAME).exists()
    assert store.catalogue().read == 0


@pytest.mark.posix_only("asserts the owner-only mode, which NTFS does not keep")
def test_the_index_is_private(store):
    store.catalogue()
    made = list(store.root.glob(".index.sqlite*"))
    assert store.root / ".index.sqlite" in made
    for path in made:
        assert path.stat().st_mode & 0o077 == 0, path


def test_an_index_of_the_earlier_kind_is_removed(store):
    (store.root / ".index.json").write_text("{}")
    assert len(store.catalogue().summaries) == 3
    assert not (store.root / ".index.json").exists()


def test_an_unchanged_folder_is_not_listed_again(store, monkeypatch):
    store.catalogue()
    listed = []
    real = os.scandir

    def watched(path="."):
        listed.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr("maturitytui.store.index.os.scandir", watched)
    assert store.catalogue().read == 0
    assert listed == [os.fspath(store.root)]  # the store's own folder only: its partnership folder was not listed


def test_a_folder_renamed_is_read_again_under_its_new_name(store):
    store.catalogue()
    folder = next(p for p in store.root.iterdir() if p.is_dir())
    moved = folder.rename(folder.with_name("moved"))
    catalogue = store.catalogue()
    assert catalogue.read == 3
    assert {s.path.parent for s in catalogue.summaries} == {moved}
    assert all(rel.startswith("moved/") for rel in rows(store))


def test_lists_while_other_programs_write(store, rubric, tmp_path):
    """Two other programs save reviews and list the store over and over while this one lists it."""
    writer = f"""
import sys
from datetime import date
sys.path.insert(0, {str(Path(__file__).parent)!r})
from conftest import make_host
from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore
store = SessionStore(sys.argv[1])
rubric = make_host().assemble().rubric
for n in range(15):
    store.save(Session.start("Writer " + sys.argv[2], rubric, review_date=date(2027, 1, 1 + n)))
    store.catalogue()
"""
    others = [
        subprocess.Popen([sys.executable, "-c", writer, str(store.root), str(n)], stderr=subprocess.PIPE, text=True)
        for n in range(2)
    ]
    seen = []
    while any(p.poll() is None for p in others):
        catalogue = store.catalogue()
        assert catalogue.problems == []
        seen.append(len(catalogue.summaries))
    for p in others:
        assert p.wait() == 0, p.stderr.read()
    assert seen == sorted(seen)  # never fewer than a moment before
    assert len(store.catalogue().summaries) == 3 + 30


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(session=sessions())
def test_any_session_summarises_the_same_through_the_index(tmp_path_factory, session):
    store = SessionStore(tmp_path_factory.mktemp("s"))
    path = store.save(session, stamp=False)
    expected = SessionSummary.of(path, session)
    assert store.catalogue().summaries == [expected]  # read from the file
    assert store.catalogue().summaries == [expected]  # and back from the index


def test_a_file_edited_in_place_keeping_size_and_time_is_read_again(store):
    store.catalogue()
    stored = store.scan().sessions[0]
    before = stored.path.stat()
    stored.session.answer("jpd").stage = "Embedding"  # same length as "Developing"? no: but pad to keep the size
    text = stored.path.read_text().replace('stage = "Developing"', 'stage = "Embedding" ')
    assert len(text) == before.st_size
    with open(stored.path, "w") as handle:  # in place, as an editor or a sync tool might
        handle.write(text)
    os.utime(stored.path, ns=(before.st_atime_ns, before.st_mtime_ns))  # time put back, as cp -p does
    assert stored.path.stat().st_size == before.st_size
    assert stored.path.stat().st_mtime_ns == before.st_mtime_ns
    stages = {s.path: s.stages.get("jpd") for s in store.catalogue().summaries}
    assert stages[stored.path] == "Embedding"


def test_files_changed_just_before_the_index_was_written_are_read_again(store, monkeypatch):
    monkeypatch.setattr("maturitytui.store.index.RACY_NS", 2_000_000_000)
    store.catalogue()
    assert store.catalogue().read == 3  # all three were written moments ago


def test_a_file_that_cannot_be_read_now_is_not_remembered_as_bad(store, monkeypatch):
    store.catalogue()
    target = store.scan().sessions[0].path
    from maturitytui.store import index

    original = index.read_regular

    def refuse(path, *args):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied")
        return original(path, *args)

    os.utime(target)  # changed since indexing, so it is read
    monkeypatch.setattr(index, "read_regular", refuse)
    first = store.catalogue()
    assert [p.source for p in first.problems] == [str(target)]
    assert "cannot be read" in first.problems[0].message
    monkeypatch.undo()
    monkeypatch.setattr("maturitytui.store.index.RACY_NS", 0)
    assert len(store.catalogue().summaries) == 3  # readable again, listed again


def test_an_index_from_another_program_version_is_rebuilt(store, monkeypatch):
    store.catalogue()
    monkeypatch.setattr("maturitytui.__version__", "999")
    assert store.catalogue().read == 3


def test_a_large_first_read_is_shared_between_processes_and_says_how_far(store, monkeypatch):
    from maturitytui.store import index

    expected = store.catalogue().summaries
    index.drop_index(store.root)
    monkeypatch.setattr(index, "PARALLEL_FROM", 2)  # the demo's three count as many
    monkeypatch.setattr(index, "CHUNK", 1)
    ran = []
    real = index._in_processes
    monkeypatch.setattr(index, "_in_processes", lambda *args: ran.append(1) or real(*args))
    told = []
    catalogue = store.catalogue(lambda done, total: told.append((done, total)))
    assert ran == [1]
    assert sorted(catalogue.summaries, key=lambda s: s.id) == sorted(expected, key=lambda s: s.id)
    assert told[-1] == (3, 3)
    assert [done for done, _ in told] == sorted(done for done, _ in told)
    assert store.catalogue().read == 0  # and remembered


def test_without_processes_the_files_are_read_here(store, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from maturitytui.store import index

    monkeypatch.setattr(index, "PARALLEL_FROM", 2)

    def broken(*args):
        raise BrokenProcessPool("no processes here")

    monkeypatch.setattr(index, "_in_processes", broken)
    assert len(store.catalogue().summaries) == 3


def test_the_command_line_says_how_far_a_long_first_read_has_got(store, monkeypatch, capsys):
    from conftest import run_cli

    from maturitytui.cli.context import StderrProgress

    monkeypatch.setattr(StderrProgress, "SHOWN_FROM", 2)
    code, _out, err = run_cli(capsys, "--sessions", store.root, "history", "--all")
    assert code == 0
    assert err == "Reading 3 reviews into the store's index: only the first time takes this long.\n"
    code, _out, err = run_cli(capsys, "--sessions", store.root, "history", "--all")
    assert err == ""  # read from the index: nothing to wait for


def test_the_index_answers_page_by_page_as_the_catalogue_does(tmp_path, rubric, monkeypatch):
    """Partnerships' aggregates, a partnership's reviews, copies and every summary, read from the index a page
    at a time, are what the whole catalogue in memory says."""
    from maturitytui.analysis.alliance import GlanceLine, alliance, every_line
    from maturitytui.model.session import CopyNote
    from maturitytui.store.index_db import Listing

    monkeypatch.setattr(Listing, "PAGE", 2)  # pages of two, so paging itself is tested
    store = SessionStore(tmp_path)
    for n, name in enumerate(["Alder", "birch", "Cedar Trust", "Damson", "Elm"]):
        for year in range(2024, 2024 + n % 3 + 1):
            s = Session.start(name, rubric, review_date=date(year, 3, 1 + n))
            s.answer("jpd").stage = ["Beginning", "Developing", "Embedding"][year - 2024]
            s.status = "complete" if (n + year) % 4 else "in_progress"
            store.save(s)
    kept = store.catalogue().partnerships()["alder"][0]
    copy = store.load(kept.path)
    copy.id, copy.copy_of = "copy-1", CopyNote(review=kept.id, source="Sam's laptop", made=date(2026, 1, 1))
    store.save(copy, kept.path.with_name("copy-1.toml"), stamp=False)
    catalogue = store.catalogue()
    listing = store.listing()
    try:
        rows = list(listing.every_partnership())
        groups = catalogue.partnerships()
        assert [r.key for r in rows] == list(groups)
        assert [(r.name, r.reviews, r.unfinished) for r in rows] == [
            (g.partnership, g.reviews, g.unfinished) for g in alliance(catalogue)
        ]
        assert [r.copies for r in rows] == [1, 0, 0, 0, 0]
        for key, items in groups.items():
            assert listing.reviews(key) == items
        assert listing.copies() == catalogue.copies()
        assert sorted(listing.summaries(), key=lambda s: s.file) == sorted(catalogue.summaries, key=lambda s: s.file)
        expected = [GlanceLine.of(g) for g in alliance(catalogue)]
        assert list(every_line(listing)) == expected  # worked out, and kept
        assert all(r.glance for r in listing.partnership_rows(glanced=True))
        assert list(every_line(listing)) == expected  # read back as kept
    finally:
        listing.close()


def test_a_kept_glance_is_worked_out_again_when_its_partnership_changes(store):
    from maturitytui.analysis.alliance import every_line

    listing = store.listing()
    (before,) = list(every_line(listing))
    listing.close()
    stored = store.scan().sessions[-1]
    stored.session.answer("jpd").stage = "Leading"
    store.save(stored.session, stored.path)
    listing = store.listing()
    try:
        (after,) = list(every_line(listing))
    finally:
        listing.close()
    assert before.counts != after.counts
    assert "1 up" in after.direction


def test_a_shallow_listing_trusts_a_folder_whose_times_are_unchanged_and_a_deep_one_does_not(store):
    store.catalogue()
    stored = store.scan().sessions[0]
    before = stored.path.stat()
    text = stored.path.read_text().replace('stage = "Developing"', 'stage = "Embedding" ')
    with open(stored.path, "w") as handle:  # in place: the folder's times do not change
        handle.write(text)
    os.utime(stored.path, ns=(before.st_atime_ns, before.st_mtime_ns))
    shallow = store.listing(deep=False)
    try:
        assert shallow.read == 0
    finally:
        shallow.close()
    deep = store.listing()
    try:
        assert deep.read == 1
        assert {s.path: s.stages["jpd"] for s in deep.summaries()}[stored.path] == "Embedding"
    finally:
        deep.close()


def test_the_index_as_left_is_read_without_a_look_at_the_files(store):
    from maturitytui.store.index import last_listing

    store.listing().close()
    gone = store.scan().sessions[0].path
    gone.unlink()
    left = last_listing(store.root)
    assert left is not None
    try:
        assert left.review_count() == 3  # as the last listing left it: the file gone since is still there
        assert not left.changed
    finally:
        left.close()
    checked = store.listing()
    try:
        assert checked.changed
        assert checked.review_count() == 2
    finally:
        checked.close()
    again = store.listing()
    try:
        assert not again.changed  # nothing since the check
    finally:
        again.close()


@pytest.mark.parametrize(
    "left",
    [
        "none",
        lambda path: path.write_text("{not a database"),
        foreign_database,
        half_a_database,
        lambda path: path.mkdir(),
    ],
)
def test_without_an_index_to_read_as_it_is_there_is_no_list_as_left_and_nothing_is_made(store, left):
    from maturitytui.store.index import last_listing

    index = store.root / INDEX_NAME
    if left != "none":
        left(index)
    before = sorted(p.name for p in store.root.iterdir())
    assert last_listing(store.root) is None
    assert sorted(p.name for p in store.root.iterdir()) == before  # nothing made, mended or removed


def test_an_index_of_another_version_has_no_list_as_left(store):
    from maturitytui.store.index import last_listing

    store.listing().close()
    with sqlite3.connect(store.root / INDEX_NAME) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    db.close()
    assert last_listing(store.root) is None
    assert store.listing().read == 3  # rebuilt by the listing


def test_a_folder_listed_every_time_that_goes_takes_its_reviews_with_it(store, rubric):
    import shutil

    other = store.save(Session.start("Town Trio", rubric))
    (other.parent / ".notes").write_text("someone's own file")  # hidden: the folder is listed every time
    store.listing().close()
    with sqlite3.connect(store.root / INDEX_NAME) as db:
        stamps = dict(db.execute("SELECT name, stamp FROM folders"))
    db.close()
    assert stamps[other.parent.name] == ""
    shutil.rmtree(other.parent)
    listing = store.listing()
    try:
        assert listing.changed
        assert listing.review_count() == 3
        assert [row.name for row in listing.every_partnership()] == ["Harbourside"]
    finally:
        listing.close()


def test_a_kept_line_that_cannot_be_read_is_worked_out_again(store):
    from maturitytui.analysis.alliance import every_line

    listing = store.listing()
    try:
        (before,) = list(every_line(listing))
        listing.index.db.execute("UPDATE partnerships SET glance = '[not json'")
        assert list(every_line(listing)) == [before]
        (row,) = listing.partnership_rows(glanced=True)
        assert row.glance is not None
        assert row.glance != "[not json"  # kept again
    finally:
        listing.close()
