"""Which step shows which kind of tool."""

from __future__ import annotations

from maturitytui.model.rubric import Checklist, Exercise, Prompts, Questionnaire, TieGuide
from maturitytui.ui.context import ReviewContext
from maturitytui.ui.steps.tool_step import TallyStep, ToolStep


def step_class(tool) -> type[ToolStep]:
    """The step for a kind of tool; for a questionnaire or exercise, a TallyStep (see ``tally_step_class``)."""
    from maturitytui.ui.steps.audit_step import AuditStep
    from maturitytui.ui.steps.checklist_step import ChecklistStep
    from maturitytui.ui.steps.prompts_step import PromptsStep
    from maturitytui.ui.steps.ranking_step import RankingStep
    from maturitytui.ui.steps.ties_step import TiesStep

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
