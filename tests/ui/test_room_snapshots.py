"""What a facilitated review looks like at the front: the room beside a step, the presenter layout.

Participants answer on web pages (tests/web/).
"""

from __future__ import annotations

import pytest

from maturitytui.ui.app import MaturityApp


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


def test_the_room_under_a_strand_on_a_narrow_terminal(snap_compare, room_store, rubric):
    assert snap_compare(MaturityApp(rubric, room_store), terminal_size=(80, 24), run_before=opened())
