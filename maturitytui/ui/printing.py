"""Print from a screen: write the HTML report and open it in a browser, or say where it is."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from maturitytui.model.errors import MaturityError
from maturitytui.model.inert import inert
from maturitytui.ui.context import display_path

if TYPE_CHECKING:
    from maturitytui.analysis.history import History
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.session import Session


def can_open_a_browser() -> bool:
    """Whether a graphical browser can be opened from here.

    On Linux without a display, Python's ``webbrowser`` falls back to a text browser such as lynx, which would
    take over the terminal the program is drawn on: then the report is only written, and its place said.
    """
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def print_report(app: App[Any], rubric: Rubric, history: History, store: Path, review: Session | None = None) -> None:
    from maturitytui.reports.printable import write_printable

    try:
        path = write_printable(rubric, history, store, review)
    except MaturityError as exc:
        problem = exc.problems[0]
        app.notify(inert(str(problem)), title="Not printed", severity="error", timeout=15, markup=False)
        return
    where = inert(display_path(path))  # a folder's name is anyone's
    if app.is_web:
        # Served to a browser: the page goes to the browser the program is shown in, not one on this machine.
        app.deliver_text(path, open_method="browser", mime_type="text/html")
        app.notify(
            f"Opening the report in your browser; print it from there. Saved at {where}",
            title="Print",
            timeout=10,
            markup=False,
        )
    elif can_open_a_browser():
        app.open_url(path.as_uri())
        app.notify(
            f"Opened in your browser: print it from there. Saved at {where}", title="Print", timeout=10, markup=False
        )
    else:
        app.notify(
            f"Saved at {where}. Open it in a web browser to print it: none can be opened from this terminal.",
            title="Print",
            timeout=15,
            markup=False,
        )
