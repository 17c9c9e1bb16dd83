"""A walk through every screen of the program at 80×24 and at 120×40: nothing on any of them is cut.

On each screen: the focused widget is drawn whole; no word ends in a "…" that the text did not have (the rest
did not fit) and no text is wrapped onto more lines than its place has; no widget is wider than its place
(scrolling sideways, or hiding the rest); and no scrolling box shows a scrollbar inside another showing one.
Dialogs are walked in test_layout.py; this walks the screens under them. Each screen that test_snapshots.py
and test_room_snapshots.py do not picture at 80×24 is pictured here.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import pytest
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.visual import RichVisual
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from maturitytui.demo import demo_sessions
from maturitytui.model.rubric import Rubric
from maturitytui.model.steps import Step
from maturitytui.model.tools import TOOL_KINDS
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.app import MaturityApp
from maturitytui.ui.dialogs.common import HelpScreen
from maturitytui.ui.screens.alliance import AllianceScreen
from maturitytui.ui.screens.compare import CompareScreen
from maturitytui.ui.screens.facilitated import FacilitatedReviewScreen
from maturitytui.ui.screens.history import HistoryScreen
from maturitytui.ui.screens.presenter import PresenterScreen
from maturitytui.ui.screens.review import ReviewScreen
from maturitytui.ui.screens.start import StartScreen

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}

# -- the programs walked: the demo store and a facilitated review ----------------------


@pytest.fixture
def demo(tmp_path, monkeypatch, rubric) -> MaturityApp:
    """The program on the demo partnerships, as test_snapshots.py shows it."""
    monkeypatch.chdir(tmp_path)  # paths on screen are shown relative to the current folder
    store = SessionStore(tmp_path / "sessions")
    for session in demo_sessions(rubric):
        store.save(session, stamp=False)
    return MaturityApp(rubric, store)


@pytest.fixture
def room(room_store, rubric) -> MaturityApp:
    """The facilitator's program, on the facilitated review."""
    return MaturityApp(rubric, room_store)


# -- the way to each screen ----------------------------------------------------------------------------------

Reach = Callable[[Pilot], Awaitable[None]]


@dataclass(frozen=True)
class Place:
    """A screen of the walk: which program shows it, and the keys to it from that program's first screen."""

    program: str
    """The fixture giving the program: ``demo`` or ``room``."""
    reach: Reach
    screen: type[Screen]
    """What shows once there."""


def arrived(pilot: Pilot, screen: type[Screen], step: str | None = None) -> None:
    """The walk stands where it meant to, or says where it stands instead."""
    shown = pilot.app.screen
    assert isinstance(shown, screen), f"meant to reach a {screen.__name__}, but {type(shown).__name__} shows"
    if step is not None:
        assert shown.step == Step.parse(step), f"meant to reach the step {step}, but {shown.step} shows"


