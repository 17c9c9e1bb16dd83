"""Scoring the tools a review carries: trust audits item by item, ranking exercises, one-sided offers."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturitytui.analysis.tool_summaries import (
    MIN_RANKINGS,
    MIN_RESPONSES,
    add_answers,
    can_close,
    close_round,
    item_score,
    one_sided,
    ranking_problems,
    summarise_audit,
    summarise_exercise,
    take_part,
    team_picks,
)
from maturitytui.model.session import Tally, ToolAnswer
from maturitytui.model.tools import Exercise, Item, Prompt, Prompts, Questionnaire, ScalePoint


def tally_of(people: list[dict[str, str]]) -> Tally:
    tally = Tally()
    for answers in people:
        tally = add_answers(tally, answers)
    return tally


SCALE = [
    ScalePoint(value="agree_strongly", label="Agree strongly", score=4),
    ScalePoint(value="agree", label="Agree", score=3),
    ScalePoint(value="disagree", label="Disagree", score=2),
    ScalePoint(value="disagree_strongly", label="Disagree strongly", score=1),
    ScalePoint(value="not_sure", label="Not sure"),
]
AUDIT = Questionnaire(
    id="audit",
    title="Staff trust in one another",
    scale=SCALE,
    items=[Item(number=n, text=f"Item {n}", reverse=n in (3, 7)) for n in range(1, 11)],
)
VALUES = [p.value for p in SCALE]


def test_the_rubric_audits_reverse_the_staff_items_the_source_words_negatively(rubric):
    staff = next(q for q in rubric.questionnaires if q.id == "staff-trust-in-colleagues")
    assert [i.number for i in staff.items if i.reverse] == [3, 7]
    assert all(q.strand == "hsc" for q in rubric.questionnaires)
    assert all(e.strand == "hsc" for e in rubric.exercises)


def test_a_reverse_keyed_item_scores_the_other_way():
    assert item_score(AUDIT, 1, "agree_strongly") == 4
    assert item_score(AUDIT, 3, "agree_strongly") == 1
    assert item_score(AUDIT, 7, "disagree") == 3
    assert item_score(AUDIT, 3, "not_sure") is None


def test_no_breakdown_below_the_minimum_and_the_reason_is_given():
    summary = summarise_audit(AUDIT, tally_of([{"1": "agree"}] * (MIN_RESPONSES - 1)))
    assert not summary.shown
    assert f"{MIN_RESPONSES}" in summary.withheld()
    assert "one person" in summary.withheld()
    assert summarise_audit(AUDIT, tally_of([{"1": "agree"}] * MIN_RESPONSES)).shown


responses = st.lists(
    st.dictionaries(st.sampled_from([str(n) for n in range(1, 11)]), st.sampled_from(VALUES)), max_size=12
)


@given(responses)
@settings(max_examples=150)
def test_each_item_is_summarised_on_its_own_with_not_sure_kept_apart(people):
    summary = summarise_audit(AUDIT, tally_of(people))
    assert summary.responses == len(people)
    assert len(summary.items) == 10
    for item in summary.items:
        chosen = [r.get(str(item.number)) for r in people]
        assert sum(item.counts.values()) + item.skipped == len(people)
        assert item.unscored == chosen.count("not_sure") == item.counts["not_sure"]
        scores = [item_score(AUDIT, item.number, v) for v in chosen if v and v != "not_sure"]
        if scores:
            assert item.mean == pytest.approx(sum(scores) / len(scores))
            assert 1 <= item.mean <= 4
        else:
            assert item.mean is None


@given(responses)
@settings(max_examples=100)
def test_reversing_an_item_mirrors_its_average(people):
    plain = Questionnaire(id="p", title="p", scale=SCALE, items=[Item(number=n, text="t") for n in range(1, 11)])
    tally = tally_of(people)
    reversed_items, items = summarise_audit(AUDIT, tally).items, summarise_audit(plain, tally).items
    for reversed_item, item in zip(reversed_items, items, strict=True):
        if item.mean is not None and reversed_item.reverse:
            assert reversed_item.mean == pytest.approx(5 - item.mean)


BOX4 = Exercise(id="box4", title="Trust dimensions", dimensions=[f"d{n}" for n in range(13)], strongest=5, weakest=3)
picks = st.permutations(BOX4.dimensions).map(lambda d: ((d[:5], d[5:8]), (d[8:13], d[:3])))


@given(st.lists(picks, max_size=8))
@settings(max_examples=100)
def test_only_the_team_picture_is_kept_and_disagreement_is_flagged(people):
    assert all(not ranking_problems(BOX4, own, team) for own, team in people)
    tally = tally_of([team_picks(*team) for _, team in people])
    summary = summarise_exercise(BOX4, tally)
    assert summary.shown == (len(people) >= MIN_RANKINGS)
    assert sum(summary.strongest.values()) == 5 * len(people)
    assert sum(summary.weakest.values()) == 3 * len(people)
    for d in BOX4.dimensions:
        in_top = any(d in team[0] for _, team in people)
        in_bottom = any(d in team[1] for _, team in people)
        assert (d in summary.to_talk_about()) == (in_top and in_bottom)


def test_incomplete_or_overlapping_picks_are_named():
    problems = ranking_problems(
        BOX4, (["d0", "d1"], ["d1", "d2", "d3"]), ([f"d{n}" for n in range(5)], ["d5", "d6", "zzz"])
    )
    assert "pick 5 strongest for yourself (2 so far)" in problems
    assert any("both the strongest and the weakest for yourself" in p for p in problems)
    assert any("own dimensions" in p for p in problems)


@given(st.lists(st.dictionaries(st.sampled_from(["1", "2"]), st.sampled_from(VALUES), min_size=1), max_size=14))
@settings(max_examples=100)
def test_answers_are_shown_only_in_whole_rounds_so_no_one_stands_out(people):
    answer = ToolAnswer()
    shown = []
    for answers in people:
        take_part(AUDIT, answer, answers)
        shown.append(answer.tally.people)
    # What is shown only ever grows by a whole round: never by one person.
    steps = [b - a for a, b in itertools.pairwise([0, *shown]) if b != a]
    assert all(step == MIN_RESPONSES for step in steps)
    assert answer.tally.people + answer.pending.people == len(people)
    assert answer.pending.people < MIN_RESPONSES
    if answer.pending.people >= 2:
        assert can_close(answer)
        close_round(answer)
        assert answer.tally.people == len(people)
        assert answer.pending.people == 0
    else:
        assert not can_close(answer)


def test_a_school_that_only_gives_or_only_receives_is_reminded():
    prompts = Prompts(
        id="og",
        title="Offer and gain",
        prompts=[
            Prompt(id="offer", text="What can our school offer?", side="offer"),
            Prompt(id="gain", text="What would our school like to gain?", side="gain"),
        ],
    )
    answers = {
        "Kestrel": {"offer": "Maths triads"},
        "Orchard": {"gain": "Phonics"},
        "Harbour": {"offer": "x", "gain": "y"},
        "Quiet": {"offer": "  "},
    }
    assert one_sided(prompts, answers, ["Harbour", "Kestrel", "Orchard", "Quiet"]) == [
        "Kestrel has said what it can offer but not what it hopes to gain",
        "Orchard has said what it hopes to gain but not what it can offer",
    ]


def test_a_school_sees_all_its_partnerships_with_their_ties(tmp_path, rubric):
    from maturitytui.analysis.alliance import portfolio, ties_words
    from maturitytui.model.session import Session
    from maturitytui.store.session_store import SessionStore

    store = SessionStore(tmp_path)
    local = Session.start("Town Trio", rubric, schools=["Kestrel Lane", "Orchard Vale"], status="complete")
    local.tool("ties").ties = {"strength": "strong", "reach": "bonding"}
    wider = Session.start("Coastal Network", rubric, schools=["kestrel lane ", "Seaview"], status="complete")
    wider.tool("ties").ties = {"strength": "weak", "reach": "bridging"}
    other = Session.start("Moorland Pair", rubric, schools=["Moor"], status="complete")
    for session in (local, wider, other):
        store.save(session)
    found = portfolio(store.catalogue(), ["Kestrel Lane", "Orchard Vale"])
    assert {
        school: [(g.partnership, ties_words(g.latest.ties)) for g in glances] for school, glances in found.items()
    } == {
        "Kestrel Lane": [("Coastal Network", "weak ties, bridging"), ("Town Trio", "strong ties, bonding")],
        "Orchard Vale": [("Town Trio", "strong ties, bonding")],
    }
    assert ties_words({}) == "not tagged"
