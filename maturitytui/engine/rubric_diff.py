"""What the active plugins change in a rubric: `maturitytui rubric diff`.

The base is the rubric as its provider gives it, assembled with every other
plugin switched off; the rubric in use is assembled with all of them. The two
are compared by id, as sessions are: a strand a plugin renames is still the
same strand. Each difference names the plugins responsible where that can be
known, from what they marked (``added_by`` on questions and tools) and from
what each plugin's operations did (``PluginRecord.touched``).

Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from maturitytui.engine.host import Assembly, PluginHost, PluginRecord
from maturitytui.model.rubric import Rubric, Strand
from maturitytui.model.steps import AFTER_THE_GRID
from maturitytui.model.tools import Tool
from maturitytui.model.words import counted

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
_MARK = {ADDED: "+", REMOVED: "-", CHANGED: "~"}


@dataclass
class Difference:
    """One thing the plugins changed."""

    action: str
    """added, removed or changed."""
    what: str
    """strand, order, stages, questions, criterion, dimension, or the tool's kind (questionnaire, checklist, …)."""
    id: str
    """The id of the thing changed (a dimension's id for an order)."""
    summary: str
    """One line, in words."""
    details: list[str] = field(default_factory=list)
    """Further lines: indicators added or removed, questions, the old and new order."""
    plugins: list[str] = field(default_factory=list)
    """The plugins responsible, where that can be known."""
    section: str = ""
    """Where in the rubric: a dimension's title, ``Criteria``, or the tools (``TOOLS``)."""


CRITERIA, TOOLS = "Criteria", "Questionnaires, exercises and companions"


@dataclass
class RubricDiff:
    """The rubric in use against its base, and how it came about."""

    rubric_id: str
    version: str
    provider: str
    """The plugin that provides the rubric."""
    base_hash: str
    hash: str
    plugins: list[str]
    """The plugins that changed the rubric in use, in the order they applied."""
    left_out: list[PluginRecord]
    """Plugins left out because of an error (their changes are not in the rubric)."""
    differences: list[Difference]
    base_strands: int
    strands: int


# -- finding who did what ----------------------------------------------------


def _who(records: Sequence[PluginRecord], *touches: tuple[str, str]) -> list[str]:
    """The active plugins whose operations did any of ``touches`` (what, to which id), in the order they applied."""
    return [r.name for r in records if r.ok and any(t in r.touched for t in touches)]


# -- comparing ----------------------------------------------------------------


def _lcs(a: list[str], b: list[str]) -> set[str]:
    """Ids in a longest common subsequence of a and b: those that kept their relative order."""
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = lengths[i + 1][j + 1] + 1 if a[i] == b[j] else max(lengths[i + 1][j], lengths[i][j + 1])
    kept, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(f"'{i}'" for i in items)


def _place(ids: list[str], strand_id: str, dimension: str) -> str:
    index = ids.index(strand_id)
    if len(ids) == 1:
        return f"in {dimension}"
    if index == 0:
        return f"in {dimension}, first (before '{ids[1]}')"
    return f"in {dimension} after '{ids[index - 1]}'"


def _stage_changes(old: Strand, new: Strand) -> tuple[list[str], list[str]]:
    """The stages whose indicators changed, and a line per indicator added or removed."""
    names, lines = [], []
    for before, after in zip(old.stages, new.stages, strict=True):  # every strand has the four stages
        gone = [i for i in before.indicators if i not in after.indicators]
        came = [i for i in after.indicators if i not in before.indicators]
        if not gone and not came:
            if before.indicators != after.indicators:
                names.append(f"{after.name} (reordered)")
            continue
        counts = ", ".join(
            part for part in (f"{len(came)} added" if came else "", f"{len(gone)} removed" if gone else "") if part
        )
        names.append(f"{after.name} ({counts})")
        lines += [f"{after.name}: - {i}" for i in gone] + [f"{after.name}: + {i}" for i in came]
    return names, lines


_FIELDS = (
    ("title", "renamed"),
    ("summary", "summary rewritten"),
    ("provisional", "provisional"),
    ("abbreviation", "abbreviation"),
    ("other_titles", "other titles"),
    ("source", "source"),
)


