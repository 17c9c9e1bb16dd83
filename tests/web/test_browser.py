"""The room's pages in a real browser: a phone joins, answers and follows the room; the pages pass axe-core,
fit a phone at 200 % zoom, fetch nothing from elsewhere; the projector fits its screen.

Set MATURITYTUI_SCREENSHOTS to a folder to keep a picture of every page, to look at by eye.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from maturitytui.model.session import CRITERION_RATINGS, CriterionAnswer, StrandAnswer
from maturitytui.model.steps import CRITERIA_STEP, GRID_STEP, Step, questions_for
from maturitytui.room.facilitation import rate
from maturitytui.room.files import read_own
from maturitytui.room.state import spoken
from tests.web.browser_fixtures import (
    DESKTOP,
    PHONE,
    PHONE_AT_200,
    TABLET,
    axe_problems,
    base_url,
    chromium,
    facilitator_logs_in,
    join_on,
    page_width,
    save_shot,
    smallest_text,
    step_shown,
    too_small,
)
from tests.web.conftest import ADDRESS, Room

pytestmark = [
    pytest.mark.slow,
    pytest.mark.linux_only("drives Debian's chromium, which .ci/run installs; Windows and macOS have no such package"),
]

JPD = "Joint practice development"
GRID = "Partnership grid"
CRITERIA = "Criteria for a deep partnership"


@pytest.fixture
async def browser(room: Room):
    # Asks for the room first so that it closes first: its live connections drop before the server stops.
    async with chromium() as launched:
        yield launched


async def open_page(browser: Browser, device: dict[str, Any] = PHONE) -> Page:
    """A page in a new browser context: a device of its own, with its own cookies."""
    context = await browser.new_context(**device)
    context.set_default_timeout(10_000)
    return await context.new_page()


async def made_for_a_phone(page: Page, width: int = 390) -> None:
    """Readable without zooming, every target big enough for a thumb, nothing to scroll sideways."""
    size, where = await smallest_text(page)
    assert size >= 16, f"text of {size}px at {where}"
    assert await too_small(page) == []
    assert await page_width(page) <= width


async def into_the_room(page: Page, room: Room, name: str = "Ann Okafor") -> str:
    """Join, take the seat, go through to the room's step: the PIN shown on the way."""
    pin = await join_on(page, room, name)
    await page.get_by_role("link", name="Go to the room").tap()
    await step_shown(page, JPD)
    return pin


def card(page: Page, stage: str) -> Locator:
    return page.locator(".choice").filter(has=page.get_by_role("radio", name=stage, exact=True))


async def tap_stage(page: Page, stage: str) -> None:
    """Tap the middle of a stage's card (its indicators, mostly), not the radio button itself."""
    await card(page, stage).tap()


# -- a phone in the room -------------------------------------------------------------------------------------


async def test_a_phone_joins_by_its_code_and_answers_a_strand_by_tapping_a_stage(room, browser):
    page = await open_page(browser)
    await page.goto(base_url(room) + "/")
    await made_for_a_phone(page)
    pin = await join_on(page, room)
    assert re.fullmatch(r"\d{3} \d{3}", pin)
    await made_for_a_phone(page)
    await page.get_by_role("link", name="Go to the room").tap()
    await step_shown(page, JPD)
    await made_for_a_phone(page)

    await tap_stage(page, "Developing")
    ask = page.locator("#q-strand-jpd")
    await expect(card(page, "Developing")).to_contain_text("Sent ✓")  # on the card, maybe a screen below
    await expect(ask.locator(".sent")).to_have_text("Sent ✓")
    await expect(ask.locator(".your-answer")).to_contain_text("Your answer: Developing")
    await expect(page.get_by_role("radio", name="Developing", exact=True)).to_be_checked()
    assert read_own(room.path, "p1").ratings == {"strand:jpd": "Developing"}
    await made_for_a_phone(page)


