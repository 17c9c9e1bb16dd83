"""Tests for the Northshore Alliance plugin. Run them with `pytest` from this folder.

``maturitytui.testing`` assembles the rubric from the built-in model and this plugin alone, so whatever else is
installed or switched off on the machine cannot change the result.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

import maturitytui_northshore_alliance as northshore
import pytest

from maturitytui import testing
from maturitytui.model.rubric import STAGES

NAME = "northshore-alliance"


def assemble():
    return testing.assemble(northshore, names=[NAME])


@pytest.fixture(scope="module")
def rubric():
    return testing.valid(assemble())  # fails naming every problem


def test_the_change_applies_cleanly(rubric):
    (record,) = [r for r in assemble().records if r.name == NAME]
    assert record.contributions == [
        "added strand 'sv' to dimension 'pc'",
        "removed strand 'ce'",
        "put dimension 'cc' in its 'box1' order",
        "rewrote the stages of strand 'dsi'",
    ]
    assert NAME in rubric.plugins


def test_what_it_changes_as_rubric_diff_reports_it():
    changed = {(d.action, d.id) for d in testing.contributions(assemble(), NAME)}
    assert {("added", "sv"), ("removed", "ce"), ("changed", "dsi")} <= changed


def test_student_voice_sits_between_moral_purpose_and_challenge(rubric):
    assert rubric.dimension_of("sv").id == "pc"
    assert rubric.dimension_of("sv").strand_ids() == ["fg", "hsc", "cmp", "sv", "ec"]
    strand = rubric.strand("sv")
    assert [s.name for s in strand.stages] == list(STAGES)
    assert all(3 <= len(s.indicators) <= 5 for s in strand.stages)
    assert strand.source


def test_questions_are_marked_as_added_and_cited(rubric):
    questions = rubric.strand("sv").questions
    assert 2 <= len(questions) <= 3
    assert all(q.source == "added" and q.cite and q.added_by == NAME for q in questions)


def test_creative_entrepreneurship_goes_and_box1_order_is_used(rubric):
    assert "ce" not in [s.id for s in rubric.strands()]
    assert rubric.dimensions[2].strand_ids() == ["ai", "di", "aa"]
    assert len(rubric.strands()) == 12  # one in, one out


def test_dsi_keeps_one_indicator_per_source_indicator(rubric):
    assert [len(s.indicators) for s in rubric.strand("dsi").stages] == [2, 3, 4, 4]
    assert rubric.strand("dsi").stages[0].indicators[0].startswith("Senior leaders have a sense")


def test_other_rubrics_are_left_alone():
    calls = []
    northshore.maturitytui_register_changes(calls.append, "another-rubric")
    assert calls == []


async def test_a_review_shows_every_step(rubric, tmp_path):
    titles = await testing.walk_review(rubric, tmp_path / "sessions")
    assert "Student voice" in titles
    assert "Creative entrepreneurship" not in titles


def test_the_entry_point_names_this_module():
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["entry-points"]["maturitytui"] == {NAME: northshore.__name__}


def test_the_entry_point_when_installed():
    found = [ep for ep in importlib.metadata.entry_points(group="maturitytui") if ep.value == northshore.__name__]
    if not found:
        pytest.skip("the package is not installed; pip install plugins/alliance-rubric-change to check its entry point")
    assert found[0].name == NAME
    assert found[0].load().CHANGE == northshore.CHANGE
