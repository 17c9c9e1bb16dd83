"""The facilitator's side of a room: says which step the room is on, and gathers what the room sends.

Participants' programs only ever write their own files (see ``room/layout.py``);
this is the one program that writes the room's state and the review itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from maturitytui.analysis.tool_summaries import take_part
from maturitytui.clock import timestamp
from maturitytui.model.errors import Problem
from maturitytui.model.rubric import Rubric
from maturitytui.model.session import Facilitation, Session
from maturitytui.model.steps import Step, questions_for
from maturitytui.room.answers import Responses, take_responses
from maturitytui.room.countdown import Countdown
from maturitytui.room.facilitation import label
from maturitytui.room.files import RatingsCache, collect, merged, read_seen, write_seen
from maturitytui.room.state import RoomState, Seat, close_room, new_code, read_room, write_room

ANSWERED_ALONE = {"questionnaire", "exercise"}
"""Tools each participant answers on their own device, anonymously: the trust audits and Box 4."""


@dataclass
class Gathered:
    """What one look at the room found."""

    ratings_changed: bool = False
    answers: dict[str, int] = field(default_factory=dict)
    """Tool id → how many anonymous answers were added to its tally."""
    problems: list[Problem] = field(default_factory=list)


class RoomHost:
    """Runs the room of one facilitated review."""

    def __init__(
        self,
        rubric: Rubric,
        session: Session,
        path: Path,
        *,
        clock: Callable[[], float] = timestamp,
        read_only: bool = False,
    ) -> None:
        self.rubric = rubric
        self.session = session
        self.path = path
        self.clock = clock
        self.live = not read_only and session.status != "complete"
        """Only the one program editing an unfinished review runs its room: a second copy, open to read, or a
        finished review never writes the room nor takes anything from it."""
        earlier = read_room(path)
        # The same code all session long, and the same countdown, even if the facilitator's program restarts.
        self.code = earlier.code if earlier is not None else new_code()
        self.step = Step.parse(earlier.step) if earlier is not None else None
        self.title = earlier.title if earlier is not None else ""
        self.countdown = (
            Countdown(ends=earlier.timer_ends, left=earlier.timer_left) if earlier is not None else Countdown()
        )
        self.pin_resets: dict[str, int] = dict(earlier.pin_resets) if earlier is not None else {}
        self.per_school = earlier.per_school if earlier is not None else False
        """Whether the front of the room shows the spread school by school."""
        self._files: RatingsCache = {}
        """Participants' files as last parsed, so an unchanged file is not parsed again."""
        self._seen: dict[str, dict[str, str]] | None = read_seen(path) if earlier is not None else None
        """What each participant's file said at the last look (None with nothing known of any earlier look)."""
        self._seen_problems: set[str] = set()
        self._counted: list[Path] = []
        """Answer files already in the review's tallies, deleted once the review is saved."""

    @property
    def facilitation(self) -> Facilitation:
        facilitation = self.session.facilitation
        assert facilitation is not None, "a room is run only for a facilitated review"
        return facilitation

    def seats(self) -> tuple[Seat, ...]:
        return tuple(Seat(p.id, label(p), p.school) for p in self.facilitation.participants)

    def state(self) -> RoomState:
        step = self.step
        tool = step.id if step is not None and step.kind == "tool" else ""
        if tool and self.rubric.tool(tool).kind not in ANSWERED_ALONE:
            tool = ""  # checklists, prompts and tie guides are talked through at the front, not answered alone
        return RoomState(
            code=self.code,
            review=self.session.id,
            partnership=self.session.partnership,
            step=step or "",
            title=self.title,
            questions=questions_for(step, self.rubric) if step is not None else (),
            tool=tool,
            seats=self.seats(),
            anonymous=self.facilitation.anonymous,
            pin_resets=dict(self.pin_resets),
            per_school=self.per_school,
            timer_ends=self.countdown.ends,
            timer_left=self.countdown.left,
        )

    def publish(self) -> None:
        if self.live:
            write_room(self.path, self.state())

    def move_to(self, step: Step, title: str) -> None:
        """The room follows the facilitator to a step; the countdown belongs to the step it was set on."""
        if step != self.step:
            self.countdown = Countdown()
        self.step, self.title = step, title
        self.publish()

    def free_seat(self, participant_id: str) -> None:
        """Let the seat be claimed afresh, its answers kept: for someone who forgot their PIN, or a seat taken by
        the wrong person. Their devices and PIN open it no more; the next claim gets a new PIN."""
        self.pin_resets[participant_id] = self.pin_resets.get(participant_id, 0) + 1
        self.publish()

    def show_by_school(self, shown: bool) -> None:
        self.per_school = shown
        self.publish()

    def set_countdown(self, countdown: Countdown) -> None:
        self.countdown = countdown
        self.publish()

    def gather(self) -> Gathered:
        """Lay the participants' files over the review's ratings, and add waiting anonymous answers to the tallies."""
        gathered = Gathered()
        if not self.live:
            return gathered
        by_participant, problems = collect(self.path, self._files)
        known = {p.id for p in self.facilitation.participants}
        ratings = merged(self.facilitation.ratings, by_participant, known, self._seen)
        # A file unreadable at this look keeps what was last seen of it.
        seen = {**(self._seen or {}), **{pid: dict(theirs) for pid, theirs in by_participant.items()}}
        if seen != self._seen:
            self._seen = seen
            write_seen(self.path, seen)
        if ratings != self.facilitation.ratings:
            self.session.facilitation = self.facilitation.model_copy(update={"ratings": ratings})
            gathered.ratings_changed = True
        responses = take_responses(self.path, skip=set(self._counted))
        responses.keep_only({t.id for t in self.rubric.tools() if t.kind in ANSWERED_ALONE})
        for tool_id, answers in responses.by_tool.items():
            tool = self.rubric.tool(tool_id)
            answer = self.session.tool(tool_id)
            for one in answers:
                take_part(tool, answer, one)
            answer.skipped = False
            self.session.tools = {**self.session.tools, tool_id: answer}
            gathered.answers[tool_id] = len(answers)
        self._counted += responses.paths
        # Each unreadable file is said once, not on every look.
        for problem in [*problems, *responses.problems]:
            if str(problem) not in self._seen_problems:
                self._seen_problems.add(str(problem))
                gathered.problems.append(problem)
        return gathered

    @property
    def counting(self) -> bool:
        """Answers are in the review in memory, their files not yet deleted: ``saved()`` once it is on disk."""
        return bool(self._counted)

    def saved(self) -> None:
        """The review holding the counted answers is on disk: their files can go."""
        Responses(paths=self._counted).discard()
        self._counted = []

    def close(self) -> None:
        """Close the room (participants are told); a finished review's room stays closed."""
        if self.live:
            close_room(self.path)
        self.live = False
