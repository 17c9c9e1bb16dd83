"""The walkthrough's logic without a screen: steps, unanswered, previous review, arrow, advice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturitytui.analysis.review import criteria_advice, direction, path_cells, resume_step, unanswered
from maturitytui.model.order import previous_review
from maturitytui.model.session import Cell, CriterionAnswer, Session
from maturitytui.model.steps import steps


def session(rubric, day=date(2026, 6, 1), status="in_progress", hour=9, **kwargs) -> Session:
    s = Session.start("Harbourside", rubric, review_date=day, **kwargs)
    s.created = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    s.status = status
    return s


def test_steps_follow_rubric_order(rubric):
    all_steps = steps(rubric)
    assert all_steps[0] == "grid"
    assert all_steps[-2:] == ["criteria", "summary"]
    assert [s for s in all_steps if s.startswith("strand:")] == [f"strand:{s.id}" for s in rubric.strands()]
    # Each tool right after the strand (or the grid) it belongs to; tools linked to no strand before the criteria.
    for tool in rubric.tools():
        place = all_steps.index(f"tool:{tool.id}")
        anchor = all_steps[:place]
        while anchor[-1].startswith("tool:"):
            anchor.pop()
        assert anchor[-1] == ("grid" if tool.strand == "grid" else f"strand:{tool.strand}")


def test_a_tool_linked_to_a_strand_the_rubric_lacks_comes_before_the_criteria(rubric):
    rubric = rubric.model_copy(deep=True)
    rubric.questionnaires[0].strand = "removed-by-a-plugin"
    all_steps = steps(rubric)
    assert all_steps[-3:] == [f"tool:{rubric.questionnaires[0].id}", "criteria", "summary"]


def test_resume_at_a_step_the_rubric_no_longer_has(rubric):
    s = session(rubric)
    s.position = "strand:removed-by-a-plugin"
    assert resume_step(rubric, s) == "grid"
    s.status = "complete"
    assert resume_step(rubric, s) == "summary"


def test_not_applicable_counts_as_answered(rubric):
    s = session(rubric)
    s.answer("ce").not_applicable = True
    s.answer("ce").na_reason = "No traded services"
    assert "strand:ce" not in unanswered(rubric, s)
    assert "strand:jpd" in unanswered(rubric, s)


def test_previous_review_is_the_latest_finished_one_before(rubric):
    old = session(rubric, date(2024, 6, 1), "complete")
    last = session(rubric, date(2025, 6, 1), "complete")
    unfinished = session(rubric, date(2025, 9, 1))
    later = session(rubric, date(2027, 6, 1), "complete")
    now = session(rubric, date(2026, 6, 1))
    assert previous_review(now, [old, later, unfinished, last, now]).id == last.id
    assert previous_review(old, [old, last]) is None


def test_same_day_reviews_are_ordered_by_when_they_were_started(rubric):
    morning = session(rubric, hour=9, status="complete")
    afternoon = session(rubric, hour=15)
    assert previous_review(afternoon, [morning, afternoon]).id == morning.id
    assert previous_review(morning, [morning, afternoon]) is None


@given(st.lists(st.tuples(st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.integers(0, 23)), min_size=1, max_size=8))
def test_previous_review_is_never_later_than_the_review(rubric, stamps):
    reviews = [session(rubric, day, "complete", hour=hour) for day, hour in stamps]
    for r in reviews:
        before = previous_review(r, reviews)
        if before is not None:
            assert (before.review_date, before.created) < (r.review_date, r.created)
            assert not any(
                (before.review_date, before.created) < (o.review_date, o.created) < (r.review_date, r.created)
                for o in reviews
            )


@pytest.mark.parametrize(
    ("now", "target", "words"),
    [
        ((1, 1), (1, 4), "deeper"),
        ((1, 1), (3, 4), "deeper and tighter"),
        ((4, 4), (2, 4), "looser"),
        ((2, 5), (2, 2), "shallower"),
        ((3, 3), (3, 3), "staying where it is"),
    ],
)
def test_direction_in_words(now, target, words):
    assert direction(Cell(integration=now[0], nature=now[1]), Cell(integration=target[0], nature=target[1])) == words


def test_path_cells_of_a_diagonal_and_a_straight_line():
    assert path_cells(Cell(integration=1, nature=1), Cell(integration=4, nature=4)) == [(2, 2), (3, 3)]
    assert path_cells(Cell(integration=2, nature=1), Cell(integration=2, nature=5)) == [(2, 2), (3, 2), (4, 2)]
    assert path_cells(Cell(integration=2, nature=2), Cell(integration=2, nature=3)) == []


def rate(rubric, **ratings):
    s = session(rubric)
    ids = {"jpd": "jpd-established", "hsc": "social-capital-high", "cmp": "cmp-shared", "ec": "ec-practised"}
    s.criteria = {ids[k]: CriterionAnswer(within=v[0], between=v[1]) for k, v in ratings.items()}
    return criteria_advice(rubric, s)


def test_no_advice_when_ratings_follow_the_order(rubric):
    assert (
        rate(
            rubric,
            jpd=("well_established", "partly"),
            hsc=("partly", "partly"),
            cmp=("partly", "not_yet"),
            ec=("not_yet", "not_yet"),
        )
        == []
    )


def test_harder_rated_above_an_easier_one_not_yet_met(rubric):
    advice = rate(rubric, jpd=("not_yet", "not_yet"), ec=("partly", "not_yet"))
    (item,) = advice
    assert item.criterion == "ec-practised"
    assert item.strands == ("jpd", "ec")
    assert "within schools" in item.message
    assert "far from met" in item.message


def test_several_easier_ones_behind(rubric):
    (item,) = rate(rubric, jpd=("not_yet", None), hsc=("not_yet", None), cmp=("well_established", None))
    assert item.strands == ("jpd", "hsc", "cmp")
    assert "are not yet met" in item.message


def test_between_above_within(rubric):
    (item,) = rate(rubric, hsc=("partly", "well_established"))
    assert "higher between schools than within them" in item.message


def test_unrated_criteria_give_no_advice(rubric):
    assert rate(rubric, ec=("well_established", "well_established")) == []
