"""The facilitator's view of the room on a step: who has rated, the spread, where views differ, what was agreed."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from maturitytui.model.inert import inert
from maturitytui.room.facilitation import (
    STAGE_MARKS,
    Spread,
    agreed,
    by_school,
    is_grid,
    label,
    may_show_individuals,
    question_title,
    rating_text,
    spread,
    waiting_for,
)
from maturitytui.room.state import spoken

BAR = "█"
NO_SCHOOLS = "School by school: not shown in this anonymous room, as one person's rating could be worked out from it."


def spread_chart(found: Spread, *, width: int = 16, rows: int = 1, label_style: str = "") -> Text:
    """One bar per stage or rating, as long as the number who chose it (``rows`` high, for a projector): how the
    room's views fall, at a glance. The grid has its own chart (``grid_chart``)."""
    text = Text()
    most = max(found.counts.values(), default=0) or 1
    pad = max((len(n) for n in found.counts), default=0)
    for name, count in found.counts.items():
        bar = BAR * max(1 if count else 0, round(width * count / most))
        for row in range(rows):
            text.append(inert(f"{name.replace('_', ' ') if row == 0 else '':<{pad}} "), style=label_style)
            text.append(bar, style="bold green")
            text.append((f" {count}" if count else " ·") if row == 0 else "", style="bold")
            text.append("\n")
    return text


def grid_chart(found: Spread, size: int, *, gap: int | None = None) -> Text:
    """The grid's spread as a small grid: how many put the partnership in each cell (tight at the top, deep right)."""
    from maturitytui.room.facilitation import parse_cell

    chosen = {parse_cell(cell, size): n for cell, n in found.counts.items()}
    digits = len(str(size))
    gap = gap or digits + 1
    text = Text()
    for row in range(size, 0, -1):
        text.append(f"{'tight ' if row == size else 'loose ' if row == 1 else '      '}{row:>{digits}} ", style="dim")
        for col in range(1, size + 1):
            n = chosen.get((row, col), 0)
            text.append(f"{n if n else '·':>{gap}}", style="bold green" if n else "dim")
        text.append("\n")
    text.append(
        " " * (7 + digits) + "".join(f"{c:>{gap}}" for c in range(1, size + 1)) + "  shallow → deep\n", style="dim"
    )
    return text


def how_wide(key: str, found: Spread) -> str:
    """How far apart the room's views are, in words."""
    if is_grid(key):
        return f"cells up to {found.width} apart"
    given = [r for r, n in found.counts.items() if n]
    return f"{rating_text(key, given[0])} to {rating_text(key, given[-1])}"


def compact(found: Spread) -> str:
    """A spread in a few characters: ``B1 D3 E2 L0`` or ``N0 P2 W1``."""
    if is_grid(found.key):
        return " ".join(f"{cell}×{n}" for cell, n in found.counts.items()) or "none yet"
    return " ".join(f"{STAGE_MARKS.get(r, r[:1].upper())}{n}" for r, n in found.counts.items())


def question_view(rubric, session, key: str, *, per_school: bool, detailed: bool) -> Group:
    """Everything the facilitator needs about one question, in a few lines."""
    facilitation = session.facilitation
    found = spread(facilitation, key)
    parts: list[RenderableType] = []
    # Titles are the rubric's, names, schools, ratings and reasons the room's files': all shown inert.
    head = Text(inert(question_title(rubric, key)), style="bold")
    head.append(f"   {found.rated} of {found.expected} rated", style="dim" if not found.complete else "green")
    parts.append(head)
    if not may_show_individuals(facilitation, key):
        waiting = ", ".join(label(p) for p in waiting_for(facilitation, key))
        parts.append(
            Text(inert(f"Hidden until everyone has rated (r shows them now). Waiting for: {waiting}"), style="dim")
        )
    else:
        if detailed:
            parts.append(grid_chart(found, rubric.grid.size) if is_grid(key) else spread_chart(found))
        else:
            parts.append(Text(inert(compact(found))))
        if found.wide:
            parts.append(
                Text(inert(f"⚠ Views differ widely ({how_wide(key, found)}): the place to talk."), style="bold yellow")
            )
        if detailed and not facilitation.anonymous:
            given = facilitation.ratings.get(key, {})
            parts.append(
                Text(
                    inert(
                        " · ".join(
                            f"{label(p)} {rating_text(key, given[p.id])}"
                            for p in facilitation.participants
                            if p.id in given
                        )
                    ),
                    style="dim",
                )
            )
        if per_school:
            schools = by_school(facilitation, key)
            if not schools:
                parts.append(Text(NO_SCHOOLS, style="dim"))
            for school, theirs in schools.items():
                parts.append(Text(inert(f"  {school}: {compact(theirs)} ({theirs.rated} of {theirs.expected})")))
    now = agreed(session, key)
    line = Text("Agreed: ", style="bold")
    line.append(
        inert(rating_text(key, now)) if now else "not yet — choose it on the step", style="bold cyan" if now else "dim"
    )
    if reason := facilitation.reasons.get(key):
        line.append(f" — {inert(reason)}")
    elif now:
        line.append(" (w records why)", style="dim")
    parts.append(line)
    return Group(*parts)


class RoomPanel(Static):
    """Beside a step of a facilitated review: the join code and each question's spread."""

    DEFAULT_CSS = """
    RoomPanel { height: auto; padding: 0 1; border-left: tall $accent; }
    """

    def show(self, rubric, session, code: str, questions: tuple[str, ...], *, per_school: bool) -> None:
        top = Text("Room", style="bold")
        top.append(f" · join code {spoken(code)}", style="bold reverse")
        top.append(f" · {len(session.facilitation.participants)} participants")
        parts: list[RenderableType] = [top]
        if not questions:
            parts.append(
                Text(
                    "Nothing to rate on this step. Questionnaires and exercises are answered on "
                    "participants' own devices, anonymously; only the team's results show here.",
                    style="dim",
                )
            )
        detailed = len(questions) <= 2
        for key in questions:
            parts.append(Text(""))
            parts.append(question_view(rubric, session, key, per_school=per_school, detailed=detailed))
        parts.append(
            Text("\ni type everyone's ratings · r reveal · v by school · w why · m timer · p presenter", style="dim")
        )
        self.update(Group(*parts))
