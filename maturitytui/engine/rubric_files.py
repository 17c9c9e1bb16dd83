"""Loading rubric and rubric-change files.

A TOML file in a plugin folder says what it is with ``kind``: ``"rubric"`` for
a whole rubric, ``"rubric-change"`` for operations on one. Loading only reads:
nothing in a data file is ever run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError

from maturitytui.engine.changes import ChangeFailed, Operation, RubricChange
from maturitytui.model.errors import Problem, RubricError, validation_problems
from maturitytui.model.rubric import Rubric, rubric_problems
from maturitytui.model.toml_io import read_toml

KINDS = ("rubric", "rubric-change")


def rubric_from_data(data: object, source: str) -> Rubric:
    """Validate rubric data (from TOML or a plugin); raise RubricError listing every problem."""
    if isinstance(data, Rubric):
        data = data.model_dump()
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        raise RubricError(validation_problems(source, exc, data)) from None
    problems = rubric_problems(rubric, source)
    if problems:
        raise RubricError(problems)
    return rubric


def change_from_data(data: object, source: str) -> RubricChange:
    """Validate a rubric change; raise RubricError listing every problem."""
    if isinstance(data, RubricChange):
        return data
    try:
        return RubricChange.model_validate(data)
    except ValidationError as exc:
        raise RubricError(with_op_lines(validation_problems(source, exc, data))) from None


_OPERATION = re.compile(r"^operation (\d+)\b")


def with_op_lines(problems: list[Problem]) -> list[Problem]:
    """Each problem about an operation of a TOML file, with the line its ``[[ops]]`` table starts on.

    TOML's reader keeps no lines; the tables are counted in the file itself, which is read again only when
    there is a problem to place."""
    lines: dict[str, list[int]] = {}
    placed = []
    for problem in problems:
        found = _OPERATION.match(problem.place)
        if found and problem.source.endswith(".toml"):
            if problem.source not in lines:
                try:
                    text = Path(problem.source).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = ""
                lines[problem.source] = [
                    n for n, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*ops\s*\]\]", line)
                ]
            starts, number = lines[problem.source], int(found.group(1))
            if 0 < number <= len(starts):
                problem = Problem(
                    problem.source, f"line {starts[number - 1]}, {problem.place}", problem.message, problem.fix
                )
        placed.append(problem)
    return placed


def apply_change_ops(
    rubric: Rubric,
    ops: Sequence[Operation],
    plugin: str,
    source: str,
    removed_by: Mapping[str, str] | None = None,
) -> tuple[Rubric, list[Problem]]:
    """Apply operations to a copy of ``rubric``; return the new rubric, or the old one and every problem.

    The one place changes are applied, for assembly and for `rubric validate` alike. ``removed_by`` (strand id
    → the plugin that removed it before this one) turns "there is no such strand" into who took it away.
    A failing operation changes nothing, so the ones after it are still checked against the rubric as it stood.
    """
    trial = rubric.model_copy(deep=True)
    problems: list[Problem] = []
    for n, op in enumerate(ops, 1):
        try:
            op.apply(trial, plugin)
        except ChangeFailed as exc:
            gone = getattr(op, "strand", None)
            taker = (removed_by or {}).get(gone) if isinstance(gone, str) else None
            if taker is not None and str(exc).startswith(f"there is no strand '{gone}'"):
                problems.append(
                    Problem(
                        source,
                        f"operation {n} ({op.op})",
                        f"there is no strand '{gone}': the plugin '{taker}', loaded before this one, removed it",
                        f"leave this operation out, or switch '{taker}' off (MATURITYTUI_DISABLE_PLUGINS={taker})",
                    )
                )
                continue
            problems.append(Problem(source, f"operation {n} ({op.op})", str(exc), "correct or remove this operation"))
    if problems:
        return rubric, with_op_lines(problems)
    try:
        return rubric_from_data(trial.model_dump(), source), []
    except RubricError as exc:
        return rubric, exc.problems


def load_rubric_file(path: Path) -> Rubric | RubricChange:
    """Read a ``.toml`` rubric or rubric change, whichever ``kind`` says it is."""
    data = read_toml(path, RubricError)
    kind = data.get("kind")
    if kind == "rubric":
        return rubric_from_data(data, str(path))
    if kind == "rubric-change":
        return change_from_data(data, str(path))
    said = f"kind = {kind!r}" if kind is not None else "no kind"
    raise RubricError(
        [
            Problem(
                str(path),
                "kind",
                f"the file has {said}",
                'add kind = "rubric" for a whole rubric or kind = "rubric-change" for changes',
            )
        ]
    )
