"""History, comparison, carrying steps forward, the alliance view and finding reviews by what a user types."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import sessions as any_sessions

from maturitytui.analysis.alliance import alliance
from maturitytui.analysis.compare import GridMove, compare, strand_movement
from maturitytui.analysis.history import (
    ABSENT,
    ADDED,
    DOWN,
    NOT_APPLICABLE,
    NOT_COMPARABLE,
    RECAST,
    REMOVED,
    SAME,
    UP,
    history_of,
    outline,
    review_order,
    strand_mark,
    strands_across,
)
from maturitytui.analysis.next_steps import carry_forward
from maturitytui.model.errors import SessionError
from maturitytui.model.rubric import STAGES
from maturitytui.model.session import Action, Cell, GridAnswer, RubricRef, Session, StrandRef
from maturitytui.store.index import Catalogue, SessionSummary
from maturitytui.store.lookup import find
from maturitytui.store.session_store import SessionStore


def cell(pair):
    return None if pair is None else Cell(integration=pair[0], nature=pair[1])


def review(rubric, day, *, name="Harbourside", sid=None, hour=9, status="complete", stages=None, ref=None, grid=None):
    """A review: ``stages`` maps strand id to a stage or "n/a"; ``grid`` is ((i, n), (i, n)) for current, target."""
    s = Session.start(name, rubric, review_date=day)
    s.id = sid or f"{day.isoformat()}-{hour:02d}"
    s.created = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    s.status = status
    if ref is not None:
        s.rubric = ref
    if grid:
        s.grid = GridAnswer(current=cell(grid[0]), target=cell(grid[1]))
    for strand_id, stage in (stages or {}).items():
        if stage == "n/a":
            s.answer(strand_id).not_applicable = True
        else:
            s.answer(strand_id).stage = stage
    return s


# -- across a rubric change ---------------------------------------------------------


@pytest.fixture
def changed(rubric):
    """An earlier review whose rubric lacked 'ec', had 'old' and named 'jpd' differently; a later one on today's rubric."""
    now = RubricRef.of(rubric)
    then = now.model_copy(
        update={
            "hash": "sha256:older",
            "strands": [
                *(
                    s.model_copy(update={"title": "Joint practice (old name)"}) if s.id == "jpd" else s
                    for s in now.strands
                    if s.id != "ec"
                ),
                StrandRef(id="old", title="Old strand", dimension="Professional development"),
            ],
        }
    )
    earlier = review(
        rubric,
        date(2024, 6, 1),
        ref=then,
        stages={"jpd": "Beginning", "old": "Leading", "mc": "Embedding", "ce": "n/a"},
    )
    earlier.answer("old").evidence = "Old evidence"
    later = review(rubric, date(2025, 6, 1), stages={"jpd": "Developing", "ec": "Beginning", "mc": "Developing"})
    return earlier, later


def test_added_removed_and_renamed_strands_are_matched_by_id(rubric, changed):
    earlier, later = changed
    for a, b in ((earlier, later), (later, earlier)):
        moves = {m.strand.id: m for m in compare(rubric, a, b).strands}
        assert (moves["ec"].before, moves["ec"].after, moves["ec"].movement) == (ABSENT, "Beginning", ADDED)
        assert (moves["old"].before, moves["old"].after, moves["old"].movement) == ("Leading", ABSENT, REMOVED)
        assert moves["jpd"].movement == UP
        assert moves["jpd"].renamed_from == "Joint practice (old name)"
        assert moves["jpd"].strand.title == "Joint practice development"
        assert moves["mc"].movement == DOWN
        assert moves["mc"].renamed_from == ""
        assert moves["ce"].movement == NOT_COMPARABLE
        assert moves["ce"].words() == "not applicable, then not answered"
    c = compare(rubric, earlier, later)
    assert c.count(DOWN) == 1
    assert c.count(UP) == 1
    assert c.count(ADDED) == 1
    assert c.count(REMOVED) == 1
    assert {m.strand.id: m for m in c.strands}["old"].words() == "no longer in the rubric; was Leading"
    assert {m.strand.id: m for m in c.strands}[
        "ec"
    ].words() == "added to the rubric since the earlier review; now Beginning"
    assert {m.strand.id: m for m in c.strands}["old"].evidence_before == "Old evidence"


