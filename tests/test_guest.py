"""A participant's way into a room, without the screens: the code, the seat, the PIN (room/guest.py)."""

from __future__ import annotations

import pytest

from maturitytui.model.session import Facilitation, Session
from maturitytui.model.steps import Step
from maturitytui.room.facilitation import new_participants
from maturitytui.room.files import read_own
from maturitytui.room.guest import (
    PIN_TRIES,
    AskPin,
    Facilitator,
    Guest,
    Refused,
    RoomFound,
    Seated,
    WrongPin,
    code_digest,
)
from maturitytui.room.host import RoomHost
from maturitytui.room.layout import room_folder
from maturitytui.store.session_store import SessionStore

FACILITATOR = "9876 5432 1098 7654"


@pytest.fixture
def room(tmp_path, rubric):
    store = SessionStore(tmp_path / "sessions")
    people = new_participants(["Ann", "Bo"], ["Ash", "Elm"], anonymous=False)
    session = Session.start("Town Trio", rubric, facilitation=Facilitation(participants=people))
    host = RoomHost(rubric, session, store.save(session))
    host.move_to(Step.strand("jpd"), "Joint practice development")
    return store, host


def guest(store) -> Guest:
    return Guest(store.root, code_digest(FACILITATOR))


def test_a_code_says_who_the_connection_is(room):
    store, host = room
    g = guest(store)
    assert g.enter_code(FACILITATOR.replace(" ", "-")) == Facilitator()
    found = g.enter_code(f" {host.code[:4]} {host.code[4:]} ")
    assert isinstance(found, RoomFound)
    assert (found.path, found.room.code) == (host.path, host.code)
    assert g.enter_code("0000 0000") is None
    assert g.enter_code("") is None
    assert Guest(store.root).enter_code(FACILITATOR) is None  # no facilitator's code given: it opens nothing


def test_a_first_join_gives_a_pin_and_holds_the_seat(room):
    store, host = room
    seated = guest(store).choose_seat(host.path, host.state(), "p1")
    assert isinstance(seated, Seated)
    assert len(seated.pin) == 6
    assert seated.pin.isdigit()
    assert read_own(host.path, "p1").pin  # only a digest is kept
    assert str(seated.pin) not in (read_own(host.path, "p1").pin or "")
    other = guest(store).choose_seat(host.path, host.state(), "p1")
    assert isinstance(other, Refused)  # the seat is held while the first program runs


def test_coming_back_asks_for_the_pin_and_too_many_wrong_ones_close(room):
    store, host = room
    first = guest(store)
    seated = first.choose_seat(host.path, host.state(), "p1")
    assert isinstance(seated, Seated)
    first.leave()

    again = guest(store)
    assert again.choose_seat(host.path, host.state(), "p1") == AskPin("Ann")
    assert again.seat is None  # waiting for a PIN holds no seat
    wrong = "000000" if seated.pin != "000000" else "111111"
    results = [again.give_pin(wrong) for _ in range(PIN_TRIES)]
    assert results == [WrongPin(closed=False)] * (PIN_TRIES - 1) + [WrongPin(closed=True)]

    right = guest(store)
    assert isinstance(right.choose_seat(host.path, host.state(), "p1"), AskPin)
    back = right.give_pin(seated.pin)
    assert isinstance(back, Seated)
    assert back.pin == ""  # the PIN is shown once, on the first join
    assert right.seat is not None


def test_an_unreadable_file_is_set_aside_and_the_participant_starts_again(room):
    store, host = room
    first = guest(store)
    assert isinstance(first.choose_seat(host.path, host.state(), "p2"), Seated)
    first.leave()
    (room_folder(host.path) / "p2.toml").write_bytes(b"\x00 not toml")
    seated = guest(store).choose_seat(host.path, host.state(), "p2")
    assert isinstance(seated, Seated)
    assert "could not be read" in seated.notice
    assert seated.pin  # a fresh start, with a PIN of its own
    assert [p.name for p in room_folder(host.path).glob("p2.toml.unreadable-*")]  # kept for the facilitator
