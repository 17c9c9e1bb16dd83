"""The walkthrough's logic, kept apart from the screens that show it.

The steps of a review, what is still unanswered, the review before this one,
the arrow on the grid, and the advice on the criteria. Advice is never a
block: the source itself invites leaders to read the model their own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from maturitytui.analysis.words import counted, day
from maturitytui.model.session_format import CRITERION_RATINGS
from maturitytui.model.steps import CRITERIA_STEP, GRID_STEP, SUMMARY_STEP, Step, steps

if TYPE_CHECKING:  # the models load only when a review opens: the start screen needs none of them
    from maturitytui.model.rubric import Criterion, Rubric
    from maturitytui.model.session import Cell, Session
    from maturitytui.store.index import SessionSummary

RATING_LABELS = {"not_yet": "not yet", "partly": "partly", "well_established": "well established"}
LEVEL_LABELS = {"within": "within schools", "between": "between schools"}
STATUS_LABELS = {"open": "open", "in_progress": "in progress", "done": "done", "dropped": "dropped"}
"""A next step's status, in words."""


def rating_words(rating: str | None) -> str:
    """A criterion rating in words; 'not rated' for none."""
    return RATING_LABELS.get(rating, "not rated") if rating is not None else "not rated"


def resume_step(rubric: Rubric, session: Session) -> Step:
    """Where a review opens: where it stopped, if that step still exists; otherwise the start."""
    all_steps = steps(rubric)
    if session.status == "complete":
        return SUMMARY_STEP
    stopped = Step.parse(session.position)
    return stopped if stopped in all_steps else all_steps[0]


def _missing(rubric: Rubric, grid_done: bool, answered: set[str], rated: set[str]) -> list[Step]:
    missing = [] if grid_done else [GRID_STEP]
    missing += [Step.strand(s.id) for s in rubric.strands() if s.id not in answered]
    if any(c.id not in rated for c in rubric.criteria):
        missing.append(CRITERIA_STEP)
    return missing


def unanswered(rubric: Rubric, session: Session | SessionSummary) -> list[Step]:
    """The steps with something still to answer, in walkthrough order (for a Session or a SessionSummary)."""
    from maturitytui.store.index import SessionSummary

    if not isinstance(session, SessionSummary):  # a whole Session, rather than a summary
        return _missing(
            rubric,
            session.grid.current is not None and session.grid.target is not None,
            {sid for sid, a in session.strands.items() if a.stage is not None or a.not_applicable},
            {cid for cid, a in session.criteria.items() if a.within is not None and a.between is not None},
        )
    return _missing(
        rubric,
        session.grid_current is not None and session.grid_target is not None,
        set(session.stages),
        {cid for cid, (within, between) in session.criteria.items() if within is not None and between is not None},
    )


def strands_to_mark(rubric: Rubric, session: Session) -> list[Step]:
    """Strand steps (in the rubric in use) holding next steps carried from the last review and not yet marked."""
    all_steps = set(steps(rubric))
    return [
        step for step in dict.fromkeys(Step.strand(sid) for sid, _ in session.actions_to_mark()) if step in all_steps
    ]


def to_visit(rubric: Rubric, session: Session) -> list[Step]:
    """Where the summary's g goes: the unanswered steps, then strands with carried steps still to mark."""
    missing = unanswered(rubric, session)
    return [*missing, *(s for s in strands_to_mark(rubric, session) if s not in missing)]


def finish_question(rubric: Rubric, session: Session) -> str:
    """What finishing the review now would leave undone, said before it is finished."""
    from maturitytui.model.steps import step_title

    parts = [f"{answered_count(rubric, session)} of {answerable(rubric)} answered."]
    if missing := unanswered(rubric, session):
        names = ", ".join(step_title(rubric, step) for step in missing[:4]) + (", …" if len(missing) > 4 else "")
        parts.append(f"Still to answer: {counted(len(missing), 'step')} ({names}).")
    if to_mark := session.actions_to_mark():
        parts.append(f"{counted(len(to_mark), 'next step')} carried from the last review not yet marked.")
    if session.facilitation is not None:
        parts.append("Finishing closes the room: participants can no longer rate.")
    parts.append("A finished review opens to read; it can still be changed later, on purpose.")
    return " ".join(parts)


def rubric_differs(rubric: Rubric, session: Session) -> str:
    """In a few words, how the rubric in use differs from the one the review was made with; empty if it does not.

    Said as the difference alone (a plugin then and not now, another version), so it reads at a glance."""
    made = session.rubric
    if made.id == rubric.id and made.hash == rubric.content_hash():
        return ""
    if made.id != rubric.id:
        return f"Made with rubric '{made.id}'; the one in use is '{rubric.id}'."
    parts = []
    if made.version != rubric.version:
        parts.append(f"version {made.version} then, {rubric.version} now")
    if gone := [p for p in made.plugins if p not in rubric.plugins]:
        parts.append(f"{', '.join(gone)} then, not now")
    if new := [p for p in rubric.plugins if p not in made.plugins]:
        parts.append(f"{', '.join(new)} now, not then")
    said = "; ".join(parts) or "a plugin's content has changed since"
    return f"Made with another form of the rubric ({said})."


