"""A review's action plan, as the summary shows it before the review is finished.

Every next step with its owner, due date and status; the strands chosen as a focus; how many strands have
evidence written; and the questionnaires and companions passed over. The head checks the plan here, so it is
whole: steps done or dropped are listed too, each saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from maturitytui.analysis.review import STATUS_LABELS
from maturitytui.analysis.words import counted, day

if TYPE_CHECKING:
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.session import Action, Session


@dataclass(frozen=True)
class PlannedStep:
    strand: str
    """The strand's title."""
    action: Action

    def words(self) -> str:
        """The step and its details on one line: "Trios visit lessons (Sam; by 31 Mar 2027; open)"."""
        a = self.action
        details = [a.owner or "no owner", f"by {day(a.due)}" if a.due else "no date"]
        status = STATUS_LABELS[a.status]
        if a.to_mark:
            status = "carried, not yet marked"
        details.append(status + (f": {a.note}" if a.note else ""))
        return f"{a.text} ({'; '.join(details)})"


@dataclass(frozen=True)
class Plan:
    steps: list[PlannedStep]
    focus: list[str]
    """Titles of the strands chosen as a focus for the coming year."""
    with_evidence: int
    applicable: int
    """Strands in the rubric in use not judged not applicable: the ones evidence is expected for."""
    skipped: list[str]
    """Titles of the questionnaires and companions passed over in this review."""

    def evidence_words(self) -> str:
        return f"Evidence written for {self.with_evidence} of {counted(self.applicable, 'strand')}."


def action_plan(rubric: Rubric, session: Session) -> Plan:
    """The plan the review holds, strand by strand in the rubric's order."""
    steps, focus, with_evidence, applicable = [], [], 0, 0
    for strand in rubric.strands():
        answer = session.strands.get(strand.id)
        if answer is None:
            applicable += 1
            continue
        applicable += not answer.not_applicable
        with_evidence += bool(answer.evidence.strip()) and not answer.not_applicable
        if answer.focus:
            focus.append(strand.title)
        steps += [PlannedStep(strand.title, a) for a in answer.actions]
    tools = {t.id: t.title for t in rubric.tools()}
    skipped = [tools[tid] for tid, answer in session.tools.items() if answer.skipped and tid in tools]
    return Plan(steps, focus, with_evidence, applicable, skipped)
