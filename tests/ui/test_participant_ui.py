"""A participant's program, as ``maturitytui serve`` runs it for each browser, driven by keys without a server.

The join code first, then a seat, then the step the room is on: the participant rates it in their own
file, answers questionnaires anonymously, and sees nothing of the store, nor anyone else's ratings.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Button, Input, Select

from maturitytui.engine.host import PluginHost
from maturitytui.model.session import CRITERION_RATINGS, Facilitation, Session
from maturitytui.model.steps import Step
from maturitytui.room.facilitation import new_participants
from maturitytui.room.files import read_answered, read_ratings, write_ratings
from maturitytui.room.guest import code_digest
from maturitytui.room.host import RoomHost
from maturitytui.room.layout import room_folder
from maturitytui.room.seats import SeatHold
from maturitytui.room.state import spoken
from maturitytui.ui.screens.join import TRIES, JoinScreen, SeatScreen
from maturitytui.ui.screens.participant import CellPicker, ChoiceList, ParticipantScreen
from maturitytui.ui.screens.start import StartScreen
from maturitytui.ui.served import ServedApp
from maturitytui.ui.steps.audit_step import AuditForm

FACILITATOR = "12345678"
PARTNERSHIP = "Quayside Learning Trust"
NAMES = ["Ann Okafor", "Bo Lewis", "Cy Patel"]
SCHOOLS = ["Harbourside", "Kestrel", "Larkfield"]
SIZE = (100, 40)


@pytest.fixture(scope="module")
def assembly():
    return PluginHost([], entry_points=False).assemble(None)


def screen_text(app) -> str:
    """Every character on the screen, as a browser would show it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def secrets_of_the_store() -> list[str]:
    return [PARTNERSHIP, *NAMES, *SCHOOLS]


async def until(pilot, condition, what: str, tries: int = 200) -> None:
    """Let the app run until ``condition()`` holds (the rubric is assembled on a thread)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{what}: still not so; on screen:\n{screen_text(pilot.app)}")


async def type_code(pilot, code: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in code), "enter")
    await pilot.pause()


@dataclass
class Served:
    pilot: object
    app: ServedApp
    host: RoomHost
    path: Path

    @property
    def screen(self):
        return self.app.screen


@pytest.fixture
def served(store, rubric, assembly):
    """A facilitated review with its room on a step, and one browser's program: ``async with served(step)``."""

    @asynccontextmanager
    async def opened(step: str = "strand:jpd", title: str = "Joint practice development", *, anonymous: bool = False):
        people = new_participants(NAMES, SCHOOLS, anonymous=anonymous)
        session = Session.start(
            PARTNERSHIP, rubric, facilitation=Facilitation(anonymous=anonymous, participants=people)
        )
        path = store.save(session)
        host = RoomHost(rubric, session, path)
        assert host.code != FACILITATOR
        host.move_to(Step(step), title)
        app = ServedApp(store, assemble=lambda: assembly, facilitator_digest=code_digest(FACILITATOR))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            yield Served(pilot, app, host, path)

    return opened


async def join(s: Served, downs: int = 0) -> ParticipantScreen:
    """Type the room's code and take a seat (``downs`` below the first)."""
    await type_code(s.pilot, spoken(s.host.code))
    await until(s.pilot, lambda: isinstance(s.screen, SeatScreen), "the seat list shows")
    await s.pilot.press(*["down"] * downs, "enter")
    await until(s.pilot, lambda: isinstance(s.screen, ParticipantScreen), "the participant's screen shows")
    await s.pilot.pause()
    return s.screen


async def rejoin(s: Served) -> None:
    """The browser was closed (the seat let go) and opened again: the seat list, and Enter on the first seat."""
    s.app.guest.seat.release()
    s.app.guest.seat = None
    await s.app.switch_screen(SeatScreen(s.path, s.host.state(), False))
    await s.pilot.pause()
    await s.pilot.press("enter")


# -- the door -------------------------------------------------------------------


async def test_a_wrong_code_opens_nothing_and_shows_nothing_of_the_store(served):
    async with served() as s:
        assert isinstance(s.screen, JoinScreen)
        assert "Join the review" in screen_text(s.app)
        wrong = "8765 4321" if s.host.code != "87654321" else "8765 4320"
        await type_code(s.pilot, wrong)
        assert isinstance(s.screen, JoinScreen)
        assert "That code does not open a review" in screen_text(s.app)
        assert s.screen.query_one(Input).value == ""
        await type_code(s.pilot, "")  # nothing typed opens nothing too
        assert isinstance(s.screen, JoinScreen)
        assert s.screen.tries == 2
        assert s.app.role == ""
        assert s.app.guest.seat is None
        shown = screen_text(s.app)
        for secret in secrets_of_the_store():
            assert secret not in shown