async def test_the_phone_follows_the_room_to_the_grid_and_the_criteria_without_reloading(room, browser):
    page = await open_page(browser)
    await into_the_room(page, room)
    await page.evaluate("window.sameDocument = true")  # gone if the page were loaded again

    room.move_to(GRID_STEP)
    await step_shown(page, GRID)
    now = page.locator("#q-grid-current")
    await expect(now.locator(".cell")).to_have_count(36)
    cell = now.get_by_role("button", name="Row 2, column 3")
    await cell.tap()
    await expect(cell).to_have_attribute("aria-pressed", "true")
    await expect(now.locator('.cell[aria-pressed="true"]')).to_have_count(1)
    await expect(now.locator(".sent")).to_have_text("Sent ✓")
    assert read_own(room.path, "p1").ratings == {"grid:current": "2,3"}
    await made_for_a_phone(page)

    room.move_to(CRITERIA_STEP)
    await step_shown(page, CRITERIA)
    await expect(page.locator(".ask")).to_have_count(8)
    await expect(page.locator(".ask").first.get_by_role("radio")).to_have_count(len(CRITERION_RATINGS))
    await made_for_a_phone(page)
    assert await page.evaluate("window.sameDocument") is True


async def test_a_phone_that_drops_comes_back_to_its_seat_and_another_device_is_asked_for_the_pin(room, browser):
    page = await open_page(browser)
    pin = await into_the_room(page, room)
    await tap_stage(page, "Developing")
    await expect(page.locator("#q-strand-jpd .sent")).to_have_text("Sent ✓")
    context = page.context
    await page.close()

    # The same phone (its cookies kept) opens the address again: straight back to its seat, no PIN.
    again = await context.new_page()
    await again.goto(base_url(room) + "/")
    await expect(again).to_have_url(base_url(room) + "/room")
    await expect(again.get_by_role("radio", name="Developing", exact=True)).to_be_checked()
    await expect(again.locator("#q-strand-jpd .answer")).to_have_text("Developing")
    await expect(again.locator("input[name=pin]")).to_have_count(0)

    # Another device taking the same seat is asked for the PIN, and with it gets the seat and its answer.
    other = await open_page(browser)
    await other.goto(base_url(room) + "/")
    await other.get_by_label("Join code").fill(room.code)
    await other.get_by_role("button", name="Join").tap()
    await other.get_by_role("button", name=re.compile("Ann Okafor")).tap()
    await expect(other.get_by_role("heading", level=1)).to_have_text("Your PIN")
    await other.get_by_label("PIN for Ann Okafor").fill(pin)
    await other.get_by_role("button", name="Sit down").tap()
    await step_shown(other, JPD)
    await expect(other.get_by_role("radio", name="Developing", exact=True)).to_be_checked()


async def test_every_request_the_pages_make_goes_to_the_rooms_own_server(room, browser):
    asked: list[str] = []
    phone = await open_page(browser)
    phone.on("request", lambda request: asked.append(request.url))
    await into_the_room(phone, room)
    await tap_stage(phone, "Embedding")
    await expect(phone.locator("#q-strand-jpd .sent")).to_have_text("Sent ✓")
    room.move_to(GRID_STEP)
    await step_shown(phone, GRID)

    projector = await open_page(browser, DESKTOP)
    projector.on("request", lambda request: asked.append(request.url))
    await facilitator_logs_in(projector, room)
    await projector.goto(f"{base_url(room)}/present/{room.code}")
    await expect(projector.locator(".qr svg")).to_be_visible()

    elsewhere = [url for url in asked if not url.startswith(base_url(room) + "/")]
    assert elsewhere == []
    paths = {url.removeprefix(base_url(room)).partition("?")[0] for url in asked}
    # What was recorded is the whole of it: the stylesheet, the script, both live connections, the answer.
    assert {"/static/room.css", "/static/room.js", "/events", "/answer", f"/present/{room.code}/events"} <= paths


