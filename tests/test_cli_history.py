"""`history`, `compare` and `report` from the command line, on a copy of the demo store."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import run_cli

from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore

REPO_SESSIONS = Path(__file__).resolve().parent.parent / "sessions"
DEMO = "Harbourside Learning Partnership"
IDS = ("2024-06-20-demo00", "2025-06-12-demo01", "2026-06-18-demo02")


pytestmark = pytest.mark.usefixtures("nothing_installed")


@pytest.fixture(autouse=True)
def _same_width_everywhere(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # the text views fit the terminal: make it the same everywhere


@pytest.fixture
def store(tmp_path) -> Path:
    copy = tmp_path / "sessions"
    shutil.copytree(REPO_SESSIONS, copy, ignore=shutil.ignore_patterns(".index*"))
    return copy


def run(capsys, store, *argv):
    return run_cli(capsys, *argv, "--sessions", store)


def test_history_of_the_demo_partnership(capsys, store, rubric):
    code, out, err = run(capsys, store, "history", "demo")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == DEMO
    assert lines[1].startswith("3 reviews, 20 Jun 2024 to 18 Jun 2026")
    start = next(i for i, line in enumerate(lines) if line.startswith("Stages over time"))
    stages = lines[start + 1 : lines.index("", start)]
    # Long titles are cut to the name column (with …); the start of every title is there, one row each, in order.
    rows = [line for line in stages if line.startswith("  ")]
    assert len(rows) == 12
    assert all(row.startswith("  " + s.title[:40]) for row, s in zip(rows, rubric.strands(), strict=True))
    assert [line for line in stages if not line.startswith("  ")] == [d.title for d in rubric.dimensions]
    header = lines[start]
    assert header.split()[-3:] == ["2024", "2025", "2026"]
    assert "  Path travelled: 1,1 → 1,2 → 2,3 (deeper and tighter overall)" in lines
    assert "Creative entrepreneurship" in out
    assert "n/a" in out
    assert (store / ".index.sqlite").exists()


def test_history_by_name_and_by_folder_agree(capsys, store):
    _, by_name, _ = run(capsys, store, "history", "harbourside learning PARTNERSHIP")
    _, by_folder, _ = run(capsys, store, "history", str(store / "harbourside-learning-partnership"))
    _, by_id_part, _ = run(capsys, store, "history", "demo")
    assert by_name == by_folder == by_id_part
    assert by_name.startswith(DEMO)


def test_history_all(capsys, store, rubric):
    SessionStore(store).save(Session.start("Acorn Schools", rubric, review_date=date(2026, 1, 5)))
    code, out, err = run(capsys, store, "history", "--all")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Partnership")
    assert "Since the review before" in lines[0]
    assert lines[1].startswith("Acorn Schools")
    assert "first review" in lines[1]
    assert "5 Jan 2026*" in lines[1]
    assert lines[2].startswith(DEMO)
    assert "18 Jun 2026 " in lines[2]
    assert "2,3 (" in lines[2]
    assert "4 7 0 0" in lines[2]
    assert "5 up, 0 back, 6 same since 12 Jun 2025" in lines[2]
    assert lines[2].endswith("not tagged")
    assert "Ties" in lines[0]
    assert lines[3].startswith("* no finished review yet")


def test_history_without_a_name(capsys, store):
    code, out, err = run(capsys, store, "history")
    assert code == 2
    assert out == ""
    assert "name a partnership, or give --all" in err


def test_history_of_an_unknown_partnership(capsys, store):
    code, out, err = run(capsys, store, "history", "nobody-at-all")
    assert code == 1
    assert out == ""
    assert str(store) in err
    assert "no partnership matches 'nobody-at-all'" in err
    assert DEMO in err


def test_compare_the_first_and_last_demo_reviews(capsys, store):
    code, out, err = run(capsys, store, "compare", "demo00", "demo02")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"{DEMO}: 20 Jun 2024 ({IDS[0]}) compared with 18 Jun 2026 ({IDS[2]})"
    assert "7 strands moved up, 0 moved back, 4 stayed the same." in lines
    assert (
        "  The partnership moved deeper and tighter: from integration 1, nature 1 to integration 2, nature 3." in lines
    )
    assert "  It is 2 of 3 steps nearer the target the earlier review set." in lines
    assert "  The target moved from integration 2, nature 4 to integration 3, nature 5." in lines
    assert "  ↑ Joint practice development: moved up from Beginning to Developing" in lines
    assert "  · Creative entrepreneurship: not applicable in both reviews" in lines
    # Either order: the earlier review is found by its date.
    assert run(capsys, store, "compare", IDS[2], "demo00")[1] == out


def test_compare_reads_only_the_two_reviews(capsys, store):
    # The third review of the partnership is damaged: comparing the other two never reads it whole. The listing
    # of the store names it, once, as every command that shows the store's reviews does.
    damaged = store / "harbourside-learning-partnership" / f"{IDS[2]}.toml"
    damaged.write_text("status = [ broken")
    code, out, err = run(capsys, store, "compare", "demo00", "demo01")
    assert code == 0
    assert err.count(str(damaged)) == 1
    assert "left out" not in err
    assert "compared with" in out


def test_compare_reviews_of_two_partnerships(capsys, store, rubric):
    other = Session.start("Kestrel Alliance", rubric, review_date=date(2026, 2, 2))
    other.id = "2026-02-02-kes001"
    SessionStore(store).save(other)
    code, out, err = run(capsys, store, "compare", "demo01", "kes001")
    assert code == 1
    assert out == ""
    assert "'demo01' and 'kes001' are reviews of different partnerships" in err
    assert DEMO in err
    assert "Kestrel Alliance" in err


@pytest.mark.parametrize("second", ["2099-01-01-nope", "demo"])
def test_compare_with_an_unknown_or_ambiguous_review(capsys, store, second):
    code, out, err = run(capsys, store, "compare", "demo00", second)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("error: ")
    if second == "demo":
        assert "'demo' matches 3 reviews" in err
        assert all(i in err for i in IDS)
    else:
        assert f"error: {store}: no review matches '{second}'" in err
        assert DEMO in err


def test_report_html_to_a_file(capsys, store, tmp_path):
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    code, out, err = run(capsys, store, "report", "demo", "--format", "html", "-o", str(target))
    assert code == 0
    assert err == ""
    assert out.strip() == f"Wrote {target} (html): {DEMO}, 3 reviews"
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert 'id="partnership-grid"' in page
    assert DEMO in page


def test_report_csv_to_a_file(capsys, store, tmp_path, rubric):
    target = tmp_path / "report.csv"
    code, _, _ = run(capsys, store, "report", "demo", "--format", "csv", "-o", str(target))
    assert code == 0
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3 * 12
    assert [r["review_id"] for r in rows[::12]] == list(IDS)
    strand_ids = [s.id for s in rubric.strands()]
    assert all([r["strand_id"] for r in rows[i * 12 : (i + 1) * 12]] == strand_ids for i in range(3))
    assert {r["partnership"] for r in rows} == {DEMO}
    assert {r["strand_active"] for r in rows} == {"yes"}
    ce = [r["stage"] for r in rows if r["strand_id"] == "ce"]
    assert ce == ["n/a"] * 3
    assert [r["grid_current"] for r in rows[::12]] == ["1,1", "1,2", "2,3"]


def test_report_json(capsys, store):
    code, out, err = run(capsys, store, "report", "demo", "--format", "json")
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert data["report"]["scope"] == "partnership"
    assert data["report"]["headline"] == IDS[2]
    assert data["partnership"]["name"] == DEMO
    assert len(data["reviews"]) == 3
    assert (data["comparison"]["earlier"], data["comparison"]["later"]) == (IDS[1], IDS[2])


def test_report_on_one_review(capsys, store, tmp_path):
    code, out, _ = run(capsys, store, "report", "demo01", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["report"]["scope"] == "review"
    assert data["report"]["headline"] == IDS[1]
    assert len(data["reviews"]) == 2
    assert data["comparison"]["earlier"] == IDS[0]
    target = tmp_path / "one.md"
    code, out, _ = run(capsys, store, "report", IDS[1], "-o", str(target))
    assert code == 0
    assert out.strip() == f"Wrote {target} (md): {DEMO}, the review of 12 Jun 2025"
    assert target.read_text(encoding="utf-8").startswith(f"# {DEMO}")


def test_report_to_a_folder_that_does_not_exist(capsys, store, tmp_path):
    target = tmp_path / "missing" / "report.md"
    code, out, err = run(capsys, store, "report", "demo", "-o", str(target))
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith(f"error: {target}: the folder {target.parent} does not exist")
    assert not target.parent.exists()


def test_reading_commands_never_write_the_reviews_they_read(capsys, store, tmp_path):
    def snapshot():
        # The summary index may be (re)built: it is the store's cache, not a review.
        return {
            p: (p.stat().st_mtime_ns, p.read_bytes())
            for p in store.rglob("*")
            if p.is_file() and not p.name.startswith(".index")
        }

    before = snapshot()
    for argv in (
        ("history", "demo"),
        ("history", "--all"),
        ("compare", "demo00", "demo01"),
        ("report", "demo", "--format", "csv"),
    ):
        assert run(capsys, store, *argv)[0] == 0
    assert snapshot() == before


# -- what a report and a comparison refuse, and what they never touch ------------------------------


def test_comparing_a_review_with_itself_is_refused(capsys, store):
    code, out, err = run(capsys, store, "compare", "demo01", IDS[1])
    assert code == 1
    assert out == ""
    assert "the same review" in err


def test_history_takes_a_name_or_all_not_both(capsys, store):
    code, _, err = run(capsys, store, "history", "demo", "--all")
    assert code == 2
    assert "not both" in err


@pytest.mark.parametrize("where", ["review", "inside the store", "toml outside"])
def test_a_report_is_never_written_over_a_review_or_into_the_store(capsys, store, tmp_path, where):
    review_file = store / "harbourside-learning-partnership" / f"{IDS[2]}.toml"
    before = review_file.read_bytes()
    target = {"review": review_file, "inside the store": store / "report.md", "toml outside": tmp_path / "report.toml"}[
        where
    ]
    code, _out, err = run(capsys, store, "report", "demo", "-o", str(target), "--force")
    assert code == 1
    assert "Traceback" not in err
    assert str(target) in err
    assert review_file.read_bytes() == before
    assert where == "review" or not target.exists()


@pytest.mark.posix_only("asserts the report's 0600 mode, which NTFS does not keep")
def test_a_report_replaces_a_file_only_when_asked_and_is_private(capsys, store, tmp_path):
    target = tmp_path / "r.md"
    target.write_text("keep me")
    code, _, err = run(capsys, store, "report", "demo", "-o", str(target))
    assert code == 1
    assert "already exists" in err
    assert target.read_text() == "keep me"
    code, _out, _ = run(capsys, store, "report", "demo", "-o", str(target), "--force")
    assert code == 0
    assert DEMO in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_review_file_outside_the_store_can_be_reported_on(capsys, store, tmp_path):
    outside = tmp_path / "emailed.toml"
    shutil.copy(store / "harbourside-learning-partnership" / f"{IDS[0]}.toml", outside)
    code, out, err = run(capsys, store, "report", str(outside), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [r["id"] for r in data["reviews"]] == [IDS[0]]


def test_control_characters_in_a_shared_review_never_reach_the_terminal(capsys, store):
    path = store / "harbourside-learning-partnership" / f"{IDS[2]}.toml"
    session = SessionStore(store).load(path)
    session.strands["jpd"].evidence = "Triads \x1b[2J\x1b]0;owned\x07 ran"
    SessionStore(store).save(session, path, stamp=False)
    code, out, _ = run(capsys, store, "compare", IDS[1], IDS[2])
    assert code == 0
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "Triads" in out


def test_history_on_a_narrow_terminal_keeps_the_latest_reviews(capsys, store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run(capsys, store, "history", "demo")
    assert code == 0
    assert "of 3 shown" in out
    header = next(line for line in out.splitlines() if line.startswith("Stages over time"))
    assert header.split()[-1] == "2026"
