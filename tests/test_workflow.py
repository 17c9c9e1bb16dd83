"""Starting, opening and carrying a review forward, without the screens: what the app calls."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from maturitytui import workflow
from maturitytui.model.session import Action, Session
from maturitytui.store.locks import SessionLock
from maturitytui.store.session_store import SessionStore, StoredSession

NORTHSHORE_TOML = Path(__file__).resolve().parents[1] / "plugins" / "alliance-change-toml"


@pytest.fixture
def store(tmp_path):
    return SessionStore(tmp_path / "sessions")


def test_a_first_review_is_saved_locked_and_has_nothing_before_it(store, rubric):
    opened = workflow.start_review(store, rubric, "Town Trio", ["Ash", "Elm"], ["Ann"], store.catalogue())
    try:
        assert opened.notices == []
        assert opened.previous is None
        assert not opened.read_only
        assert store.load(opened.stored.path).partnership == "Town Trio"
    finally:
        assert opened.lock is not None
        opened.lock.release()


def test_a_new_review_carries_the_last_ones_open_steps_and_says_so(store, rubric):
    last = Session.start("Town Trio", rubric, review_date=date(2025, 6, 1))
    last.answer("jpd").add_action(Action(text="Trios visit each other's lessons"))
    last.status = "complete"
    store.save(last)
    opened = workflow.start_review(store, rubric, "Town Trio", [], [], store.catalogue())
    try:
        assert [n.title for n in opened.notices] == ["Carried forward"]
        assert "1 next step from the review of 1 Jun 2025" in opened.notices[0].message
        assert opened.previous is not None
        assert opened.previous.id == last.id
        [carried] = store.load(opened.stored.path).strands["jpd"].actions
        assert (carried.text, carried.carried_from) == ("Trios visit each other's lessons", last.id)
    finally:
        assert opened.lock is not None
        opened.lock.release()


def test_a_review_open_elsewhere_opens_to_read_and_says_why(store, rubric):
    session = Session.start("Town Trio", rubric)
    stored = StoredSession(store.save(session), session)
    elsewhere = SessionLock(stored.path)
    elsewhere.acquire()
    try:
        opened = workflow.open_review(store, rubric, stored, store.catalogue())
        assert opened.read_only
        assert opened.lock is None
        assert [n.title for n in opened.notices] == ["Review in use"]
        assert opened.notices[0].message.endswith("Opened to read only.")
    finally:
        elsewhere.release()


def test_a_room_with_anonymity_keeps_labels_only(store, rubric):
    people = [("Ann Smith", "Ash"), ("Bo Jones", "Elm")]
    opened = workflow.start_review(store, rubric, "Town Trio", [], [], store.catalogue(), people=people, anonymous=True)
    try:
        saved = store.load(opened.stored.path)
        assert saved.participants == ["P1", "P2"]
        assert saved.facilitation is not None
        assert [(p.name, p.school) for p in saved.facilitation.participants] == [("", "Ash"), ("", "Elm")]
        assert "Ann" not in opened.stored.path.read_text(encoding="utf-8")
    finally:
        assert opened.lock is not None
        opened.lock.release()


def test_a_review_that_cannot_be_made_is_not_started_and_nothing_is_written(store, rubric):
    unwritable = "Town \ud800 Trio"  # a lone surrogate cannot be written as UTF-8
    with pytest.raises(workflow.NotStarted) as refused:
        workflow.start_review(store, rubric, unwritable, [], [], store.catalogue())
    assert refused.value.notice.title == "Could not start the review"
    assert refused.value.notice.severity == "error"
    assert store.files() == []


def test_a_finished_review_opens_to_read_and_opens_to_change_only_when_asked(store, rubric):
    session = Session.start("Town Trio", rubric)
    session.status = "complete"
    stored = StoredSession(store.save(session), session)
    before = stored.path.read_bytes()
    opened = workflow.open_review(store, rubric, stored, store.catalogue())
    assert opened.read_only
    assert opened.finished
    assert opened.lock is None
    assert [n.title for n in opened.notices] == ["Finished review"]
    assert stored.path.read_bytes() == before
    changing = workflow.open_review(store, rubric, stored, store.catalogue(), edit=True)
    try:
        assert not changing.read_only
        assert not changing.finished
        assert changing.notices == []
    finally:
        assert changing.lock is not None
        changing.lock.release()


def test_before_finishing_the_person_is_told_what_finishing_leaves_undone(rubric):
    from maturitytui.analysis.review import finish_question
    from maturitytui.model.session import Facilitation

    session = Session.start("Town Trio", rubric)
    question = finish_question(rubric, session)
    assert question.startswith("0 of 14 answered. Still to answer: 14 steps (Partnership grid, ")
    assert "closes the room" not in question
    session.answer("jpd").choose_stage("Developing")
    session.facilitation = Facilitation()
    question = finish_question(rubric, session)
    assert question.startswith("1 of 14 answered. Still to answer: 13 steps")
    assert "Finishing closes the room: participants can no longer rate." in question


def test_a_review_made_with_another_rubric_says_only_what_differs(store, rubric):
    """Short enough to read at a glance and to leave the step beside it in view: the difference, not both lists."""
    from maturitytui import testing

    northshore = testing.assemble(folders=[NORTHSHORE_TOML]).rubric
    session = Session.start("Northshore Trio", northshore)
    session.answer("sv").stage = "Developing"
    session.answer("jpd").stage = "Embedding"
    stored = StoredSession(store.save(session), session)
    opened = workflow.open_review(store, rubric, stored, store.catalogue())
    try:
        (notice,) = opened.notices
        assert notice.title == "Another rubric"
        assert notice.message == (
            "Made with another form of the rubric (northshore then, not now). "
            "1 answer with no place in it is kept, listed on the summary."
        )
    finally:
        assert opened.lock is not None
        opened.lock.release()
    back = workflow.open_review(
        store, northshore, StoredSession(stored.path, store.load(stored.path)), store.catalogue()
    )
    try:
        assert back.notices == []  # the same rubric: nothing to say
    finally:
        assert back.lock is not None
        back.lock.release()


def test_the_rubric_differences_in_words(rubric):
    from maturitytui.analysis.review import rubric_differs

    session = Session.start("Town Trio", rubric)
    assert rubric_differs(rubric, session) == ""
    newer = rubric.model_copy(update={"version": "2013.1", "plugins": [*rubric.plugins, "ours"]})
    assert (
        rubric_differs(newer, session)
        == "Made with another form of the rubric (version 2012.3 then, 2013.1 now; ours now, not then)."
    )
    other = rubric.model_copy(update={"id": "our-own"})
    assert rubric_differs(other, session) == "Made with rubric 'hargreaves-2012'; the one in use is 'our-own'."
