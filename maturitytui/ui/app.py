"""The maturitytui application: a start screen and a review screen over one session store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from maturitytui.model.errors import MaturityError, SessionError
from maturitytui.model.inert import inert
from maturitytui.model.steps import step_title
from maturitytui.store.index import Catalogue, SessionSummary
from maturitytui.store.names import partnership_key
from maturitytui.store.session_store import SessionStore, StoredSession
from maturitytui.ui.collector import QUIET_SECONDS, IdleCollector
from maturitytui.ui.context import ReviewContext
from maturitytui.ui.messages import ChangeFinished, OpenAlliance, OpenCopy, OpenHistory, OpenReview, PrintReview
from maturitytui.ui.screens.start import StartScreen

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from maturitytui import workflow
    from maturitytui.analysis.history import History
    from maturitytui.engine.host import Assembly
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.session import Session
    from maturitytui.ui.screens.review import ReviewScreen


class MaturityApp(App[None]):
    """Walks a head or a team through a review of one partnership at a time."""

    CSS_PATH = "app.tcss"
    TITLE = "maturitytui"
    # Escape takes down the notices showing (a dialog's own Escape, which cancels it, comes first): a notice
    # must never stay over what it is about.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_notices", "Dismiss notices", show=False, id="app.dismiss_notices")
    ]

    def __init__(
        self,
        rubric: Rubric | None,
        store: SessionStore,
        *,
        partnership: str | None = None,
        warnings: Iterable[str] = (),
        assemble: Callable[[], Assembly] | None = None,
    ) -> None:
        """``rubric``, or ``assemble`` to build it on a thread once the start screen shows."""
        super().__init__()
        self.HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # an instance attribute, as Textual declares it
        self.warnings = list(warnings)
        self._quit_despite_failure: object = None
        """The save failure a first ctrl+q warned about; a second ctrl+q with the same failure quits."""
        self.rubric = rubric
        self._assemble = assemble
        self._assembling = False
        self._waiting: list[Callable[[], object]] = []
        """What the user asked for before the rubric was ready, done as soon as it is."""
        self.store = store
        self.partnership = partnership
        self.start_screen = StartScreen(rubric, store)
        self.collector = IdleCollector()

    def action_dismiss_notices(self) -> None:
        self.clear_notifications()

    def get_default_screen(self) -> Screen[None]:
        # The start screen is the app's first screen, not one pushed over an empty one.
        return self.start_screen

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.collector.input()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.collector.stop()

    def on_start_screen_ready(self, event: StartScreen.Ready) -> None:
        # The store is listed and frozen out of the collector's way: from here on, full collections wait for a pause.
        self.collector.start()
        self.set_interval(QUIET_SECONDS, self.collector.tick)
        for warning in self.warnings:
            self.plugin_problem(warning)
        self.assemble_rubric()
        if partnership := self.partnership:
            self.when_ready(
                lambda: self.review_partnership(
                    partnership, self.start_screen.catalogue_for(partnership_key(partnership))
                )
            )

    # -- the rubric, assembled after the first screen shows --------------

    def assemble_rubric(self) -> None:
        """Start building the rubric on a thread, once."""
        if self.rubric is None and self._assemble is not None and not self._assembling:
            self._assembling = True
            # After the screen is drawn: started sooner, the thread would hold the interpreter while it draws.
            self.call_after_refresh(self._load_rubric, self._assemble)

    @work(thread=True, exclusive=True, group="rubric")
    def _load_rubric(self, assemble: Callable[[], Assembly]) -> None:
        try:
            assembly = assemble()
        except MaturityError as exc:
            self.call_from_thread(self._rubric_failed, exc)
            return
        self.call_from_thread(self._rubric_ready, assembly)

    def _rubric_ready(self, assembly: Assembly) -> None:
        self.rubric = assembly.rubric
        for record in assembly.errors:
            self.plugin_problem(f"Plugin '{record.name}' left out: {record.error}")
        self.start_screen.use_rubric(assembly.rubric)
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def plugin_problem(self, message: str) -> None:
        self.notify(inert(message), title="Plugin problem", severity="warning", timeout=10, markup=False)

    def _rubric_failed(self, error: MaturityError) -> None:
        # Nothing can be reviewed without a rubric: say why, as the other commands do, and stop.
        self.exit(return_code=1, message=inert("\n".join(f"error: {problem}" for problem in error.problems)))

    def when_ready(self, action: Callable[[], object]) -> None:
        """Do ``action`` now if the rubric is ready, or as soon as it is."""
        if self.rubric is not None:
            action()
        else:
            self._waiting.append(action)

    @property
    def ready_rubric(self) -> Rubric:
        """The rubric, for what is only ever done once it is ready (through ``when_ready``)."""
        if self.rubric is None:
            raise RuntimeError("The rubric is not ready yet: wait for it with when_ready.")
        return self.rubric

    def refresh_start(self, session: Session | None = None, *, row: Path | None = None) -> None:
        """Show the store again, with the partnership of the review just closed highlighted (and the review, if
        it was opened from a ``row`` of the start screen's table)."""
        self.start_screen.reload(partnership_key(session.partnership) if session is not None else None, row=row)

    # -- opening reviews -------------------------------------------------

    def tell(self, notice: workflow.Notice) -> None:
        timeout = {"information": 10, "warning": 12, "error": 15}[notice.severity]
        # A notice names reviews, partnerships and files: what it says is the files' own words.
        self.notify(
            inert(notice.message), title=inert(notice.title), severity=notice.severity, timeout=timeout, markup=False
        )

    def _load(self, summary: SessionSummary) -> Session | None:
        """The whole review behind a summary, or None (said on screen) if the file cannot be read now."""
        try:
            return self.store.load(summary.path)
        except SessionError as exc:
            from maturitytui import workflow

            self.tell(workflow.unreadable(exc))
            return None

    def open_review(
        self, stored: StoredSession, catalogue: Catalogue, previous: Session | None = None, *, edit: bool = False
    ) -> None:
        """Open a review; ``previous`` is the review before it, when the caller has just read it; ``edit`` opens a
        finished review to be changed."""
        from maturitytui import workflow  # loaded with the first review, not before the start screen

        opened = workflow.open_review(self.store, self.ready_rubric, stored, catalogue, previous, edit=edit)
        self._show(opened, catalogue)

    def _show(self, opened: workflow.OpenReview, catalogue: Catalogue) -> None:
        for notice in opened.notices:
            self.tell(notice)
        # Loaded on first use: start-up stays quick.
        from maturitytui.ui.screens.review import ReviewScreen

        screen_class = ReviewScreen
        if opened.stored.session.facilitation is not None:
            from maturitytui.ui.screens.facilitated import FacilitatedReviewScreen

            screen_class = FacilitatedReviewScreen
        context = ReviewContext(
            self.ready_rubric,
            opened.stored.session,
            opened.previous,
            opened.stored.path,
            read_only=opened.read_only,
            catalogue=catalogue,
            finished=opened.finished,
        )
        self.push_screen(
            screen_class(context, self.store, opened.lock), partial(self.refresh_start, row=opened.stored.path)
        )

    def start_review(
        self,
        partnership: str,
        schools: list[str],
        participants: list[str],
        catalogue: Catalogue | None = None,
        *,
        people: list[tuple[str, str]] | None = None,
        anonymous: bool = False,
        by_school: str = "",
        review_date: date | None = None,
    ) -> None:
        """Start a review (held on ``review_date``, or today); with ``people`` (name, school), a facilitated one
        with them in the room."""
        from maturitytui import workflow

        catalogue = catalogue or self.start_screen.catalogue_for(partnership_key(partnership))
        try:
            opened = workflow.start_review(
                self.store,
                self.ready_rubric,
                partnership,
                schools,
                participants,
                catalogue,
                people=people,
                anonymous=anonymous,
                by_school=by_school,
                review_date=review_date,
            )
        except workflow.NotStarted as exc:
            self.tell(exc.notice)
            return
        self._show(opened, catalogue)

    def review_partnership(self, name: str, catalogue: Catalogue) -> None:
        """Open the newest unfinished review of ``name``, or start a new one."""
        summaries = catalogue.partnerships().get(partnership_key(name), [])
        unfinished = [s for s in summaries if s.status != "complete"]
        if unfinished:
            if (session := self._load(unfinished[-1])) is not None:
                self.open_review(StoredSession(unfinished[-1].path, session), catalogue)
        elif summaries:
            latest = summaries[-1]
            self.start_review(latest.partnership, list(latest.schools), list(latest.participants), catalogue)
        else:
            self.start_review(name, [], [], catalogue)

    def open_summary(self, summary: SessionSummary) -> None:
        if (session := self._load(summary)) is not None:
            self.open_review(StoredSession(summary.path, session), self.start_screen.catalogue_for(summary.key))

    # -- history ---------------------------------------------------------

    def load_history(self, key: str) -> tuple[History, list[SessionSummary]] | None:
        """The history of the partnership with this key, read from the store now, and its summaries.

        Files that cannot be read now are named and left out; None if none can be read.
        """
        from maturitytui.analysis.history import history_of

        # Read now, and only this partnership's summaries: a store of any size.
        listing = self.store.listing(deep=False)
        try:
            summaries = listing.reviews(key)
        finally:
            listing.close()
        sessions = [s for s in map(self._load, summaries) if s is not None]
        return (history_of(self.ready_rubric, sessions), summaries) if sessions else None

    def on_open_review(self, event: OpenReview) -> None:
        self.when_ready(partial(self.open_summary, event.summary))

    def on_open_copy(self, event: OpenCopy) -> None:
        self.when_ready(partial(self.open_copy, event.summary))

    def open_copy(self, summary: SessionSummary) -> None:
        """Show a copy beside its review, to keep one or merge them; the start screen then says what was kept."""
        from maturitytui.store.copies import pair
        from maturitytui.ui.screens.resolve import ResolveScreen

        try:
            found = pair(self.store, summary.path)
        except SessionError as exc:
            from maturitytui import workflow

            self.tell(workflow.unreadable(exc))
            return

        def resolved(kept: str | None) -> None:
            # Back on the copy if it is still there, or else on the review it was made one with.
            self.start_screen.reload(
                summary.key, row=found.copy_path if found.copy_path.exists() else found.review_path
            )
            if kept:
                self.notify(inert(kept), title="Copy resolved", timeout=10, markup=False)

        self.push_screen(ResolveScreen(self.store, found, self.ready_rubric), resolved)

    def on_change_finished(self, event: ChangeFinished) -> None:
        context = event.context
        catalogue = context.catalogue or self.start_screen.catalogue_for(partnership_key(context.session.partnership))
        stored = StoredSession(context.path, context.session)
        self.clear_notifications()  # "opened to read" no longer holds
        # After the screen that showed it to read has closed (and let go of it).
        self.call_later(self.open_review, stored, catalogue, context.previous, edit=True)

    def on_print_review(self, event: PrintReview) -> None:
        from maturitytui.analysis.history import history_of
        from maturitytui.store.names import partnership_key
        from maturitytui.ui.printing import print_report

        session = event.context.session
        loaded = self.load_history(partnership_key(session.partnership))
        history = loaded[0] if loaded is not None else history_of(event.context.rubric, [session])
        print_report(self, event.context.rubric, history, self.store.root, session)

    def on_open_history(self, event: OpenHistory) -> None:
        self.open_history(event.key)

    def on_open_alliance(self, event: OpenAlliance) -> None:
        self.open_alliance()

    def open_history(self, key: str) -> None:
        from maturitytui.ui.screens.history import HistoryScreen

        def show() -> None:
            if (loaded := self.load_history(key)) is not None:
                self.push_screen(
                    HistoryScreen(self.ready_rubric, key, *loaded, load=self.load_history, store=self.store.root)
                )

        self.when_ready(show)

    def open_alliance(self) -> None:
        from maturitytui.ui.screens.alliance import AllianceScreen

        self.push_screen(AllianceScreen(self.store, self.start_screen.listing))

    def on_start_screen_start(self, event: StartScreen.Start) -> None:
        d = event.details
        self.when_ready(
            lambda: self.start_review(
                d["partnership"],
                d["schools"],
                d.get("participants", []),
                people=d.get("people"),
                anonymous=d.get("anonymous", False),
                by_school=d.get("by_school", ""),
                review_date=d.get("review_date"),
            )
        )

    # -- commands --------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        steps = getattr(screen, "steps", None)
        if steps is not None and hasattr(screen, "go_to"):
            for step in steps:
                title = inert(step_title(self.ready_rubric, step))  # a plugin names its strands and tools
                yield SystemCommand(
                    f"Go to: {title}",
                    f"Jump to the {title.lower()} step",
                    partial(self.run_worker, partial(screen.go_to, step)),
                )
        yield from getattr(screen, "room_commands", lambda: ())()
        yield SystemCommand(
            "Theme: switch light and dark", "Toggle between the light and dark themes", self.toggle_dark
        )
        yield from super().get_system_commands(screen)

    def toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    async def action_quit(self) -> None:
        failing = [screen for screen in self.screen_stack if (flush := getattr(screen, "flush", None)) and flush()]
        if not failing:
            self.exit()
            return
        saver = cast("ReviewScreen", failing[0]).saver  # only a review screen has flush
        failure = saver.failure
        if failure is None:  # never (flush returned it); without one, nothing would be lost
            self.exit()
            return
        streak = (saver.serial, saver.streak)
        if self._quit_despite_failure != streak:
            # Never lose an answer silently: say so, and let a second ctrl+q during the same run of failures quit.
            self._quit_despite_failure = streak
            self.notify(
                inert(
                    f"{failure.problems[0]}. Free some space or fix the folder, then answer again; "
                    "press ctrl+q again to quit without saving the last answers."
                ),
                title="Your last answers are not saved",
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        self.exit()
