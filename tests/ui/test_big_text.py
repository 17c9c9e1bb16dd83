"""BigText: the presenter's three-row letters, as pure wrapping and as a widget."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from maturitytui.ui.widgets.big_text import GLYPHS, ROWS, BigText, big_lines

WORD = sorted(c for c in GLYPHS if c != " ")


def big_line_count(rows: list[str]) -> int:
    return (len(rows) + 1) // 4


@pytest.mark.parametrize("char", sorted(GLYPHS))
def test_every_glyph_has_three_rows_of_one_width(char):
    rows = GLYPHS[char]
    assert len(rows) == ROWS
    assert len({cell_len(row) for row in rows}) == 1
    assert cell_len(rows[0]) >= 1


def test_lower_case_and_accents_draw_as_plain_capitals():
    assert big_lines("embedding", 80) == big_lines("EMBEDDING", 80)
    assert big_lines("Café", 80) == big_lines("CAFE", 80)


def test_one_word_is_three_rows():
    rows = big_lines("Leading", 80)
    assert len(rows) == 3
    assert len({cell_len(r) for r in rows}) == 1
    assert rows[0].startswith(GLYPHS["L"][0] + " " + GLYPHS["E"][0])


def test_wraps_at_word_boundaries_to_the_width():
    one_line = big_lines("Joint practice development", 200)
    assert len(one_line) == 3
    width = cell_len(big_lines("Joint practice", 200)[0])
    rows = big_lines("Joint practice development", width)
    assert len(rows) == 7
    assert rows[3] == ""
    assert rows[:3] == big_lines("Joint practice", width)
    assert rows[4:] == big_lines("development", width)
    assert all(cell_len(row) <= width for row in rows)


def test_a_word_too_long_for_the_width_gives_none():
    width = cell_len(big_lines("development", 200)[0])
    assert big_lines("development", width) is not None
    assert big_lines("development", width - 1) is None
    assert big_lines("Joint practice development", width - 1) is None


def test_no_words_no_rows():
    assert big_lines("", 40) == []
    assert big_lines("   ", 40) == []


@given(
    words=st.lists(st.text(st.sampled_from(WORD), min_size=1, max_size=12), max_size=8),
    width=st.integers(min_value=4, max_value=120),
)
def test_lines_never_exceed_the_width(words, width):
    rows = big_lines(" ".join(words), width)
    if rows is None:
        return
    assert all(cell_len(row) <= width for row in rows)
    lines = big_line_count(rows)
    assert len(rows) == (3 * lines + (lines - 1) if lines else 0)
    assert all(rows[n] == "" for n in range(3, len(rows), 4))


class BigApp(App):
    CSS = "BigText { width: 60; } BigText.narrow { width: 8; }"

    def compose(self) -> ComposeResult:
        yield BigText("Leading", id="big")


def shown(widget: BigText) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


async def test_widget_is_three_rows_then_plain_when_narrow_and_updates():
    app = BigApp()
    async with app.run_test(size=(80, 20)) as pilot:
        widget = app.query_one("#big", BigText)
        await pilot.pause()
        assert widget.size.height == 3
        assert widget.big
        assert shown(widget) == [row.rstrip() for row in big_lines("Leading", 60)]

        widget.add_class("narrow")
        await pilot.pause()
        assert not widget.big
        assert widget.size.height == 1
        assert shown(widget) == ["Leading"]

        widget.remove_class("narrow")
        widget.update("4 of 6")
        await pilot.pause()
        assert widget.big
        assert widget.size.height == 3
        assert shown(widget) == [row.rstrip() for row in big_lines("4 of 6", 60)]

        widget.update("Joint practice development")
        await pilot.pause()
        assert widget.size.height == len(big_lines("Joint practice development", 60)) > 3


class PresenterLike(App):
    CSS = """
    Screen { background: black; }
    BigText { color: white; text-style: bold; margin: 1 2; }
    #stage { color: yellow; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield BigText("Joint practice development")
        yield BigText("Embedding · 4 of 6", id="stage")


def test_snapshot(snap_compare):
    assert snap_compare(PresenterLike(), terminal_size=(80, 20))
