"""The report formats, in one table, and writing a report out.

The command line's ``--format``, the app's report dialog and the writer all read the table, so a format
added here is offered everywhere (a test checks that it is).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, cast

from maturitytui.model.errors import MaturityError, Problem
from maturitytui.store.atomic import atomic_write
from maturitytui.store.names import partnership_key, slugify

if TYPE_CHECKING:
    from collections.abc import Callable

    from maturitytui.analysis.history import History
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.session import Session
    from maturitytui.reports.story import Report


@dataclass(frozen=True)
class ReportFormat:
    name: str
    """What ``--format`` takes and the file name ends in."""
    menu: str
    """How the app's report dialog offers it."""
    renderer: str
    """``module:function`` that turns a ``Report`` into the text; imported only when a report is made."""
    own_line_ends: bool = False
    """Written byte for byte: CSV ends its rows with CRLF itself. Other formats get the platform's line ends."""
    plain_text: bool = True
    """Printed to a terminal as it is read (Markdown, CSV): what came from people is made inert first.
    HTML is made inert as it is rendered; JSON is printed with every control character escaped."""

    def render(self, report: Report) -> str:
        module, _, function = self.renderer.partition(":")
        return cast("Callable[[Report], str]", getattr(import_module(module), function))(report)


REPORT_FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat(
            "html", "HTML: one page to print or hand out", "maturitytui.reports.html:render", plain_text=False
        ),
        ReportFormat("md", "Markdown: for an email", "maturitytui.reports.markdown:render"),
        ReportFormat(
            "csv",
            "CSV: one row per review and strand, for a spreadsheet",
            "maturitytui.reports.tabular:render",
            own_line_ends=True,
        ),
        ReportFormat("json", "JSON: for other tools", "maturitytui.reports.tabular:render_json", plain_text=False),
    )
}
FORMATS = tuple(REPORT_FORMATS)


def render_report(rubric: Rubric, history: History, fmt: str, *, review: Session | None = None) -> str:
    """The report in ``fmt`` (one of FORMATS) on the partnership, or on one review of it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    # The story and the renderer are imported on use: a command that never reports never loads them.
    from maturitytui.reports.story import build

    return REPORT_FORMATS[fmt].render(build(rubric, history, review))


def suggested_name(partnership: str, fmt: str, review: Session | None = None) -> str:
    """A file name for a report: the partnership's name made safe, the review's date, the format."""
    when = f"-{review.review_date.isoformat()}" if review is not None else ""
    return f"{slugify(partnership_key(partnership))}{when}-report.{fmt}"


def report_problem(path: Path, fmt: str, *, store: Path | None = None, replace: bool = False) -> Problem | None:
    """Why a report must not be written to ``path``, if it must not: never over a review, never unasked over a file."""
    path = Path(path)
    refuse = lambda message, fix: Problem(str(path), "", message, fix)  # noqa: E731
    if path.suffix.lower() == ".toml":
        return refuse("a report is never written as a .toml file (reviews are)", f"end the name in .{fmt}")
    if store is not None:
        root, where = store.resolve(), path.resolve()
        if where == root or root in where.parents:
            return refuse(
                "this is inside the session store, where only reviews belong", "write the report to another folder"
            )
    if path.is_dir():
        return refuse("this is a folder", f"give a file name ending in .{fmt}")
    if not path.parent.is_dir():
        return refuse(f"the folder {path.parent} does not exist", "create it first, or choose another folder")
    if path.exists() and not replace:
        return refuse("a file of this name already exists", "choose another name, or ask to replace it")
    return None


def write_report(path: Path, text: str, fmt: str, *, store: Path | None = None, replace: bool = False) -> None:
    """Write a report atomically, readable by its owner only (it holds the same judgements as the reviews).

    Refused, with the reason and what to do, over a review, inside the session store or (unless
    ``replace``) over an existing file.
    """
    if (problem := report_problem(path, fmt, store=store, replace=replace)) is not None:
        raise MaturityError([problem])
    own = fmt in REPORT_FORMATS and REPORT_FORMATS[fmt].own_line_ends
    data = text.encode("utf-8") if own else text.replace("\n", os.linesep).encode("utf-8")
    try:
        atomic_write(Path(path), data)
    except OSError as exc:
        raise MaturityError(
            [
                Problem(
                    str(path),
                    "",
                    f"could not write the report ({exc.strerror or exc})",
                    "choose another file or folder",
                )
            ]
        ) from None
