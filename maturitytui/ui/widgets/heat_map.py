"""The strands by dimension as a compact heat map of stages, with the last review beside each."""

from __future__ import annotations

from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from maturitytui.model.inert import inert
from maturitytui.model.rubric import STAGES, Rubric
from maturitytui.model.session import Session

# A ramp from the first stage to the last; readable in light and dark themes.
STAGE_STYLES = ("on #8c5a2b", "on #a08a2a", "on #4f8a3c", "on #2b6e8c")


def stage_cell(session: Session | None, strand_id: str) -> Text:
    answer = session.strands.get(strand_id) if session else None
    if answer is not None and answer.not_applicable:
        return Text("n/a", style="italic")
    if answer is None or answer.stage is None:
        return Text("–", style="dim")
    return Text(answer.stage)


def heat_map(rubric: Rubric, session: Session, previous: Session | None = None) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
    table.add_column("Strand", max_width=44)  # a long name wraps onto a second line
    for stage in STAGES:
        table.add_column(stage[0], justify="center", width=3)
    if previous is not None:
        table.add_column("Last review", no_wrap=True)
    table.add_column("", no_wrap=True)
    for dimension in rubric.dimensions:
        table.add_row(Text(inert(dimension.title), style="bold underline"))
        for strand in dimension.strands:
            answer = session.strands.get(strand.id)
            before = previous.strands.get(strand.id) if previous else None
            cells = []
            for i, stage in enumerate(STAGES):
                chosen = answer is not None and answer.stage == stage
                earlier = before is not None and before.stage == stage
                glyph = "■" if chosen else ("□" if earlier else "·")
                cells.append(Text(f" {glyph} ", style=f"bold white {STAGE_STYLES[i]}" if chosen else "dim"))
            notes = []
            if answer is not None and answer.not_applicable:
                notes.append("n/a")
            if answer is not None and answer.focus:
                notes.append("★ focus")
            # Indented under its dimension, wrapped lines too.
            row: list[RenderableType] = [Padding(Text(inert(strand.title)), (0, 0, 0, 2)), *cells]
            if previous is not None:
                row.append(stage_cell(previous, strand.id))
            row.append(Text("  ".join(notes), style="italic"))
            table.add_row(*row)
    return table
