"""The live room: grid ratings, the questions of each step, the room's files, join codes, seats,
anonymous answers and the countdown."""

from __future__ import annotations

import multiprocessing
import os
import re
import stat
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_facilitation import PEOPLE, room

from maturitytui.model.session import Cell, CriterionAnswer, GridAnswer, Session
from maturitytui.model.steps import CRITERIA_STEP, GRID_QUESTIONS, questions_for
from maturitytui.room.answers import send_response, take_responses
from maturitytui.room.countdown import Countdown, clock_words
from maturitytui.room.facilitation import (
    RowError,
    agreed,
    new_participants,
    parse_row,
    rate,
    spread,
)
from maturitytui.room.files import Own, collect, read_own, write_own
from maturitytui.room.layout import ROOM_FILE, room_folder
from maturitytui.room.presence import write_online
from maturitytui.room.seats import matches, new_pin, new_token, pin_digest, token_digest
from maturitytui.room.state import (
    RoomState,
    Seat,
    clean_code,
    close_room,
    find_room,
    new_code,
    read_room,
    spoken,
    write_room,
)

ctx = multiprocessing.get_context("spawn")
posix_only = pytest.mark.posix_only("asserts the 0600/0700 modes under a umask, which NTFS does not keep")


def review_path(root: Path, partnership: str = "harbourside", name: str = "2026-11-22-abc") -> Path:
    folder = root / partnership
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.toml"


# -- the grid ---------------------------------------------------------------


def test_a_grid_rating_is_a_cell():
    f = rate(room(), "grid:current", "p1", "3,2")
    assert f.ratings["grid:current"] == {"p1": "3,2"}
    for bad in ("x", "3", "3,2,1", "3;2", "", ",", "0,1", "13,1", "1,-1", "-1,1"):
        with pytest.raises(ValueError, match="grid"):
            rate(f, "grid:target", "p2", bad)
    assert "grid:target" not in f.ratings  # nothing set by a refused rating
    assert rate(f, "grid:current", "p1", None).ratings["grid:current"] == {}


def test_a_cell_typed_loosely_counts_as_the_same_cell():
    f = rate(rate(room(), "grid:current", "p1", "3,2"), "grid:current", "p2", " 3, 2")
    assert spread(f, "grid:current").counts == {"3,2": 2}


def test_the_grid_spread_counts_chosen_cells_row_by_row_and_is_as_wide_as_the_furthest_pair():
    f = room(**{"grid:current": {"p1": "3,2", "p2": "1,1", "p3": "1,2", "p4": "1,1"}})
    s = spread(f, "grid:current")
    assert list(s.counts.items()) == [("1,1", 2), ("1,2", 1), ("3,2", 1)]
    assert (s.rated, s.expected, s.complete) == (4, 4, True)
    assert (s.width, s.wide) == (2, True)  # (1,1) to (3,2): two rows up, one column across
    assert s.modal() == ["1,1"]
    close = spread(room(**{"grid:target": {"p1": "4,4", "p2": "5,5", "p3": "5,4"}}), "grid:target")
    assert (close.width, close.wide, close.complete) == (1, False, False)
    assert spread(room(), "grid:target").counts == {}
    assert spread(room(), "grid:target").width == 0


def test_a_cell_that_is_not_a_cell_does_not_break_the_spread():
    # A participant's file is merged as it is; a rating that is no cell must not stop the facilitator's screen.
    f = room(**{"grid:current": {"p1": "3,2", "p2": "nonsense", "p3": "1,1"}})
    s = spread(f, "grid:current")
    assert s.counts == {"1,1": 1, "3,2": 1}
    assert s.width == 2
    assert s.rated == 2


def test_a_grid_row_typed_at_the_front():
    assert parse_row("32 21 - 66", "grid:current", PEOPLE) == {"p1": "3,2", "p2": "2,1", "p3": None, "p4": "6,6"}
    assert parse_row("11,12,.,13", "grid:target", PEOPLE) == {"p1": "1,1", "p2": "1,2", "p3": None, "p4": "1,3"}


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("32 71 - 66", r"'71' for Bo is not a cell: type the row \(1–6"),
        ("32 21 - 606", r"'606' for Di is not a cell"),
        ("32 21 - x6", r"'x6' for Di"),
        ("32 2 - 66", r"'2' for Bo"),
        ("32 21 66", "3 cells typed for 4 participants: type two digits"),
        ("3221-66", "1 cell typed for 4"),
        ("", "0 cells typed for 4"),
    ],
)
def test_a_grid_row_that_does_not_fit_says_who_and_what_to_type(typed, says):
    with pytest.raises(RowError, match=says):
        parse_row(typed, "grid:current", PEOPLE)


