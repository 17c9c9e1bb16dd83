"""A participant's own screen: the step the room is on, and their own answers, nothing else.

It reads only the room's state and the participant's own file, and writes only
that file (and, for questionnaires, anonymous answer files): no other review,
no one else's ratings, nothing else in the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, OptionList, Select, Static
from textual.widgets.option_list import Option

from maturitytui.clock import timestamp
from maturitytui.model.errors import SessionError
from maturitytui.model.steps import RoomQuestion
from maturitytui.room.answers import send_response
from maturitytui.room.countdown import Countdown
from maturitytui.room.facilitation import (
    cell_rating,
    choices_for,
    is_grid,
    parse_cell,
    question_title,
    rating_text,
)
from maturitytui.room.files import Own, write_ratings
from maturitytui.room.state import RoomState, read_room, room_stamp
from maturitytui.ui.widgets.bullets import literal, update_if_changed

LOOK_EVERY = 0.5


class ChoiceList(OptionList):
    """The ratings one question takes; the participant's own choice is ticked."""

    def __init__(self, key: str, options: list[tuple[str, str]], chosen: str | None) -> None:
        super().__init__(
            *(Option(literal(("✓ " if value == chosen else "  ") + words), id=value) for value, words in options),
            id=f"q-{key.replace(':', '-')}",
        )
        self.key = key


class CellPicker(Horizontal):
    """A grid cell: a row (loose to tight) and a column (shallow to deep)."""

    DEFAULT_CSS = "CellPicker { height: auto; } CellPicker Select { width: 34; }"

    def __init__(self, key: str, chosen: str | None, size: int) -> None:
        super().__init__(id=f"q-{key.replace(':', '-')}")
        self.key = key
        self.grid_size = size
        self.chosen = parse_cell(chosen, size) if chosen else (None, None)

    def _axis(self, word: str, low: str, high: str) -> list[tuple[str, int]]:
        return [
            (f"{word} {n}" + (f" ({low})" if n == 1 else f" ({high})" if n == self.grid_size else ""), n)
            for n in range(1, self.grid_size + 1)
        ]

    def compose(self) -> ComposeResult:
        rows, cols = self.chosen
        yield Select(
            self._axis("row", "loose", "tight"),
            prompt="Integration: row",
            value=rows if rows else Select.NULL,
            id="cell-row",
        )
        yield Select(
            self._axis("column", "shallow", "deep"),
            prompt="Nature: column",
            value=cols if cols else Select.NULL,
            id="cell-col",
        )

    def value(self) -> str | None:
        row, col = self.query_one("#cell-row", Select).value, self.query_one("#cell-col", Select).value
        if isinstance(row, int) and isinstance(col, int):
            return cell_rating(row, col)
        return None


