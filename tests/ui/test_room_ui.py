"""A facilitated review at the front: the room panel, rows typed in, reveal, reasons, timer and presenter layout."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from maturitytui.model.steps import step_title
from maturitytui.room.files import Own, write_own
from maturitytui.room.layout import room_folder
from maturitytui.room.state import read_room
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
    """The room beside the step: its countdown line and its panel."""
    return f"{text_of(screen.query_one('#room-timer'))} {text_of(screen.query_one(RoomPanel))}"


async def type_row(pilot, row: str) -> None:
    """Everyone's ratings typed at the front: i, the row, Enter."""
    await pilot.press("i")
    await pilot.pause()
    await pilot.press(*row, "enter")
    await pilot.pause()


async def test_ratings_typed_at_the_front_show_as_a_spread_then_the_agreed_rating_and_why(room_at):
    async with room_at("strand:jpd") as (pilot, screen):
        assert "0 of 3 rated" in panel(screen)
        await type_row(pilot, "1 3 -")
        assert "2 of 3 rated" in panel(screen)
        assert "Hidden until everyone has rated" in panel(screen)
        assert "Waiting for: Cy Patel" in panel(screen)
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
        write_own(screen.context.path, "p3", Own({"strand:jpd": "Leading"}))
        screen.look_at_room()
        await pilot.pause()
        assert "1 of 3 rated" in panel(screen)
        room = read_room(screen.context.path)
        assert room.step == "strand:jpd"
        assert room.questions == ("strand:jpd",)
        assert room.open


async def test_presenter_layout_shows_the_step_and_the_timer(room_at, clock):
    from textual.widgets import Digits

    async with room_at("strand:jpd", size=(120, 40)) as (pilot, screen):
        await pilot.press("p")
        await pilot.pause()
        presenter = screen.app.screen
        assert isinstance(presenter, PresenterScreen)
        assert presenter.query_one("#presenter-title").plain() == "Joint practice development"
        assert not presenter.query_one(Digits).display  # no countdown yet
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        clock.advance(5)
        presenter._tick()
        assert presenter.query_one(Digits).display
        assert presenter.query_one(Digits).value == "1:55"
        await pilot.press("n")  # the next step, from the presenter
        await pilot.pause()
        assert screen.step != "strand:jpd"
        assert presenter.query_one("#presenter-title").plain() == step_title(screen.context.rubric, screen.step)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.app.screen is screen


async def test_the_timer_is_set_paused_and_extended_and_the_room_sees_it(room_at, clock):
    async with room_at("strand:mc") as (pilot, screen):
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("2", "enter")  # replaces the 5 offered
        await pilot.pause()
        assert "⏱ 2:00" in panel(screen)
        clock.advance(30)
        screen.show_room()
        assert "⏱ 1:30" in panel(screen)
        await pilot.press("full_stop")
        await pilot.pause()
        assert "1:30 paused" in panel(screen)
        assert read_room(screen.context.path).timer_left == 90
        clock.advance(600)  # a paused countdown does not move
        await pilot.press("plus")
        await pilot.pause()
        assert "2:30 paused" in panel(screen)
        await pilot.press("full_stop")
        clock.advance(200)
        await pilot.pause()
        screen.show_room()
        assert "time is up" in panel(screen)
        await screen.go_to("strand:jpd")  # each step has its own countdown
        await pilot.pause()
        assert "⏱" not in panel(screen)
        assert read_room(screen.context.path).timer_ends is None


async def test_an_anonymous_room_keeps_no_names(room_at):
    async with room_at("strand:jpd", anonymous=True) as (pilot, screen):
        await type_row(pilot, "234")
        text = panel(screen)
        assert "3 of 3 rated" in text
        assert "Ann" not in text
        assert "P1" not in text
        assert screen.flush() is None
        raw = screen.context.path.read_text()
        for name, _ in PEOPLE:
            assert name not in raw
        assert all(not p.name for p in screen.context.session.facilitation.participants)
        room_text = (room_folder(screen.context.path) / "room.toml").read_text()
        assert "Ann" not in room_text
        assert "P1" in room_text


async def test_partner_schools_side_by_side(room_at):
    async with room_at("strand:jpd") as (pilot, screen):
        await type_row(pilot, "443")
        await pilot.press("v")
        await pilot.pause()
        text = panel(screen)
        assert "Harbourside: B0 D0 E0 L2 (2 of 2)" in text
        assert "Kestrel: B0 D0 E1 L0 (1 of 1)" in text


async def test_a_row_that_does_not_fit_the_room_is_refused_with_the_reason(room_at):
    async with room_at("criteria") as (pilot, screen):
        await type_row(pilot, "1 2")
        dialog = screen.app.screen
        assert "2 ratings typed for 3 participants" in text_of(dialog.query_one(".error"))
        await pilot.press("escape")
        await pilot.pause()
        assert screen.context.session.facilitation.ratings == {}


