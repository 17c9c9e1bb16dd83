"""Dialogs for a facilitated review: who is in the room, everyone's ratings typed at the front, why, the timer."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from maturitytui.room.facilitation import RowError, is_grid, label, parse_row
from maturitytui.ui.dialogs.common import Dialog, StartDialog
from maturitytui.ui.widgets.bullets import literal
from maturitytui.ui.widgets.fields import Field, NoteArea


def participant_lines(text: str) -> list[tuple[str, str]]:
    """One person per line, ``name, school`` (the school may be left off): blank lines are ignored."""
    people = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, school = line.partition(",")
        people.append((name.strip(), school.strip()))
    return people


class FacilitatedReviewDialog(StartDialog):
    """A review run with a room. Returns the partnership, schools, people (name, school) and anonymity, or None."""

    DEFAULT_CSS = """
    FacilitatedReviewDialog TextArea { height: 8; }
    """

    heading = "Facilitated review"

    def hint(self) -> str:
        return "Everyone rates each step; the room sees the spread and agrees a rating and why."

    def fields(self) -> ComposeResult:
        yield from self.partnership_fields()
        yield from self.one_school_field()
        yield Label("In the room: one person per line — name, school")
        yield NoteArea(id="people")
        yield Checkbox("Anonymous: no names kept, labels P1, P2, … only", id="anonymous")

    def on_mount(self) -> None:
        self.open_on(self.query_one("#people" if self.partnership else "#name"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter moves on to the next field (the list of people is a text box, so OK confirms), and no
        # more: Dialog's own handler would confirm from the last input, before anyone is in the room.
        event.prevent_default()
        event.stop()
        self.focus_next()

    def confirm(self) -> None:
        if (details := self.partnership_details()) is None:
            return
        people = participant_lines(self.query_one("#people", TextArea).text)
        if not people:
            self.show_error("Add the people in the room, one per line (with anonymity, a line can be just , school).")
            self.query_one("#people", TextArea).focus()
            return
        self.dismiss({**details, "people": people, "anonymous": self.query_one("#anonymous", Checkbox).value})


class RowsDialog(Dialog[dict[str, dict[str, str | None]]]):
    """Everyone's ratings typed at the front, one row per question. Returns key → participant → rating or None."""

    def __init__(self, questions: list[tuple[str, str]], participants, grid_size: int = 6) -> None:
        super().__init__()
        self.questions = questions
        """(key, title) for each question on the step."""
        self.participants = participants
        self.grid_size = grid_size

    heading = "Type everyone's ratings"

    def hint(self) -> str:
        order = " ".join(label(p) for p in self.participants)
        return (
            f"One mark per person, in this order: {order}. Stages 1–4 (Beginning to Leading); "
            "criteria 1–3 (not yet, partly, well established); grid cells two digits, row "
            "then column (32). - for someone who has not rated. Leave a row empty to keep it."
        )

    def fields(self) -> ComposeResult:
        for n, (key, title) in enumerate(self.questions):
            yield Label(literal(title))
            yield Field(placeholder="32 21 - 33" if is_grid(key) else "3 2 - 4", id=f"row-{n}")

    def on_mount(self) -> None:
        self.open_on(self.query_one("#row-0", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Each row is checked as Enter leaves it, so a slip is caught while the room is still holding up cards.
        # Dialog's own handler (moving on, or confirming after the last row) runs next unless prevented.
        if event.input.id is None:
            return  # never: every row's box has its id
        if self._row(int(event.input.id.removeprefix("row-"))) is False:
            event.prevent_default()
        else:
            self.show_error("")

    def _row(self, n: int) -> dict[str, str | None] | Literal[False] | None:
        """The row typed for question n (None if left empty), or False after showing why it does not fit."""
        key, title = self.questions[n]
        typed = self.query_one(f"#row-{n}", Input).value
        if not typed.strip():
            return None
        try:
            return parse_row(typed, key, self.participants, self.grid_size)
        except RowError as exc:
            self.show_error(f"{title}: {exc}")
            self.query_one(f"#row-{n}", Input).focus()
            return False

    def confirm(self) -> None:
        rows: dict[str, dict[str, str | None]] = {}
        for n, (key, _) in enumerate(self.questions):
            row = self._row(n)
            if row is False:
                return
            if row is not None:
                rows[key] = row
        self.dismiss(rows)


class ReasonsDialog(Dialog[dict[str, str]]):
    """Why the group agreed what it did, one reason per question. Returns key → reason, or None."""

    def __init__(self, questions: list[tuple[str, str]], reasons: dict[str, str]) -> None:
        super().__init__()
        self.questions = questions
        self.reasons = reasons

    heading = "Why the group agreed this"

    def hint(self) -> str:
        return "In the group's words: what tipped the decision, and what would move it on."

    def fields(self) -> ComposeResult:
        for n, (key, title) in enumerate(self.questions):
            yield Label(literal(title))
            yield Field(self.reasons.get(key, ""), id=f"reason-{n}")

    def on_mount(self) -> None:
        self.open_on(self.query_one("#reason-0", Input))

    def confirm(self) -> None:
        self.dismiss(
            {key: self.query_one(f"#reason-{n}", Input).value.strip() for n, (key, _) in enumerate(self.questions)}
        )


class TimerDialog(Dialog[float]):
    """How long the room has for this step. Returns seconds, or None."""

    def __init__(self, minutes: float) -> None:
        super().__init__()
        self.minutes = minutes

    heading = "Timer for this step"

    def fields(self) -> ComposeResult:
        yield Label("Minutes (e.g. 5 or 2.5)")
        yield Field(f"{self.minutes:g}", id="minutes")
        yield Static(". pauses and restarts it, + adds a minute.", classes="hint")

    def on_mount(self) -> None:
        self.open_on(self.query_one("#minutes", Input))

    def confirm(self) -> None:
        typed = self.query_one("#minutes", Input).value.strip().replace(",", ".")
        try:
            minutes = float(typed)
        except ValueError:
            minutes = -1
        if not 0 < minutes <= 180:
            self.show_error(f"'{typed}' is not a number of minutes: type one between 0.5 and 180.")
            return
        self.dismiss(minutes * 60)
