"""Reports on a facilitated review: the room's spread, what was agreed and why, school by school, and no names."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from html_page import Page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturitytui.analysis.history import history_of
from maturitytui.model.session import Cell, CriterionAnswer, Facilitation, GridAnswer, Session
from maturitytui.reports.formats import FORMATS, render_report
from maturitytui.reports.markdown import text as md_text
from maturitytui.reports.tabular import COLUMNS, LATER_COLUMNS
from maturitytui.room.facilitation import new_participants

NAMES = ["Ann Quillfeather", "Bo Zanderby", "Cy Marchetto", "Di Okonkwo", "Ed Vashti", "Flo Underhay"]
SCHOOLS = ["Ash Primary"] * 3 + ["Elm Infant"] * 3
RATINGS = {
    # Ann, Bo and Cy are from Ash Primary; Di, Ed and Flo from Elm Infant.
    "strand:jpd": dict(
        zip(
            ["p1", "p2", "p3", "p4", "p5", "p6"],
            ["Beginning", "Developing", "Developing", "Embedding", "Developing", "Embedding"],
            strict=True,
        )
    ),
    "strand:hsc": {"p1": "Embedding", "p2": "Embedding", "p3": "Embedding", "p4": "Leading", "p5": "Embedding"},
    "grid:current": {"p1": "2,3", "p2": "2,3", "p3": "1,2", "p4": "2,3", "p5": "4,3", "p6": "2,2"},
    "grid:target": {"p1": "3,5", "p2": "3,5", "p3": "3,4"},
    "criterion:jpd-established:within": {"p1": "partly", "p2": "partly", "p3": "not_yet", "p4": "well_established"},
}
REASONS = {
    "strand:jpd": "Triads run in maths only so far",
    "strand:hsc": "Heads trust each other",
    "grid:current": "Shared training days, but no shared budget yet",
    "criterion:jpd-established:within": "Only the maths leads are involved",
}


def reviewed(
    rubric, day: date, *, anonymous: bool = False, reasons: dict | None = None, participants: list[str] | None = None
) -> Session:
    """A review of the test partnership run with a room of six from two schools."""
    s = Session.start(
        "Harbourside & Co",
        rubric,
        review_date=day,
        schools=["Ash Primary", "Elm Infant"],
        participants=participants or [],
    )
    s.id = f"{day.isoformat()}-room"
    s.status = "complete"
    s.grid = GridAnswer(current=Cell(integration=2, nature=3), target=Cell(integration=3, nature=5))
    s.answer("jpd").stage = "Developing"
    s.answer("hsc").stage = "Embedding"
    s.criteria = {"jpd-established": CriterionAnswer(within="partly", between="not_yet")}
    s.facilitation = Facilitation(
        anonymous=anonymous,
        participants=new_participants(NAMES, SCHOOLS, anonymous=anonymous),
        ratings=RATINGS,
        reasons=REASONS if reasons is None else reasons,
    )
    return s


def plain(rubric, day: date) -> Session:
    s = Session.start("Harbourside & Co", rubric, review_date=day)
    s.id, s.status = f"{day.isoformat()}-plain", "complete"
    s.answer("jpd").stage = "Beginning"
    return s


@pytest.fixture
def reviews(rubric):
    return [plain(rubric, date(2025, 6, 12)), reviewed(rubric, date(2026, 6, 18))]


def render(rubric, reviews, fmt) -> str:
    return render_report(rubric, history_of(rubric, reviews), fmt)


def test_markdown_gives_each_question_its_spread_agreement_and_reason(rubric, reviews):
    md = render(rubric, reviews, "md")
    room = md[md.index("## How the room rated") : md.index("## What the partnership celebrates")]
    assert "6 people rated together" in room
    jpd = room[room.index("**Joint practice development**") :]
    assert jpd.startswith(
        "**Joint practice development**\n\n- Spread: Beginning 1 · Developing 3 · Embedding 2 · "
        "Leading 0 (6 of 6 rated; views differed widely)\n- Agreed: Developing\n"
        "- Why: Triads run in maths only so far\n"
    )
    assert "  - Ash Primary: Beginning 1 · Developing 2 · Embedding 0 · Leading 0 (3 of 3 rated)" in jpd
    assert "  - Elm Infant: Beginning 0 · Developing 1 · Embedding 2 · Leading 0 (3 of 3 rated)" in jpd
    hsc = room[room.index("**High social capital**") :]
    assert "Embedding 4 · Leading 1 (5 of 6 rated)\n" in hsc  # one stage apart: not wide
    assert "3 at integration 2, nature 3 · 1 at integration 4, nature 3 (6 of 6 rated; views differed widely)" in room
    assert "- Agreed: integration 3, nature 5" in room  # the target, chosen by only three
    assert "  - Elm Infant: no cell chosen (0 of 3 rated)" in room
    assert "not yet 1 · partly 2 · well established 1 (4 of 6 rated; views differed widely)" in room
    assert "**Joint practice development, within schools**" in room
    assert "Only the maths leads" in room
    assert room.index("Ash Primary") < room.index("Elm Infant")  # schools in the order they appear, never ranked
    # Strands the room did not rate are not listed there.
    assert "Mentoring and coaching" not in room
    # The notes, review by review, carry the room's view beside the evidence.
    assert "- The room (18 Jun 2026): Beginning 1 · Developing 3" in md


def test_html_draws_the_spread_and_shows_the_schools_side_by_side(rubric, reviews):
    page = Page(render(rubric, reviews, "html"))
    assert page.find("section", id="room")
    block = page.find("div", **{"data-question": "strand:jpd"})
    assert block
    assert "wide" in block[0]["class"].split()
    assert "wide" not in page.find("div", **{"data-question": "strand:hsc"})[0]["class"].split()
    assert page.find("svg", **{"class": "spread-chart", "data-question": "strand:jpd"})
    bars = [a for t, a in page.tags if t == "rect" and "spread-bar" in a.get("class", "").split()]
    assert sum("agreed" in b["class"].split() for b in bars) == 5  # the agreed rating of each question, marked
    assert "Joint practice development: Beginning: 1; Developing: 3; Embedding: 2; Leading: 0" in page.text
    text = page.text
    assert "Views differed widely." in text
    assert "Triads run in maths only so far" in text
    assert "Agreed: Developing" in text
    assert "Agreed: integration 2, nature 3" in text
    assert "6 of 6 rated" in text
    assert "Cells read integration,nature." in text
    assert len(page.find("table", **{"class": "by-school"})) == 5
    assert text.index("Ash Primary") < text.index("Elm Infant")


def test_csv_adds_the_rooms_columns_after_the_usual_ones(rubric, reviews):
    out = render(rubric, reviews, "csv")
    reader = csv.DictReader(io.StringIO(out))
    rows = list(reader)
    assert tuple(reader.fieldnames[: len(COLUMNS)]) == COLUMNS
    room_columns = reader.fieldnames[len(COLUMNS) : len(COLUMNS) + 6]
    assert room_columns == [
        "room_counts",
        "room_rated",
        "room_expected",
        "room_wide",
        "room_by_school",
        "agreed_reason",
    ]
    # Columns added since come after the room's, so the room's stay where they were.
    assert tuple(reader.fieldnames[len(COLUMNS) + 6 :][: len(LATER_COLUMNS)]) == LATER_COLUMNS
    row = {(r["review_id"], r["strand_id"]): r for r in rows}
    jpd = row[("2026-06-18-room", "jpd")]
    assert (jpd["stage"], jpd["room_counts"], jpd["room_rated"], jpd["room_expected"], jpd["room_wide"]) == (
        "Developing",
        "B1 D3 E2 L0",
        "6",
        "6",
        "yes",
    )
    assert jpd["room_by_school"] == "Ash Primary: B1 D2 E0 L0; Elm Infant: B0 D1 E2 L0"
    assert jpd["agreed_reason"] == "Triads run in maths only so far"
    assert row[("2026-06-18-room", "hsc")]["room_wide"] == "no"
    assert row[("2026-06-18-room", "mc")]["room_counts"] == ""
    assert row[("2026-06-18-room", "mc")]["room_wide"] == ""
    assert all(r["room_counts"] == r["agreed_reason"] == "" for r in rows if r["review_id"] == "2025-06-12-plain")


def test_json_holds_the_rooms_counts_agreement_and_reasons(rubric, reviews):
    doc = json.loads(render(rubric, reviews, "json"))
    earlier, room_review = doc["reviews"]
    assert "facilitation" not in earlier
    f = room_review["facilitation"]
    assert (f["participants"], f["anonymous"], f["schools"]) == (6, False, ["Ash Primary", "Elm Infant"])
    jpd = f["questions"]["strand:jpd"]
    assert jpd["counts"] == {"Beginning": 1, "Developing": 3, "Embedding": 2, "Leading": 0}
    assert (jpd["rated"], jpd["expected"], jpd["width"], jpd["wide"], jpd["agreed"]) == (6, 6, 2, True, "Developing")
    assert jpd["reason"] == "Triads run in maths only so far"
    assert jpd["by_school"] == {
        "Ash Primary": {"Beginning": 1, "Developing": 2, "Embedding": 0, "Leading": 0},
        "Elm Infant": {"Beginning": 0, "Developing": 1, "Embedding": 2, "Leading": 0},
    }
    grid = f["questions"]["grid:current"]
    assert grid["counts"] == {"1,2": 1, "2,2": 1, "2,3": 3, "4,3": 1}
    assert grid["agreed"] == "2,3"
    assert grid["wide"]
    assert f["questions"]["criterion:jpd-established:within"]["agreed"] == "partly"
    assert list(f["questions"]) == [
        "grid:current",
        "grid:target",
        "strand:jpd",
        "strand:hsc",
        "criterion:jpd-established:within",
    ]


@pytest.mark.parametrize("anonymous", [False, True])
def test_no_participant_is_named_in_any_format(rubric, anonymous):
    # Even a named room is reported by counts only: the report goes back to the room.
    s = reviewed(rubric, date(2026, 6, 18), anonymous=anonymous, participants=NAMES if anonymous else None)
    for fmt in FORMATS:
        out = render(rubric, [s], fmt)
        for name in NAMES:
            assert name not in out, (fmt, name)
            assert name.split()[1] not in out, (fmt, name)
    if anonymous:  # who took part is counted, not named, when the room rated anonymously
        assert "6 people, rating anonymously" in render(rubric, [s], "md")
        assert json.loads(render(rubric, [s], "json"))["reviews"][0]["participants"] == []


def test_a_review_without_a_room_reports_as_before(rubric):
    s = plain(rubric, date(2026, 6, 18))
    s.participants = ["Ash head"]
    assert "How the room rated" not in render(rubric, [s], "md")
    page = Page(render(rubric, [s], "html"))
    assert not page.find("section", id="room")
    assert "Ash head" in page.text
    header = next(csv.reader(io.StringIO(render(rubric, [s], "csv"))))
    assert header[: len(COLUMNS) + len(LATER_COLUMNS)] == [*COLUMNS, *LATER_COLUMNS]
    assert not any(h.startswith("room_") or h == "agreed_reason" for h in header)
    assert "facilitation" not in json.loads(render(rubric, [s], "json"))["reviews"][0]


def test_a_room_that_has_rated_nothing_says_so(rubric):
    s = reviewed(rubric, date(2026, 6, 18), reasons={})
    s.facilitation = s.facilitation.model_copy(update={"ratings": {}})
    assert "The room has not rated any question yet." in render(rubric, [s], "md")
    assert json.loads(render(rubric, [s], "json"))["reviews"][0]["facilitation"]["questions"] == {}


def test_ratings_that_do_not_fit_their_question_are_left_out(rubric):
    # A hand-edited file: a stage where a grid cell belongs, a criterion rating on a strand.
    s = reviewed(rubric, date(2026, 6, 18))
    s.facilitation = s.facilitation.model_copy(
        update={"ratings": {**RATINGS, "grid:current": {"p1": "Beginning", "p2": "2,3"}, "strand:mc": {"p1": "partly"}}}
    )
    for fmt in FORMATS:
        render(rubric, [s], fmt)
    q = json.loads(render(rubric, [s], "json"))["reviews"][0]["facilitation"]["questions"]
    assert q["grid:current"]["counts"] == {"2,3": 1}
    assert q["grid:current"]["rated"] == 1
    assert "strand:mc" not in q


reasons = st.text(st.sampled_from("<>&=+-@\"' ab\n/;|*_`[]#"), min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reason=reasons)
def test_typed_reasons_are_escaped_and_neutralised(rubric, reason):
    s = reviewed(rubric, date(2026, 6, 18), reasons={"strand:jpd": reason})
    page = Page(render(rubric, [s], "html"))
    assert reason in page.text.replace("\r\n", "\n")
    assert not any(t in ("b", "script", "a", "img") for t, _ in page.tags)  # nothing typed became a tag
    md = render(rubric, [s], "md")
    assert md_text(reason) in md
    assert not re.search(r"(?<!\\)<[A-Za-z/!?]", md)  # nothing typed can become HTML in a Markdown viewer
    row = next(r for r in csv.DictReader(io.StringIO(render(rubric, [s], "csv"))) if r["strand_id"] == "jpd")
    assert row["agreed_reason"] == ("'" + reason if reason[0] in "=+-@" else reason)
    doc = json.loads(render(rubric, [s], "json"))
    assert doc["reviews"][0]["facilitation"]["questions"]["strand:jpd"]["reason"] == reason
