"""``maturitytui serve`` for real: a server on the loopback address, browsers as websockets, rooms in files.

One server runs for the whole module; each test opens its own facilitated review (its own room and join
code) in the server's store, and its own connections. A connection sees only what a browser would: the
terminal output of the program textual-serve starts for it, with the escape codes taken out.
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
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")

from maturitytui.model.session import Facilitation, Session  # noqa: E402
from maturitytui.model.steps import Step  # noqa: E402
from maturitytui.room.facilitation import new_participants  # noqa: E402
from maturitytui.room.files import read_ratings, write_ratings  # noqa: E402
from maturitytui.room.host import RoomHost  # noqa: E402
from maturitytui.room.seats import SeatHold, SeatTaken  # noqa: E402
from maturitytui.room.state import spoken  # noqa: E402
from maturitytui.store.session_store import SessionStore  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process groups and the loopback range are POSIX")

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
    """textual-serve says "Serving" just before it binds: connect until it accepts."""
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
            if "type the code" in text and "Serving" in text:
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


def secret_words(room: Room) -> list[str]:
    return [room.partnership, *PEOPLE, *SCHOOLS]


# -- a browser ------------------------------------------------------------------


class Browser:
    """One websocket to the server: keystrokes in, the screen's text out."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.raw = bytearray()
        self.closed = False
        self.changed = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.raw += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.raw += message.data.encode("utf-8")
                else:
                    break
                self.changed.set()
        finally:
            self.closed = True
            self.changed.set()

    @property
    def text(self) -> str:
        return ANSI.sub(b"", bytes(self.raw)).decode("utf-8", "replace")

    async def send(self, *keys: str) -> None:
        for key in keys:
            await self.ws.send_json(["stdin", key])

    async def wait_for(self, words: str, *, since: int = 0, timeout: float = WAIT) -> int:
        """Wait until the screen shows ``words`` (after position ``since``); where they start."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            self.changed.clear()
            at = self.text.find(words, since)
            if at >= 0:
                return at
            if self.closed:
                raise AssertionError(f"the connection closed before {words!r} showed:\n{self.tail()}")
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError(f"{words!r} did not show in {timeout}s:\n{self.tail()}")
            with suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)

    async def wait_closed(self, timeout: float = WAIT) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(self.reader), timeout)
        except TimeoutError:
            raise AssertionError(f"the connection stayed open:\n{self.tail()}") from None

    def tail(self, n: int = 1500) -> str:
        return self.text[-n:]

    async def close(self) -> None:
        await self.ws.close()
        await self.reader


@asynccontextmanager
async def browsing(server: Served):
    """Open browsers with ``await connect()``; all are closed at the end."""
    async with aiohttp.ClientSession() as http:
        browsers: list[Browser] = []

        async def connect() -> Browser:
            ws = await http.ws_connect(f"{server.url}/ws?width={WIDTH}&height={HEIGHT}")
            await ws.send_json(["resize", {"width": WIDTH, "height": HEIGHT}])
            browser = Browser(ws)
            browsers.append(browser)
            await browser.wait_for("Join the review")
            return browser

        try:
            yield connect
        finally:
            for browser in browsers:
                if not browser.closed:
                    await browser.close()


async def enter_code(browser: Browser, code: str) -> None:
    """Type a code, wait until it shows in the box, and press Enter."""
    if code:  # (a browser never sends nothing)
        since = len(browser.text)
        await browser.send(code)
        await browser.wait_for(code, since=since)
    await browser.send("\r")


async def join_as(browser: Browser, room: Room, *, downs: int = 0) -> int:
    """Type the room's code and pick a seat (``downs`` below the first); where the participant view starts."""
    await enter_code(browser, spoken(room.code))
    await browser.wait_for(SCHOOLS[-1])  # the seat list, every seat shown
    return await pick_seat(browser, downs)


async def pick_seat(browser: Browser, downs: int = 0) -> int:
    """Pick a seat on the seat list; where the participant view starts, once its stages show."""
    since = len(browser.text)
    await browser.send(*["\x1b[B"] * downs, "\r")
    at = await browser.wait_for("you are ", since=since)
    await browser.wait_for("Beginning", since=at)
    return at


def _all(text: str, words: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(words), text)]