async def test_at_200_percent_zoom_no_step_of_the_room_scrolls_sideways(room, browser, rubric):
    page = await open_page(browser, PHONE_AT_200)
    await into_the_room(page, room)
    await save_shot(page, "zoomed-room-strand")
    assert await page_width(page) <= 195
    for step, title, name in [
        (GRID_STEP, GRID, "grid"),
        (CRITERIA_STEP, CRITERIA, "criteria"),
        (Step.tool(rubric.questionnaires[0].id), rubric.questionnaires[0].title, "questionnaire"),
    ]:
        room.move_to(step)
        await step_shown(page, title)
        await save_shot(page, f"zoomed-room-{name}")
        assert await page_width(page) <= 195, title


# -- every page: axe-core, sideways scrolling, pictures ------------------------------------------------------


@pytest.mark.parametrize("device", [PHONE, TABLET, DESKTOP], ids=["phone", "tablet", "desktop"])
async def test_every_participant_page_passes_axe_and_fits_its_width(room, browser, rubric, device):
    width = device["viewport"]["width"]
    found: dict[str, list[str]] = {}

    async def look(page: Page, name: str) -> None:
        problems = await axe_problems(page)
        if (across := await page_width(page)) > width:
            problems.append(f"{across}px wide in a {width}px viewport")
        found[name] = problems
        await save_shot(page, name)

    page = await open_page(browser, device)
    await page.goto(base_url(room) + "/")
    await look(page, "join")
    await page.get_by_label("Join code").fill("0000 0000" if room.code != "00000000" else "1111 1111")
    await page.get_by_role("button", name="Join").click()
    await expect(page.get_by_role("alert")).to_contain_text("does not open a room")
    await look(page, "join-wrong-code")
    await page.get_by_label("Join code").fill(room.code)
    await page.get_by_role("button", name="Join").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Pick your name")
    await look(page, "seats")
    await page.get_by_role("button", name=re.compile("Ann Okafor")).click()
    await expect(page.locator(".pin")).to_be_visible()
    await look(page, "welcome")
    await page.get_by_role("link", name="Go to the room").click()
    await step_shown(page, JPD)
    await look(page, "room-strand")
    await card(page, "Embedding").click()
    await expect(page.locator("#q-strand-jpd .sent")).to_have_text("Sent ✓")
    await look(page, "room-strand-answered")

    room.move_to(GRID_STEP)
    await step_shown(page, GRID)
    await page.get_by_role("button", name="Row 1, column 2").first.click()
    await expect(page.locator("#q-grid-current .sent")).to_have_text("Sent ✓")
    await look(page, "room-grid")
    room.move_to(CRITERIA_STEP)
    await step_shown(page, CRITERIA)
    await look(page, "room-criteria")

    questionnaire = rubric.questionnaires[0]
    room.move_to(Step.tool(questionnaire.id))
    await step_shown(page, questionnaire.title)
    await look(page, "room-questionnaire")
    await page.get_by_role("button", name="Send, anonymously").click()
    await expect(page.get_by_role("alert")).to_contain_text("answer every statement")
    await look(page, "room-questionnaire-not-sent")
    for item in await page.locator("fieldset.item").all():
        await item.locator(".choice").first.click()
    await page.get_by_role("button", name="Send, anonymously").click()
    await expect(page.get_by_role("status").filter(has_text="Sent, anonymously")).to_be_visible()
    await look(page, "room-questionnaire-sent")

    # Another device asks for Ann's seat: the PIN page.
    other = await open_page(browser, device)
    await other.goto(f"{base_url(room)}/?code={room.code}")
    await other.get_by_role("button", name="Join").click()
    await other.get_by_role("button", name=re.compile("Ann Okafor")).click()
    await expect(other.get_by_role("heading", level=1)).to_have_text("Your PIN")
    await look(other, "pin")

    room.host.close()
    await expect(page).to_have_url(re.compile(r"/\?gone=closed$"))
    await expect(page.get_by_role("status")).to_contain_text("That room is closed")
    await look(page, "join-room-closed")

    assert {name: problems for name, problems in found.items() if problems} == {}


# -- the projector ---------------------------------------------------------------------------------------------


