"""Copies of a review, and resolving one back into its review.

When one review is changed on two machines before either is shared, sync keeps
the version shared first as the review and writes the other beside it as a
copy: a review file of its own whose ``copy_of`` names the review. A sync
client's copy (``synced_copies.py``) is one too, known by its name. Resolving
compares the two item by item (``differences``) and saves one review made of
the items chosen from each (``resolve``); only then is the copy removed, so
nothing is lost on the way.

An item is a whole answer, never a part of one: a strand's stage, evidence and
next steps were written together and are kept together.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.session import (
    CopyNote,
    CriterionAnswer,
    Facilitation,
    GridAnswer,
    Session,
    StrandAnswer,
    ToolAnswer,
)
from maturitytui.model.steps import Step, step_title
from maturitytui.model.words import counted, day
from maturitytui.store.locks import SessionLock, SessionLocked
from maturitytui.store.portable import portable_name
from maturitytui.store.synced_copies import copy_note

if TYPE_CHECKING:
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.session import Cell
    from maturitytui.store.session_store import SessionStore

Choice = Literal["review", "copy"]

GRID = "grid"
FACILITATION = "facilitation"
ABOUT = "about"
"""The keys of the items a review has once; a strand, criterion or tool is ``strand:<id>``, ``criterion:<id>``,
``tool:<id>``."""

ABOUT_FIELDS = ("partnership", "by_school", "status", "position", "participants", "schools", "review_date")
"""What "about the review" covers: who took part, which day, how far it got."""

_ANSWER_FIELDS = {"strand": "strands", "criterion": "criteria", "tool": "tools"}
"""Each kind of item kept by id, and the session field that holds them."""


@dataclass(frozen=True)
class Difference:
    """One item the review and its copy answer differently."""

    key: str
    """Which item: ``grid``, ``strand:<id>``, ``criterion:<id>``, ``tool:<id>``, ``facilitation`` or ``about``."""
    label: str
    """Its name for a reader: the strand's, criterion's or tool's title where known, else its id."""
    review: str
    """The review's answer, in short words ("Developing; 2 next steps; evidence 140 characters")."""
    copy: str
    """The copy's answer, in the same words."""


@dataclass(frozen=True)
class Pair:
    """A copy, and the review it is a copy of."""

    copy_path: Path
    copy: Session
    note: CopyNote
    """Where the copy came from: the one it carries, or one made from the name a sync client gave it."""
    review_path: Path
    """Where the review is, or is to be written again if it is gone."""
    review: Session | None
    """None when the review is no longer in the store: resolving makes the copy the review."""


def pair(store: SessionStore, copy_path: Path) -> Pair:
    """The copy at ``copy_path`` and its review (in the same folder); SessionError if either cannot be read."""
    copy_path = Path(copy_path)
    copy = store.load(copy_path)
    note = copy_note(copy_path, copy)
    if note is None:
        raise SessionError(
            [Problem(str(copy_path), "", "is a review, not a copy of one", "only a copy can be resolved")]
        )
    review_path = _review_path(store, copy_path, note.review)
    review = store.load(review_path) if review_path.exists() else None
    return Pair(copy_path, copy, note, review_path, review)


def _review_path(store: SessionStore, copy_path: Path, review_id: str) -> Path:
    named = copy_path.with_name(f"{portable_name(review_id)}.toml")
    if named.exists():
        return named
    # A review is saved under its id; one renamed by hand is still found by the id inside it.
    for candidate in sorted(copy_path.parent.glob("*.toml")):
        if candidate == copy_path:
            continue
        with contextlib.suppress(SessionError, OSError):
            found = store.load(candidate)
            if found.id == review_id and copy_note(candidate, found) is None:
                return candidate
    return named


def as_copy(data: dict[str, object], source: str, made: date, tag: str) -> dict[str, object]:
    """A review's data (``session_to_data``) as a copy of it: an id of its own (the review's, ``-copy-`` and
    ``tag``), and a ``copy_of`` note naming the review, whose machine it is from and the day."""
    review = str(data["id"])
    note = CopyNote(review=review, source=source, made=made)
    return {**data, "id": f"{review[:70]}-copy-{tag}", "copy_of": note.model_dump(mode="python")}


# -- what differs ---------------------------------------------------------


@dataclass(frozen=True)
class _Facet:
    """One part of an answer, in words: compared on its value, so text of the same length still differs."""

    value: object
    words: str
    """What it is, or empty when it has none."""
    absent: str = ""
    """What is said when it has none, where the other side has one."""
    quiet: bool = False
    """Said only where the two sides differ (a name both share goes without saying)."""


