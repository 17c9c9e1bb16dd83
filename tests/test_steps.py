"""Steps and room questions: made from their stored text once, taken apart only in model/steps.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturitytui.model.steps import (
    CRITERIA_STEP,
    GRID_QUESTIONS,
    GRID_STEP,
    SUMMARY_STEP,
    RoomQuestion,
    Step,
    questions_for,
    steps,
)

IDS = st.text(st.characters(codec="utf-8", exclude_characters=":"), min_size=1, max_size=20)


@given(kind=st.sampled_from(["strand", "tool"]), ident=IDS)
def test_a_strand_or_tool_step_round_trips_through_its_text(kind, ident):
    step = Step.strand(ident) if kind == "strand" else Step.tool(ident)
    assert (step.kind, step.id) == (kind, ident)
    assert Step(str(step)) == step == f"{kind}:{ident}"  # stored and compared as the text it always was


@given(ident=IDS, level=st.sampled_from(["within", "between"]))
def test_a_criterion_question_keeps_its_id_and_level(ident, level):
    q = RoomQuestion.criterion(ident, level)
    assert (q.kind, q.id, q.level) == ("criterion", ident, level)
    assert RoomQuestion(str(q)) == q


def test_the_whole_steps_have_no_id():
    assert [(s.kind, s.id) for s in (GRID_STEP, CRITERIA_STEP, SUMMARY_STEP)] == [
        ("grid", ""),
        ("criteria", ""),
        ("summary", ""),
    ]


@pytest.mark.parametrize("text", ["", "start", "strand:", "tool:", "grid:x", "summary:", "gridx", "Strand:jpd"])
def test_text_that_names_no_step_is_refused_or_passed_over(text):
    with pytest.raises(ValueError, match="is not a step"):
        Step(text)
    assert Step.parse(text) is None


@pytest.mark.parametrize(
    "text", ["", "grid", "grid:middle", "strand:", "criterion:jpd", "criterion:jpd:across", "criterion::within"]
)
def test_text_that_names_no_question_is_refused(text):
    with pytest.raises(ValueError, match="is not a question"):
        RoomQuestion(text)


def test_the_order_of_steps(rubric):
    order = steps(rubric)
    assert order[0] == GRID_STEP
    assert order[-2:] == [CRITERIA_STEP, SUMMARY_STEP]
    assert [s.id for s in order if s.kind == "strand"] == [s.id for s in rubric.strands()]
    assert all(isinstance(s, Step) for s in order)


def test_the_questions_of_each_step(rubric):
    assert questions_for(GRID_STEP, rubric) == GRID_QUESTIONS == ("grid:current", "grid:target")
    assert questions_for(Step.strand("jpd"), rubric) == (RoomQuestion.strand("jpd"),) == ("strand:jpd",)
    criteria = questions_for(CRITERIA_STEP, rubric)
    assert len(criteria) == 8 == 2 * len(rubric.criteria)
    assert [(q.id, q.level) for q in criteria[:2]] == [
        (rubric.criteria[0].id, "within"),
        (rubric.criteria[0].id, "between"),
    ]
    assert [q.id for q in criteria[::2]] == [c.id for c in rubric.criteria]
    for step in (SUMMARY_STEP, Step.tool("x")):
        assert questions_for(step, rubric) == ()
