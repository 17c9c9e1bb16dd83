from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest

from maturitytui.model.session import Facilitation, Session
from maturitytui.room.facilitation import new_participants
from maturitytui.room.state import RoomState, write_room
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.app import MaturityApp


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


@pytest.fixture
def make_app(rubric):
    def make(store: SessionStore, partnership: str | None = None) -> MaturityApp:
        return MaturityApp(rubric, store, partnership=partnership)

    return make


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


async def next_strand(pilot, screen) -> None:
    """Press n, then n again past any questionnaire or companion, to the next strand (or later) step."""
    await pilot.press("n")
    await pilot.pause()
    while screen.step.startswith("tool:"):
        await pilot.press("n")
        await pilot.pause()


def text_of(widget) -> str:
    """The plain text a widget shows, whatever it was given (a string, Rich text or a table)."""
    import io

    if hasattr(widget, "plain"):
        return " ".join(widget.plain().split())

    from rich.console import Console

    console = Console(width=400, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(widget.content)
    return " ".join(capture.get().split())


@pytest.fixture
def review_at(store, make_app):
    """Open a new review of "Town Trio" at a step: ``async with review_at("criteria") as (pilot, screen)``."""

    @asynccontextmanager
    async def opened(step: str, size: tuple[int, int] = (120, 40)):
        app = make_app(store, partnership="Town Trio")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()  # the review opens once the start screen is up
            await app.screen.go_to(step)
            await pilot.pause()
            yield pilot, app.screen

    return opened


ROOM_CODE = "48217390"
"""The join code of the facilitated review below, the same on every run."""
ROOM_PEOPLE = new_participants(
    ["Ann Okafor", "Bo Lewis", "Cy Patel", "Di Shah"],
    ["Harbourside Primary", "Harbourside Primary", "Kestrel Lane", "Kestrel Lane"],
    anonymous=False,
)


@pytest.fixture
def room_store(tmp_path, monkeypatch, rubric):
    """A facilitated review of Town Trio, everyone's view of joint practice development in, Developing agreed."""
    monkeypatch.chdir(tmp_path)
    store = SessionStore(tmp_path / "sessions")
    session = Session.start(
        "Town Trio",
        rubric,
        review_date=date(2026, 11, 20),
        schools=["Harbourside Primary", "Kestrel Lane"],
        participants=[p.name for p in ROOM_PEOPLE],
        facilitation=Facilitation(
            participants=ROOM_PEOPLE,
            ratings={"strand:jpd": {"p1": "Developing", "p2": "Embedding", "p3": "Beginning", "p4": "Developing"}},
            reasons={"strand:jpd": "Peer observation in both schools; JPD trios not yet"},
        ),
    )
    session.answer("jpd").stage = "Developing"
    session.position = "strand:jpd"
    path = store.save(session, stamp=False)
    # A known join code, so the picture is the same on every run.
    write_room(path, RoomState(code=ROOM_CODE, review=session.id, partnership=session.partnership))
    return store


async def settled(pilot) -> None:
    """Until the screen has taken in what its workers (a store read, a sync) posted, and drawn it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