def test_a_strand_the_rubric_lacks_is_inactive_and_keeps_its_answer_and_name(rubric, changed):
    history = history_of(rubric, changed)
    active = [s for s in history.strands if s.active]
    assert [s.id for s in active] == [s.id for s in rubric.strands()]
    # An inactive strand follows its dimension's active strands, so each dimension is shown once.
    assert [s.id for s in history.strands][4] == "old"
    assert [d for d, _ in history.dimensions()] == [d.title for d in rubric.dimensions]
    extra = [s for s in history.strands if not s.active]
    assert [(s.id, s.title, s.dimension, s.active) for s in extra] == [
        ("old", "Old strand", "Professional development", False)
    ]
    assert history.series("old") == ["Leading", ABSENT]
    assert history.series("ec") == [ABSENT, "Beginning"]
    assert strands_across(rubric, changed) == list(history.strands)


def test_steps_of_a_strand_the_new_rubric_lacks_stay_in_the_history(rubric, changed):
    earlier, later = changed
    earlier.answer("old").actions = [Action(text="Keep the old work going")]
    assert carry_forward(earlier, later) == 0
    assert "old" not in later.strands


def test_an_answer_without_a_name_never_hides_a_removed_strands_name(rubric, changed):
    earlier, later = changed
    later.answer("old").evidence = "Kept from a copy made under the old rubric"
    [info] = [s for s in strands_across(rubric, [earlier, later]) if s.id == "old"]
    assert (info.title, info.dimension) == ("Old strand", "Professional development")


def test_format_1_reviews_use_the_active_outline_only_with_its_hash(rubric):
    same = RubricRef(id=rubric.id, version=rubric.version, hash=rubric.content_hash())
    other = same.model_copy(update={"hash": "sha256:elsewhere"})
    mine = review(rubric, date(2020, 1, 1), ref=same, stages={"jpd": "Embedding"})
    foreign = review(rubric, date(2021, 1, 1), ref=other, stages={"jpd": "Leading"})
    assert [(s.id, s.active) for s in outline(mine, rubric)] == [(s.id, True) for s in rubric.strands()]
    assert outline(foreign, rubric) is None
    assert strand_mark(foreign, "mc", None) is None
    assert strand_mark(foreign, "sv", None) is None
    assert strand_mark(foreign, "jpd", None) == "Leading"
    known = {s.id for s in outline(mine, rubric)}
    assert strand_mark(mine, "sv", known) == ABSENT
    assert strand_mark(mine, "mc", known) is None
    history = history_of(rubric, [foreign, mine])
    assert history.series("mc") == [None, None]
    assert history.series("jpd") == ["Embedding", "Leading"]
    assert compare(rubric, mine, foreign).strands[0].movement == UP


# -- order ------------------------------------------------------------------------------


def test_same_day_reviews_order_by_created_then_id(rubric):
    day = date(2025, 5, 5)
    a = review(rubric, day, sid="b-late", hour=15)
    b = review(rubric, day, sid="z-early", hour=8)
    c = review(rubric, day, sid="a-early", hour=8)
    d = review(rubric, date(2025, 5, 4), sid="zz", hour=23)
    history = history_of(rubric, [a, b, c, d])
    assert [s.id for s in history.reviews] == ["zz", "a-early", "z-early", "b-late"]
    assert history.partnership == "Harbourside"
    assert review_order(a) == (day, a.created, "b-late")


@st.composite
def shuffled_reviews(draw, rubric):
    ids = draw(st.lists(st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True), min_size=1, max_size=8, unique=True))
    made = [
        review(
            rubric,
            draw(st.sampled_from([date(2025, 1, 1), date(2025, 1, 2)])),
            sid=i,
            hour=draw(st.integers(8, 9)),
            stages={"jpd": draw(st.sampled_from(STAGES))},
        )
        for i in ids
    ]
    return made, draw(st.permutations(made))


@settings(max_examples=60)
@given(data=st.data())
def test_history_order_ignores_the_input_order_and_is_idempotent(rubric, data):
    made, shuffled = data.draw(shuffled_reviews(rubric))
    history = history_of(rubric, shuffled)
    expected = sorted(made, key=lambda s: (s.review_date, s.created, s.id))
    assert [s.id for s in history.reviews] == [s.id for s in expected]
    assert history_of(rubric, made).reviews == history.reviews
    assert history_of(rubric, history.reviews).reviews == history.reviews
    assert all(len(history.series(s.id)) == len(made) for s in history.strands)
    assert len(history.grid_path()) == len(history.focus("jpd")) == len(history.criterion_series("x")) == len(made)


@st.composite
def staged_sessions(draw):
    """Any session, with stages for several of the built-in rubric's strands, so two of them can move."""
    session = draw(any_sessions())
    staged = draw(
        st.dictionaries(st.sampled_from(["jpd", "mc", "tid", "dsi", "fg", "hsc"]), st.sampled_from(STAGES), min_size=3)
    )
    for strand_id, stage in staged.items():
        session.answer(strand_id).not_applicable = False
        session.answer(strand_id).stage = stage
    return session


