"""What each screen looks like, at 80×24 and at 120×40, on the demo partnership."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from maturitytui.demo import demo_sessions
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.app import MaturityApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture
def demo_app(tmp_path, monkeypatch, rubric):
    # Paths on screen are shown relative to the current folder.
    monkeypatch.chdir(tmp_path)
    store = SessionStore(tmp_path / "sessions")
    for session in demo_sessions(rubric):
        store.save(session, stamp=False)
    return MaturityApp(rubric, store)


def open_latest_at(step: str):
    async def run_before(pilot) -> None:
        await pilot.press("enter", "enter")  # the partnership, then its newest review, finished: open to read
        await pilot.pause()
        await pilot.press("ctrl+e", "enter")  # opened again to be changed, as it is shown being changed
        await pilot.pause()
        await pilot.app.screen.go_to(step)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestScreens:
    def test_start(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size])

    def test_grid(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=open_latest_at("grid"))

    def test_strand(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=open_latest_at("strand:jpd"))

    def test_criteria(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=open_latest_at("criteria"))

    def test_summary(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=open_latest_at("summary"))

    def test_new_review_dialog(self, snap_compare, demo_app, size):
        async def run_before(pilot) -> None:
            await pilot.press("n")
            await pilot.pause()
            for field in pilot.app.screen.query(Input):
                field.cursor_blink = False  # a steady cursor, so the picture does not depend on timing

        assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=run_before)

    def test_history(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size], press=["h"])

    def test_history_grid(self, snap_compare, demo_app, size):
        async def run_before(pilot) -> None:
            await pilot.press("h")
            await pilot.pause()
            pilot.app.screen.query_one("#history-grid").scroll_visible(animate=False, top=True)
            await pilot.pause()

        assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=run_before)

    def test_compare(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size], press=["h", "c"])

    def test_alliance(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size], press=["a"])

    def test_trust_audit(self, snap_compare, demo_app, size):
        async def run_before(pilot) -> None:
            await pilot.press("n")  # a new review of the demo partnership
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screen = pilot.app.screen
            await screen.go_to("tool:staff-trust-in-colleagues")
            await pilot.pause()
            for person in range(5):
                await pilot.press("r")
                await pilot.pause()
                await pilot.press(*[str((person + item) % 4 + 1) for item in range(10)])
                await pilot.pause()
            pilot.app.clear_notifications()  # the carried-forward note would cover the summary
            await pilot.pause()

        assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=run_before)

    def test_ties_guide(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=open_latest_at("tool:ties"))
