"""The rubric as plain text and as JSON, for `maturitytui rubric show`."""

from __future__ import annotations

import textwrap

from maturitytui.model.ideas import Idea
from maturitytui.model.rubric import Rubric
from maturitytui.model.steps import offered_after


def rubric_json(rubric: Rubric) -> dict[str, object]:
    """Every key of the rubric as the field reference (docs/fields.md) names it, with its content hash and where a
    review offers each questionnaire, exercise and companion."""
    data = rubric.model_dump(mode="json")
    return {
        "id": rubric.id,
        "title": rubric.title,
        "version": rubric.version,
        "hash": rubric.content_hash(),
        **{k: v for k, v in data.items() if k not in ("id", "title", "version", "kind")},
        "source": rubric.source.citation,
        "source_note": rubric.source.note,
        "questionnaires": [
            {**q, "offered": offered_after(rubric, tool)}
            for q, tool in zip(data["questionnaires"], rubric.questionnaires, strict=True)
        ],
        "exercises": [
            {**e, "offered": offered_after(rubric, tool)}
            for e, tool in zip(data["exercises"], rubric.exercises, strict=True)
        ],
        "companions": [
            {**c, "offered": offered_after(rubric, tool)}
            for c, tool in zip(data["companions"], rubric.companions, strict=True)
        ],
    }


def idea_words(idea: Idea) -> str:
    """An idea with where it comes from, and the plugin that added it if one did."""
    if not idea.added_by:
        return idea.cited()
    return (
        f"{idea.text} ({idea.cite}; added by {idea.added_by})"
        if idea.cite
        else f"{idea.text} (added by {idea.added_by})"
    )


def rubric_text(rubric: Rubric, width: int = 88) -> str:
    """Every dimension, strand, stage and indicator, then the criteria, the questionnaires and the companions,
    each tool with where a review offers it."""
    out: list[str] = []

    def tool_guidance(before: list[Idea], after: list[Idea]) -> None:
        for label, ideas in (("before", before), ("after", after)):
            for idea in ideas:
                para(f"{label}: {idea_words(idea)}", "    ", "→ ")

    def para(text: str, indent: str, bullet: str = "") -> None:
        out.extend(
            textwrap.wrap(
                text,
                width,
                initial_indent=indent + bullet,
                subsequent_indent=indent + " " * len(bullet),
                break_on_hyphens=False,  # ids and names such as research-ideas stay whole
            )
            or [indent + bullet]
        )

    out.append(rubric.title)
    out.append(f"{rubric.id} version {rubric.version} ({rubric.content_hash()})")
    para(f"Source: {rubric.source.citation}", "")
    out.append(f"Plugins: {', '.join(rubric.plugins) or 'none'}")
    strand_count = len(rubric.strands())
    out.append(
        f"{len(rubric.dimensions)} dimensions, {strand_count} strands, "
        f"4 stages each, {rubric.indicator_count()} indicators"
    )
    number = 0
    for dim in rubric.dimensions:
        out += ["", dim.title.upper()]
        if dim.summary:
            para(dim.summary, "  ")
        for strand in dim.strands:
            number += 1
            abbreviation = f" ({strand.abbreviation})" if strand.abbreviation else ""
            mark = "  [provisional: the source's first draft]" if strand.provisional else ""
            out += ["", f"  {number}. {strand.title}{abbreviation}{mark}   [{strand.id}]"]
            if strand.summary:
                para(strand.summary, "     ")
            if strand.source:
                para(f"Source: {strand.source}", "     ")
            for stage in strand.stages:
                out.append(f"     {stage.name}")
                for indicator in stage.indicators:
                    para(indicator, "       ", "• ")
                if stage.ideas:
                    out.append(f"       Ideas for moving on from {stage.name}")
                for idea in stage.ideas:
                    para(idea_words(idea), "         ", "→ ")
            if strand.ideas_note:
                para(f"Ideas: {strand.ideas_note}", "     ")
            if strand.questions:
                out.append("     Questions")
                for q in strand.questions:
                    origin = (
                        q.source + (f" by {q.added_by}" if q.added_by else "") + (f"; {q.topic}" if q.topic else "")
                    )
                    para(f"{q.text} ({origin})", "       ", "? ")
    if rubric.criteria:
        out += ["", "CRITERIA FOR A DEEP PARTNERSHIP (in ascending order of difficulty)"]
        for c in rubric.criteria:
            para(f"{c.difficulty}. {c.title} [{c.strand}]: {c.statement}", "  ")
        guidance = rubric.criteria_guidance
        for heading, counsel in (("Warnings", guidance.warnings), ("Remedies", guidance.remedies)):
            if counsel:
                out.append(f"  {heading}")
                for item in counsel:
                    on = f" [{item.criterion}]" if item.criterion else ""
                    para(idea_words(item) + on, "    ", "→ ")
    if rubric.questionnaires or rubric.exercises:
        out += ["", "QUESTIONNAIRES AND EXERCISES"]
        for heading, ideas in (
            ("Before any questionnaire", rubric.audit_guidance.before),
            ("With any questionnaire's results", rubric.audit_guidance.after),
        ):
            if ideas:
                out.append(f"  {heading}")
                for idea in ideas:
                    para(idea_words(idea), "    ", "→ ")
        for questionnaire in rubric.questionnaires:
            reverse = [str(i.number) for i in questionnaire.items if i.reverse]
            keyed = f"; reverse-scored items: {', '.join(reverse)}" if reverse else ""
            answers = " / ".join(p.label for p in questionnaire.scale)
            para(
                f"{questionnaire.title} [{questionnaire.id}]: {len(questionnaire.items)} items, answers {answers}"
                f"{keyed}; offered {offered_after(rubric, questionnaire)}",
                "  ",
            )
            tool_guidance(questionnaire.before, questionnaire.after)
        for e in rubric.exercises:
            para(
                f"{e.title} [{e.id}]: {len(e.dimensions)} dimensions, "
                f"pick the strongest {e.strongest} and weakest {e.weakest}; offered {offered_after(rubric, e)}",
                "  ",
            )
            tool_guidance(e.before, e.after)
    if rubric.companions:
        out += ["", "COMPANIONS"]
        kinds = {"checklist": "a checklist", "prompts": "prompts for each school", "ties": "a tie guide"}
        for companion in rubric.companions:
            added = f", from the plugin {companion.added_by}" if companion.added_by else ""
            para(
                f"{companion.title} [{companion.id}]: {kinds.get(companion.kind, companion.kind)}{added}; "
                f"offered {offered_after(rubric, companion)}",
                "  ",
            )
    return "\n".join(out) + "\n"
