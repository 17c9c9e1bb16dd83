"""A participant's phone, as an HTTP client: join, seat, answer, come back, and see only their own answers."""

from __future__ import annotations

import re

from maturitytui.model.steps import CRITERIA_STEP, GRID_STEP, Step
from maturitytui.room.files import Own, read_own, write_own
from maturitytui.room.seats import matches
from tests.web.conftest import FACILITATOR, PEOPLE, SCHOOLS, join, pin_of, text_of


async def test_the_join_page_is_made_for_a_phone(room):
    browser = await room.browser()
    page = await (await browser.get("/")).text()
    assert '<html lang="en-GB">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<title>Join the review · maturitytui</title>" in page
    assert '<label for="code">Join code</label>' in page
    assert "http://" not in page.replace("http://www.w3.org", "")  # nothing fetched from another host
    assert "https://" not in page


async def test_a_participant_joins_picks_their_seat_and_gets_a_pin_and_a_cookie(room):
    browser = await room.browser()
    seats = await browser.post("/", data={"code": f"{room.code[:4]} {room.code[4:]}"})
    listed = text_of(await seats.text())
    for name, school in zip(PEOPLE, SCHOOLS, strict=True):
        assert f"{name} {school}" in listed
    welcome = await browser.post("/seat", data={"code": room.code, "participant": "p1"})
    cookie = welcome.cookies["maturitytui-seat"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    pin = pin_of(await welcome.text()).replace(" ", "")
    own = read_own(room.path, "p1")
    assert pin not in own.pin
    assert matches(own.pin, pin)
    token = cookie.value.split(".")[2]
    assert len(own.tokens) == 1
    assert token not in own.tokens[0]
    assert matches(own.tokens[0], token)
    page = text_of(await (await browser.get("/room")).text())
    assert "you are Ann Okafor · Harbourside" in page
    assert "Joint practice development" in page


async def test_an_answer_is_written_to_the_participants_own_file_and_shown_beside_the_question(room):
    browser = await room.browser()
    await join(browser, room)
    sent = await browser.post(
        "/answer", data={"question": "strand:jpd", "rating": "Developing"}, headers={"Accept": "application/json"}
    )
    assert await sent.json() == {"said": "Sent ✓", "answer": "Developing", "rating": "Developing"}
    assert read_own(room.path, "p1").ratings == {"strand:jpd": "Developing"}
    page = await (await browser.get("/room")).text()
    assert re.search(r"Your answer: <strong class=\"answer\">Developing</strong>", page)
    assert re.search(r'value="Developing" checked', page)
    assert page.count(" checked") == 1  # nothing looks chosen but the answer


async def test_without_a_script_the_form_posts_and_comes_back_to_the_question(room):
    browser = await room.browser()
    await join(browser, room)
    sent = await browser.post("/answer", data={"question": "strand:jpd", "rating": "Leading"}, allow_redirects=False)
    assert sent.status == 303
    assert sent.headers["Location"] == "/room?sent=strand:jpd#q-strand-jpd"
    page = await (await browser.get(sent.headers["Location"])).text()
    assert "Sent ✓" in page


async def test_no_choice_is_marked_before_the_participant_chooses(room):
    browser = await room.browser()
    await join(browser, room)
    page = await (await browser.get("/room")).text()
    assert " checked" not in page
    assert 'Your answer: <strong class="answer">none yet</strong>' in page


async def test_the_strand_shows_its_stages_with_every_indicator(room, rubric):
    browser = await room.browser()
    await join(browser, room)
    page = text_of(await (await browser.get("/room")).text())
    strand = rubric.strand("jpd")
    for stage in strand.stages:
        assert stage.name in page
        for indicator in stage.indicators:
            assert " ".join(indicator.split()) in page


async def test_an_answer_to_a_question_the_room_is_not_asking_is_refused(room):
    browser = await room.browser()
    await join(browser, room)
    for question, rating in [("strand:mc", "Leading"), ("strand:jpd", "Brilliant"), ("grid:current", "3,2")]:
        sent = await browser.post(
            "/answer", data={"question": question, "rating": rating}, headers={"Accept": "application/json"}
        )
        assert sent.status == 409
    assert read_own(room.path, "p1").ratings == {}


async def test_the_grid_is_a_six_by_six_of_buttons_with_its_axes(room, rubric):
    room.move_to(GRID_STEP)
    browser = await room.browser()
    await join(browser, room)
    page = await (await browser.get("/room")).text()
    assert page.count('class="cell"') == 2 * 36  # where it is now, where it should be
    assert 'aria-label="Row 6, column 1"' in page
    words = text_of(page)
    assert "Inter-school integration (structure), from loose (1) to tight (6)" in words
    assert "Nature of partnerships, from shallow (1) to deep (6)" in words
    assert "Rows 5, 6: A hard federation" in words
    sent = await browser.post(
        "/answer", data={"question": "grid:current", "rating": "2,3"}, headers={"Accept": "application/json"}
    )
    assert (await sent.json())["answer"] == "row 2, column 3"
    page = await (await browser.get("/room")).text()
    assert 'value="2,3" class="cell" aria-pressed="true"' in page


async def test_the_criteria_show_their_statements_and_everyday_words(room, rubric):
    room.move_to(CRITERIA_STEP)
    browser = await room.browser()
    await join(browser, room)
    words = text_of(await (await browser.get("/room")).text())
    for criterion in rubric.criteria:
        assert criterion.everyday in words
        assert f"{criterion.title}, within schools" in words
        assert f"{criterion.title}, between schools" in words


async def test_a_device_comes_back_to_its_seat_with_its_cookie_and_no_pin(room):
    browser = await room.browser()
    await join(browser, room)
    await browser.post("/answer", data={"question": "strand:jpd", "rating": "Embedding"})
    again = await browser.get("/", allow_redirects=False)
    assert again.status == 303
    assert again.headers["Location"] == "/room"
    page = await (await browser.get("/room")).text()
    assert 'value="Embedding" checked' in page


async def test_a_claimed_seat_asks_another_device_for_its_pin_and_only_that_pin_opens_it(room):
    first = await room.browser()
    pin = pin_of(await join(first, room)).replace(" ", "")
    await first.post("/answer", data={"question": "strand:jpd", "rating": "Embedding"})

    other = await room.browser(address="192.0.2.50")
    asked = await other.post("/seat", data={"code": room.code, "participant": "p1"})
    assert "type the PIN that device showed you" in text_of(await asked.text())
    wrong = await other.post(
        "/pin", data={"code": room.code, "participant": "p1", "pin": "000000" if pin != "000000" else "111111"}
    )
    assert wrong.status == 403
    assert "maturitytui-seat" not in wrong.cookies
    right = await other.post("/pin", data={"code": room.code, "participant": "p1", "pin": f"{pin[:3]} {pin[3:]}"})
    assert right.status == 200
    page = await right.text()
    assert 'value="Embedding" checked' in page  # the answers came with the seat
    # Both devices keep the seat.
    assert (await first.get("/room", allow_redirects=False)).status == 200


async def test_a_freed_seat_lets_go_of_every_device_and_keeps_the_answers(room):
    browser = await room.browser()
    await join(browser, room)
    await browser.post("/answer", data={"question": "strand:jpd", "rating": "Leading"})
    room.host.free_seat("p1")
    gone = await browser.get("/room", allow_redirects=False)
    assert gone.headers["Location"] == "/?gone=seat"
    assert "no longer in its seat" in text_of(await (await browser.get("/?gone=seat")).text())
    other = await room.browser(address="192.0.2.51")
    welcome = await join(other, room)  # no PIN asked: the seat is free again
    pin_of(welcome)
    page = await (await other.get("/room")).text()
    assert 'value="Leading" checked' in page


async def test_a_wrong_code_opens_nothing_and_shows_nothing_of_the_store(room):
    browser = await room.browser()
    wrong = "0000 0000" if room.code != "00000000" else "1111 1111"
    page = await browser.post("/", data={"code": wrong})
    assert page.status == 403
    words = text_of(await page.text())
    assert "does not open a room" in words
    for secret in ["Wrenford", *PEOPLE, *SCHOOLS]:
        assert secret not in words


async def test_the_facilitators_code_opens_the_facilitators_page_and_a_rooms_code_never_does(room):
    participant = await room.browser()
    await join(participant, room)
    assert (await participant.get("/facilitator", allow_redirects=False)).status == 303
    assert (await participant.get(f"/present/{room.code}", allow_redirects=False)).status == 303
    facilitator = await room.browser(address="192.0.2.60")
    page = await facilitator.post("/", data={"code": FACILITATOR})
    words = text_of(await page.text())
    assert "Wrenford Alliance" in words
    assert f"join code {room.code[:4]} {room.code[4:]}" in words
    presenter = await facilitator.get(f"/present/{room.code}")
    assert presenter.status == 200


async def test_leaving_forgets_the_seat_on_this_device_only(room):
    browser = await room.browser()
    pin = pin_of(await join(browser, room))
    await browser.post("/leave")
    assert (await browser.get("/room", allow_redirects=False)).headers["Location"] == "/"
    asked = await browser.post("/seat", data={"code": room.code, "participant": "p1"})
    assert "PIN for Ann Okafor" in text_of(await asked.text())
    assert pin


async def test_an_anonymous_room_shows_numbers_and_no_names(room, rubric):
    from tests.web.conftest import open_review

    host = open_review(room.store, rubric, "Quiet Vale", anonymous=True)
    browser = await room.browser()
    words = text_of(await (await browser.post("/", data={"code": host.code})).text())
    assert "P1" in words
    assert "P4" in words
    for name in PEOPLE:
        assert name not in words
    assert "pick any number" in words


async def test_a_closed_room_sends_its_people_back_to_the_door(room):
    browser = await room.browser()
    await join(browser, room)
    room.host.close()
    gone = await browser.get("/room", allow_redirects=False)
    assert gone.status == 303


async def test_a_seat_file_written_by_hand_with_a_plain_pin_opens_nothing(room):
    """A PIN's digest in any form but the salted one matches no PIN: the seat needs the facilitator to free it."""
    import hashlib

    write_own(room.path, "p2", Own(pin=hashlib.sha256(b"p2:123456").hexdigest(), pin_round=0))
    browser = await room.browser()
    asked = await browser.post("/seat", data={"code": room.code, "participant": "p2"})
    assert "PIN for Bo Lewis" in text_of(await asked.text())
    wrong = await browser.post("/pin", data={"code": room.code, "participant": "p2", "pin": "123456"})
    assert wrong.status == 403


async def test_a_new_step_is_sent_to_the_phone_as_it_happens(room):
    browser = await room.browser()
    await join(browser, room)
    events = await browser.get("/events")
    assert events.headers["Content-Type"] == "text/event-stream"
    first = await _event(events)
    assert first[0] == "step"
    assert "Joint practice development" in first[1]
    room.move_to(Step.strand("mc"))
    while (event := await _event(events))[0] != "step":
        pass
    assert "Mentoring and coaching" in event[1]
    events.close()


async def _event(response) -> tuple[str, str]:
    """The next server-sent event (name, data), keep-alive comments skipped."""
    name, data = "", []
    while True:
        line = (await response.content.readline()).decode()
        if line.startswith(":"):
            continue
        if line == "\n":
            if name or data:
                return name, "\n".join(data)
            continue
        field, _, value = line.rstrip("\n").partition(": ")
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
