"""The rubric as plain text and as JSON, for `maturitytui rubric show`."""

from __future__ import annotations

import textwrap

from maturitytui.model.rubric import Rubric
from maturitytui.model.steps import offered_after


def rubric_json(rubric: Rubric) -> dict[str, object]:
    """The documented JSON shape: ids, titles, stages with indicators, questions, criteria, questionnaires."""
    return {
        "id": rubric.id,
        "title": rubric.title,
        "version": rubric.version,
        "hash": rubric.content_hash(),
        "source": rubric.source.citation,
        "plugins": rubric.plugins,
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "strands": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "provisional": s.provisional,
                        "stages": [{"name": st.name, "indicators": list(st.indicators)} for st in s.stages],
                        "questions": [
                            {"text": q.text, "source": q.source, **({"added_by": q.added_by} if q.added_by else {})}
                            for q in s.questions
                        ],
                    }
                    for s in d.strands
                ],
            }
            for d in rubric.dimensions
        ],
        "criteria": [
            {"id": c.id, "title": c.title, "strand": c.strand, "difficulty": c.difficulty, "statement": c.statement}
            for c in rubric.criteria
        ],
        "questionnaires": [
            {
                "id": q.id,
                "title": q.title,
                "offered": offered_after(rubric, q),
                "scale": [p.model_dump(exclude_none=True) for p in q.scale],
                "items": [i.model_dump() for i in q.items],
            }
            for q in rubric.questionnaires
        ],
        "exercises": [
            {**e.model_dump(exclude_defaults=True), "offered": offered_after(rubric, e)} for e in rubric.exercises
        ],
        "companions": [
            {"id": c.id, "kind": c.kind, "title": c.title, "offered": offered_after(rubric, c)}
            for c in rubric.companions
        ],
    }


def rubric_text(rubric: Rubric, width: int = 88) -> str:
    """Every dimension, strand, stage and indicator, then the criteria, the questionnaires and the companions,
    each tool with where a review offers it."""
    out: list[str] = []

    def para(text: str, indent: str, bullet: str = "") -> None:
        out.extend(
            textwrap.wrap(text, width, initial_indent=indent + bullet, subsequent_indent=indent + " " * len(bullet))
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
            for stage in strand.stages:
                out.append(f"     {stage.name}")
                for indicator in stage.indicators:
                    para(indicator, "       ", "• ")
            if strand.questions:
                out.append("     Questions")
                for q in strand.questions:
                    origin = "source" if q.source == "source" else f"added{' by ' + q.added_by if q.added_by else ''}"
                    para(f"{q.text} ({origin})", "       ", "? ")
    if rubric.criteria:
        out += ["", "CRITERIA FOR A DEEP PARTNERSHIP (in ascending order of difficulty)"]
        for c in rubric.criteria:
            para(f"{c.difficulty}. {c.title} [{c.strand}]: {c.statement}", "  ")
    if rubric.questionnaires or rubric.exercises:
        out += ["", "QUESTIONNAIRES AND EXERCISES"]
        for questionnaire in rubric.questionnaires:
            reverse = [str(i.number) for i in questionnaire.items if i.reverse]
            keyed = f"; reverse-scored items: {', '.join(reverse)}" if reverse else ""
            answers = " / ".join(p.label for p in questionnaire.scale)
            para(
                f"{questionnaire.title} [{questionnaire.id}]: {len(questionnaire.items)} items, answers {answers}"
                f"{keyed}; offered {offered_after(rubric, questionnaire)}",
                "  ",
            )
        for e in rubric.exercises:
            para(
                f"{e.title} [{e.id}]: {len(e.dimensions)} dimensions, "
                f"pick the strongest {e.strongest} and weakest {e.weakest}; offered {offered_after(rubric, e)}",
                "  ",
            )
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
