"""How the room rated a facilitated review, for every format: the spread, where views differed, what was agreed and why.

The rules on what may be shown live here, once, so no format can break them:
only counts are reported, never anyone's own rating, and never a participant's
name (a handout goes back to the room: the spread and the reasons are what
matter). Schools' spreads are shown side by side in the order the schools
first appear, never ranked.

Imported by the renderers only, so a command that never reports never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from maturitytui.analysis.compare import cell_words
from maturitytui.analysis.review import rating_words
from maturitytui.model.session import Cell, Facilitation, Session
from maturitytui.model.steps import GRID_QUESTIONS, RoomQuestion, question_kind
from maturitytui.reports.story import Report, criteria_rows, people, review_title, strand_name
from maturitytui.room.facilitation import (
    RATING_MARKS,
    STAGE_MARKS,
    Spread,
    agreed,
    by_school,
    is_grid,
    parse_cell,
    question_title,
    spread,
)

TITLE = "How the room rated"
WIDE = "views differed widely"


@dataclass(frozen=True)
class RatedQuestion:
    """One question the room rated: how many chose what, what the group agreed, and why."""

    key: str
    title: str
    spread: Spread
    agreed: str | None
    """The review's own answer, as stored (a stage, a criterion rating, a cell as "3,2"), or None."""
    agreed_words: str
    reason: str
    schools: dict[str, Spread]
    """School by school, in the order the schools first appear; empty when no participant gave a school."""


def questions(report: Report, session: Session) -> list[tuple[str, list[RatedQuestion]]]:
    """The questions the room rated or gave a reason for, grouped as the review walks them: grid, strands, criteria."""
    f = session.facilitation
    if f is None:
        return []
    # Ratings that do not fit their question (a hand-edited file) are not counted, so rate nothing on their own.
    asked = {k for k in f.ratings if spread(f, k).rated} | {k for k, v in f.reasons.items() if v.strip()}
    asks = lambda key: question_title(report.rubric, key)  # noqa: E731
    groups: list[tuple[str, list[tuple[str, str]]]] = [("The partnership grid", [(k, asks(k)) for k in GRID_QUESTIONS])]
    # Strands by the history's titles, which know a strand no longer in the rubric.
    groups += [
        (dimension, [(RoomQuestion.strand(s.id), strand_name(s)) for s in strands])
        for dimension, strands in report.history.dimensions()
    ]
    groups.append(
        (
            "Criteria for a deep partnership",
            [
                (k, asks(k))
                for cid, _ in criteria_rows(report)
                for k in (RoomQuestion.criterion(cid, "within"), RoomQuestion.criterion(cid, "between"))
            ],
        )
    )
    known = {k for _, keys in groups for k, _ in keys}
    # A question no rubric shown here holds is still the room's view. It is named as the others are, not by the
    # key its file stores ("strand:jpd"); with no title known, by its id ("jpd").
    groups.append(("Other questions", [(k, asks(k)) for k in sorted(asked - known)]))
    found = [(title, [_question(session, f, k, t) for k, t in keys if k in asked]) for title, keys in groups]
    return [(title, qs) for title, qs in found if qs]


def _question(session: Session, f: Facilitation, key: str, title: str) -> RatedQuestion:
    room = spread(f, key)
    return RatedQuestion(
        key,
        title,
        room,
        agreed(session, key),
        _agreed_words(session, key),
        f.reasons.get(key, "").strip(),
        _schools(f, room),
    )


def _schools(f: Facilitation, room: Spread) -> dict[str, Spread]:
    """Each school's spread over the same ratings as the whole room's (on the grid, every cell the room chose),
    so schools read side by side; none when no participant gave a school."""
    if not any(p.school for p in f.participants):
        return {}
    return {
        school: Spread(room.key, {c: s.counts.get(c, 0) for c in room.counts}, s.rated, s.expected)
        for school, s in by_school(f, room.key).items()
    }


def choice_words(key: str, choice: str) -> str:
    """A rating in words: a stage as named, a criterion rating spelt out, a grid cell by its axes."""
    if is_grid(key):
        integration, nature = parse_cell(choice)
        return cell_words(Cell(integration=integration, nature=nature))
    return rating_words(choice) if question_kind(key) == "criterion" else choice


def heading_words(key: str, choice: str) -> str:
    """A rating as a table's column heading: on the grid the cell alone ("3,2", read integration,nature)."""
    return choice if is_grid(key) else choice_words(key, choice)


def _agreed_words(session: Session, key: str) -> str:
    if (q := RoomQuestion.parse(key)) is not None and q.kind == "strand":
        answer = session.strands.get(q.id)
        if answer is not None and answer.not_applicable:
            return "judged not applicable"
    value = agreed(session, key)
    return "none agreed yet" if value is None else choice_words(key, value)


def count_words(s: Spread) -> str:
    """How many chose each rating, e.g. "Beginning 1 · Developing 3 · Embedding 2 · Leading 0"."""
    if is_grid(s.key):  # only the cells someone chose
        return " · ".join(f"{n} at {choice_words(s.key, c)}" for c, n in s.counts.items() if n) or "no cell chosen"
    return " · ".join(f"{choice_words(s.key, c)} {n}" for c, n in s.counts.items())


