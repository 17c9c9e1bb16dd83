"""Reports: every format tells the partnership's story, escapes what users typed, and survives rubric changes."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from html_page import Page
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import sessions as any_sessions
from strategies import typed

from maturitytui.analysis.history import history_of
from maturitytui.model.inert import inert
from maturitytui.model.rubric import STAGES
from maturitytui.model.session import Action, Cell, CriterionAnswer, GridAnswer, RubricRef, Session, StrandRef
from maturitytui.reports.formats import FORMATS, render_report


def review(rubric, day, *, status="complete", hour=9, sid=None, stages=None, grid=((1, 1), (3, 4)), ref=None):
    """A review of the test partnership: ``stages`` maps strand id to stage (or "n/a"); grid is (current, target)."""
    s = Session.start(
        "Harbourside & Co",
        rubric,
        review_date=day,
        schools=["Ash Primary", "Elm Infant"],
        participants=["Ash head", "Elm head"],
    )
    s.id = sid or f"{day.isoformat()}-{hour:02d}"
    s.created = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    s.status = status
    s.rubric = ref or s.rubric
    current, target = grid or (None, None)
    s.grid = GridAnswer(
        current=current and Cell(integration=current[0], nature=current[1]),
        target=target and Cell(integration=target[0], nature=target[1]),
        note="Grid note",
    )
    for strand_id, stage in (stages or {}).items():
        answer = s.answer(strand_id)
        if stage == "n/a":
            answer.not_applicable, answer.na_reason = True, "No traded services"
        else:
            answer.stage = stage
    return s


@pytest.fixture
def two(rubric):
    first = review(rubric, date(2025, 6, 12), stages={"jpd": "Beginning", "hsc": "Developing", "ce": "n/a"})
    first.answer("jpd").actions = [Action(text="Pilot maths triads", owner="Elm deputy", due=date(2026, 3, 31))]
    first.criteria = {"jpd-established": CriterionAnswer(within="not_yet", between="not_yet")}
    second = review(
        rubric,
        date(2026, 6, 18),
        grid=((2, 3), (3, 5)),
        stages={"jpd": "Developing", "hsc": "Developing", "ce": "n/a", "ec": "Beginning"},
    )
    second.answer("jpd").actions = [
        Action(text="Pilot maths triads", status="done", carried_from=first.id, agreed=first.review_date),
        Action(text="Extend triads to reading", status="in_progress", owner="Ash lead"),
    ]
    second.answer("ec").focus = True
    second.criteria = {"jpd-established": CriterionAnswer(within="partly", between="not_yet")}
    return [first, second]


def render(rubric, reviews, fmt, **kwargs) -> str:
    return render_report(rubric, history_of(rubric, reviews), fmt, **kwargs)


def test_unknown_format_names_the_formats(rubric, two):
    with pytest.raises(ValueError, match="pdf") as error:
        render(rubric, two, "pdf")
    assert all(f in str(error.value) for f in FORMATS)
    with pytest.raises(ValueError, match="no reviews"):
        render(rubric, [], "md")


def test_html_holds_the_grid_heat_map_and_every_strand(rubric, two):
    source = render(rubric, two, "html")
    page = Page(source)
    assert page.find("svg", id="partnership-grid")
    assert page.find("table", id="heat-map")
    for strand in rubric.strands():
        assert strand.title in page.text
    assert "hargreaves-2012" in page.text
    assert rubric.version in page.text
    dots = [a for t, a in page.tags if t == "circle" and "review-dot" in a.get("class", "").split()]
    assert [(d["data-review"], d["data-cell"]) for d in dots] == [(two[0].id, "1,1"), (two[1].id, "2,3")]
    assert sum("latest" in d["class"] for d in dots) == 1
    assert len(page.find("polyline", **{"class": "path-travelled"})) == 1
    arrows = [a for t, a in page.tags if "target-arrow" in a.get("class", "")]
    assert len(arrows) == 2
    assert all(a.get("stroke-dasharray") for a in arrows)
    assert len(page.find("svg", **{"class": "stage-chart"})) == len(rubric.strands())
    for axis in (rubric.grid.integration, rubric.grid.nature):
        assert axis.title in page.text
        assert axis.low in page.text
        assert axis.high in page.text
    assert "@media print" in source
    assert "Pilot maths triads" in page.text
    assert "agreed in the review of 12 Jun 2025" in page.text


def test_html_is_self_contained(rubric, two):
    source = render(rubric, two, "html")
    assert not re.search(r"https?://|src=|<script|<link|@import|<img", source, re.I)
    assert all(u == "url(#" for u in re.findall(r"url\(.?", source))


@settings(max_examples=40)
@given(typed)
def test_typed_text_is_escaped_and_reads_back(rubric, words):
    hostile = f"{words}<script>alert(\"x\")</script> & <b>bold</b> 'q' {words}"
    first = review(rubric, date(2026, 1, 5), stages={"jpd": "Beginning"})
    first.answer("jpd").evidence = hostile
    first.answer("jpd").actions = [Action(text=hostile, owner=hostile)]
    first.grid = first.grid.model_copy(update={"note": hostile})
    source = render(rubric, [first], "html")
    page = Page(source)
    assert not page.find("script")
    assert not page.find("b")
    # Read back as typed, control characters shown inert: HTML has no place for them.
    assert page.text.count(inert(hostile)) >= 3
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", source)


def test_csv_has_a_row_per_review_and_strand(rubric, two):
    rows = list(csv.DictReader(io.StringIO(render(rubric, two, "csv"))))
    history = history_of(rubric, two)
    assert len(rows) == len(two) * len(history.strands)
    assert [r["review_id"] for r in rows[:: len(history.strands)]] == [s.id for s in two]
    for row in rows:
        expected = str(STAGES.index(row["stage"]) + 1) if row["stage"] in STAGES else ""
        assert row["stage_number"] == expected
        assert (row["not_applicable"] == "yes") == (row["stage"] == "n/a")
    jpd = [r for r in rows if r["strand_id"] == "jpd"]
    assert [r["stage"] for r in jpd] == ["Beginning", "Developing"]
    assert [r["next_steps"] for r in jpd] == ["1", "2"]
    assert [r["grid_current"] for r in jpd] == ["1,1", "2,3"]
    assert jpd[1]["grid_target"] == "3,5"
    assert rows[0]["plugins"] == ";".join(two[0].rubric.plugins)
    assert rows[0]["partnership"] == "Harbourside & Co"


def test_json_matches_the_sessions(rubric, two):
    doc = json.loads(render(rubric, two, "json"))
    assert doc["rubric"] == {"id": rubric.id, "version": rubric.version, "plugins": list(rubric.plugins)}
    assert doc["partnership"]["name"] == "Harbourside & Co"
    assert [r["id"] for r in doc["reviews"]] == [s.id for s in two]
    for data, session in zip(doc["reviews"], two, strict=True):
        strands = {s["id"]: s for s in data["strands"]}
        assert len(strands) == len(rubric.strands())
        for strand_id, answer in session.strands.items():
            assert strands[strand_id]["stage"] == answer.stage
            assert strands[strand_id]["not_applicable"] == answer.not_applicable
            assert len(strands[strand_id]["next_steps"]) == len(answer.actions)
        assert data["grid"]["current"] == session.grid.current.model_dump()
    assert doc["reviews"][1]["grid"]["direction"] == "deeper and tighter"
    comparison = doc["comparison"]
    assert (comparison["earlier"], comparison["later"]) == (two[0].id, two[1].id)
    moves = {m["id"]: m["movement"] for m in comparison["strands"]}
    assert moves["jpd"] == "up"
    assert moves["hsc"] == "same"
    assert comparison["criteria"][0]["within"]["movement"] == "up"


def _changed_rubric_reviews(rubric):
    """An old review whose rubric had a strand since removed, lacked one since added, and named one differently."""
    current = RubricRef.of(rubric)
    old_strands = [
        StrandRef(id=s.id, title="Coaching and mentoring" if s.id == "mc" else s.title, dimension=s.dimension)
        for s in current.strands
        if s.id != "dsi"
    ]
    old_strands.append(StrandRef(id="legacy", title="Local cluster links", dimension="Partnership competence"))
    old_ref = current.model_copy(update={"version": "2011.9", "hash": "sha256:old", "strands": old_strands})
    old = review(
        rubric, date(2025, 6, 1), stages={"mc": "Developing", "legacy": "Leading", "jpd": "Embedding"}, ref=old_ref
    )
    new = review(rubric, date(2026, 6, 1), stages={"mc": "Embedding", "dsi": "Beginning", "jpd": "Embedding"})
    return old, new


def test_rubric_change_shows_added_and_removed_never_a_fall(rubric):
    old, new = _changed_rubric_reviews(rubric)
    doc = json.loads(render(rubric, [old, new], "json"))
    moves = {m["id"]: m for m in doc["comparison"]["strands"]}
    assert moves["dsi"]["movement"] == "added"
    assert moves["legacy"]["movement"] == "removed"
    assert moves["mc"]["movement"] == "up"
    assert moves["mc"]["renamed_from"] == "Coaching and mentoring"
    assert not any(m["movement"] == "down" for m in moves.values())
    legacy = next(s for s in doc["reviews"][0]["strands"] if s["id"] == "legacy")
    assert legacy["active"] is False
    assert legacy["stage"] == "Leading"
    for fmt in ("md", "html"):
        text = render(rubric, [old, new], fmt)
        assert "moved back" not in text
        assert "Local cluster links (from a strand no longer in the rubric)" in (
            Page(text).text if fmt == "html" else text
        )
        assert "added to the rubric" in text
        assert "different rubric versions" in text
    rows = list(csv.DictReader(io.StringIO(render(rubric, [old, new], "csv"))))
    dsi_old = next(r for r in rows if r["review_id"] == old.id and r["strand_id"] == "dsi")
    assert dsi_old["stage"] == "absent"
    assert dsi_old["stage_number"] == ""
    assert {r["strand_active"] for r in rows if r["strand_id"] == "legacy"} == {"no"}


def test_same_day_reviews_are_ordered_by_created_then_id(rubric):
    day = date(2026, 3, 3)
    late = review(rubric, day, hour=15, sid="a-late", stages={"jpd": "Leading"})
    early_b = review(rubric, day, hour=9, sid="b-early", stages={"jpd": "Beginning"})
    early_a = review(rubric, day, hour=9, sid="a-early", stages={"jpd": "Developing"})
    doc = json.loads(render(rubric, [late, early_b, early_a], "json"))
    assert [r["id"] for r in doc["reviews"]] == ["a-early", "b-early", "a-late"]
    assert doc["report"]["headline"] == "a-late"
    assert (doc["comparison"]["earlier"], doc["comparison"]["later"]) == ("b-early", "a-late")
    html = Page(render(rubric, [late, early_b, early_a], "html"))
    labels = [a["data-review"] for t, a in html.tags if t == "circle" and "data-review" in a]
    assert labels == ["a-early", "b-early", "a-late"]


def test_markdown_has_every_strand_and_no_html(rubric, two):
    two[1].answer("jpd").evidence = "Triads <b>worked</b> | well & fast\nsecond line"
    text = render(rubric, two, "md")
    for strand in rubric.strands():
        assert strand.title in text
    assert not re.search(r"(?<!\\)<[A-Za-z/!?]", text)
    assert "## What the partnership celebrates" in text
    assert "## What the partnership is accountable for" in text
    assert "Joint practice development moved up from Beginning to Developing" in text
    assert "Extend triads to reading (in progress; owner: Ash lead)" in text
    assert "second line" in text
    assert "Triads \\<b>worked\\</b> | well & fast" in text


def test_a_single_review(rubric, two):
    only = two[:1]
    for fmt in FORMATS:
        assert render(rubric, only, fmt)
    assert json.loads(render(rubric, only, "json"))["comparison"] is None
    assert "no earlier finished review" in render(rubric, only, "md")
    dots = Page(render(rubric, only, "html")).find("circle", **{"class": "review-dot latest"})
    assert len(dots) == 1


def test_report_on_one_review_stops_at_it(rubric, two):
    third = review(rubric, date(2027, 6, 1), stages={"jpd": "Leading"})
    doc = json.loads(render(rubric, [*two, third], "json", review=two[1]))
    assert [r["id"] for r in doc["reviews"]] == [two[0].id, two[1].id]
    assert doc["report"]["scope"] == "review"
    assert doc["comparison"]["earlier"] == two[0].id
    text = render(rubric, [*two, third], "md", review=two[0])
    assert "A report on the review of 12 Jun 2025" in text
    assert "2027" not in text


def test_only_an_unfinished_review(rubric):
    draft = review(rubric, date(2026, 2, 2), status="in_progress", grid=None, stages={"jpd": "Beginning"})
    doc = json.loads(render(rubric, [draft], "json"))
    assert doc["report"]["headline"] == draft.id
    assert doc["comparison"] is None
    assert doc["reviews"][0]["grid"]["current"] is None
    text = render(rubric, [draft], "md")
    assert "(in progress)" in text
    assert "The grid was not marked." in text
    page = Page(render(rubric, [draft], "html"))
    assert page.find("svg", id="partnership-grid")
    assert not page.find("circle", **{"class": "review-dot latest"})


def test_headline_is_the_latest_finished_review(rubric, two):
    draft = review(rubric, date(2026, 9, 1), status="in_progress", stages={"jpd": "Leading"})
    doc = json.loads(render(rubric, [*two, draft], "json"))
    assert doc["report"]["headline"] == two[1].id
    assert len(doc["reviews"]) == 3


@settings(max_examples=25)
@given(st.lists(any_sessions(), min_size=1, max_size=3, unique_by=lambda s: s.id))
def test_any_reviews_render_in_every_format(rubric, reviews):
    history = history_of(rubric, reviews)
    rows = list(csv.DictReader(io.StringIO(render_report(rubric, history, "csv"))))
    assert len(rows) == len(reviews) * len(history.strands)
    doc = json.loads(render_report(rubric, history, "json"))
    assert [r["id"] for r in doc["reviews"]] == [s.id for s in history.reviews]
    page = Page(render_report(rubric, history, "html"))
    assert not page.find("script")
    assert len(page.find("circle", **{"class": "review-dot latest"})) == (
        1 if any(s.grid.current for s in reviews) else 0
    )
    assert render_report(rubric, history, "md").startswith("# ")


def test_csv_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted(rubric):
    import csv
    import io

    from maturitytui.analysis.history import history_of
    from maturitytui.model.session import Session, StrandAnswer
    from maturitytui.reports.formats import render_report

    session = Session.start('=HYPERLINK("x")', rubric)
    session.strands = {
        "jpd": StrandAnswer(stage="Beginning", evidence="=1+1 in the staff survey"),
        "mc": StrandAnswer(stage="Beginning", evidence="Triads: 1+1=2"),
    }
    rows = list(csv.DictReader(io.StringIO(render_report(rubric, history_of(rubric, [session]), "csv"))))
    by_strand = {row["strand_id"]: row for row in rows}
    assert by_strand["jpd"]["evidence"] == "'=1+1 in the staff survey"
    assert by_strand["mc"]["evidence"] == "Triads: 1+1=2"
    assert all(row["partnership"].startswith("'=") for row in rows)


# -- questionnaires and companions ------------------------------------------------------

from maturitytui.analysis.tool_summaries import MIN_RANKINGS, MIN_RESPONSES, add_answers  # noqa: E402
from maturitytui.model.session import Tally, ToolAnswer  # noqa: E402

AUDIT = "staff-trust-in-colleagues"
"""Items 3 and 7 of this audit are worded negatively."""
WITHHELD = "The breakdown item by item is shown once 5 people have answered"


def _audit_tally(people: int) -> Tally:
    """``people`` answers to every item: a spread over the scale, so that every count differs from the next."""
    values = ["agree", "agree_strongly", "agree", "disagree", "agree", "disagree_strongly", "agree"]
    tally = Tally()
    for n in range(people):
        tally = add_answers(tally, {str(i): values[n % len(values)] for i in range(1, 11)})
    return tally


def _with_tools(rubric, tools: dict[str, ToolAnswer]):
    s = review(rubric, date(2026, 6, 18), stages={"jpd": "Developing"})
    s.tools = tools
    return s


def _section(source: str, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(json.loads(source)["questionnaires_and_companions"], ensure_ascii=False)
    if fmt == "html":
        source = source[source.index('<section id="companions">') :]
        return Page(source[: source.index("</section>") + 10]).text
    return source[source.index("## Questionnaires and companions") : source.index("## Strand notes")]


class Rows(HTMLParser):
    """The text of every table cell, row by row."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _rows(source: str) -> list[list[str]]:
    """The table rows of the HTML report's section on questionnaires and companions."""
    source = source[source.index('<section id="companions">') :]
    return Rows(source[: source.index("</section>")]).rows


