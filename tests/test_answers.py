"""The rules of a strand's answer live on the model: the screens call these, and nothing sets the fields by hand."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturitytui.model.rubric import STAGES
from maturitytui.model.session import Action, CarriedStepKept, StrandAnswer


def test_choosing_a_stage_takes_back_not_applicable():
    answer = StrandAnswer()
    answer.mark_not_applicable("one school only, no staff to share")
    answer.choose_stage("Developing")
    assert (answer.stage, answer.not_applicable, answer.na_reason) == ("Developing", False, "")


def test_not_applicable_clears_the_stage_and_keeps_the_reason():
    answer = StrandAnswer(stage="Embedding")
    answer.mark_not_applicable("a federation: one governing body")
    assert (answer.stage, answer.not_applicable, answer.na_reason) == (None, True, "a federation: one governing body")
    answer.mark_applicable()
    assert (answer.stage, answer.not_applicable, answer.na_reason) == (None, False, "")


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_not_applicable_needs_a_reason(reason):
    answer = StrandAnswer(stage="Leading")
    with pytest.raises(ValueError, match="say why"):
        answer.mark_not_applicable(reason)
    assert (answer.stage, answer.not_applicable) == ("Leading", False)  # nothing changed


@given(st.lists(st.one_of(st.sampled_from(STAGES), st.none()), max_size=12))
def test_any_sequence_of_choices_leaves_a_valid_answer(choices):
    answer = StrandAnswer()
    for choice in choices:
        if choice is None:
            answer.mark_not_applicable("not for us")
        else:
            answer.choose_stage(choice)
        assert not (answer.not_applicable and answer.stage is not None)
    StrandAnswer.model_validate(answer.model_dump())


def test_a_step_agreed_now_can_be_edited_and_deleted():
    answer = StrandAnswer()
    answer.add_action(Action(text="Trios visit each other's lessons"))
    answer.add_action(Action(text="Share one inset day"))
    answer.replace_action(0, Action(text="Trios visit each other's lessons", owner="Deputy heads"))
    answer.remove_action(1)
    assert [(a.text, a.owner) for a in answer.actions] == [("Trios visit each other's lessons", "Deputy heads")]


def test_a_carried_step_is_kept_and_says_how_to_mark_it():
    carried = Action(text="Joint moderation", carried_from="2025-06-12-abc", agreed=date(2025, 6, 12))
    answer = StrandAnswer(actions=[carried, Action(text="New step")])
    with pytest.raises(CarriedStepKept, match="mark it dropped"):
        answer.remove_action(0)
    assert answer.actions[0] == carried
    answer.remove_action(1)
    assert answer.actions == [carried]
