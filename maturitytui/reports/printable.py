"""The report made to be printed: one HTML page in the reports folder beside the session store.

Printing from a screen writes here without asking (a report of the same partnership and review is simply
made afresh), so the folder belongs to the program: it is never inside the store, where only reviews belong.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from maturitytui.model.errors import MaturityError, Problem
from maturitytui.reports.formats import render_report, suggested_name, write_report

if TYPE_CHECKING:
    from maturitytui.analysis.history import History
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.session import Session

REPORTS_FOLDER = "reports"


def printable_path(store: Path, partnership: str, review: Session | None = None) -> Path:
    """Where the printable report on a partnership (or on one review of it) is written."""
    return store.resolve().parent / REPORTS_FOLDER / suggested_name(partnership, "html", review)


def write_printable(rubric: Rubric, history: History, store: Path, review: Session | None = None) -> Path:
    """Write the HTML report on the partnership, or on ``review`` and the reviews before it; return its path."""
    path = printable_path(store, history.partnership, review)
    try:
        path.parent.mkdir(exist_ok=True)
    except OSError as exc:
        problem = Problem(
            str(path.parent),
            "",
            f"could not make the reports folder ({exc.strerror or exc})",
            "check the folder's permissions",
        )
        raise MaturityError([problem]) from None
    write_report(path, render_report(rubric, history, "html", review=review), "html", store=store, replace=True)
    return path