def differences(review: Session, copy: Session, rubric: Rubric | None = None) -> list[Difference]:
    """The items ``review`` and ``copy`` answer differently, in rubric order where ``rubric`` is given.

    The grid, then each strand, criterion and tool, the room's record, and last "about the review". Without a
    rubric, strands are named and ordered as the review's own record of its rubric has them.
    """
    found: list[Difference] = []

    def add(key: str, label: str, sides: tuple[str, str]) -> None:
        found.append(Difference(key, label, *sides))

    if review.grid != copy.grid:
        add(GRID, "Partnership grid", _side_by_side(_grid_facets(review.grid), _grid_facets(copy.grid)))

    # The rubric's titles first; a strand it lacks is named as the review (or else the copy) recorded it.
    titles = {ref.id: ref.title for s in (copy, review) for ref in s.rubric.strands}
    titles.update({s.id: s.title for s in rubric.strands()} if rubric else {})
    strand_order = [s.id for s in rubric.strands()] if rubric else []
    strand_order += [ref.id for s in (review, copy) for ref in s.rubric.strands]
    for sid in _ordered(strand_order, review.strands, copy.strands):
        mine, theirs = review.strands.get(sid, StrandAnswer()), copy.strands.get(sid, StrandAnswer())
        if mine != theirs:
            add(Step.strand(sid), titles.get(sid, sid), _side_by_side(_strand_facets(mine), _strand_facets(theirs)))

    criteria = {c.id: c.title for c in rubric.criteria} if rubric else {}
    for cid in _ordered(list(criteria), review.criteria, copy.criteria):
        mine_c, theirs_c = review.criteria.get(cid, CriterionAnswer()), copy.criteria.get(cid, CriterionAnswer())
        if mine_c != theirs_c:
            label = f"Criterion: {criteria.get(cid, cid)}"  # a criterion is often named as its strand is
            add(f"criterion:{cid}", label, _side_by_side(_criterion_facets(mine_c), _criterion_facets(theirs_c)))

    tools = {t.id: t.title for t in rubric.tools()} if rubric else {}
    for tid in _ordered(list(tools), review.tools, copy.tools):
        mine_t, theirs_t = review.tools.get(tid, ToolAnswer()), copy.tools.get(tid, ToolAnswer())
        if mine_t != theirs_t:
            add(Step.tool(tid), tools.get(tid, tid), _side_by_side(_tool_facets(mine_t), _tool_facets(theirs_t)))

    if review.facilitation != copy.facilitation:
        sides = _side_by_side(_room_facets(review.facilitation), _room_facets(copy.facilitation))
        add(FACILITATION, "The room's ratings", sides)

    if _about(review) != _about(copy):
        add(ABOUT, "About the review", _side_by_side(_about_facets(review, rubric), _about_facets(copy, rubric)))
    return found


def _ordered(known: Iterable[str], *answered: Mapping[str, object]) -> list[str]:
    """Every id answered on either side: those ``known`` in that order first, then the rest as each side has them."""
    present = {key for answers in answered for key in answers}
    order = dict.fromkeys(k for k in known if k in present)
    for answers in answered:
        order.update(dict.fromkeys(answers))
    return list(order)


def _side_by_side(mine: list[_Facet] | str, theirs: list[_Facet] | str) -> tuple[str, str]:
    """Each side's words, what differs first: a table cut short still shows why the row is there.

    A side given as a string has no answer at all and says so. Where a part's words are the same on both sides
    but its value is not, text (evidence of the same length) is quoted from where the two first differ, and
    anything else (other next steps, as many) is marked "(differs)".
    """
    if isinstance(mine, str) or isinstance(theirs, str):
        return (
            mine if isinstance(mine, str) else _said(mine),
            theirs if isinstance(theirs, str) else _said(theirs),
        )
    differ = [a.value != b.value for a, b in zip(mine, theirs, strict=True)]
    reworded = [d and a.words == b.words for d, a, b in zip(differ, mine, theirs, strict=True)]

    def say(side: list[_Facet], other: list[_Facet]) -> str:
        first = [
            _told_apart(f, o) if same_words else f.words or f.absent
            for f, o, d, same_words in zip(side, other, differ, reworded, strict=True)
            if d
        ]
        rest = [f for f, d in zip(side, differ, strict=True) if not d]
        return "; ".join(first + [f.words for f in rest if f.words and not f.quiet])

    return say(mine, theirs), say(theirs, mine)


EXCERPT = 24
"""How much of a text is quoted to tell it from the other side's."""


def _told_apart(facet: _Facet, other: _Facet) -> str:
    if not (isinstance(facet.value, str) and isinstance(other.value, str)):
        return f"{facet.words} (differs)"
    text = " ".join(facet.value.split())  # one line, for a table's cell
    other_text = " ".join(other.value.split())
    start = next(
        (i for i, (a, b) in enumerate(zip(text, other_text, strict=False)) if a != b), min(len(text), len(other_text))
    )
    start = max(start - 4, 0)  # a little of what leads up to it
    quoted = ("…" if start else "") + text[start : start + EXCERPT] + ("…" if start + EXCERPT < len(text) else "")
    return f'{facet.words}: "{quoted}"'