def steady(pilot: Pilot) -> None:
    # A steady cursor, so the picture does not depend on timing.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def keys(*pressed: str) -> Reach:
    async def run(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press(*pressed)
        await pilot.pause()
        steady(pilot)

    return run


def first_tool_of(rubric: Rubric, kind: str) -> str:
    """The step of the rubric's first tool of this kind."""
    tools = [tool for tool in rubric.tools() if tool.kind == kind]
    assert tools, f"the built-in rubric offers no tool of the kind {kind}, so its step cannot be walked"
    return f"tool:{tools[0].id}"


def review_step(step: str | Callable[[Rubric], str], *then: str) -> Reach:
    """The demo partnership's newest review, opened to be changed, at a step (or the step the rubric gives),
    then these keys."""

    async def run(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("enter", "enter")  # the partnership, then its newest review, finished: open to read
        await pilot.pause()
        await pilot.press("ctrl+e", "enter")  # opened again to be changed, as it is shown being changed
        await pilot.pause()
        target = step if isinstance(step, str) else step(pilot.app.rubric)
        await pilot.app.screen.go_to(target)
        await pilot.pause()
        arrived(pilot, ReviewScreen, target)
        await keys(*then)(pilot)

    return run


def tool_step(kind: str) -> Reach:
    return review_step(lambda rubric: first_tool_of(rubric, kind))


WALK: dict[str, Place] = {
    "start": Place("demo", keys(), StartScreen),
    "grid": Place("demo", review_step("grid"), ReviewScreen),
    "strand": Place("demo", review_step("strand:jpd"), ReviewScreen),
    "strand-evidence": Place("demo", review_step("strand:jpd", "e"), ReviewScreen),
    "strand-next-steps": Place("demo", review_step("strand:jpd", "tab", "tab"), ReviewScreen),
    "criteria": Place("demo", review_step("criteria"), ReviewScreen),
    "summary": Place("demo", review_step("summary"), ReviewScreen),
    **{f"tool-{kind}": Place("demo", tool_step(kind), ReviewScreen) for kind in TOOL_KINDS},
    "help-on-strand": Place("demo", review_step("strand:jpd", "question_mark"), HelpScreen),
    "history": Place("demo", keys("h"), HistoryScreen),
    "compare": Place("demo", keys("h", "c"), CompareScreen),
    "alliance": Place("demo", keys("a"), AllianceScreen),
    "facilitated-strand": Place("room", keys("enter", "enter"), FacilitatedReviewScreen),
    "presenter": Place("room", keys("enter", "enter", "p"), PresenterScreen),
}

PICTURED_ELSEWHERE = {
    *("start", "grid", "strand", "criteria", "summary", "tool-ties", "history", "compare", "alliance"),
    "facilitated-strand",  # test_the_room_under_a_strand_on_a_narrow_terminal
}
"""Screens test_snapshots.py or test_room_snapshots.py already picture at 80×24, reached the same way."""


def walk_to(name: str) -> Reach:
    """The keys to a screen of the walk; a walk that goes astray says which screen, at which size, and where."""
    place = WALK[name]

    async def run(pilot: Pilot) -> None:
        try:
            await place.reach(pilot)
            arrived(pilot, place.screen)
        except AssertionError as astray:
            size = pilot.app.size
            raise AssertionError(f"{name} at {size.width}x{size.height}: {astray}") from None

    return run


# -- what is wrong on a screen -------------------------------------------------------------------------------


def named(widget: Widget) -> str:
    return type(widget).__name__ + (f"#{widget.id}" if widget.id else "")


def focus_problems(screen: Screen) -> Iterator[str]:
    """The focused widget is whole on the screen. A widget taller than any screen (the four stage cards) names
    the part the keys act on as its ``focus_part``: that part is whole, or, taller than its place, starts in view.
    """
    focused = screen.focused
    if focused is None:
        return
    part = getattr(focused, "focus_part", focused)
    placed = screen._compositor.visible_widgets.get(part)
    if placed is None:
        yield f"the focused {named(part)} is not on the screen"
        return
    region, clip = placed
    shown = region.intersection(clip).intersection(screen.region)
    if shown == region:
        return
    if region.height > clip.height and shown.y == region.y:
        return  # as much of it as there is room for, from its first line
    yield f"the focused {named(part)} is cut: it is {region}, only {shown} of it shows"


def columns_past(table: DataTable, width: int) -> list[str]:
    """The columns of a table that end beyond ``width`` cells."""
    past, right = [], 0
    for column in table.ordered_columns:
        right += column.get_render_width(table)
        if right > width:
            past.append(str(column.label))
    return past


SAYS_WHERE_THE_COLUMNS_ARE = "← → show the columns"


def scrollbar_problems(screen: Screen) -> Iterator[str]:
    visible = screen._compositor.visible_widgets
    # A table of many columns may be wider than the screen where the screen says how to reach the rest.
    says_where = any(SAYS_WHERE_THE_COLUMNS_ARE in written(w) for w in visible if isinstance(w, Static))
    for widget in visible:
        if widget.show_horizontal_scrollbar and not (isinstance(widget, DataTable) and says_where):
            wide, place = widget.virtual_size.width, widget.scrollable_content_region.width
            problem = f"{named(widget)} is wider than its place: {wide} columns in {place}"
            if isinstance(widget, DataTable):
                problem += f", the columns {columns_past(widget, place)} past its edge"
            # A widget with no room for a scrollbar (the footer) hides the rest without a sign.
            shown = "a scrollbar to reach the rest" if widget.scrollbar_size_horizontal else "the rest hidden"
            yield f"{problem}, {shown}"
        if widget.show_vertical_scrollbar:
            outer = next((a for a in widget.ancestors if isinstance(a, Widget) and a.show_vertical_scrollbar), None)
            if outer is not None:
                yield (
                    f"two vertical scrollbars at once: {named(widget)} ({visible[widget][0]}) scrolls, "
                    f"inside {named(outer)}, which scrolls too"
                )


def plain(shown: object) -> str:
    if isinstance(shown, RichVisual):
        shown = shown._renderable  # a Rich renderable, wrapped to be drawn
    if isinstance(shown, Table):
        cells = [column.header for column in shown.columns]
        cells += [cell for column in shown.columns for cell in column.cells]
        return " ".join(map(plain, cells))
    if isinstance(shown, (Content, Text)):
        return shown.plain
    return shown if isinstance(shown, str) else ""


def written(widget: Widget) -> str:
    """Everything a widget was given to show, before it was fitted to its place, on one line."""
    if isinstance(widget, DataTable):
        cells = [column.label for column in widget.ordered_columns]
        cells += [cell for row in range(widget.row_count) for cell in widget.get_row_at(row)]
    elif isinstance(widget, OptionList):
        cells = [widget.get_option_at_index(n).prompt for n in range(widget.option_count)]
    else:
        cells = [widget.render()]
    return " ".join(" ".join(plain(cell).split()) for cell in cells)


def cut_text(screen: Screen) -> Iterator[str]:
    """Every line where a word ends in "…" that its widget was not given: the rest of the text did not fit.

    Some words are written with "…" ("This partnership's ties are…"): a "…" is passed over only when the
    words before it, as far back as the widget's left edge, are in the text the widget was given, "…" and all.
    """
    for y, strip in enumerate(screen._compositor.render_strips()):
        line = strip.text
        for at in (n for n, c in enumerate(line) if c == "…" and n and not line[n - 1].isspace()):
            x = cell_len(line[:at])
            widget, _ = screen.get_widget_at(x, y)
            region, clip = screen._compositor.visible_widgets[widget]
            before = strip.crop(max(region.x, clip.x), x).text
            words = re.search(r"(?:\S+ )*\S+$", before)
            if words is None or f"{words.group()}…" not in written(widget):
                yield f"text cut in {named(widget)}: {line.strip()!r}"


def text_cut_short(screen: Screen) -> Iterator[str]:
    """Every piece of text wrapped onto more lines than its place has, the last ones hidden without a sign."""
    for widget in screen._compositor.visible_widgets:
        if not isinstance(widget, Static) or widget.show_vertical_scrollbar:
            continue
        place = widget.content_region
        lines = widget.get_content_height(widget.container_size, screen.size, place.width)
        if lines > place.height:
            yield f"text cut in {named(widget)}: {lines} lines in a place {place.height} high, {written(widget)!r}"


def text_past_the_edge(screen: Screen) -> Iterator[str]:
    """Every piece of text laid out wider than its container shows: its end cut off at the edge, without a sign."""
    for widget, (region, clip) in screen._compositor.visible_widgets.items():
        if isinstance(widget, Static) and region.right > clip.right:
            yield f"text past the edge in {named(widget)}: {written(widget)!r}"


def problems_on(screen: Screen) -> list[str]:
    return [
        *focus_problems(screen),
        *cut_text(screen),
        *text_cut_short(screen),
        *text_past_the_edge(screen),
        *scrollbar_problems(screen),
    ]


async def problems_further_down(pilot: Pilot) -> list[str]:
    """What is cut in the parts of the screen reached by scrolling: each scrolling pane, a page at a time."""
    screen = pilot.app.screen
    found: list[str] = []
    panes = [
        w
        for w in screen._compositor.visible_widgets
        if w.max_scroll_y > 0 and not isinstance(w, (DataTable, TextArea)) and w.allow_vertical_scroll
    ]
    for pane in panes:
        start = pane.scroll_y
        for y in range(0, pane.max_scroll_y + pane.size.height, max(pane.size.height - 1, 1)):
            pane.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            for problem in [*cut_text(screen), *text_cut_short(screen), *text_past_the_edge(screen)]:
                if problem not in found:
                    found.append(f"{problem} (scrolled down {named(pane)})")
        pane.scroll_to(y=start, animate=False, immediate=True)
    return list(dict.fromkeys(found))


# -- the tests ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", WALK)
async def test_nothing_on_a_screen_is_cut_and_no_scrollbar_sits_in_another(request, name, size):
    app = request.getfixturevalue(WALK[name].program)
    async with app.run_test(size=SIZES[size]) as pilot:
        await walk_to(name)(pilot)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()  # a widget taking the focus is scrolled to, smoothly
        await pilot.pause()
        problems = problems_on(app.screen)
        problems += await problems_further_down(pilot)
    assert not problems, f"{name} at {size}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", [name for name in WALK if name not in PICTURED_ELSEWHERE])
def test_how_each_screen_looks_at_80x24(snap_compare, request, name):
    app = request.getfixturevalue(WALK[name].program)
    assert snap_compare(app, terminal_size=(80, 24), run_before=walk_to(name))
