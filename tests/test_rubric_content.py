"""The 2012 model as shipped: complete, in order, and faithful to the source's structure."""

from __future__ import annotations

import json

import pytest

from maturitytui.engine.rubric_text import rubric_json, rubric_text
from maturitytui.model.rubric import STAGES, Question, Stage, Strand

ANNEX2_ORDER = {
    "pd": ["jpd", "mc", "tid", "dsi"],
    "pc": ["fg", "hsc", "cmp", "ec"],
    "cc": ["ai", "ce", "di", "aa"],
}
SOURCE_NAMES = {
    "jpd": "Joint practice development",
    "mc": "Mentoring and coaching",
    "tid": "Talent identification and development through distributed leadership",
    "dsi": "Distributed staff information",
    "fg": "Fit governance",
    "hsc": "High social capital",
    "cmp": "Collective moral purpose",
    "ec": "Evaluation and challenge",
    "ai": "Analytic investigation",
    "ce": "Creative entrepreneurship",
    "di": "Disciplined innovation",
    "aa": "Alliance architecture",
}
QUESTIONS_PER_STRAND = {"jpd": 3, "hsc": 3, "cmp": 2, "ec": 3, "ai": 2, "di": 11, "ce": 2}


def test_three_dimensions_of_four_strands_in_annex2_order(rubric):
    assert [d.id for d in rubric.dimensions] == ["pd", "pc", "cc"]
    assert [d.title for d in rubric.dimensions] == [
        "Professional development",
        "Partnership competence",
        "Collaborative capital",
    ]
    assert {d.id: d.strand_ids() for d in rubric.dimensions} == ANNEX2_ORDER


def test_strand_names_are_the_sources(rubric):
    assert {s.id: s.title for s in rubric.strands()} == SOURCE_NAMES


def test_box1_order_is_recorded(rubric):
    cc = rubric.dimensions[2]
    assert cc.alternative_orders["box1"] == ["ai", "di", "ce", "aa"]


@pytest.mark.parametrize("strand_id", list(SOURCE_NAMES))
def test_every_strand_has_four_stages_with_distinct_indicators(rubric, strand_id):
    strand = rubric.strand(strand_id)
    assert tuple(s.name for s in strand.stages) == STAGES
    for stage in strand.stages:
        assert stage.indicators, f"{strand_id} {stage.name} is empty"
        assert all(len(i.split()) >= 3 for i in stage.indicators)
        assert len({i.casefold() for i in stage.indicators}) == len(stage.indicators)


def test_at_least_two_hundred_indicators(rubric):
    assert rubric.indicator_count() >= 200


def test_collaborative_capital_is_provisional_and_only_it(rubric):
    provisional = {s.id for s in rubric.strands() if s.provisional}
    assert provisional == {"ai", "ce", "di", "aa"}


def test_all_26_source_questions_on_their_strands(rubric):
    counts = {s.id: len(s.questions) for s in rubric.strands() if s.questions}
    assert counts == QUESTIONS_PER_STRAND
    assert sum(counts.values()) == 26
    assert all(q.source == "source" and q.text.endswith("?") for s in rubric.strands() for q in s.questions)


def test_criteria_in_ascending_order_of_difficulty(rubric):
    assert [c.strand for c in rubric.criteria] == ["jpd", "hsc", "cmp", "ec"]
    assert [c.difficulty for c in rubric.criteria] == [1, 2, 3, 4]
    for c in rubric.criteria:
        assert c.statement
        assert c.narrative
        assert c.wording_note
        assert c.everyday


def test_grid_axes(rubric):
    grid = rubric.grid
    assert grid.size == 6
    assert (grid.integration.low, grid.integration.high) == ("Loose", "Tight")
    assert (grid.nature.low, grid.nature.high) == ("Shallow", "Deep")
    assert set(grid.integration.notes) == {5, 6}


def test_three_trust_audits_with_the_right_reverse_keys(rubric):
    audits = {q.id: q for q in rubric.questionnaires}
    assert list(audits) == ["staff-trust-in-leadership", "staff-trust-in-colleagues", "student-trust-in-staff"]
    for audit in audits.values():
        assert len(audit.items) == 10
    reversed_items = {qid: [i.number for i in q.items if i.reverse] for qid, q in audits.items()}
    assert reversed_items == {
        "staff-trust-in-leadership": [],
        "staff-trust-in-colleagues": [3, 7],
        "student-trust-in-staff": [],
    }
    assert [p.score for p in audits["staff-trust-in-leadership"].scale] == [4, 3, 2, 1]
    assert audits["student-trust-in-staff"].scale[-1].score is None  # "not sure" is no answer


def test_box4_exercise(rubric):
    (exercise,) = rubric.exercises
    assert len(exercise.dimensions) == 13
    assert (exercise.strongest, exercise.weakest) == (5, 3)
    assert "demonstrate concern" in exercise.dimensions


def test_source_is_cited(rubric):
    assert "Hargreaves" in rubric.source.citation
    assert "2012" in rubric.source.citation
    assert all(s.source for s in rubric.strands())


def test_json_shape(rubric):
    data = json.loads(json.dumps(rubric_json(rubric)))
    assert {"id", "version", "dimensions", "criteria", "questionnaires"} <= set(data)
    strand = data["dimensions"][0]["strands"][0]
    # Every key the field reference names, so an author can check a plugin's content from the command line.
    assert set(strand) == set(Strand.model_fields)
    assert set(strand["stages"][0]) == set(Stage.model_fields)
    assert set(strand["questions"][0]) == set(Question.model_fields)
    assert strand["questions"][0]["cite"]
    assert strand["source"]
    assert strand["summary"]
    assert set(data["criteria"][0]) >= {"id", "title", "strand"}
    assert set(data["questionnaires"][0]) >= {"id", "title", "items"}


def test_text_shows_every_indicator(rubric):
    text = " ".join(rubric_text(rubric, width=10_000).split())
    for strand in rubric.strands():
        assert strand.title in text
        for stage in strand.stages:
            for indicator in stage.indicators:
                assert " ".join(indicator.split()) in text


def test_content_hash_is_stable_and_sensitive(rubric):
    assert rubric.content_hash() == rubric.model_copy(deep=True).content_hash()
    changed = rubric.model_copy(deep=True)
    changed.dimensions[0].strands[0].stages[0].indicators[0] += " (edited)"
    assert changed.content_hash() != rubric.content_hash()
