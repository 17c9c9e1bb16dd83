"""The facilitator's view of the room on a step: who has rated, the spread, where views differ, what was agreed."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from maturitytui.analysis.words import counted
from maturitytui.model.inert import inert
from maturitytui.room.board import NO_SCHOOLS, compact, question_board
from maturitytui.room.facilitation import Spread, label
from maturitytui.room.state import spoken

BAR = "█"


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


def question_view(rubric, session, key: str, *, per_school: bool, detailed: bool) -> Group:
    """Everything the facilitator needs about one question, in a few lines."""
    board = question_board(rubric, session, key, per_school=per_school)
    found = board.found
    parts: list[RenderableType] = []
    # Titles are the rubric's, names, schools, ratings and reasons the room's files': all shown inert.
    head = Text(inert(board.title), style="bold")
    head.append(f"   {found.rated} of {found.expected} rated", style="dim" if not found.complete else "green")
    parts.append(head)
    if not board.shown:
        waiting = ", ".join(board.waiting)
        parts.append(
            Text(inert(f"Hidden until everyone has rated (r shows them now). Waiting for: {waiting}"), style="dim")
        )
    else:
        if detailed:
            parts.append(grid_chart(found, rubric.grid.size) if board.grid else spread_chart(found))
        else:
            parts.append(Text(inert(compact(found))))
        if board.wide:
            parts.append(Text(inert(f"⚠ Views differ widely ({board.wide}): the place to talk."), style="bold yellow"))
        if detailed and board.individuals:
            parts.append(Text(inert(" · ".join(f"{who} {rating}" for who, rating in board.individuals)), style="dim"))
        if board.schools is not None:
            if not board.schools:
                parts.append(Text(NO_SCHOOLS, style="dim"))
            for school, theirs in board.schools.items():
                parts.append(Text(inert(f"  {school}: {compact(theirs)} ({theirs.rated} of {theirs.expected})")))
    line = Text("Agreed: ", style="bold")
    line.append(
        inert(board.agreed) if board.agreed else "not yet — choose it on the step",
        style="bold cyan" if board.agreed else "dim",
    )
    if board.reason:
        line.append(f" — {inert(board.reason)}")
    elif board.agreed:
        line.append(" (w records why)", style="dim")
    parts.append(line)
    return Group(*parts)


class RoomPanel(Static):
    """Beside a step of a facilitated review: the join code and each question's spread."""

    DEFAULT_CSS = """
    RoomPanel { height: auto; padding: 0 1; border-left: tall $accent; }
    """

    def show(
        self,
        rubric,
        session,
        code: str,
        questions: tuple[str, ...],
        *,
        per_school: bool,
        online: set[str] | None = None,
    ) -> None:
        people = session.facilitation.participants
        top = Text("Room", style="bold")
        top.append(f" · join code {spoken(code)}", style="bold reverse")
        top.append(f" · {counted(len(people), 'participant')}")
        parts: list[RenderableType] = [top]
        if online is not None:  # a web server is running for the room and says who is connected
            here = [label(p) for p in people if p.id in online]
            parts.append(
                Text(inert(f"Connected now: {len(here)} of {len(people)}" + (f" ({', '.join(here)})" if here else "")))
            )
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
