"""Full garbage collections while nobody is typing.

A full collection walks every object the program holds that the start screen
did not freeze (with a review open, tens of thousands of Textual's cached
lines: 20–30 ms). Python starts one whenever enough objects have outlived two
younger collections, which can fall in the middle of a key press and make it
the slowest of the session. The two young generations are left to Python; the
full one waits for a pause in the typing, unless the typing goes on so long
that waiting would let memory grow.
"""

from __future__ import annotations

import gc
from types import ModuleType

QUIET_SECONDS = 2.0
"""How often to look for a pause: a full collection runs only after this long without a key or a click."""

NEVER = 1_000_000
"""A threshold Python's own full collections never reach."""

OVERDUE = 100
"""Young collections since the last full one after which a full one runs even while typing (Python's own is 10)."""


class IdleCollector:
    def __init__(self, collector: ModuleType = gc) -> None:
        self._gc = collector
        self._inputs = 0
        self._seen = 0
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self._saved is None:
            self._saved = self._gc.get_threshold()
            young, middle, _ = self._saved
            self._gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        if self._saved is not None:
            self._gc.set_threshold(*self._saved)
            self._saved = None

    def input(self) -> None:
        """A key or a click: not a pause."""
        self._inputs += 1

    def tick(self) -> bool:
        """Called every QUIET_SECONDS: collect if nothing was typed since the last call (or if it is overdue)."""
        quiet = self._inputs == self._seen
        self._seen = self._inputs
        pending = self._gc.get_count()[2]  # young collections since the last full one
        if (quiet and pending > 0) or pending >= OVERDUE:
            self._gc.collect()
            return True
        return False
