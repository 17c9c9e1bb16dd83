"""Loaded by every Python process of CI's second run (PYTHONPATH), under libfaketime.

With the monotonic clock left real (FAKETIME_DONT_FAKE_MONOTONIC=1), libfaketime 0.9.10 still shifts the
deadline that ``time.sleep`` hands to ``clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)``, and the call fails
with EINVAL. ``select`` takes a relative timeout, which libfaketime leaves alone, so sleeping through it waits
the same time without that bug. Nothing else is changed.
"""

import os
import select
import time

if "faketime" in os.environ.get("LD_PRELOAD", ""):

    def _sleep(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            select.select([], [], [], left)

    time.sleep = _sleep
