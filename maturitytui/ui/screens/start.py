"""The start screen: choose or create a partnership; start, resume or open a review."""

from __future__ import annotations

import gc
import sqlite3
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from maturitytui.analysis.review import answerable, answered_count
from maturitytui.analysis.words import counted, day
from maturitytui.model.errors import SessionError
from maturitytui.model.inert import inert
from maturitytui.model.steps import Step, step_title, steps
from maturitytui.store.index import Catalogue, Listing, SessionSummary, last_listing
from maturitytui.store.session_store import SessionStore
from maturitytui.ui.messages import OpenAlliance, OpenCopy, OpenHistory, OpenReview
from maturitytui.ui.widgets.bullets import literal
from maturitytui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from pathlib import Path

    from textual.notifications import SeverityLevel

    from maturitytui.model.rubric import Rubric
    from maturitytui.ui.dialogs.common import ReviewDetails

NEW = "__new__"
_NEEDS_THE_STORE = frozenset({"new_review", "new_partnership", "facilitated", "history", "alliance", "sync"})


def _steps_of(rubric: Rubric | None) -> tuple[frozenset[str], int]:
    return (frozenset(steps(rubric)), answerable(rubric)) if rubric else (frozenset(), 0)


class StartScreen(Screen[None]):
    """Partnerships on the left, the highlighted partnership's reviews on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "new_review",
            "New review",
            tooltip="Start a new review of the highlighted partnership",
            id="start.new_review",
        ),
        Binding("p", "new_partnership", "New partnership", id="start.new_partnership"),
        Binding(
            "f",
            "facilitated",
            "Facilitated",
            tooltip="A review run with a room: everyone rates, the group agrees",
            id="start.facilitated",
        ),
        Binding(
            "h", "history", "History", tooltip="The highlighted partnership's reviews over time", id="start.history"
        ),
        Binding(
            "a",
            "alliance",
            "All",
            tooltip="Every partnership: where it is and which way it moved",
            id="start.alliance",
        ),
        Binding(
            "s",
            "sync",
            "Sync",
            tooltip="Share the reviews changed here with the alliance's copy, and bring in theirs",
            id="start.sync",
        ),  # shown only for a store that is a git working tree (check_action)
        Binding("question_mark", "help", "Help", key_display="?", id="start.help"),
        Binding("q", "app.quit", "Quit", show=False, id="start.quit"),  # on the help page: the footer fits 80 columns
    ]

    DEFAULT_CSS = """
    StartScreen > Horizontal { height: 1fr; }
    StartScreen #partnerships-pane { width: 34%; min-width: 26; padding: 0 1; }
    StartScreen #reviews-pane { width: 1fr; padding: 0 1; }
    StartScreen .pane-title { width: 100%; text-style: bold; margin: 1 0 0 0; }  /* wraps a long name */
    StartScreen OptionList { height: 1fr; }
    StartScreen DataTable { height: 1fr; }
    StartScreen #review-detail { height: auto; max-height: 4; margin-top: 1; }
    StartScreen #reading { display: none; padding: 0 1; height: 1; }
    StartScreen #sync-line { display: none; padding: 0 1; height: auto; }
    StartScreen #sync-line.-shown { display: block; }
    StartScreen #start-hint { color: $text-muted; padding: 0 1; height: auto; }
    """

    READ_IN_BACKGROUND_FROM: ClassVar[int] = 150
    """A store with at least this many partnerships (some 500 reviews) is read after the screen shows, so it shows
    at once."""

    class Ready(Message):
        """The screen shows the store, up to date, for the first time."""

    class Read(Message):
        """The store, read in the background."""

        def __init__(self, listing: Listing, select: str | None) -> None:
            super().__init__()
            self.listing = listing
            self.select = select

    class ReadProgress(Message):
        """How far a background read of the store has got through the files it had to read."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class SyncRead(Message):
        """Where the store stands against the alliance's copy, read on a thread."""

        def __init__(self, words: str | None, *, known: bool = True) -> None:
            super().__init__()
            self.words = words
            """None when the store is not a git working tree."""
            self.known = known
            """False when it could not be told (git failed): what was shown stays."""

    class Synced(Message):
        """A sync has finished: what it did, in lines for the user."""

        def __init__(self, lines: list[str], severity: SeverityLevel) -> None:
            super().__init__()
            self.lines = lines
            self.severity: SeverityLevel = severity
            """information when done; a warning when it waited or was offline (nothing lost); an error when
            nothing could be done."""

    class Start(Message):
        """Start a new review with these details."""

        def __init__(self, details: ReviewDetails) -> None:
            super().__init__()
            self.details = details

    def __init__(self, rubric: Rubric | None, store: SessionStore) -> None:
        super().__init__()
        # Nothing here changes with the width: without breakpoints the first resize restyles nothing.
        self.HORIZONTAL_BREAKPOINTS = []  # an instance attribute, as Textual declares it
        self.rubric = rubric
        self._steps = _steps_of(rubric)
        """The rubric's steps, and how many count towards a finished review: worked out once, not per key."""
        self.store = store
        self.listing: Listing | None = None
        """The store as its index holds it: partnerships are added to the list from it a page at a time."""
        self._total = 0
        """Partnerships in the store; fewer may be in the list so far."""
        self._loaded = False
        """Whether the list has been filled (from the index as left, or up to date)."""
        self._ready = False
        """Whether the list has been up to date once (``Ready`` told)."""
        self._as_left = False
        """True while the list shows the index as the last run left it, before the store's first check: a
        check that finds nothing changed then leaves it as it is."""
        self._reviews_of: str | None = None
        """The partnership whose reviews the table shows."""
        self._return_to: str | None = None
        """The review (its file) to highlight and focus when the list is next shown (see ``reload``)."""
        self._details: dict[str, str] = {}
        """What the highlighted review's row has no room for, by its key."""
        self.reading = False
        """True while a large store is read in the background: what needs the store waits for it."""
        self._rows: list[SessionSummary] = []
        """The reviews table's rows: the highlighted partnership's reviews, each copy after the review it copies."""
        self.sync_words: str | None = None
        """Where the store stands against the alliance's copy; None unless the store is a git working tree."""
        self.syncing = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal():
            with Vertical(id="partnerships-pane"):
                yield Label("Partnerships", classes="pane-title")
                yield OptionList(id="partnerships")
            with Vertical(id="reviews-pane"):
                yield Label("Reviews", classes="pane-title", id="reviews-title")
                yield DataTable(id="reviews", cursor_type="row", zebra_stripes=True)
                # Who took part, and where an unfinished review stopped, under the table: as columns they
                # ran past the edge of an 80-column terminal.
                yield Static(id="review-detail")
        yield ProgressBar(id="reading", show_eta=False)  # a first listing of a large store reads every file
        yield Static(id="sync-line")
        yield Static(id="start-hint")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is on the help page

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Date", "Status", "Answered")
        self.title = "maturitytui"
        self.sub_title = inert(self.rubric.title) if self.rubric else ""  # a plugin's rubric names itself
        self.reload()

    def reload(self, select: str | None = None, *, row: Path | None = None) -> None:
        """Read the store again (through its index) and show what is there, highlighting ``select`` if given,
        and ``row`` (a review's or copy's file) with the focus on it if it is still there: where someone who
        opened it from here comes back to.

        A large store is read on a thread: the screen shows at once, says what it is reading, and keeps
        the keys that need the store switched off until it is done. On the first showing, a large store whose
        index this program can read lists at once from it, as the last run left it (see ``_show_as_left``).
        """
        self._return_to = str(row) if row is not None else None
        if not self._loaded and self._show_as_left(select):
            return
        # Read again before the first check was done: this check may find nothing new since that one, which may
        # have changed things, so its list is shown whatever it finds.
        self._as_left = False
        size = self.store.size_hint()
        if size < self.READ_IN_BACKGROUND_FROM:
            self._shown(self.store.listing(), select)
            return
        self.reading = True
        self.refresh_bindings()
        reading = f"Reading the reviews of {size:,} {'partnership' if size == 1 else 'partnerships'}…"
        if not self._loaded:
            options = self.query_one("#partnerships", OptionList)
            options.clear_options()
            options.add_option(Option(reading, disabled=True))
        self.query_one("#start-hint", Static).update(reading)
        # After the screen is drawn: started sooner, the thread would hold the interpreter while it draws.
        self.call_after_refresh(self._read_in_background, select)

    def _show_as_left(self, select: str | None) -> bool:
        """List a large store at once from its index as the last run left it, then check the store on a
        thread and refresh the list in place (see ``on_start_screen_read``); False where there is no such
        index (a first run, or one damaged, foreign or another version's: read with a progress bar) or the
        store is small (read at once, up to date).

        Until the check is done, what acts on the store is switched off; a review opened from the list reads its
        file afresh (a review gone since says so).
        """
        listing = last_listing(self.store.root)
        if listing is None:
            return False
        try:
            if listing.partnership_count() < self.READ_IN_BACKGROUND_FROM:
                listing.close()  # small (or empty, and perhaps not any more): read as any other
                return False
            self.reading = True
            self._as_left = True
            self._shown(listing, select)
        except sqlite3.Error:  # damaged past what opening it showed: checking the store rebuilds it
            self.reading = self._as_left = self._loaded = False
            self.listing = None
            listing.close()
            return False
        self.refresh_bindings()
        self.call_after_refresh(self._read_in_background, select)
        return True

    @work(thread=True, exclusive=True, group="catalogue")
    def _read_in_background(self, select: str | None) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(self.ReadProgress(done, total))  # thread-safe

        # A large store trusts each partnership folder whose times are unchanged (see index.listing): every file's
        # stat would cost more than the rest of the listing; opening a partnership reads its files.
        listing = self.store.listing(progress, deep=False)
        if get_current_worker().is_cancelled:
            listing.close()
        else:
            self.post_message(self.Read(listing, select))  # thread-safe, and never waits for the screen

    def on_start_screen_read_progress(self, event: ReadProgress) -> None:
        if not self.reading or event.done >= event.total:
            return
        bar = self.query_one("#reading", ProgressBar)
        bar.display = True
        bar.update(total=event.total, progress=event.done)
        self.query_one("#start-hint", Static).update(
            f"Reading {event.done:,} of {event.total:,} reviews into the index: only the first time takes this long."
        )

    def on_start_screen_read(self, event: Read) -> None:
        self.query_one("#reading", ProgressBar).display = False
        self.reading = False
        self.refresh_bindings()
        as_left, self._as_left = self._as_left, False
        if as_left and not event.listing.changed and self.listing is not None:
            # The store is as the list shows it: nothing to redraw, and nothing to tell.
            self.listing.close()
            self.listing = event.listing
            self._shown(event.listing, event.select, drawn=True)
        else:
            self._shown(event.listing, event.select, in_place=as_left)

    def _shown(self, listing: Listing, select: str | None, *, in_place: bool = False, drawn: bool = False) -> None:
        """Show ``listing`` (unless ``drawn``: the list already shows what it holds); ``in_place``: the list, as
        the index was left, brought up to date where the user is (see ``show``)."""
        if not drawn:
            self.show(listing, select, in_place=in_place)
        # Thousands of long-lived summaries would otherwise be walked by every full garbage
        # collection, which shows as a stutter on a key press: the first load freezes them out of its way.
        # Only the first: a later load comes as a review screen closes, and that screen, still held while it
        # closes, would be frozen with them and never freed.
        if not self._loaded:
            self._loaded = True
            gc.freeze()
        if self._as_left:
            return  # the store not yet checked: the rest waits for it
        if not self._ready:
            self._ready = True
            self.post_message(self.Ready())
            # Asking git costs a moment: only once the store shows, and off the screen's thread.
            self.call_after_refresh(self._read_sync_state)
        elif self.sync_words is not None and not drawn:
            self._read_sync_state()  # a review closed or a sync ran: what is unshared has changed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the store is read, what would act on it is shown switched off (and does nothing).
        if action == "sync":
            if self.sync_words is None:
                return False  # not a working tree: no key shown, and the screen is as it always was
            if self.syncing:
                return None
        if self.reading and action in _NEEDS_THE_STORE:
            return None
        return True

    PAGE: ClassVar[int] = 200
    """Partnerships added to the list at a time: the first page shows at once, the rest as the list scrolls."""

    def show(self, listing: Listing, select: str | None = None, *, in_place: bool = False) -> None:
        """Fill the lists from the store's listing, keeping the highlighted partnership (or highlighting ``select``).

        ``in_place``: what the user is looking at stays put: the highlighted partnership where it was on the
        screen, the highlighted review, and the focus.
        """
        if self.listing is not None and self.listing is not listing:
            self.listing.close()
        self.listing = listing
        row, self._return_to = self._return_to, None
        options = self.query_one("#partnerships", OptionList)
        keep = select or (options.highlighted_option.id if options.highlighted_option else None)
        was_at, was_shown, scrolled = options.highlighted, options.option_count, options.scroll_y
        options.clear_options()
        self._total = listing.partnership_count()
        # Enough pages to reach the partnership to keep highlighted (and, in place, as many as were listed).
        wanted = listing.position(keep) if keep and keep != NEW else None
        pages = max(self.PAGE, (wanted or 0) + 1, was_shown if in_place else 0)
        self._add_partnerships(pages, select_first=False)
        ids = [options.get_option_at_index(n).id for n in range(options.option_count)]
        if keep in ids:
            options.highlighted = ids.index(keep)
        else:  # in place, one gone since: the one now in its place
            options.highlighted = min(was_at, len(ids) - 1) if in_place and was_at is not None else 0
        if in_place:
            # Partnerships added or gone above it move the highlighted one: the list moves with it (a line each).
            moved = options.highlighted - was_at if was_at is not None and keep in ids else 0
            options.scroll_to(y=max(0, scrolled + moved), animate=False, force=True, immediate=True)
        else:
            options.focus()
        hint = (
            "Enter opens a partnership's reviews; n starts a new review; h shows its history; a lists every partnership; "
            "? lists every key."
            if self._total
            else "No reviews yet. Press p (or Enter) to add the partnership you want to review."
        )
        if problems := listing.problems:
            left = len(problems)
            hint += (
                f"\n{counted(left, 'file')} could not be read and {'was' if left == 1 else 'were'} left untouched: "
                "run `maturitytui sessions list`."
            )
        self.query_one("#start-hint", Static).update(hint)
        self._show_reviews(keep_row=in_place, row=row)
        if row is not None and row in self._details:
            self.query_one(DataTable).focus()

    def _add_partnerships(self, count: int, *, select_first: bool = True) -> None:
        """Add the next ``count`` partnerships to the list, and "+ New partnership" after the last of them."""
        if self.listing is None:
            return
        options = self.query_one("#partnerships", OptionList)
        shown = options.option_count
        if shown and options.get_option_at_index(shown - 1).id == NEW:
            return  # every partnership is in the list
        items = []
        last = options.get_option_at_index(shown - 1).id if shown else None
        for row in self.listing.partnership_rows(limit=count, after=last or ""):
            notes = [counted(row.reviews, "review")] if row.reviews else []
            if row.unfinished:
                notes.append(f"{row.unfinished} unfinished")
            if row.copies:  # a partnership whose only file is a copy is listed all the same
                notes.append(f"{counted(row.copies, 'copy', 'copies')} to resolve")
            items.append(Option(literal(f"{row.name}  ({', '.join(notes)})"), id=row.key))
        if shown + len(items) >= self._total:
            items.append(Option("+ New partnership", id=NEW))
        options.add_options(items)  # at once: one option at a time redraws the list each time

    def catalogue_for(self, key: str) -> Catalogue:
        """One partnership's reviews and copies, as a review started or opened from here compares with them."""
        if self.listing is None:
            return Catalogue()
        return Catalogue([*self.listing.reviews(key), *self.listing.copies(key)])

    def _selected_slug(self) -> str | None:
        option = self.query_one("#partnerships", OptionList).highlighted_option
        return option.id if option and option.id != NEW else None

    def _sessions(self) -> list[SessionSummary]:
        key = self._selected_slug()
        return list(reversed(self.listing.reviews(key))) if key and self.listing is not None else []

    def _with_copies(self, reviews: list[SessionSummary]) -> list[SessionSummary]:
        """``reviews`` with each copy of the partnership right after the review it copies (one whose review is
        gone, last)."""
        key = self._selected_slug()
        copies = self.listing.copies(key) if key and self.listing is not None else []
        rows: list[SessionSummary] = []
        for review in reviews:
            rows.append(review)
            rows.extend(c for c in copies if c.copy_of == review.id)
        ids = {r.id for r in reviews}
        return rows + [c for c in copies if c.copy_of not in ids]

    def _show_reviews(self, *, keep_row: bool = False, row: str | None = None) -> None:
        """Fill the reviews table with the highlighted partnership's reviews; ``keep_row``: the highlighted review
        stays highlighted, if it is still there; ``row``: that review (its file) is highlighted, if it is there."""
        table = self.query_one(DataTable)
        kept = row
        if kept is None and keep_row and table.row_count and self._reviews_of == self._selected_slug():
            kept = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        self._reviews_of = self._selected_slug()
        rubric = self.rubric  # None for a moment after start-up, while the rubric is assembled
        all_steps, total = self._steps
        reviews = self._sessions()
        self._rows = summaries = self._with_copies(reviews)
        ids = {r.id for r in reviews}
        title = self.query_one("#reviews-title", Label)
        self._details = {}
        if not summaries:
            title.update("Reviews")
            self.query_one("#review-detail", Static).update("")
            return
        title.update(literal(f"Reviews of {summaries[0].partnership} (newest first)"))
        for s in summaries:
            stopped_at = ""
            if s.status != "complete" and rubric is not None:
                stopped = Step.parse(s.position)
                where = step_title(rubric, stopped) if stopped is not None and stopped in all_steps else "the start"
                stopped_at = f"Stopped at {where}. "
            answered = f"{answered_count(rubric, s)} of {total}" if rubric else "…"
            status = "finished" if s.status == "complete" else "unfinished"
            if s.copy_of:
                status = "copy"
                self._details[str(s.path)] = _copy_detail(s, s.copy_of in ids)
            else:
                who = ", ".join(s.participants) or "not recorded"
                self._details[str(s.path)] = stopped_at + "Who took part: " + who
            table.add_row(day(s.review_date), status, answered, key=str(s.path))
        if kept is not None and kept in self._details:
            table.move_cursor(row=table.get_row_index(kept), animate=False)
        self._show_detail()

    def _show_detail(self) -> None:
        table = self.query_one(DataTable)
        key = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.query_one("#review-detail", Static).update(literal(self._details.get(key or "", "")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def use_rubric(self, rubric: Rubric) -> None:
        """The rubric is ready: show what depends on it."""
        self.rubric = rubric
        self._steps = _steps_of(rubric)
        self.sub_title = inert(rubric.title)
        if self.is_mounted:  # a served program assembles the rubric before anyone has opened this screen
            self._show_reviews()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        options = event.option_list
        if options.highlighted is not None and options.highlighted >= options.option_count - self.PAGE // 4:
            self._add_partnerships(self.PAGE)  # near the end of what is listed: the next page
        if self._selected_slug() != self._reviews_of:  # not for the list refilled: the table is already
            self._show_reviews()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW:
            self.action_new_partnership()
        else:
            table = self.query_one(DataTable)
            if table.row_count:
                table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        for summary in self._rows:
            if str(summary.path) == event.row_key.value:
                self.post_message(OpenCopy(summary) if summary.copy_of else OpenReview(summary))

    def action_new_partnership(self) -> None:
        from maturitytui.ui.dialogs.common import NewReviewDialog  # the dialogs load when first opened

        self.app.push_screen(NewReviewDialog(), self._start)

    def action_new_review(self) -> None:
        sessions = self._sessions()
        if not sessions:
            self.action_new_partnership()
            return
        from maturitytui.ui.dialogs.common import NewReviewDialog

        latest = sessions[0]
        self.app.push_screen(
            NewReviewDialog(latest.partnership, list(latest.schools), list(latest.participants)), self._start
        )

    def action_facilitated(self) -> None:
        from maturitytui.ui.dialogs.room import FacilitatedReviewDialog

        sessions = self._sessions()
        latest = sessions[0] if sessions else None
        self.app.push_screen(
            FacilitatedReviewDialog(latest.partnership if latest else "", list(latest.schools) if latest else []),
            self._start,
        )

    def action_history(self) -> None:
        key = self._selected_slug()
        if key is None:
            self.notify("Highlight a partnership first.", severity="warning")
            return
        if not self._sessions():
            self.notify("It has only a copy so far: Enter on the copy makes it the review.", severity="warning")
            return
        self.post_message(OpenHistory(key))

    def action_alliance(self) -> None:
        self.post_message(OpenAlliance())

    def _start(self, details: ReviewDetails | None) -> None:
        if details:
            self.post_message(self.Start(details))

    # -- sharing the store through git ----------------------------------

    @work(thread=True, exclusive=True, group="sync-state")
    def _read_sync_state(self) -> None:
        try:
            from maturitytui.store import sync as syncing  # git's module loads after the first paint, not before

            state = syncing.sync_state(self.store.root)
            words = state.words() if state is not None else None
        except Exception:  # git missing or failing must never stop the list: the line stays as it was
            message = self.SyncRead(None, known=False)
        else:
            message = self.SyncRead(words)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    def on_start_screen_sync_read(self, event: SyncRead) -> None:
        if event.known:
            self.sync_words = event.words
        line = self.query_one("#sync-line", Static)
        if not self.syncing:
            line.update(literal(self.sync_words or ""))
        line.set_class(self.sync_words is not None, "-shown")
        self.refresh_bindings()

    def action_sync(self) -> None:
        if self.syncing or self.sync_words is None:
            return
        self.syncing = True
        self.query_one("#sync-line", Static).update("Syncing…")
        self.refresh_bindings()
        self._sync()

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self) -> None:
        try:
            from maturitytui.store import sync as syncing

            report = syncing.sync(self.store.root)
            lines = report.brief()
            message = self.Synced(lines, "information" if report.ok else "warning")
        except SessionError as exc:  # no git, not a working tree, another sync running: the problem says which
            said = [f"{p.message}: {p.fix}." if p.fix else f"{p.message}." for p in exc.problems]
            lines = [line[:1].upper() + line[1:] for line in said]
            message = self.Synced(lines, "error")
        except Exception as exc:  # a failure is said, never a crash: the store is as git left it
            message = self.Synced([f"The sync stopped: {exc}"], "error")
        self.post_message(message)

    def on_start_screen_synced(self, event: Synced) -> None:
        self.syncing = False
        self.refresh_bindings()
        # Text from the files and from git is data: shown as it is, never read as markup.
        self.notify(
            inert("\n".join(event.lines)),
            title="Sync" if event.severity == "information" else "Sync: not all done",
            severity=event.severity,
            timeout=8 if event.severity == "information" else 20,
            markup=False,
        )
        self.query_one("#sync-line", Static).update(literal(self.sync_words or ""))
        self.reload()  # what the sync brought in; where the store stands is read again once it shows

    def action_help(self) -> None:
        from maturitytui.ui.dialogs.common import HelpScreen, binding_rows

        rows = [
            *binding_rows(self),
            ("↑ ↓", "Move in a list"),
            ("Enter", "Open the highlighted partnership or review"),
            ("tab", "Move between the lists"),
        ]
        notes = (
            "Unfinished reviews reopen where they stopped. A copy is kept when one review was changed on two "
            "machines: Enter on it compares the two, to keep one or merge them."
        )
        self.app.push_screen(HelpScreen(rows, notes))


def _copy_detail(copy: SessionSummary, review_shown: bool) -> str:
    words = copy.copy_words[:1].upper() + copy.copy_words[1:]
    if review_shown:
        return f"{words}. Enter compares it with the review, answer by answer, to keep one or merge them."
    return f"{words}. Its review is no longer here: Enter shows it, to make it the review again."
