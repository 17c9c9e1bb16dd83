"""``maturitytui.testing``: what a plugin's own tests use, tried as a plugin's tests would."""

from __future__ import annotations

from pathlib import Path

import pytest

import maturitytui
from maturitytui import testing
from maturitytui.model.errors import RubricError
from maturitytui.model.rubric import STAGES

NORTHSHORE = Path(__file__).parents[1] / "plugins" / "alliance-change-toml" / "northshore.toml"

# The pattern docs/plugins.md shows, word for word.


class AddsAStrand:
    """A plugin: hook functions on an object (a plugin module's functions are called the same way)."""

    @maturitytui.hookimpl
    def maturitytui_register_changes(self, register):
        stages = [{"name": n, "indicators": [f"A {n.lower()} sign of peer review."]} for n in STAGES]
        register(
            {
                "ops": [
                    {
                        "op": "add_strand",
                        "dimension": "pc",
                        "strand": {"id": "pr", "title": "Peer review", "stages": stages},
                    }
                ]
            }
        )


def test_a_plugin_is_assembled_alone_and_named():
    assembly = testing.assemble(AddsAStrand(), names=["peer-review"])  # the built-in plugins and this one
    rubric = testing.valid(assembly)  # fails naming every problem
    assert rubric.strand("pr").title == "Peer review"
    assert rubric.plugins[-1] == "peer-review"
    (added,) = testing.contributions(assembly, "peer-review")  # as `maturitytui rubric diff` reports it
    assert (added.action, added.what, added.id) == ("added", "strand", "pr")


async def test_every_step_of_a_review_shows(tmp_path):
    rubric = testing.valid(testing.assemble(AddsAStrand(), names=["peer-review"]))
    titles = await testing.walk_review(rubric, tmp_path / "sessions")  # a session store, made if need be
    assert "Peer review" in titles
    assert (titles[0], titles[-1]) == ("Partnership grid", "Summary")


# End of the pattern.


def test_the_machines_switches_are_not_the_tests(monkeypatch):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", "peer-review,jpd-companion")
    rubric = testing.valid(testing.assemble(AddsAStrand(), names=["peer-review"]))
    assert rubric.plugins == [
        "hargreaves-2012",
        "jpd-companion",
        "practice-transfer-companion",
        "research-ideas",
        "peer-review",
    ]


class Broken:
    @maturitytui.hookimpl
    def maturitytui_register_changes(self, register):
        register({"ops": [{"op": "remove_strand", "strand": "nope"}]})


def test_a_plugin_left_out_fails_the_test_naming_it_and_why():
    with pytest.raises(AssertionError, match=r"broken \(registered in code\): .*no strand 'nope'"):
        testing.valid(testing.assemble(Broken(), names=["broken"]))


def test_a_change_file_is_applied_and_a_wrong_one_names_its_problem(tmp_path):
    rubric = testing.apply_changes(NORTHSHORE)
    assert "sv" in {s.id for s in rubric.strands()}
    assert "ce" not in {s.id for s in rubric.strands()}
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('kind = "rubric-change"\n\n[[ops]]\nop = "remove_strand"\nstrand = "cee"\n')
    with pytest.raises(RubricError) as caught:
        testing.apply_changes(wrong)
    assert "did you mean 'ce'" in str(caught.value.problems[0])
