"""Writing a report from the app: choose the format and the file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from maturitytui.analysis.history import History
from maturitytui.analysis.words import counted, day
from maturitytui.model.errors import MaturityError
from maturitytui.model.rubric import Rubric
from maturitytui.model.session import Session
from maturitytui.reports.formats import REPORT_FORMATS, render_report, report_problem, suggested_name, write_report
from maturitytui.ui.dialogs.common import Dialog
from maturitytui.ui.widgets.fields import Field

FORMAT_CHOICES = [(f.menu, f.name) for f in REPORT_FORMATS.values()]


class ReportDialog(Dialog[Path]):
    """Returns the path written, or None."""

    FORMATS: ClassVar[list[str]] = list(REPORT_FORMATS)

    def __init__(
        self,
        rubric: Rubric,
        history: History,
        review: Session | None = None,
        *,
        store: Path | None = None,
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.rubric = rubric
        self.history = history
        self.review = review
        self.store = store
        """The session store: reports are never written inside it."""
        self.folder = folder or Path.cwd()
        self._replace: Path | None = None

    heading = "Write a report"

    def fields(self) -> ComposeResult:
        yield Label("About")
        reviews = len(self.history.reviews)
        scopes = [(f"The partnership: {'its review' if reviews == 1 else 'all ' + counted(reviews, 'review')}", "all")]
        if self.review is not None:
            scopes.append((f"The review of {day(self.review.review_date)} (and the ones before it)", "one"))
        yield Select(scopes, value="all", allow_blank=False, id="scope")
        yield Label("Format")
        yield Select(FORMAT_CHOICES, value="html", allow_blank=False, id="format")
        yield Label("Write to")
        yield Field(str(self.folder / suggested_name(self.history.partnership, "html")), id="path")

    def on_mount(self) -> None:
        self.open_on(self.query_one("#scope", Select))

    def _format(self) -> str:
        fmt = self.query_one("#format", Select).value
        return fmt if isinstance(fmt, str) else "html"  # the list has no blank: a format is always chosen

    def _chosen_review(self) -> Session | None:
        return self.review if self.query_one("#scope", Select).value == "one" else None

    def on_select_changed(self, event: Select.Changed) -> None:
        # Keep the file name in step with the choices, unless the user typed a name of their own.
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        fmt = self._format()
        names = {suggested_name(self.history.partnership, f, r) for f in self.FORMATS for r in (None, self.review)}
        if path.name in names:
            path_input.value = str(path.with_name(suggested_name(self.history.partnership, fmt, self._chosen_review())))

    def confirm(self) -> None:
        fmt = self._format()
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.show_error("Say where to write the report.")
            return
        path = Path(text).expanduser()
        replace = path == self._replace
        if not replace and path.is_file() and report_problem(path, fmt, store=self.store, replace=True) is None:
            # Asked once: a second OK on the same name replaces the file.
            self._replace = path
            self.show_error(f"{path.name} already exists. Press OK again to replace it, or change the name.")
            return
        try:
            write_report(
                path,
                render_report(self.rubric, self.history, fmt, review=self._chosen_review()),
                fmt,
                store=self.store,
                replace=replace,
            )
        except MaturityError as exc:
            self.show_error(f"{exc.problems[0].message}: {exc.problems[0].fix}.")
            return
        self.dismiss(path)
