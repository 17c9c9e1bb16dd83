"""A large store's start screen lists at once from its index as the last run left it, then checks the store
and brings the list up to date where the user is."""

from __future__ import annotations

import shutil
import threading
from datetime import date

import pytest
from textual.widgets import DataTable, OptionList

from maturitytui.model.session import Session
from maturitytui.store.index import INDEX_NAME
from maturitytui.store.names import partnership_key
from maturitytui.ui.screens.review import ReviewScreen
from maturitytui.ui.screens.start import NEW, StartScreen

NAMES = [f"Partnership {n:02d}" for n in range(40)]
TWICE = "Partnership 30"
"""Reviewed twice (the others once): a table with a second row to highlight."""


@pytest.fixture
def large(store, rubric, monkeypatch):
    """Forty partnerships, indexed; the start screen counts them as a large store."""
    monkeypatch.setattr(StartScreen, "READ_IN_BACKGROUND_FROM", 10)
    for name in NAMES:
        for year in (2025, 2026) if name == TWICE else (2026,):
            session = Session.start(name, rubric, review_date=date(year, 3, 1))
            session.status = "complete"
            store.save(session, stamp=False)
    store.listing().close()
    return store


@pytest.fixture
def held(monkeypatch):
    """Hold the store's check (its listing) until the test lets it go; the index as left is read all the same."""

    def hold(store) -> threading.Event:
        go_on = threading.Event()
        real_listing = store.listing

        def held_listing(progress=None, **kwargs):
            go_on.wait(timeout=30)
            return real_listing(progress, **kwargs)

        monkeypatch.setattr(store, "listing", held_listing)
        return go_on

    return hold


def ids(options: OptionList) -> list[str | None]:
    return [options.get_option_at_index(n).id for n in range(options.option_count)]


def key(name: str) -> str:
    return partnership_key(name)


async def test_the_list_shows_the_index_as_left_then_the_store_as_it_is(large, make_app, rubric, held):
    shutil.rmtree(large.folder_for("Partnership 02"))  # gone since the last run
    added = Session.start("Partnership 99", rubric, review_date=date(2026, 5, 1))
    large.save(added)
    go_on = held(large)
    app = make_app(large)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        options = start.query_one("#partnerships", OptionList)
        table = start.query_one(DataTable)
        # At once, from the index: "Partnership 02" is still there, and the one added since is not yet.
        assert ids(options)[:4] == [key(n) for n in NAMES[:4]]
        assert key("Partnership 99") not in ids(options)
        assert start.check_action("new_review", ()) is None  # what acts on the store waits for the check
        await pilot.press(*["down"] * 30)  # to "Partnership 30", past the list's height
        await pilot.press("tab", "down")  # its older review
        await pilot.pause()
        assert options.highlighted_option.id == key(TWICE)
        on_screen = options.highlighted - options.scroll_y
        assert options.scroll_y > 0
        older = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert table.cursor_row == 1

        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert start.check_action("new_review", ()) is True
        assert key("Partnership 02") not in ids(options)
        assert ids(options)[-2:] == [key("Partnership 99"), NEW]
        # Where the user was: the same partnership on the same line of the list, its same review, the focus.
        assert options.highlighted_option.id == key(TWICE)
        assert options.highlighted - options.scroll_y == on_screen
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == older
        assert app.focused is table


async def test_a_highlighted_partnership_gone_since_gives_its_place_to_the_next(large, make_app, held):
    go_on = held(large)
    app = make_app(large)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#partnerships", OptionList)
        await pilot.press("down", "down")
        assert options.highlighted_option.id == key("Partnership 02")
        shutil.rmtree(large.folder_for("Partnership 02"))
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert options.highlighted_option.id == key("Partnership 03")


async def test_a_store_unchanged_since_keeps_the_list_as_drawn_and_says_nothing(large, make_app, held, monkeypatch):
    monkeypatch.setattr("maturitytui.store.index.RACY_NS", 0)  # written a moment ago, and trusted
    go_on = held(large)
    told: list[object] = []
    app = make_app(large)
    async with app.run_test(size=(80, 24), message_hook=told.append) as pilot:
        await pilot.pause()
        start = app.screen
        options = start.query_one("#partnerships", OptionList)
        first = options.get_option_at_index(0)
        await pilot.press("down", "down")
        assert not [m for m in told if isinstance(m, StartScreen.Ready)]  # the store is not checked yet
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert options.get_option_at_index(0) is first  # not drawn again
        assert options.highlighted == 2
        assert start.listing is not None
        assert not start.listing.changed
        assert [m for m in told if isinstance(m, StartScreen.Ready)]
        assert not app._notifications


async def test_a_review_gone_since_is_not_opened_from_the_list_as_left(large, make_app, held):
    go_on = held(large)
    app = make_app(large)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.screen
        (review,) = large.folder_for("Partnership 00").glob("*.toml")
        review.unlink()
        await pilot.press("enter", "enter")  # the partnership, then its review, still listed
        await pilot.pause()
        assert app.screen is start  # the file is read afresh: gone, so not opened
        assert [n.title for n in app._notifications] == ["Could not open the review"]
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert key("Partnership 00") not in ids(start.query_one("#partnerships", OptionList))
        assert not isinstance(app.screen, ReviewScreen)


@pytest.mark.parametrize("left", ["none", "damaged", "another version's"])
async def test_without_an_index_to_trust_the_store_is_read_first(large, make_app, held, left):
    import sqlite3

    index = large.root / INDEX_NAME
    if left == "none":
        index.unlink()
    elif left == "damaged":
        index.write_bytes(b"not a database at all" * 100)
    else:
        with sqlite3.connect(index) as db:
            db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
        db.close()
    go_on = held(large)
    app = make_app(large)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#partnerships", OptionList)
        assert ids(options) == [None]  # "Reading the reviews of 40 partnerships…"
        assert "Reading the reviews of 40 partnerships" in str(options.get_option_at_index(0).prompt)
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ids(options) == [*map(key, NAMES), NEW]