async def test_too_many_wrong_codes_close_the_program(served):
    async with served() as s:
        for n in range(TRIES):
            assert s.app.is_running
            await type_code(s.pilot, str(n))  # any short wrong code will do
        await until(s.pilot, lambda: not s.app.is_running, "the program has ended")
        assert s.app.role == ""


async def test_the_seat_list_shows_the_rooms_people_and_the_participant_rates_in_their_own_file(served):
    async with served() as s:
        write_ratings(s.path, "p2", {"strand:jpd": "Leading"})  # Bo's rating: never shown to Ann
        await type_code(s.pilot, s.host.code)  # typed without the space, too
        await until(s.pilot, lambda: isinstance(s.screen, SeatScreen), "the seat list shows")
        seats = screen_text(s.app)
        assert PARTNERSHIP in seats
        for name, school in zip(NAMES, SCHOOLS, strict=True):
            assert f"{name} · {school}" in seats
        await s.pilot.press("enter")
        await until(s.pilot, lambda: isinstance(s.screen, ParticipantScreen), "the participant's screen shows")
        await s.pilot.pause()
        screen = s.screen
        assert s.app.role == "participant"
        assert screen.participant_id == "p1"
        shown = screen_text(s.app)
        assert "you are Ann Okafor · Harbourside" in shown
        assert "Joint practice development" in shown
        for other in ("Bo Lewis", "Cy Patel", "Kestrel", "Larkfield"):
            assert other not in shown
        choices = screen.query_one(ChoiceList)
        assert [o.id for o in choices.options] == ["Beginning", "Developing", "Embedding", "Leading"]
        assert not any(str(o.prompt).startswith("✓") for o in choices.options)  # Bo's Leading is not Ann's

        await s.pilot.press("down", "down", "enter")
        await s.pilot.pause()
        assert read_ratings(s.path, "p1") == {"strand:jpd": "Embedding"}
        assert read_ratings(s.path, "p2") == {"strand:jpd": "Leading"}  # untouched
        assert str(choices.options[2].prompt).startswith("✓ Embedding")
        assert "Sent: " in screen_text(s.app)
        s.host.gather()
        assert s.host.session.facilitation.ratings["strand:jpd"] == {"p1": "Embedding", "p2": "Leading"}


async def test_a_seat_held_elsewhere_is_refused(served):
    async with served() as s:
        hold = SeatHold(s.path, "p1")
        hold.take()
        try:
            await type_code(s.pilot, s.host.code)
            await until(s.pilot, lambda: isinstance(s.screen, SeatScreen), "the seat list shows")
            await s.pilot.press("enter")
            await s.pilot.pause()
            assert isinstance(s.screen, SeatScreen)
            assert "someone is already joined" in screen_text(s.app)
            await s.pilot.press("down", "enter")  # their own seat
            await until(s.pilot, lambda: isinstance(s.screen, ParticipantScreen), "the participant's screen shows")
            assert s.screen.participant_id == "p2"
        finally:
            hold.release()


async def test_a_participant_who_rejoins_finds_their_answer_ticked(served):
    async with served() as s:
        write_ratings(s.path, "p1", {"strand:jpd": "Developing"})
        screen = await join(s)
        prompts = [str(o.prompt) for o in screen.query_one(ChoiceList).options]
        assert prompts[1].startswith("✓ Developing")
        assert sum(p.startswith("✓") for p in prompts) == 1


# -- the room's steps ---------------------------------------------------------------


async def test_the_participant_follows_the_room_and_sees_it_close(served):
    async with served() as s:
        screen = await join(s)
        s.host.move_to(Step.strand("mc"), "Mentoring and coaching")
        await screen.look()
        await s.pilot.pause()
        assert "Mentoring and coaching" in screen_text(s.app)
        assert screen.query_one(ChoiceList).key == "strand:mc"
        s.host.close()
        await screen.look()
        await s.pilot.pause()
        shown = screen_text(s.app)
        assert "The facilitator has closed the room" in shown
        assert not screen.query(ChoiceList)


async def test_the_criteria_step_asks_eight_questions(served, rubric):
    async with served("criteria", "Criteria for a deep partnership") as s:
        screen = await join(s)
        lists = list(screen.query(ChoiceList))
        assert len(lists) == 8 == 2 * len(rubric.criteria)
        first = rubric.criteria[0].id
        assert lists[0].key == f"criterion:{first}:within"
        assert lists[1].key == f"criterion:{first}:between"
        assert [o.id for o in lists[0].options] == list(CRITERION_RATINGS)
        assert screen.focused is lists[0]
        await s.pilot.press("down", "enter")
        await s.pilot.pause()
        assert read_ratings(s.path, "p1") == {f"criterion:{first}:within": CRITERION_RATINGS[1]}


