"""A strand step: the four stage descriptors side by side, the choice, the evidence and next steps."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from maturitytui.analysis.history import descriptors_of
from maturitytui.analysis.review import STATUS_LABELS
from maturitytui.analysis.words import day
from maturitytui.model.ideas import Idea
from maturitytui.model.inert import inert
from maturitytui.model.rubric import STAGES, StageName, Strand
from maturitytui.model.session import Action, CarriedStepKept, TakenIdea
from maturitytui.ui.context import Answered, ReviewContext
from maturitytui.ui.dialogs.common import ActionDialog, ReasonDialog
from maturitytui.ui.widgets.bullets import BulletText, literal, update_if_changed
from maturitytui.ui.widgets.fields import NoteArea


class StageCard(BulletText):
    """One stage's descriptor as bullets."""

    DEFAULT_CSS = """
    StageCard { width: 1fr; height: auto; border: round $panel-lighten-2; padding: 0 1; }
    StageCard.-cursor { border: round $accent; }
    StageCard.-chosen { border: double $success; background: $success 10%; }
    StageCard.-cursor.-chosen { border: double $accent; }
    """

    def __init__(self, strand: Strand, index: int, previous: bool) -> None:
        self.stage = strand.stages[index]
        self.previous = previous
        super().__init__(self.stage.indicators, title=self._title(False), id=f"stage-{index + 1}")

    def _title(self, chosen: bool) -> Text:
        title = Text()
        title.append(f"{STAGES.index(self.stage.name) + 1} {self.stage.name}", style="bold")
        if chosen:
            title.append("  ✓ chosen", style="bold green")
        if self.previous:
            title.append("  (last review)", style="italic")
        return title

    def show(self, *, cursor: bool, chosen: bool) -> None:
        """Mark the card as under the cursor and/or chosen: one style update, and a new title only when chosen changes."""
        wanted = {"-cursor"} if cursor else set()
        if chosen:
            wanted.add("-chosen")
        if chosen != self.has_class("-chosen") or self.title is None:
            self.set_content(self.stage.indicators, self._title(chosen))
        current = {name for name in ("-cursor", "-chosen") if self.has_class(name)}
        if wanted != current:
            self.set_classes(wanted | (set(self.classes) - {"-cursor", "-chosen"}))


class StageChooser(Widget, can_focus=True):
    """The four stages; arrows move, Enter or 1–4 chooses."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "move(-1)", "Previous stage", show=False),
        Binding("right,down", "move(1)", "Next stage", show=False),
        Binding("enter,space", "choose", "Choose", tooltip="Choose the highlighted stage", id="strand.choose"),
    ]

    DEFAULT_CSS = """
    StageChooser { height: auto; layout: horizontal; }
    StageChooser:focus { background: $boost; }
    """

    cursor: reactive[int] = reactive(0, repaint=False)  # the cards repaint themselves

    class Chosen(Message):
        def __init__(self, stage: StageName) -> None:
            super().__init__()
            self.stage = stage

    def __init__(self, strand: Strand, chosen: str | None, previous: str | None, *, enabled: bool = True) -> None:
        super().__init__(id="stages")
        self.enabled = enabled
        self.strand = strand
        self.chosen = chosen
        self.previous_stage = previous
        self.set_reactive(StageChooser.cursor, STAGES.index(chosen) if chosen in STAGES else 0)

    def compose(self) -> ComposeResult:
        for i, stage in enumerate(STAGES):
            yield StageCard(self.strand, i, previous=stage == self.previous_stage)

    @property
    def focus_part(self) -> Widget:
        """The part the keys act on, kept in view: the highlighted card (the four are taller than a screen)."""
        return self.query_one(f"#stage-{self.cursor + 1}")

    def on_mount(self) -> None:
        self._paint()

    def watch_cursor(self) -> None:
        self._paint()
        if self.is_mounted:
            self.query_one(f"#stage-{self.cursor + 1}").scroll_visible()

    def _paint(self) -> None:
        for i, card in enumerate(self.query(StageCard)):
            card.show(cursor=i == self.cursor, chosen=STAGES[i] == self.chosen)

    def action_move(self, delta: int) -> None:
        self.cursor = min(max(self.cursor + delta, 0), 3)

    def action_choose(self) -> None:
        self.choose(self.cursor)

    def choose(self, index: int) -> None:
        """Ask for a stage to be chosen. The cards show it when the step has taken it (``show_chosen``): painted
        with what else the choice changes on the step, in the same frame rather than one after the other."""
        if not self.enabled:
            self.cursor = index
            return
        self.post_message(self.Chosen(self.strand.stages[index].name))  # a strand's stages are the four STAGES

    def show_chosen(self, stage: StageName) -> None:
        """Show ``stage`` as chosen, with the cursor on it."""
        index = STAGES.index(stage)
        self.chosen = stage  # before the cursor moves, so the cards are painted once
        if self.cursor == index:
            self._paint()
        else:
            self.cursor = index

    def on_click(self, event) -> None:
        for i, card in enumerate(self.query(StageCard)):
            if card.region.contains(event.screen_x, event.screen_y):
                self.focus()
                self.choose(i)


class EvidenceArea(NoteArea):
    """Evidence, typed freely. Escape goes back to the stages."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "Done typing", id="strand.evidence_done")]

    def action_leave(self) -> None:
        self.screen.query_one(StageChooser).focus()


