"""Slowing down guesses: a few wrong codes or PINs are free, then each one more doubles the wait.

The web server keeps one of these per kind of key (an address, a room's seat)
in memory: it is one process, so every connection counts against the same
tally. A refusal is an answer with the time to wait, never a held
connection, so waiting costs the server nothing.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from maturitytui.clock import timestamp


@dataclass
class _Tally:
    wrong: int
    last: float


class Backoff:
    """Wrong tries per key: ``free`` of them at no cost, then a wait of ``first`` seconds doubling up to ``most``."""

    def __init__(
        self,
        *,
        free: int,
        first: float = 1.0,
        most: float = 300.0,
        forget_after: float = 3600.0,
        keys: int = 10_000,
        clock: Callable[[], float] = timestamp,
    ) -> None:
        self.free, self.first, self.most = free, first, most
        self.forget_after = forget_after
        """A key quiet this long starts afresh."""
        self.keys = keys
        """Keys remembered at most (the quietest are forgotten first), so a flood of addresses cannot fill memory."""
        self.clock = clock
        self._tallies: OrderedDict[Hashable, _Tally] = OrderedDict()

    def _tally(self, key: Hashable, now: float) -> _Tally | None:
        tally = self._tallies.get(key)
        if tally is not None and now - tally.last > self.forget_after:
            del self._tallies[key]
            return None
        return tally

    def wait(self, key: Hashable) -> float:
        """Seconds before ``key`` may try again (0: now)."""
        now = self.clock()
        tally = self._tally(key, now)
        if tally is None or tally.wrong < self.free:
            return 0.0
        delay = min(self.most, self.first * 2.0 ** (tally.wrong - self.free))
        return max(0.0, tally.last + delay - now)

    def wrong(self, key: Hashable) -> None:
        now = self.clock()
        tally = self._tally(key, now) or _Tally(0, now)
        tally.wrong, tally.last = tally.wrong + 1, now
        self._tallies[key] = tally
        self._tallies.move_to_end(key)
        while len(self._tallies) > self.keys:
            self._tallies.popitem(last=False)

    def right(self, key: Hashable) -> None:
        self._tallies.pop(key, None)

    def left(self, key: Hashable) -> int:
        """Wrong tries ``key`` has before waits begin."""
        tally = self._tally(key, self.clock())
        return max(0, self.free - (tally.wrong if tally else 0))


def wait_words(seconds: float) -> str:
    """``12 seconds``, ``2 minutes``: how long to wait, rounded up."""
    whole = max(1, math.ceil(seconds))
    if whole < 90:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = math.ceil(whole / 60)
    return f"{minutes} minutes"
