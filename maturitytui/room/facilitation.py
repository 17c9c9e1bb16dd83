"""A facilitated review: the spread of a room's ratings, where views differ, and what the group agreed.

The group's agreed rating is the review's own answer (a strand's stage, a
criterion's rating), so history, comparisons and reports read a facilitated
review like any other. Individual ratings stay hidden until everyone has
rated, unless the facilitator reveals them; the spread can be shown school
by school, so partners see where they see the partnership differently —
never as a ranking of one school against another.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from maturitytui.model.rubric import STAGES, Rubric
from maturitytui.model.session import CRITERION_RATINGS, Facilitation, Participant, Session
from maturitytui.model.steps import RoomQuestion, question_kind
from maturitytui.model.words import counted

WIDE = 2
"""A spread of two stages or more (say Beginning to Embedding) is the place to talk."""


def is_grid(key: str) -> bool:
    return question_kind(key) == "grid"


def cell_rating(integration: int, nature: int) -> str:
    """A grid cell as a rating: ``"3,2"`` is integration row 3, nature column 2."""
    return f"{integration},{nature}"


def parse_cell(rating: str, size: int = 12) -> tuple[int, int]:
    """The (integration, nature) of a grid rating, or ValueError."""
    parts = rating.split(",")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"'{rating}' is not a grid cell: write the integration row, a comma, the nature column")
    cell = int(parts[0]), int(parts[1])
    if not all(1 <= n <= size for n in cell):
        raise ValueError(f"'{rating}' is off the grid: rows and columns run from 1 to {size}")
    return cell


def choices_for(key: str) -> tuple[str, ...]:
    """The ratings a question takes: the four stages or the three criterion ratings (grid cells are open-ended)."""
    return CRITERION_RATINGS if question_kind(key) == "criterion" else STAGES


def agreed(session: Session, key: str) -> str | None:
    """The rating the group agreed for a question: the review's own answer."""
    q = RoomQuestion.parse(key)
    if q is None:
        return None
    if q.kind == "strand":
        answer = session.strands.get(q.id)
        return answer.stage if answer is not None else None
    if q.kind == "criterion":
        rated = session.criteria.get(q.id)
        if rated is None:
            return None
        return rated.within if q.level == "within" else rated.between
    cell = session.grid.current if q.id == "current" else session.grid.target
    return cell_rating(cell.integration, cell.nature) if cell is not None else None


def new_participants(names: list[str], schools: list[str], *, anonymous: bool) -> list[Participant]:
    """Participants for a session; with anonymity only labels P1, P2, … are kept (their schools still count)."""
    people = []
    for n, name in enumerate(names, 1):
        school = schools[n - 1] if n - 1 < len(schools) else ""
        people.append(Participant(id=f"p{n}", name="" if anonymous else name.strip(), school=school.strip()))
    return people


def label(participant: Participant) -> str:
    return participant.name or participant.id.upper()


@dataclass(frozen=True)
class Spread:
    """How a room rated one question."""

    key: str
    counts: dict[str, int]
    """Each possible rating → how many chose it, in order."""
    rated: int
    expected: int

    @property
    def complete(self) -> bool:
        return self.rated >= self.expected > 0

    @property
    def width(self) -> int:
        """Steps between the lowest and highest rating given (0 when all agree); on the grid, the most cells
        apart any two chosen cells are, across or up."""
        if is_grid(self.key):
            cells = [parse_cell(c) for c, n in self.counts.items() if n]
            return max((max(abs(a[0] - b[0]), abs(a[1] - b[1])) for a in cells for b in cells), default=0)
        given = [n for n, (_, count) in enumerate(self.counts.items()) if count]
        return given[-1] - given[0] if given else 0

    @property
    def wide(self) -> bool:
        return self.width >= WIDE

    def modal(self) -> list[str]:
        """The rating or ratings chosen most often."""
        top = max(self.counts.values(), default=0)
        return [r for r, n in self.counts.items() if n == top and top]


def spread(facilitation: Facilitation, key: str, participants: list[Participant] | None = None) -> Spread:
    """The spread of ratings for a question, among all participants or only ``participants``."""
    people = facilitation.participants if participants is None else participants
    ids = {p.id for p in people}
    given = [r for pid, r in facilitation.ratings.get(key, {}).items() if pid in ids and valid_rating(key, r)]
    found = Counter(given)
    if is_grid(key):  # only the cells someone chose, row by row
        return Spread(key, dict(sorted(found.items(), key=lambda item: parse_cell(item[0]))), len(given), len(people))
    return Spread(key, {c: found.get(c, 0) for c in choices_for(key)}, len(given), len(people))


def valid_rating(key: str, rating: str) -> bool:
    """Whether a rating fits its question (a participant's file is merged as it is, and may hold anything)."""
    if not is_grid(key):
        return rating in choices_for(key)
    try:
        return cell_rating(*parse_cell(rating)) == rating
    except ValueError:
        return False


SMALLEST_GROUP = 2
"""In an anonymous review, no school's spread is shown for fewer people than this: one person's school would
show that person's rating."""
POOLED = "other schools together"


