"""Questionnaires answered alone on a phone, the projector page, and text from files shown as text."""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturitytui.model.steps import CRITERIA_STEP, Step
from maturitytui.room.answers import responses_folder, take_responses
from maturitytui.room.files import Own, read_own, write_own
from tests.web.conftest import ADDRESS, FACILITATOR, join, text_of


async def test_a_trust_audit_is_answered_anonymously_once(room, rubric):
    audit = rubric.questionnaires[0]
    room.move_to(Step.tool(audit.id))
    browser = await room.browser()
    await join(browser, room)
    page = text_of(await (await browser.get("/room")).text())
    assert "Answer on your own, anonymously" in page
    for item in audit.items:
        assert f"{item.number}. {' '.join(item.text.split())}" in page
    half = {f"item-{i.number}": audit.scale[0].value for i in audit.items[:5]}
    refused = await browser.post("/respond", data={"tool": audit.id, **half})
    assert refused.status == 400
    words = text_of(await refused.text())
    assert "numbers 6, 7, 8, 9, 10 still to do" in words
    assert take_responses(room.path).paths == []  # nothing sent until every statement is answered
    page = await refused.text()
    assert f'value="{audit.scale[0].value}" checked' in page  # what was ticked is kept
    answers = {f"item-{i.number}": audit.scale[1].value for i in audit.items}
    sent = await browser.post("/respond", data={"tool": audit.id, **answers}, allow_redirects=False)
    assert sent.headers["Location"] == "/room?sent=tool"
    taken = take_responses(room.path)
    assert taken.by_tool == {audit.id: [{str(i.number): audit.scale[1].value for i in audit.items}]}
    body = taken.paths[0].read_text()
    assert "p1" not in body
    assert "Ann" not in body
    assert read_own(room.path, "p1").answered == [audit.id]
    after = text_of(await (await browser.get("/room?sent=tool")).text())
    assert "Sent, anonymously. Thank you." in after
    assert "You have answered this" in after
    again = await browser.post("/respond", data={"tool": audit.id, **answers}, allow_redirects=False)
    assert again.status == 303
    assert len(take_responses(room.path).paths) == 1  # never counted twice


async def test_box_four_sends_only_the_teams_picks(room, rubric):
    exercise = rubric.exercises[0]
    room.move_to(Step.tool(exercise.id))
    browser = await room.browser()
    await join(browser, room)
    dims = exercise.dimensions
    picks = [
        *(("own_strongest", d) for d in dims[: exercise.strongest]),
        *(("own_weakest", d) for d in dims[-exercise.weakest :]),
        *(("team_strongest", d) for d in dims[1 : exercise.strongest + 1]),
        *(("team_weakest", d) for d in dims[-exercise.weakest :]),
    ]
    short = await browser.post("/respond", data=[("tool", exercise.id), *picks[:-1]])
    assert short.status == 400
    assert f"pick {exercise.weakest} weakest for the team" in text_of(await short.text())
    await browser.post("/respond", data=[("tool", exercise.id), *picks])
    (answers,) = take_responses(room.path).by_tool[exercise.id]
    assert set(answers) == {f"strongest:{d}" for d in dims[1 : exercise.strongest + 1]} | {
        f"weakest:{d}" for d in dims[-exercise.weakest :]
    }


async def projector(room) -> tuple[object, str]:
    facilitator = await room.browser(address="192.0.2.77")
    await facilitator.post("/", data={"code": FACILITATOR})
    page = await facilitator.get(f"/present/{room.code}")
    assert page.status == 200
    return facilitator, await page.text()


async def test_the_projector_shows_the_join_address_the_code_and_a_qr_code(room):
    _, page = await projector(room)
    words = text_of(page)
    assert ADDRESS in words
    assert f"{room.code[:4]} {room.code[4:]}" in words
    assert "<svg" in page
    assert "Scan to join" in page
    assert "Joint practice development" in words
    assert "0 of 4 have rated" in words
    assert "Shown once everyone has rated" in words


async def test_the_projector_shows_the_spread_once_everyone_has_rated_and_what_was_agreed(room):
    for pid, stage in zip(["p1", "p2", "p3", "p4"], ["Beginning", "Developing", "Embedding", "Embedding"], strict=True):
        write_own(room.path, pid, Own({"strand:jpd": stage}))
    room.host.gather()
    room.host.session.answer("jpd").stage = "Developing"
    room.host.session.facilitation = room.host.session.facilitation.model_copy(
        update={"reasons": {"strand:jpd": "Trios in two schools only"}}
    )
    room.store.save(room.host.session, room.path)
    _, page = await projector(room)
    words = text_of(page)
    assert "4 of 4 have rated" in words
    bars = re.findall(r'<span class="bar-label">(\w+)</span>.*?<span class="bar-count">(\d+)</span>', page, re.S)
    assert bars == [("Beginning", "1"), ("Developing", "1"), ("Embedding", "2"), ("Leading", "0")]
    assert "Views differ widely (Beginning to Embedding)" in words
    assert "Agreed: Developing" in words
    assert "Why: Trios in two schools only" in words
    for name in ["Ann Okafor", "Bo Lewis"]:
        assert name not in words  # the projector never names who chose what