def _strand_changes(old: Strand, new: Strand, records: Sequence[PluginRecord]) -> list[Difference]:
    found: list[Difference] = []
    sid = new.id
    words = []
    for name, label in _FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if name == "title":
            words.append(f"renamed from '{before}' to '{after}'")
        elif name == "provisional":
            words.append("now marked provisional" if after else "no longer marked provisional")
        elif name == "summary":
            words.append("summary rewritten")
        else:
            words.append(f"{label} changed")
    if words:
        found.append(
            Difference(
                CHANGED,
                "strand",
                sid,
                f"strand '{sid}' {'; '.join(words)}",
                plugins=_who(records, ("updated strand", sid)),
            )
        )
    stages, lines = _stage_changes(old, new)
    if stages:
        found.append(
            Difference(
                CHANGED,
                "stages",
                sid,
                f"stages of strand '{sid}' rewritten: {', '.join(stages)}",
                details=lines,
                plugins=_who(records, ("rewrote stages", sid)),
            )
        )
    found += _idea_changes(old, new, records)
    old_q = [q.text for q in old.questions]
    new_q = [q.text for q in new.questions]
    if old_q != new_q:
        came = [q for q in new.questions if q.text not in old_q]
        gone = [q for q in old.questions if q.text not in new_q]
        plugins = list(
            dict.fromkeys([q.added_by for q in came if q.added_by] + _who(records, ("replaced questions", sid)))
        )
        if gone:
            summary = (
                f"questions of strand '{sid}' replaced: {len(gone)} removed, {len(came)} added"
                if came
                else f"questions of strand '{sid}' removed ({len(gone)})"
            )
        elif came:
            summary = f"{counted(len(came), 'question')} added to strand '{sid}'"
        else:
            summary = f"questions of strand '{sid}' reordered"
        several = len(plugins) > 1
        details = [f"- {q.text}" for q in gone] + [
            f"+ {q.text}" + (f"  ({q.added_by})" if several and q.added_by else "") for q in came
        ]
        found.append(
            Difference(
                ADDED if came and not gone else CHANGED, "questions", sid, summary, details=details, plugins=plugins
            )
        )
    return found


def _idea_changes(old: Strand, new: Strand, records: Sequence[PluginRecord]) -> list[Difference]:
    """Ideas for moving on added to or taken from each stage (not where the stages were rewritten wholesale:
    their ideas go with them, and that is said above)."""
    sid, names, lines, plugins, removed = new.id, [], [], [], False
    for before, after in zip(old.stages, new.stages, strict=True):
        if before.indicators != after.indicators:
            continue  # a stage rewritten: its ideas went with it, and the rewriting is its own line
        had = [i.text for i in before.ideas]
        came = [i for i in after.ideas if i.text not in had]
        gone = [t for t in had if t not in {i.text for i in after.ideas}]
        if not came and not gone:
            continue
        counts = ", ".join(
            p for p in (f"{len(came)} added" if came else "", f"{len(gone)} removed" if gone else "") if p
        )
        names.append(f"{after.name} ({counts})")
        lines += [f"{after.name}: - {t}" for t in gone] + [f"{after.name}: + {i.text}  [{i.cite}]" for i in came]
        plugins += [i.added_by for i in came if i.added_by]
        removed = removed or bool(gone)
    if not names:
        return []
    plugins += _who(records, ("replaced ideas", sid))
    return [
        Difference(
            CHANGED if removed else ADDED,
            "ideas",
            sid,
            f"ideas for moving on in strand '{sid}': {', '.join(names)}",
            details=lines,
            plugins=list(dict.fromkeys(plugins)),
        )
    ]


def _tool_kind(tool: Tool) -> str:
    return "tie guide" if tool.kind == "ties" else tool.kind


