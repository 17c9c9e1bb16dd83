"""Each partner school can review the partnership on its own; the reviews are then compared like any two."""

from __future__ import annotations

from datetime import date

from maturitytui.analysis.compare import compare
from maturitytui.analysis.history import review_labels
from maturitytui.model.session import Session
from maturitytui.reports.history_text import compare_text
from maturitytui.store.session_store import SessionStore


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
    assert labels[ours.id].endswith("Harbourside's view")
    assert labels[theirs.id].endswith("Kestrel's view")
    assert labels[whole.id] == "2025"
    text = compare_text(compare(rubric, ours, theirs), rubric)
    assert "Joint practice development" in text
    assert "Embedding" in text
    assert "Developing" in text
    assert "(Harbourside's view)" in text.splitlines()[0]
    assert "(Kestrel's view)" in text.splitlines()[0]


def test_a_review_by_the_whole_partnership_writes_no_school(tmp_path, rubric):
    path = SessionStore(tmp_path).save(Session.start("Town Trio", rubric))
    assert "by_school" not in path.read_text()


def test_the_history_shows_how_the_room_rated(rubric):
    from maturitytui.analysis.history import history_of
    from maturitytui.model.session import Facilitation
    from maturitytui.reports.history_text import history_text
    from maturitytui.room.facilitation import new_participants

    people = new_participants(["Ann", "Bo", "Cy"], ["Harbourside", "Harbourside", "Kestrel"], anonymous=True)
    room = Session.start(
        "Town Trio",
        rubric,
        review_date=date(2026, 5, 1),
        facilitation=Facilitation(
            anonymous=True,
            participants=people,
            ratings={"strand:jpd": {"p1": "Beginning", "p2": "Embedding", "p3": "Developing"}},
            reasons={"strand:jpd": "Trios only in one school"},
        ),
    )
    room.answer("jpd").stage = "Developing"
    plain = Session.start("Town Trio", rubric, review_date=date(2025, 5, 1))
    text = history_text(rubric, history_of(rubric, [plain, room]))
    section = text.split("How the room rated")[1]
    assert "Joint practice development: Beginning 1 · Developing 1 · Embedding 1 · Leading 0" in section
    assert "views differed widely" in section
    assert "agreed Developing" in section
    assert "Trios only in one school" in section
    assert "How the room rated" not in history_text(rubric, history_of(rubric, [plain]))
