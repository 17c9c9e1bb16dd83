"""The day of a review and who took part, set when it starts and changed later; notes on the grid and criteria."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, TextArea

from maturitytui.ui.dialogs.common import DetailsDialog, NewReviewDialog, NoteDialog
from maturitytui.ui.screens.review import ReviewScreen

from .conftest import text_of, type_text


def saved(store):
    (stored,) = store.scan().sessions
    return stored.session


async def replace_text(pilot, field: Input, text: str) -> None:
    field.focus()
    field.value = ""
    await type_text(pilot, text)


async def test_a_review_held_last_week_is_entered_today_with_its_own_day(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, NewReviewDialog)
        day_field = dialog.query_one("#day", Input)
        assert day_field.value == "22 Nov 2026"  # today, as every screen writes a date
        await type_text(pilot, "Town Trio")
        await replace_text(pilot, day_field, "1 Dec 2026")
        await pilot.press("enter")
        await pilot.pause()
        assert "is after today" in text_of(dialog.query_one(".error"))
        assert app.focused is day_field
        await replace_text(pilot, day_field, "15/11/2026")
        await pilot.press("enter")  # on to the people
        await type_text(pilot, "Ann, Bob")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.sub_title == "review of 15 Nov 2026"
    session = saved(store)
    assert session.review_date == date(2026, 11, 15)
    assert session.id.startswith("2026-11-15-")
    assert session.participants == ["Ann", "Bob"]


async def test_the_day_and_the_people_are_changed_from_the_review_and_saved(store, review_at):
    async with review_at("summary", size=(80, 24)) as (pilot, screen):
        assert "d changes the day or who took part" in text_of(screen.query_one("#held"))
        await pilot.press("d")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, DetailsDialog)
        await replace_text(pilot, dialog.query_one("#day", Input), "not a day")
        await pilot.press("enter")
        await pilot.pause()
        assert "'not a day' is not a date: write it as 31 Mar 2027" in text_of(dialog.query_one(".error"))
        await replace_text(pilot, dialog.query_one("#day", Input), "2026-11-20")
        await pilot.press("enter")
        await replace_text(pilot, dialog.query_one("#participants", Input), "Cy, Di")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.sub_title == "review of 20 Nov 2026"
        assert text_of(screen.query_one("#held")).startswith("Review of 20 Nov 2026 with Cy, Di")
        screen.flush()
    session = saved(store)
    assert (session.review_date, session.participants) == (date(2026, 11, 20), ["Cy", "Di"])


async def test_a_review_with_steps_carried_from_the_last_cannot_be_dated_before_it(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")  # the partnership, then a new review of it: steps carried from June
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        await replace_text(pilot, dialog.query_one("#day", Input), "1 Jan 2026")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert "The review before this one was held on 18 Jun 2026" in text_of(dialog.query_one(".error"))


async def test_a_finished_review_opened_to_read_offers_no_change_of_day(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # no dialog opened
        assert app.screen.step == "summary"
        assert "d changes" not in text_of(app.screen.query_one("#held"))


async def test_a_note_on_the_grid_is_written_shown_and_saved(store, review_at):
    async with review_at("grid", size=(80, 24)) as (pilot, screen):
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NoteDialog)
        await type_text(pilot, "Two schools [new] this year")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(screen.query_one("#grid-note")) == "Note: Two schools [new] this year"
        screen.flush()
    assert saved(store).grid.note == "Two schools [new] this year"


async def test_a_note_on_each_criterion_goes_with_the_criterion_being_rated(store, review_at):
    async with review_at("criteria", size=(80, 24)) as (pilot, screen):
        await pilot.press("down", "down")  # the second criterion, within schools
        await pilot.press("e")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, NoteDialog)
        assert "High social capital" in text_of(dialog.query_one(".title"))
        await type_text(pilot, "Trust is high among heads")
        await pilot.press("tab", "tab", "enter")  # to OK, past Cancel
        await pilot.pause()
        note = screen.query_one("#note-social-capital-high")
        assert note.display
        assert text_of(note) == "Note: Trust is high among heads"
        # Opened again, the note is there to change; emptied, it is removed.
        await pilot.press("e")
        await pilot.pause()
        area = pilot.app.screen.query_one(TextArea)
        assert area.text == "Trust is high among heads"
        area.text = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not note.display
        await pilot.press("up", "e", "escape")  # Escape leaves a note as it was
        await pilot.pause()
        screen.flush()
    criteria = saved(store).criteria
    assert criteria["social-capital-high"].note == ""
    assert "jpd-established" not in criteria or criteria["jpd-established"].note == ""
