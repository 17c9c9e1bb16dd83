"""Dates and counts as every screen, report and command prints them: "31 Mar 2027", "1 review", "3 reviews"."""

from __future__ import annotations

from datetime import date

DATE_FORMAT = "%d %b %Y"
"""How a date is shown to a reader ("31 Mar 2027"). Dates meant for machines (JSON, the CSV's date column, file
names) stay ISO. ``%b`` is English: Python leaves the time locale at "C" and the program never changes it."""


def day(value: date) -> str:
    return f"{value:{DATE_FORMAT}}"


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and the noun, singular or plural: "1 step", "3 steps"; ``plural`` where it is not made with an s."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