class ParticipantScreen(Screen[None]):
    """Rate the step the room is on. Only your own answers are shown."""

    # Nothing to open, nowhere to go: the room moves on when the facilitator does.
    BINDINGS: ClassVar[list[BindingType]] = []

    DEFAULT_CSS = """
    ParticipantScreen { padding: 0 1; }
    ParticipantScreen #me { height: 1; background: $panel; }
    ParticipantScreen #me-who { width: 1fr; }
    ParticipantScreen #me-timer { width: auto; text-style: bold; color: $warning; }
    ParticipantScreen #me-pin { text-style: bold; color: $warning; }
    ParticipantScreen #step-title { text-style: bold; margin-top: 1; }
    ParticipantScreen .muted { color: $text-muted; }
    ParticipantScreen #answers { height: 1fr; }
    ParticipantScreen .question { text-style: bold; margin-top: 1; }
    ParticipantScreen OptionList { height: auto; }
    ParticipantScreen #saved { color: $success; height: auto; }
    """

    def __init__(
        self,
        rubric,
        session_path: Path,
        room: RoomState,
        participant_id: str,
        own: Own | None = None,
        *,
        pin: str = "",
        notice: str = "",
    ) -> None:
        super().__init__()
        self.rubric = rubric
        self.session_path = session_path
        self.room = room
        self.participant_id = participant_id
        own = own or Own()
        self.ratings = own.ratings
        """Their own ratings so far: a participant who rejoins finds them here."""
        self.answered = own.answered
        self.pin_digest, self.pin_round = own.pin, own.pin_round
        self.pin = pin
        """The PIN to rejoin, shown once, on the first join."""
        self.notice = notice
        self._built_for: tuple[str, tuple[str, ...], str, bool] | None = None
        self._room_stamp: tuple[int, int, int] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="me"):
            yield Static(id="me-who")
            yield Static(id="me-timer")
        yield Static(id="me-pin")
        yield Static(id="step-title")
        yield Static(id="step-hint", classes="muted")
        yield VerticalScroll(id="answers")
        yield Static("", id="saved")

    async def on_mount(self) -> None:
        seat = self.room.seat(self.participant_id)
        who = f"{seat.label}" + (f" · {seat.school}" if seat.school else "") if seat else self.participant_id
        self.query_one("#me-who", Static).update(literal(f"{self.room.partnership} · you are {who}"))
        pin = self.query_one("#me-pin", Static)
        pin.update(f"Your PIN to rejoin if you drop out: {self.pin} (note it down)" if self.pin else "")
        pin.display = bool(self.pin)
        await self.build()
        if self.notice:
            self.query_one("#saved", Static).update(literal(self.notice))
        self.set_interval(LOOK_EVERY, self.look)

    async def look(self) -> None:
        """Follow the room: a new step, the countdown, or the room closing.

        The room's file is read again only when it has changed (the facilitator writes it anew each time), so
        a room of thirty browsers costs the computer thirty stats twice a second, not thirty parses.
        """
        if (stamp := room_stamp(self.session_path)) != self._room_stamp:
            self._room_stamp = stamp
            if not await self._follow(read_room(self.session_path)):
                return
        words = Countdown(ends=self.room.timer_ends, left=self.room.timer_left).words(timestamp())
        update_if_changed(self.query_one("#me-timer", Static), words)

    async def _follow(self, room: RoomState | None) -> bool:
        """Show the room's step; False (and say so) once the room is closed."""
        if room is None or not room.open:
            self.query_one("#step-title", Static).update("The facilitator has closed the room. Thank you.")
            self.query_one("#step-hint", Static).update("")
            await self.query_one("#answers").remove_children()
            self._built_for = None
            update_if_changed(self.query_one("#me-timer", Static), "")
            return False
        self.room = room
        await self.build()
        return True

    async def build(self) -> None:
        """Show the room's step, once per step."""
        room = self.room
        signature = (room.step, room.questions, room.tool, room.tool in self.answered)
        if signature == self._built_for:
            return
        self._built_for = signature
        self.query_one("#step-title", Static).update(literal(room.title or "Waiting for the facilitator"))
        answers = self.query_one("#answers", VerticalScroll)
        await answers.remove_children()
        await answers.mount_all(list(self.widgets_for(room)))
        self.query_one("#saved", Static).update("")
        for widget in answers.query("OptionList, Select, Button"):
            widget.focus()
            break

    def widgets_for(self, room: RoomState):
        hint = self.query_one("#step-hint", Static)
        if room.tool:
            try:
                tool = self.rubric.tool(room.tool)
            except KeyError:
                hint.update(
                    "This step cannot be answered here: the facilitator's program has a tool this one "
                    "does not. Talk it through with the room."
                )
                return
            if room.tool in self.answered:
                hint.update("You have answered this. Thank you: only the team's results are shown at the front.")
                return
            hint.update(
                literal(
                    "Answer on your own, anonymously: your answers are added to everyone else's and are "
                    "never linked to you; nothing is shown until enough people have answered."
                )
            )
            yield Button(literal(f"Answer: {tool.title}"), id="answer-tool", variant="primary")
            return
        if not room.questions:
            hint.update("Nothing to rate on this step: talk it through with the room.")
            return
        hint.update("Choose what you think. Only you see your answer; change it until the room moves on.")
        for key in room.questions:
            if len(room.questions) > 1:
                yield Static(literal(question_title(self.rubric, key)), classes="question")
            chosen = self.ratings.get(key)
            if is_grid(key):
                yield CellPicker(key, chosen, self.rubric.grid.size)
            else:
                yield ChoiceList(key, self.options(key), chosen)

    def options(self, key: str) -> list[tuple[str, str]]:
        if (q := RoomQuestion.parse(key)) is not None and q.kind == "strand":
            try:
                strand = self.rubric.strand(q.id)
            except KeyError:
                strand = None
            if strand is not None:
                return [
                    (stage.name, stage.name + "".join(f"\n    • {i}" for i in stage.indicators))
                    for stage in strand.stages
                ]
        return [(c, rating_text(key, c)) for c in choices_for(key)]

    # -- answering ----------------------------------------------------------

    def _keep(self, key: str, rating: str | None, words: str) -> None:
        if rating is None:
            return
        self.ratings[key] = rating
        try:
            write_ratings(
                self.session_path,
                self.participant_id,
                self.ratings,
                self.answered,
                pin=self.pin_digest,
                pin_round=self.pin_round,
            )
        except SessionError as exc:
            self.query_one("#saved", Static).update(literal(f"Not sent: {exc.problems[0].message}. Choose again."))
            return
        self.query_one("#saved", Static).update(literal(f"Sent: {words}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not isinstance(event.option_list, ChoiceList):
            return
        key, rating = event.option_list.key, event.option.id
        self._keep(key, rating, f"{question_title(self.rubric, key)}: {rating_text(key, rating)}")
        for n, option in enumerate(event.option_list.options):
            value = option.id or ""  # every choice has its rating as its id
            mark = "✓ " if value == rating else "  "
            words = dict(self.options(key)).get(value, value)
            event.option_list.replace_option_prompt_at_index(n, literal(mark + words))

    def on_select_changed(self, event: Select.Changed) -> None:
        picker = event.select.parent
        if isinstance(picker, CellPicker) and (value := picker.value()) is not None:
            self._keep(
                picker.key, value, f"{question_title(self.rubric, picker.key)}: {rating_text(picker.key, value)}"
            )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "answer-tool":
            return
        try:
            tool = self.rubric.tool(self.room.tool)
        except KeyError:
            return
        from maturitytui.ui.steps.tools import tally_step_class

        form = tally_step_class(tool).form_class(tool)

        async def sent(answers: dict[str, str] | None) -> None:
            if answers is None:
                return
            try:
                send_response(self.session_path, tool.id, answers)
            except SessionError as exc:
                self.query_one("#saved", Static).update(literal(f"Not sent: {exc.problems[0].message}. Try again."))
                return
            self.answered.append(tool.id)  # sent: never offered again in this program, whatever happens next
            await self.build()
            try:
                write_ratings(
                    self.session_path,
                    self.participant_id,
                    self.ratings,
                    self.answered,
                    pin=self.pin_digest,
                    pin_round=self.pin_round,
                )
                words = "Sent, anonymously. Thank you."
            except SessionError:
                words = "Sent, anonymously. Thank you. (If you rejoin, you may be offered it again: please skip it.)"
            self.query_one("#saved", Static).update(words)

        self.app.push_screen(form, sent)
