"""Reports on a partnership's reviews: Markdown for email, one self-contained HTML page, CSV and JSON.

Every format tells the same story from one :class:`Report`: where the
partnership stands, what it celebrates, what it is accountable for, and how
its latest finished review compares with the one before. The words are the
partnership's own story; schools are never ranked against each other, and no
stage is called a failure, since a partnership fit for its purpose can be
shallow.

No Textual here: reports are plain text made from the domain model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from maturitytui.analysis.compare import Comparison, cell_words, compare
from maturitytui.analysis.history import ABSENT, UP, History, StrandInfo, history_of
from maturitytui.analysis.review import LEVEL_LABELS, STATUS_LABELS, direction
from maturitytui.analysis.words import counted, day
from maturitytui.model.order import previous_review, review_order
from maturitytui.model.rubric import STAGES, Rubric
from maturitytui.model.session import Action, RubricRef, Session
from maturitytui.model.session_format import NOT_APPLICABLE

REPORT_VERSION = 1
"""The shape of the JSON report; bumped when fields change meaning."""

INACTIVE = "from a strand no longer in the rubric"
SHALLOW_NOTE = (
    "Stages describe where the partnership is on its journey, not success or failure: "
    "a partnership that is fit for its purpose can be shallow."
)
REVIEW_STATUS = {"complete": "finished", "in_progress": "in progress"}


@dataclass(frozen=True)
class Report:
    """What a report covers: the reviews, the one it leads with, and its comparison."""

    rubric: Rubric
    history: History
    headline: Session
    comparison: Comparison | None
    one_review: bool
    """A report on one review (and the history up to it) rather than on the whole partnership."""

    @property
    def reviews(self) -> tuple[Session, ...]:
        return self.history.reviews


def build(rubric: Rubric, history: History, review: Session | None = None) -> Report:
    """Choose the headline review and the finished review it is compared with."""
    if review is not None:
        # The given review may be newer than the stored copy: it replaces it.
        reviews = [s for s in history.reviews if s.id != review.id] + [review]
        history = history_of(rubric, [s for s in reviews if review_order(s) <= review_order(review)])
        headline = review
    elif not history.reviews:
        raise ValueError("there are no reviews to report on")
    else:
        finished = [s for s in history.reviews if s.status == "complete"]
        headline = (finished or history.reviews)[-1]
    earlier = previous_review(headline, history.reviews)
    comparison = compare(rubric, earlier, headline) if earlier is not None else None
    return Report(rubric, history, headline, comparison, review is not None)


# -- words shared by every format ---------------------------------------------


def people(n: int) -> str:
    return counted(n, "person", "people")


NOTHING_TO_CELEBRATE = (
    "Nothing has moved up or been completed since the last finished review yet; "
    "steady work that holds a stage counts too."
)
NO_FOCUS = "No focus strands were chosen."
NO_OPEN_STEPS = "No next steps are open."
NO_EARLIER = "There is no earlier finished review to compare with."
NO_SCHOOL_ANSWERS = "No school's answers were recorded."


def review_title(session: Session) -> str:
    return f"the review of {day(session.review_date)}"


def strand_name(strand: StrandInfo) -> str:
    return strand.title if strand.active else f"{strand.title} ({INACTIVE})"


def rubric_words(ref: RubricRef | Rubric, with_hash: bool = False) -> str:
    plugins = f", with plugins {', '.join(ref.plugins)}" if ref.plugins else ""
    if with_hash:
        # Same id and version but other content (an edited file): the fingerprint tells them apart.
        plugins += f" (content {ref.hash if isinstance(ref, RubricRef) else ref.content_hash()})"
    return f"{ref.id} version {ref.version}{plugins}"


def rubric_notes(report: Report) -> list[str]:
    """Which rubric the reviews were made against, and a caution where they differ."""
    return rubric_notes_for(report.reviews, report.rubric)


def rubric_notes_for(reviews: Sequence[Session], rubric: Rubric) -> list[str]:
    """Which rubric the reviews were made against, a caution where they differ, and the rubric in use."""
    hashes = {s.rubric.hash for s in reviews}
    used = list(dict.fromkeys(rubric_words(s.rubric, len(hashes) > 1) for s in reviews))
    notes = [
        f"Reviews made against rubric {used[0]}."
        if len(used) == 1
        else "Reviews were made against different rubric versions: "
        + "; ".join(used)
        + ". Strands are matched by id, so a strand added or removed by a rubric change shows as "
        "added or removed, never as a rise or a fall; a strand whose stage descriptors changed between two "
        "reviews is not compared across them."
    ]
    in_use = rubric_words(rubric)
    if in_use not in used:
        notes.append(f"The rubric in use for this report is {in_use}.")
    return notes


def grid_words(session: Session) -> str:
    grid = session.grid
    if grid.current is None:
        return "The grid was not marked."
    now = f"Now at {cell_words(grid.current)}"
    if grid.target is None:
        return f"{now}; no target set."
    return f"{now}; aiming for {cell_words(grid.target)}: {direction(grid.current, grid.target)}."


def carried_words(report: Report, action: Action) -> str:
    """For a step carried from an earlier review: which review agreed it."""
    if not action.carried_from:
        return ""
    source = next((s for s in report.reviews if s.id == action.carried_from), None)
    agreed = action.agreed or (source.review_date if source else None)
    if agreed is None:  # the review it came from is not in this report, and its date was not kept
        return "carried from an earlier review"
    return f"agreed in the review of {day(agreed)}"


def step_details(report: Report, action: Action) -> str:
    """Status, owner, due date, where it was agreed and any note, as one line."""
    parts = [STATUS_LABELS[action.status]]
    if action.owner:
        parts.append(f"owner: {action.owner}")
    if action.due:
        parts.append(f"due {day(action.due)}")
    if carried := carried_words(report, action):
        parts.append(carried)
    if action.idea is not None:
        parts.append(f"taken up from an idea ({action.idea.cite})" if action.idea.cite else "taken up from an idea")
    if action.note:
        parts.append(f"note: {action.note}")
    return "; ".join(parts)


def stage_counts(report: Report) -> str:
    """The headline review's strands by stage, in words."""
    index = next(i for i, s in enumerate(report.reviews) if s.id == report.headline.id)
    marks = [m for s in report.history.strands if (m := report.history.series(s.id)[index]) != ABSENT]
    parts = []
    for name in (*STAGES, NOT_APPLICABLE, None):
        n = marks.count(name)
        if n:
            parts.append(f"{counted(n, 'strand')} {_at(name)}")
    return "; ".join(parts) + "." if parts else "No strands were answered."


