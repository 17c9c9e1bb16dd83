"""Guessing is slowed, connections are limited, and the server keeps nothing it could leak."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturitytui.web.site import Limits
from maturitytui.web.throttle import Backoff, wait_words
from tests.web.conftest import join, pin_of, text_of


class Ticking:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_few_wrong_tries_are_free_then_each_doubles_the_wait():
    clock = Ticking()
    backoff = Backoff(free=3, first=1.0, most=60.0, clock=clock)
    for _ in range(3):
        assert backoff.wait("a") == 0
        backoff.wrong("a")
    assert backoff.wait("a") == 1.0
    backoff.wrong("a")
    assert backoff.wait("a") == 2.0
    clock.now += 1.5
    assert backoff.wait("a") == pytest.approx(0.5)
    assert backoff.wait("b") == 0  # another key is not slowed
    for _ in range(20):
        backoff.wrong("a")
    assert backoff.wait("a") == 60.0  # never more than the most
    backoff.right("a")
    assert backoff.wait("a") == 0


def test_a_quiet_key_starts_afresh_and_memory_is_bounded():
    clock = Ticking()
    backoff = Backoff(free=1, forget_after=100.0, keys=10, clock=clock)
    backoff.wrong("a")
    backoff.wrong("a")
    assert backoff.wait("a") > 0
    clock.now += 101
    assert backoff.wait("a") == 0
    for n in range(50):
        backoff.wrong(f"address-{n}")
    assert len(backoff._tallies) == 10


@given(st.lists(st.sampled_from(["wrong", "right", "tick"]), max_size=40))
def test_the_wait_is_never_negative_nor_above_the_most(ops):
    clock = Ticking()
    backoff = Backoff(free=2, first=0.5, most=8.0, clock=clock)
    for op in ops:
        if op == "tick":
            clock.now += 0.7
        else:
            getattr(backoff, op)("k")
        assert 0 <= backoff.wait("k") <= 8.0


def test_wait_words():
    assert wait_words(0.2) == "1 second"
    assert wait_words(32) == "32 seconds"
    assert wait_words(300) == "5 minutes"


async def test_wrong_codes_from_one_address_are_slowed_and_other_addresses_are_not(room):
    guesser = await room.browser(address="192.0.2.66")
    codes = [f"{31415926 + n:08d}" for n in range(10) if f"{31415926 + n:08d}" != room.code]
    for code in codes[: Limits().wrong_codes]:
        assert (await guesser.post("/", data={"code": code})).status == 403
    slowed = await guesser.post("/", data={"code": codes[6]})
    assert slowed.status == 429
    assert int(slowed.headers["Retry-After"]) >= 1
    assert "try again in 1 second" in text_of(await slowed.text())
    # Even the right code waits its turn from that address: the wait is not a hint.
    assert (await guesser.post("/", data={"code": room.code})).status == 429
    other = await room.browser(address="192.0.2.67")
    assert (await other.post("/", data={"code": room.code})).status == 200


async def test_wrong_pins_are_slowed_per_seat_across_addresses(room):
    owner = await room.browser()
    pin = pin_of(await join(owner, room)).replace(" ", "")
    wrong = "000000" if pin != "000000" else "111111"
    for n in range(Limits().wrong_pins_per_seat):
        # Each from a new address, so only the seat's own count can slow them.
        thief = await room.browser(address=f"198.51.100.{n}")
        refused = await thief.post("/pin", data={"code": room.code, "participant": "p1", "pin": wrong})
        assert refused.status == 403
    last = await room.browser(address="198.51.100.200")
    slowed = await last.post("/pin", data={"code": room.code, "participant": "p1", "pin": pin})
    assert slowed.status == 429  # even the right PIN waits: the seat is under attack
    assert "maturitytui-seat" not in slowed.cookies


async def test_a_seat_stolen_by_someone_with_the_room_code_is_refused(room):
    owner = await room.browser()
    await join(owner, room, "p2")
    thief = await room.browser(address="192.0.2.99")
    await thief.post("/", data={"code": room.code})
    taken = await thief.post("/seat", data={"code": room.code, "participant": "p2"})
    assert "maturitytui-seat" not in taken.cookies
    assert "PIN for Bo Lewis" in text_of(await taken.text())
    forged = await thief.get(
        "/room", allow_redirects=False, headers={"Cookie": f"maturitytui-seat={room.code}.p2.guess"}
    )
    assert forged.status == 303


@pytest.mark.parametrize("limits", [Limits(streams_per_address=2)])
async def test_live_connections_from_one_address_are_limited(room, limits):
    phones = [await room.browser() for _ in range(3)]
    for n, phone in enumerate(phones):
        await join(phone, room, f"p{n + 1}")
    first, second = await phones[0].get("/events"), await phones[1].get("/events")
    assert (first.status, second.status) == (200, 200)
    third = await phones[2].get("/events")
    assert third.status == 503
    first.close()
    second.close()


async def test_a_request_body_larger_than_the_limit_is_refused(room):
    browser = await room.browser()
    too_big = await browser.post("/", data={"code": "1" * (Limits().body + 10)})
    assert too_big.status == 413


async def test_who_is_connected_is_written_for_the_facilitators_program(room):
    from maturitytui.clock import timestamp
    from maturitytui.room.presence import read_online

    phone = await room.browser()
    await join(phone, room)
    events = await phone.get("/events")
    await events.content.readline()
    assert read_online(room.path, timestamp()) == {"p1"}
    events.close()
    for _ in range(100):
        await asyncio.sleep(0)
    # The page went, but the participant counts as here for a while (a phone waking reconnects).
    assert read_online(room.path, timestamp()) == {"p1"}


async def test_sixty_participants_join_and_answer_at_once(room, rubric):
    from tests.web.conftest import open_review

    host = open_review(room.store, rubric, "Big Room", people=60)
    phones = [await room.browser(address=f"10.0.{n // 200}.{n % 200 + 1}") for n in range(60)]

    async def one(n: int, phone) -> None:
        await phone.post("/", data={"code": host.code})
        welcome = await phone.post("/seat", data={"code": host.code, "participant": f"p{n + 1}"})
        assert welcome.status == 200
        sent = await phone.post(
            "/answer", data={"question": "strand:jpd", "rating": "Developing"}, headers={"Accept": "application/json"}
        )
        assert sent.status == 200

    await asyncio.gather(*(one(n, phone) for n, phone in enumerate(phones)))
    host.gather()
    assert len(host.session.facilitation.ratings["strand:jpd"]) == 60