def compare_rubrics(base: Rubric, rubric: Rubric, records: Sequence[PluginRecord] = ()) -> list[Difference]:
    """Every difference between ``base`` and ``rubric``, in rubric order, each with the plugins responsible."""
    diffs: list[Difference] = []
    old_dims = {d.id: d for d in base.dimensions}
    new_dims = {d.id: d for d in rubric.dimensions}
    old_home = {s.id: d.id for d in base.dimensions for s in d.strands}
    new_home = {s.id: d.id for d in rubric.dimensions for s in d.strands}

    for dim in base.dimensions:
        if dim.id not in new_dims:
            diffs.append(Difference(REMOVED, "dimension", dim.id, f"dimension '{dim.id}' {dim.title} removed"))
    for dim in rubric.dimensions:
        if dim.id not in old_dims:
            diffs.append(Difference(ADDED, "dimension", dim.id, f"dimension '{dim.id}' {dim.title} added"))

    for dim in rubric.dimensions:
        start = len(diffs)
        ids = dim.strand_ids()
        old = old_dims.get(dim.id)
        old_ids = old.strand_ids() if old else []
        for strand in dim.strands:
            sid = strand.id
            if sid not in old_home:
                plugins = _who(records, ("added strand", sid))
                later = [
                    p
                    for p in _who(
                        records,
                        ("updated strand", sid),
                        ("rewrote stages", sid),
                        ("replaced questions", sid),
                        ("added questions", sid),
                    )
                    if p not in plugins
                ]
                stages = ", ".join(f"{s.name} ({len(s.indicators)})" for s in strand.stages)
                details = [f"stages and indicators: {stages}"]
                details += [f"question: {q.text}" for q in strand.questions]
                if later:
                    details.append(f"then changed by {', '.join(later)}")
                diffs.append(
                    Difference(
                        ADDED,
                        "strand",
                        sid,
                        f"strand '{sid}' {strand.title} added {_place(ids, sid, dim.title)}",
                        details=details,
                        plugins=plugins + later,
                    )
                )
                continue
            if old_home[sid] != dim.id:
                was = old_dims[old_home[sid]].title
                diffs.append(
                    Difference(
                        CHANGED,
                        "strand",
                        sid,
                        f"strand '{sid}' moved from {was} to {dim.title}",
                        plugins=_who(records, ("removed strand", sid), ("added strand", sid)),
                    )
                )
            diffs += _strand_changes(base.strand(sid), strand, records)
        for sid in old_ids:
            if sid not in new_home:
                strand = base.strand(sid)
                diffs.append(
                    Difference(
                        REMOVED,
                        "strand",
                        sid,
                        f"strand '{sid}' {strand.title} removed from {dim.title}",
                        plugins=_who(records, ("removed strand", sid)),
                    )
                )
        common_old = [i for i in old_ids if i in ids]
        common_new = [i for i in ids if i in old_ids]
        if common_old != common_new:
            kept = _lcs(common_old, common_new)
            moved = [i for i in common_new if i not in kept]
            diffs.append(
                Difference(
                    CHANGED,
                    "order",
                    dim.id,
                    f"order of {dim.title} changed: {_quoted(moved)} moved",
                    # The strands both have: one added or removed is a line of its own.
                    details=[f"was: {', '.join(common_old)}", f"now: {', '.join(common_new)}"],
                    plugins=_who(records, ("ordered dimension", dim.id)),
                )
            )
        for d in diffs[start:]:
            d.section = dim.title
    for dim in base.dimensions:  # strands of a dimension that is gone
        if dim.id not in new_dims:
            for sid in dim.strand_ids():
                if sid not in new_home:
                    diffs.append(Difference(REMOVED, "strand", sid, f"strand '{sid}' removed with its dimension"))

    for d in diffs:
        d.section = d.section or "Dimensions"
    start = len(diffs)
    old_criteria = {c.id: c for c in base.criteria}
    new_criteria = {c.id: c for c in rubric.criteria}
    for c in base.criteria:
        if c.id not in new_criteria:
            diffs.append(
                Difference(
                    REMOVED,
                    "criterion",
                    c.id,
                    f"criterion '{c.id}' {c.title} removed",
                    plugins=_who(records, ("removed criterion", c.id)),
                )
            )
    for c in rubric.criteria:
        if c.id not in old_criteria:
            diffs.append(Difference(ADDED, "criterion", c.id, f"criterion '{c.id}' {c.title} added"))
    if [c.id for c in base.criteria if c.id in new_criteria] != [c.id for c in rubric.criteria if c.id in old_criteria]:
        diffs.append(Difference(CHANGED, "criteria", "criteria", "criteria put in another order of difficulty"))

    for d in diffs[start:]:
        d.section = CRITERIA
    start = len(diffs)
    old_tools = {t.id: t for t in base.tools()}
    new_tools = {t.id: t for t in rubric.tools()}
    for tool in base.tools():
        if tool.id not in new_tools:
            diffs.append(
                Difference(
                    REMOVED,
                    _tool_kind(tool),
                    tool.id,
                    f"{_tool_kind(tool)} '{tool.id}' {tool.title} removed",
                    plugins=_who(records, ("removed tool", tool.id)),
                )
            )
    for tool in rubric.tools():
        if tool.id not in old_tools:
            where = (
                f", offered after strand '{tool.strand}'"
                if tool.strand and tool.strand != AFTER_THE_GRID
                else (", offered after the grid" if tool.strand == AFTER_THE_GRID else "")
            )
            diffs.append(
                Difference(
                    ADDED,
                    _tool_kind(tool),
                    tool.id,
                    f"{_tool_kind(tool)} '{tool.id}' {tool.title} added{where}",
                    plugins=[tool.added_by] if tool.added_by else [],
                )
            )
        elif tool != old_tools[tool.id]:
            diffs.append(
                Difference(
                    CHANGED,
                    _tool_kind(tool),
                    tool.id,
                    f"{_tool_kind(tool)} '{tool.id}' changed",
                    plugins=[tool.added_by] if tool.added_by else [],
                )
            )
    for d in diffs[start:]:
        d.section = TOOLS
    return diffs


