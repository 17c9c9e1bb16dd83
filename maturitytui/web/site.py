"""The room's web pages: participants' phones, the projector, and the door to the facilitator's terminal.

One asynchronous process serves every participant: pages are rendered on the
server from Jinja2 templates and answered with plain forms, so they work
without a script; a small script shipped in the package (``static/room.js``)
follows the room over server-sent events and sends answers without leaving
the page. Nothing is fetched from another host.

Every participant's state is in the room's files (``room/layout.py``): the
server keeps only what slows guessing and who is connected, so it can be
restarted in the middle of a session and every phone comes back by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from markupsafe import Markup

from maturitytui.analysis.tool_summaries import ranking_problems, round_words, team_picks
from maturitytui.analysis.words import counted
from maturitytui.clock import timestamp
from maturitytui.model.errors import SessionError
from maturitytui.model.inert import inert
from maturitytui.model.rubric import Rubric
from maturitytui.model.session import Session, ToolAnswer
from maturitytui.model.tools import Exercise, Questionnaire
from maturitytui.room.board import NO_SCHOOLS, question_board
from maturitytui.room.countdown import Countdown
from maturitytui.room.files import Own
from maturitytui.room.guest import (
    AskPin,
    Refused,
    Seated,
    WrongPin,
    claim,
    give_pin,
    is_facilitator,
    record_answer,
    returning,
    send_answers,
)
from maturitytui.room.layout import ID_CHARS
from maturitytui.room.state import RoomState, clean_code, find_room, reviews_with_rooms, spoken
from maturitytui.web.throttle import Backoff, wait_words
from maturitytui.web.views import (
    anchor,
    answer_words,
    exercise_picks,
    questionnaire_answers,
    step_view,
    valid_answer,
)
from maturitytui.web.watch import RoomWatch

HERE = Path(__file__).parent

SEAT_COOKIE = "maturitytui-seat"
FACILITATOR_COOKIE = "maturitytui-facilitator"
SEAT_FOR = 12 * 3600
"""Seconds a device remembers its seat: a workshop day."""
KEEP_ALIVE = 15.0
"""Seconds between the comments a live connection is sent while nothing happens, so a dropped one is noticed."""


@dataclass(frozen=True)
class Limits:
    """What the server allows, stated in the README ("The room on phones")."""

    wrong_codes: int = 5
    """Wrong join codes from one address before each further one waits (1 s, doubling, up to 5 minutes)."""
    wrong_pins: int = 3
    """Wrong PINs from one address before waits begin."""
    wrong_pins_per_seat: int = 5
    """Wrong PINs for one seat, from anywhere, before waits begin."""
    streams: int = 1000
    """Live connections at once, for the whole server (each costs about 35 KB)."""
    streams_per_address: int = 150
    """Live connections at once from one address: a room's phones each have their own on its network, but a
    proxy or a network's address translation can give a whole room one."""
    body: int = 64 * 1024
    """The largest request body accepted, in bytes."""


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _text(value: object) -> object:
    """Every value a template shows passes here first: text from a file, a plugin or a person is made inert
    (no control characters, no direction overrides), then escaped by the template."""
    return inert(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        finalize=_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["spoken"] = spoken
    env.filters["counted"] = counted
    return env


class Site:
    """The web server's pages and the little it remembers between requests."""

    def __init__(
        self,
        store_root: Path,
        rubric: Rubric,
        load_session: Callable[[Path], Session],
        *,
        facilitator_digest: str = "",
        address: str = "",
        clock: Callable[[], float] = timestamp,
        limits: Limits = Limits(),
        terminal: bool = False,
    ) -> None:
        self.store_root = store_root
        self.rubric = rubric
        self.load_session = load_session
        self.facilitator_digest = facilitator_digest
        self.address = address
        """The address participants open, shown on the projector and in its QR code."""
        self.clock = clock
        self.limits = limits
        self.terminal = terminal
        """Whether the facilitator's terminal is served at /terminal."""
        self.env = templates()
        self.codes = Backoff(free=limits.wrong_codes, clock=clock)
        self.pins = Backoff(free=limits.wrong_pins, clock=clock)
        self.seat_pins = Backoff(free=limits.wrong_pins_per_seat, clock=clock)
        self.streams: Counter[str] = Counter()
        """Address → live connections."""
        self.facilitators: set[str] = set()
        """Digests of the tokens the facilitator's browsers keep (lost when the server stops: type the code again)."""
        self.watches: dict[Path, RoomWatch] = {}
        self._paths: dict[str, Path] = {}
        """Join code → its review's path, once found, so a request does not search the store."""
        self._claiming: dict[tuple[Path, str], asyncio.Lock] = {}
        """One claim at a time per seat: two phones tapping the same name cannot both get it."""
        self.closing = asyncio.Event()
        """Set when the server stops: every live connection ends at once rather than at its next keep-alive."""

    # -- the application ------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(client_max_size=self.limits.body, middlewares=[self._headers])
        app.add_routes(
            [
                web.get("/", self.front),
                web.post("/", self.code),
                web.post("/seat", self.seat),
                web.post("/pin", self.pin),
                web.get("/room", self.room_page),
                web.post("/answer", self.answer),
                web.post("/respond", self.respond),
                web.get("/events", self.events),
                web.post("/leave", self.leave),
                web.get("/facilitator", self.facilitator_page),
                web.get("/present/{code}", self.present),
                web.get("/present/{code}/events", self.present_events),
                web.static("/static", HERE / "static"),
            ]
        )
        app.on_shutdown.append(self._shutdown)
        return app

    @web.middleware
    async def _headers(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        response = await handler(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.path.startswith(("/static/", "/terminal")):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _shutdown(self, app: web.Application) -> None:
        self.closing.set()
        for watch in self.watches.values():
            await watch.close()

    def page(self, template: str, status: int = 200, **context: Any) -> web.Response:
        return web.Response(text=self.render(template, **context), status=status, content_type="text/html")

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    # -- rooms ----------------------------------------------------------------------------

    def watch(self, path: Path) -> RoomWatch:
        if path not in self.watches:
            self.watches[path] = RoomWatch(path, self.load_session, self.clock)
        return self.watches[path]

    def room_for(self, request: web.Request, code: str) -> tuple[Path, RoomState] | None:
        """The open room a request's code opens, wherever the code came from (the form, a seat's cookie): a
        code that opens nothing counts as a wrong guess from that address, and once the address must wait,
        no code is looked up at all (so a made-up cookie cannot make the server search the store freely)."""
        address = self._address(request)
        if self.codes.wait(address) > 0 and clean_code(code) not in self._paths:
            return None
        found = self.open_room(code)
        if found is None:
            self.codes.wrong(address)
        return found

    def open_room(self, code: str) -> tuple[Path, RoomState] | None:
        """The open room with this join code, from what is known of it, searching the store only the first time."""
        code = clean_code(code)
        if (path := self._paths.get(code)) is not None:
            room = self.watch(path).room()
            if room is not None and room.open and secrets.compare_digest(room.code, code):
                return path, room
            del self._paths[code]
        found = find_room(self.store_root, code) if code else None
        if found is None:
            return None
        self._paths[code] = found[0]
        return found

    # -- who is asking ------------------------------------------------------------------

    @staticmethod
    def seat_cookie(request: web.Request) -> tuple[str, str, str] | None:
        """(code, participant id, token) from the device's cookie, or None."""
        parts = request.cookies.get(SEAT_COOKIE, "").split(".")
        if len(parts) != 3 or not parts[1] or set(parts[1]) - ID_CHARS:
            return None
        return parts[0], parts[1], parts[2]

    def seated(self, request: web.Request) -> tuple[Path, RoomState, str, Own] | None:
        """The seat this device's cookie opens now: None if it has none, or the seat was freed or the room closed."""
        cookie = self.seat_cookie(request)
        if cookie is None:
            return None
        code, participant_id, token = cookie
        found = self.room_for(request, code)
        if found is None:
            return None
        path, room = found
        own = returning(path, room, participant_id, token)
        if own is None:
            return None
        self.watch(path).seen(participant_id)
        return path, room, participant_id, own

    def facilitating(self, request: web.Request) -> bool:
        token = request.cookies.get(FACILITATOR_COOKIE, "")
        return bool(token) and hashlib.sha256(token.encode()).hexdigest() in self.facilitators

    def _secure(self) -> bool:
        return self.address.startswith("https:")

    def _set_seat(self, response: web.StreamResponse, room: RoomState, seated: Seated) -> None:
        response.set_cookie(
            SEAT_COOKIE,
            f"{room.code}.{seated.participant_id}.{seated.token}",
            max_age=SEAT_FOR,
            httponly=True,
            samesite="Strict",
            secure=self._secure(),
            path="/",
        )

    @staticmethod
    def _address(request: web.Request) -> str:
        return request.remote or "?"

    # -- the door -------------------------------------------------------------------------

    async def front(self, request: web.Request) -> web.StreamResponse:
        if self.seated(request) is not None:
            raise web.HTTPSeeOther("/room")
        notice = ""
        if request.query.get("gone") == "seat":
            notice = "This device is no longer in its seat (the facilitator freed it, or it was left): join again."
        elif request.query.get("gone") == "closed":
            notice = "That room is closed. Thank you for taking part."
        code = clean_code(request.query.get("code", ""))[:16]
        return self.page(
            "join.html", code=code if code.isdigit() else "", message="", notice=notice, title="Join the review"
        )

    async def code(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        typed = str(form.get("code", ""))[:64]
        address = self._address(request)
        kept = clean_code(typed)[:16] if clean_code(typed).isdigit() else ""  # a wrong digit is not all to retype
        if (wait := self.codes.wait(address)) > 0:
            return self._slow(wait, "join.html", code=kept, notice="", title="Join the review")
        if is_facilitator(typed, self.facilitator_digest):
            self.codes.right(address)  # only the facilitator's code clears the tally: a room's code is no key to it
            token = secrets.token_urlsafe(32)
            self.facilitators.add(hashlib.sha256(token.encode()).hexdigest())
            response = web.HTTPSeeOther("/facilitator")
            response.set_cookie(
                FACILITATOR_COOKIE, token, httponly=True, samesite="Strict", secure=self._secure(), path="/"
            )
            raise response
        found = self.room_for(request, typed)
        if found is None:
            left = self.codes.left(address)
            message = "That code does not open a room. Check it against the code at the front of the room" + (
                f" ({left} more {'try' if left == 1 else 'tries'} before a wait)." if left <= 2 else "."
            )
            return self.page("join.html", status=403, code=kept, message=message, notice="", title="Join the review")
        # A right code does not wipe the wrong ones before it: knowing one room's code must not make guessing
        # another's free. The tally is forgotten after a quiet hour.
        return self.seats_page(found[1])

    def seats_page(self, room: RoomState, message: str = "", status: int = 200) -> web.Response:
        return self.page("seats.html", status=status, room=room, message=message, title="Pick your name")

    def _slow(self, wait: float, template: str, **context: Any) -> web.Response:
        response = self.page(
            template,
            status=429,
            message=f"Too many wrong tries from this device: try again in {wait_words(wait)}.",
            **context,
        )
        response.headers["Retry-After"] = str(max(1, round(wait)))
        return response

    async def _room_from_form(self, request: web.Request) -> tuple[Path, RoomState, str, dict[str, str]]:
        form = {k: str(v)[:64] for k, v in (await request.post()).items()}
        found = self.room_for(request, form.get("code", ""))
        if found is None:
            raise web.HTTPSeeOther("/?gone=closed")
        path, room = found
        participant_id = form.get("participant", "")
        return path, room, participant_id, form

    def _claiming_lock(self, path: Path, participant_id: str) -> asyncio.Lock:
        return self._claiming.setdefault((path, participant_id), asyncio.Lock())

    async def seat(self, request: web.Request) -> web.StreamResponse:
        path, room, participant_id, _ = await self._room_from_form(request)
        if room.seat(participant_id) is None:
            return self.seats_page(room, "That name is not in this room: pick your own from the list", status=409)
        # The PIN's stretching and the file's write run on a thread, so the server answers everyone else
        # meanwhile and a room's seats are claimed side by side.
        async with self._claiming_lock(path, participant_id):
            outcome = await asyncio.to_thread(claim, path, room, participant_id)
        return self._outcome(path, room, participant_id, outcome)

    def _outcome(
        self, path: Path, room: RoomState, participant_id: str, outcome: Seated | AskPin | Refused | WrongPin
    ) -> web.StreamResponse:
        match outcome:
            case AskPin(label):
                return self.page(
                    "pin.html", room=room, participant=participant_id, label=label, message="", title="Your PIN"
                )
            case Refused(message):
                return self.seats_page(room, message, status=409)
            case Seated() as seated:
                self.watch(path).seen(participant_id)
                seat = room.seat(participant_id)
                if seated.pin:
                    response: web.StreamResponse = self.page(
                        "welcome.html",
                        room=room,
                        seat=seat,
                        pin=f"{seated.pin[:3]} {seated.pin[3:]}",
                        notice=seated.notice,
                        title="Your seat",
                    )
                else:
                    response = web.Response(status=303, headers={"Location": "/room"})
                self._set_seat(response, room, seated)
                return response
        raise AssertionError(outcome)

    async def pin(self, request: web.Request) -> web.StreamResponse:
        path, room, participant_id, form = await self._room_from_form(request)
        seat = room.seat(participant_id)
        if seat is None:
            return self.seats_page(room, "That name is not in this room: pick your own from the list", status=409)
        address, seat_key = self._address(request), (str(path), participant_id)
        wait = max(self.pins.wait(address), self.seat_pins.wait(seat_key))
        if wait > 0:
            return self._slow(
                wait, "pin.html", room=room, participant=participant_id, label=seat.label, title="Your PIN"
            )
        async with self._claiming_lock(path, participant_id):
            # Again, once it is this request's turn: guesses sent all at once wait in line here, and each sees
            # the wrong ones before it.
            wait = max(self.pins.wait(address), self.seat_pins.wait(seat_key))
            if wait > 0:
                return self._slow(
                    wait, "pin.html", room=room, participant=participant_id, label=seat.label, title="Your PIN"
                )
            outcome = await asyncio.to_thread(give_pin, path, room, participant_id, form.get("pin", ""))
            if isinstance(outcome, WrongPin):
                self.pins.wrong(address)
                self.seat_pins.wrong(seat_key)
        if isinstance(outcome, WrongPin):
            return self.page(
                "pin.html",
                status=403,
                room=room,
                participant=participant_id,
                label=seat.label,
                message="That is not the PIN for this seat. Forgotten it? Ask the facilitator to free your seat: "
                "your answers are kept.",
                title="Your PIN",
            )
        if isinstance(outcome, Seated):
            self.pins.right(address)
            self.seat_pins.right(seat_key)
        return self._outcome(path, room, participant_id, outcome)

    async def leave(self, request: web.Request) -> web.StreamResponse:
        """Forget the seat on this device (a shared tablet): the seat stays the participant's, PIN and all."""
        response = web.HTTPSeeOther("/")
        response.del_cookie(SEAT_COOKIE, path="/")
        raise response

    # -- the participant's room ----------------------------------------------------------

    def _who(self, room: RoomState, participant_id: str) -> str:
        seat = room.seat(participant_id)
        if seat is None:
            return participant_id
        return seat.label + (f" · {seat.school}" if seat.school else "")

    def timer(self, room: RoomState) -> dict[str, object]:
        countdown = Countdown(ends=room.timer_ends, left=room.timer_left)
        now = self.clock()
        return {
            "set": countdown.set,
            "left": countdown.remaining(now),
            "running": countdown.running,
            "words": countdown.words(now),
        }

    def step_html(
        self,
        room: RoomState,
        own: Own,
        sent: str = "",
        problems: list[str] | None = None,
        filled: dict[str, list[str]] | None = None,
    ) -> str:
        """The room's step for one participant; ``problems`` and what was ``filled`` in for a form sent back."""
        view = step_view(self.rubric, room, own)
        return self.render("_step.html", view=view, sent=sent, problems=problems or [], filled=filled or {})

    def room_response(self, room: RoomState, participant_id: str, step: str, status: int = 200) -> web.Response:
        return self.page(
            "room.html",
            status=status,
            room=room,
            who=self._who(room, participant_id),
            timer=self.timer(room),
            step=step,
            title=room.title or "The room",
        )

    async def room_page(self, request: web.Request) -> web.StreamResponse:
        seated = self.seated(request)
        if seated is None:
            raise web.HTTPSeeOther("/?gone=seat" if SEAT_COOKIE in request.cookies else "/")
        _, room, participant_id, own = seated
        return self.room_response(room, participant_id, self.step_html(room, own, sent=request.query.get("sent", "")))

    async def answer(self, request: web.Request) -> web.StreamResponse:
        wants_json = "application/json" in request.headers.get("Accept", "")
        seated = self.seated(request)
        if seated is None:
            if wants_json:
                return web.json_response(
                    {"gone": True, "said": "You are no longer in your seat: join again."}, status=410
                )
            raise web.HTTPSeeOther("/?gone=seat")
        path, room, participant_id, _ = seated
        form = await request.post()
        key, rating = str(form.get("question", "")), str(form.get("rating", ""))
        if not valid_answer(self.rubric, room, key, rating):
            said = "The room has moved on: that question is no longer asked. Your answer was not sent."
            if wants_json:
                return web.json_response({"said": said}, status=409)
            raise web.HTTPSeeOther("/room")
        token = (self.seat_cookie(request) or ("", "", ""))[2]
        try:
            # One at a time for this seat (two devices, a PIN typed meanwhile: none is lost), read afresh and
            # written whole, on a thread, so no one else waits for the disk.
            async with self._claiming_lock(path, participant_id):
                kept = await asyncio.to_thread(record_answer, path, participant_id, token, key, rating)
        except SessionError as exc:
            said = f"Not sent: {exc.problems[0].message}. Choose again."
            if wants_json:
                return web.json_response({"said": said}, status=503)
            return self.page("problem.html", status=503, message=said, title="Not sent")
        if kept is None:  # the seat was freed, or the room closed, while the answer was on its way
            if wants_json:
                return web.json_response({"gone": True, "said": "You are no longer in your seat: join again."})
            raise web.HTTPSeeOther("/?gone=seat")
        words = answer_words(key, rating)
        if wants_json:
            return web.json_response({"said": "Sent ✓", "answer": words, "rating": rating})
        raise web.HTTPSeeOther(f"/room?sent={key}#{anchor(key)}")

    async def respond(self, request: web.Request) -> web.StreamResponse:
        """A questionnaire or exercise, answered alone: the answers go in anonymously, the seat only notes it was done."""
        seated = self.seated(request)
        if seated is None:
            raise web.HTTPSeeOther("/?gone=seat")
        path, room, participant_id, own = seated
        posted = await request.post()
        tool_id = str(posted.get("tool", ""))
        if tool_id != room.tool or tool_id in own.answered:
            raise web.HTTPSeeOther("/room")
        try:
            tool = self.rubric.tool(tool_id)
        except KeyError:
            raise web.HTTPSeeOther("/room") from None
        problems: list[str]
        if isinstance(tool, Questionnaire):
            answers, problems = questionnaire_answers(tool, {k: str(v) for k, v in posted.items()})
        elif isinstance(tool, Exercise):
            lists = {k: [str(v) for v in posted.getall(k)] for k in set(posted.keys())}
            own_picks, team = exercise_picks(lists)
            problems = ranking_problems(tool, own_picks, team)
            answers = team_picks(*team)  # their picks for themselves are only for thinking with: never kept
        else:
            raise web.HTTPSeeOther("/room")
        if problems:
            filled = {k: [str(v) for v in posted.getall(k)] for k in set(posted.keys())}
            step = self.step_html(room, own, problems=problems, filled=filled)
            return self.room_response(room, participant_id, step, status=400)
        token = (self.seat_cookie(request) or ("", "", ""))[2]
        try:
            # Under the seat's lock, checked afresh: a double tap or a second device never counts twice.
            async with self._claiming_lock(path, participant_id):
                sent = await asyncio.to_thread(send_answers, path, participant_id, token, tool_id, answers)
        except SessionError as exc:
            return self.page(
                "problem.html", status=503, message=f"Not sent: {exc.problems[0].message}. Try again.", title="Not sent"
            )
        if sent is None:
            raise web.HTTPSeeOther("/?gone=seat")
        raise web.HTTPSeeOther("/room?sent=tool" if sent else "/room")

    # -- following the room live ------------------------------------------------------------

    async def _stream(self, request: web.Request) -> web.StreamResponse | None:
        """A server-sent events response, or None when this address or the server has too many open."""
        address = self._address(request)
        if (
            sum(self.streams.values()) >= self.limits.streams
            or self.streams[address] >= self.limits.streams_per_address
        ):
            return None
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        )
        await response.prepare(request)
        return response

    @staticmethod
    async def send(response: web.StreamResponse, event: str, data: str) -> None:
        lines = "".join(f"data: {line}\n" for line in data.split("\n"))
        await response.write(f"event: {event}\n{lines}\n".encode())

    @contextlib.asynccontextmanager
    async def _following(self, request: web.Request, watch: RoomWatch, participant_id: str = "") -> AsyncIterator[None]:
        address = self._address(request)
        self.streams[address] += 1
        watch.follow(participant_id)
        try:
            yield
        finally:
            watch.unfollow(participant_id)
            self.streams[address] -= 1
            if self.streams[address] <= 0:
                del self.streams[address]

    async def _changes(self, watch: RoomWatch) -> AsyncIterator[None]:
        """Once now, then after each change to the room (or its review), with keep-alives while nothing changes;
        ends when the server stops."""
        while not self.closing.is_set():
            changed = watch.changed
            yield
            waits = [asyncio.ensure_future(changed.wait()), asyncio.ensure_future(self.closing.wait())]
            _, pending = await asyncio.wait(waits, timeout=KEEP_ALIVE, return_when=asyncio.FIRST_COMPLETED)
            for waiting in pending:
                waiting.cancel()

    @staticmethod
    def said_once(event: str, data: str = "", retry: int = 0) -> web.Response:
        """A stream of one event, or of a time to come back (``retry``, ms), then its end.

        Never an error status: a browser's EventSource gives up for good on one, and a phone would sit on
        "Reconnecting…"; told this way it goes to the door, or tries again later by itself."""
        lines = "".join(f"data: {line}\n" for line in data.split("\n"))
        body = (f"retry: {retry}\n\n" if retry else "") + (f"event: {event}\n{lines}\n" if event else "")
        return web.Response(text=body, content_type="text/event-stream", headers={"Cache-Control": "no-store"})

    async def events(self, request: web.Request) -> web.StreamResponse:
        seated = self.seated(request)
        if seated is None:
            cookie = self.seat_cookie(request)
            still_open = cookie is not None and cookie[0] in self._paths and self.open_room(cookie[0]) is not None
            return self.said_once("gone", "seat" if still_open else "closed")
        path, _, participant_id, _ = seated
        response = await self._stream(request)
        if response is None:
            return self.said_once("", retry=10_000)  # too many connections now: come back in ten seconds
        watch = self.watch(path)
        shown: tuple[object, ...] | None = None
        timer: tuple[float | None, float | None] | None = None
        with contextlib.suppress(ConnectionResetError, asyncio.CancelledError):
            async with self._following(request, watch, participant_id):
                async for _ in self._changes(watch):
                    now = self.seated(request)
                    if now is None:
                        room = watch.room()
                        gone = "closed" if room is None or not room.open else "seat"
                        await self.send(response, "gone", gone)
                        break
                    _, room, _, own = now
                    signature = (room.step, room.questions, room.tool, room.tool in own.answered)
                    if signature != shown:
                        shown = signature
                        await self.send(response, "step", self.step_html(room, own))
                    if (room.timer_ends, room.timer_left) != timer:
                        timer = (room.timer_ends, room.timer_left)
                        await self.send(response, "timer", json.dumps(self.timer(room)))
                    await response.write(b": still here\n\n")
        return response

    # -- the facilitator ----------------------------------------------------------------------

    def open_rooms(self) -> list[RoomState]:
        rooms = (self.watch(path).room() for path in reviews_with_rooms(self.store_root))
        return [room for room in rooms if room is not None and room.open]

    async def facilitator_page(self, request: web.Request) -> web.StreamResponse:
        if not self.facilitating(request):
            raise web.HTTPSeeOther("/")
        return self.page(
            "facilitator.html",
            rooms=self.open_rooms(),
            terminal=self.terminal,
            address=self.address,
            title="Facilitator",
        )

    def board_html(self, path: Path, room: RoomState) -> str:
        session = self.watch(path).session()
        boards = []
        tool_words = ""
        if session is not None and session.facilitation is not None:
            boards = [question_board(self.rubric, session, key, per_school=room.per_school) for key in room.questions]
            if room.tool:
                with contextlib.suppress(KeyError):
                    tool = self.rubric.tool(room.tool)
                    tool_words = round_words(tool, session.tools.get(tool.id) or ToolAnswer())
        return self.render(
            "_board.html",
            room=room,
            boards=boards,
            tool_words=tool_words,
            no_schools=NO_SCHOOLS,
            timer=self.timer(room),
        )

    async def present(self, request: web.Request) -> web.StreamResponse:
        if not self.facilitating(request):
            raise web.HTTPSeeOther("/")
        found = self.open_room(request.match_info["code"])
        if found is None:
            raise web.HTTPSeeOther("/facilitator")
        path, room = found
        join = f"{self.address}/?code={room.code}" if self.address else ""
        return self.page(
            "present.html",
            room=room,
            board=self.board_html(path, room),
            timer=self.timer(room),
            address=self.address,
            qr=qr_svg(join) if join else "",
            title=f"Projector · {room.partnership}",
        )

    async def present_events(self, request: web.Request) -> web.StreamResponse:
        if not self.facilitating(request):
            return web.Response(status=403, text="facilitator only")
        found = self.open_room(request.match_info["code"])
        if found is None:
            return self.said_once("gone", "closed")
        path, _ = found
        response = await self._stream(request)
        if response is None:
            return self.said_once("", retry=10_000)
        watch = self.watch(path)
        shown = ""
        timer: tuple[float | None, float | None] | None = None
        with contextlib.suppress(ConnectionResetError, asyncio.CancelledError):
            async with self._following(request, watch):
                async for _ in self._changes(watch):
                    room = watch.room()
                    if room is None or not room.open:
                        await self.send(response, "gone", "closed")
                        break
                    if (board := self.board_html(path, room)) != shown:
                        shown = board
                        await self.send(response, "board", board)
                    if (room.timer_ends, room.timer_left) != timer:
                        timer = (room.timer_ends, room.timer_left)
                        await self.send(response, "timer", json.dumps(self.timer(room)))
                    await response.write(b": still here\n\n")
        return response


def qr_svg(address: str) -> str:
    """The join address as a QR code, an SVG drawn in the page (no image fetched from anywhere)."""
    import segno

    code = segno.make(address, error="m")
    # The standard quiet zone of four modules round it, so any phone's camera reads it.
    svg: str = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True, title="Scan to join")
    return svg
