"""The demo partnership in the repository's sessions/ folder: loads, matches the rubric, matches its generator."""

from __future__ import annotations

import itertools
from pathlib import Path

from maturitytui.demo import demo_sessions
from maturitytui.store.session_store import SessionStore

REPO_SESSIONS = Path(__file__).resolve().parent.parent / "sessions"


def test_the_demo_store_loads_and_was_made_with_the_current_rubric(rubric):
    scan = SessionStore(REPO_SESSIONS).scan()
    assert scan.problems == []
    assert len(scan.sessions) == 3
    # After a change to the rubric, regenerate: python -m maturitytui.demo sessions
    assert {s.session.rubric.hash for s in scan.sessions} == {rubric.content_hash()}


def test_the_demo_files_are_what_the_generator_writes(rubric):
    on_disk = {s.session.id: s.session for s in SessionStore(REPO_SESSIONS).scan().sessions}
    assert on_disk == {s.id: s for s in demo_sessions(rubric)}


def test_the_demo_reviews_are_a_year_apart_and_finished():
    sessions = sorted((s.session for s in SessionStore(REPO_SESSIONS).scan().sessions), key=lambda s: s.review_date)
    assert all(s.status == "complete" for s in sessions)
    assert all((b.review_date - a.review_date).days >= 350 for a, b in itertools.pairwise(sessions))


def test_each_demo_review_marks_the_steps_the_one_before_left_open():
    sessions = sorted((s.session for s in SessionStore(REPO_SESSIONS).scan().sessions), key=lambda s: s.review_date)
    for before, after in itertools.pairwise(sessions):
        left_open = {a.text for answer in before.strands.values() for a in answer.actions if a.status == "open"}
        carried = {a.text: a for answer in after.strands.values() for a in answer.actions if a.carried_from}
        assert set(carried) == left_open
        assert all(a.carried_from == before.id and a.status != "open" for a in carried.values())
