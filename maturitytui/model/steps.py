"""The steps of a review, in order: the grid, the strands with their tools, the criteria, the summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load only when a review opens: the start screen needs none of them
    from maturitytui.model.rubric import Rubric

GRID_STEP = "grid"
CRITERIA_STEP = "criteria"
SUMMARY_STEP = "summary"


def strand_step(strand_id: str) -> str:
    return f"strand:{strand_id}"


def tool_step(tool_id: str) -> str:
    return f"tool:{tool_id}"


def steps(rubric: Rubric) -> list[str]:
    """Every step of a review, in order.

    The grid, each strand in rubric order, the criteria, the summary; each questionnaire, exercise and
    companion right after the strand it is linked to (or the grid), or before the criteria if that strand
    is not in the rubric.
    """
    strands = rubric.strands()
    strand_ids = {s.id for s in strands}
    after: dict[str, list[str]] = {}
    for tool in rubric.tools():
        anchor = tool.strand if tool.strand == GRID_STEP or tool.strand in strand_ids else CRITERIA_STEP
        after.setdefault(anchor, []).append(tool_step(tool.id))
    result = [GRID_STEP, *after.get(GRID_STEP, [])]
    for strand in strands:
        result += [strand_step(strand.id), *after.get(strand.id, [])]
    return [*result, *after.get(CRITERIA_STEP, []), CRITERIA_STEP, SUMMARY_STEP]


def step_title(rubric: Rubric, step: str) -> str:
    if step == GRID_STEP:
        return "Partnership grid"
    if step == CRITERIA_STEP:
        return "Criteria for a deep partnership"
    if step == SUMMARY_STEP:
        return "Summary"
    if step.startswith("tool:"):
        return rubric.tool(step.removeprefix("tool:")).title
    return rubric.strand(step.removeprefix("strand:")).title
