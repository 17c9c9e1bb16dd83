"""The four criteria of a deep partnership, easiest first, each rated within and between schools."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from maturitytui.analysis.review import LEVEL_LABELS, RATING_LABELS, criteria_advice
from maturitytui.model.ideas import Counsel
from maturitytui.model.inert import inert
from maturitytui.model.rubric import Criterion
from maturitytui.model.session import CRITERION_RATINGS, CriterionAnswer
from maturitytui.ui.context import Answered, ReviewContext
from maturitytui.ui.widgets.bullets import BulletText, literal


class RatingPicker(Widget, can_focus=True):
    """Not yet / partly / well established, for one criterion at one level."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "shift(-1)", "Lower", show=False),
        Binding("right", "shift(1)", "Higher", show=False),
        Binding("1", "set(0)", "Not yet", show=False),
        Binding("2", "set(1)", "Partly", show=False),
        Binding("3", "set(2)", "Well established", show=False),
        Binding("up", "app.focus_previous", "Previous", show=False),
        Binding("down", "app.focus_next", "Next", show=False),
        Binding("delete,backspace", "set(-1)", "Clear", show=False),
    ]

    DEFAULT_CSS = """
    RatingPicker { height: 1; padding-left: 2; }
    RatingPicker:focus { background: $accent 30%; }
    """

    value: reactive[str | None] = reactive(None)

    class Changed(Message):
        def __init__(self, picker: RatingPicker) -> None:
            super().__init__()
            self.picker = picker

    def __init__(self, criterion: Criterion, level: str, value: str | None, enabled: bool) -> None:
        super().__init__()
        self.criterion = criterion
        self.level = level
        self.enabled = enabled
        self.set_reactive(RatingPicker.value, value)

    def render(self) -> Text:
        text = Text(f"{LEVEL_LABELS[self.level].capitalize():<17}")
        for n, rating in enumerate(CRITERION_RATINGS, 1):
            chosen = rating == self.value
            mark = "(●)" if chosen else "( )"
            text.append(f" {n}{mark} {RATING_LABELS[rating]}  ", style="bold" if chosen else "")
        return text

    def _assign(self, value: str | None) -> None:
        if not self.enabled or value == self.value:
            return
        self.value = value
        self.post_message(self.Changed(self))

    def action_shift(self, delta: int) -> None:
        index = CRITERION_RATINGS.index(self.value) if self.value else (-1 if delta > 0 else 3)
        self._assign(CRITERION_RATINGS[min(max(index + delta, 0), 2)])

    def action_set(self, index: int) -> None:
        self._assign(CRITERION_RATINGS[index] if index >= 0 else None)

    def on_click(self, event) -> None:
        self.focus()
        offset = event.x - 2 - 17
        bounds, start = [], 0
        for rating in CRITERION_RATINGS:
            width = len(RATING_LABELS[rating]) + 7
            bounds.append((start, start + width))
            start += width
        for index, (lo, hi) in enumerate(bounds):
            if lo <= offset < hi:
                self.action_set(index)


