"""Driving the whole walkthrough by keys, then reading the TOML file back."""

from __future__ import annotations

from textual.widgets import DataTable

from maturitytui.model.rubric import STAGES
from maturitytui.model.steps import steps
from maturitytui.ui.dialogs.common import ActionDialog, HelpScreen, NewReviewDialog
from maturitytui.ui.screens.review import ReviewScreen
from maturitytui.ui.screens.start import StartScreen
from maturitytui.ui.steps.strand_step import StrandStep

from .conftest import next_strand, text_of, type_text


def only_session(store):
    scan = store.scan()
    assert scan.problems == []
    (stored,) = scan.sessions
    return stored.session


async def test_full_review_by_keys_only(store, make_app, rubric):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("enter")  # "+ New partnership" is the only entry
        assert isinstance(app.screen, NewReviewDialog)
        await type_text(pilot, "Harbourside Learning Partnership")
        await pilot.press("tab")
        await type_text(pilot, "Harbourside Primary, Kestrel Lane Primary")
        await pilot.press("tab", "tab")  # the day of the review is today unless changed
        await type_text(pilot, "A Okafor, R Lewis")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.step == "grid"

        # Grid: now at (nature 2, integration 1), target at (nature 5, integration 3).
        await pilot.press("right", "c", "right", "right", "right", "up", "up", "t")
        await next_strand(pilot, screen)  # past the ties guide: the companions can be skipped

        # Every strand: a stage by number; evidence, a focus and an action on the first.
        for n, strand in enumerate(rubric.strands()):
            assert screen.step == f"strand:{strand.id}"
            if strand.id == "ce":
                await pilot.press("x")
                await type_text(pilot, "No traded services")
                await pilot.press("enter")
                await pilot.pause()  # let the dialog close before the next key
            else:
                await pilot.press(str(n % 4 + 1))
            if n == 0:
                await pilot.press("e")
                await type_text(pilot, "Triads in maths")
                await pilot.press("escape", "f", "a")
                await type_text(pilot, "Cross-school triads")
                await pilot.press("tab")
                await type_text(pilot, "R Lewis")
                await pilot.press("tab")
                await type_text(pilot, "2027-03-31")
                await pilot.press("enter")
                await pilot.pause()
            await next_strand(pilot, screen)

        # Criteria: JPD within 3, between 2; the rest partly.
        assert screen.step == "criteria"
        await pilot.press("3", "down", "2")
        for _ in range(6):
            await pilot.press("down", "2")
        await pilot.press("n")
        await pilot.pause()
        assert screen.step == "summary"
        await pilot.press("enter", "enter")  # finish, and yes: everything is answered, so Finish is the default
        await pilot.pause()

    session = only_session(store)
    assert session.partnership == "Harbourside Learning Partnership"
    assert session.schools == ["Harbourside Primary", "Kestrel Lane Primary"]
    assert session.participants == ["A Okafor", "R Lewis"]
    assert session.status == "complete"
    assert session.position == "summary"
    assert (session.grid.current.nature, session.grid.current.integration) == (2, 1)
    assert (session.grid.target.nature, session.grid.target.integration) == (5, 3)
    for n, strand in enumerate(rubric.strands()):
        answer = session.strands[strand.id]
        if strand.id == "ce":
            assert answer.not_applicable
            assert answer.na_reason == "No traded services"
            assert answer.stage is None
        else:
            assert answer.stage == STAGES[n % 4]
    jpd = session.strands["jpd"]
    assert jpd.evidence == "Triads in maths"
    assert jpd.focus
    (action,) = jpd.actions
    assert (action.text, action.owner, action.due.isoformat(), action.status) == (
        "Cross-school triads",
        "R Lewis",
        "2027-03-31",
        "open",
    )
    assert session.criteria["jpd-established"].within == "well_established"
    assert session.criteria["jpd-established"].between == "partly"
    assert all(
        c.within == "partly" and c.between == "partly"
        for cid, c in session.criteria.items()
        if cid != "jpd-established"
    )


