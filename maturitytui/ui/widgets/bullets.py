"""Bulleted lines with a hanging indent, so wrapped text lines up under its first word."""

from __future__ import annotations

from typing import Iterable

from rich.console import RenderableType
from rich.table import Table


def bullets(items: Iterable[RenderableType], glyph: str = "•") -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(width=len(glyph))
    table.add_column(ratio=1)
    for item in items:
        table.add_row(glyph, item)
    return table
