"""``maturitytui serve`` for real: one process on the loopback address serving the room's pages, the
projector and the facilitator's terminal, with rooms in the store's files.

One server runs for the whole module; each test opens its own facilitated review (its own room and join
code). Participants are plain HTTP clients (tests/web/ tries every page in depth, and in Chromium); here it
is the process as a user starts it: what it prints, where it listens, and that the terminal is the
facilitator's alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from maturitytui.model.session import Facilitation, Session
from maturitytui.model.steps import Step
from maturitytui.room.facilitation import new_participants
from maturitytui.room.files import read_own
from maturitytui.room.host import RoomHost
from maturitytui.room.state import spoken
from maturitytui.store.session_store import SessionStore

pytestmark = pytest.mark.posix_only("starts the server in a session of its own and stops its process group (os.killpg)")

START_TIMEOUT = 30.0
WAIT = 20.0
WIDTH, HEIGHT = 100, 30

PEOPLE = ["Ann Okafor", "Bo Lewis", "Cy Patel"]
SCHOOLS = ["Harbourside", "Kestrel", "Larkfield"]

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the server ---------------------------------------------------------------


@dataclass
class Served:
    port: int
    code: str
    """The facilitator's code, as printed."""
    store: SessionStore
    output: list[str]
    """Everything the server printed so far (read on a thread, so the pipe never fills)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _kill(process: subprocess.Popen) -> None:
    """Stop the server and every program it started (they share its process group)."""
    for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # any program of the group still running


def _wait_until_listening(port: int, deadline: float) -> None:
    """The server prints its lines just before it binds: connect until it accepts."""
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("served") / "sessions"
    root.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATURITYTUI_")}
    env.update(PYTHONUNBUFFERED="1", COLUMNS="400", NO_COLOR="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "maturitytui", "--sessions", str(root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    output: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        for line in process.stdout:
            output.append(line)
            text = "".join(output)
            if "type the code" in text and "Ctrl+C stops serving" in text:
                ready.set()
        ready.set()  # the server ended: the test says how

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        assert ready.wait(START_TIMEOUT), f"the server did not start: {''.join(output)}"
        text = "".join(output)
        assert process.poll() is None, f"the server stopped: {text}"
        found = re.search(r"type the code (\d{4}(?: \d{4})+)", text)
        assert found, text
        _wait_until_listening(port, deadline)
        yield Served(port, found.group(1), SessionStore(root), output)
    finally:
        _kill(process)


# -- a review with an open room -------------------------------------------------


@dataclass
class Room:
    host: RoomHost
    session: Session
    path: Path
    partnership: str

    @property
    def code(self) -> str:
        return self.host.code


@pytest.fixture
def open_room(server, rubric):
    """A new facilitated review in the server's store, its room on a step."""
    made = []

    def opened(partnership: str, step: str = "strand:jpd", title: str = "Joint practice development") -> Room:
        people = new_participants(PEOPLE, SCHOOLS, anonymous=False)
        session = Session.start(partnership, rubric, facilitation=Facilitation(participants=people))
        path = server.store.save(session)
        host = RoomHost(rubric, session, path)
        host.move_to(Step(step), title)
        room = Room(host, session, path, partnership)
        made.append(room)
        return room

    yield opened
    for room in made:
        room.host.close()


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- listening --------------------------------------------------------------------


def _other_address() -> str | None:
    """This computer's address on its network, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def _refused(address: str, port: int, family=socket.AF_INET) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(2)
            s.connect((address, port))
    except OSError:
        return True
    return False


def test_the_server_listens_on_the_loopback_address_only_by_default(server):
    text = "".join(server.output)
    assert f"maturitytui for the room at http://127.0.0.1:{server.port}" in text
    assert "anyone who can reach this computer" not in text
    socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
    if sys.platform.startswith("linux"):
        assert _refused("127.0.0.2", server.port)  # another loopback address: not bound
    if socket.has_ipv6:
        assert _refused("::1", server.port, socket.AF_INET6)
    if (other := _other_address()) is not None:
        assert _refused(other, server.port)


# -- the room, end to end -----------------------------------------------------------


async def test_a_participant_joins_and_answers_and_the_facilitators_program_can_read_it(server, open_room):
    room = open_room("Wrenford Alliance")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:  # an IP address
        seats = await phone.post(f"{server.url}/", data={"code": spoken(room.code)})
        assert "Ann Okafor" in words(await seats.text())
        welcome = await phone.post(f"{server.url}/seat", data={"code": room.code, "participant": "p1"})
        assert "Your PIN" in words(await welcome.text())
        sent = await phone.post(
            f"{server.url}/answer",
            data={"question": "strand:jpd", "rating": "Embedding"},
            headers={"Accept": "application/json"},
        )
        assert (await sent.json())["answer"] == "Embedding"
    assert read_own(room.path, "p1").ratings == {"strand:jpd": "Embedding"}
    room.host.gather()
    assert room.host.session.facilitation.ratings == {"strand:jpd": {"p1": "Embedding"}}


async def test_the_terminal_is_the_facilitators_alone_and_starts_nothing_before_the_code(server, open_room):
    room = open_room("Fennick Collaborative")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as stranger:
        page = await stranger.get(f"{server.url}/terminal", allow_redirects=False)
        assert page.status == 303
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            # A huge terminal asked for before any code: refused before any program starts.
            await stranger.ws_connect(f"{server.url}/terminal/ws?width=100000&height=100000")
        assert refused.value.status == 403
        await stranger.post(f"{server.url}/", data={"code": room.code})  # a room's code opens no terminal
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await stranger.ws_connect(f"{server.url}/terminal/ws")

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as facilitator:
        menu = await facilitator.post(f"{server.url}/", data={"code": server.code})
        listed = words(await menu.text())
        assert "Fennick Collaborative" in listed
        assert "Open the program" in listed
        page = await facilitator.get(f"{server.url}/terminal")
        assert 'data-session-websocket-url="ws://' in await page.text()
        ws = await facilitator.ws_connect(f"{server.url}/terminal/ws?width={WIDTH}&height={HEIGHT}")
        await ws.send_json(["resize", {"width": WIDTH, "height": HEIGHT}])
        seen = bytearray()
        deadline = asyncio.get_running_loop().time() + WAIT
        while b"Fennick Collaborative" not in ANSI.sub(b"", bytes(seen)):
            left = deadline - asyncio.get_running_loop().time()
            assert left > 0, f"the program did not show the store: {ANSI.sub(b'', bytes(seen))[-800:]!r}"
            message = await ws.receive(timeout=left)
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                seen += message.data.encode()
            else:
                raise AssertionError(f"the connection closed: {ANSI.sub(b'', bytes(seen))[-800:]!r}")
        await ws.close()
