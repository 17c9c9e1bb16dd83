"""Which step shows which kind of tool."""

from __future__ import annotations

from maturitytui.model.tools import Tool
from maturitytui.ui.context import ReviewContext
from maturitytui.ui.steps.tool_step import TallyStep, ToolStep


def steps_by_kind() -> dict[str, type[ToolStep]]:
    """The step widget of each kind in ``model.tools.TOOL_KINDS`` (tests/test_registries.py checks every kind has one)."""
    # Imported on use: a review that never reaches a tool never loads its widgets.
    from maturitytui.ui.steps.audit_step import AuditStep
    from maturitytui.ui.steps.checklist_step import ChecklistStep
    from maturitytui.ui.steps.prompts_step import PromptsStep
    from maturitytui.ui.steps.ranking_step import RankingStep
    from maturitytui.ui.steps.ties_step import TiesStep

    return {
        "questionnaire": AuditStep,
        "exercise": RankingStep,
        "checklist": ChecklistStep,
        "prompts": PromptsStep,
        "ties": TiesStep,
    }


def step_class(tool: Tool) -> type[ToolStep]:
    """The step for a kind of tool; for a questionnaire or exercise, a TallyStep (see ``tally_step_class``)."""
    return steps_by_kind()[tool.kind]


def tally_step_class(tool) -> type[TallyStep]:
    """The step for a questionnaire or exercise, whose form and team view others (a participant's screen, the
    presenter layout) use too."""
    step = step_class(tool)
    if not issubclass(step, TallyStep):
        raise TypeError(f"A {tool.kind} is talked through together, not answered alone.")
    return step


def tool_step_for(context: ReviewContext, tool) -> ToolStep:
    return step_class(tool)(context, tool)
