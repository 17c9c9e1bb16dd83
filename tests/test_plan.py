"""The action plan the summary shows before a review is finished."""

from __future__ import annotations

from datetime import date

from maturitytui.analysis.plan import action_plan
from maturitytui.model.session import Action, Session, StrandAnswer


def test_every_step_is_listed_with_its_owner_date_and_status_strand_by_strand(rubric):
    session = Session.start("Town Trio", rubric)
    session.strands = {
        "fg": StrandAnswer(actions=[Action(text="Join the boards", status="dropped", note="no quorum")]),
        "jpd": StrandAnswer(
            stage="Developing",
            evidence="Triads in maths",
            focus=True,
            actions=[
                Action(text="Extend triads", owner="Sam", due=date(2027, 3, 31), status="in_progress"),
                Action(text="Trios visit", carried_from="r1"),
            ],
        ),
    }
    plan = action_plan(rubric, session)
    order = [s.id for s in rubric.strands()]
    assert order.index("jpd") < order.index("fg")  # the rubric's order, not the file's
    assert [(p.strand, p.words()) for p in plan.steps] == [
        ("Joint practice development", "Extend triads (Sam; by 31 Mar 2027; in progress)"),
        ("Joint practice development", "Trios visit (no owner; no date; carried, not yet marked)"),
        ("Fit governance", "Join the boards (no owner; no date; dropped: no quorum)"),
    ]
    assert plan.focus == ["Joint practice development"]
    assert plan.evidence_words() == "Evidence written for 1 of 12 strands."


def test_strands_judged_not_applicable_are_not_expected_to_have_evidence(rubric):
    session = Session.start("Town Trio", rubric)
    session.answer("jpd").mark_not_applicable("We share no teaching")
    session.answer("jpd").evidence = "kept from before"
    assert action_plan(rubric, session).evidence_words() == "Evidence written for 0 of 11 strands."


def test_skipped_questionnaires_are_named(rubric):
    session = Session.start("Town Trio", rubric)
    tool = rubric.tools()[0]
    session.tool(tool.id).skipped = True
    plan = action_plan(rubric, session)
    assert plan.skipped == [tool.title]
    assert plan.steps == []
    assert plan.focus == []
