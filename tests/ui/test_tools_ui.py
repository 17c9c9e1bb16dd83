"""The trust audits, the ranking exercise and the companions in the walkthrough, driven by keys."""

from __future__ import annotations

from maturitytui.review import steps, tool_step
from maturitytui.store import SessionStore
from maturitytui.tools import MIN_RESPONSES
from maturitytui.ui.steps.audit_step import AuditForm, AuditStep
from maturitytui.ui.steps.ranking_step import RankingForm, RankingStep

from .conftest import text_of


def test_each_tool_follows_the_strand_it_belongs_to(rubric):
    order = steps(rubric)
    hsc = order.index("strand:hsc")
    linked = [tool_step(t.id) for t in rubric.tools() if t.strand == "hsc"]
    assert order[hsc + 1: hsc + 1 + len(linked)] == linked
    assert order[-2:] == ["criteria", "summary"]


async def test_a_trust_audit_answered_by_several_people_is_summarised_item_by_item(review_at, store):
    async with review_at("tool:staff-trust-in-colleagues") as (pilot, screen):
        step = screen.query_one(AuditStep)
        for person in range(MIN_RESPONSES):
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(pilot.app.screen, AuditForm)
            # Everyone agrees strongly with every item: the reversed items 3 and 7 then show low trust.
            await pilot.press(*"1" * 10)
            await pilot.pause()
            count = text_of(step.query_one("#audit-count"))
            assert count.startswith(f"{person + 1} ")
            if person + 1 < MIN_RESPONSES:
                assert "breakdown item by item is shown once" in text_of(step.query_one("#audit-summary"))
        summary = text_of(step.query_one("#audit-summary"))
        assert "4.0 of 4" in summary and "1.0 of 4" in summary and "no overall total" in summary
        screen.flush()
    session = SessionStore(store.root).load(next(store.root.glob("*/*.toml")))
    responses = session.tools["staff-trust-in-colleagues"].responses
    assert len(responses) == MIN_RESPONSES
    assert all(r.answers == {str(n): "agree_strongly" for n in range(1, 11)} for r in responses)
    # The file itself shows the per-item picture, for anyone reading it.
    summary = session.tools["staff-trust-in-colleagues"].summary
    assert summary["3"]["agree_strongly"] == MIN_RESPONSES and set(summary) == {str(n) for n in range(1, 11)}


async def test_abandoning_an_audit_keeps_nothing(review_at):
    async with review_at("tool:staff-trust-in-colleagues") as (pilot, screen):
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("1", "2", "escape")
        await pilot.pause()
        assert "staff-trust-in-colleagues" not in screen.context.session.tools


async def test_box_4_keeps_each_persons_picks_private_and_shows_the_team(review_at, rubric):
    exercise = next(e for e in rubric.exercises if e.id == "covey-trust-dimensions")
    async with review_at("tool:covey-trust-dimensions") as (pilot, screen):
        step = screen.query_one(RankingStep)
        for person in range(3):
            await pilot.press("r")
            await pilot.pause()
            form = pilot.app.screen
            assert isinstance(form, RankingForm)
            # Own: 5 strongest, then 3 weakest (the strongest are no longer offered); then the same for the team.
            for page, picks in enumerate((5, 3, 5, 3)):
                first = person if page == 2 else 0  # people differ about the team's strongest
                await pilot.press(*(["down"] * first))
                for _ in range(picks):
                    await pilot.press("space", "down")
                await pilot.press("enter")
                await pilot.pause()
            assert pilot.app.screen is screen
        assert len(step.answer.rankings) == 3
        summary = text_of(step.query_one("#ranking-summary"))
        assert "talk about this first" in summary
        assert exercise.dimensions[0] in summary


async def test_a_checklist_is_marked_point_by_point(review_at):
    async with review_at("tool:jpd-key-messages") as (pilot, screen):
        await pilot.press("3", "2", "1", "delete")
        await pilot.pause()
        checks = screen.context.session.tools["jpd-key-messages"].checks
        assert checks == {"1": "in_place", "2": "partly", "3": "not_yet"}


async def test_every_school_answers_what_it_offers_and_gains(review_at):
    async with review_at("tool:offer-and-gain") as (pilot, screen):
        await pilot.press("tab", *"Maths triads")
        await pilot.pause()
        answer = screen.context.session.tools["offer-and-gain"]
        [(school, answers)] = answer.prompts.items()
        assert list(answers.values()) == ["Maths triads"]
        assert "has said what it" in text_of(screen.query_one("#one-sided"))
        await pilot.press("escape", "n")  # out of the box, then on to the next step
        await pilot.pause()
        assert screen.step != "tool:offer-and-gain"


async def test_the_ties_guide_tags_the_partnership(review_at):
    async with review_at("tool:ties") as (pilot, screen):
        await pilot.press("down", "enter")  # weak
        await pilot.pause()
        assert screen.context.session.tools["ties"].ties == {"strength": "weak"}


async def test_a_tool_can_be_skipped_and_the_review_moves_on(review_at):
    async with review_at("tool:staff-trust-in-colleagues") as (pilot, screen):
        before = screen.step
        await pilot.press("s")
        await pilot.pause()
        assert screen.context.session.tools["staff-trust-in-colleagues"].skipped
        assert screen.step != before