async def test_the_projector_puts_the_eight_criteria_questions_on_one_board(room, rubric):
    room.move_to(CRITERIA_STEP)
    _, page = await projector(room)
    assert 'class="boards count-8"' in page
    assert page.count('<section class="board"') == 2 * len(rubric.criteria)


async def test_the_projector_follows_the_room_live(room):
    facilitator, _ = await projector(room)
    events = await facilitator.get(f"/present/{room.code}/events")
    from tests.web.test_participants import _event

    assert (await _event(events))[0] == "board"
    room.move_to(Step.strand("mc"))
    while (event := await _event(events))[0] != "board":
        pass
    assert "Mentoring and coaching" in event[1]
    events.close()


async def test_names_and_reasons_from_files_are_shown_as_text_never_as_markup(room, rubric):
    from tests.web.conftest import open_review

    host = open_review(room.store, rubric, "Harbour <b>Side</b>\u202e")
    session = host.session
    people = session.facilitation.participants
    people[0] = people[0].model_copy(update={"name": "<script>alert(1)</script>\x1b[31m"})
    host.session.facilitation = session.facilitation.model_copy(update={"participants": people})
    host.publish()
    browser = await room.browser()
    page = await (await browser.post("/", data={"code": host.code})).text()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page
    assert "\u202e" not in page
    assert "Harbour &lt;b&gt;Side&lt;/b&gt;" in page


ADDRESSES = itertools.count(1)
FORM = st.dictionaries(
    st.sampled_from(["code", "participant", "pin", "question", "rating", "tool", "item-1"]),
    st.text(max_size=80),
    max_size=5,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/", "/seat", "/pin", "/answer", "/respond", "/leave"]), form=FORM)
async def test_any_form_gets_an_answer_never_a_crash(room, path, form):
    # A new address each time: wrong codes from one address are rightly slowed, and that is not this test.
    browser = await room.browser(address=f"203.0.{next(ADDRESSES) // 250}.{next(ADDRESSES) % 250}")
    await join(browser, room, "p4")
    response = await browser.post(path, data=form, allow_redirects=False)
    assert response.status in {200, 303, 400, 403, 409, 410, 429}, (path, form, await response.text())
    assert read_own(room.path, "p4").ratings.keys() <= {"strand:jpd"}
    assert not (responses_folder(room.path).exists() and list(responses_folder(room.path).iterdir()))


async def test_no_page_and_no_file_tells_one_persons_rating_to_anyone_else(room, rubric):
    from maturitytui.room.layout import room_folder
    from tests.web.conftest import PEOPLE, open_review

    host = open_review(room.store, rubric, "Quiet Vale", anonymous=True)
    phones = {}
    for pid, stage in [("p1", "Leading"), ("p2", "Beginning")]:
        phone = await room.browser(address=f"192.0.2.{int(pid[1:]) + 100}")
        await phone.post("/", data={"code": host.code})
        await phone.post("/seat", data={"code": host.code, "participant": pid})
        await phone.post("/answer", data={"question": "strand:jpd", "rating": stage})
        phones[pid] = phone
    third = await room.browser(address="192.0.2.103")
    await third.post("/", data={"code": host.code})
    await third.post("/seat", data={"code": host.code, "participant": "p3"})
    page = await (await third.get("/room")).text()
    assert " checked" not in page
    assert "none yet" in page
    mine = await (await phones["p1"].get("/room")).text()
    assert 'value="Leading" checked' in mine
    assert 'value="Beginning" checked' not in mine
    host.gather()
    host.show_by_school(True)
    room.store.save(host.session, host.path)
    facilitator = await room.browser(address="192.0.2.120")
    await facilitator.post("/", data={"code": FACILITATOR})
    projector = text_of(await (await facilitator.get(f"/present/{host.code}")).text())
    assert "2 of 4 have rated" in projector
    assert "Shown once everyone has rated" in projector
    for label in ["P1", "P2", "P3"]:
        assert label not in projector
    for path in room_folder(host.path).rglob("*.toml"):
        body = path.read_text()
        for name in PEOPLE:
            assert name not in body, path