def _said(facets: list[_Facet]) -> str:
    return "; ".join(f.words for f in facets if f.words and not f.quiet)


def _if(present: object, words: str) -> str:
    return words if present else ""


def _chars(n: int) -> str:
    return counted(n, "character")


def _cell(cell: Cell | None) -> str:
    return f"({cell.integration}, {cell.nature})" if cell else "not marked"


def _grid_facets(grid: GridAnswer) -> list[_Facet] | str:
    if grid == GridAnswer():
        return "not marked"
    return [
        _Facet(grid.current, _if(grid.current, f"now {_cell(grid.current)}"), "now not marked"),
        _Facet(grid.target, _if(grid.target, f"target {_cell(grid.target)}"), "no target"),
        _Facet(grid.note, _if(grid.note, f"note {_chars(len(grid.note))}"), "no note"),
    ]


def _strand_facets(answer: StrandAnswer) -> list[_Facet] | str:
    if answer == StrandAnswer():
        return "not answered"
    if answer.not_applicable:
        stage = "not applicable" + (f" (reason {_chars(len(answer.na_reason))})" if answer.na_reason else "")
    else:
        stage = answer.stage or "no stage"
    done = sum(1 for a in answer.actions if a.status == "done")
    steps = counted(len(answer.actions), "next step") + (f" ({done} done)" if done else "")
    return [
        _Facet((answer.stage, answer.not_applicable, answer.na_reason), stage),
        _Facet(answer.actions, _if(answer.actions, steps), "no next steps"),
        _Facet(answer.evidence, _if(answer.evidence, f"evidence {_chars(len(answer.evidence))}"), "no evidence"),
        _Facet(answer.focus, _if(answer.focus, "a focus"), "not a focus"),
    ]


def _rating(value: str | None) -> str:
    return value.replace("_", " ") if value else "not rated"


def _criterion_facets(answer: CriterionAnswer) -> list[_Facet] | str:
    if answer == CriterionAnswer():
        return "not rated"
    return [
        _Facet(answer.within, f"within {_rating(answer.within)}"),
        _Facet(answer.between, f"between {_rating(answer.between)}"),
        _Facet(answer.note, _if(answer.note, f"note {_chars(len(answer.note))}"), "no note"),
    ]


def _tool_facets(answer: ToolAnswer) -> list[_Facet] | str:
    if answer == ToolAnswer():
        return "not answered"
    ties = ", ".join(answer.ties[k] for k in ("strength", "reach") if k in answer.ties)
    tally, pending = answer.tally.people, answer.pending.people
    return [
        _Facet(answer.skipped, _if(answer.skipped, "skipped"), "not skipped"),
        _Facet(answer.tally, _if(tally, counted(tally, "answer")), "no answers"),
        _Facet(answer.pending, _if(pending, f"{pending} in an open round"), "no open round"),
        _Facet(answer.checks, _if(answer.checks, counted(len(answer.checks), "point") + " checked"), "none checked"),
        _Facet(answer.prompts, _if(answer.prompts, counted(len(answer.prompts), "school") + " wrote"), "no prompts"),
        _Facet(answer.ties, ties, "no ties"),
        _Facet(answer.note, _if(answer.note, f"note {_chars(len(answer.note))}"), "no note"),
    ]


def _room_facets(record: Facilitation | None) -> list[_Facet] | str:
    if record is None:
        return "no room"
    ratings = sum(len(by_person) for by_person in record.ratings.values())
    people = counted(len(record.participants), "person", "people") + _if(record.anonymous, ", anonymous")
    return [
        _Facet((record.participants, record.anonymous), people),
        _Facet(record.ratings, counted(ratings, "rating")),
        _Facet(record.reasons, _if(record.reasons, counted(len(record.reasons), "reason")), "no reasons"),
        _Facet(record.revealed, _if(record.revealed, f"{len(record.revealed)} shown early"), "none shown early"),
    ]


def _about(session: Session) -> tuple[object, ...]:
    return tuple(getattr(session, name) for name in ABOUT_FIELDS)


