"""Control characters in a name, a note or a plugin's title never reach the terminal the app draws on.

What the screen draws is read back line by line, as the terminal would be sent it: every control character is
shown as U+FFFD (a tab as a space), so an escape sequence in a shared review file can neither clear the screen
nor set the window's title nor write the clipboard.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date

import tomli_w
from conftest import bad_input, make_host
from hypothesis import HealthCheck, example, given, settings
from strategies import CONTROLS, EVERY_CONTROL, hostile_text
from textual.widgets import Input

from maturitytui.model.inert import STAND_IN, inert
from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.app import MaturityApp
from maturitytui.ui.screens.alliance import AllianceScreen
from maturitytui.ui.screens.compare import CompareScreen
from maturitytui.ui.screens.history import HistoryScreen
from maturitytui.ui.screens.review import ReviewScreen
from maturitytui.ui.screens.start import StartScreen
from maturitytui.ui.widgets.title_bar import TitleBar

RAW = re.compile("[\x00-\x1f\x7f-\x9f]")
"""What must never be drawn: a line of the screen holds no line break either."""
EVERY = EVERY_CONTROL
hostile = hostile_text("Hill Trust é 学校 [b] ", 6)


def shows_a_stand_in(text: str) -> bool:
    """Whether ``text`` has a control character drawn as U+FFFD (a tab alone is drawn as a space)."""
    return any(ch in text for ch in CONTROLS if ch != "\t")


def screen_lines(app) -> list[str]:
    """Every line on the screen, as the terminal is sent it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def widget_lines(widget) -> list[str]:
    """Every line a widget draws, those scrolled out of view too."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def assert_inert(lines: list[str], where: str) -> None:
    for line in lines:
        found = RAW.search(line)
        assert found is None, f"{where}: {found.group()!r} drawn as it is in {line!r}"


def assert_screen_inert(app, where: str) -> str:
    """Check what the screen shows and every line of every widget on it (those scrolled out of view too); the
    screen's text, for the test to look for what it should show."""
    shown = screen_lines(app)
    assert_inert(shown, where)
    for widget in app.screen.walk_children():
        if widget.display and widget.size.area:
            assert_inert(widget_lines(widget), f"{where}, {widget!r}")
    return "\n".join(shown)


async def walk(rubric, store: SessionStore, partnership: str, person: str, title: str, evidence: str) -> None:
    app = MaturityApp(rubric, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        shown = assert_screen_inert(app, "the start screen")
        assert "Kestrel" in shown
        if shows_a_stand_in(partnership + person):
            assert STAND_IN in shown  # the partnership's list and who took part: shown, not dropped

        await pilot.press("n")  # a new review, its fields filled in from the last one
        await pilot.pause()
        assert_screen_inert(app, "the new review dialog")
        assert app.screen.query_one("#name", Input).value == partnership  # shown inert, kept exactly
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.sub_title == inert(partnership)
        assert "Governance" in assert_screen_inert(app, "the history screen")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert_screen_inert(app, "the comparison")
        await pilot.press("escape", "escape")
        await pilot.pause()

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AllianceScreen)
        assert "Kestrel" in assert_screen_inert(app, "every partnership")
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("enter", "enter")  # the partnership, then its review
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert str(review.query_one(TitleBar).content).startswith(inert(partnership))
        assert_screen_inert(app, "the review's first step")
        await review.go_to("strand:fg")
        await pilot.pause()
        assert "Governance" in assert_screen_inert(app, "the strand a plugin renamed, its question and its evidence")
        # A text area takes what str.splitlines takes for a line break (\v, \f, \x1c-\x1e, \x85) as one.
        in_area = "".join(ch for ch in evidence if len(f"a{ch}b".splitlines()) == 1)
        for part, holds in (("#strand-heading", title), ("#questions", title), ("EvidenceArea", in_area)):
            if shows_a_stand_in(holds):
                assert STAND_IN in "".join(widget_lines(review.query_one(part))), part
        for step in ("criteria", "summary"):
            await review.go_to(step)
            await pilot.pause()
            assert_screen_inert(app, f"the {step} step")
        await pilot.press("ctrl+q")
    # Shown inert, kept exactly: nothing was typed, so the file still holds what it held.
    assert store.load(store.path_for(review.context.session)).answer("fg").evidence == evidence


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=hostile, person=hostile, title=hostile)
@example(name=EVERY, person=EVERY, title=EVERY)
def test_control_characters_are_drawn_inert_on_every_screen(tmp_path_factory, name, person, title):
    bad_input("generated control characters in names and titles (app)")
    plugins = tmp_path_factory.mktemp("plugins")
    change = {
        "kind": "rubric-change",
        "ops": [
            {"op": "update_strand", "strand": "fg", "title": f"Governance {title}"},
            {"op": "add_questions", "strand": "fg", "questions": [{"text": f"Who {title}?"}]},
        ],
    }
    (plugins / "hostile.toml").write_text(tomli_w.dumps(change), encoding="utf-8")
    assembly = make_host(plugins).assemble()
    assert not assembly.errors
    store = SessionStore(tmp_path_factory.mktemp("store"))
    partnership = f"Kestrel {name}"
    earlier = Session.start(partnership, assembly.rubric, review_date=date(2025, 6, 1), participants=[person])
    earlier.answer("fg").choose_stage("Beginning")
    earlier.answer("fg").evidence = f"Minutes {person}"
    earlier.status = "complete"
    later = Session.start(partnership, assembly.rubric, review_date=date(2026, 6, 1), participants=[person])
    later.answer("fg").evidence = f"Minutes {person}\nand more"
    for session in (earlier, later):
        store.save(session, stamp=False)
    evidence = later.answer("fg").evidence
    asyncio.run(walk(assembly.rubric, store, partnership, person, f"Governance {title}", evidence))