def by_school(facilitation: Facilitation, key: str) -> dict[str, Spread]:
    """The spread school by school, in the order schools first appear among the participants.

    In an anonymous review, schools with a single participant are pooled; if that would still leave one
    person on their own, there is no school-by-school view at all (beside the whole room's spread, any
    one person left out could be read off by subtraction).
    """
    groups: dict[str, list[Participant]] = {}
    for p in facilitation.participants:
        groups.setdefault(p.school or "(no school given)", []).append(p)
    if facilitation.anonymous:
        small = [school for school, people in groups.items() if len(people) < SMALLEST_GROUP]
        pooled = [p for school in small for p in groups.pop(school)]
        if len(pooled) == 1:
            return {}
        if pooled:
            groups[POOLED] = pooled
    return {school: spread(facilitation, key, people) for school, people in groups.items()}


def may_show_individuals(facilitation: Facilitation, key: str) -> bool:
    """Individual ratings stay hidden until everyone has rated, unless the facilitator revealed them."""
    return spread(facilitation, key).complete or key in facilitation.revealed


def rate(facilitation: Facilitation, key: str, participant_id: str, rating: str | None) -> Facilitation:
    """A copy with one participant's rating for a question set (or cleared with None)."""
    if rating is not None and is_grid(key):
        rating = cell_rating(*parse_cell(rating))  # " 3, 2" is the cell "3,2"
    elif rating is not None and rating not in choices_for(key):
        raise ValueError(f"'{rating}' is not a rating for {key}: use one of {', '.join(choices_for(key))}")
    if participant_id not in {p.id for p in facilitation.participants}:
        raise ValueError(f"no participant '{participant_id}' in this review")
    ratings = {k: dict(v) for k, v in facilitation.ratings.items()}
    given = ratings.setdefault(key, {})
    if rating is None:
        given.pop(participant_id, None)
    else:
        given[participant_id] = rating
    return facilitation.model_copy(update={"ratings": ratings})


class RowError(ValueError):
    """A row of digits typed at the front that does not fit the room."""


def parse_row(text: str, key: str, participants: list[Participant], grid_size: int = 6) -> dict[str, str | None]:
    """Everyone's ratings typed at the front as one row of digits, in participant order.

    ``3 2 4 3`` or ``3243``; ``-`` or ``.`` for someone who has not rated. Stages are 1–4, criterion
    ratings 1–3 (not yet, partly, well established); a grid cell is two digits, row then column (``32 21 -``),
    or row and column either side of a colon (``10:3``, for a grid larger than nine).
    """
    if is_grid(key):
        return _grid_row(text, participants, grid_size)
    choices = choices_for(key)
    marks = [c for c in text if not c.isspace() and c != ","]
    if len(marks) != len(participants):
        raise RowError(
            f"{counted(len(marks), 'rating')} typed for {counted(len(participants), 'participant')}: "
            f"type one digit (1–{len(choices)}) or - for each, in order"
        )
    row: dict[str, str | None] = {}
    for participant, mark in zip(participants, marks, strict=True):
        if mark in "-.":
            row[participant.id] = None
        elif mark.isdigit() and 1 <= int(mark) <= len(choices):
            row[participant.id] = choices[int(mark) - 1]
        else:
            raise RowError(f"'{mark}' for {label(participant)} is not a rating: use 1–{len(choices)}, or - for none")
    return row


def _grid_row(text: str, participants: list[Participant], size: int) -> dict[str, str | None]:
    marks = text.replace(",", " ").split()
    if len(marks) != len(participants):
        raise RowError(
            f"{counted(len(marks), 'cell')} typed for {counted(len(participants), 'participant')}: type two digits "
            "(row, then column) or - for each, in order, with spaces between"
        )
    row: dict[str, str | None] = {}
    for participant, mark in zip(participants, marks, strict=True):
        parts = mark.split(":") if ":" in mark else list(mark)
        if mark in ("-", "."):
            row[participant.id] = None
        elif len(parts) == 2 and all(p.isdigit() and 1 <= int(p) <= size for p in parts):
            row[participant.id] = cell_rating(int(parts[0]), int(parts[1]))
        else:
            raise RowError(
                f"'{mark}' for {label(participant)} is not a cell: type the row (1–{size}, loose to "
                f"tight) then the column (1–{size}, shallow to deep), e.g. 32 or 3:2, or - for none"
            )
    return row


STAGE_MARKS = {"Beginning": "B", "Developing": "D", "Embedding": "E", "Leading": "L"}
RATING_MARKS = {"not_yet": "N", "partly": "P", "well_established": "W"}


def rating_text(key: str, rating: str | None) -> str:
    """A rating in words: a stage, a criterion rating, or a grid cell (row, column)."""
    if rating is None:
        return "—"
    if is_grid(key):
        integration, nature = parse_cell(rating)
        return f"row {integration}, column {nature}"
    return rating.replace("_", " ") if question_kind(key) == "criterion" else rating


def question_title(rubric: Rubric, key: str) -> str:
    """What a question asks about, in words: a strand's title, a criterion within or between schools, the grid."""
    q = RoomQuestion.parse(key)
    if q is None:
        return key
    if q.kind == "grid":
        return (
            "The grid: where the partnership is now"
            if q.id == "current"
            else "The grid: where it should be in several years"
        )
    if q.kind == "criterion":
        title = next((c.title for c in rubric.criteria if c.id == q.id), q.id)
        return f"{title}, {q.level} schools"
    try:
        return rubric.strand(q.id).title
    except KeyError:
        return q.id


def waiting_for(facilitation: Facilitation, key: str) -> list[Participant]:
    """Who has not rated a question yet (saying who is waiting reveals nothing of anyone's rating)."""
    given = facilitation.ratings.get(key, {})
    return [p for p in facilitation.participants if p.id not in given or not valid_rating(key, given[p.id])]
