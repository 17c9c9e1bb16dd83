"""A facilitated review: the room's spread, rows typed at the front, anonymity, and ratings shared through files."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from maturitytui.model.rubric import STAGES
from maturitytui.model.session import Facilitation, Participant, Session
from maturitytui.model.steps import RoomQuestion
from maturitytui.room.facilitation import (
    RowError,
    by_school,
    may_show_individuals,
    new_participants,
    parse_row,
    rate,
    spread,
)
from maturitytui.room.files import Own, collect, merged, read_ratings, write_own
from maturitytui.room.layout import room_folder
from maturitytui.store.session_store import SessionStore

PEOPLE = new_participants(
    ["Ann", "Bo", "Cy", "Di"], ["Harbourside", "Harbourside", "Kestrel", "Kestrel"], anonymous=False
)


def room(people=PEOPLE, **ratings) -> Facilitation:
    """Four people from two schools (or ``people``), with these ratings."""
    return Facilitation(participants=people, ratings=ratings)


def test_the_spread_counts_every_stage_and_marks_wide_disagreement():
    f = room(**{"strand:jpd": {"p1": "Beginning", "p2": "Embedding", "p3": "Developing"}})
    s = spread(f, RoomQuestion.strand("jpd"))
    assert s.counts == {"Beginning": 1, "Developing": 1, "Embedding": 1, "Leading": 0}
    assert (s.rated, s.expected, s.complete, s.width, s.wide) == (3, 4, False, 2, True)
    assert not may_show_individuals(f, "strand:jpd")  # hidden until everyone has rated…
    f = f.model_copy(update={"revealed": ["strand:jpd"]})
    assert may_show_individuals(f, "strand:jpd")  # …or the facilitator shows them


def test_partner_schools_side_by_side():
    f = room(**{"strand:hsc": {"p1": "Embedding", "p2": "Embedding", "p3": "Beginning", "p4": "Developing"}})
    schools = by_school(f, "strand:hsc")
    assert list(schools) == ["Harbourside", "Kestrel"]
    assert schools["Harbourside"].modal() == ["Embedding"]
    assert schools["Kestrel"].counts["Beginning"] == 1
    assert schools["Kestrel"].counts["Developing"] == 1


def test_criteria_are_rated_on_their_own_three_points():
    f = rate(room(), RoomQuestion.criterion("jpd-established", "within"), "p1", "partly")
    assert spread(f, "criterion:jpd-established:within").counts == {"not_yet": 0, "partly": 1, "well_established": 0}
    with pytest.raises(ValueError, match="not a rating"):
        rate(f, "criterion:jpd-established:within", "p1", "Embedding")
    with pytest.raises(ValueError, match="no participant"):
        rate(f, "strand:jpd", "p9", "Embedding")


def test_a_row_of_digits_typed_at_the_front():
    assert parse_row("3 2 - 4", "strand:jpd", PEOPLE) == {
        "p1": "Embedding",
        "p2": "Developing",
        "p3": None,
        "p4": "Leading",
    }
    assert parse_row("1,3,2,2", "criterion:x:between", PEOPLE)["p2"] == "well_established"
    with pytest.raises(RowError, match="3 ratings typed for 4 participants"):
        parse_row("123", "strand:jpd", PEOPLE)
    with pytest.raises(RowError, match="'5' for Ann"):
        parse_row("5 1 1 1", "strand:jpd", PEOPLE)


@given(st.lists(st.sampled_from("1234-"), min_size=4, max_size=4))
@settings(max_examples=100)
def test_any_row_sets_exactly_what_was_typed(marks):
    row = parse_row(" ".join(marks), "strand:jpd", PEOPLE)
    f = room()
    for pid, rating in row.items():
        f = rate(f, "strand:jpd", pid, rating)
    s = spread(f, "strand:jpd")
    assert s.rated == sum(m != "-" for m in marks)
    assert [s.counts[stage] for stage in STAGES] == [marks.count(str(n)) for n in range(1, 5)]


def test_anonymity_keeps_no_names_anywhere(tmp_path, rubric):
    people = new_participants(["Ann Okafor", "Bo Lewis"], ["Harbourside", "Kestrel"], anonymous=True)
    assert [(p.id, p.name, p.school) for p in people] == [("p1", "", "Harbourside"), ("p2", "", "Kestrel")]
    session = Session.start("Town Trio", rubric, facilitation=Facilitation(anonymous=True, participants=people))
    path = SessionStore(tmp_path).save(session)
    assert "Ann" not in path.read_text()
    assert "Okafor" not in path.read_text()
    with pytest.raises(ValidationError, match="keeps no participants' names"):
        Facilitation(anonymous=True, participants=[Participant(id="p1", name="Ann")])


def test_the_agreed_rating_is_the_reviews_own_answer(tmp_path, rubric):
    from maturitytui.analysis.history import history_of

    session = Session.start("Town Trio", rubric, facilitation=room(**{"strand:jpd": {"p1": "Beginning"}}))
    session.answer("jpd").stage = "Developing"  # agreed by the group
    session.facilitation.reasons["strand:jpd"] = "Triads run in two schools, not yet in the third."
    reloaded = SessionStore(tmp_path).load(SessionStore(tmp_path).save(session))
    assert history_of(rubric, [reloaded]).series("jpd") == ["Developing"]
    assert reloaded.facilitation.ratings["strand:jpd"] == {"p1": "Beginning"}
    assert reloaded.facilitation.reasons["strand:jpd"].startswith("Triads")


def test_a_rejoining_participant_finds_their_ratings(tmp_path):
    review = tmp_path / "harbourside" / "2026-11-22-abc.toml"
    review.parent.mkdir()
    write_own(review, "p2", Own({"strand:jpd": "Embedding"}))
    write_own(review, "p2", Own({"strand:jpd": "Embedding", "strand:mc": "Developing"}))
    assert read_ratings(review, "p2") == {"strand:jpd": "Embedding", "strand:mc": "Developing"}
    assert read_ratings(review, "p3") == {}
    assert room_folder(review).name.startswith(".")  # never listed as a review
    assert SessionStore(tmp_path).files() == []


def test_a_damaged_participant_file_is_named_and_the_rest_still_count(tmp_path):
    review = tmp_path / "2026-11-22-abc.toml"
    write_own(review, "p1", Own({"strand:jpd": "Leading"}))
    (room_folder(review) / "p2.toml").write_text("ratings = [")
    found, problems = collect(review)
    assert found == {"p1": {"strand:jpd": "Leading"}}
    assert len(problems) == 1
    assert "p2.toml" in problems[0].source
    assert (room_folder(review) / "p2.toml").read_text() == "ratings = ["  # left as it is


def test_only_the_reviews_own_participants_are_merged():
    files = {
        "p1": {"strand:jpd": "Developing"},
        "p2": {"strand:jpd": "Embedding"},
        "intruder": {"strand:jpd": "Leading"},
    }
    # First look after the facilitator's program starts: files fill gaps; the saved review keeps its word.
    assert merged({"strand:jpd": {"p1": "Beginning"}}, files, {"p1", "p2"}) == {
        "strand:jpd": {"p1": "Beginning", "p2": "Embedding"}
    }
    # Later looks take what a participant changed since the last look (p2's rating, cleared at the front
    # since, stays cleared: the file has not changed)…
    assert merged(
        {"strand:jpd": {"p1": "Beginning"}},
        files,
        {"p1", "p2"},
        seen={"p1": {"strand:jpd": "Beginning"}, "p2": {"strand:jpd": "Embedding"}},
    ) == {"strand:jpd": {"p1": "Developing"}}
    # …and never undo a correction typed at the front over a rating the file has had all along.
    assert merged({"strand:jpd": {"p1": "Leading"}}, files, {"p1", "p2"}, seen=files) == {
        "strand:jpd": {"p1": "Leading"}
    }


def _writer(review: str, participant: str, rounds: int) -> None:
    for n in range(rounds):
        write_own(Path(review), participant, Own({"strand:jpd": STAGES[n % 4], "round": str(n)}))


def test_several_processes_writing_at_once_never_lose_or_corrupt_anything(tmp_path):
    review = tmp_path / "2026-11-22-abc.toml"
    rounds = 40
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(review), f"p{n}", rounds)) for n in range(1, 6)]
    for w in workers:
        w.start()
    seen_problems = []
    while any(w.is_alive() for w in workers):
        found, problems = collect(review)  # read while they write: only whole files are ever seen
        seen_problems += problems
        assert all(set(r) == {"strand:jpd", "round"} for r in found.values())
    for w in workers:
        w.join()
        assert w.exitcode == 0
    found, problems = collect(review)
    assert seen_problems == []
    assert problems == []
    assert found == {f"p{n}": {"strand:jpd": STAGES[(rounds - 1) % 4], "round": str(rounds - 1)} for n in range(1, 6)}