async def test_anonymous_answers_from_the_room_join_the_team_tally(room_at, rubric):
    from maturitytui.room.answers import send_response

    audit = rubric.questionnaires[0]
    async with room_at(f"tool:{audit.id}") as (pilot, screen):
        assert read_room(screen.context.path).tool == audit.id
        answers = {str(item.number): audit.scale[0].value for item in audit.items}
        for _ in range(5):
            send_response(screen.context.path, audit.id, answers)
        screen.look_at_room()
        await pilot.pause()
        tally = screen.context.session.tools[audit.id].tally
        assert tally.people == 5  # a full round: shown as the team's result
        assert not list((room_folder(screen.context.path) / "responses").glob("*.toml"))  # counted, then gone
        saved = screen.store.load(screen.context.path)
        assert saved.tools[audit.id].tally.people == 5


async def test_a_facilitated_review_starts_from_the_start_screen(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Town Trio", "enter", *"Harbourside, Kestrel", "enter", *"Kestrel", "enter")
        await pilot.pause()
        await pilot.press(*"Ann Okafor, Harbourside", "enter", *"Cy Patel, Kestrel")
        await pilot.click("#ok")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FacilitatedReviewScreen)
        people = screen.context.session.facilitation.participants
        assert [(p.id, p.name, p.school) for p in people] == [
            ("p1", "Ann Okafor", "Harbourside"),
            ("p2", "Cy Patel", "Kestrel"),
        ]
        assert screen.context.session.by_school == "Kestrel"  # one school's own review, with its room
        assert "join code" in panel(screen)


async def test_a_correction_typed_at_the_front_is_not_undone_by_a_participants_file(room_at):
    async with room_at("strand:jpd") as (pilot, screen):
        write_own(screen.context.path, "p1", Own({"strand:jpd": "Beginning"}))
        screen.look_at_room()
        assert screen.context.session.facilitation.ratings["strand:jpd"] == {"p1": "Beginning"}
        await type_row(pilot, "4--")  # Ann said Leading out loud
        screen.look_at_room()
        assert screen.context.session.facilitation.ratings["strand:jpd"] == {"p1": "Leading"}
        write_own(screen.context.path, "p1", Own({"strand:jpd": "Developing"}))  # and then changed her mind
        screen.look_at_room()
        assert screen.context.session.facilitation.ratings["strand:jpd"] == {"p1": "Developing"}


async def test_a_second_copy_open_to_read_never_touches_the_room(room_at, store, rubric):
    from maturitytui.ui.app import MaturityApp

    async with room_at("strand:jpd") as (_pilot, screen):
        before = (room_folder(screen.context.path) / "room.toml").read_bytes()
        other = MaturityApp(rubric, store)
        async with other.run_test(size=(140, 44)) as second:
            await second.pause()
            other.open_summary(other.start_screen.catalogue_for("town trio").partnerships()["town trio"][-1])
            await second.pause()
            copy = other.screen
            assert isinstance(copy, FacilitatedReviewScreen)
            assert copy.context.read_only
            await second.press("plus", "m", "r")
            await second.pause()
            copy.look_at_room()
        assert (room_folder(screen.context.path) / "room.toml").read_bytes() == before
        assert read_room(screen.context.path).open  # the copy closing did not close the real room


async def test_counted_answers_are_deleted_only_once_saved_and_never_counted_twice(room_at, rubric):
    from maturitytui.room.answers import send_response
    from maturitytui.room.host import RoomHost

    audit = rubric.questionnaires[0]
    async with room_at(f"tool:{audit.id}") as (_pilot, screen):
        answers = {str(item.number): audit.scale[0].value for item in audit.items}
        send_response(screen.context.path, audit.id, answers)
        screen.look_at_room()
        assert screen.context.session.tools[audit.id].pending.people == 1
        screen.look_at_room()  # nothing new: nothing counted again
        assert screen.context.session.tools[audit.id].pending.people == 1
        responses = room_folder(screen.context.path) / "responses"
        assert not list(responses.glob("*.toml"))
        # A restarted facilitator's program finds nothing left to count.
        again = RoomHost(rubric, screen.store.load(screen.context.path), screen.context.path)
        again.gather()
        assert again.session.tools[audit.id].pending.people == 1