async def test_leave_mid_review_and_resume_at_the_same_step(store, make_app):
    app = make_app(store, partnership="Town Trio")
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await next_strand(pilot, screen)
        await pilot.press("2")
        await next_strand(pilot, screen)
        await pilot.press("3")
        await next_strand(pilot, screen)
        await pilot.press("e")
        await type_text(pilot, "half-typed note")
        await pilot.press("ctrl+q")
    session = only_session(store)
    assert session.position == "strand:tid"
    assert session.strands["tid"].evidence == "half-typed note"  # flushed on quit

    # A new app on the same folder: choose the partnership, then the review.
    app = make_app(store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.step == "strand:tid"
        assert screen.query_one(StrandStep).answer.evidence == "half-typed note"
        assert screen.context.session.strands["jpd"].stage == "Developing"  # what the resumed app holds


async def test_review_command_resumes_the_unfinished_review(store, make_app):
    async with make_app(store, partnership="Town Trio").run_test() as pilot:
        await pilot.pause()  # the review opens once the start screen is up
        for _ in range(3):
            await next_strand(pilot, pilot.app.screen)
        await pilot.press("h")
    async with make_app(store, partnership="town trio").run_test() as pilot:
        await pilot.pause()
        assert pilot.app.screen.step == "strand:tid"
    assert len(store.scan().sessions) == 1


async def test_advice_appears_and_disappears(review_at):
    async with review_at("criteria") as (pilot, screen):
        advice = screen.query_one("#advice")
        await pilot.press("1")  # JPD within: not yet
        for _ in range(6):
            await pilot.press("down")
        await pilot.press("3")  # E&C within: well established
        await pilot.pause()
        assert "Evaluation and challenge is rated 'well established' within schools" in text_of(advice)
        assert advice.has_class("-empty") is False
        await pilot.press("up", "up", "up", "up", "up", "up", "3")  # JPD within now well established
        await pilot.pause()
        assert "follow the order of difficulty" in text_of(advice)
        assert advice.has_class("-empty")


async def test_between_above_within_is_noticed(review_at):
    async with review_at("criteria") as (pilot, screen):
        await pilot.press("1", "down", "3")
        await pilot.pause()
        text = text_of(screen.query_one("#advice"))
        assert "rated higher between schools than within them" in text


async def test_previous_review_is_shown(demo_store, make_app):
    async with make_app(demo_store, partnership="Harbourside Learning Partnership").run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.context.previous.id == "2026-06-18-demo02"
        await screen.go_to("strand:jpd")
        await pilot.pause()
        status = text_of(screen.query_one("#strand-status"))
        assert "Last review: Developing" in status
        card = screen.query_one("#stage-2")
        assert "(last review)" in text_of(card)


async def test_skip_and_come_back(rubric, review_at):
    async with review_at("summary") as (pilot, screen):
        assert "Still to answer (14)" in text_of(screen.query_one("#unanswered"))
        await pilot.press("g")
        await pilot.pause()
        assert screen.step == "grid"


async def test_command_palette_jumps_to_a_strand(store, make_app):
    async with make_app(store, partnership="Town Trio").run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await type_text(pilot, "Go to: Fit governance")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen.step == "strand:fg"


async def test_help_lists_the_keys_of_the_step(store, make_app):
    async with make_app(store, partnership="Town Trio").run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(text_of(s) for s in pilot.app.screen.query("Static"))
        for words in ("Mark now", "Mark target", "Next", "Back", "Command palette"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_not_applicable_can_be_undone_and_actions_edited(store, review_at):
    async with review_at("strand:fg") as (pilot, screen):
        await pilot.press("x")
        await type_text(pilot, "Federation")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("x")  # undo
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Draft an MoU")
        await pilot.press("enter", "enter")  # to the owner, then to the date: a step is not saved halfway
        await pilot.pause()
        assert isinstance(pilot.app.screen, ActionDialog)
        assert pilot.app.focused.id == "due"
        await pilot.press("enter")  # Enter in the date saves
        await pilot.pause()
        answer = screen.query_one(StrandStep).answer
        assert not answer.not_applicable
        assert answer.na_reason == ""
        assert [a.text for a in answer.actions] == ["Draft an MoU"]
        # Edit it: the list has focus after adding; Enter opens it.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " with governors")
        await pilot.press("tab", "tab", "tab")
        await pilot.press("enter")  # open the status select
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "enter")  # past the note and Cancel to OK
        await pilot.pause()
        assert [(a.text, a.status) for a in answer.actions] == [("Draft an MoU with governors", "done")]
        await pilot.press("delete")
        await pilot.pause()
        assert answer.actions == []
    saved = only_session(store).strands["fg"]
    assert saved.actions == []
    assert not saved.not_applicable


async def test_bad_due_date_is_explained(review_at):
    async with review_at("strand:fg") as (pilot, screen):
        await pilot.press("a")
        await type_text(pilot, "Something")
        await pilot.press("tab", "tab")
        await type_text(pilot, "next spring")
        await pilot.press("enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert "is not a date" in text_of(dialog.query_one(".error"))
        await pilot.press("escape")
        assert screen.query_one(StrandStep).answer.actions == []


async def test_progress_counts_steps(store, make_app, rubric):
    async with make_app(store, partnership="Town Trio").run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the review opens once the start screen is up
        screen = pilot.app.screen
        assert f"step 1 of {len(steps(rubric))}" in text_of(screen.query_one("#where"))
        await next_strand(pilot, screen)
        await pilot.press("1")
        await pilot.pause()
        assert "1/14 answered" in text_of(screen.query_one("#where"))


async def test_theme_switch_from_the_command_palette(store, make_app):
    async with make_app(store).run_test() as pilot:
        await pilot.pause()
        assert pilot.app.theme == "textual-dark"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Theme: switch light")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.theme == "textual-light"


async def test_start_screen_lists_reviews(demo_store, make_app):
    async with make_app(demo_store).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = pilot.app.screen.query_one("DataTable")
        assert table.row_count == 3
        first = table.get_row_at(0)
        assert (first[0], str(first[1]), first[2]) == ("18 Jun 2026", "finished", "14 of 14")
        # Who took part is under the table, for the highlighted review: as a column it ran past 80 columns.
        detail = text_of(pilot.app.screen.query_one("#review-detail"))
        assert detail.startswith("Who took part: ")
        assert detail != "Who took part: not recorded"


async def test_square_brackets_are_shown_as_typed(store, make_app, rubric):
    from maturitytui.model.session import Session

    session = Session.start("Trust [/] North", rubric, participants=["A [/] Okafor"])
    store.save(session)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        option = app.screen.query_one("OptionList").get_option_at_index(0)
        assert "Trust [/] North" in str(option.prompt)
        assert "Who took part: A [/] Okafor" in text_of(app.screen.query_one("#review-detail"))
        await pilot.press("enter", "enter")
        await pilot.pause()
        screen = app.screen
        await screen.go_to("strand:ce")
        await pilot.pause()
        await pilot.press("x", *"see [/] below", "enter")
        await pilot.pause()
        await pilot.press("a", *"[b]bold[/b] plan", "enter", "enter", "enter")
        await pilot.pause()
        assert "see [/] below" in text_of(screen.query_one("#na"))
        assert "[b]bold[/b] plan" in str(screen.query_one("ActionList").get_option_at_index(0).prompt)
        assert "[provisional" in text_of(screen.query_one("#strand-heading"))
    saved = only_session(store).strands["ce"]
    assert saved.na_reason == "see [/] below"


async def test_review_command_never_opens_a_partnership_with_a_similar_name(store, make_app, rubric):
    from maturitytui.model.session import Session

    beijing = Session.start("北京 School", rubric)
    beijing.answer("jpd").evidence = "Beijing's own evidence"
    store.save(beijing)
    async with make_app(store, partnership="上海 School").run_test() as pilot:
        await pilot.pause()
        assert pilot.app.screen.context.session.partnership == "上海 School"
        assert pilot.app.screen.context.session.strands == {}


async def test_resuming_under_another_rubric_says_so_and_keeps_the_answers(store, make_app, rubric):
    from maturitytui.model.session import Session

    session = Session.start("Town Trio", rubric)
    from maturitytui.model.session import StrandRef

    session.rubric = session.rubric.model_copy(
        update={
            "hash": "sha256:other",
            "plugins": ["hargreaves-2012", "student-voice"],
            "strands": [
                *session.rubric.strands,
                StrandRef(id="sv", title="Student voice", dimension="Partnership competence"),
            ],
        }
    )
    session.answer("sv").stage = "Embedding"
    store.save(session)
    async with make_app(store, partnership="Town Trio").run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app = pilot.app
        assert any("student-voice" in n.message and "kept" in n.message for n in app._notifications)
        await app.screen.go_to("summary")
        await pilot.pause()
        assert "Student voice (an inactive strand): Embedding" in text_of(app.screen.query_one("#outside"))
        await pilot.press("h")
    assert store.load(store.scan().sessions[0].path).strands["sv"].stage == "Embedding"


async def test_the_mouse_works_too(store, make_app):
    async with make_app(store, partnership="Town Trio").run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        grid = screen.query_one("PartnershipGrid")
        await pilot.click(grid, offset=(11 + 2 * 6 + 2, 1))  # a cell in the top row
        await pilot.press("c")
        await pilot.pause()
        assert screen.context.session.grid.current.integration == 6
        await screen.go_to("strand:jpd")
        await pilot.pause()
        await pilot.click("#stage-4", offset=(2, 2))
        await pilot.pause()
        assert screen.context.session.strands["jpd"].stage == "Leading"
        await screen.go_to("criteria")
        await pilot.pause()
        picker = screen.query("RatingPicker").first()
        await pilot.click(picker, offset=(2 + 17 + 2, 0))  # "1( ) not yet"
        await pilot.pause()
        assert picker.value == "not_yet"


async def test_bulleted_text_fits_its_width_in_any_script():
    from textual.app import App

    from maturitytui.ui.widgets.bullets import BulletText

    class One(App):
        CSS = "BulletText { width: 24; }"

        def compose(self):
            yield BulletText(["日本語のテキストです、これは長い文です。", "again and again and again"])

    async with One().run_test(size=(40, 12)) as pilot:
        widget = pilot.app.query_one(BulletText)
        lines = [widget.render_line(y) for y in range(widget.size.height)]
        assert all(line.cell_length == widget.content_size.width for line in lines)
        text = "".join(line.text for line in lines).replace(" ", "")
        assert "日本語のテキストです、これは長い文です。" in text
        assert "againandagainandagain" in text


async def test_a_strand_added_since_the_last_review_says_so(demo_store, make_app):
    for summary in demo_store.catalogue().summaries:  # the earlier reviews' rubric had no 'ai' strand
        session = demo_store.load(summary.path)
        session.rubric.strands = [s for s in session.rubric.strands if s.id != "ai"]
        session.strands = {k: v for k, v in session.strands.items() if k != "ai"}
        demo_store.save(session, summary.path, stamp=False)
    async with make_app(demo_store, partnership="Harbourside Learning Partnership").run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.app.screen.go_to("strand:ai")
        await pilot.pause()
        assert "New since the last review" in text_of(pilot.app.screen.query_one("#strand-status"))


async def test_the_start_screen_shows_before_the_rubric_and_waits_for_it(demo_store, rubric):
    import threading

    from maturitytui.engine.host import Assembly
    from maturitytui.ui.app import MaturityApp

    release = threading.Event()

    def assemble():
        release.wait(timeout=30)
        return Assembly(rubric, [])

    app = MaturityApp(None, demo_store, assemble=assemble)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        assert app.rubric is None
        assert start.query_one("DataTable").get_row_at(0)[2] == "…"  # answered: not known yet
        await pilot.press("enter", "enter")  # open the newest review before the rubric is ready
        await pilot.pause()
        assert app.screen is start
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.rubric is rubric
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.context.session.id == "2026-06-18-demo02"


async def test_a_rubric_that_cannot_be_assembled_ends_the_program_with_the_reason(demo_store):
    from maturitytui.model.errors import MaturityError, Problem
    from maturitytui.ui.app import MaturityApp

    def assemble():
        raise MaturityError([Problem("--rubric", "", "no rubric 'nope' is provided", "use one of: hargreaves-2012")])

    app = MaturityApp(None, demo_store, assemble=assemble)
    said = []
    real_exit = app.exit
    app.exit = lambda *args, **kwargs: said.append(kwargs.get("message")) or real_exit(*args, **kwargs)
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    assert said == ["error: --rubric: no rubric 'nope' is provided — use one of: hargreaves-2012"]


async def test_a_large_store_is_read_after_the_start_screen_shows(demo_store, make_app, monkeypatch):
    import threading

    monkeypatch.setattr(StartScreen, "READ_IN_BACKGROUND_FROM", 1)  # the demo's three reviews count as large
    release = threading.Event()
    real_listing = demo_store.listing

    def slow_listing(progress=None, **kwargs):
        release.wait(timeout=30)
        return real_listing(progress, **kwargs)

    monkeypatch.setattr(demo_store, "listing", slow_listing)
    app = make_app(demo_store, partnership="Harbourside Learning Partnership")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        options = start.query_one("#partnerships")
        assert options.option_count == 1
        assert "Reading the reviews of 1 partnership…" in str(options.get_option_at_index(0).prompt)
        assert "Reading the reviews of 1 partnership…" in text_of(start.query_one("#start-hint"))
        # What acts on the store is switched off (and shown so) until it has been read.
        assert start.check_action("new_review", ()) is None
        assert start.check_action("alliance", ()) is None
        await pilot.press("n", "a")
        await pilot.pause()
        assert app.screen is start
        assert len(app.screen_stack) == 1
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Read: the review asked for on the command line opens, and the start screen lists the store.
        assert isinstance(app.screen, ReviewScreen)
        assert start.check_action("new_review", ()) is True
        assert start.catalogue_for("harbourside learning partnership").summaries
        assert "Harbourside" in str(options.get_option_at_index(0).prompt)


async def test_full_collections_wait_for_a_pause_while_the_program_runs(demo_store, make_app):
    import gc

    from maturitytui.ui.collector import NEVER

    before = gc.get_threshold()
    async with make_app(demo_store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == NEVER
        await pilot.press("down")
        assert pilot.app.collector._inputs >= 1  # a key counts as typing
    assert gc.get_threshold() == before


async def test_a_finished_review_opens_to_read_and_is_changed_only_on_purpose(demo_store, make_app):
    from maturitytui.ui.dialogs.common import ConfirmDialog

    latest = demo_store.catalogue().partnerships()["harbourside learning partnership"][-1]
    before = latest.path.read_bytes()
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.context.read_only
        assert "finished (read only)" in screen.sub_title
        assert screen.step == "summary"
        offered = [b.binding.description for b in screen.active_bindings.values()]
        assert "Finish" not in offered
        assert "Change it" in offered  # in the footer: how to change it is in view
        await pilot.press("b", "b", "enter")  # looking around, and Enter on the summary, change nothing
        await pilot.pause()
        assert latest.path.read_bytes() == before
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep reading
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+e", "enter")
        await pilot.pause()
        changing = app.screen
        assert isinstance(changing, ReviewScreen)
        assert changing is not screen
        assert not changing.context.read_only
        await changing.go_to("strand:dsi")
        await pilot.press("4")
        await pilot.pause()
        changing.flush()
    after = demo_store.load(latest.path)
    assert after.strands["dsi"].stage == "Leading"
    assert after.status == "complete"


async def test_finishing_asks_first_and_says_what_is_left(store, make_app):
    from maturitytui.ui.dialogs.common import ConfirmDialog

    app = make_app(store, partnership="Town Trio")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await screen.go_to("summary")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert "0 of 14 answered" in question.message
        assert question.region.contains_region(question.query_one("#yes").region)
        await pilot.press("enter")  # with steps unanswered, the highlighted answer is "Not yet"
        await pilot.pause()
        assert app.screen is screen
        assert screen.context.session.status == "in_progress"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert screen.context.session.status == "complete"


async def test_focus_and_not_applicable_say_so_even_when_the_top_of_the_strand_is_out_of_view(review_at):
    async with review_at("strand:fg", size=(80, 24)) as (pilot, screen):
        step = screen.query_one(StrandStep)
        step.scroll_end(animate=False)
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        said = [n.message for n in pilot.app._notifications]
        assert said[-1] == "★ A focus for the coming year"
        await pilot.press("x", *"Federation", "enter")
        await pilot.pause()
        assert [n.message for n in pilot.app._notifications][-1].startswith("Not applicable to this partnership")


async def test_the_advice_never_covers_the_rating_being_given(review_at):
    from maturitytui.ui.steps.criteria_step import RatingPicker

    async with review_at("criteria", size=(80, 24)) as (pilot, screen):
        await pilot.press("1", *["down"] * 6, "3")  # the easiest not yet, the hardest well established
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        focused = pilot.app.focused
        assert isinstance(focused, RatingPicker)
        assert "Worth a second look" in screen.query_one("#advice").plain()
        listing = screen.query_one("#criteria-list")
        assert listing.region.contains_region(focused.region)


async def test_a_last_review_against_other_descriptors_is_said_and_not_marked_on_a_card(demo_store):
    """An alliance's plugin has rewritten fit governance since the demo's reviews: the last review's stage is
    named with the reason it is not this rubric's stage, and no card claims it."""
    from conftest import make_host

    from maturitytui.ui.app import MaturityApp
    from tests.test_descriptors_changed import RewritesFitGovernance

    host = make_host()
    host.register(RewritesFitGovernance(), "our-governance")
    app = MaturityApp(host.assemble().rubric, demo_store, partnership="Harbourside Learning Partnership")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        stage = screen.context.previous.strands["fg"].stage
        await screen.go_to("strand:fg")
        await pilot.pause()
        status = text_of(screen.query_one("#strand-status"))
        assert f"Last review: {stage}, against other stage descriptors" in status
        assert not any("(last review)" in text_of(card) for card in screen.query("StageCard"))
        await screen.go_to("strand:jpd")
        await pilot.pause()
        assert "(last review)" in text_of(screen.query_one("#stage-2"))  # a strand left alone, as ever


async def test_leaving_a_review_comes_back_to_its_row(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter")  # last year's review
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one("#reviews", DataTable)
        assert app.focused is table  # Enter opens it again; Escape goes back to the partnerships
        assert table.cursor_row == 1
        assert table.get_row_at(1)[0] == "12 Jun 2025"
