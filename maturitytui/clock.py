"""The program's one clock: every date and time it shows or stores comes from here.

Nothing else in the program asks the system for the date or the time of day,
so fixing this clock (``frozen``) fixes every date a screen, a file or a
report can show: tests, benchmarks and demonstrations do. Timers that only
measure how long something takes (Textual's own, a server's timeouts) use the
monotonic clock and are not dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where "now" and "today" come from."""

    def now(self) -> datetime:
        """The present moment, timezone-aware."""
        ...

    def today(self) -> date:
        """The present day where the user is."""
        ...


class SystemClock:
    """The computer's clock and time zone."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date.today()


@dataclass
class FixedClock:
    """A clock that stands still at ``at`` until moved; ``at``'s own offset is the user's time zone."""

    at: datetime

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("a fixed clock needs a timezone-aware moment, e.g. datetime(..., tzinfo=UTC)")

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


_clock: Clock = SystemClock()


def now() -> datetime:
    """The present moment in UTC, to the second: what ``created``, ``updated`` and lock files record."""
    return _clock.now().astimezone(UTC).replace(microsecond=0)


def today() -> date:
    """The day a new review is dated."""
    return _clock.today()


def timestamp() -> float:
    """The present moment as seconds since the epoch, for countdowns that several programs share."""
    return _clock.now().timestamp()


def use(clock: Clock) -> Clock:
    """Make ``clock`` the program's clock; returns the one it replaces."""
    global _clock
    previous, _clock = _clock, clock
    return previous


@contextmanager
def frozen(at: datetime) -> Iterator[FixedClock]:
    """The program's clock stands at ``at`` inside the block (and moves only when ``advance`` is called)."""
    fixed = FixedClock(at)
    previous = use(fixed)
    try:
        yield fixed
    finally:
        use(previous)