def _about_facets(session: Session, rubric: Rubric | None) -> list[_Facet]:
    if session.status == "complete":
        state = "finished"
    else:
        step = Step.parse(session.position)
        where = session.position
        if step is not None and rubric is not None:
            with contextlib.suppress(KeyError):  # a strand or tool this rubric lacks: its id says where
                where = step_title(rubric, step)
        state = f"unfinished, at {where}"
    return [
        _Facet((session.status, session.position), state),
        _Facet(session.review_date, day(session.review_date)),
        _Facet(session.participants, counted(len(session.participants), "person", "people")),
        _Facet(session.schools, counted(len(session.schools), "school")),
        _Facet(session.partnership, f"named {session.partnership}", quiet=True),
        _Facet(
            session.by_school,
            _if(session.by_school, f"{session.by_school}'s view"),
            "the whole partnership's view",
            quiet=True,
        ),
    ]


# -- resolving ------------------------------------------------------------


def merged(review: Session, copy: Session, keep: Mapping[str, Choice]) -> Session:
    """The review with the items ``keep`` maps to "copy" taken from the copy; its own id, no longer a copy.

    An item the copy has no answer for is taken as no answer. Keys that name no kind of item raise ValueError.
    """
    data = review.model_dump()
    theirs = copy.model_dump()
    for key, choice in keep.items():
        if choice != "copy":
            continue
        kind, _, ident = key.partition(":")
        if key in (GRID, FACILITATION):
            data[key] = theirs[key]
        elif key == ABOUT:
            data.update({name: theirs[name] for name in ABOUT_FIELDS})
        elif kind in _ANSWER_FIELDS and ident:
            answers = data[_ANSWER_FIELDS[kind]]
            if ident in theirs[_ANSWER_FIELDS[kind]]:
                answers[ident] = theirs[_ANSWER_FIELDS[kind]][ident]
            else:
                answers.pop(ident, None)
        else:
            raise ValueError(f"{key!r} names no part of a review")
    data["copy_of"] = None
    return Session.model_validate(data)


def restored(copy: Session) -> Session:
    """The copy as the review itself, for when the review is gone: the review's id, no longer a copy."""
    if copy.copy_of is None:
        return copy
    return Session.model_validate({**copy.model_dump(), "id": copy.copy_of.review, "copy_of": None})


def resolve(store: SessionStore, copy_path: Path, keep: Mapping[str, Choice]) -> Path:
    """Make the copy at ``copy_path`` and its review one review again; return the review's path.

    The review keeps its answers but for the items ``keep`` maps to "copy", which come from the copy (see
    ``merged``); if the review is gone, the copy becomes it. Both files are locked while this is done
    (``SessionLocked`` if either is open elsewhere, with nothing changed) and read again under the locks; the
    merged review is saved atomically before the copy is removed, so an error at any point loses nothing.
    """
    copy_path = Path(copy_path)
    found = pair(store, copy_path)
    with contextlib.ExitStack() as held:
        for path in (found.copy_path, found.review_path):
            try:
                held.enter_context(SessionLock(path, remove_on_release=True))
            except SessionLocked as exc:
                # Reading it there does not help here: both must be closed to be made one.
                raise SessionLocked(
                    [replace(p, fix="close it there first, then resolve the copy") for p in exc.problems]
                ) from None
        now = pair(store, copy_path)  # either may have changed since it was shown
        if now.review_path != found.review_path:
            raise SessionError(
                [Problem(str(copy_path), "", "its review was moved while it was being resolved", "try again")]
            )
        try:
            review = restored(now.copy) if now.review is None else merged(now.review, now.copy, keep)
        except ValueError as exc:  # pydantic's ValidationError is one: each side is valid, but never crash on it
            raise SessionError(
                [Problem(str(copy_path), "", f"the answers chosen do not make one review ({exc})", "keep one whole")]
            ) from None
        saved = store.save(review, now.review_path)
        try:
            copy_path.unlink()
        except FileNotFoundError:
            pass  # removed meanwhile: what was wanted
        except OSError as exc:
            raise SessionError(
                [
                    Problem(
                        str(copy_path),
                        "",
                        f"the review is saved, but the copy could not be removed ({exc.strerror or exc})",
                        "remove the copy's file by hand: everything chosen from it is in the review",
                    )
                ]
            ) from None
    return saved


def kept_words(found: list[Difference], keep: Mapping[str, Choice], *, review_gone: bool = False) -> str:
    """What resolving kept, in a sentence for the person who chose."""
    if review_gone:
        return "The copy is now the review: the review it was a copy of was no longer in the store."
    if not found:
        return "The copy held the same answers as the review, so it is removed."
    taken = [d.label for d in found if keep.get(d.key) == "copy"]
    if not taken:
        return "Kept the review as it was; the copy is removed."
    if len(taken) == len(found):
        return "Kept the copy's answers in the review; the copy is removed."
    named = ", ".join(taken[:3]) + (f" and {len(taken) - 3} more" if len(taken) > 3 else "")
    return (
        f"Merged: {counted(len(taken), 'item')} from the copy ({named}), the rest from the review; the copy is removed."
    )
