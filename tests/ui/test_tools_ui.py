"""The trust audits, the ranking exercise and the companions in the walkthrough, driven by keys."""

from __future__ import annotations

from maturitytui.analysis.tool_summaries import MIN_RESPONSES
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.steps.audit_step import AuditForm, AuditStep
from maturitytui.ui.steps.ranking_step import RankingForm, RankingStep

from .conftest import text_of


async def test_a_trust_audit_answered_by_several_people_is_summarised_item_by_item(review_at, store):
    async with review_at("tool:staff-trust-in-colleagues") as (pilot, screen):
        step = screen.query_one(AuditStep)
        for person in range(MIN_RESPONSES + 2):
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(pilot.app.screen, AuditForm)
            # Everyone agrees strongly with every item: the reversed items 3 and 7 then show low trust.
            await pilot.press(*"1" * 10)
            await pilot.pause()
            assert text_of(step.query_one("#audit-count")).startswith(f"{person + 1} ")
            summary = text_of(step.query_one("#audit-summary"))
            if person + 1 < MIN_RESPONSES:
                assert "breakdown item by item is shown once" in summary
                assert "needed so far" not in summary  # the count above says how many: one count, never two
            else:
                assert "4.0 of 4" in summary
                assert "1.0 of 4" in summary
                assert "no overall total" in summary
                # The sixth and seventh wait for a full round, so no one's answers can be read off by comparison.
                assert step.answer.tally.people == MIN_RESPONSES
        assert step.answer.tally.people == MIN_RESPONSES
        assert step.answer.pending.people == 2
        assert "press c to close it" in text_of(step.query_one("#audit-count"))
        await pilot.press("c")
        await pilot.pause()
        assert step.answer.tally.people == MIN_RESPONSES + 2
        screen.flush()
    session = SessionStore(store.root).load(next(store.root.glob("*/*.toml")))
    tally = session.tools["staff-trust-in-colleagues"].tally
    # The file keeps only the per-item counts: no one's answers on their own.
    assert tally.people == MIN_RESPONSES + 2
    assert tally.counts == {str(n): {"agree_strongly": MIN_RESPONSES + 2} for n in range(1, 11)}


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
        assert step.answer.tally.people == 3
        assert not any(key.startswith("own") for key in step.answer.tally.counts)  # own picks are never kept
        summary = text_of(step.query_one("#ranking-summary"))
        assert "talk about this first" in summary
        assert exercise.dimensions[0] in summary


async def test_a_checklist_is_marked_point_by_point(review_at):
    async with review_at("tool:jpd-key-messages") as (pilot, screen):
        await pilot.press("3", "2", "1", "delete")
        await pilot.pause()
        checks = screen.context.session.tools["jpd-key-messages"].checks
        assert checks == {"message-1": "in_place", "message-2": "partly", "message-3": "not_yet"}
        # Each mark says what it did and that the highlight moved on.
        await pilot.press("up", "3")
        await pilot.pause()
        assert text_of(screen.query_one("#marked")) == "Point 3: in place. On to point 4."


async def test_every_school_answers_what_it_offers_and_gains(review_at):
    async with review_at("tool:offer-and-gain") as (pilot, screen):
        await pilot.press("tab", *"Maths triads")
        await pilot.pause()
        answer = screen.context.session.tools["offer-and-gain"]
        [(_school, answers)] = answer.prompts.items()
        assert list(answers.values()) == ["Maths triads"]
        assert "has said what it" in text_of(screen.query_one("#one-sided"))
        await pilot.press("escape", "n")  # out of the box, then on to the next step
        await pilot.pause()
        assert screen.step != "tool:offer-and-gain"


async def test_every_box_of_offer_and_gain_shows_and_follows_the_typing_at_80x24(review_at):
    from textual.widgets import Input

    async with review_at("tool:offer-and-gain", size=(80, 24)) as (pilot, screen):
        boxes = list(screen.query(Input))
        assert len(boxes) == 4  # four questions for the one school of a review that names none
        assert all(box.region.height == 3 for box in boxes)  # laid out whole, even those scrolled out of view
        for n, box in enumerate(boxes):
            await pilot.press("tab", *f"answer {n}")
            await pilot.pause()
            assert pilot.app.focused is box
            # What is typed is where the person can see it.
            assert screen.region.contains_region(box.region)
        [(_school, answers)] = screen.context.session.tools["offer-and-gain"].prompts.items()
        assert sorted(answers.values()) == [f"answer {n}" for n in range(4)]


async def test_the_ties_guide_tags_the_partnership(review_at):
    async with review_at("tool:ties") as (pilot, screen):
        await pilot.press("down", "enter")  # weak
        await pilot.pause()
        assert screen.context.session.tools["ties"].ties == {"strength": "weak"}
        # The chosen answer has its own mark, so it reads without colour.
        marks = [str(button.render())[1] for button in screen.query("#strength RadioButton")]
        assert marks == ["○", "●"]


async def test_a_tool_can_be_skipped_and_the_review_moves_on(review_at):
    async with review_at("tool:staff-trust-in-colleagues") as (pilot, screen):
        before = screen.step
        await pilot.press("s")
        await pilot.pause()
        assert screen.context.session.tools["staff-trust-in-colleagues"].skipped
        assert screen.step != before


async def test_answers_to_a_companion_switched_off_are_kept_and_listed(store, rubric, monkeypatch):
    from maturitytui.engine.host import PluginHost
    from maturitytui.model.session import Session
    from maturitytui.ui.app import MaturityApp

    session = Session.start("Town Trio", rubric)
    session.tool("jpd-key-messages").checks = {"message-1": "partly"}
    store.save(session)
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", "jpd-companion")
    without = PluginHost(entry_points=False).assemble().rubric
    async with MaturityApp(without, store, partnership="Town Trio").run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "tool:jpd-key-messages" not in pilot.app.screen.steps
        await pilot.app.screen.go_to("summary")
        await pilot.pause()
        assert "jpd-key-messages: 1 points marked" in text_of(pilot.app.screen.query_one("#tools-outside"))
        await pilot.press("h")
    assert store.load(store.scan().sessions[0].path).tools["jpd-key-messages"].checks == {"message-1": "partly"}
