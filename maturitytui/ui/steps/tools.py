"""Which step shows which kind of tool."""

from __future__ import annotations

from ...rubric import Checklist, Exercise, Prompts, Questionnaire, TieGuide
from ..context import ReviewContext
from .tool_step import ToolStep


def step_class(tool) -> type[ToolStep]:
    """The step for a kind of tool; for a questionnaire or exercise, a TallyStep, whose form and team view others
    (a participant's screen, the presenter layout) use too."""
    from .audit_step import AuditStep
    from .checklist_step import ChecklistStep
    from .prompts_step import PromptsStep
    from .ranking_step import RankingStep
    from .ties_step import TiesStep

    kinds = {
        Questionnaire: AuditStep,
        Exercise: RankingStep,
        Checklist: ChecklistStep,
        Prompts: PromptsStep,
        TieGuide: TiesStep,
    }
    return kinds[type(tool)]


def tool_step_for(context: ReviewContext, tool) -> ToolStep:
    return step_class(tool)(context, tool)
