"""The summary shows the plan before finishing, and prints; the history prints the partnership's report."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturitytui.ui import printing
from maturitytui.ui.screens.history import HistoryScreen
from maturitytui.ui.steps.summary_step import SummaryStep
from tests.ui.conftest import text_of


async def open_latest_summary(pilot) -> SummaryStep:
    await pilot.press("enter", "enter")  # the partnership, then its newest review: finished, open to read
    await pilot.pause()
    await pilot.app.screen.go_to("summary")
    await pilot.pause()
    return pilot.app.screen.query_one(SummaryStep)


def notices(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_the_summary_lists_the_action_plan_before_finishing(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        summary = await open_latest_summary(pilot)
        shown = " ".join(text_of(w) for w in summary.query(".plan, #focus, #evidence, .section"))
        session = app.screen.context.session
        steps = [a for answer in session.strands.values() for a in answer.actions]
        assert steps, "the demo's latest review has next steps"
        assert f"Action plan ({len(steps)} next steps)" in shown
        for action in steps:
            assert action.text in shown
            if action.owner:
                assert action.owner in shown
        assert "Focus for the coming year: " in shown
        assert "Evidence written for 3 of 11 strands." in shown  # one strand judged not applicable


@pytest.mark.parametrize("display", [False, True])
async def test_p_on_the_summary_writes_the_report_beside_the_store_and_opens_it_or_says_where(
    demo_store, make_app, monkeypatch, display
):
    opened: list[str] = []
    monkeypatch.setattr(printing, "can_open_a_browser", lambda: display)
    app = make_app(demo_store)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_latest_summary(pilot)
        await pilot.press("p")
        await pilot.pause()
        reports = list((demo_store.root.parent / "reports").iterdir())
        assert [r.name for r in reports] == ["harbourside-learning-partnership-2026-06-18-report.html"]
        page = reports[0].read_text(encoding="utf-8")
        assert "<title>Harbourside Learning Partnership: partnership review</title>" in page
        assert opened == ([reports[0].as_uri()] if display else [])
        said = notices(app)
        assert "reports/harbourside-learning-partnership-2026-06-18-report.html" in said
        assert ("Opened in your browser" in said) is display
        assert ("none can be opened from this terminal" in said) is not display
        # Printing again makes the page afresh over the last one: nothing piles up, nothing is asked.
        await pilot.press("p")
        await pilot.pause()
        assert len(list((demo_store.root.parent / "reports").iterdir())) == 1


async def test_p_on_the_history_prints_the_partnerships_report(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")  # the highlighted partnership's history
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("p")
        await pilot.pause()
        report = demo_store.root.parent / "reports" / "harbourside-learning-partnership-report.html"
        assert report.is_file()
        assert "reports/harbourside-learning-partnership-report.html" in notices(app)


async def test_a_report_that_cannot_be_written_says_why_and_where(demo_store, make_app):
    (demo_store.root.parent / "reports").write_text("not a folder", encoding="utf-8")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_latest_summary(pilot)
        await pilot.press("p")
        await pilot.pause()
        said = notices(app)
        assert "reports" in said
        assert "could not make the reports folder" in said
        assert Path(demo_store.root.parent / "reports").read_text(encoding="utf-8") == "not a folder"