# -- assembling both sides ---------------------------------------------------------


def rubric_diff(
    folders: Iterable[Path] = (),
    rubric_id: str | None = None,
    *,
    entry_points: bool = True,
    assembly: Assembly | None = None,
) -> RubricDiff:
    """Assemble the rubric in use and its base from the same plugins, and compare them.

    The base is assembled by a second host over the same folders with every
    plugin switched off except the one that provides the rubric.
    """
    folders = list(folders)
    if assembly is None:
        assembly = PluginHost(folders, entry_points=entry_points).assemble(rubric_id)
    rubric = assembly.rubric
    provider = rubric.plugins[0]
    others = {r.name for r in assembly.records if r.name != provider}
    base = PluginHost(folders, entry_points=entry_points, disabled=others).assemble(rubric.id).rubric
    return RubricDiff(
        rubric_id=rubric.id,
        version=rubric.version,
        provider=provider,
        base_hash=base.content_hash(),
        hash=rubric.content_hash(),
        plugins=[p for p in rubric.plugins[1:] if p not in base.plugins],
        left_out=list(assembly.errors),
        differences=compare_rubrics(base, rubric, assembly.records),
        base_strands=len(base.strands()),
        strands=len(rubric.strands()),
    )


# -- output -------------------------------------------------------------------------


def diff_text(diff: RubricDiff) -> str:
    """The differences as plain text: a heading per part of the rubric, a line per difference, details indented."""
    with_plugins = f"with {', '.join(diff.plugins)}" if diff.plugins else "with no other plugin"
    lines = [
        f"rubric {diff.rubric_id} version {diff.version}",
        f"  base:   as plugin '{diff.provider}' provides it: {diff.base_strands} strands ({diff.base_hash})",
        f"  in use: {with_plugins}: {diff.strands} strands ({diff.hash})",
    ]
    count = len(diff.differences)
    lines.append(
        f"{count} difference{'s' * (count != 1)}" if count else "No differences: no active plugin changes this rubric."
    )
    section = None
    for d in diff.differences:
        if d.section != section:
            section = d.section
            lines += ["", f"{section}"]
        by = f"  [{', '.join(d.plugins)}]" if d.plugins else ""
        lines.append(f"  {_MARK[d.action]} {d.summary}{by}")
        lines += [f"      {line}" for line in d.details]
    if diff.left_out:
        lines.append("")
    for record in diff.left_out:
        lines.append(f"! plugin '{record.name}' was left out, so none of its changes are here: {record.error}")
    return "\n".join(lines) + "\n"


def diff_json(diff: RubricDiff) -> dict[str, object]:
    """The differences as data, for other tools."""
    return {
        "rubric": {"id": diff.rubric_id, "version": diff.version, "provider": diff.provider},
        "base": {"hash": diff.base_hash, "strands": diff.base_strands},
        "in_use": {"hash": diff.hash, "strands": diff.strands},
        "plugins": diff.plugins,
        "left_out": [{"name": r.name, "origin": r.origin, "error": r.error} for r in diff.left_out],
        "differences": [asdict(d) for d in diff.differences],
    }


__all__ = ["Difference", "RubricDiff", "compare_rubrics", "diff_json", "diff_text", "rubric_diff"]
