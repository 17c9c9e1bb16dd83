"""Every partnership in a store at a glance: where each is now, and which way it has moved.

Worked from the index's summaries, so a store of thousands of reviews is
listed without reading a single review file. Partnerships are listed by
name, never ranked: each is travelling its own road.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from maturitytui.analysis.compare import strand_movement
from maturitytui.analysis.history import DOWN, RECAST, SAME, UP
from maturitytui.analysis.review import direction
from maturitytui.analysis.words import day
from maturitytui.model.rubric import STAGES
from maturitytui.model.session import Cell
from maturitytui.model.session_format import NOT_APPLICABLE
from maturitytui.store.index import Catalogue, Listing, PartnershipRow, SessionSummary


@dataclass(frozen=True)
class PartnershipGlance:
    """One partnership's latest review, and how it moved since the one before."""

    partnership: str
    reviews: int
    latest: SessionSummary
    """The latest finished review, or the latest of any if none is finished."""
    previous: SessionSummary | None
    """The finished review before ``latest``."""
    unfinished: int

    def stage_counts(self) -> dict[str, int]:
        """How many strands are at each stage (and not applicable) in the latest review."""
        counts = Counter(self.latest.stages.values())
        return {name: counts.get(name, 0) for name in (*STAGES, NOT_APPLICABLE)}

    def moves(self) -> dict[str, int]:
        """Strands up, down and the same since the previous review (only strands staged in both), and those
        whose stage descriptors changed between the two, which are not compared."""
        result = {UP: 0, DOWN: 0, SAME: 0, RECAST: 0}
        if self.previous is None:
            return result
        before, now = self.previous.descriptors, self.latest.descriptors
        for strand_id, mark in self.latest.stages.items():
            movement = strand_movement(self.previous.stages.get(strand_id), mark)
            then, since = before.get(strand_id), now.get(strand_id)
            if movement in (UP, DOWN, SAME) and then and since and then != since:
                movement = RECAST  # the same stage names, meaning other things: not a rise or a fall
            if movement in result:
                result[movement] += 1
        return result

    def grid_words(self) -> str:
        now, then = self.latest.grid_current, self.previous.grid_current if self.previous else None
        if now is None:
            return "grid not marked"
        where = f"{now[0]},{now[1]}"
        if then is None:
            return where
        if then == now:
            return f"{where} (same cell)"
        moved = direction(Cell(integration=then[0], nature=then[1]), Cell(integration=now[0], nature=now[1]))
        return f"{where} ({moved.replace(' and ', ', ')})"

    def direction_words(self) -> str:
        if self.previous is None:
            return "first review"
        m = self.moves()
        recast = f", {m[RECAST]} descriptors changed" if m[RECAST] else ""
        return f"{m[UP]} up, {m[DOWN]} back, {m[SAME]} same{recast} since {day(self.previous.review_date)}"


def glance(summaries: Iterable[SessionSummary]) -> PartnershipGlance:
    ordered = list(summaries)  # the catalogue keeps each partnership's reviews in date order
    finished = [s for s in ordered if s.status == "complete"]
    latest = finished[-1] if finished else ordered[-1]
    previous = finished[-2] if len(finished) >= 2 else None
    return PartnershipGlance(
        latest.partnership, len(ordered), latest, previous, sum(1 for s in ordered if s.status != "complete")
    )


def alliance(catalogue: Catalogue) -> list[PartnershipGlance]:
    """Every partnership in the store, by name."""
    return [glance(items) for items in catalogue.partnerships().values()]


def row_glance(row: PartnershipRow) -> PartnershipGlance | None:
    """A partnership at a glance from the index's row for it; None if it has only a copy so far."""
    if row.latest is None:
        return None
    return PartnershipGlance(row.name, row.reviews, row.latest, row.previous, row.unfinished)


