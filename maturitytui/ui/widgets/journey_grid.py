"""The partnership grid over time: every review's cell joined in order, beside the targets it set."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from maturitytui.analysis.review import path_cells
from maturitytui.model.session import Cell
from maturitytui.ui.widgets.partnership_grid import Marks, PartnershipGrid, arrow_between


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
        last = len(self.stops) - 1
        # The older reviews' directions first, faint; the latest review's over them.
        for n, stop in enumerate(self.stops):
            if stop.current and stop.target and stop.current != stop.target:
                sign = arrow_between(stop.current, stop.target)
                for cell in path_cells(stop.current, stop.target):
                    glyphs[cell] = (sign, "grid--path" if n == last else "grid--previous")
        # The path travelled: dots between one review's cell and the next.
        cells = [s.current for s in self.stops if s.current is not None]
        for before, after in pairwise(cells):
            for cell in path_cells(before, after):
                glyphs[cell] = ("•", "grid--travelled")
        # Every mark in a cell is shown, labels joined: years in one cell are common ("○1,2,3").
        marks: dict[tuple[int, int], list[tuple[str, str, int]]] = {}
        for n, stop in enumerate(self.stops):
            if stop.target:
                marks.setdefault(at(stop.target), []).append(("◆" if n == last else "◇", stop.label, n))
            if stop.current:
                marks.setdefault(at(stop.current), []).append(("●" if n == last else "○", stop.label, n))
        for cell, found in marks.items():
            groups: dict[str, list[str]] = {}
            for symbol, label, _ in found:
                groups.setdefault(symbol, []).append(label)
            text = "".join(symbol + ",".join(labels) for symbol, labels in groups.items())
            latest = any(n == last for *_, n in found)
            kinds = {symbol for symbol, *_ in found}
            style = (
                "grid--target"
                if latest and "◆" in kinds and "●" not in kinds
                else "grid--current"
                if latest
                else "grid--travelled"
                if kinds & {"○"}
                else "grid--previous"
            )
            glyphs[cell] = (text, style)
        return glyphs