def test_an_audit_answered_by_enough_people_is_shown_item_by_item(rubric):
    assert MIN_RESPONSES == 5
    s = _with_tools(
        rubric, {AUDIT: ToolAnswer(tally=_audit_tally(6), pending=add_answers(Tally(), {"1": "disagree_strongly"}))}
    )
    items = rubric.tool(AUDIT).items
    md = _section(render(rubric, [s], "md"), "md")
    rows = {int(line.split(".")[0].strip("| ")): line for line in md.splitlines() if re.match(r"\| \d+\. ", line)}
    assert len(rows) == len(items)
    # Agree strongly, agree, disagree, disagree strongly, then the average (reversed for items 3 and 7).
    assert rows[1].endswith("| 1 | 3 | 1 | 1 | 2.7 of 4 |")
    assert rows[3].endswith("_(worded negatively: its average is reversed)_ | 1 | 3 | 1 | 1 | 2.3 of 4 |")
    assert "reversed" not in rows[1]
    assert "reversed" in rows[7]
    assert "no overall total" in md
    assert "6 people have answered; 1 more is in a round still open" in md
    assert WITHHELD not in md

    html = _rows(render(rubric, [s], "html"))
    assert html[0] == ["Item", "Agree strongly", "Agree", "Disagree", "Disagree strongly", "Average"]
    assert html[1] == [f"1. {items[0].text}", "1", "3", "1", "1", "2.7 of 4"]
    assert html[3] == [
        f"3. {items[2].text} (worded negatively: its average is reversed)",
        "1",
        "3",
        "1",
        "1",
        "2.3 of 4",
    ]
    assert len(html) == 1 + len(items)

    doc = json.loads(render(rubric, [s], "json"))["questionnaires_and_companions"]
    (audit,) = doc["tools"]
    assert (audit["people"], audit["waiting"], audit["shown"]) == (6, 1, True)
    assert [i["reverse"] for i in audit["items"]] == [i.reverse for i in items]
    assert audit["items"][2]["counts"] == {"agree_strongly": 1, "agree": 3, "disagree": 1, "disagree_strongly": 1}
    assert audit["items"][2]["average"] == 2.33
    assert audit["items"][0]["average"] == 2.67
    assert not any(k in audit for k in ("total", "overall", "mean"))