def short_counts(s: Spread) -> str:
    """The counts in a spreadsheet cell: "B1 D3 E2 L0", or "3,2:2 2,2:1" on the grid."""
    if is_grid(s.key):
        return " ".join(f"{c}:{n}" for c, n in s.counts.items())
    marks = {**STAGE_MARKS, **RATING_MARKS}
    return " ".join(f"{marks.get(c, c)}{n}" for c, n in s.counts.items())


def rated_words(s: Spread) -> str:
    return f"{s.rated} of {s.expected} rated"


def spread_words(s: Spread) -> str:
    """The counts, how many rated, and whether views differed widely, on one line."""
    return f"{count_words(s)} ({rated_words(s)}{'; ' + WIDE if s.wide else ''})"


def school_words(q: RatedQuestion) -> list[tuple[str, str]]:
    """(school, its counts in words) for each school, in the order they first appear."""
    return [(school, f"{count_words(s)} ({rated_words(s)})") for school, s in q.schools.items()]


def intro(session: Session) -> str:
    """The section's opening words, for a review run with a room."""
    f = session.facilitation
    assert f is not None  # the section is shown only for a review run with a room
    n = len(f.participants)
    who = people(n)
    how = ", anonymously" if f.anonymous else ""
    return (
        f"In {review_title(session)}, {who} rated together{how}. For each question: how many chose each "
        f"rating, the rating the group agreed, and why. Where views were two stages or more apart "
        f"(on the grid, two cells or more), the report says {WIDE}: that is where the conversation was."
    )


SCHOOLS_NOTE = "School by school, side by side, so partners see where they see the partnership differently."
NOTHING = "The room has not rated any question yet."
CELLS = "Cells read integration,nature."


def taking_part(session: Session) -> list[str]:
    """Who took part, as the report may name them: with anonymity chosen in the room, no one is named."""
    f = session.facilitation
    return [] if f is not None and f.anonymous else list(session.participants)


def taking_part_words(session: Session) -> str:
    """The header's line on who took part: the names, or for an anonymous room only how many."""
    f = session.facilitation
    if f is not None and f.anonymous:
        n = len(f.participants)
        return f"{people(n)}, rating anonymously"
    return "; ".join(session.participants)


def strand_note(session: Session, strand_id: str) -> str | None:
    """The room's view of a strand in one line, for the notes listed review by review (None if it was not rated)."""
    f = session.facilitation
    if f is None:
        return None
    key = RoomQuestion.strand(strand_id)
    s = spread(f, key)
    reason = f.reasons.get(key, "").strip()
    if not s.rated and not reason:
        return None
    line = f"{spread_words(s)}; agreed {_agreed_words(session, key)}"
    return f"{line}. Why: {reason}" if reason else f"{line}."


class QuestionData(TypedDict):
    title: str
    counts: dict[str, int]
    rated: int
    expected: int
    width: int
    wide: bool
    agreed: str | None
    agreed_words: str
    reason: str
    by_school: dict[str, dict[str, int]]


class RoomData(TypedDict):
    participants: int
    anonymous: bool
    schools: list[str]
    questions: dict[str, QuestionData]


def data(report: Report, session: Session) -> RoomData | None:
    """The room's view as data for the JSON report: counts only, never a name or anyone's own rating."""
    f = session.facilitation
    if f is None:
        return None
    return {
        "participants": len(f.participants),
        "anonymous": f.anonymous,
        "schools": list(dict.fromkeys(p.school for p in f.participants if p.school)),
        "questions": {
            q.key: {
                "title": q.title,
                "counts": dict(q.spread.counts),
                "rated": q.spread.rated,
                "expected": q.spread.expected,
                "width": q.spread.width,
                "wide": q.spread.wide,
                "agreed": q.agreed,
                "agreed_words": q.agreed_words,
                "reason": q.reason,
                "by_school": {school: dict(s.counts) for school, s in q.schools.items()},
            }
            for _, qs in questions(report, session)
            for q in qs
        },
    }


def csv_cells(session: Session, strand_id: str) -> dict[str, str | int]:
    """The room's columns of a review's strand row: empty for a review not run with a room."""
    f = session.facilitation
    if f is None:
        return dict.fromkeys(CSV_COLUMNS, "")
    key = RoomQuestion.strand(strand_id)
    s = spread(f, key)
    rated = bool(s.rated)
    schools = "; ".join(f"{school}: {short_counts(one)}" for school, one in _schools(f, s).items())
    return {
        "room_counts": short_counts(s) if rated else "",
        "room_rated": s.rated,
        "room_expected": s.expected,
        "room_wide": ("yes" if s.wide else "no") if rated else "",
        "room_by_school": schools if rated else "",
        "agreed_reason": f.reasons.get(key, "").strip(),
    }


CSV_COLUMNS = ("room_counts", "room_rated", "room_expected", "room_wide", "room_by_school", "agreed_reason")
"""Added after the usual columns, and only when a review in the report was run with a room."""
