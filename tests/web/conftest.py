"""A room's web server in the test's own event loop: a review with a room open, and browsers as HTTP clients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestClient, TestServer

from maturitytui.model.session import Facilitation, Session
from maturitytui.model.steps import Step, step_title
from maturitytui.room.facilitation import new_participants
from maturitytui.room.guest import code_digest
from maturitytui.room.host import RoomHost
from maturitytui.store.session_store import SessionStore
from maturitytui.web.site import Limits, Site

FACILITATOR = "1111 2222 3333 4444"
PEOPLE = ["Ann Okafor", "Bo Lewis", "Cy Patel", "Di Moss"]
SCHOOLS = ["Harbourside", "Kestrel", "Larkfield", "Kestrel"]
ADDRESS = "http://192.0.2.10:8000"


@dataclass
class Room:
    store: SessionStore
    host: RoomHost
    site: Site
    server: TestServer

    @property
    def code(self) -> str:
        return self.host.code

    @property
    def path(self) -> Path:
        return self.host.path

    def move_to(self, step: Step) -> None:
        self.host.move_to(step, step_title(self.host.rubric, step))

    async def browser(self, address: str = "127.0.0.1") -> TestClient:
        """A new browser with its own cookies (``address`` is where the server sees it come from)."""
        client = TestClient(self.server, headers={"X-Test-Address": address})
        await client.start_server()
        self._clients.append(client)
        return client

    _clients: list[TestClient] = field(default_factory=list)


def open_review(
    store: SessionStore, rubric, name: str = "Wrenford Alliance", *, anonymous: bool = False, people: int = 0
) -> RoomHost:
    """A facilitated review with its room open on joint practice development: the four people above, or
    ``people`` made-up ones."""
    names = [f"Person {n}" for n in range(1, people + 1)] if people else PEOPLE
    schools = [f"School {n % 5}" for n in range(1, people + 1)] if people else SCHOOLS
    made = new_participants(names, schools, anonymous=anonymous)
    session = Session.start(name, rubric, facilitation=Facilitation(participants=made, anonymous=anonymous))
    host = RoomHost(rubric, session, store.save(session))
    host.move_to(Step.strand("jpd"), "Joint practice development")
    return host


@pytest.fixture
def limits() -> Limits:
    return Limits()


@pytest.fixture
async def room(tmp_path, rubric, limits, clock):
    store = SessionStore(tmp_path / "sessions")
    host = open_review(store, rubric)
    site = Site(
        store.root,
        rubric,
        store.load,
        facilitator_digest=code_digest(FACILITATOR),
        address=ADDRESS,
        limits=limits,
    )
    app = site.app()
    app.middlewares.insert(0, _addressed)  # before the app is frozen by starting the server
    server = TestServer(app)
    await server.start_server()
    made = Room(store, host, site, server)
    yield made
    for client in made._clients:
        await client.close()
    await server.close()


from aiohttp import web  # noqa: E402


@web.middleware
async def _addressed(request, handler):
    """Tests play browsers from many addresses: the header stands in for the connection's address."""
    if (address := request.headers.get("X-Test-Address")) is not None:
        request = request.clone(remote=address)
    return await handler(request)


def text_of(html: str) -> str:
    """A page's words, tags taken out, spaces collapsed: what a person reads."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


async def join(browser: TestClient, room: Room, participant: str = "p1") -> str:
    """Type the room's code, pick a seat; the welcome page's text (with the PIN)."""
    seats = await browser.post("/", data={"code": room.code})
    assert seats.status == 200, await seats.text()
    welcome = await browser.post("/seat", data={"code": room.code, "participant": participant})
    assert welcome.status == 200, await welcome.text()
    return await welcome.text()


def pin_of(welcome_html: str) -> str:
    found = re.search(r'class="pin"[^>]*>(\d{3} \d{3})<', welcome_html)
    assert found, "no PIN shown"
    return found.group(1)


__all__ = ["ADDRESS", "FACILITATOR", "PEOPLE", "SCHOOLS", "ClientSession", "Room", "join", "pin_of", "text_of"]
