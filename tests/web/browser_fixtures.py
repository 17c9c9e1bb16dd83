"""Debian's Chromium, driven by Playwright, against a room served on a real port: what the browser tests share.

The room's server (``tests/web/conftest.py``) already listens on 127.0.0.1 in the test's own event loop, so
the browser is driven with Playwright's async API on that same loop: while a test awaits the browser, the
server answers it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.web.conftest import FACILITATOR, Room

# The machine has no internet: without these Chromium keeps trying to reach Google's services, and the
# refused connections slow it down and clutter what a test records.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
TABLET: dict[str, Any] = {
    "viewport": {"width": 820, "height": 1180},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1920, "height": 1080}}
PHONE_AT_200 = {**PHONE, "viewport": {"width": 195, "height": 422}, "device_scale_factor": 6}
"""The same phone with the page zoomed to 200 %: each CSS pixel twice as big, so half as many across."""

SHOTS = "MATURITYTUI_SCREENSHOTS"
"""A folder to save each page's picture in, to look at by eye (nothing is saved when it is not set)."""

TARGETS = "button, .button, .choice, .cell, summary"
"""Everything a finger taps: buttons, links drawn as buttons, radio cards, the grid's cells, a disclosure."""
SMALLEST_TARGET = 44


def chromium_path() -> str:
    """Debian's chromium; the test is skipped without it, except in CI, where a missing tool is a failure."""
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs Debian's chromium package", pytrace=False)
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return found


def browser_env() -> dict[str, str]:
    """This process's environment without libfaketime: CI's second run moves the clock of the tests' own
    process, and Chromium under libfaketime starts and opens pages some forty times slower (half a minute a
    page). The browser's clock is not the program's: nothing the server writes is dated by it."""
    return {name: value for name, value in os.environ.items() if name != "LD_PRELOAD"}


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    executable = chromium_path()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS, env=browser_env()
        )
        try:
            yield browser
        finally:
            await browser.close()


def base_url(room: Room) -> str:
    return str(room.server.make_url("")).rstrip("/")


async def join_on(page: Page, room: Room, name: str = "Ann Okafor") -> str:
    """Type the room's code, tap a name: the PIN the welcome page shows (the page is left on it)."""
    await page.goto(base_url(room) + "/")
    await page.get_by_label("Join code").fill(f"{room.code[:4]} {room.code[4:]}")
    await page.get_by_role("button", name="Join").tap()
    await page.get_by_role("button", name=re.compile(name)).tap()
    pin = page.locator(".pin")
    await expect(pin).to_have_text(re.compile(r"^\d{3} \d{3}$"))
    return await pin.inner_text()


async def facilitator_logs_in(page: Page, room: Room) -> None:
    """The facilitator's code typed where participants type a room's: the facilitator's page."""
    await page.goto(base_url(room) + "/")
    await page.get_by_label("Join code").fill(FACILITATOR)
    await page.get_by_role("button", name="Join").click()
    await expect(page).to_have_url(base_url(room) + "/facilitator")


async def step_shown(page: Page, title: str) -> None:
    """Wait for the room's step to be the one titled so (it arrives over the live connection)."""
    await expect(page.locator("#step-title")).to_have_text(title)


async def too_small(page: Page) -> list[str]:
    """Every visible tap target narrower or shorter than 44 CSS pixels, with its size."""
    found: list[str] = await page.eval_on_selector_all(
        TARGETS,
        """(targets, smallest) => targets.flatMap(t => {
            const box = t.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) return [];
            return box.width < smallest || box.height < smallest
                ? [`${t.outerHTML.slice(0, 80)}: ${box.width.toFixed(1)}×${box.height.toFixed(1)}`] : [];
        })""",
        SMALLEST_TARGET,
    )
    return found


async def smallest_text(page: Page) -> tuple[float, str]:
    """The smallest computed font size of any visible text on the page, and where it is."""
    found: list[Any] = await page.evaluate(
        """() => {
            let smallest = [Infinity, ""];
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
                const node = walk.currentNode, element = node.parentElement;
                if (!node.textContent.trim() || !element.checkVisibility()) continue;
                if (element.closest(".visually-hidden")) continue;
                const size = parseFloat(getComputedStyle(element).fontSize);
                if (size < smallest[0]) smallest = [size, element.outerHTML.slice(0, 80)];
            }
            return smallest;
        }"""
    )
    return float(found[0]), str(found[1])


async def page_width(page: Page) -> int:
    """How wide the page's content is: wider than the viewport means scrolling sideways."""
    width: int = await page.evaluate("document.scrollingElement.scrollWidth")
    return width


async def axe_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line per element."""
    results = await Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}: "
        f"{node.get('failureSummary', '')!r}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


async def save_shot(page: Page, name: str) -> None:
    """The whole page as a PNG in $MATURITYTUI_SCREENSHOTS, named by the page and its viewport."""
    folder = os.environ.get(SHOTS)
    if not folder:
        return
    size = page.viewport_size or {"width": 0, "height": 0}
    path = Path(folder) / f"{name}-{size['width']}x{size['height']}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    await page.evaluate("scrollTo(0, 0)")  # else the sticky header is drawn where the page was scrolled to
    await page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide", scale="css")
