"""Dates and counts as every screen, report and command prints them: "31 Mar 2027", "1 review", "3 reviews"."""

from __future__ import annotations

from datetime import date, datetime

# Counts and dates are said the same below this layer too.
from maturitytui.model.words import MONTH_YEAR as MONTH_YEAR
from maturitytui.model.words import counted as counted
from maturitytui.model.words import day as day

_DAY_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d/%m/%Y")
"""What a person may type for a date: as it is shown ("31 Mar 2027", "31 March 2027"), ISO, or day/month/year as
dates are written in England."""


def parse_day(text: str) -> date:
    """The date typed, in any of the forms a reader is shown or writes; ValueError saying how to write it."""
    cleaned = " ".join(text.replace(",", " ").split())
    for fmt in _DAY_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text.strip()}' is not a date: write it as 31 Mar 2027 (or 2027-03-31)")
