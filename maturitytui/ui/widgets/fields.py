"""Text fields that show what a file holds with its control characters inert, and keep it exactly.

A field opened on a name, a note or evidence from a file shows it; Textual's fields would send an escape
sequence in it to the terminal as it is. These show it as ``literal`` shows text, without changing the
value: a field confirmed unchanged gives back exactly what the file held, so a partnership's name (its key)
never changes under it.
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input, TextArea

from maturitytui.model.inert import inert


class _Inert(Highlighter):
    """How an Input draws its value: the one place Textual offers for that, so the value itself is untouched.
    Character for character, so the cursor stays where it is drawn; a line break shows as a space on one line."""

    def __call__(self, text: str | Text) -> Text:
        shown = Text(text) if isinstance(text, str) else text.copy()
        shown.plain = inert(shown.plain.replace("\n", " "))
        return shown

    def highlight(self, text: Text) -> None:  # pragma: no cover - __call__ does the work
        pass


class Field(Input):
    """An Input whose value is shown inert."""

    def __init__(self, value: str | None = None, **kwargs: Any) -> None:
        super().__init__(value, highlighter=_Inert(), **kwargs)


class NoteArea(TextArea):
    """A TextArea whose text is shown inert. Tabs are left to the TextArea, which lays them out itself."""

    def get_line(self, line_index: int) -> Text:
        line = self.document.get_line(line_index)
        return Text("\t".join(inert(part) for part in line.split("\t")), end="", no_wrap=True)
