"""Hypothesis strategies for sessions: anything a user could type, any valid answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

from maturitytui.model.rubric import STAGES
from maturitytui.model.session import (
    CRITERION_RATINGS,
    Action,
    Cell,
    CriterionAnswer,
    Facilitation,
    GridAnswer,
    Participant,
    RubricRef,
    Session,
    StrandAnswer,
    StrandRef,
)

# Text as a person might type it: any printable or control character except
# lone surrogates, which no keyboard produces and UTF-8 cannot hold.
typed = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
names = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,11}", fullmatch=True)
# Mostly the built-in rubric's strands, so two sessions share strands and can move up, down or stay;
# sometimes an id no rubric has.
strand_ids = st.sampled_from(["jpd", "mc", "tid", "dsi", "fg", "hsc", "cmp", "ec", "ai", "ce", "di", "aa"]) | ids
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
cells = st.builds(Cell, integration=st.integers(1, 6), nature=st.integers(1, 6))

actions = st.builds(
    Action,
    text=typed,
    owner=typed,
    due=st.none() | days,
    status=st.sampled_from(["open", "in_progress", "done", "dropped"]),
    note=typed,
    carried_from=st.just("") | ids,
    agreed=st.none() | days,
    was=st.none() | st.sampled_from(["open", "in_progress"]),
)
strand_refs = st.builds(StrandRef, id=strand_ids, title=names, dimension=names)


@st.composite
def strand_answers(draw):
    na = draw(st.integers(0, 4)) == 0  # now and then: most strands get a stage, so reviews can move
    return StrandAnswer(
        stage=None if na else draw(st.none() | st.sampled_from(STAGES)),
        not_applicable=na,
        na_reason=draw(typed),
        evidence=draw(typed),
        actions=draw(st.lists(actions, max_size=3)),
        focus=draw(st.booleans()),
    )


ratings = st.none() | st.sampled_from(CRITERION_RATINGS)


@st.composite
def sessions(draw):
    created = draw(moments)
    return Session(
        id=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,30}", fullmatch=True)),
        partnership=draw(names),
        schools=draw(st.lists(names, max_size=4)),
        participants=draw(st.lists(names, max_size=4)),
        review_date=draw(days),
        created=created,
        updated=created + timedelta(seconds=draw(st.integers(0, 10**7))),
        status=draw(st.sampled_from(["in_progress", "complete"])),
        position=draw(st.sampled_from(["start", "grid", "criteria", "summary"]) | ids.map("strand:{}".format)),
        rubric=RubricRef(
            id="hargreaves-2012",
            version="2012.1",
            hash="sha256:0",
            plugins=draw(st.lists(ids, max_size=3)),
            strands=draw(st.just([]) | st.lists(strand_refs, max_size=4)),
        ),
        grid=GridAnswer(current=draw(st.none() | cells), target=draw(st.none() | cells), note=draw(typed)),
        strands=draw(st.dictionaries(strand_ids, strand_answers(), max_size=5)),
        criteria=draw(
            st.dictionaries(ids, st.builds(CriterionAnswer, within=ratings, between=ratings, note=typed), max_size=4)
        ),
        facilitation=draw(st.none() | facilitations()),
    )


@st.composite
def facilitations(draw):
    anonymous = draw(st.booleans())
    people = [
        Participant(id=f"p{n}", name="" if anonymous else draw(typed), school=draw(typed))
        for n in range(1, draw(st.integers(0, 4)) + 1)
    ]
    keys = st.sampled_from(["grid:current", "strand:jpd", "criterion:jpd-established:within"])
    return Facilitation(
        anonymous=anonymous,
        participants=people,
        ratings=draw(
            st.dictionaries(
                keys,
                st.dictionaries(st.sampled_from([p.id for p in people] or ["p1"]), st.sampled_from(STAGES)),
                max_size=3,
            )
        ),
        reasons=draw(st.dictionaries(keys, typed, max_size=2)),
        revealed=draw(st.lists(keys, unique=True, max_size=3)),
    )


# -- text made to take over a terminal ------------------------------------------------------------------------

CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c != 0x0A]
"""Every C0 control but the line break, DEL, and every C1 control."""
SEQUENCES = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;owned\x07",  # set the window's title
    "\x1b]52;c;aGkgdGhlcmU=\x07",  # write the clipboard
    "\x9b2J",  # the same as ESC [, in one C1 character
    "\x1bP+q544e\x1b\\",  # ask the terminal a question it answers as if typed
]
EVERY_CONTROL = "Hill " + "".join(CONTROLS) + "".join(SEQUENCES) + " Trust"
"""Every control character and every sequence at once: each run tries them all, whatever is generated."""


def hostile_text(letters: str, max_size: int) -> st.SearchStrategy[str]:
    """Words of ``letters`` with at least one control character or escape sequence somewhere in them."""
    words = st.text(st.sampled_from(letters), max_size=max_size)
    controls = st.sampled_from(CONTROLS) | st.sampled_from(SEQUENCES) | st.text(st.sampled_from(CONTROLS), min_size=2)
    return st.builds("".join, st.tuples(words, controls, words))
