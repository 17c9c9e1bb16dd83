"""The built-in companion plugins: the JPD companion and the practice transfer companion.

Both ship inside maturitytui and add their tools through the public
``maturitytui_register_questionnaires`` hook, like anyone else's plugin; each
can be switched off by name and the rubric still assembles.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_host, record

from maturitytui.engine.default_plugins import COMPANIONS, DEFAULT_PLUGINS
from maturitytui.model.steps import Step, steps
from maturitytui.model.tools import Checklist, Prompts, TieGuide

COMPANION_TOOLS = {
    "jpd-companion": ["jpd-key-messages", "offer-and-gain"],
    "practice-transfer-companion": ["transfer-skills", "ties"],
}
LINKS = {"jpd-key-messages": "jpd", "offer-and-gain": "hsc", "transfer-skills": "mc", "ties": "grid"}


def test_companions_are_built_in_plugins_after_the_model():
    assert list(DEFAULT_PLUGINS) == ["hargreaves-2012", *COMPANION_TOOLS, "research-ideas"]


@pytest.mark.parametrize("name", COMPANION_TOOLS)
def test_companions_come_through_the_public_questionnaire_hook_only(name):
    host = make_host()
    assembly = host.assemble()
    companion = record(assembly, name)
    assert companion.origin == "built in"
    assert companion.ok
    hooks = {caller.name for caller in host.pm.get_hookcallers(companion.plugin)}
    assert hooks == {"maturitytui_register_questionnaires"}
    assert [t.id for t in assembly.rubric.companions if t.added_by == name] == COMPANION_TOOLS[name]
    assert name in assembly.rubric.plugins


def test_what_the_plugins_command_reports():
    assembly = make_host().assemble()
    assert record(assembly, "jpd-companion").contributions == [
        "added checklist 'jpd-key-messages'",
        "added prompts 'offer-and-gain'",
    ]
    assert record(assembly, "practice-transfer-companion").contributions == [
        "added checklist 'transfer-skills'",
        "added ties 'ties'",
    ]


def test_ten_key_messages_each_with_its_implication(rubric):
    messages = rubric.tool("jpd-key-messages")
    assert isinstance(messages, Checklist)
    assert len(messages.items) == 10
    assert all(item.text and item.implication for item in messages.items)
    assert len({item.text for item in messages.items}) == 10
    assert "Sebba" in messages.cite
    assert "Ten key messages" in messages.cite


def test_offer_and_gain_is_two_pairs(rubric):
    prompts = rubric.tool("offer-and-gain")
    assert isinstance(prompts, Prompts)
    assert [p.side for p in prompts.prompts] == ["offer", "gain", "offer", "gain"]
    individual, school = prompts.prompts[:2], prompts.prompts[2:]
    assert all(" I " in f" {p.text} " for p in individual)
    assert all("our school" in p.text for p in school)
    assert "Hargreaves" in prompts.cite
    assert "Social capital" in prompts.cite


def test_nine_skills_of_transfer(rubric):
    skills = rubric.tool("transfer-skills")
    assert isinstance(skills, Checklist)
    assert len(skills.items) == 9
    assert all(item.text and item.implication for item in skills.items)
    assert "Fielding" in skills.cite


def test_eight_pairs_of_strong_and_weak_ties(rubric):
    ties = rubric.tool("ties")
    assert isinstance(ties, TieGuide)
    assert len(ties.pairs) == 8
    assert all(pair.strong and pair.weak and pair.strong != pair.weak for pair in ties.pairs)
    assert set(ties.strength) == {"strong", "weak"}
    assert set(ties.reach) == {"bonding", "bridging"}
    assert "Neither kind of tie is better" in ties.fit_note
    assert "not a failure" in ties.fit_note
    assert "Lawrence" in ties.cite


def test_each_tool_is_linked_to_a_step_that_exists(rubric):
    strand_ids = {s.id for s in rubric.strands()}
    for tool_id, strand in LINKS.items():
        assert rubric.tool(tool_id).strand == strand
        assert strand == "grid" or strand in strand_ids


def test_the_walkthrough_offers_each_tool_after_its_strand(rubric):
    order = steps(rubric)
    anchors = [i for i, step in enumerate(order) if step == "grid" or step.startswith("strand:")]
    for tool_id, strand in LINKS.items():
        anchor = order.index("grid" if strand == "grid" else Step.strand(strand))
        following = next((i for i in anchors if i > anchor), len(order))
        assert anchor < order.index(Step.tool(tool_id)) < following, (tool_id, order)


@pytest.mark.parametrize("name", COMPANION_TOOLS)
def test_each_companion_can_be_switched_off(monkeypatch, name):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", name)
    assembly = make_host().assemble()
    assert record(assembly, name).switched_off
    assert assembly.errors == []
    ids = [t.id for t in assembly.rubric.companions]
    assert not set(COMPANION_TOOLS[name]) & set(ids)
    (other,) = set(COMPANION_TOOLS) - {name}
    assert ids == COMPANION_TOOLS[other]
    assert name not in assembly.rubric.plugins
    assert len(assembly.rubric.strands()) == 12
    assert len(assembly.rubric.questionnaires) == 3


def test_both_off_leaves_the_model_as_it_was(monkeypatch, rubric):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", ",".join([*COMPANION_TOOLS, "research-ideas"]))
    bare = make_host().assemble().rubric
    assert bare.companions == []
    assert bare.plugins == ["hargreaves-2012"]
    assert [d.strand_ids() for d in bare.dimensions] == [d.strand_ids() for d in rubric.dimensions]
    assert [s.descriptors_hash() for s in bare.strands()] == [s.descriptors_hash() for s in rubric.strands()]
    assert bare.criteria == rubric.criteria
    assert bare.content_hash() != rubric.content_hash()


def test_companions_apply_on_top_of_an_alliance_change(rubric):
    alliance = make_host(Path(__file__).parent / "data" / "plugins" / "alliance").assemble()
    assert alliance.errors == []
    assert [t.id for t in alliance.rubric.companions] == [t.id for t in rubric.companions]


def test_a_missing_data_file_is_reported_and_the_rest_loads(monkeypatch, tmp_path):
    from maturitytui.engine import default_plugins

    monkeypatch.setattr(default_plugins, "COMPANIONS", tmp_path)
    assembly = make_host().assemble()
    for name in COMPANION_TOOLS:
        assert "the file does not exist" in record(assembly, name).error
    assert assembly.rubric.companions == []
    assert len(assembly.rubric.strands()) == 12


def test_the_data_files_ship_in_the_wheel():
    builder = pytest.importorskip("hatchling.builders.wheel")
    root = Path(__file__).resolve().parent.parent
    shipped = {f.distribution_path for f in builder.WheelBuilder(str(root)).recurse_included_files()}
    data_files = sorted(COMPANIONS.glob("*.toml"))
    assert data_files
    for path in data_files:
        assert f"maturitytui/engine/default_plugins/companions/{path.name}" in shipped
    # The other files the package reads at run time: the report's stylesheet and the app's.
    assert {"maturitytui/reports/report.css", "maturitytui/ui/app.tcss"} <= shipped