def poll_ratings(path: Path, participant_id: str, key: str, timeout: float = WAIT) -> str:
    deadline = time.monotonic() + timeout
    while (rating := read_ratings(path, participant_id).get(key)) is None:
        assert time.monotonic() < deadline, f"{participant_id} has no {key} rating after {timeout}s"
        time.sleep(0.05)
    return rating


def wait_for_free_seat(path: Path, participant_id: str, timeout: float = WAIT) -> None:
    """Until no program holds the seat (taken and let go at once, to look)."""
    deadline = time.monotonic() + timeout
    while True:
        hold = SeatHold(path, participant_id)
        try:
            hold.take()
        except SeatTaken:
            assert time.monotonic() < deadline, f"{participant_id}'s seat is still held after {timeout}s"
            time.sleep(0.05)
            continue
        hold.release()
        return


async def wait_ratings(path: Path, participant_id: str, key: str, timeout: float = WAIT) -> str:
    return await asyncio.to_thread(poll_ratings, path, participant_id, key, timeout)


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
    assert f"maturitytui in a browser at http://127.0.0.1:{server.port}" in text
    assert f"on http://127.0.0.1:{server.port}" in text  # textual-serve's own "Serving … on …"
    assert "anyone who can reach this computer" not in text
    socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
    if sys.platform.startswith("linux"):
        assert _refused("127.0.0.2", server.port)  # another loopback address: not bound
    if socket.has_ipv6:
        assert _refused("::1", server.port, socket.AF_INET6)
    if (other := _other_address()) is not None:
        assert _refused(other, server.port)


# -- the door -----------------------------------------------------------------------


def wrong_codes(*taken: str, n: int = 5) -> list[str]:
    """Codes that open nothing: neither a room's nor the facilitator's."""
    plain = {t.replace(" ", "") for t in taken}
    return [spoken(c) for c in (f"{31415926 + k:08d}" for k in range(n + len(plain))) if c not in plain][:n]


async def test_a_wrong_or_empty_code_opens_nothing_and_five_close_the_connection(server, open_room):
    room = open_room("Quillon Vale Partnership")
    codes = wrong_codes(room.code, server.code)
    async with browsing(server) as connect:
        browser = await connect()
        await enter_code(browser, codes[0])
        await browser.wait_for("does not open a review")

        empty = await connect()
        await enter_code(empty, "")
        await empty.wait_for("does not open a review")

        # Four more wrong codes, five in all, close the connection.
        for n, code in enumerate(codes[1:], 2):
            since = len(browser.text)
            await browser.send(code)
            shown = await browser.wait_for(code, since=since)
            await browser.send("\r")
            if n < 5:
                await browser.wait_for("4821 7390", since=shown)  # the box is empty again, its hint back
        await browser.wait_closed()
        for seen in (browser.text, empty.text):
            for word in secret_words(room):
                assert word not in seen
            assert "Partnerships" not in seen


# -- participants ---------------------------------------------------------------------


async def test_a_participant_joins_rates_and_sees_only_their_own_answer(server, open_room):
    room = open_room("Wrenford Alliance")
    # Bo has already rated: nothing of it may reach Ann's screen.
    write_ratings(room.path, "p2", {"strand:jpd": "Leading"})
    async with browsing(server) as connect:
        browser = await connect()
        since = len(browser.text)
        await enter_code(browser, room.code[:4] + " " + room.code[4:])
        await browser.wait_for("Pick your name", since=since)
        for name, school in zip(PEOPLE, SCHOOLS, strict=True):
            await browser.wait_for(f"{name} · {school}", since=since)
        at = await pick_seat(browser)
        mine = browser.text[at:]
        assert "you are Ann Okafor · Harbourside" in mine
        assert "Joint practice development" in mine

        since = len(browser.text)
        await browser.send("\x1b[B", "\x1b[B", "\r")
        await browser.wait_for("Sent:", since=since)
        assert await wait_ratings(room.path, "p1", "strand:jpd") == "Embedding"
        await browser.wait_for("✓ Embedding", since=since)

        gathered = room.host.gather()
        assert gathered.ratings_changed
        assert room.session.facilitation.ratings["strand:jpd"] == {"p1": "Embedding", "p2": "Leading"}

        mine = browser.text[at:]
        for word in ("Bo Lewis", "Cy Patel", "Kestrel", "Larkfield", "Partnerships"):
            assert word not in mine
        # "Leading" shows only as the last of the stages to choose from (unticked), never beside anyone.
        assert "Leading" in mine
        for i in _all(mine, "Leading"):
            assert mine[i - 2 : i] == "  ", mine[i - 20 : i + 20]
            assert not mine[i + 7 : i + 8].isalnum(), mine[i - 20 : i + 20]
        assert "✓ Leading" not in mine


