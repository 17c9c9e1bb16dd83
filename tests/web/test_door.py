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
    # Told to come back later, in the stream's own terms: a browser gives up for good on an error status.
    assert third.status == 200
    assert await third.text() == "retry: 10000\n\n"
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


async def test_a_participant_whose_page_went_counts_as_here_for_a_while_then_not(tmp_path):
    from maturitytui.web.watch import RECENT, RoomWatch

    clock = Ticking()
    watch = RoomWatch(tmp_path / "review.toml", lambda path: None, clock)
    watch.follow("p1")
    watch.follow("p1")  # a phone and a tablet
    watch.unfollow("p1")
    assert watch.connected() == {"p1"}
    watch.unfollow("p1")
    assert watch.streams == {}  # no count left behind, never below nothing
    assert watch.connected() == {"p1"}  # a phone waking reconnects within the minute
    clock.now += RECENT + 1
    assert watch.connected() == set()
    await watch.close()


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


async def test_wrong_codes_are_counted_wherever_they_are_sent(room):
    guesser = await room.browser(address="192.0.2.201")
    wrong = [f"{27182818 + n:08d}" for n in range(12) if f"{27182818 + n:08d}" != room.code]
    for code in wrong[: Limits().wrong_codes]:
        refused = await guesser.post("/seat", data={"code": code, "participant": "p1"}, allow_redirects=False)
        assert refused.headers["Location"] == "/?gone=closed"
    assert (await guesser.post("/", data={"code": room.code})).status == 429


async def test_knowing_one_rooms_code_does_not_make_guessing_free(room):
    guesser = await room.browser(address="192.0.2.202")
    wrong = iter(f"{16180339 + n:08d}" for n in range(40) if f"{16180339 + n:08d}" != room.code)
    statuses = []
    for _ in range(3):
        for _ in range(Limits().wrong_codes - 1):
            statuses.append((await guesser.post("/", data={"code": next(wrong)})).status)
        statuses.append((await guesser.post("/", data={"code": room.code})).status)
    assert 429 in statuses  # the right code in between wiped nothing


async def test_pins_sent_all_at_once_are_slowed_as_one_after_another(room):
    owner = await room.browser()
    pin = pin_of(await join(owner, room)).replace(" ", "")
    wrong = "000000" if pin != "000000" else "111111"
    thieves = [await room.browser(address=f"198.51.100.{n}") for n in range(20)]
    replies = await asyncio.gather(
        *(t.post("/pin", data={"code": room.code, "participant": "p1", "pin": wrong}) for t in thieves)
    )
    statuses = sorted(r.status for r in replies)
    assert statuses.count(403) == Limits().wrong_pins_per_seat
    assert statuses.count(429) == len(thieves) - Limits().wrong_pins_per_seat


async def test_answers_sent_at_once_from_two_devices_are_all_kept(room):
    from maturitytui.model.steps import GRID_STEP
    from maturitytui.room.files import read_own

    room.move_to(GRID_STEP)
    phone = await room.browser()
    pin = pin_of(await join(phone, room)).replace(" ", "")
    tablet = await room.browser(address="192.0.2.210")
    await tablet.post("/seat", data={"code": room.code, "participant": "p1"})
    await tablet.post("/pin", data={"code": room.code, "participant": "p1", "pin": pin})
    sends = [
        (device, question, f"{n % 6 + 1},{n % 5 + 1}")
        for n in range(10)
        for device, question in ((phone, "grid:current"), (tablet, "grid:target"))
    ]
    await asyncio.gather(*(d.post("/answer", data={"question": q, "rating": r}) for d, q, r in sends))
    assert set(read_own(room.path, "p1").ratings) == {"grid:current", "grid:target"}


async def test_a_questionnaire_sent_twice_at_once_counts_once(room, rubric):
    from maturitytui.model.steps import Step
    from maturitytui.room.answers import take_responses

    audit = rubric.questionnaires[0]
    room.move_to(Step.tool(audit.id))
    phone = await room.browser()
    await join(phone, room)
    answers = {"tool": audit.id, **{f"item-{i.number}": audit.scale[0].value for i in audit.items}}
    await asyncio.gather(*(phone.post("/respond", data=answers) for _ in range(5)))
    assert len(take_responses(room.path).paths) == 1


async def test_a_name_not_in_the_room_takes_no_memory(room):
    phone = await room.browser()
    for n in range(50):
        refused = await phone.post("/seat", data={"code": room.code, "participant": f"made-up-{n}"})
        assert refused.status == 409
    assert len(room.site._claiming) == 0


async def test_a_phone_whose_seat_was_freed_is_told_in_the_stream_not_by_an_error(room):
    phone = await room.browser()
    await join(phone, room)
    room.host.free_seat("p1")
    told = await phone.get("/events")
    assert told.status == 200  # an error status would leave the browser on "Reconnecting…" for good
    assert "event: gone\ndata: seat" in await told.text()