@pytest.mark.parametrize(("tally", "pending"), [(4, 0), (4, 3), (0, 4), (1, 0)])
def test_an_audit_with_too_few_answers_shows_no_counts(rubric, tally, pending):
    s = _with_tools(rubric, {AUDIT: ToolAnswer(tally=_audit_tally(tally), pending=_audit_tally(pending))})
    items = rubric.tool(AUDIT).items
    for fmt in ("md", "html", "json"):
        section = _section(render(rubric, [s], fmt), fmt)
        assert "Staff trust in one another" in section
        assert f"{tally} of the {MIN_RESPONSES} answers needed so far" in section
        assert WITHHELD in section
        assert not any(item.text in section for item in items)
        assert '"counts"' not in section
        assert '"average"' not in section
        if fmt != "json":  # the JSON names the scale, to read any later breakdown by
            assert not any(label in section for label in ("Agree strongly", "Disagree strongly", "Average", " of 4"))
    assert not _rows(render(rubric, [s], "html"))
    md = _section(render(rubric, [s], "md"), "md")
    assert not re.search(r"^\|", md, re.M)
    assert f"{tally} {'person has' if tally == 1 else 'people have'} answered" in md
    if pending:
        assert f"{pending} more are in a round still open" in md
    (audit,) = json.loads(render(rubric, [s], "json"))["questionnaires_and_companions"]["tools"]
    assert (audit["shown"], audit["items"], audit["people"], audit["waiting"]) == (False, None, tally, pending)