def test_an_anonymous_participant_is_named_by_their_label():
    people = new_participants(["", ""], [], anonymous=True)
    with pytest.raises(RowError, match="'99' for P2"):
        parse_row("11 99", "grid:current", people)


cells = st.tuples(st.integers(1, 6), st.integers(1, 6))


@given(
    st.lists(st.none() | cells, min_size=1, max_size=9),
    st.lists(st.sampled_from([" ", "  ", ",", ", ", "\t"]), min_size=9, max_size=9),
)
@settings(max_examples=200)
def test_any_grid_row_round_trips_into_the_spread(marks, gaps):
    people = new_participants([f"N{n}" for n in range(len(marks))], [], anonymous=False)
    typed = "".join(("-" if m is None else f"{m[0]}{m[1]}") + gap for m, gap in zip(marks, gaps, strict=False))
    row = parse_row(typed, "grid:current", people)
    f = room(people)
    for pid, rating in row.items():
        f = rate(f, "grid:current", pid, rating)
    s = spread(f, "grid:current")
    chosen = [m for m in marks if m is not None]
    assert s.counts == {f"{a},{b}": n for (a, b), n in sorted(Counter(chosen).items())}
    assert list(s.counts) == [f"{a},{b}" for a, b in sorted(set(chosen))]  # row order, then column
    assert s.rated == len(chosen)
    assert s.expected == len(marks)
    assert s.width == max((max(abs(a[0] - b[0]), abs(a[1] - b[1])) for a in chosen for b in chosen), default=0)
    assert s.wide == (s.width >= 2)


# -- which questions a step asks, and what the group agreed ----------------------


def test_the_agreed_rating_is_read_from_the_review(rubric):
    session = Session.start("Town Trio", rubric)
    for key in (*GRID_QUESTIONS, "strand:jpd", *questions_for(CRITERIA_STEP, rubric)):
        assert agreed(session, key) is None  # nothing agreed yet
    session.answer("jpd").stage = "Embedding"
    session.criteria = {"jpd-established": CriterionAnswer(within="partly", note="two schools of three")}
    session.grid = GridAnswer(current=Cell(integration=3, nature=2), note="towards depth first")
    assert agreed(session, "strand:jpd") == "Embedding"
    assert agreed(session, "strand:mc") is None
    assert agreed(session, "criterion:jpd-established:within") == "partly"
    assert agreed(session, "criterion:jpd-established:between") is None
    assert agreed(session, "criterion:cmp-shared:within") is None
    assert agreed(session, "grid:current") == "3,2"
    assert agreed(session, "grid:target") is None
    # the agreed cell is itself a rating the room could have given
    assert rate(room(), "grid:current", "p1", agreed(session, "grid:current")).ratings["grid:current"]["p1"] == "3,2"


def test_a_key_that_is_no_question_has_no_agreed_rating(rubric):
    session = Session.start("Town Trio", rubric)
    session.criteria = {"jpd-established": CriterionAnswer(within="partly", note="two schools of three")}
    session.grid = GridAnswer(current=Cell(integration=3, nature=2), note="towards depth first")
    for key in ("grid:note", "grid:__class__", "criterion:jpd-established:note", "summary", "tool:x", ""):
        assert agreed(session, key) is None


# -- the room's own file ----------------------------------------------------------

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
seats = st.lists(st.builds(Seat, id=st.from_regex(r"p[0-9]{1,2}", fullmatch=True), label=text, school=text), max_size=6)
moments = st.none() | st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@given(
    st.builds(
        RoomState,
        code=st.from_regex(r"[0-9]{8}", fullmatch=True),
        review=text,
        partnership=text,
        step=text,
        title=text,
        questions=st.lists(text, max_size=5).map(tuple),
        tool=text,
        seats=seats.map(tuple),
        open=st.booleans(),
        timer_ends=moments,
        timer_left=moments,
    )
)
@settings(max_examples=100)
def test_the_room_reads_back_as_it_was_written(tmp_path_factory, state):
    review = review_path(tmp_path_factory.mktemp("store"))
    write_room(review, state)
    assert read_room(review) == state


def test_no_room_file_is_no_room(tmp_path):
    assert read_room(review_path(tmp_path)) is None


