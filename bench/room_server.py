"""The room's web server under a room of participants, for ``bench/run.py``'s case ``room_server``.

The real server (``python -m maturitytui --sessions STORE serve``) runs in its own process on a store
holding one facilitated review, its room open on the JPD strand. This process plays the participants'
phones, one ``aiohttp.ClientSession`` each (each with its own cookies), all at once:

- ``ours``: every participant types the room's code (POST /), takes their seat (POST /seat), opens the
  room's live connection (GET /events) and keeps it open, and sends one answer once the step has come
  (POST /answer). Timed from the first join to the last participant's first ``step`` event.
- ``ref``: as many plain GETs of the join page (GET /), all at once, to a fresh server of the same store.

The server's memory is read from ``/proc/<pid>/status`` (``VmRSS``, and ``VmHWM`` for its peak): Linux only.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30.0
SETTLE = 1.0
"""Seconds the server is left alone before its memory is read: it looks at a followed room every half second."""


def make_room(store_root: Path, people: int) -> tuple[Path, str]:
    """A store with one facilitated review of ``people`` named participants, its room open on JPD: the
    review's path and the room's join code."""
    sys.path.insert(0, str(ROOT))
    from maturitytui.engine.host import PluginHost
    from maturitytui.model.session import Facilitation, Session
    from maturitytui.model.steps import Step
    from maturitytui.room.facilitation import new_participants
    from maturitytui.room.host import RoomHost
    from maturitytui.store.session_store import SessionStore

    rubric = PluginHost(entry_points=False).assemble().rubric
    store = SessionStore(store_root)
    room = new_participants(
        [f"Person {n}" for n in range(1, people + 1)], ["Harbourside", "Kestrel", "Larkfield"] * people, anonymous=False
    )
    session = Session.start("Bench Alliance", rubric, facilitation=Facilitation(participants=room))
    host = RoomHost(rubric, session, store.save(session))
    host.move_to(Step.strand("jpd"), "Joint practice development")
    return host.path, host.code


def memory_mb(pid: int) -> dict[str, float]:
    """The process's resident memory now (``VmRSS``) and at its peak (``VmHWM``), in MB (Linux)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024  # kB
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store_root: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "maturitytui", "--sessions", str(store_root), "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    return proc, f"http://127.0.0.1:{port}"


def stop_server(proc: subprocess.Popen) -> None:
    """Ctrl+C, then a kill: the figures are taken, and a server whose live connections were open does not
    stop on Ctrl+C until each of them has failed a keep-alive (up to 15 s)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def _up(url: str, proc: subprocess.Popen, log: Path) -> None:
    """Wait until the server answers its first request (the one request before it counts as at rest)."""
    from aiohttp import ClientError, ClientSession

    deadline = time.monotonic() + START_TIMEOUT
    async with ClientSession() as client:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the room server stopped: {log.read_text()}")
            with contextlib.suppress(ClientError, OSError):
                async with client.get(url + "/") as answer:
                    if answer.status == 200:
                        await answer.read()
                        return
            if time.monotonic() > deadline:
                raise SystemExit(f"the room server did not start: {log.read_text()}")
            await asyncio.sleep(0.05)


async def _phone(client, url: str, code: str, participant_id: str, events: list) -> tuple[float, float]:
    """One participant: join, take the seat, follow the room, answer. Times of the first step event and of
    the answer sent. The live connection is left open (in ``events``)."""
    async with client.post(url + "/", data={"code": code}) as seats:
        assert seats.status == 200, (seats.status, await seats.text())
        await seats.read()
    async with client.post(url + "/seat", data={"code": code, "participant": participant_id}) as welcome:
        assert welcome.status == 200, (welcome.status, await welcome.text())
        await welcome.read()
    stream = await client.get(url + "/events")
    assert stream.status == 200, (stream.status, await stream.text())
    events.append(stream)
    in_step = False
    while True:
        line = await stream.content.readline()
        assert line, "the live connection closed before the step came"
        if line.startswith(b"event: step"):
            in_step = True
        elif in_step and line == b"\n":  # the event's end
            break
    stepped = time.perf_counter()
    async with client.post(
        url + "/answer",
        data={"question": "strand:jpd", "rating": "Developing"},
        headers={"Accept": "application/json"},
    ) as sent:
        assert sent.status == 200, (sent.status, await sent.text())
        assert (await sent.json())["rating"] == "Developing"
    return stepped, time.perf_counter()


async def _look(client, url: str) -> float:
    async with client.get(url + "/") as page:
        assert page.status == 200, page.status
        await page.read()
    return time.perf_counter()


async def _drive(side: str, url: str, code: str, path: Path, people: int, proc, log: Path) -> dict:
    from aiohttp import ClientSession, CookieJar

    await _up(url, proc, log)
    rest = memory_mb(proc.pid)
    # A browser each, with its own cookies (``unsafe``: the jar keeps cookies from an IP address).
    clients = [ClientSession(cookie_jar=CookieJar(unsafe=True)) for _ in range(people)]
    events: list = []
    try:
        start = time.perf_counter()
        if side == "ref":
            done = await asyncio.gather(*(_look(c, url) for c in clients))
            last = max(done)
            each = [t - start for t in done]
        else:
            done = await asyncio.gather(*(_phone(c, url, code, f"p{n}", events) for n, c in enumerate(clients, 1)))
            last = max(stepped for stepped, _ in done)
            each = [stepped - start for stepped, _ in done]
        await asyncio.sleep(SETTLE)
        after = memory_mb(proc.pid)
        if side == "ours":
            # The server says who is connected in a file beside the room: all of them, still.
            online = tomllib.loads((path.parent / f".{path.stem}.room" / "online.toml").read_text())
            assert len(online["connected"]) == people, online
            assert len(events) == people
            assert not any(e.closed for e in events)
    finally:
        for stream in events:
            stream.close()
        for client in clients:
            await client.close()
    return {
        "seconds": last - start,
        "each_median": statistics.median(each),
        "each_max": max(each),
        "rss_rest_mb": rest["VmRSS"],
        "hwm_rest_mb": rest["VmHWM"],
        "rss_mb": after["VmRSS"],
        "hwm_mb": after["VmHWM"],
        "people": people,
    }


def measure(side: str, folder: str, people: int) -> dict:
    """One side of the case, on a fresh store and a fresh server of its own in ``folder``."""
    if not sys.platform.startswith("linux"):
        raise SystemExit("the room server's memory is read from /proc: Linux only")
    work = Path(folder) / side
    work.mkdir(parents=True)
    path, code = make_room(work / "sessions", people)
    log = work / "server.log"
    proc, url = start_server(work / "sessions", log)
    try:
        return asyncio.run(_drive(side, url, code, path, people, proc, log))
    finally:
        stop_server(proc)
