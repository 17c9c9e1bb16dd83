"""Files put in the store to hang or swamp the program: named pipes, folders named like reviews, huge files.

A named pipe opened the ordinary way waits for a writer for ever, so each of these runs on a thread that must
finish within a bound: a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import bad_input, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from maturitytui.demo import demo_sessions
from maturitytui.model.errors import SessionError
from maturitytui.model.file_reading import TOML_LIMIT, FileRefused, read_regular
from maturitytui.model.session import Session
from maturitytui.room.state import find_room, read_room
from maturitytui.store.index import INDEX_NAME
from maturitytui.store.session_store import SessionStore

fifo_only = pytest.mark.posix_only("makes a named pipe (os.mkfifo), which Windows does not have")

T = TypeVar("T")
BOUND = 20.0
"""Seconds a call may take before it counts as hung: far more than any of these takes, far less than for ever."""


def finishes(call: Callable[[], T]) -> T:
    """``call()``, run on a thread that must finish within ``BOUND`` seconds."""
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # handed back to the test below
            failure.append(exc)

    worker = threading.Thread(target=run, daemon=True)  # a hung one is left behind rather than hang the suite
    worker.start()
    worker.join(BOUND)
    assert not worker.is_alive(), f"still waiting after {BOUND:.0f} s: a named pipe was opened as a file"
    if failure:
        raise failure[0]
    return result[0]


@pytest.fixture
def store(tmp_path, rubric) -> SessionStore:
    store = SessionStore(tmp_path / "sessions")
    for session in demo_sessions(rubric):
        store.save(session, stamp=False)
    return store


@fifo_only
def test_a_named_pipe_in_place_of_the_index_is_passed_over(store):
    store.catalogue()
    (store.root / INDEX_NAME).unlink()
    os.mkfifo(store.root / INDEX_NAME)
    bad_input("special files")
    catalogue = finishes(store.catalogue)
    assert len(catalogue.summaries) == 3  # read again from the reviews themselves
    assert catalogue.problems == []


@pytest.mark.parametrize("make", [pytest.param("fifo", marks=fifo_only), "folder"])
def test_something_named_like_a_review_that_is_not_a_file_is_named_not_skipped(store, make):
    folder = next(p for p in store.root.iterdir() if p.is_dir())
    odd = folder / "2026-09-01-odd.toml"
    os.mkfifo(odd) if make == "fifo" else odd.mkdir()
    bad_input("special files")
    catalogue = finishes(store.catalogue)
    assert len(catalogue.summaries) == 3
    (problem,) = catalogue.problems
    assert problem.source == str(odd)
    assert problem.message == (
        "this is a named pipe (FIFO), not a file" if make == "fifo" else "this is a folder, not a file"
    )
    scan = finishes(store.scan)
    assert [p.source for p in scan.problems] == [str(odd)]


@fifo_only
def test_a_partnership_folder_without_its_marker_and_a_named_pipe_in_it_does_not_stop_a_new_review(tmp_path, rubric):
    store = SessionStore(tmp_path / "sessions")
    folder = store.root / "town-trio"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "2026-01-01-aaaaaa.toml")  # no .partnership marker: the folder's reviews say whose it is
    bad_input("special files")
    path = finishes(lambda: store.save(Session.start("Town Trio", rubric)))
    assert path.parent != folder  # a folder whose files cannot be read is never taken to be free
    assert path.is_file()


@fifo_only
def test_a_named_pipe_in_place_of_a_rooms_file_opens_no_room(store):
    review = next(store.root.glob("*/*.toml"))
    room = review.parent / f".{review.stem}.room"
    room.mkdir()
    os.mkfifo(room / "room.toml")
    bad_input("special files")
    assert finishes(lambda: read_room(review)) is None
    assert finishes(lambda: find_room(store.root, "12345678")) is None


@fifo_only
def test_the_command_line_names_a_named_pipe_and_goes_on(store, capsys):
    folder = next(p for p in store.root.iterdir() if p.is_dir())
    os.mkfifo(folder / "2026-09-01-odd.toml")
    bad_input("special files")
    code, out, err = finishes(lambda: run_cli(capsys, "sessions", "list", "--sessions", store.root))
    assert code == 1  # as for any file left out: the listing is whole, and says it is not
    assert "Harbourside Learning Partnership" in out
    assert "2026-09-01-odd.toml" in out + err
    assert "named pipe" in out + err


@pytest.mark.parametrize("extra", [1, 60 * 2**20])
def test_a_file_larger_than_any_review_is_refused_by_its_name_before_it_is_parsed(store, capsys, extra):
    folder = next(p for p in store.root.iterdir() if p.is_dir())
    huge = folder / "2026-09-01-huge.toml"
    with open(huge, "wb") as handle:
        handle.truncate(TOML_LIMIT + extra)  # sparse: no disk is filled to make it
    bad_input("oversized files")
    catalogue = finishes(store.catalogue)
    assert len(catalogue.summaries) == 3
    (problem,) = catalogue.problems
    assert problem.source == str(huge)
    assert "more than the 4 MB such a file can be" in problem.message
    with pytest.raises(SessionError, match="more than the 4 MB"):
        store.load(huge)
    code, out, err = run_cli(capsys, "sessions", "list", "--sessions", store.root)
    assert code == 1
    assert out.count("Harbourside Learning Partnership") >= 3
    assert "2026-09-01-huge.toml" in out + err


def test_a_file_that_grows_past_the_limit_while_it_is_read_is_refused(tmp_path, monkeypatch):
    # The size is checked on the open file; what is read is bounded too, should the file grow in between.
    path = tmp_path / "growing.toml"
    path.write_bytes(b"a = 1\n")
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *info[1:6], 0, *info[7:]))

    path.write_bytes(b"x" * 2000)
    monkeypatch.setattr(os, "fstat", smaller)
    with pytest.raises(FileRefused, match="more than the 1 KB"):
        read_regular(path, 1024)


# -- a partnership folder that is a link to elsewhere ------------------------------------------------------


@pytest.fixture
def linked(tmp_path, rubric):
    """A store whose one partnership folder is a link to a folder outside it, holding an unfinished review."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    review = Session.start("Town Trio", rubric)
    review.answer("jpd").stage = "Developing"
    SessionStore(outside.parent).save(review, outside / f"{review.id}.toml")
    (outside / f".{review.id}.toml.abcd1234.tmp").write_bytes(b"old")  # looks like a killed save's leftover
    os.utime(outside / f".{review.id}.toml.abcd1234.tmp", (0, 0))
    store = SessionStore(tmp_path / "sessions")
    store.root.mkdir()
    (store.root / "town-trio").symlink_to(outside, target_is_directory=True)
    bad_input("links out of the store")
    return store, outside / f"{review.id}.toml"


