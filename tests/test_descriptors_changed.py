"""A plugin that rewrites a strand's stage descriptors: reviews on either side of it are not compared on that
strand, and every place that compares says why rather than drawing an arrow."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_host, run_cli

import maturitytui
from maturitytui.analysis.compare import compare
from maturitytui.analysis.history import RECAST, UP, history_of
from maturitytui.model.rubric import STAGES
from maturitytui.reports.history_text import compare_text, history_text
from maturitytui.store.session_store import SessionStore
from tests.test_history import review


class RewritesFitGovernance:
    """An alliance's plugin: its own descriptors for fit governance."""

    @maturitytui.hookimpl
    def maturitytui_register_changes(self, register):
        stages = [{"name": name, "indicators": [f"Our alliance's own {name.lower()} indicator."]} for name in STAGES]
        register({"ops": [{"op": "replace_stages", "strand": "fg", "stages": stages}]})


@pytest.fixture
def rewritten():
    host = make_host()
    host.register(RewritesFitGovernance(), "our-governance")
    return host.assemble().rubric


@pytest.fixture
def reviews(rubric, rewritten):
    before = review(rubric, date(2025, 6, 1), stages={"fg": "Embedding", "jpd": "Beginning"})
    after = review(rewritten, date(2026, 6, 1), stages={"fg": "Developing", "jpd": "Developing"})
    return before, after


def test_a_rewritten_strand_records_other_descriptors_and_the_rest_the_same(rubric, rewritten):
    assert rubric.strand("fg").descriptors_hash() != rewritten.strand("fg").descriptors_hash()
    assert rubric.strand("jpd").descriptors_hash() == rewritten.strand("jpd").descriptors_hash()


def test_the_comparison_draws_no_arrow_across_changed_descriptors(rewritten, reviews):
    comparison = compare(rewritten, *reviews)
    moves = {m.strand.id: m for m in comparison.strands}
    assert moves["fg"].movement == RECAST
    assert "descriptors changed" in moves["fg"].words()
    assert "moved back" not in moves["fg"].words()
    assert moves["jpd"].movement == UP  # a strand the plugin left alone is compared as ever
    assert "1 strand rated against changed stage descriptors, not compared" in comparison.summary()


def test_the_history_draws_no_arrow_across_changed_descriptors(rewritten, reviews):
    history = history_of(rewritten, reviews)
    assert history.trend("fg") == RECAST
    assert history.trend("jpd") == UP
    text = history_text(rewritten, history)
    (line,) = [row for row in text.splitlines() if row.strip().startswith("Fit governance")]
    assert line.rstrip().endswith("descriptors changed: not compared")
    assert "↓" not in line
    assert "Reviews were made against different rubric versions" in text


def test_the_command_line_compare_says_the_rubrics_differ_and_names_the_change(tmp_path, capsys, rewritten, reviews):
    text = compare_text(compare(rewritten, *reviews), rewritten)
    assert "Reviews were made against different rubric versions" in text
    assert "our-governance" in text
    (line,) = [row for row in text.splitlines() if "Fit governance" in row]
    assert "descriptors changed" in line
    assert "↓" not in line
    store = SessionStore(tmp_path / "sessions")
    for one in reviews:
        store.save(one, stamp=False)
    code, out, _ = run_cli(capsys, "--sessions", store.root, "history", "harbourside")
    assert code == 0
    assert "Reviews were made against different rubric versions" in out


def test_reviews_saved_before_descriptors_were_recorded_compare_as_they_did(rubric, reviews):
    before, after = reviews
    for one in reviews:
        one.rubric = one.rubric.model_copy(
            update={"strands": [s.model_copy(update={"descriptors": ""}) for s in one.rubric.strands]}
        )
    moves = {m.strand.id: m for m in compare(rubric, before, after).strands}
    assert moves["fg"].movement != RECAST  # nothing known of their descriptors: nothing claimed


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_every_report_says_the_descriptors_changed_and_shows_no_fall(rewritten, reviews, fmt):
    from tests.test_reports import render

    text = render(rewritten, list(reviews), fmt)
    assert "descriptors changed" in text
    assert "moved back from Embedding to Developing" not in text
    if fmt == "json":
        import json

        moves = {m["id"]: m for m in json.loads(text)["comparison"]["strands"]}
        assert moves["fg"]["movement"] == RECAST


def test_the_alliance_view_counts_no_move_across_changed_descriptors(tmp_path, capsys, reviews):
    """The alliance's glance works from the index's summaries alone: they carry each strand's fingerprint."""
    from maturitytui.analysis.alliance import alliance
    from maturitytui.analysis.history import DOWN, SAME

    store = SessionStore(tmp_path / "sessions")
    for one in reviews:
        store.save(one, stamp=False)
    (glance,) = alliance(store.catalogue())
    assert glance.moves() == {UP: 1, DOWN: 0, SAME: 0, RECAST: 1}  # jpd rose; fg is not called a fall
    assert glance.direction_words() == "1 up, 0 back, 0 same, 1 descriptors changed since 1 Jun 2025"
    code, out, _ = run_cli(capsys, "--sessions", store.root, "history", "--all")
    assert code == 0
    (row,) = [line for line in out.splitlines() if line.startswith("Harbourside")]
    assert "1 up, 0 back, 0 same, 1 descriptors changed since 1 Jun 2025" in row
    assert "1 back" not in row
