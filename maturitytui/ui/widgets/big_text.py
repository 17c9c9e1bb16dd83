"""Large letters, three rows high, for the presenter layout read from the back of a room.

The font is drawn in half blocks: each cell holds two "pixels", so a glyph is a
small bitmap about 3 pixels wide and 5 high, with a sixth row for the tails of
Q and the comma. Text wraps by whole words; when a word cannot fit in big
letters the widget shows plain bold text instead, so a letter is never cut.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from maturitytui.model.inert import inert

GLYPHS: dict[str, tuple[str, str, str]] = {
    "A": ("▄▀▄", "█▀█", "▀ ▀"),
    "B": ("█▀▄", "█▀▄", "▀▀ "),
    "C": ("▄▀▀", "█  ", " ▀▀"),
    "D": ("█▀▄", "█ █", "▀▀ "),
    "E": ("█▀▀", "█▀ ", "▀▀▀"),
    "F": ("█▀▀", "█▀ ", "▀  "),
    "G": ("▄▀▀ ", "█ ▀█", " ▀▀ "),
    "H": ("█ █", "█▀█", "▀ ▀"),
    "I": ("▀█▀", " █ ", "▀▀▀"),
    "J": ("  █", "▄ █", " ▀ "),
    "K": ("█ █", "█▀▄", "▀ ▀"),
    "L": ("█  ", "█  ", "▀▀▀"),
    "M": ("█▄ ▄█", "█ ▀ █", "▀   ▀"),
    "N": ("█▄ █", "█ ▀█", "▀  ▀"),
    "O": ("▄▀▀▄", "█  █", " ▀▀ "),
    "P": ("█▀▄", "█▀ ", "▀  "),
    "Q": ("▄▀▀▄", "█ ▄▀", " ▀▀▄"),
    "R": ("█▀▄", "█▀▄", "▀ ▀"),
    "S": ("▄▀▀", " ▀▄", "▀▀ "),
    "T": ("▀█▀", " █ ", " ▀ "),
    "U": ("█ █", "█ █", "▀▀▀"),
    "V": ("█ █", "█ █", " ▀ "),
    "W": ("█   █", "█▄▀▄█", "▀   ▀"),
    "X": ("█ █", "▄▀▄", "▀ ▀"),
    "Y": ("█ █", " █ ", " ▀ "),
    "Z": ("▀▀█", "▄▀ ", "▀▀▀"),
    "0": ("▄▀▄", "█ █", " ▀ "),
    "1": ("▄█ ", " █ ", "▀▀▀"),
    "2": ("▀▀▄", "▄▀ ", "▀▀▀"),
    "3": ("▀▀▄", " ▀▄", "▀▀ "),
    "4": ("█ █", "▀▀█", "  ▀"),
    "5": ("█▀▀", "▀▀▄", "▀▀ "),
    "6": ("▄▀▀", "█▀▄", " ▀ "),
    "7": ("▀▀█", " ▄▀", " ▀ "),
    "8": ("▄▀▀▄", "▄▀▀▄", " ▀▀ "),
    "9": ("▄▀▄", " ▀█", "▀▀ "),
    " ": ("  ", "  ", "  "),
    "-": ("   ", "▀▀▀", "   "),
    ",": ("  ", " ▄", "▄▀"),
    ".": (" ", " ", "▀"),
    ":": ("▄", "▄", " "),
    "'": ("█", " ", " "),
    "(": ("▄▀", "█ ", " ▀"),
    ")": ("▀▄", " █", "▀ "),
    "/": ("  █", "▄▀ ", "▀  "),
    "&": ("▄▀▄  ", "▄▀▄▄▀", " ▀▀ ▀"),
    "?": ("▀▀▄", " ▀ ", " ▀ "),
    "!": ("█", "▀", "▀"),
    "·": (" ", "▀", " "),
    "×": ("▄ ▄", "▄▀▄", "   "),
}
"""Each glyph's three rows, all of one width; letters only in upper case."""

