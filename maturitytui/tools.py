"""Summaries of the tools a review can carry: trust audits, ranking exercises, checklists, prompts, tie guides.

Trust audits are summarised item by item, never as one total: each item is
its own aspect of trust. Answers without a score ("not sure") are counted
apart, negatively worded items are reversed, and nothing is broken down
until enough people have answered that no one's answers can be picked out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .rubric import Exercise, Prompts, Questionnaire
from .session import AuditResponse, Ranking

MIN_RESPONSES = 5
"""Fewer answers than this and a per-item breakdown could show how one person answered, so none is shown."""
MIN_RANKINGS = 3
"""The same for a ranking exercise: with one or two people, 'the team's view' is one person's."""


@dataclass(frozen=True)
class ItemSummary:
    """How the people who answered saw one item."""

    number: int
    text: str
    reverse: bool
    counts: dict[str, int]
    """Scale value → how many chose it (every value of the scale, in scale order)."""
    unscored: int
    """Answers with no score, such as 'not sure': kept apart, never counted as low or high."""
    skipped: int
    mean: float | None
    """Average score, reversed for a negatively worded item so that higher always means more trust."""
    scale_top: int
    scale_bottom: int


@dataclass(frozen=True)
class AuditSummary:
    questionnaire: Questionnaire
    responses: int
    items: tuple[ItemSummary, ...]

    @property
    def shown(self) -> bool:
        return self.responses >= MIN_RESPONSES

    def withheld(self) -> str:
        """Why no breakdown is shown yet, or nothing if it is."""
        if self.shown:
            return ""
        return (f"{self.responses} of the {MIN_RESPONSES} answers needed so far. The breakdown item by item is "
                f"shown once {MIN_RESPONSES} people have answered: with fewer, how one person answered "
                "could be worked out from it.")


def item_score(questionnaire: Questionnaire, number: int, value: str) -> int | None:
    """The answer's score, reversed for a negatively worded item; None for an answer without a score."""
    scores = {p.value: p.score for p in questionnaire.scale}
    score = scores.get(value)
    if score is None:
        return None
    if questionnaire.items[number - 1].reverse:
        known = [s for s in scores.values() if s is not None]
        return max(known) + min(known) - score
    return score


def summarise_audit(questionnaire: Questionnaire, responses: list[AuditResponse]) -> AuditSummary:
    scored = [p.score for p in questionnaire.scale if p.score is not None]
    values = {p.value for p in questionnaire.scale}
    items = []
    for item in questionnaire.items:
        chosen = [r.answers.get(str(item.number)) for r in responses]
        counts = Counter(v for v in chosen if v in values)
        scores = [s for v in chosen if v in values
                  if (s := item_score(questionnaire, item.number, v)) is not None]
        unscored = sum(n for v, n in counts.items() if item_score(questionnaire, item.number, v) is None)
        items.append(ItemSummary(
            item.number, item.text, item.reverse,
            {p.value: counts.get(p.value, 0) for p in questionnaire.scale}, unscored,
            sum(1 for v in chosen if v not in values),
            sum(scores) / len(scores) if scores else None, max(scored), min(scored),
        ))
    return AuditSummary(questionnaire, len(responses), tuple(items))


def ranking_problems(exercise: Exercise, ranking: Ranking) -> list[str]:
    """What is wrong with one person's picks, in words; empty if they are complete and consistent."""
    problems = []
    known = set(exercise.dimensions)
    for who, strongest, weakest in (("yourself", ranking.own_strongest, ranking.own_weakest),
                                    ("the team", ranking.team_strongest, ranking.team_weakest)):
        if len(strongest) != exercise.strongest:
            problems.append(f"pick {exercise.strongest} strongest for {who} ({len(strongest)} so far)")
        if len(weakest) != exercise.weakest:
            problems.append(f"pick {exercise.weakest} weakest for {who} ({len(weakest)} so far)")
        if set(strongest) & set(weakest):
            problems.append(f"a dimension cannot be among both the strongest and the weakest for {who}")
        if (set(strongest) | set(weakest)) - known:
            problems.append("only the exercise's own dimensions can be picked")
    return problems


@dataclass(frozen=True)
class ExerciseSummary:
    """The team-level picture from everyone's private picks. Only the team picks are summarised."""

    exercise: Exercise
    people: int
    strongest: dict[str, int]
    """Dimension → how many put it among the team's strongest (every dimension, most picked first)."""
    weakest: dict[str, int]

    @property
    def shown(self) -> bool:
        return self.people >= MIN_RANKINGS

    def withheld(self) -> str:
        if self.shown:
            return ""
        return (f"{self.people} of the {MIN_RANKINGS} people needed so far. The team's picture is shown once "
                f"{MIN_RANKINGS} have made their picks: with fewer it would be one person's view.")

    def to_talk_about(self) -> list[str]:
        """Dimensions some put among the team's strongest and others among its weakest: where to talk first."""
        return [d for d in self.exercise.dimensions if self.strongest[d] and self.weakest[d]]


def summarise_exercise(exercise: Exercise, rankings: list[Ranking]) -> ExerciseSummary:
    strong = Counter(d for r in rankings for d in r.team_strongest)
    weak = Counter(d for r in rankings for d in r.team_weakest)
    order = sorted(exercise.dimensions, key=lambda d: (-strong[d], exercise.dimensions.index(d)))
    weak_order = sorted(exercise.dimensions, key=lambda d: (-weak[d], exercise.dimensions.index(d)))
    return ExerciseSummary(exercise, len(rankings), {d: strong[d] for d in order}, {d: weak[d] for d in weak_order})


def one_sided(prompts: Prompts, answers: dict[str, dict[str, str]], schools: list[str]) -> list[str]:
    """Schools that said what they could offer but not what they hope to gain, or the other way round.

    Nobody in a partnership is only a giver or only a receiver.
    """
    sides = {p.id: p.side for p in prompts.prompts if p.side}
    found = []
    for school in [*schools, *(s for s in answers if s not in schools)]:
        given = {sides[pid] for pid, text in answers.get(school, {}).items() if pid in sides and text.strip()}
        if given == {"offer"}:
            found.append(f"{school} has said what it can offer but not what it hopes to gain")
        elif given == {"gain"}:
            found.append(f"{school} has said what it hopes to gain but not what it can offer")
    return found