class GlanceLine(NamedTuple):
    """What the alliance table shows of one partnership: worked out from its glance once, and kept in the index
    until its files change, so listing a store of any size reads one small row per partnership (a named tuple:
    a national store makes tens of thousands)."""

    partnership: str
    reviews: int
    latest: str
    """The latest review's day, as shown; with ``*`` if it is not finished."""
    finished: bool
    grid: str
    counts: tuple[int, ...]
    """Strands at each stage, then not applicable."""
    direction: str
    ties: str

    @classmethod
    def of(cls, g: PartnershipGlance) -> GlanceLine:
        finished = g.latest.status == "complete"
        return cls(
            g.partnership,
            g.reviews,
            day(g.latest.review_date) + ("" if finished else "*"),
            finished,
            g.grid_words(),
            tuple(g.stage_counts().values()),
            g.direction_words(),
            ties_words(g.latest.ties),
        )

    def to_json(self) -> str:
        fields = [self.partnership, self.reviews, self.latest, self.finished, self.grid, list(self.counts)]
        return json.dumps([*fields, self.direction, self.ties])

    @classmethod
    def from_json(cls, text: str) -> GlanceLine:
        return cls._from_fields(json.loads(text))

    @classmethod
    def _from_fields(cls, fields: list[Any]) -> GlanceLine:
        name, reviews, latest, finished, grid, counts, direction, ties = fields
        return cls(name, reviews, latest, finished, grid, tuple(counts), direction, ties)


def _kept_lines(kept: list[str]) -> list[GlanceLine | None]:
    """The lines kept for a page of partnerships, parsed in one go (half the cost of a parse each);
    where that fails, each alone, None for one that cannot be read (it is worked out again)."""
    with contextlib.suppress(ValueError, TypeError):
        parsed = json.loads("[" + ",".join(kept) + "]")
        if len(parsed) == len(kept):
            return [GlanceLine._from_fields(fields) for fields in parsed]
    lines: list[GlanceLine | None] = []
    for text in kept:
        try:
            lines.append(GlanceLine.from_json(text))
        except (ValueError, TypeError):
            lines.append(None)
    return lines


def every_line(listing: Listing) -> Iterator[GlanceLine]:
    """Every partnership's line of the alliance table, by name, a page at a time: memory stays the same however
    many there are. A line worked out again (its partnership changed) is kept in the index for next time."""
    for rows in listing.pages(glanced=True):
        kept = iter(_kept_lines([row.glance for row in rows if row.glance is not None]))
        fresh = []
        for row in rows:
            if row.glance is not None and (line := next(kept)) is not None:
                yield line
                continue
            if row.glance is not None:  # kept, but cannot be read: worked out again from the summaries
                row = listing.partnership(row.key) or row
            if (found := row_glance(row)) is not None:
                line = GlanceLine.of(found)
                fresh.append((row.key, line.to_json()))
                yield line
        listing.keep_glances(fresh)


TIE_WORDS = {"strong": "strong ties", "weak": "weak ties", "bonding": "bonding", "bridging": "bridging"}
TIE_KINDS: tuple[Literal["strength", "reach"], ...] = ("strength", "reach")


def ties_words(ties: Mapping[Literal["strength", "reach"], str] | Mapping[str, str]) -> str:
    """'weak ties, bridging', or 'not tagged' (from a review's tie guide, or an index summary's copy of it)."""
    parts = [TIE_WORDS[ties[k]] for k in TIE_KINDS if ties.get(k) in TIE_WORDS]
    return ", ".join(parts) or "not tagged"


def portfolio(catalogue: Catalogue, schools: Iterable[str]) -> dict[str, list[PartnershipGlance]]:
    """For each of these schools, every partnership in the store it belongs to, by name.

    A school's partnerships differ in purpose: strong and weak ties, bonding and bridging each have their
    uses, so none is shown as better than another.
    """
    wanted = {school.casefold().strip(): school for school in schools if school.strip()}
    found: dict[str, list[PartnershipGlance]] = {school: [] for school in wanted.values()}
    for items in catalogue.partnerships().values():
        members = {s.casefold().strip() for summary in items for s in summary.schools}
        for key, school in wanted.items():
            if key in members:
                found[school].append(glance(items))
    return found
