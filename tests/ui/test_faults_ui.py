"""The app under faults: a review open elsewhere, a disk that refuses to save."""

from __future__ import annotations

import errno
import functools
import os

import pytest

from maturitytui.store import atomic, portable
from maturitytui.store.locks import SessionLock
from maturitytui.ui.screens.review import ReviewScreen
from maturitytui.ui.steps.strand_step import StrandStep

from .conftest import next_strand


@pytest.fixture
def disk_full(monkeypatch):
    """Call to make every save fail as on a full disk; ``monkeypatch.undo()`` frees the space."""

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    return lambda: monkeypatch.setattr("maturitytui.store.atomic.tempfile.mkstemp", full)


async def test_review_open_in_another_copy_opens_read_only(demo_store, make_app):
    latest = demo_store.catalogue().partnerships()["harbourside learning partnership"][-1]
    before = latest.path.read_bytes()
    with SessionLock(latest.path):  # the "other copy"
        app = make_app(demo_store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter", "enter", "ctrl+e", "enter")  # the newest review, finished: to change it
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert screen.context.read_only
            assert any("open in another copy" in n.message and "read only" in n.message for n in app._notifications)
            await screen.go_to("strand:jpd")
            await pilot.pause()
            await pilot.press("4", "f")
            await pilot.pause()
            answer = screen.query_one(StrandStep).answer
            assert answer.stage == "Developing"
            assert answer.focus is True
    assert latest.path.read_bytes() == before


async def test_the_second_copy_gets_the_lock_once_the_first_leaves(demo_store, make_app):
    first = make_app(demo_store)
    async with first.run_test() as pilot:
        await pilot.press("enter", "enter", "ctrl+e", "enter")
        await pilot.pause()
        assert not first.screen.context.read_only
        await pilot.press("h")
        await pilot.pause()
    second = make_app(demo_store)
    async with second.run_test() as pilot:
        await pilot.press("enter", "enter", "ctrl+e", "enter")
        await pilot.pause()
        assert not second.screen.context.read_only


async def test_a_failed_save_is_reported_and_the_app_stays_up(store, make_app, monkeypatch, disk_full):
    app = make_app(store, partnership="Town Trio")
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        path = screen.context.path
        before = path.read_bytes()

        disk_full()
        await next_strand(pilot, screen)
        await pilot.press("2")
        screen.saver.wait()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("could not save: the disk is full" in m for m in messages), messages
        assert path.read_bytes() == before
        monkeypatch.undo()
        await pilot.press("3")  # the next answer saves again once there is room
        screen.saver.wait()
    saved = store.load(path)
    assert saved.strands["jpd"].stage == "Embedding"


async def test_a_failure_while_leaving_a_step_does_not_hang_or_lose_the_answer(
    store, monkeypatch, disk_full, review_at
):
    # The save that runs while the screen waits (typing flushed on "next") fails.
    async with review_at("strand:jpd", size=(80, 24)) as (pilot, screen):
        app = pilot.app
        path = screen.context.path

        disk_full()
        await pilot.press("e", *"typed evidence", "escape")
        await next_strand(pilot, screen)
        await pilot.pause()
        assert screen.step == "strand:mc"  # moved on, no hang
        await pilot.press("h")  # leaving the review is refused while answers are unsaved
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+q")  # the first quit warns instead of exiting
        await pilot.pause()
        assert app.is_running
        assert any("Your last answers are not saved" in n.title for n in app._notifications)
        monkeypatch.undo()
        await pilot.press("2")  # room again: the whole session is saved with this answer
        screen.saver.wait()
    saved = store.load(path)
    assert saved.strands["jpd"].evidence == "typed evidence"
    assert saved.strands["mc"].stage == "Developing"


async def test_freeing_space_is_enough_and_a_new_failure_warns_again(store, monkeypatch, disk_full, review_at):
    async with review_at("strand:jpd", size=(80, 24)) as (pilot, screen):
        app = pilot.app

        disk_full()
        await pilot.press("3")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running  # warned
        monkeypatch.undo()
        await pilot.press("h")  # space freed: leaving saves everything again, no new answer needed
        await pilot.pause()
        assert app.screen is not screen
        assert store.load(screen.context.path).strands["jpd"].stage == "Embedding"
        # A later, separate run of failures warns again rather than quitting on the first ctrl+q.
        await pilot.press("enter", "enter")
        await pilot.pause()
        disk_full()
        await pilot.press("n", "4")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        monkeypatch.undo()


async def test_once_space_returns_the_review_is_saved_without_another_answer(store, monkeypatch, disk_full, review_at):
    from maturitytui.ui.screens import review

    async with review_at("strand:jpd", size=(80, 24)) as (pilot, screen):
        app = pilot.app
        path = screen.context.path
        disk_full()
        await pilot.press("3", "f")  # two answers, two failed saves: one message
        screen.saver.wait()
        await pilot.pause()
        said = [n for n in app._notifications if n.title == "Not saved"]
        assert len(said) == 1
        assert "what is on screen is saved as soon as it can be" in said[0].message
        assert screen._retrying is not None  # trying again on a timer
        assert screen._retrying._interval == review.RETRY_EVERY
        screen._retry_saving()  # a tick while the disk is still full: tried, failed, not said again
        screen.saver.wait()
        await pilot.pause()
        assert len([n for n in app._notifications if n.title == "Not saved"]) == 1
        monkeypatch.undo()  # space is freed; nothing is typed or pressed
        screen._retry_saving()
        screen.saver.wait()
        assert store.load(path).strands["jpd"].stage == "Embedding"
        screen._retry_saving()  # the next tick sees the save went through, stops and says so
        await pilot.pause()
        assert screen._retrying is None
        assert any(n.title == "Saved" for n in app._notifications)


async def test_escape_takes_down_the_notices_and_nothing_else(demo_store, make_app):
    app = make_app(demo_store, partnership="Harbourside Learning Partnership")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        app.notify("Another rubric: answers to strands it does not have are kept.", title="Another rubric")
        await pilot.pause()
        assert app._notifications
        await pilot.press("escape")
        await pilot.pause()
        assert not app._notifications
        assert app.screen is screen  # the review is still open, on the same step


@pytest.fixture
def held_open(monkeypatch):
    """Call with a number of tries to have each save's replace denied that many times, as on Windows while
    OneDrive, an antivirus scanner or the search indexer has the review open; ``monkeypatch.undo()`` lets go."""

    def hold(times: float) -> list[int]:
        tries: list[int] = []
        monkeypatch.setattr(portable, "RETRY_DENIED", True)

        def rename(source, target):
            tries.append(1)
            if len(tries) <= times:
                raise PermissionError(13, "Access is denied", str(target))
            os.replace(source, target)

        monkeypatch.setattr(atomic, "replace", functools.partial(portable.replace, rename=rename, sleep=lambda _: None))
        return tries

    return hold


async def test_a_review_held_open_by_a_sync_client_is_saved_once_it_lets_go(store, monkeypatch, held_open, review_at):
    async with review_at("strand:jpd", size=(80, 24)) as (pilot, screen):
        app = pilot.app
        path = screen.context.path
        tries = held_open(2)
        await pilot.press("2")  # denied twice, saved on the third try: nothing to say
        screen.saver.wait()
        await pilot.pause()
        assert len(tries) == 3
        assert store.load(path).strands["jpd"].stage == "Developing"
        assert not [n for n in app._notifications if n.title == "Not saved"]

        before = path.read_bytes()
        held_open(float("inf"))
        await pilot.press("3")
        screen.saver.wait()
        await pilot.pause()
        said = [n.message for n in app._notifications if n.title == "Not saved"]
        assert len(said) == 1
        assert "another program kept the file open" in said[0]
        assert "OneDrive" in said[0]
        assert path.read_bytes() == before  # the last save, whole
        assert screen._retrying is not None
        monkeypatch.undo()  # the client lets go; the next tick saves with no answer typed
        screen._retry_saving()
        screen.saver.wait()
        assert store.load(path).strands["jpd"].stage == "Embedding"


async def test_a_review_another_machine_changed_while_open_here_goes_on_as_a_copy(store, review_at):
    async with review_at("strand:jpd", size=(80, 24)) as (pilot, screen):
        app = pilot.app
        path = screen.context.path
        theirs = store.load(path)  # saved on the other laptop, brought in by the synced folder
        theirs.answer("mc").choose_stage("Leading")
        store.save(theirs, path, stamp=False)
        await pilot.press("3")
        screen.saver.wait()
        await pilot.pause()
        said = [n.message for n in app._notifications if n.title == "Saved as a copy"]
        assert len(said) == 1
        assert "changed on another computer while it was open here" in said[0]
        assert "resolve the two on the start screen" in said[0]
        await pilot.press("h")  # back to the start screen: the review, and this machine's answers as its copy
        await pilot.pause()
        statuses = [str(row[1]) for row in map(app.screen.query_one("#reviews").get_row_at, range(2))]
        assert statuses == ["unfinished", "copy"]
    assert store.load(path).answer("mc").stage == "Leading"
    assert store.load(path).answer("jpd").stage is None
