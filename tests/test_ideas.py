"""Ideas for moving on: every strand has them or says where the sources are silent, each is cited, alliances
add and replace them as any other content, and they never change what a review is rated against."""

from __future__ import annotations

import pytest

import maturitytui
from maturitytui import testing
from maturitytui.engine.rubric_diff import compare_rubrics
from maturitytui.model.errors import RubricError
from maturitytui.model.rubric import STAGES


@pytest.fixture(scope="module")
def model():
    return testing.valid(testing.assemble())


def test_every_strand_has_ideas_or_says_where_the_sources_are_silent(model):
    for strand in model.strands():
        empty = [stage.name for stage in strand.stages if not stage.ideas]
        assert not empty or strand.ideas_note, f"{strand.id}: no ideas for {empty} and no note on the sources"
        assert sum(len(stage.ideas) for stage in strand.stages) >= 6, strand.id


def test_every_idea_says_where_it_comes_from(model):
    ideas = [i for s in model.strands() for stage in s.stages for i in stage.ideas]
    ideas += [*model.criteria_guidance.warnings, *model.criteria_guidance.remedies]
    ideas += [*model.audit_guidance.before, *model.audit_guidance.after]
    ideas += [i for t in [*model.questionnaires, *model.exercises] for i in (*t.before, *t.after)]
    assert len(ideas) > 150
    sources = ("Hargreaves 2012", "Fielding et al. 2005", "Lawrence 2007", "Sebba, Kent & Tregenza 2012")
    for idea in ideas:
        assert idea.cite.startswith(sources), idea
        assert 40 <= len(idea.text) <= 300, idea.text


def test_the_rubrics_own_ideas_are_hargreaves_and_the_rest_come_from_the_research_plugin(model):
    for strand in model.strands():
        for stage in strand.stages:
            for idea in stage.ideas:
                if idea.cite.startswith("Hargreaves"):
                    assert idea.added_by == ""
                else:
                    assert idea.added_by == "research-ideas"


def test_the_sources_warnings_and_remedies_reach_the_hardest_criterion(model):
    on_challenge = [c.text for c in model.criteria_guidance.remedies if c.criterion == "ec-practised"]
    assert any("broker" in t for t in on_challenge)
    assert any("student voice" in t for t in on_challenge)
    ids = {c.id for c in model.criteria}
    assert all(
        c.criterion in ids
        for c in [*model.criteria_guidance.warnings, *model.criteria_guidance.remedies]
        if c.criterion
    )


def test_the_audits_say_how_to_start_and_what_to_do_after(model):
    student = model.tool("student-trust-in-staff")
    assert any("lower-risk" in i.text for i in student.before)
    assert student.after
    assert any("overrate" in i.text for i in model.audit_guidance.before)
    box4 = model.tool("covey-trust-dimensions")
    assert box4.before
    assert box4.after


class OurIdea:
    @maturitytui.hookimpl
    def maturitytui_register_changes(self, register):
        register(
            {
                "ops": [
                    {
                        "op": "add_ideas",
                        "strand": "jpd",
                        "stage": "Developing",
                        "ideas": [
                            {"text": "Pair each new trio with one that has run a full cycle.", "cite": "Our review"}
                        ],
                    },
                    {"op": "replace_ideas", "strand": "dsi", "stage": "Beginning", "ideas": []},
                ]
            }
        )


def test_an_alliance_adds_and_removes_ideas_and_the_hash_stays(model):
    assembly = testing.assemble(OurIdea(), names=["northfield"])
    ours = testing.valid(assembly)
    developing = ours.strand("jpd").stage("Developing").ideas
    assert (developing[-1].text, developing[-1].added_by) == (
        "Pair each new trio with one that has run a full cycle.",
        "northfield",
    )
    assert ours.strand("dsi").stage("Beginning").ideas == []
    assert ours.content_hash() == model.content_hash()  # advice, not what a review is rated against
    found = {(d.action, d.what, d.id) for d in testing.contributions(assembly, "northfield")}
    assert found == {("added", "ideas", "jpd"), ("changed", "ideas", "dsi")}
    (record,) = [r for r in assembly.records if r.name == "northfield"]
    assert record.contributions == [
        "added 1 idea to strand 'jpd', Developing",
        "removed the ideas of strand 'dsi', Beginning",
    ]


def test_ideas_for_a_stage_that_is_not_one_are_refused():
    from maturitytui.engine.rubric_files import change_from_data

    with pytest.raises(RubricError) as caught:
        change_from_data(
            {"ops": [{"op": "add_ideas", "strand": "jpd", "stage": "Expert", "ideas": [{"text": "x" * 50}]}]}, "t"
        )
    (problem,) = caught.value.problems
    assert problem.place == "operation 1 (add_ideas) › stage"


def test_a_stage_changed_wholesale_takes_its_ideas_with_it(model):
    rewritten = model.model_copy(deep=True)
    strand = rewritten.strand("jpd")
    strand.stages[0] = strand.stages[0].model_copy(update={"indicators": ["Something else."], "ideas": []})
    whats = {(d.what, d.id) for d in compare_rubrics(model, rewritten)}
    assert ("stages", "jpd") in whats
    assert ("ideas", "jpd") not in whats  # said once, as the stage rewritten
    assert [s.name for s in strand.stages] == list(STAGES)
