"""The history, comparison and alliance screens, and next steps carried into a new review, driven by keys."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from maturitytui.ui.dialogs.report import ReportDialog
from maturitytui.ui.screens.alliance import AllianceScreen
from maturitytui.ui.screens.compare import CompareScreen
from maturitytui.ui.screens.history import HistoryScreen
from maturitytui.ui.screens.review import ReviewScreen
from maturitytui.ui.steps.strand_step import ActionList, StrandStep

from .conftest import text_of


@pytest.fixture
def history_open(demo_store, make_app):
    """The demo partnership's history, open: ``async with history_open() as (app, pilot)``."""

    @asynccontextmanager
    async def opened():
        app = make_app(demo_store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("h")
            await pilot.pause()
            yield app, pilot

    return opened


async def test_history_shows_stages_grid_and_criteria_over_time(history_open, rubric):
    async with history_open() as (app, _pilot):
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert [s.id for s in screen.history.reviews] == ["2024-06-20-demo00", "2025-06-12-demo01", "2026-06-18-demo02"]
        stages = text_of(screen.query_one("#history-stages"))
        for strand in rubric.strands():
            assert strand.title[:20] in stages  # a long name wraps: its start is on the first line
        assert "▂ Beginning ▂ Beginning ▄ Developing ↑" in stages  # joint practice development
        grid = screen.query_one("#history-grid").render().plain
        assert "○1" in grid
        assert "○2" in grid
        assert "●3" in grid
        assert "◆3" in grid
        criteria = text_of(screen.query_one("#history-criteria"))
        assert "○ / ○ ◐ / ○ ◐ / ◐" in criteria
        actions = text_of(screen.query_one("#history-actions"))
        assert "dropped" in actions
        assert "agreed 20 Jun 2024" in actions


async def test_compare_two_picked_reviews_and_back(history_open):
    async with history_open() as (app, pilot):
        await pilot.press("up", "up", "space", "down", "down", "space", "c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert (screen.comparison.earlier.id, screen.comparison.later.id) == ("2024-06-20-demo00", "2026-06-18-demo02")
        head = text_of(screen.query_one("#compare-head"))
        assert "7 strands moved up, 0 moved back, 4 stayed the same." in head
        strands = text_of(screen.query_one("#compare-strands"))
        assert "Four cross-school triads" in strands
        assert "The heads know each other" in strands
        assert "2 of 3 steps nearer" in text_of(screen.query_one("#compare-grid-text"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_compare_without_picks_uses_the_review_before(history_open):
    async with history_open() as (app, pilot):
        await pilot.press("c")
        await pilot.pause()
        assert (app.screen.comparison.earlier.id, app.screen.comparison.later.id) == (
            "2025-06-12-demo01",
            "2026-06-18-demo02",
        )


async def test_compare_stacks_the_evidence_under_each_strand_when_narrow(history_open):
    async with history_open() as (app, pilot):
        await pilot.press("c")
        await pilot.pause()
        strands = app.screen.query_one("#compare-strands")
        assert len(strands.content.columns) == 6  # 120 columns: the evidence beside the stages
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        table = strands.content
        assert len(table.columns) == 4
        assert "Jun 2025: Joint training day in January" in " ".join(text_of(strands).split())


async def test_report_from_the_app(history_open, tmp_path):
    target = tmp_path / "governors.html"
    async with history_open() as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        dialog.query_one("#path").value = str(target)
        dialog.confirm()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
    page = target.read_text(encoding="utf-8")
    assert 'id="partnership-grid"' in page
    assert "Harbourside Learning Partnership" in page


async def test_a_report_that_cannot_be_written_says_so_and_keeps_the_dialog(history_open, tmp_path):
    async with history_open() as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#path").value = str(tmp_path / "no" / "such" / "folder" / "r.html")
        dialog.confirm()
        await pilot.pause()
        assert app.screen is dialog
        assert "does not exist" in text_of(dialog.query_one(".error"))


async def test_alliance_lists_every_partnership_and_opens_a_history(demo_store, make_app, rubric):
    from maturitytui.model.session import Session

    demo_store.save(Session.start("Moorland Federation", rubric))
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AllianceScreen)
        table = screen.query_one("DataTable")
        assert table.row_count == 2
        assert [str(table.get_row_at(n)[0]) for n in range(2)] == [
            "Harbourside Learning Partnership",
            "Moorland Federation",
        ]
        assert "5 up, 0 back, 6 same since 12 Jun 2025" in table.get_row_at(0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_a_new_review_carries_forward_the_steps_left_open(demo_store, make_app):
    app = make_app(demo_store, partnership="Harbourside Learning Partnership")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        session = screen.context.session
        carried = [(sid, a) for sid, answer in session.strands.items() for a in answer.actions]
        assert sorted((sid, a.text) for sid, a in carried) == [
            ("ec", "Heads to try a first round of reciprocal visits with an experienced NLE as broker"),
            ("jpd", "Extend triads to English and early reading"),
        ]
        assert all(a.to_mark and a.carried_from == "2026-06-18-demo02" for _, a in carried)
        assert {sid for sid, answer in session.strands.items() if answer.focus} == {"jpd", "ec", "cmp"}

        # Mark the JPD step done with a note, from its strand.
        await screen.go_to("strand:jpd")
        await pilot.pause()
        step = screen.query_one(StrandStep)
        assert "1 carried step to mark" in text_of(step.query_one("#strand-status"))
        step.query_one(ActionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert "Carried forward from the review of 18 Jun 2026" in text_of(dialog.query_one(".hint"))
        assert app.focused is dialog.query_one("#status")  # how it went is what is asked first
        dialog.query_one("#status").value = "done"
        dialog.query_one("#note").value = "English triads started in January"
        dialog.confirm()
        await pilot.pause()
        marked = step.answer.actions[0]
        assert (marked.status, marked.note, marked.to_mark) == ("done", "English triads started in January", False)


@asynccontextmanager
async def carried_step_on_ec(demo_store, make_app):
    """A new review of the demo partnership, on the strand whose step was carried forward, the step list in focus."""
    app = make_app(demo_store, partnership="Harbourside Learning Partnership")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.go_to("strand:ec")
        await pilot.pause()
        step = app.screen.query_one(StrandStep)
        step.query_one(ActionList).focus()
        yield app, pilot, step


async def test_dropping_a_step_needs_a_reason(demo_store, make_app):
    async with carried_step_on_ec(demo_store, make_app) as (app, pilot, step):
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#status").value = "dropped"
        dialog.confirm()
        await pilot.pause()
        assert app.screen is dialog
        assert "Say why it was dropped" in text_of(dialog.query_one(".error"))
        assert step.answer.actions[0].status == "open"


async def test_report_on_the_highlighted_review_from_the_app(demo_store, make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h", "up", "r")  # the June 2025 review
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#scope").value = "one"
        dialog.query_one("#format").value = "md"
        await pilot.pause()
        assert dialog.query_one("#path").value == str(
            tmp_path / "harbourside-learning-partnership-2025-06-12-report.md"
        )
        dialog.confirm()
        await pilot.pause()
    text = (tmp_path / "harbourside-learning-partnership-2025-06-12-report.md").read_text(encoding="utf-8")
    assert "12 Jun 2025" in text
    assert "18 Jun 2026" not in text


@pytest.mark.posix_only("asserts the report's 0600 mode, which NTFS does not keep")
async def test_a_report_asks_before_replacing_a_file_and_never_goes_into_the_store(history_open, demo_store, tmp_path):
    existing = tmp_path / "governors.html"
    existing.write_text("keep me")
    async with history_open() as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        review_file = next(demo_store.root.glob("*/*.toml"))
        for refused in (review_file, demo_store.root / "r.html"):
            dialog.query_one("#path").value = str(refused)
            dialog.confirm()
            await pilot.pause()
            assert app.screen is dialog
        assert "inside the session store" in text_of(dialog.query_one(".error"))
        dialog.query_one("#path").value = str(existing)
        dialog.confirm()
        await pilot.pause()
        assert app.screen is dialog
        assert "Press OK again to replace it" in text_of(dialog.query_one(".error"))
        assert existing.read_text() == "keep me"
        dialog.confirm()
        await pilot.pause()
        assert app.screen is not dialog
    assert 'id="partnership-grid"' in existing.read_text()
    assert oct(existing.stat().st_mode & 0o777) == "0o600"
    assert len(list(demo_store.root.glob("*/*.toml"))) == 3
    assert not (demo_store.root / "r.html").exists()


def test_the_grid_over_time_shows_every_review_in_a_shared_cell(rubric):
    from maturitytui.model.session import Cell
    from maturitytui.ui.widgets.journey_grid import JourneyGrid, Stop

    here, there = Cell(integration=1, nature=1), Cell(integration=3, nature=4)
    grid = JourneyGrid(rubric.grid, [Stop(here, there, "1"), Stop(here, there, "2"), Stop(here, there, "3")])
    glyphs = grid._glyphs()
    assert glyphs[(1, 1)] == ("○1,2●3", "grid--current")
    assert glyphs[(4, 3)][0] == "◇1,2◆3"


def test_the_history_shows_the_latest_reviews_when_they_do_not_all_fit(rubric):
    from datetime import date

    from maturitytui.analysis.history import history_of
    from maturitytui.model.session import Session, StrandAnswer
    from maturitytui.ui.widgets.timeline import fit, stage_table

    sessions = []
    for year in range(2010, 2026):
        session = Session.start("Long Road", rubric, review_date=date(year, 6, 1))
        session.strands = {"jpd": StrandAnswer(stage="Leading" if year == 2025 else "Beginning")}
        sessions.append(session)
    history = history_of(rubric, sessions)
    assert fit(history, 400) == (False, 16)
    compact, shown = fit(history, 118)
    assert compact
    assert 0 < shown < 16
    table = stage_table(history, compact, shown)
    assert [str(c.header) for c in table.columns[1:-1]] == [str(n) for n in range(17 - shown, 17)]


async def test_the_history_is_read_again_after_a_review_opened_from_it(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h", "enter")  # the newest review, finished: it opens on its summary, to read
        await pilot.pause()
        await pilot.press("ctrl+e", "enter")  # opened again to be changed
        await pilot.pause()
        review_screen = app.screen
        assert isinstance(review_screen, ReviewScreen)
        assert not review_screen.context.read_only
        await review_screen.go_to("strand:dsi")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        review_screen.flush()
        app.pop_screen()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.history.series("dsi")[-1] == "Leading"
        assert "█ Leading" in text_of(screen.query_one("#history-stages"))


async def test_a_carried_step_cannot_be_deleted_only_marked(demo_store, make_app):
    async with carried_step_on_ec(demo_store, make_app) as (_app, pilot, step):
        await pilot.press("delete")
        await pilot.pause()
        assert len(step.answer.actions) == 1
        assert step.answer.actions[0].to_mark


async def test_a_closed_review_screen_is_freed(demo_store, make_app):
    import gc
    import weakref

    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        screen = weakref.ref(app.screen)
        await pilot.press("h")  # back to the list: the store is read again
        await pilot.pause()
        await pilot.pause()
        gc.collect()
        assert screen() is None  # not frozen away with the store's summaries


async def test_the_history_says_which_review_is_one_schools_own_view(store, make_app, rubric):
    from datetime import date

    from maturitytui.model.session import Session

    for school, day in (("", date(2025, 5, 1)), ("Kestrel [b]", date(2026, 5, 1))):
        session = Session.start("Town Trio", rubric, review_date=day, by_school=school)
        session.status = "complete"
        store.save(session)
    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        app.open_history("town trio")
        await pilot.pause()
        shown = text_of(app.screen.query_one("#history-grid-legend"))
        assert "1 May 2026 (Kestrel [b]'s view)" in shown
        assert " 1 May 2025 (" not in shown
        # A school's name heads a column of the chart as typed: square brackets are not markup there either.
        assert "Kestrel [b]'s view" in text_of(app.screen.query_one("#history-stages"))


async def test_the_alliance_views_hidden_columns_are_a_key_away_on_a_narrow_screen(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        table = app.screen.query_one("#alliance")
        assert table.max_scroll_x > 0  # wider than the screen, as its heading says
        await pilot.press("right")
        await pilot.pause()
        assert table.scroll_x >= table.scrollable_content_region.width // 2
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert table.scroll_x == table.max_scroll_x  # the last columns, reached in a few presses
        await pilot.press("left", "left", "left", "left")
        await pilot.pause()
        assert table.scroll_x == 0
