"""Inline SVG for the HTML report: Figure 1's partnership grid with the path travelled, and stage charts.

Everything is drawn from plain numbers into SVG text, so the report needs no
scripts, fonts or images. Colours are backed by shape, dash and text so the
figures still read printed in greyscale.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from itertools import pairwise

from maturitytui.analysis.history import ABSENT, mark_words, stage_number
from maturitytui.analysis.review import direction
from maturitytui.model.rubric import STAGES, Grid
from maturitytui.model.session import Cell, Session
from maturitytui.model.session_format import NOT_APPLICABLE

INK, LATEST, EARLIER, RULE = "#222", "#1f4e79", "#7a8794", "#c9d1d9"


def _text(x: float, y: float, value: str, *, anchor: str = "middle", size: int = 12, extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{extra}>{escape(value)}</text>'


# -- Figure 1: the partnership grid ---------------------------------------------

CELL, LEFT, TOP, KEY = 60, 112, 16, 320
"""Cell size, the margins that hold the axis labels, and the width of the key on the right."""
KEY_REVIEWS = 12
"""The key lists at most this many of the latest reviews."""


def grid_figure(grid: Grid, reviews: tuple[Session, ...], labels: dict[str, str], title: str) -> str:
    """The grid with each review's cell as a dot, joined in time order, and a dashed arrow to each target.

    Dots carry their year; where years repeat or reviews share a cell, they are
    numbered instead and the key says which review each number is.
    """
    cells = [c for s in reviews for c in (s.grid.current, s.grid.target) if c is not None]
    n = max([grid.size, *(max(c.integration, c.nature) for c in cells)])
    cell = CELL if n <= 6 else 360 / n
    side = n * cell

    def centre(nature: int, integration: int) -> tuple[float, float]:
        return LEFT + (nature - 0.5) * cell, TOP + (n - integration + 0.5) * cell

    # Each review with a current cell, beside that cell.
    marked = [(s, now) for s in reviews if (now := s.grid.current) is not None]
    spots = _spread(marked, centre, cell)
    numbered = any(len(labels[s.id]) > 4 for s, _ in marked) or len({_at(now) for _, now in marked}) < len(marked)
    latest = marked[-1][0].id if marked else ""
    key = _key(LEFT + side + 24, TOP, marked, labels, latest, numbered)
    width = LEFT + side + 24 + KEY
    height = max(TOP + side + 70, TOP + 36 + 4 * 24 + 28 + 17 * (min(len(marked), KEY_REVIEWS) + 2))

    out = [
        f'<svg id="partnership-grid" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="partnership-grid-title">',
        f'<title id="partnership-grid-title">{escape(title)}</title>',
        _markers(),
    ]
    out += [
        f'<rect class="grid-cell" x="{LEFT + i * cell:.1f}" y="{TOP + j * cell:.1f}" width="{cell:.1f}" '
        f'height="{cell:.1f}" fill="#fff" stroke="{RULE}"/>'
        for i in range(n)
        for j in range(n)
    ]
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{side:.1f}" height="{side:.1f}" fill="none" stroke="{INK}"/>')
    out += _axes(grid, n, cell, side)
    if len(marked) > 1:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (spots[s.id] for s, _ in marked))
        out.append(
            f'<polyline class="path-travelled" points="{points}" fill="none" stroke="{INK}" '
            f'stroke-width="2.5" stroke-linejoin="round"/>'
        )
    for s, _ in marked:
        if s.grid.target is not None:
            out.append(_target(spots[s.id], centre(s.grid.target.nature, s.grid.target.integration), s.id == latest))
    for number, (s, now) in enumerate(marked, start=1):
        label = str(number) if numbered else labels[s.id]
        out.append(_dot(s, now, spots[s.id], label, labels[s.id], s.id == latest, inside=numbered))
    out += key
    out.append("</svg>")
    return "\n".join(out)


def _at(cell: Cell) -> tuple[int, int]:
    return cell.nature, cell.integration


def _markers() -> str:
    return (
        "<defs>"
        + "".join(
            f'<marker id="pg-arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            for name, colour in (("latest", LATEST), ("earlier", EARLIER))
        )
        + "</defs>"
    )


def _axes(grid: Grid, n: int, cell: float, side: float) -> list[str]:
    bottom = TOP + side
    out = [_text(LEFT - 10, TOP + (n - i + 0.5) * cell + 4, str(i), anchor="end") for i in range(1, n + 1)]
    out += [_text(LEFT + (i - 0.5) * cell, bottom + 18, str(i)) for i in range(1, n + 1)]
    integration, nature = grid.integration, grid.nature
    out.append(_text(LEFT - 28, bottom - cell / 2 + 4, integration.low, anchor="end", extra=' font-style="italic"'))
    out.append(_text(LEFT - 28, TOP + cell / 2 + 4, integration.high, anchor="end", extra=' font-style="italic"'))
    out.append(_text(LEFT, bottom + 36, nature.low, anchor="start", extra=' font-style="italic"'))
    out.append(_text(LEFT + side, bottom + 36, nature.high, anchor="end", extra=' font-style="italic"'))
    vertical = integration.title + (f" ({integration.subtitle})" if integration.subtitle else "")
    mid = TOP + side / 2
    out.append(_text(18, mid, vertical, size=13, extra=f' font-weight="bold" transform="rotate(-90 18 {mid:.1f})"'))
    horizontal = nature.title + (f" ({nature.subtitle})" if nature.subtitle else "")
    out.append(_text(LEFT + side / 2, bottom + 58, horizontal, size=13, extra=' font-weight="bold"'))
    return out


def _spread(
    marked: list[tuple[Session, Cell]], centre: Callable[[int, int], tuple[float, float]], cell: float
) -> dict[str, tuple[float, float]]:
    """Each review's dot; reviews that share a cell sit side by side, three to a row."""
    groups: dict[tuple[int, int], list[Session]] = {}
    for s, now in marked:
        groups.setdefault(_at(now), []).append(s)
    gap = min(19.0, cell / 3.2)
    spots: dict[str, tuple[float, float]] = {}
    for (nature, integration), group in groups.items():
        x, y = centre(nature, integration)
        rows = -(-len(group) // 3)
        for i, s in enumerate(group):
            row, col = divmod(i, 3)
            across = min(3, len(group) - row * 3)
            spots[s.id] = (x + (col - (across - 1) / 2) * gap, y + (row - (rows - 1) / 2) * gap)
    return spots


def _target(start: tuple[float, float], end: tuple[float, float], latest: bool) -> str:
    colour, width, name = (LATEST, 2.5, "latest") if latest else (EARLIER, 1.5, "earlier")
    classes = "target-arrow latest" if latest else "target-arrow"
    if abs(start[0] - end[0]) < 1 and abs(start[1] - end[1]) < 1:
        return (
            f'<circle class="{classes}" cx="{start[0]:.1f}" cy="{start[1]:.1f}" r="15" fill="none" '
            f'stroke="{colour}" stroke-width="{width}" stroke-dasharray="5 4"/>'
        )
    # Stop short of the target's centre so the arrowhead does not sit on a dot there.
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = (dx * dx + dy * dy) ** 0.5
    shorten = min(10.0, length / 3)
    x2, y2 = end[0] - dx / length * shorten, end[1] - dy / length * shorten
    return (
        f'<line class="{classes}" x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="{width}" stroke-dasharray="6 4" marker-end="url(#pg-arrow-{name})"/>'
    )


def _dot(s: Session, cell: Cell, spot: tuple[float, float], label: str, name: str, latest: bool, inside: bool) -> str:
    x, y = spot
    fill, r = (LATEST, 8) if latest else ("#dfe6ec", 6)
    r += 2 if inside else 0
    dot = (
        f'<circle class="review-dot{" latest" if latest else ""}" data-review="{escape(s.id)}" '
        f'data-cell="{cell.integration},{cell.nature}" cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" '
        f'stroke="{INK}" stroke-width="1.5"><title>{escape(name)}</title></circle>'
    )
    weight = ' font-weight="bold"' if latest else ""
    if inside:
        colour = "#fff" if latest else INK
        return dot + _text(x, y + 3.5, label, size=10, extra=f'{weight} fill="{colour}" class="dot-label"')
    halo = ' paint-order="stroke" stroke="#fff" stroke-width="3"'
    return dot + _text(x, y - 12, label, size=11, extra=weight + halo + ' class="dot-label"')


def _key(
    x: float, y: float, marked: list[tuple[Session, Cell]], labels: dict[str, str], latest: str, numbered: bool
) -> list[str]:
    out = [_text(x, y + 12, "Key", anchor="start", extra=' font-weight="bold"')]
    rows = [
        (
            f'<circle cx="{x + 12}" cy="{{y}}" r="6" fill="#dfe6ec" stroke="{INK}" stroke-width="1.5"/>',
            "Where the partnership stood",
        ),
        (
            f'<circle cx="{x + 12}" cy="{{y}}" r="8" fill="{LATEST}" stroke="{INK}" stroke-width="1.5"/>',
            "The latest review",
        ),
        (
            f'<line x1="{x}" y1="{{y}}" x2="{x + 24}" y2="{{y}}" stroke="{INK}" stroke-width="2.5"/>',
            "The path travelled",
        ),
        (
            f'<line x1="{x}" y1="{{y}}" x2="{x + 22}" y2="{{y}}" stroke="{LATEST}" stroke-width="2.5" '
            f'stroke-dasharray="6 4" marker-end="url(#pg-arrow-latest)"/>',
            "The path intended (target)",
        ),
    ]
    for i, (shape, words) in enumerate(rows):
        row_y = y + 36 + i * 24
        out.append(shape.format(y=row_y))
        out.append(_text(x + 34, row_y + 4, words, anchor="start"))
    top = y + 36 + len(rows) * 24 + 8
    out.append(_text(x, top, "Reviews (cells read integration,nature)", anchor="start", extra=' font-weight="bold"'))
    shown = list(enumerate(marked, start=1))[-KEY_REVIEWS:]
    lines = [f"… and {len(marked) - len(shown)} earlier"] if len(shown) < len(marked) else []
    for number, (s, now) in shown:
        target = s.grid.target
        where = f"{now.integration},{now.nature}" + (
            f" → {target.integration},{target.nature}, {direction(now, target)}" if target else ", no target"
        )
        lines.append((f"{number}. " if numbered else "") + f"{labels[s.id]}: {where}")
    for i, line in enumerate(lines):
        weight = ' font-weight="bold"' if i == len(lines) - 1 and latest else ""
        out.append(_text(x, top + 18 + i * 17, line, anchor="start", size=11, extra=weight))
    return out


# -- stage charts -----------------------------------------------------------------

CHART_W, CHART_H, CHART_LEFT, CHART_TOP, CHART_BOTTOM = 240, 124, 74, 10, 26


def stage_chart(strand_id: str, title: str, marks: list[str | None], labels: list[str]) -> str:
    """One strand's stage (Beginning … Leading) at each review, oldest first; gaps where it had no stage."""
    plot_w, plot_h = CHART_W - CHART_LEFT - 14, CHART_H - CHART_TOP - CHART_BOTTOM
    step = plot_w / max(len(marks) - 1, 1)

    def at(i: int) -> float:
        return CHART_LEFT + (i * step if len(marks) > 1 else plot_w / 2)

    def level(n: int) -> float:
        return CHART_TOP + plot_h - (n - 1) * plot_h / 3

    summary = "; ".join(f"{lab}: {mark_words(m)}" for lab, m in zip(labels, marks, strict=True))
    out = [
        f'<svg class="stage-chart" data-strand="{escape(strand_id)}" '
        f'viewBox="0 0 {CHART_W} {CHART_H}" width="{CHART_W}" height="{CHART_H}" role="img">',
        f"<title>{escape(title)}: {escape(summary)}</title>",
    ]
    for n, name in enumerate(STAGES, start=1):
        out.append(
            f'<line x1="{CHART_LEFT}" x2="{CHART_LEFT + plot_w}" y1="{level(n):.1f}" y2="{level(n):.1f}" '
            f'stroke="{RULE}" stroke-width="1"/>'
        )
        out.append(_text(CHART_LEFT - 8, level(n) + 4, name, anchor="end", size=11))
    every = max(1, -(-len(labels) * 46 // plot_w))  # thin the date labels so they never overlap
    for i, lab in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            out.append(_text(at(i), CHART_H - 8, lab, size=10, extra=' fill="#444"'))
    numbers = [stage_number(m) for m in marks]
    for i, (here, after) in enumerate(pairwise(numbers)):
        if here and after:
            out.append(
                f'<line x1="{at(i):.1f}" y1="{level(here):.1f}" x2="{at(i + 1):.1f}" '
                f'y2="{level(after):.1f}" stroke="{LATEST}" stroke-width="2.5"/>'
            )
    for i, (number, m) in enumerate(zip(numbers, marks, strict=True)):
        last = i == len(marks) - 1
        if number:
            out.append(
                f'<circle cx="{at(i):.1f}" cy="{level(number):.1f}" r="{5 if last else 4}" '
                f'fill="{LATEST if last else "#fff"}" stroke="{LATEST}" stroke-width="2"/>'
            )
        elif m != ABSENT:
            out.append(
                _text(
                    at(i),
                    CHART_TOP + plot_h / 2 + 4,
                    "n/a" if m == NOT_APPLICABLE else "none",
                    size=10,
                    extra=' fill="#666" font-style="italic"',
                )
            )
    out.append("</svg>")
    return "\n".join(out)


# -- a room's spread ----------------------------------------------------------------

SPREAD_W, SPREAD_LABEL, SPREAD_ROW = 340, 150, 20


def spread_chart(key: str, rows: list[tuple[str, int, bool]], expected: int, title: str) -> str:
    """How many in the room chose each rating, as bars against everyone rating; the agreed rating's row is marked.

    ``rows`` is (rating in words, how many chose it, whether the group agreed it), in the rating's order.
    """
    bar_w = SPREAD_W - SPREAD_LABEL - 86
    unit = bar_w / max(expected, max((n for _, n, _ in rows), default=0), 1)
    height = len(rows) * SPREAD_ROW + 6
    summary = "; ".join(f"{words}: {n}" for words, n, _ in rows)
    out = [
        f'<svg class="spread-chart" data-question="{escape(key)}" viewBox="0 0 {SPREAD_W} {height}" '
        f'width="{SPREAD_W}" height="{height}" role="img">',
        f"<title>{escape(title)}: {escape(summary)}</title>",
    ]
    for i, (words, n, agreed) in enumerate(rows):
        y = 3 + i * SPREAD_ROW
        weight = ' font-weight="bold"' if agreed else ""
        out.append(_text(SPREAD_LABEL - 8, y + 14, words, anchor="end", size=11, extra=weight))
        out.append(
            f'<rect x="{SPREAD_LABEL}" y="{y + 3}" width="{bar_w}" height="{SPREAD_ROW - 6}" fill="#f4f6f8" '
            f'stroke="{RULE}"/>'
        )
        if n:
            out.append(
                f'<rect class="spread-bar{" agreed" if agreed else ""}" data-count="{n}" x="{SPREAD_LABEL}" '
                f'y="{y + 3}" width="{n * unit:.1f}" height="{SPREAD_ROW - 6}" '
                f'fill="{LATEST if agreed else EARLIER}"/>'
            )
        tag = f"{n}  ◀ agreed" if agreed else str(n)
        out.append(_text(SPREAD_LABEL + bar_w + 6, y + 14, tag, anchor="start", size=11, extra=weight))
    out.append("</svg>")
    return "\n".join(out)