async def test_two_participants_rate_at_once(server, open_room):
    room = open_room("Ossory Federation")
    async with browsing(server) as connect:
        ann, bo = await asyncio.gather(connect(), connect())
        await asyncio.gather(join_as(ann, room), join_as(bo, room, downs=1))
        assert "you are Ann Okafor" in ann.text
        assert "you are Bo Lewis" in bo.text
        await asyncio.gather(ann.send("\r"), bo.send("\x1b[B", "\x1b[B", "\x1b[B", "\r"))
        ratings = await asyncio.gather(
            wait_ratings(room.path, "p1", "strand:jpd"), wait_ratings(room.path, "p2", "strand:jpd")
        )
        assert ratings == ["Beginning", "Leading"]
        room.host.gather()
        assert room.session.facilitation.ratings["strand:jpd"] == {"p1": "Beginning", "p2": "Leading"}


async def test_a_held_seat_is_refused_until_its_holder_leaves_and_then_keeps_their_answers(server, open_room):
    room = open_room("Tidewell Schools")
    async with browsing(server) as connect:
        first = await connect()
        at = await join_as(first, room)
        pin = re.search(r"PIN to rejoin if you drop out: (\d{3} \d{3})", first.text[at:]).group(1)
        since = len(first.text)
        await first.send("\x1b[B", "\r")
        await first.wait_for("✓ Developing", since=since)
        assert await wait_ratings(room.path, "p1", "strand:jpd") == "Developing"

        second = await connect()
        await enter_code(second, room.code)
        await second.wait_for(SCHOOLS[-1])
        since = len(second.text)
        await second.send("\r")
        await second.wait_for("someone is already joined", since=since)
        assert "you are" not in second.text

        await first.close()
        await asyncio.to_thread(wait_for_free_seat, room.path, "p1")  # its program has ended
        since = len(second.text)
        await second.send("\r")
        await second.wait_for("Welcome back, Ann Okafor", since=since)
        # Someone else at that seat gets nowhere without the PIN, and sees none of Ann's answers.
        since = len(second.text)
        await second.send("000000", "\r")
        await second.wait_for("not the PIN for this seat", since=since)
        assert "✓" not in second.text
        assert "you are" not in second.text
        since = len(second.text)
        await second.send(pin.replace(" ", ""), "\r")
        at = await second.wait_for("you are Ann Okafor", since=since)
        await second.wait_for("✓ Developing", since=at)  # their answer, kept
        assert read_ratings(room.path, "p1") == {"strand:jpd": "Developing"}


async def test_the_participant_follows_the_room_to_the_next_step(server, open_room):
    room = open_room("Marram Bay Trust")
    async with browsing(server) as connect:
        browser = await connect()
        at = await join_as(browser, room)
        assert "Mentoring and coaching" not in browser.text[at:]
        room.host.move_to(Step.strand("mc"), "Mentoring and coaching")
        await browser.wait_for("Mentoring and coaching", since=at, timeout=5)  # it looks twice a second
        since = len(browser.text)
        await browser.send("\x1b[B", "\x1b[B", "\x1b[B", "\r")
        assert await wait_ratings(room.path, "p1", "strand:mc") == "Leading"
        await browser.wait_for("✓ Leading", since=since)


async def test_the_facilitators_code_opens_the_whole_program_and_a_rooms_code_never_does(server, open_room):
    room = open_room("Fennick Collaborative")
    async with browsing(server) as connect:
        facilitator = await connect()
        await enter_code(facilitator, server.code)
        await facilitator.wait_for("Partnerships")
        await facilitator.wait_for("Fennick Collaborative")

        participant = await connect()
        await join_as(participant, room)
        assert "Partnerships" not in participant.text