async def test_the_grid_step_picks_a_row_and_a_column(served):
    async with served("grid", "The partnership grid") as s:
        screen = await join(s)
        pickers = list(screen.query(CellPicker))
        assert [p.key for p in pickers] == ["grid:current", "grid:target"]
        row, col = pickers[0].query_one("#cell-row", Select), pickers[0].query_one("#cell-col", Select)
        assert screen.focused is row
        await s.pilot.press("enter", "down", "down", "down", "enter")  # row 3
        await s.pilot.pause()
        assert row.value == 3
        assert read_ratings(s.path, "p1") == {}  # not a cell until the column is picked too
        await s.pilot.press("tab", "enter", "down", "down", "enter")  # column 2
        await s.pilot.pause()
        assert col.value == 2
        assert read_ratings(s.path, "p1") == {"grid:current": "3,2"}


async def test_an_anonymous_review_shows_labels_and_no_names(served):
    async with served(anonymous=True) as s:
        await type_code(s.pilot, s.host.code)
        await until(s.pilot, lambda: isinstance(s.screen, SeatScreen), "the seat list shows")
        seats = screen_text(s.app)
        assert "P1 · Harbourside" in seats
        assert "P2 · Kestrel" in seats
        assert "P3 · Larkfield" in seats
        assert "anonymous" in seats
        await s.pilot.press("down", "enter")
        await until(s.pilot, lambda: isinstance(s.screen, ParticipantScreen), "the participant's screen shows")
        await s.pilot.pause()
        shown = screen_text(s.app)
        assert "you are P2 · Kestrel" in shown
        await s.pilot.press("enter")
        await s.pilot.pause()
        assert read_ratings(s.path, "p2") == {"strand:jpd": "Beginning"}
        for text in (seats, shown, *(p.read_text() for p in room_folder(s.path).glob("*.toml"))):
            for name in NAMES:
                assert name not in text


async def test_a_trust_audit_is_answered_anonymously(served, rubric):
    questionnaire = rubric.questionnaires[0]
    async with served(f"tool:{questionnaire.id}", questionnaire.title) as s:
        screen = await join(s, downs=2)
        button = screen.query_one("#answer-tool", Button)
        assert f"Answer: {questionnaire.title}" in str(button.label)
        assert screen.focused is button
        await s.pilot.press("enter")
        await s.pilot.pause()
        assert isinstance(s.screen, AuditForm)
        await s.pilot.press(*"2" * len(questionnaire.items))
        await s.pilot.pause()
        assert s.screen is screen
        responses = list((room_folder(s.path) / "responses").glob("*.toml"))
        assert len(responses) == 1
        sent = responses[0].read_text()
        for who in ("p3", "P3", "Cy Patel", "Larkfield"):
            assert who not in sent
        assert read_answered(s.path, "p3") == [questionnaire.id]
        assert "You have answered this" in screen_text(s.app)
        assert not screen.query("#answer-tool")
        gathered = s.host.gather()
        assert gathered.answers == {questionnaire.id: 1}


# -- the command palette ------------------------------------------------------------------


async def test_a_participant_cannot_open_the_command_palette(served):
    async with served() as s:
        assert not s.app.use_command_palette
        await s.pilot.press("ctrl+p")
        await s.pilot.pause()
        assert isinstance(s.screen, JoinScreen)
        screen = await join(s)
        await s.pilot.press("ctrl+p")
        await s.pilot.pause()
        assert s.screen is screen
        assert not isinstance(s.screen, CommandPalette)
        assert not s.app.use_command_palette


async def test_the_facilitators_code_opens_the_whole_program_and_the_palette(served):
    async with served() as s:
        await type_code(s.pilot, "1234 5678")
        await until(s.pilot, lambda: isinstance(s.screen, StartScreen), "the start screen shows")
        assert s.app.role == "facilitator"
        assert s.app.use_command_palette
        await until(s.pilot, lambda: PARTNERSHIP in screen_text(s.app), "the store is listed")
        await s.pilot.press("ctrl+p")
        await until(s.pilot, lambda: isinstance(s.screen, CommandPalette), "the command palette opens")


# -- rejoining ------------------------------------------------------------------


