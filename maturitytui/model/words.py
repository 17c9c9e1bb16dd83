"""Counts and dates in words, for every layer that speaks to a person: "1 step", "3 steps", "31 Mar 2027"."""

from __future__ import annotations

from datetime import date

MONTH_YEAR = "%b %Y"
"""With the day of the month before it, how a date is shown to a reader ("7 Oct 2026", "31 Mar 2027"). Dates
meant for machines (JSON, the CSV's date column, file names) stay ISO. ``%b`` is English: Python leaves the time
locale at "C" and the program never changes it."""


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and the noun, singular or plural; ``plural`` where it is not made with an s ("1 person", "2 people")."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def day(value: date) -> str:
    # The day without a leading zero, as dates are written in English; strftime's "%-d" is not portable.
    return f"{value.day} {value:{MONTH_YEAR}}"
