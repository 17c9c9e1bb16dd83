"""What a participant's page shows, worked out from the room, the rubric and their own file, for the templates
to lay out. Nothing here knows of requests or HTML: every string is data, escaped by the templates."""

from __future__ import annotations

from dataclasses import dataclass

from maturitytui.model.rubric import Rubric
from maturitytui.model.steps import RoomQuestion
from maturitytui.model.tools import Exercise, Questionnaire
from maturitytui.room.facilitation import cell_rating, choices_for, parse_cell, question_title, rating_text
from maturitytui.room.files import Own
from maturitytui.room.host import ANSWERED_ALONE
from maturitytui.room.state import RoomState


def anchor(key: str) -> str:
    """A question's id on the page: ``strand:jpd`` is ``q-strand-jpd``."""
    return "q-" + "".join(c if c.isalnum() else "-" for c in key)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    details: tuple[str, ...] = ()
    """The stage's indicators, or what a criterion rating means."""
    chosen: bool = False


@dataclass(frozen=True)
class Cell:
    value: str
    row: int
    column: int
    chosen: bool


@dataclass(frozen=True)
class Ask:
    """One question a participant answers on the room's step."""

    key: str
    anchor: str
    title: str
    kind: str
    """``grid``, ``strand`` or ``criterion``."""
    about: tuple[str, ...] = ()
    """What the question is about, from the rubric: a strand's summary, a criterion's statement."""
    everyday: str = ""
    """A criterion in everyday words, as the source puts it for staff."""
    choices: tuple[Choice, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    """The grid's cells, tightest row first (as Figure 1 is drawn), shallow to deep in each."""
    answer: str = ""
    """Their answer so far, in words; empty before they answer."""


@dataclass(frozen=True)
class GridAxes:
    size: int
    integration: str
    integration_low: str
    integration_high: str
    nature: str
    nature_low: str
    nature_high: str
    notes: tuple[str, ...]
    guidance: tuple[str, ...]


@dataclass(frozen=True)
class ToolForm:
    """A questionnaire or exercise the participant answers alone, anonymously."""

    tool: Questionnaire | Exercise
    answered: bool


@dataclass(frozen=True)
class StepView:
    title: str
    hint: str
    asks: tuple[Ask, ...] = ()
    axes: GridAxes | None = None
    tool: ToolForm | None = None
    missing_tool: bool = False
    closed: bool = False


def grid_axes(rubric: Rubric) -> GridAxes:
    grid = rubric.grid
    notes = tuple(
        f"Rows {', '.join(str(r) for r in rows)}: {note}"
        for note, rows in _rows_by_note(grid.integration.notes).items()
    )
    subtitle = f" ({grid.integration.subtitle})" if grid.integration.subtitle else ""
    return GridAxes(
        size=grid.size,
        integration=grid.integration.title + subtitle,
        integration_low=grid.integration.low,
        integration_high=grid.integration.high,
        nature=grid.nature.title,
        nature_low=grid.nature.low,
        nature_high=grid.nature.high,
        notes=notes,
        guidance=tuple(grid.guidance),
    )


def _rows_by_note(notes: dict[int, str]) -> dict[str, list[int]]:
    """The source gives rows 5 and 6 one meaning: said once, for both rows."""
    grouped: dict[str, list[int]] = {}
    for row, note in sorted(notes.items()):
        grouped.setdefault(note, []).append(row)
    return grouped


def step_view(rubric: Rubric, room: RoomState, own: Own) -> StepView:
    """The room's step as this participant sees it: only their own answers."""
    if not room.open:
        return StepView("The facilitator has closed the room. Thank you.", "", closed=True)
    title = room.title or "Waiting for the facilitator"
    if room.tool:
        try:
            tool = rubric.tool(room.tool)
        except KeyError:
            return StepView(
                title,
                "This step cannot be answered here: the facilitator's program has a tool this server does not. "
                "Talk it through with the room.",
                missing_tool=True,
            )
        if tool.kind not in ANSWERED_ALONE or not isinstance(tool, (Questionnaire, Exercise)):
            return StepView(title, "Nothing to answer on this step: talk it through with the room.")
        answered = room.tool in own.answered
        hint = (
            "You have answered this. Thank you: only the team's results are shown at the front."
            if answered
            else "Answer on your own, anonymously: your answers are added to everyone else's and never linked to "
            "you; nothing is shown until enough people have answered."
        )
        return StepView(title, hint, tool=ToolForm(tool, answered))
    if not room.questions:
        return StepView(title, "Nothing to rate on this step: talk it through with the room.")
    asks = tuple(ask(rubric, key, own.ratings.get(key)) for key in room.questions)
    return StepView(
        title,
        "Choose what you think. Only you see your answer; change it until the room moves on.",
        asks=asks,
        axes=grid_axes(rubric) if any(a.kind == "grid" for a in asks) else None,
    )


def ask(rubric: Rubric, key: str, chosen: str | None) -> Ask:
    q = RoomQuestion.parse(key)
    title = question_title(rubric, key)
    answer = answer_words(key, chosen)
    if q is not None and q.kind == "grid":
        size = rubric.grid.size
        picked = _cell(chosen, size)
        rows = tuple(
            tuple(Cell(cell_rating(r, c), r, c, picked == (r, c)) for c in range(1, size + 1))
            for r in range(size, 0, -1)
        )
        return Ask(key, anchor(key), title, "grid", rows=rows, answer=answer)
    if q is not None and q.kind == "strand":
        try:
            strand = rubric.strand(q.id)
        except KeyError:
            strand = None
        if strand is not None:
            choices = tuple(
                Choice(stage.name, stage.name, tuple(stage.indicators), stage.name == chosen) for stage in strand.stages
            )
            return Ask(
                key,
                anchor(key),
                title,
                "strand",
                (strand.summary,) if strand.summary else (),
                "",
                choices,
                answer=answer,
            )
    if q is not None and q.kind == "criterion":
        criterion = next((c for c in rubric.criteria if c.id == q.id), None)
        choices = tuple(
            Choice(value, rating_text(key, value).capitalize(), (), value == chosen) for value in choices_for(key)
        )
        about = (criterion.statement,) if criterion is not None else ()
        everyday = criterion.everyday if criterion is not None else ""
        return Ask(key, anchor(key), title, "criterion", about, everyday, choices, answer=answer)
    choices = tuple(Choice(v, rating_text(key, v), (), v == chosen) for v in choices_for(key))
    return Ask(key, anchor(key), title, "strand", (), "", choices, answer=answer)


def _cell(rating: str | None, size: int) -> tuple[int, int] | None:
    try:
        return parse_cell(rating, size) if rating else None
    except ValueError:
        return None


def answer_words(key: str, rating: str | None) -> str:
    """``Developing``, ``row 3, column 2``: their answer in words, or empty (a rating their file holds that does
    not fit the question is no answer)."""
    if rating is None:
        return ""
    try:
        return rating_text(key, rating)
    except ValueError:
        return ""


def valid_answer(rubric: Rubric, room: RoomState, key: str, rating: str) -> bool:
    """Whether ``rating`` answers a question the room is asking now."""
    if key not in room.questions:
        return False
    q = RoomQuestion.parse(key)
    if q is None:
        return False
    if q.kind == "grid":
        return _cell(rating, rubric.grid.size) is not None and cell_rating(*parse_cell(rating)) == rating
    return rating in choices_for(key)


def questionnaire_answers(questionnaire: Questionnaire, form: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(item number → scale value, problems): every item needs one of the scale's answers."""
    values = {p.value for p in questionnaire.scale}
    answers: dict[str, str] = {}
    missing = []
    for item in questionnaire.items:
        value = form.get(f"item-{item.number}", "")
        if value in values:
            answers[str(item.number)] = value
        else:
            missing.append(str(item.number))
    if missing:
        return answers, [
            f"answer every statement: {'number' if len(missing) == 1 else 'numbers'} {', '.join(missing)} still to do"
        ]
    return answers, []


def exercise_picks(form: dict[str, list[str]]) -> tuple[tuple[list[str], list[str]], tuple[list[str], list[str]]]:
    """(own strongest, own weakest), (team strongest, team weakest) as ticked."""
    return (form.get("own_strongest", []), form.get("own_weakest", [])), (
        form.get("team_strongest", []),
        form.get("team_weakest", []),
    )
