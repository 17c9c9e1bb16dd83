"""A facilitated review at the front: the room panel, rows typed in, reveal, reasons, timer and presenter layout."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from maturitytui.room import read_room, room_folder, write_ratings
from maturitytui.ui.screens.facilitated import FacilitatedReviewScreen
from maturitytui.ui.screens.presenter import PresenterScreen
from maturitytui.ui.widgets.room_panel import RoomPanel

from .conftest import text_of

PEOPLE = [("Ann Okafor", "Harbourside"), ("Bo Lewis", "Harbourside"), ("Cy Patel", "Kestrel")]


@pytest.fixture
def room_at(store, make_app):
    """Open a new facilitated review of "Town Trio" at a step."""

    @asynccontextmanager
    async def opened(step: str, *, anonymous: bool = False, size=(140, 44)):
        app = make_app(store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            app.start_review("Town Trio", ["Harbourside", "Kestrel"], [], people=PEOPLE, anonymous=anonymous)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, FacilitatedReviewScreen)
            await screen.go_to(step)
            await pilot.pause()
            yield pilot, screen

    return opened


def panel(screen) -> str:
    return text_of(screen.query_one(RoomPanel))


async def test_ratings_typed_at_the_front_show_as_a_spread_then_the_agreed_rating_and_why(room_at):
    async with room_at("strand:jpd") as (pilot, screen):
        assert "0 of 3 rated" in panel(screen)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"1 3 -", "enter")
        await pilot.pause()
        assert "2 of 3 rated" in panel(screen)
        assert "Hidden until everyone has rated" in panel(screen) and "Waiting for: Cy Patel" in panel(screen)
        await pilot.press("r")  # the facilitator shows them now
        await pilot.pause()
        assert "Views differ widely (Beginning to Embedding)" in panel(screen)
        await pilot.press("3")  # the agreed rating is the strand's own answer
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"Joint planning in two schools", "enter")
        await pilot.pause()
        assert "Agreed: Embedding — Joint planning in two schools" in panel(screen)
        session = screen.context.session
        assert session.strands["jpd"].stage == "Embedding"
        assert session.facilitation.ratings["strand:jpd"] == {"p1": "Beginning", "p2": "Embedding"}
        assert session.facilitation.reasons["strand:jpd"] == "Joint planning in two schools"
        assert screen.flush() is None
        saved = screen.store.load(screen.context.path)
        assert saved.facilitation.ratings == session.facilitation.ratings


async def test_a_participants_file_reaches_the_panel(room_at):
    async with room_at("strand:jpd") as (pilot, screen):
        write_ratings(screen.context.path, "p3", {"strand:jpd": "Leading"})
        await screen.look_at_room()
        await pilot.pause()
        assert "1 of 3 rated" in panel(screen)
        room = read_room(screen.context.path)
        assert room.step == "strand:jpd" and room.questions == ("strand:jpd",) and room.open


async def test_presenter_layout_shows_the_step_and_the_timer(room_at):
    async with room_at("strand:jpd", size=(120, 40)) as (pilot, screen):
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(screen.app.screen, PresenterScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.app.screen is screen