async def test_one_schools_own_review_from_the_new_review_dialog(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(
            *"Town Trio", "enter", *"Harbourside, Kestrel", "enter", "enter", *"Cy Patel", "tab", *"Kestrel", "enter"
        )
        await pilot.pause()
        session = app.screen.context.session
        assert (session.by_school, session.participants) == ("Kestrel", ["Cy Patel"])


async def test_the_presenter_shows_only_the_teams_results_of_an_audit(room_at, rubric):
    from maturitytui.room.answers import send_response

    audit = rubric.questionnaires[0]
    async with room_at(f"tool:{audit.id}", size=(120, 40)) as (pilot, screen):
        await pilot.press("p")
        await pilot.pause()
        presenter = screen.app.screen
        assert "0 people have answered" in text_of(presenter.query_one("#presenter-spread"))
        answers = {str(item.number): audit.scale[0].value for item in audit.items}
        for _ in range(4):
            send_response(screen.context.path, audit.id, answers)
        screen.look_at_room()
        await pilot.pause()
        shown = text_of(presenter.query_one("#presenter-spread"))
        assert "4 people have answered" in shown
        assert audit.items[0].text not in shown
        send_response(screen.context.path, audit.id, answers)
        screen.look_at_room()
        await pilot.pause()
        shown = text_of(presenter.query_one("#presenter-spread"))
        assert "5 people have answered" in shown
        assert audit.items[0].text[:30] in shown


async def test_a_participant_who_joins_late_is_heard_over_a_rating_typed_for_them(room_at):
    async with room_at("strand:jpd") as (pilot, screen):
        screen.look_at_room()  # the room has been looked at before anyone's file exists
        await type_row(pilot, "-1-")  # Bo's card said Beginning
        write_own(screen.context.path, "p2", Own({"strand:jpd": "Embedding"}))  # then Bo rated on his phone
        screen.look_at_room()
        assert screen.context.session.facilitation.ratings["strand:jpd"] == {"p2": "Embedding"}


async def test_a_restarted_facilitators_program_still_takes_what_changed_while_it_was_down(room_at, rubric):
    from maturitytui.room.host import RoomHost

    async with room_at("strand:jpd") as (_pilot, screen):
        write_own(screen.context.path, "p1", Own({"strand:jpd": "Leading"}))
        screen.look_at_room()
        assert screen.flush() is None
        path = screen.context.path
    # The program is gone; Ann changes her mind; the program starts again.
    write_own(path, "p1", Own({"strand:jpd": "Beginning"}))
    again = RoomHost(rubric, screen.store.load(path), path)
    again.gather()
    assert again.session.facilitation.ratings["strand:jpd"] == {"p1": "Beginning"}


async def test_finishing_the_review_closes_its_room(room_at):
    async with room_at("summary") as (pilot, screen):
        assert read_room(screen.context.path).open
        await pilot.press("enter")  # asks first: finishing closes the room
        await pilot.pause()
        assert "closes the room" in str(pilot.app.screen.query_one(".message").content)
        await pilot.click("#yes")
        await pilot.pause()
        await pilot.pause()
        assert screen.context.session.status == "complete"
        assert not read_room(screen.context.path).open
        assert not screen.room.live


async def test_an_anonymous_room_says_why_it_shows_no_schools(room_at):
    async with room_at("strand:jpd", anonymous=True) as (pilot, screen):  # Kestrel has one person
        await type_row(pilot, "241")
        await pilot.press("v")
        await pilot.pause()
        text = panel(screen)
        assert "not shown in this anonymous room" in text
        assert "Kestrel:" not in text


async def test_the_facilitator_frees_a_seat_from_the_command_palette(room_at):
    async with room_at("strand:jpd") as (pilot, screen):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"free the seat of Bo")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert read_room(screen.context.path).pin_resets == {"p2": 1}


async def test_a_facilitated_review_shows_and_saves_each_thing_once(store, make_app, monkeypatch):
    from maturitytui.ui.saver import BackgroundSaver

    shown, saved = [], []
    real_show, real_save = FacilitatedReviewScreen.show_step, BackgroundSaver.save

    async def counting_show(self, index):
        shown.append(index)
        await real_show(self, index)

    monkeypatch.setattr(FacilitatedReviewScreen, "show_step", counting_show)
    monkeypatch.setattr(BackgroundSaver, "save", lambda self, *a: saved.append(1) or real_save(self, *a))
    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        app.start_review("Town Trio", [], [], people=PEOPLE)
        await pilot.pause()
        assert len(shown) == 1  # the first step, shown once
        await app.screen.go_to("strand:jpd")
        await pilot.pause()
        saved.clear()
        await pilot.press("2")
        await pilot.pause()
        assert len(saved) == 1  # one answer, one save


async def test_the_room_panel_says_who_is_connected_to_the_web_server_now(room_at):
    from maturitytui.clock import timestamp
    from maturitytui.room.presence import write_online

    async with room_at("strand:jpd") as (pilot, screen):
        assert "Connected now" not in panel(screen)  # no web server has said anything
        write_online(screen.context.path, {"p1", "p3"}, timestamp())
        screen.look_at_room()
        await pilot.pause()
        assert "Connected now: 2 of 3 (Ann Okafor, Cy Patel)" in panel(screen)
