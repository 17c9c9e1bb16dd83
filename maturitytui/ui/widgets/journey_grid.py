"""The partnership grid over time: every review's cell joined in order, beside the targets it set."""

from __future__ import annotations

from dataclasses import dataclass

from ...review import path_cells
from ...session import Cell
from .partnership_grid import ARROWS, Marks, PartnershipGrid, _sign


@dataclass(frozen=True)
class Stop:
    """One review on the journey: where the partnership was, where it meant to go, and a short label."""

    current: Cell | None
    target: Cell | None
    label: str


class JourneyGrid(PartnershipGrid):
    """Read-only: the path travelled (solid dots between the reviews' cells) and the path intended (arrows)."""

    COMPONENT_CLASSES = PartnershipGrid.COMPONENT_CLASSES | {"grid--travelled"}

    DEFAULT_CSS = """
    JourneyGrid > .grid--travelled { color: $success; }
    """

    def __init__(self, grid, stops: list[Stop], *, id: str | None = None) -> None:
        latest = stops[-1] if stops else Stop(None, None, "")
        super().__init__(grid, Marks(latest.current, latest.target), interactive=False, id=id)
        self.stops = stops

    def _glyphs(self) -> dict[tuple[int, int], tuple[str, str]]:
        glyphs: dict[tuple[int, int], tuple[str, str]] = {}
        at = lambda cell: (cell.nature, cell.integration)  # noqa: E731
        # The older reviews' intentions first, faint; the latest review's on top of them.
        for n, stop in enumerate(self.stops):
            latest = n == len(self.stops) - 1
            if stop.current and stop.target and stop.current != stop.target:
                sign = ARROWS.get((_sign(stop.target.nature - stop.current.nature),
                                   _sign(stop.target.integration - stop.current.integration)), "·")
                for cell in path_cells(stop.current, stop.target):
                    glyphs[cell] = (sign, "grid--path" if latest else "grid--previous")
        # Targets over any arrow that crosses them.
        for n, stop in enumerate(self.stops):
            latest = n == len(self.stops) - 1
            if stop.target:
                glyphs[at(stop.target)] = (f"◆{stop.label}" if latest else f"◇{stop.label}",
                                           "grid--target" if latest else "grid--previous")
        # The path travelled: dots between one review's cell and the next, then the cells themselves.
        cells = [s for s in self.stops if s.current is not None]
        for before, after in zip(cells, cells[1:]):
            for cell in path_cells(before.current, after.current):
                glyphs[cell] = ("•", "grid--travelled")
        for n, stop in enumerate(cells):
            latest = n == len(cells) - 1
            glyphs[at(stop.current)] = (f"●{stop.label}" if latest else f"○{stop.label}",
                                        "grid--current" if latest else "grid--travelled")
        return glyphs