@pytest.mark.parametrize(
    "damage",
    [
        b"\xff\xfe\x00garbage",
        b"code = [",
        b'review = "r"\npartnership = "p"\n',  # no code
        b'code = "12345678"\npartnership = "p"\n',  # no review
        b'code = "12345678"\nreview = "r"\npartnership = "p"\nseats = "abc"\n',
        b'code = "12345678"\nreview = "r"\npartnership = "p"\nseats = [1, 2]\n',
        b'code = "12345678"\nreview = "r"\npartnership = "p"\nseats = [{label = "Ann"}]\n',
        b'code = "12345678"\nreview = "r"\npartnership = "p"\nquestions = 5\n',
        b'code = "12345678"\nreview = "r"\npartnership = "p"\ntimer_ends = 1' + b"0" * 400 + b"\n",
    ],
)
def test_a_damaged_room_file_is_no_room_and_is_left_as_it_is(tmp_path, damage):
    review = review_path(tmp_path)
    write_room(review, RoomState(code="12345678", review="r", partnership="p"))
    path = room_folder(review) / ROOM_FILE
    path.write_bytes(damage)
    assert read_room(review) is None
    assert find_room(tmp_path, "12345678") is None
    close_room(review)
    assert path.read_bytes() == damage


@posix_only
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_room_is_owner_only(tmp_path, umask):
    review = review_path(tmp_path)
    old = os.umask(umask)
    try:
        write_room(review, RoomState(code=new_code(), review="r", partnership="p"))
        write_own(review, "p1", Own({"strand:jpd": "Embedding"}))
        send_response(review, "audit", {"q1": "3"})
        write_online(review, {"p1"}, 0.0)
    finally:
        os.umask(old)
    folder = room_folder(review)
    folders = [folder, *(p for p in folder.rglob("*") if p.is_dir())]
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(folders) == 2
    assert len(files) == 4
    for path in folders:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_room_file_is_not_taken_for_a_participants_ratings(tmp_path):
    review = review_path(tmp_path)
    write_room(review, RoomState(code=new_code(), review="r", partnership="p", seats=(Seat("p1", "Ann"),)))
    write_own(review, "p1", Own({"strand:jpd": "Leading"}, answered=["audit", "audit", "ties"]))
    found, problems = collect(review)
    assert (found, problems) == ({"p1": {"strand:jpd": "Leading"}}, [])
    assert read_own(review, "p1").answered == ["audit", "ties"]
    assert read_own(review, "p2").answered == []
    # A participant's file can never overwrite the room's.
    with pytest.raises(ValueError, match="cannot name a participant's file"):
        write_own(review, "room", Own({"strand:jpd": "Leading"}))
    assert read_room(review) is not None


# -- join codes -------------------------------------------------------------------


def test_codes_are_eight_digits_shown_in_two_halves():
    codes = {new_code() for _ in range(200)}
    assert len(codes) > 190
    assert all(re.fullmatch(r"[0-9]{8}", c) for c in codes)
    assert spoken("48217390") == "4821 7390"
    assert all(clean_code(spoken(c)) == c for c in codes)
    assert clean_code(" 4821-7390\t") == "48217390"


def _open_rooms(root: Path) -> dict[str, tuple[Path, str]]:
    rooms = {}
    for partnership, name, code in [
        ("harbourside", "2026-11-22-aaa", "48217390"),
        ("harbourside", "2026-11-23-bbb", "11112222"),
        ("kestrel-trust", "2026-11-22-ccc", "90817263"),
        ("town-trio-3f2a", "2026-11-24-ddd", "00000001"),
    ]:
        review = review_path(root, partnership, name)
        write_room(
            review,
            RoomState(
                code=code, review=name, partnership=partnership, step="grid", seats=(Seat("p1", "Ann", "Harbourside"),)
            ),
        )
        rooms[code] = (review, name)
    return rooms


def test_the_code_finds_its_room_among_many(tmp_path):
    rooms = _open_rooms(tmp_path)
    for code, (review, name) in rooms.items():
        for typed in (code, spoken(code), f"{code[:4]}-{code[4:]}", f" {code[:2]} {code[2:]}\t"):
            found = find_room(tmp_path, typed)
            assert found is not None, typed
            assert found[0] == review
            assert found[1].review == name
            assert found[1].code == code


