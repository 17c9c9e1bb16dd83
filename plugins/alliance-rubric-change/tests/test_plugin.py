"""The Northshore Alliance plugin against maturitytui's own plugin host."""

from __future__ import annotations

import importlib.metadata

import maturitytui_northshore_alliance as northshore
import pytest

from maturitytui.engine.host import PluginHost
from maturitytui.model.rubric import STAGES


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in ("MATURITYTUI_PLUGINS", "MATURITYTUI_DISABLE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)


def assemble(rubric_id=None):
    """The rubric with this plugin and the built-ins only, whatever else is installed."""
    host = PluginHost(entry_points=False)
    record = host.register(northshore, "northshore-alliance")
    return host.assemble(rubric_id), record


def test_the_change_applies_cleanly():
    assembly, _ = assemble()
    (record,) = [r for r in assembly.records if r.name == "northshore-alliance"]
    assert record.ok, record.error
    assert record.contributions == [
        "added strand 'sv' to dimension 'pc'",
        "removed strand 'ce'",
        "put dimension 'cc' in its 'box1' order",
        "rewrote the stages of strand 'dsi'",
    ]
    assert "northshore-alliance" in assembly.rubric.plugins


def test_student_voice_sits_between_moral_purpose_and_challenge():
    rubric = assemble()[0].rubric
    assert rubric.dimension_of("sv").id == "pc"
    assert rubric.dimension_of("sv").strand_ids() == ["fg", "hsc", "cmp", "sv", "ec"]
    strand = rubric.strand("sv")
    assert [s.name for s in strand.stages] == list(STAGES)
    assert all(3 <= len(s.indicators) <= 5 for s in strand.stages)
    assert strand.source


def test_questions_are_marked_as_added_and_cited():
    questions = assemble()[0].rubric.strand("sv").questions
    assert 2 <= len(questions) <= 3
    assert all(q.source == "added" and q.cite and q.added_by == "northshore-alliance" for q in questions)


def test_creative_entrepreneurship_goes_and_box1_order_is_used():
    rubric = assemble()[0].rubric
    assert "ce" not in [s.id for s in rubric.strands()]
    assert rubric.dimensions[2].strand_ids() == ["ai", "di", "aa"]
    assert len(rubric.strands()) == 12  # one in, one out


def test_dsi_keeps_one_indicator_per_source_indicator():
    rubric = assemble()[0].rubric
    assert [len(s.indicators) for s in rubric.strand("dsi").stages] == [2, 3, 4, 4]
    assert rubric.strand("dsi").stages[0].indicators[0].startswith("Senior leaders have a sense")


def test_other_rubrics_are_left_alone():
    calls = []
    northshore.maturitytui_register_changes(calls.append, "another-rubric")
    assert calls == []


def test_the_entry_point_when_installed():
    found = [
        ep
        for ep in importlib.metadata.entry_points(group="maturitytui")
        if ep.value == "maturitytui_northshore_alliance"
    ]
    if not found:
        pytest.skip("the package is not installed; pip install plugins/alliance-rubric-change to check its entry point")
    assert found[0].name == "northshore-alliance"
    assert found[0].load().CHANGE == northshore.CHANGE