class CriteriaStep(Vertical):
    """The criteria in ascending order of difficulty, with advice when ratings run against that order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "note", "Note", tooltip="Write a note on the criterion being rated", id="criteria.note"),
        Binding(
            "g",
            "why",
            "Why this order",
            tooltip="Why the criteria come in this order, and the source's warnings and remedies",
            id="criteria.why",
        ),
    ]

    DEFAULT_CSS = """
    CriteriaStep { height: 1fr; }
    CriteriaStep #criteria-list { height: 1fr; }
    CriteriaStep .intro { color: $text-muted; margin-bottom: 1; }
    CriteriaStep .criterion { margin-top: 1; }
    CriteriaStep .everyday { color: $text-muted; padding-left: 2; }
    CriteriaStep .note { padding-left: 2; }
    CriteriaStep #advice { border: round $warning; padding: 0 1; height: auto; max-height: 45%; overflow-y: auto; }
    CriteriaStep #advice.-empty { border: round $success; }
    """

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="criteria-list", can_focus=False):
            yield Static(
                "Easiest first. Rate each within your schools and between them: "
                "1 not yet, 2 partly, 3 well established. ↑↓ move, ←→ change.",
                classes="intro",
            )
            for criterion in self.context.rubric.criteria:
                answer = self.context.session.criteria.get(criterion.id) or CriterionAnswer()
                heading = Text.assemble(
                    (inert(f"{criterion.difficulty}. {criterion.title}"), "bold"), inert(f": {criterion.statement}")
                )
                yield Static(heading, classes="criterion")
                if criterion.everyday:
                    yield Static(literal(f"In everyday words: “{criterion.everyday}”"), classes="everyday")
                for level in ("within", "between"):
                    yield RatingPicker(criterion, level, getattr(answer, level), not self.context.read_only)
                note = Static(literal(self._note_text(answer.note)), classes="note", id=f"note-{criterion.id}")
                note.display = bool(answer.note)
                yield note
        yield BulletText([], id="advice")

    def on_mount(self) -> None:
        pickers = self.query(RatingPicker)
        if pickers:
            pickers.first().focus(scroll_visible=False)
        self._show_advice()
        # Start at the top, with the introduction and the first criterion in view.
        self.call_after_refresh(self.query_one("#criteria-list").scroll_home, animate=False)

    def _show_advice(self) -> None:
        advice = criteria_advice(self.context.rubric, self.context.session)
        box = self.query_one("#advice", BulletText)
        box.set_class(not advice, "-empty")
        if not advice:
            box.set_content([], "The ratings follow the order of difficulty.")
        else:
            titles = {s.id: s.title for s in self.context.rubric.strands()}
            lines = []
            for item in advice:
                strands = ", ".join(titles.get(s, s) for s in item.strands)
                lines.append(f"{item.message} Look again at: {strands}.")
            # What the source suggests for the criteria rated out of step (g shows all of it).
            flagged = {item.criterion for item in advice}
            guidance = self.context.rubric.criteria_guidance
            lines += [f"The source suggests: {r.cited()}" for r in guidance.remedies if r.criterion in flagged]
            box.set_content(lines, Text("Worth a second look (advice, not a rule; g says why):", style="bold"))
        # The box grows and the list above it shrinks: keep the rating being given in view.
        if isinstance(focused := self.app.focused, RatingPicker):
            self.call_after_refresh(focused.scroll_visible, animate=False)

    def action_why(self) -> None:
        from maturitytui.ui.dialogs.common import GuidanceScreen

        g = self.context.rubric.criteria_guidance
        titles = {c.id: c.title for c in self.context.rubric.criteria}

        def on(counsel: Counsel) -> str:
            return f"{titles[counsel.criterion]}: " if counsel.criterion in titles else ""

        sections = [
            ("Why this order", [g.order_rationale] if g.order_rationale else []),
            ("Dangers", list(g.dangers)),
            ("Warnings", [on(w) + w.cited() for w in g.warnings]),
            ("Remedies", [on(r) + r.cited() for r in g.remedies]),
            ("Advice", [g.advice] if g.advice else []),
        ]
        self.app.push_screen(GuidanceScreen("The criteria for a deep partnership, easiest first", sections))

    @staticmethod
    def _note_text(note: str) -> str:
        return f"Note: {note}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "why":
            g = self.context.rubric.criteria_guidance
            return bool(g.order_rationale or g.dangers or g.warnings or g.remedies or g.advice)
        return not (action == "note" and self.context.read_only)

    def action_note(self) -> None:
        from maturitytui.ui.dialogs.common import NoteDialog

        focused = self.app.focused
        picker = focused if isinstance(focused, RatingPicker) else self.query(RatingPicker).first()
        criterion = picker.criterion
        answer = self.context.session.criteria.get(criterion.id) or CriterionAnswer()

        def written(note: str | None) -> None:
            if note is None or note == answer.note:
                return
            self.context.session.criteria = {
                **self.context.session.criteria,
                criterion.id: answer.model_copy(update={"note": note}),
            }
            shown = self.query_one(f"#note-{criterion.id}", Static)
            shown.update(literal(self._note_text(note)))
            shown.display = bool(note)
            if note:
                self.call_after_refresh(shown.scroll_visible, animate=False)  # seen where it was written
            self.post_message(Answered())

        self.app.push_screen(NoteDialog(f"Note on {criterion.difficulty}. {criterion.title}", answer.note), written)

    def on_rating_picker_changed(self, event: RatingPicker.Changed) -> None:
        picker = event.picker
        criteria = dict(self.context.session.criteria)
        answer = criteria.get(picker.criterion.id) or CriterionAnswer()
        criteria[picker.criterion.id] = answer.model_copy(update={picker.level: picker.value})
        self.context.session.criteria = criteria
        self._show_advice()
        self.post_message(Answered())
