"""Copies of a review on the start screen and the resolve screen; sync from the start screen."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from textual.widgets import DataTable, OptionList, Static

from maturitytui.model.errors import Problem
from maturitytui.model.session import CopyNote
from maturitytui.store import sync as syncing
from maturitytui.store.sync import SyncReport, SyncState
from maturitytui.ui.dialogs.common import HelpScreen
from maturitytui.ui.screens.resolve import ResolveScreen
from maturitytui.ui.screens.start import StartScreen

from .conftest import settled, text_of

REVIEW = "2026-06-18-demo02"
COPY = f"{REVIEW}-sam"


@pytest.fixture(autouse=True)
def plain_store(monkeypatch):
    """No store here is a git working tree unless a test says so; a sync run unasked fails the test."""
    monkeypatch.setattr(syncing, "sync_state", lambda root: None)

    def unasked(root, **kwargs):
        raise AssertionError("sync ran")

    monkeypatch.setattr(syncing, "sync", unasked)


@pytest.fixture
def copy_store(demo_store):
    """The demo store, with a copy of its newest review from Sam's laptop: jpd at Embedding, evidence on mc."""
    folder = demo_store.folder_for("Harbourside Learning Partnership")
    review = demo_store.load(folder / f"{REVIEW}.toml")
    copy = review.model_copy(deep=True)
    copy.id = COPY
    copy.copy_of = CopyNote(review=REVIEW, source="Sam's laptop", made=date(2026, 11, 20))
    copy.answer("jpd").choose_stage("Embedding")
    copy.answer("mc").evidence = "Two coaching pairs across the schools since January."
    demo_store.save(copy, folder / f"{COPY}.toml", stamp=False)
    return demo_store


def files(store) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.root.glob("*/*.toml"))}


def rows(screen) -> list[tuple[str, str]]:
    table = screen.query_one("#reviews", DataTable)
    return [(str(table.get_row_at(n)[0]), str(table.get_row_at(n)[1])) for n in range(table.row_count)]


async def open_the_copy(pilot):
    await pilot.press("enter", "down", "enter")  # the partnership, its copy (right after the newest review)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ResolveScreen)
    return screen