def everyone_rated(room: Room, step: Step) -> None:
    """Every participant rates every question of the step, differently, and the room agrees on each with a
    reason: the fullest the projector's boards get."""
    session = room.host.session
    facilitation = room.host.facilitation
    reasons = {}
    for key in questions_for(step, room.host.rubric):
        if key.startswith("grid:"):
            choices: tuple[str, ...] = ("1,1", "2,3", "3,3", "4,5")  # as far apart as a room's views get
        elif key.startswith("criterion:"):
            choices = CRITERION_RATINGS
        else:
            choices = ("Beginning", "Developing", "Embedding")
        for n, participant in enumerate(facilitation.participants):
            facilitation = rate(facilitation, key, participant.id, choices[n % len(choices)])
        reasons[key] = "Most of the evidence came from the two secondary schools' shared lesson study"
    session.facilitation = facilitation.model_copy(update={"reasons": reasons})
    if step.kind == "strand":
        session.strands[step.id] = StrandAnswer(stage="Developing")
    elif step.kind == "criteria":
        session.criteria = {
            c.id: CriterionAnswer(within="partly", between="not_yet") for c in room.host.rubric.criteria
        }
    room.store.save(session, room.path)


async def fits_the_screen(page: Page) -> None:
    """Nothing scrolls, and nothing is cut off by the boxes that keep the page to the screen."""
    outside = await page.eval_on_selector_all(
        "body *",
        """all => all.filter(e => {
            const box = e.getBoundingClientRect();
            return box.width > 0 && (box.right > innerWidth + 0.5 || box.bottom > innerHeight + 0.5);
        }).map(e => `${e.outerHTML.slice(0, 60)}: right ${e.getBoundingClientRect().right}, bottom ${e.getBoundingClientRect().bottom}`)""",
    )
    sizes = await page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.scrollHeight, innerWidth, innerHeight]"
    )
    assert sizes[0] <= sizes[2], outside
    assert sizes[1] <= sizes[3], outside
    clipped = await page.eval_on_selector_all(
        ".board, .board-area, .join",
        "boxes => boxes.filter(b => b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1)"
        ".map(b => `${b.className}: ${b.scrollWidth}×${b.scrollHeight} in ${b.clientWidth}×${b.clientHeight}`)",
    )
    assert clipped == []


@pytest.mark.parametrize("screen", [(1920, 1080), (1280, 720)], ids=["1080p", "720p"])
async def test_the_projector_shows_the_code_the_address_and_a_qr_code_and_fits_its_screen(room, browser, screen):
    width, height = screen
    page = await open_page(browser, {"viewport": {"width": width, "height": height}})
    await facilitator_logs_in(page, room)
    assert await axe_problems(page) == []
    await save_shot(page, "facilitator")
    await page.get_by_role("link", name="Projector page").click()
    await expect(page).to_have_url(f"{base_url(room)}/present/{room.code}")

    code = page.locator(".join .code")
    await expect(code).to_have_text(spoken(room.code))
    await expect(page.get_by_text(ADDRESS, exact=True)).to_be_visible()
    await expect(page.locator(".qr svg")).to_be_visible()
    qr = await page.locator(".qr svg").bounding_box()
    assert qr is not None
    assert qr["width"] >= 0.15 * height, "a QR code too small to scan from the back"
    size = float(await code.evaluate("c => parseFloat(getComputedStyle(c).fontSize)"))
    assert size >= 60 * height / 1080, f"the join code in {size}px"
    await expect(page.locator(".hidden-note")).to_have_text("Shown once everyone has rated")
    await save_shot(page, "projector-strand-waiting")  # before the checks: a failing layout is there to see
    await fits_the_screen(page)
    assert await axe_problems(page) == []

    room.host.show_by_school(True)
    everyone_rated(room, Step.strand("jpd"))
    await expect(page.locator(".board .agreed")).to_have_text("Agreed: Developing")
    await save_shot(page, "projector-strand-rated")
    await fits_the_screen(page)
    assert await axe_problems(page) == []

    room.move_to(GRID_STEP)
    everyone_rated(room, GRID_STEP)
    await expect(page.locator("h1.step")).to_have_text(GRID)
    await expect(page.locator(".board .bars li")).to_have_count(2 * len(room.host.facilitation.participants))
    await save_shot(page, "projector-grid-rated")
    await fits_the_screen(page)
    assert await axe_problems(page) == []

    room.move_to(CRITERIA_STEP)
    everyone_rated(room, CRITERIA_STEP)
    await expect(page.locator("h1.step")).to_have_text(CRITERIA)
    boards = page.locator(".board")
    await expect(boards).to_have_count(8)
    await expect(page.locator(".board .agreed")).to_have_count(8)
    await save_shot(page, "projector-criteria")
    for board in await boards.all():
        await expect(board).to_be_in_viewport(ratio=1)
    await fits_the_screen(page)
    assert await axe_problems(page) == []


