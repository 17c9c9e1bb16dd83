"""What every step of a review is given, and the message it sends back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.session import Session
    from maturitytui.store.index import Catalogue


@dataclass
class ReviewContext:
    """The review being edited, the rubric it follows, and the review before it."""

    rubric: Rubric
    session: Session
    previous: Session | None
    path: Path
    read_only: bool = False
    catalogue: Catalogue | None = None
    """The whole store, summarised: for views across partnerships, such as a school's portfolio."""
    finished: bool = False
    """Read only because the review is finished: it can be opened again to change it."""


class Answered(Message):
    """A step changed the session: save it now."""

    def __init__(self, *, debounce: bool = False) -> None:
        super().__init__()
        self.debounce = debounce
        """True for typing, which is saved after a short pause rather than on every key."""


def display_path(path: Path) -> str:
    """A path as short as it can be: relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