def test_not_sure_answers_are_kept_apart_from_the_average(rubric):
    tally = Tally()
    for value in ["yes_true", "yes_true", "no_not_true", "not_sure", "yes_true"]:
        tally = add_answers(tally, {"1": value})
    s = _with_tools(rubric, {"student-trust-in-staff": ToolAnswer(tally=tally)})
    rows = _rows(render(rubric, [s], "html"))
    assert rows[0] == [
        "Item",
        "Yes, this is true",
        "No, this is not true",
        "Average",
        "I am not sure about this",
        "Left blank",
    ]
    assert rows[1][1:] == ["3", "1", "1.5 of 2", "1", "0"]
    assert rows[2][1:] == ["0", "0", "–", "0", "5"]
    (audit,) = json.loads(render(rubric, [s], "json"))["questionnaires_and_companions"]["tools"]
    assert audit["items"][0]["unscored"] == {"not_sure": 1}
    assert "not_sure" not in audit["items"][0]["counts"]
    assert "counted apart and left out of the average" in _section(render(rubric, [s], "md"), "md")


def _picks(people: list[tuple[list[str], list[str]]]) -> Tally:
    tally = Tally()
    for strongest, weakest in people:
        tally = add_answers(
            tally, {**{f"strongest:{d}": "yes" for d in strongest}, **{f"weakest:{d}": "yes" for d in weakest}}
        )
    return tally


