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

from .rubric import STAGES
from .session import CRITERION_RATINGS, Facilitation, Participant

WIDE = 2
"""A spread of two stages or more (say Beginning to Embedding) is the place to talk."""


def strand_key(strand_id: str) -> str:
    return f"strand:{strand_id}"


def criterion_key(criterion_id: str, level: str) -> str:
    return f"criterion:{criterion_id}:{level}"


def choices_for(key: str) -> tuple[str, ...]:
    """The ratings a question takes: the four stages, or the three criterion ratings."""
    return CRITERION_RATINGS if key.startswith("criterion:") else STAGES


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
        """Steps between the lowest and highest rating given (0 when all agree)."""
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
    given = [r for pid, r in facilitation.ratings.get(key, {}).items() if pid in ids]
    found = Counter(given)
    return Spread(key, {c: found.get(c, 0) for c in choices_for(key)}, len(given), len(people))


def by_school(facilitation: Facilitation, key: str) -> dict[str, Spread]:
    """The spread school by school, in the order schools first appear among the participants."""
    schools = list(dict.fromkeys(p.school or "(no school given)" for p in facilitation.participants))
    return {school: spread(facilitation, key, [p for p in facilitation.participants
                                               if (p.school or "(no school given)") == school])
            for school in schools}


def may_show_individuals(facilitation: Facilitation, key: str) -> bool:
    """Individual ratings stay hidden until everyone has rated, unless the facilitator revealed them."""
    return spread(facilitation, key).complete or key in facilitation.revealed


def rate(facilitation: Facilitation, key: str, participant_id: str, rating: str | None) -> Facilitation:
    """A copy with one participant's rating for a question set (or cleared with None)."""
    if rating is not None and rating not in choices_for(key):
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


def parse_row(text: str, key: str, participants: list[Participant]) -> dict[str, str | None]:
    """Everyone's ratings typed at the front as one row of digits, in participant order.

    ``3 2 4 3`` or ``3243``; ``-`` or ``.`` for someone who has not rated. Stages are 1–4, criterion
    ratings 1–3 (not yet, partly, well established).
    """
    choices = choices_for(key)
    marks = [c for c in text if not c.isspace() and c != ","]
    if len(marks) != len(participants):
        raise RowError(f"{len(marks)} rating(s) typed for {len(participants)} participant(s): "
                       f"type one digit (1–{len(choices)}) or - for each, in order")
    row: dict[str, str | None] = {}
    for participant, mark in zip(participants, marks):
        if mark in "-.":
            row[participant.id] = None
        elif mark.isdigit() and 1 <= int(mark) <= len(choices):
            row[participant.id] = choices[int(mark) - 1]
        else:
            raise RowError(f"'{mark}' for {label(participant)} is not a rating: use 1–{len(choices)}, or - for none")
    return row
