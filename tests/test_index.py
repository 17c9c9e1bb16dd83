"""The summary index beside the store: used when it matches the files, never trusted blindly."""

from __future__ import annotations

import json
import os
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
    assert str(gone.relative_to(store.root)) not in json.loads((store.root / INDEX_NAME).read_text())["files"]


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


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        '{"format": 99, "files": {}}',
        '{"format": 1, "files": []}',
        '{"format": 1, "files": {"harbourside/x.toml": {"stamp": 3}}}',
        "[1, 2]",
    ],
)
def test_a_damaged_or_foreign_index_is_rebuilt(store, damage):
    (store.root / INDEX_NAME).write_text(damage)
    catalogue = store.catalogue()
    assert len(catalogue.summaries) == 3
    assert catalogue.problems == []
    assert json.loads((store.root / INDEX_NAME).read_text())["format"] == INDEX_FORMAT


def test_a_lying_entry_is_not_believed(store):
    store.catalogue()
    index = json.loads((store.root / INDEX_NAME).read_text())
    _rel, entry = next(iter(index["files"].items()))
    entry["summary"]["partnership"] = "Somebody else"
    entry["stamp"][0] += 1  # no longer matches the file's size
    (store.root / INDEX_NAME).write_text(json.dumps(index))
    assert {s.partnership for s in store.catalogue().summaries} == {"Harbourside"}


def test_deleting_the_index_is_always_safe(store):
    first = store.catalogue()
    os.unlink(store.root / INDEX_NAME)
    assert store.catalogue().summaries == first.summaries


def test_a_store_that_cannot_be_written_is_still_listed(store, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("maturitytui.store.index.atomic_write", refuse)
    assert len(store.catalogue().summaries) == 3


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
