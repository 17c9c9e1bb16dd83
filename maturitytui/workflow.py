"""Starting, opening and carrying a review forward, for whatever shows it.

Opening a review takes its lock (or opens it to read, saying why), finds the
review before it and says when the rubric has changed; starting one creates
the session, seats a room's participants, carries the last review's open next
steps forward and saves it. What a person should be told comes back as
``Notice`` values: the UI shows them, a test reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from maturitytui.analysis.review import answers_outside, rubric_differs, tools_outside
from maturitytui.analysis.words import counted, day
from maturitytui.model.errors import SessionError
from maturitytui.model.order import previous_review
from maturitytui.store.locks import SessionLock, SessionLocked
from maturitytui.store.names import partnership_key
from maturitytui.store.session_store import SessionStore, StoredSession

if TYPE_CHECKING:
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.session import Session, SessionFields
    from maturitytui.store.index import Catalogue


@dataclass(frozen=True)
class Notice:
    """Something to tell the person, with a title and how much it matters."""

    title: str
    message: str
    severity: Literal["information", "warning", "error"] = "warning"


@dataclass
class OpenReview:
    """A review ready for the walkthrough."""

    stored: StoredSession
    previous: Session | None
    """The last finished review of the partnership before this one, if there is one and it can be read."""
    lock: SessionLock | None
    """Held while the review is open; None when it opened to read only."""
    notices: list[Notice] = field(default_factory=list)
    finished: bool = False
    """Opened to read because it is finished: it can be opened again to change it (``edit=True``)."""

    @property
    def read_only(self) -> bool:
        return self.lock is None


class NotStarted(Exception):
    """A new review could not be started; ``notice`` says why."""

    def __init__(self, notice: Notice) -> None:
        super().__init__(notice.message)
        self.notice = notice


def unreadable(error: SessionError) -> Notice:
    return Notice("Could not open the review", str(error.problems[0]), "error")


def previous_of(store: SessionStore, session: Session, catalogue: Catalogue, notices: list[Notice]) -> Session | None:
    """The last finished review before ``session``, read in full (None if there is none, or it cannot be read)."""
    before = previous_review(session, catalogue.partnerships().get(partnership_key(session.partnership), []))
    if before is None:
        return None
    try:
        return store.load(before.path)
    except SessionError as exc:
        notices.append(unreadable(exc))
        return None


def open_review(
    store: SessionStore,
    rubric: Rubric,
    stored: StoredSession,
    catalogue: Catalogue,
    previous: Session | None = None,
    *,
    edit: bool = False,
) -> OpenReview:
    """Open a review: locked for editing, or to read when another program has it or its folder is read only.

    A finished review opens to read, so looking at it changes nothing; ``edit`` opens it to be changed.
    """
    notices: list[Notice] = []
    finished = stored.session.status == "complete" and not edit
    held: SessionLock | None = None
    if finished:
        notices.append(
            Notice("Finished review", "Opened to read, so nothing in it changes by accident.", "information")
        )
    elif not store.holds(stored.path):
        notices.append(
            Notice(
                "Read only",
                f"{stored.path} is reached through a link to a place outside the session store, and nothing is "
                "written outside the store. Opened to read only.",
            )
        )
    else:
        lock = SessionLock(stored.path, remove_on_release=True)  # a review closed as usual leaves no lock file
        try:
            lock.acquire()
            held = lock
        except SessionLocked as exc:
            notices.append(Notice("Review in use", f"{exc.problems[0].message}. Opened to read only."))
        except OSError as exc:
            # A read-only disk or folder: the review can still be read.
            notices.append(
                Notice(
                    "Read only", f"{stored.path.parent} cannot be written ({exc.strerror or exc}). Opened to read only."
                )
            )
    if differs := rubric_differs(rubric, stored.session):
        notices.append(
            Notice(
                "Another rubric",
                differs
                + (
                    f" {counted(kept, 'answer')} with no place in it {'is' if kept == 1 else 'are'} kept, "
                    "listed on the summary."
                    if (
                        kept := len(answers_outside(rubric, stored.session))
                        + len(tools_outside(rubric, stored.session))
                    )
                    else ""
                ),
            )
        )
    if previous is None:
        previous = previous_of(store, stored.session, catalogue, notices)
    return OpenReview(stored, previous, held, notices, finished=finished)


def start_review(
    store: SessionStore,
    rubric: Rubric,
    partnership: str,
    schools: list[str],
    participants: list[str],
    catalogue: Catalogue,
    *,
    people: list[tuple[str, str]] | None = None,
    anonymous: bool = False,
    by_school: str = "",
    review_date: date | None = None,
) -> OpenReview:
    """Start and save a review, then open it; with ``people`` (name, school), a facilitated one with them seated.

    ``NotStarted`` says why when the review cannot be created or saved; nothing is written then.
    """
    from pydantic import ValidationError

    from maturitytui.analysis.next_steps import carry_forward
    from maturitytui.model.errors import validation_problems
    from maturitytui.model.session import Facilitation, Session

    fields: SessionFields = {"schools": schools, "participants": participants}
    if by_school:
        fields["by_school"] = by_school
    if people:
        from maturitytui.room.facilitation import label, new_participants

        room = new_participants([n for n, _ in people], [s for _, s in people], anonymous=anonymous)
        fields["facilitation"] = Facilitation(anonymous=anonymous, participants=room)
        fields["participants"] = [label(p) for p in room]  # with anonymity, labels only: no name is stored
    try:
        session = Session.start(partnership, rubric, review_date=review_date, **fields)
    except ValidationError as exc:
        problem = validation_problems("the new review", exc, {"partnership": partnership})[0]
        raise NotStarted(Notice("Could not start the review", f"{problem.place}: {problem.message}", "error")) from None
    # The new review starts from what the last one promised: its open next steps and focus strands.
    notices: list[Notice] = []
    previous = previous_of(store, session, catalogue, notices)
    if previous is not None and (carried := carry_forward(previous, session)):
        notices.append(
            Notice(
                "Carried forward",
                f"{counted(carried, 'next step')} from the review of {day(previous.review_date)} "
                "carried forward: mark each done, in progress or dropped on its strand.",
                "information",
            )
        )
    try:
        path = store.save(session)
    except SessionError as exc:
        raise NotStarted(Notice("Could not start the review", str(exc.problems[0]), "error")) from None
    opened = open_review(store, rubric, StoredSession(path, session), catalogue, previous)
    opened.notices[:0] = notices
    return opened
