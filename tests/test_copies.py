"""Copies of a review kept by sync, compared item by item and resolved into one review without losing anything."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import sessions

from maturitytui.demo import demo_sessions
from maturitytui.model.errors import SessionError
from maturitytui.model.session import CopyNote, Session
from maturitytui.store.copies import (
    ABOUT,
    GRID,
    Difference,
    differences,
    kept_words,
    merged,
    pair,
    resolve,
)
from maturitytui.store.locks import SessionLock, SessionLocked
from maturitytui.store.session_store import SessionStore

NOTE = CopyNote(review="placeholder", source="Sam's laptop", made=date(2026, 11, 20))


def copy_of(review: Session) -> Session:
    """The same review as a copy: its own id, and a note of what it copies."""
    copy = review.model_copy(deep=True)
    copy.id = f"{review.id}-sam"
    copy.copy_of = NOTE.model_copy(update={"review": review.id})
    return copy


@pytest.fixture
def latest(rubric) -> Session:
    """The demo partnership's newest review: every strand answered, jpd at Developing."""
    return demo_sessions(rubric)[-1]


@pytest.fixture
def stored(tmp_path, latest):
    """A store holding the latest demo review and a copy of it in which jpd is at Embedding and mc has evidence."""
    store = SessionStore(tmp_path / "sessions")
    review_path = store.save(latest, stamp=False)
    copy = copy_of(latest)
    copy.answer("jpd").choose_stage("Embedding")
    copy.answer("mc").evidence = "Two coaching pairs across the schools since January."
    copy_path = store.save(copy, review_path.with_name(f"{copy.id}.toml"), stamp=False)
    return store, review_path, copy_path


def keys(found: list[Difference]) -> list[str]:
    return [d.key for d in found]


# -- what differs ---------------------------------------------------------


def test_a_copy_that_changed_nothing_differs_in_nothing(latest, rubric):
    assert differences(latest, copy_of(latest), rubric) == []


def test_each_changed_item_is_one_difference_in_rubric_order(latest, rubric):
    copy = copy_of(latest)
    copy.status = "in_progress"
    copy.position = "strand:mc"
    copy.answer("mc").focus = True
    copy.answer("jpd").choose_stage("Leading")
    copy.grid.note = "Agreed at the spring meeting"
    copy.criteria = {}
    found = differences(latest, copy, rubric)
    criteria = [f"criterion:{c.id}" for c in rubric.criteria if c.id in latest.criteria]
    assert keys(found) == [GRID, "strand:jpd", "strand:mc", *criteria, ABOUT]
    jpd = found[1]
    assert jpd.label == "Joint practice development"
    assert jpd.review.startswith("Developing; ")
    assert jpd.copy.startswith("Leading; ")
    # What differs comes first, so a cell cut short still shows it.
    assert found[0].review.startswith("no note")
    assert found[0].copy.startswith("note 28 characters")
    assert found[2].copy.startswith("a focus")
    assert found[2].review.startswith("not a focus")
    assert found[3].copy == "not rated"
    assert found[-1].copy.startswith("unfinished, at Mentoring and coaching")
    assert found[-1].review.startswith("finished")


def test_text_of_the_same_length_is_quoted_where_it_differs(latest, rubric):
    copy = copy_of(latest)
    copy.answer("jpd").evidence = latest.strands["jpd"].evidence.replace("Four", "Five")
    copy.answer("jpd").actions[0].owner = "Someone else"
    (found,) = differences(latest, copy, rubric)
    assert found.review.startswith('2 next steps (1 done) (differs); evidence 120 characters: "Four cross-school')
    assert found.copy.startswith('2 next steps (1 done) (differs); evidence 120 characters: "Five cross-school')


def test_without_a_rubric_strands_are_named_as_the_review_recorded_them(latest):
    copy = copy_of(latest)
    copy.answer("jpd").choose_stage("Leading")
    copy.answer("a-strand-no-rubric-has").choose_stage("Beginning")
    found = differences(latest, copy)
    assert [(d.key, d.label) for d in found] == [
        ("strand:jpd", "Joint practice development"),
        ("strand:a-strand-no-rubric-has", "a-strand-no-rubric-has"),
    ]
    assert found[1].review == "not answered"


def as_copy(session: Session, review: Session) -> Session:
    return session.model_copy(update={"copy_of": NOTE.model_copy(update={"review": review.id})})


