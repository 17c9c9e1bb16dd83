"""A step's countdown, set, paused and extended by the facilitator.

The clock is passed in, so the countdown can be checked without waiting for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Countdown:
    """Either running until ``ends`` (clock seconds), or paused with ``left`` seconds to go; unset when neither."""

    ends: float | None = None
    left: float | None = None

    @classmethod
    def start(cls, seconds: float, now: float) -> Countdown:
        return cls(ends=now + max(0.0, seconds))

    @property
    def set(self) -> bool:
        return self.ends is not None or self.left is not None

    @property
    def running(self) -> bool:
        return self.ends is not None

    def remaining(self, now: float) -> float:
        """Seconds to go, never below zero (zero once time is up, or when unset)."""
        if self.ends is not None:
            return max(0.0, self.ends - now)
        return max(0.0, self.left or 0.0)

    def up(self, now: float) -> bool:
        """Set, and no time left."""
        return self.set and self.remaining(now) == 0

    def pause(self, now: float) -> Countdown:
        return Countdown(left=self.remaining(now)) if self.running else self

    def resume(self, now: float) -> Countdown:
        return Countdown(ends=now + self.left) if self.left is not None else self

    def toggle(self, now: float) -> Countdown:
        return self.pause(now) if self.running else self.resume(now)

    def words(self, now: float) -> str:
        """``4:05 left``, ``4:05 paused``, ``time is up``, or nothing when unset."""
        if not self.set:
            return ""
        if self.up(now):
            return TIME_UP
        return clock_words(self.remaining(now)) + (" left" if self.running else " paused")

    def extend(self, seconds: float, now: float) -> Countdown:
        """More time: added to what is left (a countdown that ran out starts again from now)."""
        if self.ends is not None:  # running
            return Countdown(ends=max(self.ends, now) + seconds)
        return Countdown(left=(self.left or 0.0) + seconds)


TIME_UP = "time is up"


def clock_words(seconds: float) -> str:
    """``4:05`` — whole seconds, rounded up, so ``0:00`` means time is up."""
    whole = int(-(-seconds // 1))
    return f"{whole // 60}:{whole % 60:02d}"