def test_box_4_shows_only_the_team_picture_and_where_to_talk(rubric):
    exercise = rubric.tool("covey-trust-dimensions")
    assert MIN_RANKINGS == 3
    picks = _picks(
        [
            (["talk straight", "listen first"], ["get better"]),
            (["talk straight"], ["listen first"]),
            (["extend trust"], ["get better"]),
        ]
    )
    s = _with_tools(rubric, {exercise.id: ToolAnswer(tally=picks)})
    rows = _rows(render(rubric, [s], "html"))
    assert rows[0] == ["Dimension", "Among the team's strongest", "Among the team's weakest"]
    by_name = {r[0]: r[1:] for r in rows[1:]}
    assert set(by_name) == set(exercise.dimensions)
    assert by_name["talk straight"] == ["2", "0"]
    assert by_name["get better"] == ["0", "2"]
    assert by_name["listen first"] == ["1", "1"]
    md = _section(render(rubric, [s], "md"), "md")
    assert "places to talk first: listen first." in md
    assert "never anyone's own picks" in md
    (data,) = json.loads(render(rubric, [s], "json"))["questionnaires_and_companions"]["tools"]
    assert set(data["team"]) == {"strongest", "weakest", "to_talk_about", "words"}
    assert data["team"]["to_talk_about"] == ["listen first"]
    assert data["people"] == 3

    two = _with_tools(rubric, {exercise.id: ToolAnswer(tally=picks.model_copy(update={"people": 2}))})
    for fmt in ("md", "html", "json"):
        section = _section(render(rubric, [two], fmt), fmt)
        assert f"2 of the {MIN_RANKINGS} people needed so far" in section
        assert not any(d in section for d in exercise.dimensions)
    assert not _rows(render(rubric, [two], "html"))