async def test_a_first_join_shows_a_pin_and_only_that_pin_takes_the_seat_again(served):
    from maturitytui.room.files import read_own
    from maturitytui.ui.screens.join import PinScreen

    async with served() as s:
        screen = await join(s)
        pin = screen.pin.replace(" ", "")
        assert len(pin) == 6
        assert f"Your PIN to rejoin if you drop out: {screen.pin}" in screen_text(s.app)
        own = read_own(s.path, "p1")
        assert own.pin
        assert pin not in (room_folder(s.path) / "p1.toml").read_text()
        await rejoin(s)
        await until(s.pilot, lambda: isinstance(s.screen, PinScreen), "the PIN is asked")
        # Waiting at the PIN holds nothing: the real participant can still take their seat meanwhile.
        other = SeatHold(s.path, "p1")
        other.take()
        other.release()
        wrong = "000000" if pin != "000000" else "111111"
        await type_code(s.pilot, wrong)
        assert isinstance(s.screen, PinScreen)
        assert "not the PIN for this seat" in screen_text(s.app)
        assert "✓" not in screen_text(s.app)
        # Back to the seats and trying again does not start the count again: three wrong PINs in all end it.
        await s.pilot.press("escape")
        await s.app.switch_screen(SeatScreen(s.path, s.host.state(), False))
        await s.pilot.pause()
        await s.pilot.press("enter")
        await until(s.pilot, lambda: isinstance(s.screen, PinScreen), "the PIN is asked again")
        await type_code(s.pilot, wrong)
        assert s.app.is_running
        await type_code(s.pilot, wrong)
        await until(s.pilot, lambda: not s.app.is_running, "the connection is closed")
        assert s.app.guest.seat is None


async def test_the_right_pin_brings_back_the_answers(served):
    from maturitytui.ui.screens.join import PinScreen

    async with served() as s:
        screen = await join(s)
        await s.pilot.press("down", "enter")
        await s.pilot.pause()
        pin = screen.pin
        await rejoin(s)
        await until(s.pilot, lambda: isinstance(s.screen, PinScreen), "the PIN is asked")
        await type_code(s.pilot, pin)
        await until(s.pilot, lambda: isinstance(s.screen, ParticipantScreen), "back in")
        assert s.screen.ratings == {"strand:jpd": "Developing"}
        assert "✓ Developing" in screen_text(s.app)
        assert s.screen.pin == ""  # shown on the first join only


async def test_an_unreadable_own_file_is_set_aside_and_the_participant_starts_again(served):
    async with served() as s:
        (room_folder(s.path) / "p1.toml").write_text("ratings = [ broken")
        screen = await join(s)
        assert screen.ratings == {}
        assert "could not be read" in screen_text(s.app)
        kept = list(room_folder(s.path).glob("p1.toml.unreadable-*"))
        assert len(kept) == 1
        assert kept[0].read_text() == "ratings = [ broken"


async def test_a_tool_this_program_lacks_is_said_not_crashed_on(served):
    from dataclasses import replace

    from maturitytui.room.state import write_room

    async with served() as s:
        screen = await join(s)
        # The facilitator's program runs with a plugin this one lacks, and its room is on that plugin's audit.
        write_room(
            s.path,
            replace(
                s.host.state(),
                step="tool:alliance-audit",
                title="An alliance's own audit",
                questions=(),
                tool="alliance-audit",
            ),
        )
        await screen.look()
        assert "cannot be answered here" in screen_text(s.app)
        assert s.app.is_running


async def test_a_forgotten_pin_the_facilitator_renews_keeps_the_answers(served):
    from maturitytui.room.files import read_own

    async with served() as s:
        screen = await join(s)
        await s.pilot.press("down", "enter")
        await s.pilot.pause()
        first = screen.pin
        s.host.new_pin("p1")  # Ann's phone died and she does not remember her PIN
        await rejoin(s)
        await until(s.pilot, lambda: isinstance(s.screen, ParticipantScreen), "straight back in, no PIN asked")
        again = s.screen
        assert again.pin
        assert again.pin != first
        assert again.ratings == {"strand:jpd": "Developing"}
        assert read_own(s.path, "p1").pin_round == 1  # the new PIN is needed from now on
        assert read_own(s.path, "p1").needs_pin(s.host.state(), "p1")


async def test_a_look_at_an_unchanged_room_does_not_read_it_again(served, monkeypatch):
    from maturitytui.ui.screens import participant

    async with served() as s:
        screen = await join(s)
        await screen.look()
        reads = []
        real = participant.read_room
        monkeypatch.setattr(participant, "read_room", lambda path: reads.append(path) or real(path))
        await screen.look()
        await screen.look()
        assert reads == []
        s.host.move_to(Step.strand("mc"), "Mentoring and coaching")
        await screen.look()
        assert len(reads) == 1
        assert "Mentoring and coaching" in screen_text(s.app)
