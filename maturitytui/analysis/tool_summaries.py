"""Summaries of the tools a review can carry: trust audits, ranking exercises, checklists, prompts, tie guides.

Trust audits are summarised item by item, never as one total: each item is
its own aspect of trust. Answers without a score ("not sure") are counted
apart, negatively worded items are reversed, and nothing is broken down
until enough people have answered that no one's answers can be picked out.

No one's answers are kept on their own: each person's answers are added to
a tally the moment they are given. Answers are collected in rounds: a round
is shown only once it is full (or closed with at least two people in it),
so comparing the summary before and after one person never shows how that
person answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturitytui.model.session import Tally, ToolAnswer
from maturitytui.model.tools import Exercise, Prompts, Questionnaire, Tool

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

    def withheld(self, *, with_count: bool = True) -> str:
        """Why no breakdown is shown yet, or nothing if it is. ``with_count=False`` where the screen already
        says how many have answered (the open round included), so two counts never disagree."""
        if self.shown:
            return ""
        count = f"{self.responses} of the {MIN_RESPONSES} answers needed so far. " if with_count else ""
        return (
            f"{count}The breakdown item by item is shown once {MIN_RESPONSES} people have answered: with fewer, "
            "how one person answered could be worked out from it."
        )


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


def summarise_audit(questionnaire: Questionnaire, tally: Tally) -> AuditSummary:
    scored = [p.score for p in questionnaire.scale if p.score is not None]
    values = [p.value for p in questionnaire.scale]
    items = []
    for item in questionnaire.items:
        found = tally.counts.get(str(item.number), {})
        counts = {v: found.get(v, 0) for v in values}
        score_of = {v: item_score(questionnaire, item.number, v) for v in values}
        scores = [(score, n) for v, n in counts.items() if n and (score := score_of[v]) is not None]
        unscored = sum(n for v, n in counts.items() if score_of[v] is None)
        total = sum(n for _, n in scores)
        items.append(
            ItemSummary(
                item.number,
                item.text,
                item.reverse,
                counts,
                unscored,
                max(0, tally.people - sum(counts.values())),
                sum(s * n for s, n in scores) / total if total else None,
                max(scored),
                min(scored),
            )
        )
    return AuditSummary(questionnaire, tally.people, tuple(items))


def add_answers(tally: Tally, answers: dict[str, str]) -> Tally:
    """The tally with one more person's answers (item or pick → chosen value) added in; nothing else is kept."""
    return merged(tally, Tally(people=1, counts={key: {value: 1} for key, value in answers.items()}))


def merged(a: Tally, b: Tally) -> Tally:
    counts = {key: dict(found) for key, found in a.counts.items()}
    for key, found in b.counts.items():
        for value, n in found.items():
            counts.setdefault(key, {})[value] = counts.get(key, {}).get(value, 0) + n
    return Tally(people=a.people + b.people, counts=counts)


def round_size(tool: Tool) -> int:
    return MIN_RANKINGS if isinstance(tool, Exercise) else MIN_RESPONSES


def take_part(tool: Tool, answer: ToolAnswer, answers: dict[str, str]) -> None:
    """Add one person's answers to the open round, and show the round once it is full."""
    answer.pending = add_answers(answer.pending, answers)
    if answer.pending.people >= round_size(tool):
        close_round(answer)


def round_words(tool: Tool, answer: ToolAnswer) -> str:
    """How many have answered, and how many are waiting in the open round."""
    done, waiting = answer.tally.people, answer.pending.people
    text = f"{done + waiting} {'person has' if done + waiting == 1 else 'people have'} answered"
    if waiting:
        text += (
            f"; the latest {waiting} show once {round_size(tool)} are in this round (or press c to close it "
            "now, with two or more)"
        )
    return text


def can_close(answer: ToolAnswer) -> bool:
    """A round can be closed early once it holds two people: the change it makes is never one person's."""
    return answer.pending.people >= 2


def close_round(answer: ToolAnswer) -> None:
    answer.tally = merged(answer.tally, answer.pending)
    answer.pending = Tally()


def ranking_problems(
    exercise: Exercise, own: tuple[list[str], list[str]], team: tuple[list[str], list[str]]
) -> list[str]:
    """What is wrong with one person's picks, in words; empty if they are complete and consistent."""
    problems = []
    known = set(exercise.dimensions)
    for who, (strongest, weakest) in (("yourself", own), ("the team", team)):
        if len(strongest) != exercise.strongest:
            problems.append(f"pick {exercise.strongest} strongest for {who} ({len(strongest)} so far)")
        if len(weakest) != exercise.weakest:
            problems.append(f"pick {exercise.weakest} weakest for {who} ({len(weakest)} so far)")
        if set(strongest) & set(weakest):
            problems.append(f"a dimension cannot be among both the strongest and the weakest for {who}")
        if (set(strongest) | set(weakest)) - known:
            problems.append("only the exercise's own dimensions can be picked")
    return problems


def team_picks(strongest: list[str], weakest: list[str]) -> dict[str, str]:
    """One person's picks for the team, as answers to add to a tally. Their picks for themselves are never kept."""
    return {**{f"strongest:{d}": "yes" for d in strongest}, **{f"weakest:{d}": "yes" for d in weakest}}


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

    def withheld(self, *, with_count: bool = True) -> str:
        if self.shown:
            return ""
        count = f"{self.people} of the {MIN_RANKINGS} people needed so far. " if with_count else ""
        return (
            f"{count}The team's picture is shown once {MIN_RANKINGS} have made their picks: with fewer it would be "
            "one person's view."
        )

    def to_talk_about(self) -> list[str]:
        """Dimensions some put among the team's strongest and others among its weakest: where to talk first."""
        return [d for d in self.exercise.dimensions if self.strongest[d] and self.weakest[d]]


def summarise_exercise(exercise: Exercise, tally: Tally) -> ExerciseSummary:
    def picked(side: str) -> dict[str, int]:
        counts = {d: tally.counts.get(f"{side}:{d}", {}).get("yes", 0) for d in exercise.dimensions}
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], exercise.dimensions.index(kv[0]))))

    return ExerciseSummary(exercise, tally.people, picked("strongest"), picked("weakest"))


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