async def test_a_copy_is_listed_after_its_review_and_never_counted(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        option = str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert option == "Harbourside Learning Partnership  (3 reviews, 1 copy to resolve)"
        assert rows(screen) == [
            ("18 Jun 2026", "finished"),
            ("18 Jun 2026", "copy"),
            ("12 Jun 2025", "finished"),
            ("20 Jun 2024", "finished"),
        ]
        await pilot.press("enter", "down")
        assert text_of(screen.query_one("#review-detail")) == (
            "Copy from Sam's laptop, 20 Nov 2026. Enter compares it with the review, answer by answer, "
            "to keep one or merge them."
        )


async def test_a_partnership_whose_only_file_is_a_copy_is_listed(copy_store, make_app):
    for path in copy_store.root.glob("*/2*.toml"):
        if path.stem != COPY:
            path.unlink()
    app = make_app(copy_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        option = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert option == "Harbourside Learning Partnership  (1 copy to resolve)"
        assert rows(app.screen) == [("18 Jun 2026", "copy")]
        assert "Its review is no longer here" in text_of(app.screen.query_one("#review-detail"))
        await pilot.press("h")  # no history without a review: it says why
        assert any("only a copy" in n.message for n in app._notifications)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResolveScreen)
        assert "no longer in the store" in text_of(app.screen.query_one("#resolve-head"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert list(files(copy_store)) == [f"{REVIEW}.toml"]  # the copy is the review again, under its id


async def test_enter_on_a_copy_compares_it_with_its_review(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_the_copy(pilot)
        assert screen.title == "Harbourside Learning Partnership: the review of 18 Jun 2026"
        assert screen.sub_title == "copy from Sam's laptop, 20 Nov 2026"
        table = screen.query_one(DataTable)
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == [
            "Joint practice development",
            "Mentoring and coaching",
        ]
        assert str(table.get_row_at(0)[3]) == "review"
        detail = text_of(screen.query_one("#resolve-detail"))
        assert "This review: Developing;" in detail
        assert "The copy: Embedding;" in detail


async def test_a_switched_row_is_saved_from_the_copy_and_the_copy_removed(copy_store, make_app):
    review_path = next(copy_store.root.glob(f"*/{REVIEW}.toml"))
    before = copy_store.load(review_path)
    app = make_app(copy_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_the_copy(pilot)
        await pilot.press("space")
        assert screen.keep == {"strand:jpd": "copy", "strand:mc": "review"}
        await pilot.press("down", "enter", "enter")  # Enter switches too: there and back
        assert screen.keep["strand:mc"] == "review"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert [n.message for n in app._notifications if n.title == "Copy resolved"] == [
            "Merged: 1 item from the copy (Joint practice development), the rest from the review; the copy is removed."
        ]
        assert "copy" not in [status for _, status in rows(app.screen)]
        assert "copy to resolve" not in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
    assert list(files(copy_store)) == [f"{d}.toml" for d in ("2024-06-20-demo00", "2025-06-12-demo01", REVIEW)]
    after = copy_store.load(review_path)
    assert after.strands["jpd"].stage == "Embedding"
    assert after.strands["mc"] == before.strands["mc"]
    assert after.copy_of is None


async def test_all_from_one_side_then_the_other(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_the_copy(pilot)
        await pilot.press("c")
        assert set(screen.keep.values()) == {"copy"}
        assert str(screen.query_one(DataTable).get_row_at(1)[3]) == "copy"
        await pilot.press("r")
        assert set(screen.keep.values()) == {"review"}


async def test_escape_leaves_both_as_they_were(copy_store, make_app):
    before = files(copy_store)
    app = make_app(copy_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_copy(pilot)
        await pilot.press("space", "escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert ("18 Jun 2026", "copy") in rows(app.screen)
    assert files(copy_store) == before


async def test_a_copy_with_no_difference_is_simply_removed(demo_store, make_app):
    folder = demo_store.folder_for("Harbourside Learning Partnership")
    copy = demo_store.load(folder / f"{REVIEW}.toml")
    copy.id = COPY
    copy.copy_of = CopyNote(review=REVIEW, source="Sam's laptop", made=date(2026, 11, 20))
    demo_store.save(copy, folder / f"{COPY}.toml", stamp=False)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_the_copy(pilot)
        assert "same answers as the review" in text_of(screen.query_one("#resolve-head"))
        assert not screen.query_one(DataTable).display
        assert "switch" not in {b.binding.action for b in screen.active_bindings.values()}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("same answers" in n.message for n in app._notifications)
    assert f"{COPY}.toml" not in files(demo_store)


async def test_a_copy_open_elsewhere_is_not_resolved(copy_store, make_app):
    from maturitytui.store.locks import SessionLock

    before = files(copy_store)
    app = make_app(copy_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_the_copy(pilot)
        await pilot.press("space")
        with SessionLock(next(copy_store.root.glob(f"*/{REVIEW}.toml"))):
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert app.screen is screen  # still choosing: nothing was changed
        assert any(n.title == "Not resolved" and "open in another copy" in n.message for n in app._notifications)
    assert files(copy_store) == before


# -- sync ---------------------------------------------------------------------


def shown_keys(screen) -> set[str]:
    return {b.binding.key for b in screen.active_bindings.values()}


@pytest.mark.parametrize("state", ["not a working tree", "git fails"])
async def test_a_store_that_is_not_a_working_tree_shows_no_sync(demo_store, make_app, monkeypatch, state):
    if state == "git fails":

        def fails(root):
            raise OSError("git: not found")

        monkeypatch.setattr(syncing, "sync_state", fails)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert "s" not in shown_keys(screen)
        assert not screen.query_one("#sync-line").display
        await pilot.press("s")  # does nothing (the autouse fixture fails the test if sync runs)
        await app.workers.wait_for_complete()


@pytest.fixture
def shared(monkeypatch):
    """A store that is a working tree: its state in words, and what each call to sync did."""
    states = iter(["2 reviews not shared yet", "Everything shared; synced just now"])
    monkeypatch.setattr(SyncState, "words", lambda self: self.remote)
    state = SyncState(ahead=0, behind=0, unshared=2, last_synced=None, remote="")
    monkeypatch.setattr(
        syncing,
        "sync_state",
        lambda root: SyncState(**{**state.__dict__, "remote": next(states, "Everything shared; synced just now")}),
    )
    return monkeypatch


async def test_sync_runs_from_the_start_screen_and_says_what_it_did(demo_store, make_app, shared, rubric):
    started, go_on = threading.Event(), threading.Event()
    calls = []

    def sync(root, **kwargs):
        calls.append(root)
        started.set()
        go_on.wait(10)
        # What another machine shared arrives: a copy of the newest review.
        folder = demo_store.folder_for("Harbourside Learning Partnership")
        copy = demo_store.load(folder / f"{REVIEW}.toml")
        copy.id = COPY
        copy.copy_of = CopyNote(review=REVIEW, source="Sam's laptop", made=date(2026, 11, 20))
        demo_store.save(copy, folder / f"{COPY}.toml", stamp=False)
        return SyncReport(committed=["x"], pushed=True)

    shared.setattr(syncing, "sync", sync)
    shared.setattr(SyncReport, "brief", lambda self: ["Shared 1 review.", "Brought in [b]1 copy[/b]."])
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = app.screen
        line = screen.query_one("#sync-line", Static)
        assert line.display
        assert text_of(line) == "2 reviews not shared yet"
        assert "s" in shown_keys(screen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert any(key == "s" and what == "Sync" for key, what in app.screen.rows)
        await pilot.press("escape")

        await pilot.press("s")
        assert started.wait(10)
        assert text_of(line) == "Syncing…"
        assert screen.check_action("sync", ()) is None  # shown, switched off, while it runs
        await pilot.press("s")  # a second press does nothing
        go_on.set()
        await app.workers.wait_for_complete()
        await settled(pilot)
        assert calls == [demo_store.root]
        (said,) = [n for n in app._notifications if n.title == "Sync"]
        assert said.message == "Shared 1 review.\nBrought in [b]1 copy[/b]."
        assert (said.severity, said.markup) == ("information", False)
        assert ("18 Jun 2026", "copy") in rows(screen)  # the store is read again
        assert text_of(line) == "Everything shared; synced just now"
        assert screen.check_action("sync", ()) is True


async def notice_after_sync(app, severity: str):
    """The one notice of ``severity`` that pressing s leaves, and whether s works again."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("s")
        await settled(pilot)
        (said,) = [n for n in app._notifications if n.severity == severity]
        return said, app.screen.check_action("sync", ())


async def test_an_offline_sync_is_a_warning_notice(demo_store, make_app, shared):
    problem = Problem("sessions", "", "the alliance's copy could not be reached [red]", "check the network")
    shared.setattr(syncing, "sync", lambda root, **kwargs: SyncReport(problem=problem))
    shared.setattr(SyncReport, "brief", lambda self: [str(self.problem)])
    said, _ = await notice_after_sync(make_app(demo_store), "warning")  # nothing lost: not an error
    assert "could not be reached [red]" in said.message
    assert not said.markup


async def test_a_sync_that_raises_is_said_not_a_crash(demo_store, make_app, shared):
    def broken(root, **kwargs):
        raise RuntimeError("git exploded \x1b[2J")

    shared.setattr(syncing, "sync", broken)
    said, again = await notice_after_sync(make_app(demo_store), "error")
    assert said.message == "The sync stopped: git exploded \ufffd[2J"  # made inert: no escape reaches the terminal
    assert again is True


async def test_a_sync_git_refuses_says_why_and_what_to_do(demo_store, make_app, shared):
    from maturitytui.model.errors import SessionError

    def refused(root, **kwargs):
        raise SessionError([Problem(str(root), "", "another sync of this store is running", "wait for it to finish")])

    shared.setattr(syncing, "sync", refused)
    said, _ = await notice_after_sync(make_app(demo_store), "error")
    assert said.message == "Another sync of this store is running: wait for it to finish."


def test_how_the_resolve_screen_looks_at_80x24(snap_compare, copy_store, make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    async def run_before(pilot) -> None:
        await open_the_copy(pilot)
        await pilot.press("space", "down")  # one switched to the copy; the other highlighted, its words below

    assert snap_compare(make_app(copy_store), terminal_size=(80, 24), run_before=run_before)


async def test_a_sync_clients_copy_is_listed_and_resolved_as_gits_are(demo_store, make_app):
    folder = demo_store.folder_for("Harbourside Learning Partnership")
    copy_path = folder / f"{REVIEW}-DESKTOP-7H3K2LP.toml"  # what OneDrive leaves when two laptops saved it
    copy = demo_store.load(folder / f"{REVIEW}.toml")
    copy.answer("jpd").choose_stage("Embedding")
    copy.updated = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    demo_store.save(copy, copy_path, stamp=False)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        option = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert option == "Harbourside Learning Partnership  (3 reviews, 1 copy to resolve)"
        screen = await open_the_copy(pilot)
        assert screen.sub_title == "copy from OneDrive on DESKTOP-7H3K2LP, 20 Nov 2026"
        await pilot.press("c", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "copy" not in [status for _, status in rows(app.screen)]
    assert list(files(demo_store)) == [f"{d}.toml" for d in ("2024-06-20-demo00", "2025-06-12-demo01", REVIEW)]
    assert demo_store.load(folder / f"{REVIEW}.toml").strands["jpd"].stage == "Embedding"


async def test_back_from_a_copy_the_start_screen_is_where_it_was_left(copy_store, make_app):
    app = make_app(copy_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_copy(pilot)
        await pilot.press("escape")  # nothing resolved: back on the copy's row, in the reviews
        await pilot.pause()
        table = app.screen.query_one("#reviews", DataTable)
        assert app.focused is table
        assert rows(app.screen)[table.cursor_row] == ("18 Jun 2026", "copy")
        await pilot.press("enter", "c", "ctrl+s")  # resolved: on the review it was made one with
        await pilot.pause()
        assert app.focused is table
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value.endswith(f"{REVIEW}.toml")