ROWS = 3
GAP = " "  # between letters
_ALIKE = {
    "–": "-",
    "—": "-",
    "‐": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "`": "'",
    "“": "'",
    "”": "'",
    '"': "'",
    "•": "·",
    "∙": "·",
    "⋅": "·",
}


def glyph(char: str) -> tuple[str, str, str]:
    """The glyph for one character: its own, a look-alike's, or the plain character on the middle row."""
    char = _ALIKE.get(char, char)
    if char in GLYPHS:
        return GLYPHS[char]
    blank = " " * cell_len(char)
    return (blank, char, blank)


def _word_glyphs(word: str) -> tuple[str, ...]:
    """The rows of a whole word in big letters."""
    # é → E, ß → SS; marks that stand alone are dropped.
    letters = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).upper()
    glyphs = [glyph(c) for c in letters if cell_len(_ALIKE.get(c, c))]
    return tuple(GAP.join(g[row] for g in glyphs) for row in range(ROWS))


def big_lines(text: str, width: int) -> list[str] | None:
    """Text in big letters, wrapped by whole words to ``width`` cells; None when a word will not fit.

    Each line of words is three rows, with one blank row between lines; no text gives no rows.
    """
    space = GAP + GLYPHS[" "][0] + GAP
    lines: list[list[str]] = []  # the rows of each line so far
    for word in text.split():
        rows = _word_glyphs(word)
        if not rows[0]:
            continue
        if cell_len(rows[0]) > width:
            return None
        if lines and cell_len(lines[-1][0] + space + rows[0]) <= width:
            # Every word is ROWS rows high, so the rows pair up exactly.
            lines[-1] = [line + space + row for line, row in zip(lines[-1], rows, strict=True)]
        else:
            lines.append(list(rows))
    out: list[str] = []
    for line_rows in lines:
        out.extend([""] * bool(out) + line_rows)
    return out


class BigText(Widget):
    """A short text (a strand title, a stage, "4 of 6") in letters three rows high, in the widget's colour."""

    DEFAULT_CSS = "BigText { height: auto; }"

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self._cache: dict[int, tuple[bool, list[str]]] = {}
        self._strips_key: tuple[int, Style, str, str] | None = None
        self._strips: list[Strip] = []
        self._style: Style | None = None

    def update(self, text: str) -> None:
        """Show another text; nothing is redrawn when it is the same."""
        if text == self.text:
            return
        width = self.content_size.width
        before = len(self._lines(width)[1])
        self.text = text
        self._cache.clear()
        self._strips_key = None
        self.refresh(layout=len(self._lines(width)[1]) != before)

    def plain(self) -> str:
        """The text as given (for tests and screen readers)."""
        return self.text

    @property
    def big(self) -> bool:
        """Whether the text fits in big letters at the present width."""
        return self._lines(self.content_size.width)[0]

    def _lines(self, width: int) -> tuple[bool, list[str]]:
        """(big?, the rows to show) at a width: big letters, or else the text wrapped plainly."""
        if width not in self._cache:
            text = inert(self.text)  # a strand's title is a plugin's, a reason the room's
            big = big_lines(text, width)
            if big is not None:
                self._cache[width] = (True, big)
            else:
                plain = [str(line).strip() for line in Content(" ".join(text.split())).wrap(max(width, 1))]
                self._cache[width] = (False, plain)
        return self._cache[width]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width)[1])

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if self._style is None:
            self._style = self.rich_style  # walks every ancestor: once per style change, not once per line
        style = self._style
        align = self.styles.text_align
        key = (width, style, align, self.text)
        if self._strips_key != key:
            self._strips_key = key
            big, lines = self._lines(width)
            line_style = style if big else style + Style(bold=True)
            self._strips = []
            for n, line in enumerate(lines):
                # A big line's three rows share one width, so they stay together when centred.
                block = cell_len(lines[n - n % 4] if big else line)
                indent = {"center": (width - block) // 2, "right": width - block}.get(align, 0)
                self._strips.append(Strip([Segment(" " * max(indent, 0), style), Segment(line, line_style)]))
        if 0 <= y < len(self._strips):
            return self._strips[y].crop_extend(0, width, style)
        return Strip.blank(width, style)
