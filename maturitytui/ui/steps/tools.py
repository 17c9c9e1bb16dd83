"""Which step shows which kind of tool."""

from __future__ import annotations

from ...rubric import Checklist, Exercise, Prompts, Questionnaire, TieGuide
from ..context import ReviewContext
from .tool_step import TallyStep, ToolStep


def step_class(tool) -> type[ToolStep]:
    """The step for a kind of tool; for a questionnaire or exercise, a TallyStep (see ``tally_step_class``)."""
    from .audit_step import AuditStep
    from .checklist_step import ChecklistStep
    from .prompts_step import PromptsStep
    from .ranking_step import RankingStep
    from .ties_step import TiesStep

    kinds: dict[type[Questionnaire | Exercise | Checklist | Prompts | TieGuide], type[ToolStep]] = {
        Questionnaire: AuditStep,
        Exercise: RankingStep,
        Checklist: ChecklistStep,
        Prompts: PromptsStep,
        TieGuide: TiesStep,
    }
    return kinds[type(tool)]


def tally_step_class(tool) -> type[TallyStep]:
    """The step for a questionnaire or exercise, whose form and team view others (a participant's screen, the
    presenter layout) use too."""
    step = step_class(tool)
    if not issubclass(step, TallyStep):
        raise TypeError(f"A {tool.kind} is talked through together, not answered alone.")
    return step


def tool_step_for(context: ReviewContext, tool) -> ToolStep:
    return step_class(tool)(context, tool)