@settings(max_examples=40)
@given(st.lists(staged_sessions(), min_size=2, max_size=4, unique_by=lambda s: s.id), st.randoms())
def test_any_sessions_give_one_order_and_moves_never_invent_falls(rubric, sessions, rnd):
    shuffled = list(sessions)
    rnd.shuffle(shuffled)
    history = history_of(rubric, shuffled)
    assert [s.id for s in history.reviews] == [s.id for s in sorted(sessions, key=review_order)]
    assert all(len(history.series(s.id)) == len(sessions) for s in history.strands)
    earlier, later = sorted((sessions[0], sessions[-1]), key=review_order)
    for move in compare(rubric, sessions[0], sessions[-1]).strands:
        if move.movement in (UP, DOWN, SAME):
            # A move is only ever between two stages the reviews gave, and goes the way the stages do.
            assert move.before == earlier.strands[move.strand.id].stage
            assert move.after == later.strands[move.strand.id].stage
            b, a = STAGES.index(move.before), STAGES.index(move.after)
            assert move.movement == (UP if a > b else DOWN if a < b else SAME)
        assert (move.movement == ADDED) <= (move.before == ABSENT)
        assert (move.movement == REMOVED) <= (move.after == ABSENT)


# -- stages, ratings, grid ------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "movement"),
    [
        ("Beginning", "Leading", UP),
        ("Embedding", "Developing", DOWN),
        ("Developing", "Developing", SAME),
        (NOT_APPLICABLE, "Leading", NOT_COMPARABLE),
        ("Leading", NOT_APPLICABLE, NOT_COMPARABLE),
        (None, "Beginning", NOT_COMPARABLE),
        ("Beginning", None, NOT_COMPARABLE),
        (None, None, NOT_COMPARABLE),
        (ABSENT, None, ADDED),
        (ABSENT, "Leading", ADDED),
        ("Leading", ABSENT, REMOVED),
        (ABSENT, ABSENT, NOT_COMPARABLE),
    ],
)
def test_strand_movement(before, after, movement):
    assert strand_movement(before, after) == movement


def test_criteria_moves(rubric):
    from maturitytui.model.session import CriterionAnswer

    a = review(rubric, date(2024, 1, 1))
    a.criteria = {"jpd-established": CriterionAnswer(within="not_yet", between="partly")}
    b = review(rubric, date(2025, 1, 1))
    b.criteria = {"jpd-established": CriterionAnswer(within="partly", between="not_yet")}
    [jpd, other, *_] = compare(rubric, b, a).criteria
    assert (jpd.movement("within"), jpd.movement("between")) == (UP, DOWN)
    assert jpd.words("within") == "not yet → partly"
    assert other.movement("within") == NOT_COMPARABLE
    assert other.words("between") == "still not rated"


@pytest.mark.parametrize(
    ("before", "target", "after", "words"),
    [
        ((1, 1), (2, 4), (2, 4), "It reached the target the earlier review set."),
        ((1, 1), (2, 4), (2, 3), "It is 2 of 3 steps nearer the target the earlier review set."),
        ((2, 2), (3, 3), (1, 1), "It is further from the target the earlier review set (2 steps away, was 1)."),
        ((1, 1), (1, 3), (2, 1), "It is no nearer the target the earlier review set (2 steps away)."),
        ((1, 1), None, (3, 3), "The earlier review set no target to measure against."),
        (None, (3, 3), (3, 3), "The earlier review set no target to measure against."),
    ],
)
def test_grid_against_target(before, target, after, words):
    assert GridMove(cell(before), cell(target), cell(after), cell(target)).against_target() == words


def test_grid_moved_and_target_changed():
    move = GridMove(cell((1, 1)), cell((2, 4)), cell((2, 3)), cell((3, 5)))
    assert move.moved() == (
        "The partnership moved deeper and tighter: from integration 1, nature 1 to integration 2, nature 3."
    )
    assert move.target_changed() == "The target moved from integration 2, nature 4 to integration 3, nature 5."
    still = GridMove(cell((2, 2)), cell((3, 3)), cell((2, 2)), cell((3, 3)))
    assert still.moved() == "The partnership stayed in the same cell (integration 2, nature 2)."
    assert still.target_changed() == ""
    assert GridMove(None, None, cell((1, 1)), None).moved() == "The grid was not marked in one or both reviews."
    assert GridMove(cell((1, 1)), cell((2, 2)), cell((1, 1)), None).target_changed() == ""


# -- carrying steps forward -----------------------------------------------------------