def test_checklist_prompts_ties_and_skipped_tools(rubric):
    checklist = rubric.tool("jpd-key-messages")
    first, second, third = (item.id for item in checklist.items[:3])
    s = _with_tools(
        rubric,
        {
            checklist.id: ToolAnswer(checks={first: "in_place", second: "partly", third: "partly"}),
            "offer-and-gain": ToolAnswer(
                prompts={
                    "Ash Primary": {"my-offer": "Maths triads", "school-offer": "A hall"},
                    "Elm Infant": {"my-offer": "Phonics", "my-gain": "Reading ideas"},
                }
            ),
            "ties": ToolAnswer(ties={"strength": "weak", "reach": "bridging"}),
            "transfer-skills": ToolAnswer(skipped=True),
            "staff-trust-in-leadership": ToolAnswer(),  # opened, nothing recorded: left out
        },
    )
    md = _section(render(rubric, [s], "md"), "md")
    assert f"| {checklist.items[0].text} | in place |" in md
    assert f"| {checklist.items[1].text} | partly |" in md
    assert f"| {checklist.items[3].text} | not marked |" in md
    assert "In place: 1; partly: 2; not marked: 7." in md
    assert "**Ash Primary**" in md
    assert "- What could I offer a colleague in a JPD project? — Maths triads" in md
    assert "Ash Primary has said what it can offer but not what it hopes to gain" in md
    assert "Elm Infant has said" not in md
    assert "This partnership's ties: weak ties, bridging." in md
    assert rubric.tool("ties").fit_note in md
    assert "Skipped in this review: Nine skills of transfer that partner teachers value." in md
    assert "Staff trust in the head" not in md
    assert "### Nine skills" not in md

    page = _section(render(rubric, [s], "html"), "html")
    for words in (
        "Maths triads",
        "Reading ideas",
        "Ash Primary has said what it can offer",
        "weak ties, bridging",
        "Skipped in this review: Nine skills",
        "In place: 1; partly: 2",
    ):
        assert words in page
    assert [checklist.items[0].text, "in place"] in _rows(render(rubric, [s], "html"))

    doc = json.loads(render(rubric, [s], "json"))["questionnaires_and_companions"]
    assert doc["review"] == s.id
    assert doc["skipped"] == [
        {"id": "transfer-skills", "kind": "checklist", "title": "Nine skills of transfer that partner teachers value"}
    ]
    tools = {t["id"]: t for t in doc["tools"]}
    assert list(tools) == [checklist.id, "offer-and-gain", "ties"]
    assert tools[checklist.id]["counts"] == {"in_place": 1, "partly": 2, "not_yet": 0, "not_marked": 7}
    assert tools[checklist.id]["points"][0] == {
        "id": first,
        "text": checklist.items[0].text,
        "level": "in_place",
        "words": "in place",
    }
    prompts = tools["offer-and-gain"]
    assert [p["school"] for p in prompts["schools"]] == ["Ash Primary", "Elm Infant"]
    assert prompts["schools"][1]["answers"]["my-gain"] == "Reading ideas"
    assert prompts["one_sided"] == ["Ash Primary has said what it can offer but not what it hopes to gain"]
    assert tools["ties"]["ties"] == {"strength": "weak", "reach": "bridging"}
    assert tools["ties"]["words"] == "weak ties, bridging"
    # The CSV stays one row per review and strand.
    rows = list(csv.DictReader(io.StringIO(render(rubric, [s], "csv"))))
    assert len(rows) == len(rubric.strands())
    assert "Maths triads" not in render(rubric, [s], "csv")


