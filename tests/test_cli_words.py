"""What the command line prints is in words: step titles, not ids; dates as "18 Jun 2026"; counts with plurals."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import DATA, run_cli

from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore

pytestmark = pytest.mark.usefixtures("nothing_installed")


def review(rubric, name: str, position: str, answered: int) -> Session:
    session = Session.start(name, rubric, review_date=date(2027, 3, 31))
    for strand in rubric.strands()[:answered]:
        session.answer(strand.id).stage = "Developing"
    session.position = position
    return session


@pytest.mark.parametrize(
    ("position", "shown"),
    [
        ("strand:jpd", "in progress at {jpd}"),
        ("grid", "in progress at Partnership grid"),
        ("criteria", "in progress at Criteria for a deep partnership"),
        ("summary", "in progress at Summary"),
        ("start", "in progress, at the start"),
    ],
)
def test_sessions_list_says_where_a_review_stands_by_the_step_s_title(capsys, tmp_path, rubric, position, shown):
    SessionStore(tmp_path).save(review(rubric, "Harbourside", position, 2))
    code, out, _ = run_cli(capsys, "sessions", "list", "--sessions", tmp_path)
    assert code == 0
    assert out.startswith(
        f"31 Mar 2027  Harbourside  {shown.format(jpd=rubric.strand('jpd').title)}  2 strands answered"
    )
    assert "strand:" not in out


def test_a_tool_step_is_named_by_the_tool_s_title(capsys, tmp_path, rubric):
    tool = rubric.tools()[0]
    SessionStore(tmp_path).save(review(rubric, "Harbourside", f"tool:{tool.id}", 1))
    _, out, _ = run_cli(capsys, "sessions", "list", "--sessions", tmp_path)
    assert f"in progress at {tool.title}  1 strand answered" in out


def test_a_strand_of_another_rubric_is_named_from_the_review_s_own_file(capsys, tmp_path, rubric):
    from maturitytui.model.session import StrandRef

    session = review(rubric, "Harbourside", "strand:sv", 0)
    session.rubric = session.rubric.model_copy(
        update={"strands": [*session.rubric.strands, StrandRef(id="sv", title="Student voice", dimension="x")]}
    )
    SessionStore(tmp_path).save(session)
    _, out, _ = run_cli(capsys, "sessions", "list", "--sessions", tmp_path)
    assert "in progress at Student voice  0 strands answered" in out


def test_problems_are_counted_in_words(capsys, tmp_path, rubric):
    SessionStore(tmp_path).save(review(rubric, "Harbourside", "grid", 1))
    (tmp_path / "harbourside" / "bad.toml").write_text("schema_version = 1\nid = \n")
    code, _, out = run_cli(capsys, "sessions", "list", "--sessions", tmp_path)  # what was left out: stderr
    assert code == 1
    assert out.startswith("1 problem in files that could not be read")
    assert "(s)" not in out


@pytest.mark.parametrize(
    ("name", "count"), [("change_three_stages.toml", "1 problem"), ("change_bad_ops.toml", "2 problems")]
)
def test_validate_counts_its_problems_in_words(capsys, name, count):
    bad = DATA / "bad_rubrics" / name
    code, _, err = run_cli(capsys, "rubric", "validate", bad)
    assert code == 1
    assert err.endswith(f"{bad}: {count}\n")


def test_a_report_of_one_review_s_partnership_counts_it_in_words(capsys, tmp_path, rubric):
    SessionStore(tmp_path / "store").save(review(rubric, "Harbourside", "summary", 12))
    target = tmp_path / "r.md"
    code, out, _ = run_cli(capsys, "report", "harbourside", "-o", target, "--sessions", tmp_path / "store")
    assert code == 0
    assert out.strip() == f"Wrote {target} (md): Harbourside, 1 review"