def test_carry_forward_twice(rubric):
    first = review(rubric, date(2024, 6, 1))
    first.answer("jpd").actions = [
        Action(text=t, status=s) for t, s in (("A", "open"), ("B", "in_progress"), ("C", "done"), ("D", "dropped"))
    ]
    first.answer("hsc").focus = True
    first.answer("mc").focus = True
    first.answer("mc").actions = [Action(text="E", status="done")]
    first.answer("fg").actions = [Action(text="F", status="dropped")]
    second = review(rubric, date(2025, 6, 1), status="in_progress")
    assert carry_forward(first, second) == 2
    carried = second.strands["jpd"].actions
    assert [(a.text, a.status, a.carried_from, a.agreed, a.was) for a in carried] == [
        ("A", "open", first.id, date(2024, 6, 1), "open"),
        ("B", "open", first.id, date(2024, 6, 1), "in_progress"),
    ]
    assert second.strands["hsc"].focus
    assert second.strands["mc"].focus
    assert second.strands["mc"].actions == []
    assert "fg" not in second.strands
    assert [a.carried_from for a in first.strands["jpd"].actions] == ["", "", "", ""]
    assert [(sid, a.text) for sid, a in second.actions_to_mark()] == [("jpd", "A"), ("jpd", "B")]
    carried[0].status = "done"
    assert [(sid, a.text) for sid, a in second.actions_to_mark()] == [("jpd", "B")]
    third = review(rubric, date(2026, 6, 1), status="in_progress")
    third.answer("jpd").actions = [Action(text="Already agreed")]
    assert carry_forward(second, third) == 1
    assert [(a.text, a.carried_from, a.agreed, a.was) for a in third.strands["jpd"].actions] == [
        ("Already agreed", "", None, None),
        ("B", second.id, date(2024, 6, 1), "open"),
    ]
    assert [a.text for _, a in third.actions_to_mark()] == ["B"]
    third.strands["jpd"].actions[1].status = "dropped"
    assert third.actions_to_mark() == []
    assert third.strands["hsc"].focus


# -- the alliance view ------------------------------------------------------------------


def summaries(*sessions):
    return [SessionSummary.of(s.id + ".toml", s) for s in sessions]


def test_alliance(rubric):
    z1 = review(
        rubric,
        date(2024, 3, 1),
        name="Zephyr Alliance",
        grid=((1, 1), None),
        stages={"jpd": "Beginning", "mc": "Developing", "hsc": "n/a", "fg": "Embedding"},
    )
    z2 = review(
        rubric,
        date(2025, 3, 1),
        name="Zephyr Alliance",
        grid=((2, 3), None),
        stages={
            "jpd": "Developing",
            "mc": "Beginning",
            "hsc": "Developing",
            "fg": "Embedding",
            "ec": "Leading",
            "ce": "n/a",
        },
    )
    z3 = review(rubric, date(2026, 3, 1), name="Zephyr Alliance", status="in_progress", stages={"jpd": "Leading"})
    acorn = review(rubric, date(2026, 1, 1), name="acorn schools", status="in_progress", stages={"jpd": "Leading"})
    m1 = review(
        rubric,
        date(2023, 1, 1),
        name="Meadow Trust",
        grid=((4, 4), None),
        stages={s.id: "Leading" for s in rubric.strands()},
    )
    m2 = review(rubric, date(2024, 1, 1), name="Meadow Trust", grid=((4, 4), None), stages={"jpd": "Leading"})
    glances = alliance(Catalogue(summaries(z3, m2, z2, acorn, z1, m1)))
    assert [g.partnership for g in glances] == ["acorn schools", "Meadow Trust", "Zephyr Alliance"]
    acorn_g, meadow, zephyr = glances
    assert (zephyr.reviews, zephyr.unfinished, zephyr.latest.id, zephyr.previous.id) == (3, 1, z2.id, z1.id)
    assert zephyr.stage_counts() == {"Beginning": 1, "Developing": 2, "Embedding": 1, "Leading": 1, NOT_APPLICABLE: 1}
    assert zephyr.moves() == {UP: 1, DOWN: 1, SAME: 1, RECAST: 0}
    assert zephyr.direction_words() == "1 up, 1 back, 1 same since 1 Mar 2024"
    assert zephyr.grid_words().startswith("2,3 (")
    assert "deeper" in zephyr.grid_words()
    assert "tighter" in zephyr.grid_words()
    assert "same" not in zephyr.grid_words()
    assert meadow.grid_words() == "4,4 (same cell)"
    assert meadow.moves() == {UP: 0, DOWN: 0, SAME: 1, RECAST: 0}
    assert (acorn_g.reviews, acorn_g.unfinished, acorn_g.previous, acorn_g.latest.status) == (1, 1, None, "in_progress")
    assert acorn_g.direction_words() == "first review"
    assert acorn_g.grid_words() == "grid not marked"
    assert acorn_g.moves() == {UP: 0, DOWN: 0, SAME: 0, RECAST: 0}
    assert acorn_g.stage_counts()["Leading"] == 1