def test_tool_answers_typed_by_users_are_escaped(rubric):
    hostile = '<script>alert("x")</script> & <b>bold</b> | *not* [a](b)'
    s = _with_tools(
        rubric,
        {
            "offer-and-gain": ToolAnswer(
                prompts={"Ash Primary": {"my-offer": hostile}, "<b>Oak</b> & Co": {"my-gain": hostile}}, note=hostile
            )
        },
    )
    source = render(rubric, [s], "html")
    page = Page(source)
    assert not page.find("script")
    assert not page.find("b")
    assert page.text.count(hostile) == 3
    assert "<b>Oak</b> & Co" in page.text
    md = render(rubric, [s], "md")
    assert not re.search(r"(?<!\\)<[A-Za-z/!?]", md)
    assert '\\<script>alert("x")\\</script> & \\<b>bold\\</b> | \\*not\\* \\[a\\](b)' in md
    assert json.loads(render(rubric, [s], "json"))["questionnaires_and_companions"]["tools"][0]["note"] == hostile


def test_no_tools_answered_and_tools_from_elsewhere(rubric, two):
    md = render(rubric, two, "md")
    assert "No questionnaires, exercises or companion tools were answered in the review of 18 Jun 2026." in md
    doc = json.loads(render(rubric, two, "json"))["questionnaires_and_companions"]
    assert doc == {"review": two[1].id, "tools": [], "skipped": [], "not_in_rubric": []}
    # Answers to a tool of a plugin since switched off are kept, named, and not shown.
    two[1].tools = {"old-survey": ToolAnswer(tally=_audit_tally(6))}
    assert json.loads(render(rubric, two, "json"))["questionnaires_and_companions"]["not_in_rubric"] == ["old-survey"]
    assert "not in the rubric in use (a plugin may be switched off), not shown here: old-survey" in render(
        rubric, two, "md"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_format_is_offered_by_the_command_line_and_the_app(fmt):
    from maturitytui.cli import build_parser
    from maturitytui.ui.dialogs.report import FORMAT_CHOICES

    assert build_parser().parse_args(["report", "Town Trio", "--format", fmt]).format == fmt
    assert fmt in [name for _, name in FORMAT_CHOICES]