@given(review=sessions(), copy=sessions(), choices=st.lists(st.booleans(), max_size=30))
def test_merging_takes_each_item_from_the_side_chosen(review, copy, choices):
    copy = as_copy(copy, review)
    found = differences(review, copy)
    assert all(d.review != d.copy or "(differs)" in d.copy for d in found)  # never two sides alike unmarked
    keep = {d.key: ("copy" if taken else "review") for d, taken in zip(found, choices, strict=False)}
    result = merged(review, copy, keep)
    assert result.id == review.id
    assert result.copy_of is None
    for d in found:
        side = copy if keep.get(d.key) == "copy" else review
        assert d.key not in keys(differences(result, side))
    assert differences(merged(review, copy, {}), review) == []
    assert differences(merged(review, copy, dict.fromkeys(keys(found), "copy")), copy) == []


def test_a_key_that_names_no_item_is_refused(latest):
    with pytest.raises(ValueError, match="names no part"):
        merged(latest, copy_of(latest), {"summary": "copy"})


def test_kept_words_say_what_came_from_where():
    found = [Difference("grid", "Partnership grid", "a", "b"), Difference("strand:jpd", "JPD", "a", "b")]
    assert kept_words(found, {}) == "Kept the review as it was; the copy is removed."
    assert kept_words(found, {"grid": "copy", "strand:jpd": "copy"}).startswith("Kept the copy's answers")
    assert kept_words(found, {"strand:jpd": "copy"}).startswith("Merged: 1 item from the copy (JPD)")
    assert "same answers" in kept_words([], {})
    assert "now the review" in kept_words([], {}, review_gone=True)


# -- resolving ------------------------------------------------------------


def test_keeping_the_review_removes_the_copy_and_nothing_else(stored, latest):
    store, review_path, copy_path = stored
    assert resolve(store, copy_path, {"strand:jpd": "review"}) == review_path
    assert not copy_path.exists()
    after = store.load(review_path)
    assert differences(latest, after) == []
    assert sorted(p.name for p in review_path.parent.iterdir()) == [".partnership", review_path.name]  # no locks


def test_keeping_the_copy_keeps_the_review_id(stored, latest):
    store, review_path, copy_path = stored
    copy = store.load(copy_path)
    resolve(store, copy_path, {"strand:jpd": "copy", "strand:mc": "copy"})
    after = store.load(review_path)
    assert (after.id, after.copy_of, after.created) == (latest.id, None, latest.created)
    assert differences(copy, after) == []
    assert not copy_path.exists()


def test_a_merge_takes_only_the_items_chosen(stored, latest):
    store, review_path, copy_path = stored
    resolve(store, copy_path, {"strand:jpd": "review", "strand:mc": "copy"})
    after = store.load(review_path)
    assert after.strands["jpd"] == latest.strands["jpd"]
    assert after.strands["mc"].evidence == "Two coaching pairs across the schools since January."


def test_a_copy_whose_review_is_gone_becomes_the_review(stored, latest):
    store, review_path, copy_path = stored
    review_path.unlink()
    found = pair(store, copy_path)
    assert found.review is None
    assert found.review_path == review_path
    assert resolve(store, copy_path, {}) == review_path
    after = store.load(review_path)
    assert after.id == latest.id
    assert after.copy_of is None
    assert after.strands["jpd"].stage == "Embedding"
    assert not copy_path.exists()


@pytest.mark.parametrize("which", ["review", "copy"])
def test_a_file_open_elsewhere_is_refused_with_nothing_changed(stored, which):
    store, review_path, copy_path = stored
    before = {p: p.read_bytes() for p in (review_path, copy_path)}
    with (
        SessionLock(review_path if which == "review" else copy_path),
        pytest.raises(SessionLocked, match="close it there first, then resolve the copy"),
    ):
        resolve(store, copy_path, {"strand:jpd": "copy"})
    assert {p: p.read_bytes() for p in (review_path, copy_path)} == before


def test_a_failed_save_keeps_the_copy(stored, monkeypatch):
    store, review_path, copy_path = stored
    before = review_path.read_bytes()

    def full_disk(*args, **kwargs):
        raise SessionError([])

    monkeypatch.setattr(store, "write", full_disk)
    with pytest.raises(SessionError):
        resolve(store, copy_path, {"strand:jpd": "copy"})
    assert copy_path.exists()
    assert review_path.read_bytes() == before


def test_only_a_copy_can_be_resolved(stored):
    store, review_path, _ = stored
    with pytest.raises(SessionError, match="not a copy"):
        resolve(store, review_path, {})


def test_a_review_renamed_by_hand_is_still_found_by_its_id(stored):
    store, review_path, copy_path = stored
    renamed = review_path.with_name("kept-by-hand.toml")
    review_path.rename(renamed)
    assert resolve(store, copy_path, {"strand:jpd": "copy"}) == renamed
    assert store.load(renamed).strands["jpd"].stage == "Embedding"
    assert not review_path.exists()