# -- finding what the user named ----------------------------------------------------------


@pytest.fixture
def catalogue(rubric, tmp_path):
    store = SessionStore(tmp_path / "store")
    for name, sid in (
        ("Harbourside Learning Partnership", "2024-06-20-demo00"),
        ("Harbourside Learning Partnership", "2025-06-12-demo01"),
        ("Kestrel Alliance", "2025-03-03-kes001"),
        ("Harbour Trust", "2023-01-01-ht0001"),
    ):
        store.save(review(rubric, date.fromisoformat(sid[:10]), name=name, sid=sid))
    return store.catalogue()


def test_find_by_path_folder_and_id(catalogue, tmp_path):
    folder = tmp_path / "store" / "harbourside-learning-partnership"
    found = find(catalogue, str(folder / "2025-06-12-demo01.toml"))
    assert found.review.id == "2025-06-12-demo01"
    assert found.partnership == "Harbourside Learning Partnership"
    found = find(catalogue, str(folder))
    assert found.review is None
    assert [s.id for s in found.summaries] == ["2024-06-20-demo00", "2025-06-12-demo01"]
    assert find(catalogue, "2025-03-03-kes001", want="review").review.id == "2025-03-03-kes001"
    assert find(catalogue, "demo01").review.id == "2025-06-12-demo01"
    assert find(catalogue, "DEMO01", want="partnership").review is None


def test_find_by_name(catalogue):
    for words in ("kestrel alliance", "  KESTREL   Alliance ", "kestrel", "EL ALL"):
        found = find(catalogue, words)
        assert found.review is None, words
        assert found.partnership == "Kestrel Alliance", words
    assert find(catalogue, "harbour trust").partnership == "Harbour Trust"


def test_an_id_part_shared_by_one_partnership_names_it(catalogue):
    found = find(catalogue, "demo")
    assert found.review is None
    assert found.partnership == "Harbourside Learning Partnership"
    assert len(found.summaries) == 2
    with pytest.raises(SessionError) as info:
        find(catalogue, "demo", want="review")
    assert "'demo' matches 2 reviews" in str(info.value)
    assert "2024-06-20-demo00" in str(info.value)


@pytest.mark.parametrize(
    ("words", "shown"),
    [
        ("harbour", ["matches 2 partnerships", "Harbourside Learning Partnership", "Harbour Trust"]),
        (
            "2025",
            [
                "matches 2 reviews",
                "2025-06-12-demo01 (Harbourside Learning Partnership)",
                "2025-03-03-kes001 (Kestrel Alliance)",
            ],
        ),
    ],
)
def test_ambiguous_words_list_the_matches(catalogue, words, shown):
    with pytest.raises(SessionError) as info:
        find(catalogue, words)
    assert all(part in str(info.value) for part in shown), str(info.value)


@pytest.mark.parametrize(
    ("want", "kind"), [("either", "partnership or review"), ("review", "review"), ("partnership", "partnership")]
)
def test_nothing_found_names_the_store_and_the_partnerships(catalogue, want, kind):
    with pytest.raises(SessionError) as info:
        find(catalogue, "nowhere", want=want, store="/srv/the-store")
    text = str(info.value)
    assert text.startswith("/srv/the-store: ")
    assert f"no {kind} matches 'nowhere'" in text
    assert "partnerships: Harbour Trust, Harbourside Learning Partnership, Kestrel Alliance" in text


def test_carrying_twice_adds_nothing_and_old_notes_stay_behind(rubric):
    first = review(rubric, date(2024, 6, 1))
    first.answer("jpd").actions = [Action(text="Triads", status="in_progress", note="half way")]
    second = review(rubric, date(2025, 6, 1), status="in_progress")
    assert carry_forward(first, second) == 1
    assert carry_forward(first, second) == 0
    [carried] = second.strands["jpd"].actions
    # The note said how far it had got then; this review says how it went.
    assert carried.note == ""
    assert first.strands["jpd"].actions[0].note == "half way"


def test_a_comparison_counts_its_strands_in_words(rubric, changed):
    earlier, later = changed
    assert compare(rubric, earlier, later).summary() == (
        "1 strand moved up, 1 moved back, 0 stayed the same; 1 strand added and 1 removed by a rubric change."
    )