class ActionList(OptionList):
    """Next steps; Enter edits one, Delete removes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "remove", "Remove", tooltip="Remove this next step", id="strand.remove_action")
    ]

    class Removed(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def action_remove(self) -> None:
        if self.highlighted is not None and self.option_count:
            self.post_message(self.Removed(self.highlighted))


class IdeaList(OptionList):
    """Ideas for moving on from the stage chosen; Enter takes one up as a next step.

    Hidden, the list is not refilled when the stage changes, only once shown: refilling asks for a layout of the
    whole step, which choosing a stage would otherwise pay on every key. The highlight is carried as refilling
    would have left it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Take up", tooltip="Take this idea up as a next step", id="strand.take_up")
    ]

    def __init__(self, ideas: list[tuple[Idea, bool]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ideas = ideas
        """Each idea to show, and whether it is taken up in this review."""
        self._stale = True
        self._keep: int | None = None

    def set_ideas(self, ideas: list[tuple[Idea, bool]]) -> None:
        if ideas != self.ideas:
            keep = self._keep if self._stale else self.highlighted
            self.ideas = ideas
            self._keep = min(keep, len(ideas) - 1) if keep is not None and ideas else None
            self._stale = True
        if self.display:
            self.fill()

    def fill(self) -> None:
        """Bring the options up to date with the ideas (done as the list is shown)."""
        if not self._stale:
            return
        self._stale = False
        self.clear_options()
        self.add_options([idea_option(idea, taken) for idea, taken in self.ideas])
        if self._keep is not None:
            self.highlighted = self._keep


def idea_option(idea: Idea, taken: bool) -> Option:
    """An idea, where it comes from beneath it (dim), and a tick once taken up in this review."""
    text = Text(inert(("✓ " if taken else "") + idea.text))
    where = idea.cite or (f"added by {idea.added_by}" if idea.added_by else "")
    if where:
        text.append(inert(f"\n  {where}"), style="dim")
    return Option(text)


def ideas_heading(stage: str | None) -> str:
    if stage == STAGES[-1]:
        return "Ideas for staying at Leading and helping others"
    return f"Ideas for moving on from {stage}"


def action_line(action: Action) -> str:
    parts = [action.text]
    if action.owner:
        parts.append(action.owner)
    if action.due:
        parts.append(f"by {action.due.isoformat()}")
    if action.to_mark:
        parts.append("to mark: done, in progress or dropped?")
    else:
        parts.append(STATUS_LABELS[action.status] + (f" ({action.note})" if action.note else ""))
    if action.carried_from:
        agreed = f" {day(action.agreed)}" if action.agreed else ""
        return f"↻ agreed{agreed}: " + " · ".join(parts)
    return " · ".join(parts)


class StrandStep(VerticalScroll, can_focus=False):
    """One strand on its own screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"choose({n - 1})", STAGES[n - 1], show=False) for n in range(1, 5)),
        Binding("e", "evidence", "Evidence", tooltip="Type the evidence for this strand", id="strand.evidence"),
        Binding(
            "a", "add_action", "Add step", tooltip="Add an action with an owner and a due date", id="strand.add_action"
        ),
        Binding(
            "g",
            "ideas",
            "Ideas",
            tooltip="Show or hide ideas from the sources for moving on from the stage chosen",
            id="strand.ideas",
        ),
        # Not in the footer, which 80 columns cannot hold: the status line says what f does, and ? lists it.
        Binding(
            "f", "toggle_focus", "Focus", tooltip="Mark as a focus for the coming year", id="strand.focus", show=False
        ),
        Binding("x", "not_applicable", "N/A", tooltip="Mark as not applicable, with a reason", id="strand.na"),
    ]

    DEFAULT_CSS = """
    StrandStep { height: 1fr; }
    StrandStep #strand-heading { text-style: bold; }
    StrandStep #strand-status { color: $text-muted; }
    StrandStep #strand-summary { color: $text-muted; margin-bottom: 1; }
    StrandStep #na { color: $warning; }
    StrandStep .section { margin-top: 1; text-style: bold; }
    StrandStep EvidenceArea { height: 6; }
    StrandStep ActionList { height: auto; }  /* the step scrolls, not the list inside it */
    StrandStep IdeaList { height: auto; }
    StrandStep #ideas-note { color: $text-muted; }
    StrandStep #questions { color: $text-muted; }
    """

    def __init__(self, context: ReviewContext, strand: Strand) -> None:
        super().__init__()
        self.context = context
        self.strand = strand
        self.answer = context.session.answer(strand.id)
        previous = context.previous.strands.get(strand.id) if context.previous else None
        self.previous = previous
        before = descriptors_of(context.previous, context.rubric).get(strand.id, "") if context.previous else ""
        self.recast = bool(before) and before != strand.descriptors_hash()
        """The last review rated this strand against other stage descriptors: its stage is not this one's."""

    def heading(self) -> str:
        rubric, strand = self.context.rubric, self.strand
        dimension = rubric.dimension_of(strand.id)
        position = dimension.strand_ids().index(strand.id) + 1
        abbreviation = f" ({strand.abbreviation})" if strand.abbreviation else ""
        provisional = "   [provisional: the source's first draft]" if strand.provisional else ""
        return f"{dimension.title} · strand {position} of {len(dimension.strands)}: {strand.title}{abbreviation}{provisional}"

    def status(self) -> str:
        parts = []
        if self.previous is not None:
            if self.previous.not_applicable:
                parts.append("Last review: not applicable")
            elif self.previous.stage and self.recast:
                parts.append(
                    f"Last review: {self.previous.stage}, against other stage descriptors (the rubric has changed "
                    "them since), so not the same stage"
                )
            elif self.previous.stage:
                parts.append(f"Last review: {self.previous.stage}")
        elif self.context.previous is not None:
            known = {s.id for s in self.context.previous.rubric.strands}
            parts.append(
                "New since the last review: its rubric did not have this strand"
                if known and self.strand.id not in known
                else "Last review: not rated"
            )
        parts.append(
            "★ focus for the coming year (f undoes)"
            if self.answer.focus
            else "f marks it as a focus for the coming year"
        )
        if to_mark := sum(1 for a in self.answer.actions if a.to_mark):
            parts.append(f"↻ {to_mark} carried step{'s' * (to_mark != 1)} to mark (Enter on it)")
        return "   ".join(parts)

    def compose(self) -> ComposeResult:
        yield Static(literal(self.heading()), id="strand-heading")
        yield Static(literal(self.status()), id="strand-status")
        if self.strand.summary:
            yield Static(literal(self.strand.summary), id="strand-summary")
        previous_stage = self.previous.stage if self.previous and not self.recast else None  # not this stage
        yield StageChooser(self.strand, self.answer.stage, previous_stage, enabled=not self.context.read_only)
        yield Static(literal(self._na_text()), id="na")
        yield Label("Evidence", classes="section")
        area = EvidenceArea(
            self.answer.evidence,
            id="evidence",
            read_only=self.context.read_only,
            soft_wrap=True,
            show_line_numbers=False,
        )
        yield area
        yield Static(literal(self._ideas_label()), classes="section", id="ideas-heading")
        yield Static(literal(self._ideas_note()), id="ideas-note")
        ideas = IdeaList(self._ideas(), id="ideas")
        ideas.display = False  # shown with g, once a stage is chosen
        yield ideas
        yield Label("Next steps  (a adds one; Enter edits; Delete removes)", classes="section")
        yield ActionList(*self._action_options(), id="actions")
        if self.strand.questions:
            yield Label("Questions to reflect on", classes="section")
            lines = []
            for q in self.strand.questions:
                origin = (
                    "from the source" if q.source == "source" else f"added{' by ' + q.added_by if q.added_by else ''}"
                )
                lines.append(f"{q.text}  ({origin})")
            yield BulletText(lines, glyph="?", id="questions")

    def on_mount(self) -> None:
        self._refresh_ideas()
        self.query_one(StageChooser).focus(scroll_visible=False)
        self.call_after_refresh(self._open_at_the_stage)

    def _open_at_the_stage(self) -> None:
        # A strand not yet answered opens at the top, heading in view; one answered opens with its chosen stage
        # in view (the strand's name stays in the step line above). Moving between stages scrolls to the card.
        chooser = self.query_one(StageChooser)
        if chooser.chosen in STAGES:
            self.scroll_to_widget(chooser.focus_part, animate=False, top=False)
        else:
            self.scroll_home(animate=False)

    def _na_text(self) -> str:
        if self.answer.not_applicable:
            return f"Not applicable to this partnership: {self.answer.na_reason}  (x to undo)"
        return ""

    # -- ideas for moving on -------------------------------------------------

    def _stage_ideas(self) -> list[Idea]:
        stage = self.answer.stage
        return list(self.strand.stage(stage).ideas) if stage and not self.answer.not_applicable else []

    def _ideas_label(self) -> str:
        if self.answer.not_applicable or not self.answer.stage:
            return "Ideas for moving on  (choose a stage to see them)"
        ideas = self._stage_ideas()
        shown = self.is_mounted and self.query_one(IdeaList).display
        if not ideas:
            return f"{ideas_heading(self.answer.stage)}: none in the rubric"
        what = "Enter takes one up; g hides them" if shown else f"g shows {len(ideas)}"
        return f"{ideas_heading(self.answer.stage)}  ({what})"

    def _ideas_note(self) -> str:
        # Where the sources say little, the rubric says so: beside the ideas, or in place of them.
        chosen = bool(self.answer.stage) and not self.answer.not_applicable
        return self.strand.ideas_note if chosen and self.strand.ideas_note else ""

    def _taken(self) -> set[str]:
        return {a.idea.text for a in self.answer.actions if a.idea is not None}

    def _ideas(self) -> list[tuple[Idea, bool]]:
        taken = self._taken()
        return [(idea, idea.text in taken) for idea in self._stage_ideas()]

    def _refresh_ideas(self) -> None:
        ideas = self.query_one(IdeaList)
        ideas.set_ideas(self._ideas())
        if not ideas.ideas:
            ideas.display = False
        update_if_changed(self.query_one("#ideas-heading", Static), self._ideas_label())
        note = self.query_one("#ideas-note", Static)
        update_if_changed(note, self._ideas_note())
        note.display = bool(self._ideas_note()) and (ideas.display or not ideas.ideas)

    def action_ideas(self) -> None:
        ideas = self.query_one(IdeaList)
        if not self._stage_ideas():
            self._say(
                "Choose a stage first: the ideas are for moving on from it"
                if not self.answer.stage or self.answer.not_applicable
                else f"The rubric has no ideas for moving on from {self.answer.stage}"
            )
            return
        ideas.display = not ideas.display
        self._refresh_ideas()
        if ideas.display:
            if ideas.highlighted is None:
                ideas.highlighted = 0
            ideas.focus(scroll_visible=False)
            # The heading (what the ideas are for, and the keys) at the top, the ideas below it.
            heading = self.query_one("#ideas-heading", Static)
            self.call_after_refresh(self.scroll_to_widget, heading, animate=False, top=True)
        else:
            self.query_one(StageChooser).focus()

    def _take_up(self, index: int) -> None:
        """A next step begun from the idea: its words, where it came from; who and by when stay the head's."""
        if self.context.read_only:
            return
        idea = self._stage_ideas()[index]
        if idea.text in self._taken():
            self._say("Already a next step: Enter on it under Next steps to change it")
            return
        self.answer.add_action(Action(text=idea.text, idea=TakenIdea(text=idea.text, cite=idea.cite)))
        self._changed()
        actions = self.query_one(ActionList)
        actions.highlighted = len(self.answer.actions) - 1
        actions.focus()
        self.call_after_refresh(actions.scroll_visible, animate=False)
        self._say("Taken up as a next step: Enter on it to say who will do it and by when")

    def _action_options(self) -> list[Option]:
        return [Option(literal(action_line(a))) for a in self.answer.actions] or [
            Option("No next steps yet", disabled=True)
        ]

    def _refresh(self, *, stages: bool = True, actions: bool = True) -> None:
        update_if_changed(self.query_one("#strand-status", Static), self.status())
        update_if_changed(self.query_one("#na", Static), self._na_text())
        if stages:
            chooser = self.query_one(StageChooser)
            chooser.chosen = self.answer.stage
            chooser._paint()
        if actions:
            self._refresh_actions()
        self._refresh_ideas()

    def _refresh_actions(self) -> None:
        actions = self.query_one(ActionList)
        keep = actions.highlighted
        actions.clear_options()
        actions.add_options(self._action_options())
        if keep is not None and self.answer.actions:
            actions.highlighted = min(keep, len(self.answer.actions) - 1)

    def _changed(self, **parts: bool) -> None:
        self._refresh(**parts)
        self.post_message(Answered())

    def _say(self, message: str) -> None:
        self.notify(inert(message), title=inert(self.strand.title), timeout=3, markup=False)

    # -- answers ---------------------------------------------------------

    def on_stage_chooser_chosen(self, event: StageChooser.Chosen) -> None:
        if self.context.read_only:
            return
        self.answer.choose_stage(event.stage)
        self.query_one(StageChooser).show_chosen(event.stage)
        self._changed(stages=False, actions=False)

    def action_choose(self, index: int) -> None:
        if self.context.read_only:
            return
        self.query_one(StageChooser).choose(index)

    def action_evidence(self) -> None:
        self.query_one(EvidenceArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.context.read_only or event.text_area.text == self.answer.evidence:
            return
        self.answer.evidence = event.text_area.text
        self.post_message(Answered(debounce=True))

    def action_toggle_focus(self) -> None:
        if self.context.read_only:
            return
        self.answer.focus = not self.answer.focus
        self._changed(stages=False, actions=False)
        # Said where it is seen: the strand's status line may have scrolled out of view.
        self._say("★ A focus for the coming year" if self.answer.focus else "No longer a focus")

    def action_not_applicable(self) -> None:
        if self.context.read_only:
            return
        if self.answer.not_applicable:
            self.answer.mark_applicable()
            self._changed()
            self._say("Applicable again: choose a stage")
            return

        def done(reason: str | None) -> None:
            if reason:
                self.answer.mark_not_applicable(reason)
                self._changed()
                self._say("Not applicable to this partnership (x undoes it)")

        self.app.push_screen(ReasonDialog(self.strand.title, self.answer.na_reason), done)

    def action_add_action(self) -> None:
        if self.context.read_only:
            return

        def done(action: Action | None) -> None:
            if action is not None:
                self.answer.add_action(action)
                self._changed()
                actions = self.query_one(ActionList)
                actions.highlighted = len(self.answer.actions) - 1
                actions.focus()

        self.app.push_screen(ActionDialog(), done)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, IdeaList):
            self._take_up(event.option_index)
            return
        if self.context.read_only or not self.answer.actions:
            return
        index = event.option_index

        def done(action: Action | None) -> None:
            if action is not None:
                self.answer.replace_action(index, action)
                self._changed()

        self.app.push_screen(ActionDialog(self.answer.actions[index]), done)

    def on_action_list_removed(self, event: ActionList.Removed) -> None:
        if self.context.read_only or not self.answer.actions:
            return
        try:
            self.answer.remove_action(event.index)
        except CarriedStepKept as kept:
            self.notify(inert(str(kept)), title="Kept", severity="warning", timeout=8, markup=False)
            return
        self._changed()
