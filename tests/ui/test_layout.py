"""Every dialog is whole at the size of a default terminal and on a laptop: title, buttons and focus in view."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widget import Widget
from textual.widgets import Label

from maturitytui.analysis.history import history_of
from maturitytui.model.session import Action
from maturitytui.ui.dialogs.common import ActionDialog, ConfirmDialog, HelpScreen, NewReviewDialog, ReasonDialog
from maturitytui.ui.dialogs.report import ReportDialog
from maturitytui.ui.dialogs.room import FacilitatedReviewDialog, ReasonsDialog, RowsDialog, TimerDialog

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
SCHOOLS = ["Harbourside Primary School", "Kestrel Lane Primary School", "Orchard Vale Primary School"]
QUESTIONS = [(f"strand:s{n}", f"Strand number {n} of a long step") for n in range(12)]


def dialogs(demo):
    carried = Action(text="Trios visit each other's lessons", carried_from="r1", agreed=date(2026, 6, 18))
    return {
        "new partnership": lambda: NewReviewDialog(),
        "new review": lambda: NewReviewDialog("Harbourside Learning Partnership", SCHOOLS, ["A", "B", "C"]),
        "not applicable": lambda: ReasonDialog("Joint practice development"),
        "next step": lambda: ActionDialog(),
        "carried step": lambda: ActionDialog(carried),
        "facilitated review": lambda: FacilitatedReviewDialog("Harbourside Learning Partnership", SCHOOLS),
        "ratings": lambda: RowsDialog(QUESTIONS, []),
        "reasons": lambda: ReasonsDialog(QUESTIONS, {}),
        "timer": lambda: TimerDialog(5),
        "report": lambda: ReportDialog(demo[0], history_of(demo[0], demo[1]), demo[1][-1]),
        "finish": lambda: ConfirmDialog("Finish this review?", "4 of 14 answered. " * 6, "Finish", "Not yet"),
        "help": lambda: HelpScreen([(f"key{n}", f"Does thing {n}") for n in range(30)], "A note. " * 40),
    }


def shown_whole(screen, widget: Widget) -> bool:
    """The widget is drawn on the screen, all of it, not cut by its container or the screen's edge."""
    placed = screen._compositor.visible_widgets.get(widget)
    if placed is None:
        return False
    region, clip = placed
    return clip.contains_region(region) and screen.region.contains_region(region)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "name",
    [
        "new partnership",
        "new review",
        "not applicable",
        "next step",
        "carried step",
        "facilitated review",
        "ratings",
        "reasons",
        "timer",
        "report",
        "finish",
        "help",
    ],
)
async def test_every_dialog_shows_its_title_its_buttons_and_where_the_typing_goes(
    demo_store, make_app, rubric, size, name
):
    demo = (rubric, [demo_store.load(s.path) for s in demo_store.catalogue().summaries])
    app = make_app(demo_store)
    async with app.run_test(size=SIZES[size]) as pilot:
        await pilot.pause()
        app.push_screen(dialogs(demo)[name]())
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()  # a field taking the focus is scrolled to, smoothly
        dialog = app.screen
        title = dialog.query(".title").first()
        assert shown_whole(dialog, title), f"{name}: the title is cut or scrolled away"
        for button in dialog.query("Button"):
            assert shown_whole(dialog, button), f"{name}: {button.label} is out of view"
        focused = app.focused
        if focused is not None:
            assert shown_whole(dialog, focused), f"{name}: the focused {focused} is out of view"
            # The field the dialog opens on is read with its label: the label above it is in view too.
            siblings = list(focused.parent.children) if focused.parent is not None else []
            before = siblings[siblings.index(focused) - 1] if siblings.index(focused) > 0 else None
            if isinstance(before, Label):
                assert shown_whole(dialog, before), f"{name}: the label of the field it opens on is out of view"
        # Tab through every field: each is brought into view as it takes the focus.
        for _ in range(12):
            await pilot.press("tab")
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            if app.focused is not None and app.screen is dialog:
                assert shown_whole(dialog, app.focused), f"{name}: {app.focused} took the focus out of view"


@pytest.mark.parametrize("name", ["next step", "finish"])
async def test_a_message_still_showing_never_covers_a_dialog(demo_store, make_app, rubric, name):
    demo = (rubric, [demo_store.load(s.path) for s in demo_store.catalogue().summaries])
    app = make_app(demo_store)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await pilot.pause()
        app.notify("Saved at reports/a-long-file-name-report.html", title="Print", timeout=30)
        await pilot.pause()
        assert len(app._notifications) == 1
        app.push_screen(dialogs(demo)[name]())
        await pilot.pause()
        assert len(app._notifications) == 0  # taken down: at 80x24 it sat on the dialog's buttons
