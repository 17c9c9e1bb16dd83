"""Small modal dialogs: a new review, its details, a reason, a note, an action, the help page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Required, TypedDict, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from maturitytui import clock
from maturitytui.analysis.review import STATUS_LABELS, review_day_problem
from maturitytui.analysis.words import day, parse_day
from maturitytui.ui.widgets.bullets import literal
from maturitytui.ui.widgets.fields import Field, NoteArea

if TYPE_CHECKING:
    from maturitytui.model.session import Action


NAME_LIMIT = 200
"""The longest partnership name a session accepts."""


def split_names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


class ReviewDetails(TypedDict, total=False):
    """What a dialog that starts a review returns."""

    partnership: Required[str]
    schools: Required[list[str]]
    by_school: str
    participants: list[str]
    people: list[tuple[str, str]]
    """(name, school) of everyone in the room, for a facilitated review."""
    anonymous: bool
    review_date: date
    """The day the review was held, when it was not today."""


DialogResult = TypeVar("DialogResult")


def clear_the_way(dialog: ModalScreen[Any]) -> None:
    """Take down the messages still showing: on a small terminal they would cover the dialog's buttons, and
    they were about what was done before it opened."""
    dialog.app.clear_notifications()


class Dialog(ModalScreen[DialogResult]):
    """Escape cancels; Enter in the last field (or the OK button) confirms.

    The title and the buttons stay in view on the smallest terminal: only the fields between them scroll.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    DEFAULT_CSS = """
    Dialog > .dialog { width: 72; max-width: 95%; height: auto; max-height: 100%; padding: 0 2;
        border: thick $accent; background: $surface; }
    Dialog .fields { height: auto; max-height: 50vh; }  /* room above and below for the title, hint and buttons */
    Dialog .title { text-style: bold; }
    Dialog Label { width: 100%; margin-top: 1; }  /* a long label wraps */
    Dialog .hint { color: $text-muted; }
    Dialog .error { color: $error; height: auto; }
    Dialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    Dialog Button { margin-left: 1; }
    """

    AUTO_FOCUS = ""  # not None, which would mean the app's choice
    """Each dialog opens on its own field with ``open_on``: Textual's own choice would be centred on the screen
    before the fields are measured, scrolling the first label out of view."""

    heading = ""
    """The dialog's title."""

    def hint(self) -> str:
        """A line under the title, if the dialog needs one."""
        return ""

    def fields(self) -> ComposeResult:  # pragma: no cover - every dialog has its own
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.heading), classes="title")
            if hint := self.hint():
                yield Static(literal(hint), classes="hint")
            with VerticalScroll(classes="fields", can_focus=False):
                yield from self.fields()
            yield Static("", classes="error")
            yield from self.buttons()

    def on_mount(self) -> None:
        clear_the_way(self)

    def open_on(self, field: Widget) -> None:
        """Focus the field the dialog opens on and bring it into view once laid out.

        Focused before the first layout, Textual would centre it among fields not yet measured, scrolling past
        the label above the first field."""
        field.focus(scroll_visible=False)
        self.call_after_refresh(field.scroll_visible, animate=False)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.confirm()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "day" and self.typed_day() is None:
            return  # said at once, rather than after the fields below it
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.confirm()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button("Cancel", id="cancel")
            yield Button("OK", id="ok", variant="primary")

    def show_error(self, message: str) -> None:
        self.query_one(".error", Static).update(literal(message))

    def day_fields(self, value: date) -> ComposeResult:
        yield Label("Day of the review (e.g. 14 Oct 2026)")
        yield Field(day(value), id="day")

    earliest_day: date | None = None
    """The earliest day the ``#day`` field accepts, if any."""

    def typed_day(self) -> date | None:
        """The day typed in the ``#day`` field, or None with the reason shown and the field focused."""
        field = self.query_one("#day", Input)
        try:
            held = parse_day(field.value)
            problem = review_day_problem(held, clock.today(), self.earliest_day)
        except ValueError as exc:
            problem = f"{exc}."
        if problem:
            self.show_error(problem)
            field.focus()
            return None
        self.show_error("")
        return held

    def confirm(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError


class StartDialog(Dialog[ReviewDetails]):
    """What every dialog that starts a review asks: the partnership, its schools, and whether the review is one
    partner school's own view."""

    def __init__(self, partnership: str = "", schools: list[str] | None = None) -> None:
        super().__init__()
        self.partnership, self.schools = partnership, ", ".join(schools or [])

    def partnership_fields(self, placeholder: str = "") -> ComposeResult:
        yield Label("Partnership name")
        yield Field(self.partnership, placeholder=placeholder, max_length=NAME_LIMIT, id="name")
        yield Label("Schools in the partnership (separated by commas)")
        yield Field(self.schools, id="schools")

    def one_school_field(self) -> ComposeResult:
        yield Label("Only one school's own view? Name the school (or leave empty)")
        yield Field("", id="by_school")

    def partnership_details(self) -> ReviewDetails | None:
        """The partnership, schools and whose view, or None (with the reason shown) when there is no name."""
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.show_error("Give the partnership a name.")
            self.query_one("#name", Input).focus()
            return None
        return {
            "partnership": name,
            "schools": split_names(self.query_one("#schools", Input).value),
            "by_school": self.query_one("#by_school", Input).value.strip(),
        }


class NewReviewDialog(StartDialog):
    """The partnership, its schools and who is taking part. Returns a dict or None."""

    def __init__(
        self, partnership: str = "", schools: list[str] | None = None, participants: list[str] | None = None
    ) -> None:
        super().__init__(partnership, schools)
        self.participants = ", ".join(participants or [])
        self.heading = "New review" if partnership else "New partnership"

    def hint(self) -> str:
        return "Think of one partnership. A school can have several, each reviewed on its own."

    def fields(self) -> ComposeResult:
        yield from self.partnership_fields("e.g. Harbourside Learning Partnership")
        yield from self.day_fields(clock.today())
        yield Label("Who is taking part in this review (separated by commas)")
        yield Field(self.participants, id="participants")
        yield from self.one_school_field()

    def on_mount(self) -> None:
        self.open_on(self.query_one("#participants" if self.partnership else "#name", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter moves on field by field (each in view, the dialog's title and buttons too); Enter after the
        # people starts the review: the school of a one-school review is optional, reached by tab.
        if event.input.id == "participants":
            event.prevent_default()
            self.confirm()

    def confirm(self) -> None:
        if (details := self.partnership_details()) is None or (held := self.typed_day()) is None:
            return
        participants = split_names(self.query_one("#participants", Input).value)
        self.dismiss({**details, "participants": participants, "review_date": held})


class DetailsDialog(Dialog[tuple[date, list[str]]]):
    """The day of a review and who took part, changed after it started. Returns (day, people) or None."""

    heading = "About this review"

    def __init__(self, held: date, participants: list[str], earliest: date | None = None) -> None:
        super().__init__()
        self.held, self.participants, self.earliest_day = held, ", ".join(participants), earliest

    def hint(self) -> str:
        return "A review held on another day can be entered today: give the day it was held."

    def fields(self) -> ComposeResult:
        yield from self.day_fields(self.held)
        yield Label("Who took part (separated by commas)")
        yield Field(self.participants, id="participants")

    def on_mount(self) -> None:
        self.open_on(self.query_one("#day", Input))

    def confirm(self) -> None:
        if (held := self.typed_day()) is not None:
            self.dismiss((held, split_names(self.query_one("#participants", Input).value)))


class NoteDialog(Dialog[str]):
    """A note of a few lines on the grid or on a criterion. Returns the note (empty to remove it) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save", id="note.save")]

    DEFAULT_CSS = "NoteDialog TextArea { height: 6; }"

    def __init__(self, heading: str, note: str) -> None:
        super().__init__()
        self.heading, self.note = heading, note

    def hint(self) -> str:
        return "ctrl+s or OK saves; Escape leaves it as it was. Empty the box to remove the note."

    def fields(self) -> ComposeResult:
        yield NoteArea(self.note, soft_wrap=True, show_line_numbers=False, id="note")

    def on_mount(self) -> None:
        area = self.query_one("#note", TextArea)
        self.open_on(area)
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.confirm()

    def confirm(self) -> None:
        self.dismiss(self.query_one("#note", TextArea).text.strip())


class ReasonDialog(Dialog[str]):
    """Why a strand does not apply to this partnership. Returns the reason or None."""

    def __init__(self, strand_title: str, reason: str = "") -> None:
        super().__init__()
        self.heading = f"Not applicable: {strand_title}"
        self.reason = reason

    def hint(self) -> str:
        return "It will not be counted as a low stage. Say why it does not apply."

    def fields(self) -> ComposeResult:
        yield Label("Reason")
        yield Field(self.reason, id="reason")

    def on_mount(self) -> None:
        self.open_on(self.query_one("#reason", Input))

    def confirm(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.show_error("A reason helps next year's review: write a few words.")
            return
        self.dismiss(reason)


class ConfirmDialog(ModalScreen[bool]):
    """A question with two answers; Enter takes the highlighted button, Escape the cautious one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("left,right", "app.focus_next", "Other answer", show=False),
    ]

    DEFAULT_CSS = """
    ConfirmDialog > VerticalScroll { width: 72; max-height: 100%; padding: 1 2; }
    ConfirmDialog .title { text-style: bold; }
    ConfirmDialog .message { margin-top: 1; }
    ConfirmDialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmDialog Button { margin-left: 1; }
    """

    def __init__(self, title: str, message: str, yes: str, no: str = "Cancel", *, default: bool = True) -> None:
        super().__init__()
        self.title_text, self.message, self.yes, self.no, self.default = title, message, yes, no, default

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            yield Static(literal(self.title_text), classes="title")
            yield Static(literal(self.message), classes="message")
            with Horizontal(classes="buttons"):
                yield Button(self.no, id="no")
                yield Button(self.yes, id="yes", variant="primary")

    def on_mount(self) -> None:
        clear_the_way(self)
        self.query_one("#yes" if self.default else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


STATUS_CHOICES = [("Open", "open"), ("In progress", "in_progress"), ("Done", "done"), ("Dropped", "dropped")]
CARRIED_OPEN = "Not yet marked"


class ActionDialog(Dialog["Action"]):
    """A next step: what, who, by when, and how far it has got. Returns an Action or None."""

    def __init__(self, action: Action | None = None) -> None:
        super().__init__()
        if action is None:
            from maturitytui.model.session import Action  # the dialogs open within a review, when the models are loaded

            action = Action(text="")
        self.action = action

    heading = "Next step"

    def hint(self) -> str:
        a = self.action
        if not a.carried_from:
            return "Enter moves to the next field and saves from the date; only what will be done is needed."
        agreed = f" of {day(a.agreed)}" if a.agreed else ""
        was = f"; it was {STATUS_LABELS[a.was]} then" if a.was else ""
        return f"Carried forward from the review{agreed}{was}. Mark how it went; Enter in the note saves."

    def fields(self) -> ComposeResult:
        a = self.action
        if a.carried_from:  # how it went comes first
            yield from self._status_fields()
        yield Label("What will be done")
        yield Field(a.text, id="text")
        yield Label("Who will do it")
        yield Field(a.owner, id="owner")
        yield Label("By when (optional, e.g. 31 Mar 2027)")
        yield Field(day(a.due) if a.due else "", placeholder="31 Mar 2027", id="due")
        if not a.carried_from:
            yield from self._status_fields()

    def _status_fields(self) -> ComposeResult:
        a = self.action
        yield Label("Status")
        choices = [
            (CARRIED_OPEN if a.carried_from and value == "open" else label, value) for label, value in STATUS_CHOICES
        ]
        yield Select(choices, value=a.status, allow_blank=False, id="status")
        yield Label("Note (how far it has got, or why it was dropped)")
        yield Field(a.note, id="note")

    def on_mount(self) -> None:
        # A step carried from the last review is opened to say how it went: its status comes first.
        # One taken up from an idea has its words already: who and by when are what is left to say.
        a = self.action
        first = "#status" if a.carried_from else "#owner" if a.idea is not None and not a.owner else "#text"
        self.open_on(self.query_one(first))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter moves on field by field, as in every dialog, and saves from the date (or the last field): a step
        # is never saved halfway through being typed, with the rest typed into the screen behind.
        event.prevent_default()  # not the dialog's own Enter handling as well
        inputs = list(self.query(Input))
        # A carried step was agreed before: how it went is what is asked, so Enter saves from its note too.
        saves_here = "due" if not self.action.carried_from else "note"
        if event.input.id in (saves_here, "due") or event.input is inputs[-1]:
            self.confirm()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    def confirm(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if not text:
            self.show_error("Say what will be done.")
            self.query_one("#text", Input).focus()
            return
        due_text = self.query_one("#due", Input).value.strip()
        try:
            due = parse_day(due_text) if due_text else None
        except ValueError as exc:
            self.show_error(f"{exc}.")
            self.query_one("#due", Input).focus()
            return
        status = self.query_one("#status", Select).value
        note = self.query_one("#note", Input).value.strip()
        if status == "dropped" and not note:
            # A dropped promise is part of the partnership's story: say why.
            self.show_error("Say why it was dropped, so the next review knows.")
            self.query_one("#note", Input).focus()
            return
        self.dismiss(
            self.action.model_copy(
                update={
                    "text": text,
                    "owner": self.query_one("#owner", Input).value.strip(),
                    "due": due,
                    "status": status,
                    "note": note,
                }
            )
        )


def binding_rows(screen: Screen[Any]) -> list[tuple[str, str]]:
    """The keys that work on ``screen`` right now, with what they do, each description once."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.action.startswith(("scroll_", "page_")):
            continue  # scrolling keys are listed once, below
        if binding.description and binding.description not in seen:
            seen.add(binding.description)
            rows.append((screen.app.get_key_display(binding), binding.description))
    rows.append(("pgup pgdn home end", "Scroll"))
    if screen.app.use_command_palette:
        rows.append(("ctrl+p", "Command palette: find a command, jump to a step in a review, change the theme"))
    return rows


class GuidanceScreen(ModalScreen[None]):
    """What the sources advise, in sections of bullets, each item with where it comes from: read, then closed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.pop_screen", "Close", id="guidance.close")]

    DEFAULT_CSS = """
    GuidanceScreen > VerticalScroll { width: 90%; max-width: 100; max-height: 90%; padding: 1 2;
        border: round $primary; background: $surface; }
    GuidanceScreen .title { text-style: bold; }
    GuidanceScreen BulletText { margin-top: 1; }
    GuidanceScreen .hint { color: $text-muted; }
    """

    def __init__(self, title: str, sections: list[tuple[str, list[str]]]) -> None:
        super().__init__()
        self.heading = title
        self.sections = [(name, items) for name, items in sections if items]

    def compose(self) -> ComposeResult:
        from maturitytui.ui.widgets.bullets import BulletText

        with VerticalScroll(can_focus=True) as scroll:
            scroll.border_title = "Escape closes"
            yield Static(literal(self.heading), classes="title")
            for name, items in self.sections:
                yield BulletText(items, title=name)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


class HelpScreen(ModalScreen[None]):
    """Every key that works where help was asked for."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "app.pop_screen", "Close help", id="help.close")
    ]

    DEFAULT_CSS = """
    HelpScreen > VerticalScroll { width: 80; max-height: 90%; padding: 1 2; }
    HelpScreen .title { text-style: bold; }
    """

    def __init__(self, rows: list[tuple[str, str]], notes: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.notes = notes

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.rows), default=4) + 2
        lines = [f"{key:<{width}}{text}" for key, text in self.rows]
        with VerticalScroll():
            yield Static("Keys", classes="title")
            yield Static(literal("\n".join(lines)))
            if self.notes:
                yield Static(literal("\n" + self.notes))
            yield Static("\nEscape closes this help.", classes="hint")
