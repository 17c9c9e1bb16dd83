"""Tests for the extra trust audits. Run them with `pytest` from this folder.

``maturitytui.testing`` assembles the rubric from the built-in model and this plugin alone, so whatever else is
installed or switched off on the machine cannot change the result.
"""

from __future__ import annotations

import importlib.metadata

import maturitytui_trust_audits_extra as extra
import pytest

from maturitytui import testing
from maturitytui.analysis.tool_summaries import add_answers, item_score, summarise_audit
from maturitytui.model.session import Tally

NAME = "trust-audits-extra"
IDS = ["staff-trust-in-governors", "parent-trust-in-staff"]


@pytest.fixture(scope="module")
def rubric():
    return testing.valid(testing.assemble(extra, names=[NAME]))  # fails naming every problem


def test_what_it_adds_as_rubric_diff_reports_it():
    added = testing.contributions(testing.assemble(extra, names=[NAME]), NAME)
    assert [(d.action, d.id) for d in added] == [("added", i) for i in IDS]


async def test_a_review_offers_both_audits(rubric, tmp_path):
    titles = await testing.walk_review(rubric, tmp_path / "sessions")
    for audit_id in IDS:
        assert rubric.tool(audit_id).title in titles


def test_both_audits_are_added_after_high_social_capital(rubric):
    added = [q for q in rubric.questionnaires if q.added_by == NAME]
    assert [q.id for q in added] == IDS
    assert all(q.strand == "hsc" and q.anonymous and q.cite for q in added)


@pytest.mark.parametrize("audit_id", IDS)
def test_ten_items_two_of_them_reversed(rubric, audit_id):
    audit = rubric.tool(audit_id)
    assert [i.number for i in audit.items] == list(range(1, 11))
    assert sum(i.reverse for i in audit.items) == 2
    assert len({i.text for i in audit.items}) == 10


def test_scales(rubric):
    staff = rubric.tool("staff-trust-in-governors")
    parents = rubric.tool("parent-trust-in-staff")
    assert [(p.label, p.score) for p in staff.scale] == [
        ("Agree strongly", 4),
        ("Agree", 3),
        ("Disagree", 2),
        ("Disagree strongly", 1),
    ]
    assert [(p.label, p.score) for p in parents.scale] == [
        ("Agree strongly", 4),
        ("Agree", 3),
        ("Disagree", 2),
        ("Disagree strongly", 1),
        ("Not sure", None),
    ]


def test_negative_items_are_scored_the_other_way(rubric):
    parents = rubric.tool("parent-trust-in-staff")
    reversed_item = next(i.number for i in parents.items if i.reverse)
    assert item_score(parents, reversed_item, "agree_strongly") == 1
    assert item_score(parents, 1, "agree_strongly") == 4
    assert item_score(parents, 1, "not_sure") is None


def test_not_sure_is_counted_apart(rubric):
    parents = rubric.tool("parent-trust-in-staff")
    tally = Tally()
    for value in ["not_sure"] * 3 + ["agree"] * 3:
        tally = add_answers(tally, {"1": value})
    first = summarise_audit(parents, tally).items[0]
    assert (first.unscored, first.mean) == (3, 3.0)


def test_the_entry_point_when_installed():
    found = [
        ep
        for ep in importlib.metadata.entry_points(group="maturitytui")
        if ep.value == "maturitytui_trust_audits_extra"
    ]
    if not found:
        pytest.skip("the package is not installed; pip install plugins/trust-audits-extra to check its entry point")
    assert found[0].name == NAME
    assert found[0].load().audits() == extra.audits()