# -- the workshop, whole -------------------------------------------------------------------------------------


async def test_a_workshop_of_four_phones_and_a_projector(room, browser):
    """The issue's workshop: four phones join, rate, one drops and comes back; the projector follows it all."""
    projector = await open_page(browser, DESKTOP)
    await facilitator_logs_in(projector, room)
    await projector.goto(f"{base_url(room)}/present/{room.code}")
    await expect(projector.locator(".code")).to_have_text(re.compile(f"{room.code[:4]}\\s*{room.code[4:]}"))
    await expect(projector.locator(".qr svg")).to_be_visible()
    await expect(projector.locator(".address")).to_have_text(ADDRESS)
    await expect(projector.locator(".rated")).to_have_text("0 of 4 have rated")

    stages = {"Ann Okafor": "Developing", "Bo Lewis": "Embedding", "Cy Patel": "Beginning", "Di Moss": "Developing"}
    phones = {}
    for name, stage in stages.items():
        phone = await open_page(browser)
        await into_the_room(phone, room, name)
        await tap_stage(phone, stage)
        await expect(phone.locator("#q-strand-jpd .sent")).to_have_text("Sent ✓")
        phones[name] = phone
    room.host.gather()
    room.store.save(room.host.session, room.path)  # as the facilitator's program does, twice a second
    await expect(projector.locator(".rated")).to_have_text("4 of 4 have rated")
    await expect(projector.locator(".bar-count")).to_have_text(["1", "2", "1", "0"])
    await expect(projector.locator(".wide")).to_contain_text("Views differ widely")
    assert await axe_problems(projector) == []

    # Bo's phone drops off: a new page in the same browser is back in the room, the answer ticked, no PIN.
    dropped = phones["Bo Lewis"]
    context = dropped.context
    await dropped.close()
    back = await context.new_page()
    await back.goto(base_url(room) + "/")
    await step_shown(back, JPD)
    await expect(back.get_by_role("radio", name="Embedding", exact=True)).to_be_checked()

    # The room moves on: every phone and the projector follow without a reload.
    room.move_to(GRID_STEP)
    for page in [back, *(p for n, p in phones.items() if n != "Bo Lewis")]:
        await step_shown(page, GRID)
        await made_for_a_phone(page)
        assert await axe_problems(page) == []
    await expect(projector.locator("h1.step")).to_have_text(GRID)


async def test_arrowing_through_the_stages_sends_only_the_one_sent(room, browser):
    """A keyboard or screen-reader user moves through the choices; only "Send my answer" sends."""
    page = await open_page(browser)
    await into_the_room(page, room)
    await page.get_by_role("radio", name="Beginning", exact=True).focus()
    for _ in range(3):
        await page.keyboard.press("ArrowDown")
    await expect(page.get_by_role("radio", name="Leading", exact=True)).to_be_checked()
    assert read_own(room.path, "p1").ratings == {}  # nothing sent while moving
    await page.keyboard.press("Tab")  # to "Send my answer"
    await page.keyboard.press("Enter")
    await expect(page.locator("#q-strand-jpd .sent")).to_have_text("Sent ✓")
    assert read_own(room.path, "p1").ratings == {"strand:jpd": "Leading"}