def _at(mark: str | None) -> str:
    return {NOT_APPLICABLE: "judged not applicable", None: "not answered"}.get(mark, f"at {mark}")


def celebrations(report: Report) -> list[str]:
    """Strands that moved up, criteria that rose, and steps done in the headline review."""
    found = []
    strands = {s.id: s for s in report.history.strands}
    if report.comparison:
        found += [f"{strand_name(m.strand)} {m.words()}." for m in report.comparison.strands if m.movement == UP]
        for c in report.comparison.criteria:
            for level in ("within", "between"):
                if c.movement(level) == UP:
                    found.append(f"{c.title} rose {LEVEL_LABELS[level]}: {c.words(level)}.")
    for strand_id, answer in report.headline.strands.items():
        title = strand_name(strands[strand_id]) if strand_id in strands else strand_id
        found += [f"Done ({title}): {a.text}" for a in answer.actions if a.status == "done"]
    return found


def ideas_taken(report: Report) -> list[tuple[str, Action]]:
    """The headline review's next steps begun from one of the rubric's ideas for moving on, by strand title."""
    return [
        (strand_name(strand), a)
        for strand in report.history.strands
        if (answer := report.headline.strands.get(strand.id)) is not None
        for a in answer.actions
        if a.idea is not None
    ]


def accountable(report: Report) -> tuple[list[str], list[tuple[str, Action]]]:
    """The headline review's focus strands, and its next steps still open or in progress, by strand title."""
    focus, steps = [], []
    for strand in report.history.strands:
        answer = report.headline.strands.get(strand.id)
        if answer is None:
            continue
        if answer.focus:
            focus.append(strand_name(strand))
        steps += [(strand_name(strand), a) for a in answer.actions if a.status in ("open", "in_progress")]
    return focus, steps


def criteria_rows(report: Report) -> list[tuple[str, str]]:
    """(id, title) for the rubric's criteria in order of difficulty, then any others the reviews rated."""
    rows = [(c.id, c.title) for c in report.rubric.criteria]
    known = {i for i, _ in rows}
    for s in report.reviews:
        rows += [(i, i) for i in s.criteria if i not in known]
        known.update(s.criteria)
    return rows


def scope_words(report: Report) -> str:
    n = len(report.reviews)
    if report.one_review:
        lead = f"A report on {review_title(report.headline)} ({REVIEW_STATUS[report.headline.status]})"
        return lead + (f", with the {counted(n - 1, 'earlier review')} for context." if n > 1 else ".")
    lead = f"A report on the partnership's {'review' if n == 1 else counted(n, 'review')}"
    return f"{lead}, led by {review_title(report.headline)} ({REVIEW_STATUS[report.headline.status]})."