def answers_outside(rubric: Rubric, session: Session) -> list[str]:
    """Strand answers the review holds for strands the rubric in use does not have (kept, never dropped).

    Each is named as the review's own rubric named it, where the review recorded that.
    """
    ids = {s.id for s in rubric.strands()}
    names = {s.id: s.title for s in session.rubric.strands}
    lines = []
    for strand_id, answer in session.strands.items():
        if strand_id in ids:
            continue
        what = "not applicable" if answer.not_applicable else (answer.stage or "no stage")
        extra = f"; evidence: {answer.evidence}" if answer.evidence else ""
        lines.append(f"{names.get(strand_id, strand_id)} (an inactive strand): {what}{extra}")
    return lines


def tools_outside(rubric: Rubric, session: Session) -> list[str]:
    """Answers the review holds for questionnaires and companions no active plugin provides (kept, never dropped)."""
    ids = {t.id for t in rubric.tools()}
    lines = []
    for tool_id, answer in session.tools.items():
        if tool_id in ids or answer.skipped:
            continue
        held = [
            what
            for what, there in (
                (
                    f"{answer.tally.people + answer.pending.people} people's answers",
                    answer.tally.people + answer.pending.people,
                ),
                (f"{len(answer.checks)} points marked", answer.checks),
                (f"answers from {counted(len(answer.prompts), 'school')}", answer.prompts),
                ("ties tagged " + ", ".join(answer.ties.values()), answer.ties),
            )
            if there
        ]
        lines.append(f"{tool_id}: {'; '.join(held) or 'nothing answered'}")
    return lines


def answerable(rubric: Rubric) -> int:
    """How many steps count towards a finished review: the grid, the strands and the criteria.

    Questionnaires, exercises and companions are there to use when they help, so they are not counted.
    """
    return len(rubric.strands()) + 2


def answered_count(rubric: Rubric, session: Session | SessionSummary) -> int:
    """How many steps (out of the grid, strands and criteria) are fully answered."""
    return answerable(rubric) - len(unanswered(rubric, session))


def direction(current: Cell, target: Cell) -> str:
    """The travel between two cells, in words: deeper, tighter, shallower, looser."""
    parts = []
    if target.nature > current.nature:
        parts.append("deeper")
    elif target.nature < current.nature:
        parts.append("shallower")
    if target.integration > current.integration:
        parts.append("tighter")
    elif target.integration < current.integration:
        parts.append("looser")
    return " and ".join(parts) or "staying where it is"


def path_cells(current: Cell, target: Cell) -> list[tuple[int, int]]:
    """The cells a straight line from current to target passes through, ends excluded.

    Cells are (nature, integration) pairs; the line is drawn between cell
    centres, so a diagonal arrow goes through the diagonal cells.
    """
    x0, y0, x1, y1 = current.nature, current.integration, target.nature, target.integration
    steps_needed = max(abs(x1 - x0), abs(y1 - y0))
    cells = []
    for i in range(1, steps_needed):
        t = i / steps_needed
        cell = (round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t))
        if cell not in cells and cell not in ((x0, y0), (x1, y1)):
            cells.append(cell)
    return cells


@dataclass(frozen=True)
class Advice:
    """A note on the criteria ratings: what looks out of step and which strands bear on it."""

    criterion: str
    message: str
    strands: tuple[str, ...]


def _rank(rating: str | None) -> int | None:
    return CRITERION_RATINGS.index(rating) if rating in CRITERION_RATINGS else None


def criteria_advice(rubric: Rubric, session: Session) -> list[Advice]:
    """Where the ratings run against the source's order of difficulty.

    A harder criterion rated above an easier one that is not yet met, at the
    same level; or a criterion rated higher between schools than within them.
    """
    advice: list[Advice] = []
    criteria: list[Criterion] = list(rubric.criteria)
    answers = {c.id: session.criteria.get(c.id) for c in criteria}
    for index, harder in enumerate(criteria):
        answer = answers[harder.id]
        if answer is None:
            continue
        for level in ("within", "between"):
            harder_rank = _rank(getattr(answer, level))
            if harder_rank is None:
                continue
            behind = [
                easier
                for easier in criteria[:index]
                if answers[easier.id] is not None
                and getattr(answers[easier.id], level) == "not_yet"
                and harder_rank > 0
            ]
            if behind:
                names = ", ".join(e.title for e in behind)
                reason = f" {harder.builds_on}" if harder.builds_on else ""
                advice.append(
                    Advice(
                        harder.id,
                        f"{harder.title} is rated '{RATING_LABELS[getattr(answer, level)]}' {LEVEL_LABELS[level]}, "
                        f"but {names} {'is' if len(behind) == 1 else 'are'} not yet met there.{reason}",
                        tuple(dict.fromkeys([*(e.strand for e in behind), harder.strand])),
                    )
                )
        within, between = _rank(answer.within), _rank(answer.between)
        if within is not None and between is not None and between > within:
            advice.append(
                Advice(
                    harder.id,
                    f"{harder.title} is rated higher between schools than within them. The source warns that the "
                    "four have to work well within each school before the benefits between partners can be realised.",
                    (harder.strand,),
                )
            )
    return advice


def review_day_problem(held: date, today: date, earliest: date | None = None) -> str:
    """Why ``held`` cannot be the day of a review (a review is entered on or after the day it was held, and after
    the review before it); empty when it can."""
    if held > today:
        return f"{day(held)} is after today: give the day the review was held (today or earlier)."
    if earliest is not None and held < earliest:
        return f"The review before this one was held on {day(earliest)}: this one was held on or after that day."
    return ""
