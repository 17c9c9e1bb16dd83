"""A participant's way into a room, without any page: the code, the seat, the PIN, the device's token
(room/guest.py)."""

from __future__ import annotations

import pytest

from maturitytui.model.session import Facilitation, Session
from maturitytui.model.steps import Step
from maturitytui.room.facilitation import new_participants
from maturitytui.room.files import read_own
from maturitytui.room.guest import (
    AskPin,
    Refused,
    RoomFound,
    Seated,
    WrongPin,
    claim,
    code_digest,
    enter_room,
    give_pin,
    is_facilitator,
    returning,
)
from maturitytui.room.host import RoomHost
from maturitytui.room.layout import room_folder
from maturitytui.room.seats import MAX_DEVICES
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


def test_a_code_says_who_is_asking(room):
    store, host = room
    digest = code_digest(FACILITATOR)
    assert is_facilitator(FACILITATOR.replace(" ", "-"), digest)
    assert not is_facilitator(FACILITATOR, "")  # no facilitator's code given: it opens nothing
    assert not is_facilitator(host.code, digest)
    found = enter_room(store.root, f" {host.code[:4]} {host.code[4:]} ")
    assert isinstance(found, RoomFound)
    assert (found.path, found.room.code) == (host.path, host.code)
    assert enter_room(store.root, "0000 0000" if host.code != "00000000" else "1111 1111") is None
    assert enter_room(store.root, "") is None


def test_a_first_claim_gives_a_pin_and_a_token_and_keeps_only_their_digests(room):
    _, host = room
    seated = claim(host.path, host.state(), "p1")
    assert isinstance(seated, Seated)
    assert len(seated.pin) == 6
    assert seated.pin.isdigit()
    own = read_own(host.path, "p1")
    assert seated.pin not in own.pin
    assert seated.token not in own.tokens[0]
    assert returning(host.path, host.state(), "p1", seated.token) == own
    assert returning(host.path, host.state(), "p2", seated.token) is None  # a token opens its own seat only
    assert returning(host.path, host.state(), "p1", "not-the-token") is None


def test_a_claimed_seat_asks_for_its_pin_and_remembers_the_new_device(room):
    _, host = room
    first = claim(host.path, host.state(), "p1")
    assert isinstance(first, Seated)
    assert claim(host.path, host.state(), "p1") == AskPin("Ann")
    wrong = "000000" if first.pin != "000000" else "111111"
    assert give_pin(host.path, host.state(), "p1", wrong) == WrongPin()
    second = give_pin(host.path, host.state(), "p1", first.pin)
    assert isinstance(second, Seated)
    assert second.pin == ""  # the PIN is shown once, on the first claim
    for token in (first.token, second.token):
        assert returning(host.path, host.state(), "p1", token) is not None


def test_a_seat_remembers_its_latest_few_devices(room):
    _, host = room
    first = claim(host.path, host.state(), "p1")
    assert isinstance(first, Seated)
    later = [give_pin(host.path, host.state(), "p1", first.pin) for _ in range(MAX_DEVICES)]
    assert returning(host.path, host.state(), "p1", first.token) is None  # the oldest is forgotten
    assert all(returning(host.path, host.state(), "p1", s.token) is not None for s in later if isinstance(s, Seated))


def test_a_freed_seat_is_claimed_afresh_with_its_answers(room):
    _, host = room
    first = claim(host.path, host.state(), "p1")
    assert isinstance(first, Seated)
    from dataclasses import replace

    from maturitytui.room.files import write_own

    write_own(host.path, "p1", replace(read_own(host.path, "p1"), ratings={"strand:jpd": "Leading"}))
    host.free_seat("p1")
    assert returning(host.path, host.state(), "p1", first.token) is None
    assert isinstance(give_pin(host.path, host.state(), "p1", first.pin), Seated)  # freed: no PIN needed
    again = claim(host.path, host.state(), "p1")
    assert isinstance(again, AskPin)  # the claim just above took it
    own = read_own(host.path, "p1")
    assert own.ratings == {"strand:jpd": "Leading"}


def test_a_name_not_in_the_room_is_refused(room):
    _, host = room
    assert isinstance(claim(host.path, host.state(), "p9"), Refused)
    assert returning(host.path, host.state(), "p9", "anything") is None


def test_an_unreadable_file_is_set_aside_and_the_participant_starts_again(room):
    _, host = room
    (room_folder(host.path) / "p2.toml").write_bytes(b"\x00 not toml")
    seated = claim(host.path, host.state(), "p2")
    assert isinstance(seated, Seated)
    assert "could not be read" in seated.notice
    assert seated.pin  # a fresh start, with a PIN of its own
    assert [p.name for p in room_folder(host.path).glob("p2.toml.unreadable-*")]  # kept for the facilitator
