"""Carrying a review's unfinished next steps and focus strands into the next review of the partnership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maturitytui.model.session import Action, Session

if TYPE_CHECKING:
    pass


def carry_forward(previous: Session, new: Session) -> int:
    """Open the new review with the previous one's unfinished next steps and focus strands.

    Each carried step starts as ``open`` (to be marked done, in progress or
    dropped in the new review) and remembers where it came from. Steps the
    previous review already marked done or dropped stay there, as do those of
    a strand the new review's rubric does not have. Returns how many steps
    were carried.
    """
    carried = 0
    if any(a.carried_from == previous.id for answer in new.strands.values() for a in answer.actions):
        return 0  # already carried: never twice
    # A strand the new review's rubric no longer has cannot be answered there; its steps stay in the history.
    known = {s.id for s in new.rubric.strands} or None
    for strand_id, answer in previous.strands.items():
        steps = [a for a in answer.actions if a.status in ("open", "in_progress")]
        if (not steps and not answer.focus) or (known is not None and strand_id not in known):
            continue
        target = new.answer(strand_id)
        # The old note stays with the earlier review; this review says how the step went.
        copies = [carried_copy(a, previous) for a in steps]
        target.actions = [*target.actions, *copies]
        target.focus = target.focus or answer.focus
        carried += len(copies)
    return carried


def carried_copy(action: Action, previous: Session, status: str = "open", note: str = "") -> Action:
    """A next step of an earlier review, carried into the next one, remembering where and when it was agreed."""
    return action.model_copy(
        update={
            "status": status,
            "note": note,
            "carried_from": previous.id,
            "agreed": action.agreed or previous.review_date,
            "was": action.status,
        }
    )
