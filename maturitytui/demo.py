"""A fictional demo partnership, three finished reviews a year apart.

The repository's ``sessions/`` folder holds these, so a new user sees a
comparison at once. ``python -m maturitytui.demo DIR`` writes them again.
Every school and person here is invented.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from maturitytui.analysis.next_steps import carried_copy
from maturitytui.model.rubric import Rubric, StageName
from maturitytui.model.session import Action, Cell, CriterionAnswer, GridAnswer, RubricRef, Session, StrandAnswer

PARTNERSHIP = "Harbourside Learning Partnership"
SCHOOLS = ["Harbourside Primary School", "Kestrel Lane Primary School", "Orchard Vale Infant School"]


def _stamp(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def _strands(
    stages: dict[str, StageName],
    evidence: dict[str, str],
    actions: dict[str, list[Action]],
    focus: set[str],
    na: dict[str, str],
) -> dict[str, StrandAnswer]:
    answers = {}
    for strand_id in [*stages, *na]:
        answers[strand_id] = StrandAnswer(
            stage=stages.get(strand_id),
            not_applicable=strand_id in na,
            na_reason=na.get(strand_id, ""),
            evidence=evidence.get(strand_id, ""),
            actions=actions.get(strand_id, []),
            focus=strand_id in focus,
        )
    return answers


def _finished(
    ref: RubricRef,
    id: str,
    day: date,
    hours: tuple[int, int],
    participants: list[str],
    *,
    grid: GridAnswer,
    strands: dict[str, StrandAnswer],
    criteria: dict[str, CriterionAnswer],
) -> Session:
    """A finished review of the demo partnership, begun and last saved at these hours of its day."""
    return Session(
        id=id,
        partnership=PARTNERSHIP,
        schools=SCHOOLS,
        participants=participants,
        review_date=day,
        created=_stamp(day, hours[0]),
        updated=_stamp(day, hours[1]),
        status="complete",
        position="summary",
        rubric=ref,
        grid=grid,
        strands=strands,
        criteria=criteria,
    )


def demo_sessions(rubric: Rubric) -> list[Session]:
    """Three finished reviews of the demo partnership, June 2024, June 2025 and June 2026."""
    ref = RubricRef.of(rubric)
    baseline_day, first_day, second_day = date(2024, 6, 20), date(2025, 6, 12), date(2026, 6, 18)
    meetings = Action(
        text="Heads to meet every half term, each school hosting in turn",
        owner="Harbourside head",
        due=date(2024, 12, 20),
    )
    shared_data = Action(
        text="Agree one shared format for sharing attainment data between the schools",
        owner="Kestrel Lane head",
        due=date(2025, 3, 31),
    )
    baseline = _finished(
        ref,
        "2024-06-20-demo00",
        baseline_day,
        (14, 16),
        ["Harbourside head", "Kestrel Lane head"],
        grid=GridAnswer(
            current=Cell(integration=1, nature=1),
            target=Cell(integration=2, nature=4),
            note="A first look, by two of the three heads.",
        ),
        strands=_strands(
            stages=dict.fromkeys(["jpd", "mc", "tid", "dsi", "fg", "hsc", "cmp", "ec", "ai", "di", "aa"], "Beginning"),
            evidence={
                "hsc": "The heads know each other from local meetings but the schools have never worked together."
            },
            actions={"hsc": [meetings], "dsi": [shared_data]},
            focus={"hsc"},
            na={"ce": "No traded services and none planned for now."},
        ),
        criteria={
            "jpd-established": CriterionAnswer(within="not_yet", between="not_yet"),
            "social-capital-high": CriterionAnswer(within="partly", between="not_yet"),
            "cmp-shared": CriterionAnswer(within="not_yet", between="not_yet"),
            "ec-practised": CriterionAnswer(within="not_yet", between="not_yet"),
        },
    )
    triads = Action(
        text="Pilot two cross-school maths triads using one disaggregated training day",
        owner="Orchard Vale deputy head",
        due=date(2026, 3, 31),
    )
    offer_gain = Action(
        text="Run the staff offer-and-gain questionnaire in all three schools",
        owner="Kestrel Lane head",
        due=date(2025, 10, 31),
    )
    first = _finished(
        ref,
        "2025-06-12-demo01",
        first_day,
        (9, 11),
        ["Harbourside head", "Kestrel Lane head", "Orchard Vale deputy head"],
        grid=GridAnswer(
            current=Cell(integration=1, nature=2),
            target=Cell(integration=3, nature=5),
            note="Thinking of the three-school primary partnership, not the wider cluster.",
        ),
        strands=_strands(
            stages={
                "jpd": "Beginning",
                "mc": "Developing",
                "tid": "Beginning",
                "dsi": "Beginning",
                "fg": "Beginning",
                "hsc": "Developing",
                "cmp": "Beginning",
                "ec": "Beginning",
                "ai": "Beginning",
                "di": "Beginning",
                "aa": "Beginning",
            },
            evidence={
                "jpd": "Joint training day in January; staff enjoyed it but little changed in classrooms afterwards.",
                "hsc": "The three heads meet every half term and speak openly. Staff below SLT hardly know each other.",
                "mc": "Coaching for new teachers in each school; nothing across schools yet.",
            },
            actions={
                "jpd": [triads],
                "hsc": [
                    carried_copy(meetings, baseline, "done", "Meeting every half term since September."),
                    offer_gain,
                ],
                "dsi": [
                    carried_copy(
                        shared_data,
                        baseline,
                        "dropped",
                        "The local authority's new data service now does this for all three schools.",
                    )
                ],
            },
            focus={"jpd", "hsc"},
            na={"ce": "No traded services and none planned for now."},
        ),
        criteria={
            "jpd-established": CriterionAnswer(within="partly", between="not_yet"),
            "social-capital-high": CriterionAnswer(within="partly", between="not_yet"),
            "cmp-shared": CriterionAnswer(within="not_yet", between="not_yet"),
            "ec-practised": CriterionAnswer(within="not_yet", between="not_yet"),
        },
    )
    second = _finished(
        ref,
        "2026-06-18-demo02",
        second_day,
        (9, 12),
        ["Harbourside head", "Kestrel Lane head", "Orchard Vale head", "Harbourside maths lead"],
        grid=GridAnswer(current=Cell(integration=2, nature=3), target=Cell(integration=3, nature=5)),
        strands=_strands(
            stages={
                "jpd": "Developing",
                "mc": "Developing",
                "tid": "Developing",
                "dsi": "Beginning",
                "fg": "Developing",
                "hsc": "Developing",
                "cmp": "Developing",
                "ec": "Beginning",
                "ai": "Beginning",
                "di": "Developing",
                "aa": "Beginning",
            },
            evidence={
                "jpd": "Four cross-school triads ran over the year in 45-minute twilight blocks; two changed "
                "their marking practice as a result.",
                "hsc": "Offer-and-gain questionnaire done in all three schools; every member of staff named "
                "something to offer.",
                "cmp": "Governors of Kestrel Lane now observe Harbourside's governing body meetings.",
            },
            actions={
                "jpd": [
                    carried_copy(triads, first, "done", "Four triads ran in the end, not two."),
                    Action(
                        text="Extend triads to English and early reading",
                        owner="Harbourside maths lead",
                        due=date(2027, 3, 31),
                    ),
                ],
                "hsc": [carried_copy(offer_gain, first, "done")],
                "ec": [
                    Action(
                        text="Heads to try a first round of reciprocal visits with an experienced NLE as broker",
                        owner="Harbourside head",
                        due=date(2027, 2, 28),
                        status="in_progress",
                    )
                ],
            },
            focus={"jpd", "ec", "cmp"},
            na={"ce": "Still no traded services; revisit if the partnership grows."},
        ),
        criteria={
            "jpd-established": CriterionAnswer(within="partly", between="partly"),
            "social-capital-high": CriterionAnswer(within="well_established", between="partly"),
            "cmp-shared": CriterionAnswer(within="partly", between="not_yet"),
            "ec-practised": CriterionAnswer(within="not_yet", between="partly"),
        },
    )
    return [baseline, first, second]


def main(argv: list[str] | None = None) -> int:
    from maturitytui.engine.host import PluginHost
    from maturitytui.store.session_store import SessionStore

    args = argv if argv is not None else sys.argv[1:]
    store = SessionStore(Path(args[0]) if args else Path("sessions"))
    rubric = PluginHost(entry_points=False).assemble().rubric
    for session in demo_sessions(rubric):
        print(store.save(session, stamp=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
