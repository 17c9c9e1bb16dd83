"""The door of a served program: a join code, then who you are. Nothing of the store shows before that."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from maturitytui.room.state import RoomState
from maturitytui.ui.widgets.bullets import literal
from maturitytui.ui.widgets.fields import Field

TRIES = 5
"""Wrong codes before the connection is closed: guessing a code means starting again, and again."""


class AskScreen(Screen[None]):
    """A framed question with one box to type in: a code, or a PIN. Posts ``typed(value)``; ``error()`` says why not."""

    DEFAULT_CSS = """
    AskScreen { align: center middle; }
    AskScreen > Vertical { width: 60; }
    AskScreen .ask-title { text-style: bold; }
    AskScreen .ask-error { color: $error; height: auto; }
    AskScreen .muted { color: $text-muted; }
    """

    title_text = ""
    hint = ""
    placeholder = ""
    password = False

    def __init__(self) -> None:
        super().__init__()
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="framed"):
            yield Static(literal(self.title_text), classes="ask-title")
            yield Static(self.hint, classes="muted")
            yield Field(placeholder=self.placeholder, max_length=24, password=self.password)
            yield Static("", classes="ask-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.typed(event.value)

    def typed(self, value: str) -> None:  # pragma: no cover - each screen posts its own message
        raise NotImplementedError

    def error(self, message: str) -> None:
        self.tries += 1
        self.query_one(Input).value = ""
        self.query_one(".ask-error", Static).update(message)


class JoinScreen(AskScreen):
    """Asks for the code on the facilitator's screen."""

    title_text = "Join the review"
    hint = "Type the join code shown on the facilitator's screen."
    placeholder = "e.g. 4821 7390"

    class Entered(Message):
        """A code was typed; the app decides what it opens."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def typed(self, value: str) -> None:
        self.post_message(self.Entered(value))

    def wrong(self) -> None:
        """Nothing opens with that code: say so, and give up after a few tries."""
        if self.tries + 1 >= TRIES:
            self.app.exit(message="Too many wrong codes.")
            return
        self.error("That code does not open a review. Check the code on the facilitator's screen and type it again.")


class SeatScreen(Screen[None]):
    """Who are you? The people the facilitator added to the room (labels only, when the review is anonymous)."""

    DEFAULT_CSS = """
    SeatScreen { align: center middle; }
    SeatScreen > Vertical { width: 64; }
    SeatScreen #seat-title { text-style: bold; }
    SeatScreen OptionList { height: auto; max-height: 20; }
    SeatScreen #seat-error { color: $error; height: auto; }
    SeatScreen .muted { color: $text-muted; }
    """

    class Chosen(Message):
        def __init__(self, participant_id: str) -> None:
            super().__init__()
            self.participant_id = participant_id

    def __init__(self, session_path: Path, room: RoomState, anonymous: bool) -> None:
        super().__init__()
        self.session_path = session_path
        self.room = room
        self.anonymous = anonymous

    def compose(self) -> ComposeResult:
        with Vertical(classes="framed"):
            yield Static(literal(self.room.partnership), id="seat-title")
            hint = (
                "This review is anonymous: pick a label (the facilitator may give you one). Your ratings are "
                "kept under the label only."
                if self.anonymous
                else "Pick your name."
            )
            yield Static(
                hint + " If you drop out, join again, pick the same one and type the PIN you were shown: "
                "your answers are kept.",
                classes="muted",
            )
            yield OptionList(
                *(
                    Option(literal(f"{seat.label}" + (f" · {seat.school}" if seat.school else "")), id=seat.id)
                    for seat in self.room.seats
                ),
                id="seats",
            )
            yield Static("", id="seat-error")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.room.seats[event.option_index].id))  # the options are the seats, in order

    def taken(self, message: str) -> None:
        self.query_one("#seat-error", Static).update(literal(message))


class PinScreen(AskScreen):
    """A rejoining participant's PIN: only the person who first took a seat can take it again."""

    hint = (
        "Type the PIN your screen showed when you first joined. Forgotten it? Ask the facilitator to take "
        "your ratings at the front."
    )
    placeholder = "6 digits"
    password = True

    class Entered(Message):
        def __init__(self, pin: str) -> None:
            super().__init__()
            self.pin = pin

    def __init__(self, label: str) -> None:
        super().__init__()
        self.title_text = f"Welcome back, {label}"

    def typed(self, value: str) -> None:
        self.post_message(self.Entered(value))

    def wrong(self) -> None:
        self.error("That is not the PIN for this seat.")
