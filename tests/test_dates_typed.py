"""A date typed by a person: as the screens show it, ISO, or day/month/year; anything else is explained."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maturitytui.analysis.review import review_day_problem
from maturitytui.analysis.words import day, parse_day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_date_a_screen_shows_reads_back_as_the_same_date(value):
    assert parse_day(day(value)) == value
    assert parse_day(value.isoformat()) == value
    assert parse_day(f"{value:%d/%m/%Y}") == value
    assert parse_day(f"{value.day} {value:%B %Y}".upper()) == value


@pytest.mark.parametrize("typed", ["", "tomorrow", "31 Feb 2027", "2027-13-01", "3 Dec", "12/31/2026"])
def test_what_is_not_a_date_says_how_to_write_one(typed):
    with pytest.raises(ValueError, match="is not a date: write it as 31 Mar 2027"):
        parse_day(typed)


def test_a_review_is_held_today_or_earlier_and_not_before_the_one_it_follows():
    today = date(2026, 12, 3)
    assert review_day_problem(today, today) == ""
    assert (
        review_day_problem(date(2026, 12, 4), today)
        == "4 Dec 2026 is after today: give the day the review was held (today or earlier)."
    )
    assert "held on 18 Jun 2026" in review_day_problem(date(2026, 6, 17), today, date(2026, 6, 18))
    assert review_day_problem(date(2026, 6, 18), today, date(2026, 6, 18)) == ""