def state_of(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mode) for p in sorted(folder.iterdir())}


def test_a_review_reached_through_a_link_is_read_but_never_written(linked, rubric):
    from maturitytui import workflow

    store, path = linked
    before = state_of(path.parent)
    catalogue = store.catalogue()  # listing also sweeps stale leftovers, but not in a folder outside the store
    assert [s.partnership for s in catalogue.summaries] == ["Town Trio"]
    stored = store.scan().sessions[0]
    opened = workflow.open_review(store, rubric, stored, catalogue)
    assert opened.lock is None  # opened to read
    assert any("outside the session store" in n.message for n in opened.notices)
    with pytest.raises(SessionError, match="reached through a link to a place outside the session store"):
        store.save(stored.session, stored.path)
    assert state_of(path.parent) == before  # same files, same bytes, same modes: no lock, no marker, no sweep


def test_a_new_review_of_a_partnership_whose_folder_is_a_link_is_not_started_outside(linked, rubric):
    store, path = linked
    before = state_of(path.parent)
    with pytest.raises(SessionError, match="outside the session store"):
        store.save(Session.start("Town Trio", rubric))
    assert state_of(path.parent) == before


async def test_in_the_app_a_linked_review_opens_to_read_and_moving_about_it_writes_nothing(linked, rubric):
    from maturitytui.ui.app import MaturityApp
    from maturitytui.ui.screens.review import ReviewScreen

    store, path = linked
    before = state_of(path.parent)
    app = MaturityApp(rubric, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # the partnership, then its unfinished review
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.context.read_only
        assert "outside the session store" in " ".join(str(n.message) for n in app._notifications)
        await pilot.press("n", "b", "2")
        await pilot.pause()
    assert state_of(path.parent) == before


# -- plugins made to swamp the program ----------------------------------------------------------------------


def test_a_change_of_more_operations_than_any_plugin_needs_is_refused_with_the_limit(tmp_path):
    from maturitytui.engine.changes import MAX_OPERATIONS
    from maturitytui.engine.rubric_files import load_rubric_file
    from maturitytui.model.errors import RubricError

    path = tmp_path / "many.toml"
    ops = "".join(f'[[ops]]\nop = "remove-strand"\nstrand = "s{n}"\n' for n in range(MAX_OPERATIONS + 1))
    path.write_text('kind = "rubric-change"\n' + ops, encoding="utf-8")
    bad_input("oversized plugins")
    with pytest.raises(RubricError, match=f"ops: List should have at most {MAX_OPERATIONS} items"):
        finishes(lambda: load_rubric_file(path))


def test_a_rubric_with_more_strands_to_a_dimension_than_the_limit_is_refused(rubric):
    from maturitytui.engine.rubric_files import rubric_from_data
    from maturitytui.model.errors import RubricError
    from maturitytui.model.rubric import MAX_STRANDS_PER_DIMENSION

    data = rubric.model_dump()
    template = data["dimensions"][0]["strands"][0]
    data["dimensions"][0]["strands"] = [{**template, "id": f"s{n}"} for n in range(MAX_STRANDS_PER_DIMENSION + 1)]
    data["criteria"] = []
    bad_input("oversized plugins")
    with pytest.raises(RubricError, match=f"at most {MAX_STRANDS_PER_DIMENSION} items"):
        rubric_from_data(data, "huge.toml")


@settings(max_examples=40)
@given(size=st.integers(min_value=0, max_value=3 * 2**10), limit=st.integers(min_value=1, max_value=2 * 2**10))
def test_a_file_is_read_whole_up_to_its_limit_and_refused_past_it(tmp_path_factory, size, limit):
    path = tmp_path_factory.mktemp("sizes") / "file.toml"
    path.write_bytes(b"x" * size)
    bad_input("file sizes")
    if size <= limit:
        assert read_regular(path, limit) == b"x" * size
    else:
        with pytest.raises(FileRefused, match="more than the"):
            read_regular(path, limit)
