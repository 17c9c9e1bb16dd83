"""Reports on the demo partnership as a reader and a spreadsheet see them: one date format, plurals, no internal
ids, and a CSV that carries each strand's next steps, its N/A reason and the criteria for a deep partnership."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from html_page import Page

from maturitytui.analysis.history import history_of
from maturitytui.analysis.review import RATING_LABELS
from maturitytui.demo import demo_sessions
from maturitytui.model.session import Action, Facilitation
from maturitytui.reports.formats import render_report
from maturitytui.reports.story import counted, people
from maturitytui.reports.tabular import COLUMNS, LATER_COLUMNS


@pytest.fixture
def demo(rubric):
    return demo_sessions(rubric)


def render(rubric, reviews, fmt, **kwargs) -> str:
    return render_report(rubric, history_of(rubric, reviews), fmt, **kwargs)


def read_csv(text: str) -> tuple[list[str], dict[tuple[str, str], dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = {(r["review_id"], r["strand_id"]): r for r in reader}
    return list(reader.fieldnames or []), rows


def criterion_heading(title: str, level: str) -> str:
    return f"criterion: {title}, {level}" + (" schools" if level != "note" else "")


# -- the CSV: next steps, N/A reasons and the criteria ---------------------------------------------


def test_csv_adds_steps_na_reasons_and_criteria_after_the_columns_it_had(rubric, demo):
    header, rows = read_csv(render(rubric, demo, "csv"))
    # Old spreadsheets find every column where it was; the new ones follow.
    assert header[: len(COLUMNS)] == list(COLUMNS)
    later = ["na_reason", "next_steps_text", "grid_note"]
    assert header[len(COLUMNS) : len(COLUMNS) + 3] == list(LATER_COLUMNS) == later
    assert header[len(COLUMNS) + 3 :] == [
        criterion_heading(c.title, level) for c in rubric.criteria for level in ("within", "between", "note")
    ]
    latest = demo[-1].id
    jpd = rows[(latest, "jpd")]
    assert jpd["next_steps"] == "2"  # still the count, as before
    assert jpd["next_steps_text"] == (
        "Pilot two cross-school maths triads using one disaggregated training day "
        "(Orchard Vale deputy head, by 31 Mar 2026, done); "
        "Extend triads to English and early reading (Harbourside maths lead, by 31 Mar 2027, open)"
    )
    assert rows[(latest, "ec")]["next_steps_text"] == (
        "Heads to try a first round of reciprocal visits with an experienced NLE as broker "
        "(Harbourside head, by 28 Feb 2027, in progress)"
    )
    assert rows[(latest, "mc")]["next_steps_text"] == ""
    assert rows[(latest, "ce")]["na_reason"] == "Still no traded services; revisit if the partnership grows."
    assert rows[(demo[0].id, "ce")]["na_reason"] == "No traded services and none planned for now."
    assert jpd["na_reason"] == ""
    assert jpd["grid_note"] == demo[-1].grid.note
    # A column meant for sorting keeps its ISO date.
    assert jpd["review_date"] == "2026-06-18"


def test_csv_repeats_each_reviews_criteria_on_its_rows_and_leaves_unrated_ones_empty(rubric, demo):
    del demo[-1].criteria["cmp-shared"]
    _, rows = read_csv(render(rubric, demo, "csv"))
    for review in demo:
        mine = [r for (rid, _), r in rows.items() if rid == review.id]
        for criterion in rubric.criteria:
            answer = review.criteria.get(criterion.id)
            for level in ("within", "between"):
                expected = RATING_LABELS[getattr(answer, level)] if answer else ""
                assert {r[criterion_heading(criterion.title, level)] for r in mine} == {expected}
    row = rows[(demo[-1].id, "jpd")]
    assert row[criterion_heading("High social capital", "within")] == "well established"
    assert row[criterion_heading("Collective moral purpose", "between")] == ""


def test_csv_steps_and_reasons_typed_by_people_are_never_formulas_nor_control_characters(rubric, demo):
    latest = demo[-1]
    latest.answer("jpd").actions = [
        Action(text='=HYPERLINK("http://example.invalid","x")', owner="@owner\x1b[31m", due=date(2027, 3, 31)),
        Action(text="Second\nline\tstep", owner="Ash lead"),
    ]
    latest.answer("ce").na_reason = "\t-1+1 no\x00 services\x07"
    latest.answer("mc").evidence = "\r\n+SUM(1)\r\nsecond line"
    latest.answer("fg").evidence = "Plain words: 1+1=2"
    _, rows = read_csv(render(rubric, demo, "csv"))
    jpd, ce, mc = (rows[(latest.id, s)] for s in ("jpd", "ce", "mc"))
    assert jpd["next_steps_text"] == (
        '\'=HYPERLINK("http://example.invalid","x") (@owner [31m, by 31 Mar 2027, open); '
        "Second line step (Ash lead, open)"
    )
    assert ce["na_reason"] == "' -1+1 no  services "
    assert mc["evidence"] == "'\n+SUM(1)\nsecond line"  # line breaks kept within the cell, as spreadsheets show
    assert rows[(latest.id, "fg")]["evidence"] == "Plain words: 1+1=2"
    for row in rows.values():
        for value in row.values():
            assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", value)
            assert value.lstrip()[:1] not in ("=", "+", "-", "@")


# -- one date format, plurals and no internal ids ------------------------------------------------------

MONTH_WORDS = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.? ?(\d{4})?"
)


def reader_text(rubric, reviews, fmt, **kwargs) -> str:
    source = render(rubric, reviews, fmt, **kwargs)
    return Page(source).text if fmt == "html" else source


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_date_a_reader_sees_reads_31_mar_2027(rubric, demo, fmt):
    demo[-1].answer("ec").actions[0].due = date(2027, 2, 5)  # a day below ten is written without a nought
    text = reader_text(rubric, demo, fmt)
    dates = [m.group(0) for m in MONTH_WORDS.finditer(text)]
    assert dates
    assert all(re.fullmatch(r"[1-9]\d? [A-Z][a-z]{2} \d{4}", d) for d in dates), sorted(set(dates))
    for shown in ("18 Jun 2026", "31 Mar 2027", "5 Feb 2027", "agreed in the review of 12 Jun 2025"):
        assert shown in text
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)  # ISO dates are for machines


def test_counts_agree_with_their_nouns(rubric, demo):
    assert [counted(n, "review") for n in (0, 1, 2)] == ["0 reviews", "1 review", "2 reviews"]
    assert counted(1, "next step") == "1 next step"
    assert [people(1), people(3)] == ["1 person", "3 people"]
    md = render(rubric, demo, "md", review=demo[1])
    assert "A report on the review of 12 Jun 2025 (finished), with the 1 earlier review for context." in md
    assert "1 strand judged not applicable" in md
    md = render(rubric, demo, "md")
    assert "A report on the partnership's 3 reviews, led by the review of 18 Jun 2026 (finished)." in md
    assert "7 strands at Developing" in md


INTERNAL_ID = re.compile(r"\b(strand|tool|grid|criterion):[a-z0-9]")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_readers_see_titles_never_the_keys_steps_and_questions_are_stored_under(rubric, demo, fmt):
    latest = demo[-1]
    # A room that also gave reasons on a strand and a criterion no rubric here has (a plugin since removed).
    latest.facilitation = Facilitation(
        reasons={
            "grid:current": "Shared days",
            "strand:jpd": "Triads",
            "strand:gone": "An old strand",
            "criterion:old-one:between": "An old criterion",
        }
    )
    # A step carried from a review not in the report, whose date was not kept.
    latest.answer("mc").actions = [Action(text="Coach across schools", carried_from="2019-01-01-lost")]
    text = reader_text(rubric, demo, fmt)
    assert not INTERNAL_ID.search(text), INTERNAL_ID.search(text)
    assert "2019-01-01-lost" not in text
    assert "carried from an earlier review" in text
    assert "The grid: where the partnership is now" in text
    assert "old-one, between schools" in text


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_the_notes_on_the_grid_and_each_criterion_are_in_every_report(rubric, demo, fmt):
    demo[-1].grid.note = "Cedar joined in September"
    demo[-1].criteria["ec-practised"] = (
        demo[-1].criteria["ec-practised"].model_copy(update={"note": "Heads challenge one another; staff not yet"})
    )
    text = reader_text(rubric, demo, fmt) if fmt != "csv" else render(rubric, demo, fmt)
    assert "Cedar joined in September" in text
    assert "Heads challenge one another; staff not yet" in text
