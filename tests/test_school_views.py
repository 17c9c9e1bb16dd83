"""Each partner school can review the partnership on its own; the reviews are then compared like any two."""

from __future__ import annotations

from datetime import date

from maturitytui.history import compare, review_labels
from maturitytui.history_text import compare_text
from maturitytui.session import Session
from maturitytui.store import SessionStore


def test_two_schools_views_are_labelled_and_compared(tmp_path, rubric):
    store = SessionStore(tmp_path)
    ours = Session.start("Town Trio", rubric, review_date=date(2026, 5, 1), by_school="Harbourside")
    theirs = Session.start("Town Trio", rubric, review_date=date(2026, 5, 1), by_school="Kestrel")
    whole = Session.start("Town Trio", rubric, review_date=date(2025, 5, 1))
    ours.answer("jpd").stage = "Embedding"
    theirs.answer("jpd").stage = "Developing"
    for s in (ours, theirs, whole):
        store.save(s)
    loaded = [store.load(p) for p in store.files()]
    assert {s.by_school for s in loaded} == {"Harbourside", "Kestrel", ""}
    labels = review_labels(sorted(loaded, key=lambda s: (s.review_date, s.by_school)))
    assert labels[ours.id].endswith("Harbourside's view") and labels[theirs.id].endswith("Kestrel's view")
    assert labels[whole.id] == "2025"
    text = compare_text(compare(rubric, ours, theirs))
    assert "Joint practice development" in text and "Embedding" in text and "Developing" in text
    assert "(Harbourside's view)" in text.splitlines()[0] and "(Kestrel's view)" in text.splitlines()[0]


def test_a_review_by_the_whole_partnership_writes_no_school(tmp_path, rubric):
    path = SessionStore(tmp_path).save(Session.start("Town Trio", rubric))
    assert "by_school" not in path.read_text()