def test_any_other_code_finds_nothing(tmp_path):
    _open_rooms(tmp_path)
    for typed in (
        "",
        " ",
        "-",
        "4821739",
        "48217391",
        "482173900",
        "048217390",
        "4821 73900",
        "48217390 1",
        "1111222",
        "1111 2222 3",
        "4821",
        "7390",
        "abcdefgh",
        "48217390\n",
        "４８２１７３９０",
        "4821\udcff7390",
        "\udcff",
    ):  # a code passed on a command line may hold undecodable bytes
        assert find_room(tmp_path, typed) is None, typed
    assert find_room(tmp_path / "nowhere", "48217390") is None


def test_a_closed_room_is_not_found(tmp_path):
    rooms = _open_rooms(tmp_path)
    review, _ = rooms["48217390"]
    close_room(review)
    assert find_room(tmp_path, "48217390") is None
    closed = read_room(review)
    assert closed is not None
    assert not closed.open
    assert closed.timer_ends is None
    assert find_room(tmp_path, "90817263")[0] == rooms["90817263"][0]  # the others stay open
    write_room(review, replace(closed, open=True))
    assert find_room(tmp_path, "48217390")[0] == review


@pytest.fixture(scope="module")
def store_with_rooms(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    _open_rooms(root)
    return root


@given(st.text(st.characters(), max_size=12) | st.from_regex(r"[0-9 -]{0,12}", fullmatch=True))
@settings(max_examples=300)
def test_no_string_but_a_code_opens_a_room(store_with_rooms, typed):
    assume(clean_code(typed) not in {"48217390", "11112222", "90817263", "00000001"})
    assert find_room(store_with_rooms, typed) is None


# -- seats ------------------------------------------------------------------------


def test_a_pin_and_a_token_are_kept_as_salted_digests_that_only_they_match():
    pin, token = new_pin(), new_token()
    assert len(pin) == 6
    assert pin.isdigit()
    assert len(token) >= 40
    first, second = pin_digest(pin), pin_digest(pin)
    assert first != second  # salted: the same PIN twice is two different digests
    assert pin not in first
    assert matches(first, pin)
    assert matches(second, f"{pin[:3]} {pin[3:]}")
    assert not matches(first, "x" + pin[1:])
    kept = token_digest(token)
    assert token not in kept
    assert matches(kept, token)
    assert not matches(kept, new_token())
    assert not matches(kept, pin)
    assert not matches(first, token)


@pytest.mark.parametrize(
    "digest",
    [
        "",
        "0" * 64,  # a plain digest: no salt, no scheme
        "pbkdf2-sha256$notanumber$00$00",
        "pbkdf2-sha256$100000000$00$00",  # a file cannot make one check take minutes
        "sha256$zz$00",
        "md5$00$00",
    ],
)
def test_a_digest_in_any_other_form_matches_nothing(digest):
    assert not matches(digest, "123456")


# -- anonymous answers ---------------------------------------------------------------


def _answerer(review: str, participant: str, sender: int, count: int, go) -> None:
    go.wait()
    for n in range(count):
        send_response(Path(review), "audit", {"q1": str(sender * 1000 + n), "q2": "agree"})
        write_own(Path(review), participant, Own(answered=["audit"]))


def test_answers_sent_at_once_are_each_taken_exactly_once(tmp_path):
    review = review_path(tmp_path)
    senders, count = 6, 25
    go = ctx.Event()
    workers = [ctx.Process(target=_answerer, args=(str(review), f"p{k}", k, count, go)) for k in range(1, senders + 1)]
    for w in workers:
        w.start()
    go.set()
    taken: list[str] = []
    rounds = 0

    def take_once() -> None:
        responses = take_responses(review)
        assert responses.problems == []  # never a torn file
        assert set(responses.by_tool) <= {"audit"}
        answers = responses.by_tool.get("audit", [])
        assert all(set(a) == {"q1", "q2"} and a["q2"] == "agree" for a in answers)
        assert len(responses.paths) == len(answers)
        for path in responses.paths:  # named by chance, and holding no one's id
            assert re.fullmatch(r"[0-9a-f]{16}\.toml", path.name)
            body = path.read_text()
            assert not re.search(r"\bp[0-9]\b", body)
            assert "participant" not in body
        taken.extend(a["q1"] for a in answers)
        responses.discard()

    while any(w.is_alive() for w in workers):
        take_once()
        rounds += 1
    for w in workers:
        w.join()
        assert w.exitcode == 0
    take_once()
    counted = Counter(taken)
    assert counted == Counter(str(k * 1000 + n) for k in range(1, senders + 1) for n in range(count))
    assert [p.name for p in (room_folder(review) / "responses").iterdir()] == []  # nothing left, no temporary files
    assert rounds > 1
    assert read_own(review, "p1").answered == ["audit"]


def test_answers_stay_until_the_review_holding_them_is_saved(tmp_path):
    review = review_path(tmp_path)
    assert take_responses(review).by_tool == {}  # no room folder yet
    for n in range(3):
        send_response(review, "audit", {"q1": str(n)})
    send_response(review, "ties", {"school": "Kestrel"})
    first = take_responses(review)
    assert sorted(a["q1"] for a in first.by_tool["audit"]) == ["0", "1", "2"]
    assert first.by_tool["ties"] == [{"school": "Kestrel"}]
    assert all(p.exists() for p in first.paths)
    assert len(first.paths) == 4
    again = take_responses(review)  # the save failed: nothing is lost
    assert sorted(map(str, again.paths)) == sorted(map(str, first.paths))
    assert take_responses(review, skip=set(first.paths)).paths == []  # counted already, not yet saved
    send_response(review, "audit", {"q1": "3"})
    later = take_responses(review, skip=set(first.paths))
    assert later.by_tool == {"audit": [{"q1": "3"}]}
    assert len(later.paths) == 1
    first.discard()
    assert take_responses(review).paths == later.paths
    later.discard()
    assert take_responses(review).paths == []
    first.discard()  # discarding twice is harmless


def test_a_damaged_answer_is_named_and_left_where_it_is(tmp_path):
    review = review_path(tmp_path)
    send_response(review, "audit", {"q1": "4"})
    folder = room_folder(review) / "responses"
    damaged = {
        "torn.toml": b'tool = "audit"\nanswers = {q1 = ',
        "binary.toml": b"\xff\xfe\x00\x01",
        "no-answers.toml": b'tool = "audit"\n',
        "no-tool.toml": b'answers = {q1 = "2"}\n',
        "flat.toml": b'tool = "audit"\nanswers = "all of them"\n',
    }
    for name, body in damaged.items():
        (folder / name).write_bytes(body)
    responses = take_responses(review)
    assert responses.by_tool == {"audit": [{"q1": "4"}]}
    named = sorted(Path(p.source).name for p in responses.problems)
    assert named == sorted(damaged)
    assert all(p.name not in damaged for p in responses.paths)
    responses.discard()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == damaged


# -- the countdown ------------------------------------------------------------------


def test_clock_words_round_up_so_zero_means_time_is_up():
    assert clock_words(0) == "0:00"
    assert clock_words(0.0) == "0:00"
    assert clock_words(0.2) == "0:01"
    assert clock_words(1) == "0:01"
    assert clock_words(59.01) == "1:00"
    assert clock_words(65) == "1:05"
    assert clock_words(600) == "10:00"
    assert clock_words(3599.5) == "60:00"


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_clock_words_are_the_seconds_rounded_up(seconds):
    minutes, secs = re.fullmatch(r"([0-9]+):([0-5][0-9])", clock_words(seconds)).groups()
    whole = int(minutes) * 60 + int(secs)
    assert whole - 1 < seconds <= whole or seconds == whole == 0


def test_a_countdown_runs_pauses_and_runs_out():
    c = Countdown.start(300, now=1000)
    assert c.set
    assert c.running
    assert c.remaining(1000) == 300
    assert clock_words(c.remaining(1000.5)) == "5:00"
    c = c.pause(1100)
    assert not c.running
    assert c.remaining(5000) == 200
    c = c.toggle(2000)
    assert c.running
    assert c.remaining(2050) == 150
    assert c.up(2200)
    assert c.remaining(9999) == 0
    assert c.extend(60, 3000).remaining(3000) == 60  # ran out: starts again from now
    assert not Countdown().set
    assert not Countdown().up(0)
    assert Countdown().toggle(5) == Countdown()
    assert Countdown.start(-5, now=10).up(10)


EPS = 1e-5
steps = st.lists(
    st.one_of(
        st.tuples(st.just("start"), st.floats(min_value=0, max_value=7200, allow_nan=False)),
        st.tuples(st.just("extend"), st.floats(min_value=0, max_value=3600, allow_nan=False)),
        st.tuples(st.just("advance"), st.floats(min_value=0, max_value=5000, allow_nan=False)),
        st.tuples(st.sampled_from(["pause", "resume", "toggle"]), st.none()),
    ),
    max_size=30,
)


@given(st.floats(min_value=0, max_value=2e9, allow_nan=False), steps)
@settings(max_examples=300)
def test_the_countdown_keeps_its_promises(start_at, ops):
    now = start_at
    c = Countdown()
    budget = 0.0  # seconds set, plus every extension since
    for op, arg in ops:
        before = c.remaining(now)
        if op == "start":
            c, budget = Countdown.start(arg, now), arg
            assert c.running
            assert c.remaining(now) == pytest.approx(arg, abs=EPS)
        elif op == "extend":
            was_up = c.up(now)
            was_running = c.running
            c, budget = c.extend(arg, now), budget + arg
            expected = arg if was_up else before + arg
            assert c.remaining(now) == pytest.approx(expected, abs=EPS)
            assert c.running == was_running
        elif op == "advance":
            later = now + arg
            if c.running:
                assert c.remaining(later) == pytest.approx(max(0.0, before - arg), abs=EPS)
            else:  # paused or unset: the clock moving changes nothing
                assert c.remaining(later) == before
            now = later
        else:
            was_running, was_set = c.running, c.set
            c = getattr(c, op)(now)
            assert c.remaining(now) == pytest.approx(before, abs=EPS)  # pausing and resuming lose no time
            assert c.set == was_set
            if was_set:
                assert c.running == {"pause": False, "resume": True, "toggle": not was_running}[op]
        left = c.remaining(now)
        assert 0 <= left <= budget + 1e-3
        assert c.up(now) == (c.set and left == 0)


def test_an_anonymous_room_never_shows_a_school_of_one():
    from maturitytui.model.session import Facilitation
    from maturitytui.room.facilitation import POOLED, by_school, new_participants

    people = new_participants(
        ["a", "b", "c", "d"], ["Harbourside", "Harbourside", "Kestrel", "Orchard"], anonymous=True
    )
    f = Facilitation(
        anonymous=True,
        participants=people,
        ratings={"strand:jpd": {"p1": "Leading", "p2": "Leading", "p3": "Beginning", "p4": "Embedding"}},
    )
    schools = by_school(f, "strand:jpd")
    assert list(schools) == ["Harbourside", POOLED]
    assert schools[POOLED].rated == 2
    assert schools[POOLED].counts["Beginning"] == 1
    alone = Facilitation(anonymous=True, participants=people[:3], ratings=f.ratings)
    # Kestrel's one person would be the whole room less Harbourside: no school-by-school view at all.
    assert by_school(alone, "strand:jpd") == {}
    named = Facilitation(
        participants=new_participants(["a", "b", "c"], ["H", "H", "K"], anonymous=False), ratings=f.ratings
    )
    assert list(by_school(named, "strand:jpd")) == ["H", "K"]


def test_a_look_at_the_room_parses_only_the_files_that_changed(tmp_path, monkeypatch):
    import maturitytui.room.files as room_module
    from maturitytui.room.files import collect

    review = tmp_path / "2026-11-22-abc.toml"
    for n in range(1, 6):
        write_own(review, f"p{n}", Own({"strand:jpd": "Developing"}))
    cache: dict = {}
    parsed = []
    real = room_module.read_toml
    monkeypatch.setattr(room_module, "read_toml", lambda path, error: parsed.append(path.name) or real(path, error))
    found, _ = collect(review, cache)
    assert len(found) == 5
    assert len(parsed) == 5
    parsed.clear()
    write_own(review, "p3", Own({"strand:jpd": "Leading"}))
    found, _ = collect(review, cache)
    assert parsed == ["p3.toml"]
    assert found["p3"] == {"strand:jpd": "Leading"}
    assert found["p1"] == {"strand:jpd": "Developing"}


def test_rows_and_cells_follow_the_rubrics_grid_size():
    from maturitytui.room.facilitation import RowError, new_participants, parse_row

    people = new_participants(["a", "b", "c"], [], anonymous=False)
    assert parse_row("32 8:8 -", "grid:current", people, grid_size=8) == {"p1": "3,2", "p2": "8,8", "p3": None}
    assert parse_row("10:3 12:12 11", "grid:target", people, grid_size=12) == {"p1": "10,3", "p2": "12,12", "p3": "1,1"}
    with pytest.raises(RowError, match="'77' for b is not a cell: type the row \\(1–6"):
        parse_row("11 77 -", "grid:current", people)
