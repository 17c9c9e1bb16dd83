"""What a facilitated review looks like: the room beside a step, the presenter layout, a participant's screen."""

from __future__ import annotations

import pytest
from conftest import make_host

from maturitytui.room.guest import code_digest
from maturitytui.ui.app import MaturityApp
from maturitytui.ui.screens.join import SeatScreen
from maturitytui.ui.served import ServedApp

from .conftest import ROOM_CODE as CODE
from .conftest import room_on_jpd


def opened(pilot_keys=()):
    async def run_before(pilot) -> None:
        await pilot.press("enter", "enter")
        await pilot.pause()
        if pilot_keys:
            await pilot.press(*pilot_keys)
            await pilot.pause()

    return run_before


def test_the_room_beside_a_strand(snap_compare, room_store, rubric):
    assert snap_compare(MaturityApp(rubric, room_store), terminal_size=(140, 40), run_before=opened())


@pytest.mark.parametrize("size", [(120, 40), (200, 60)])
def test_presenter_layout(snap_compare, room_store, rubric, size):
    assert snap_compare(MaturityApp(rubric, room_store), terminal_size=size, run_before=opened(("v", "p")))


def test_a_participants_own_screen(snap_compare, room_store, rubric, monkeypatch):
    monkeypatch.setattr("maturitytui.room.guest.new_pin", lambda: "482913")  # the same picture every run
    assembly = make_host().assemble(None)

    async def join(pilot) -> None:
        room_on_jpd(room_store)  # the facilitator's program publishes the step; here the room is moved by hand
        await pilot.pause()
        await pilot.press(*CODE, "enter")
        await pilot.app.workers.wait_for_complete()  # the seats show once the rubric is assembled
        await pilot.pause()
        assert isinstance(pilot.app.screen, SeatScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()

    app = ServedApp(room_store, assemble=lambda: assembly, facilitator_digest=code_digest("11112222"))
    assert snap_compare(app, terminal_size=(100, 34), run_before=join)


def test_the_room_under_a_strand_on_a_narrow_terminal(snap_compare, room_store, rubric):
    assert snap_compare(MaturityApp(rubric, room_store), terminal_size=(80, 24), run_before=opened())
