"""Loading rubric and rubric-change files.

A TOML file in a plugin folder says what it is with ``kind``: ``"rubric"`` for
a whole rubric, ``"rubric-change"`` for operations on one. Loading only reads:
nothing in a data file is ever run.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from maturitytui.engine.changes import ChangeFailed, Operation, RubricChange
from maturitytui.model.errors import Problem, RubricError, validation_problems
from maturitytui.model.rubric import Rubric, Strand, rubric_problems
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


def change_for_checking(data: object, source: str) -> tuple[RubricChange | None, list[int], list[Problem]]:
    """A change as `rubric validate` takes it: the well-formed operations, their numbers, every problem.

    Loading refuses a change with any malformed operation; a check names those and still tries the rest,
    so one slip does not hide the problems after it."""
    try:
        change = change_from_data(data, source)
        return change, list(range(1, len(change.ops) + 1)), []
    except RubricError as exc:
        problems = exc.problems
    ops = data.get("ops") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(ops, list) or not ops:
        return None, [], problems
    adapter: TypeAdapter[Operation] = TypeAdapter(Operation)
    good: list[tuple[int, Operation]] = []
    for n, op in enumerate(ops, 1):
        with contextlib.suppress(ValidationError):  # a malformed one is already among the problems
            good.append((n, adapter.validate_python(op)))
    if not good:
        return None, [], problems
    try:
        change = RubricChange.model_validate({**data, "ops": [op for _, op in good]})
    except ValidationError:
        return None, [], problems  # the change itself (its rubric, its kind) is wrong: nothing to try
    return change, [n for n, _ in good], problems


def _explained(problem: Problem, op: Operation, done_by: Mapping[tuple[str, str], str]) -> Problem:
    """The problem, naming what did the thing that makes this operation fail, where something did: a plugin
    loaded earlier, or an earlier operation of the same change ("operation 3"), which removed the strand
    this one names, or added the strand this one adds again."""
    target = getattr(op, "strand", None)
    strand = target.id if isinstance(target, Strand) else target
    if not isinstance(strand, str):
        return problem
    for done, words in (("removed strand", "removed it"), ("added strand", "added it first")):
        by = done_by.get((done, strand))
        if by is not None and problem.message.startswith(
            (f"there is no strand '{strand}'", f"strand '{strand}' already exists")
        ):
            said = problem.message.split(";")[0].split(" (")[0]
            if by.startswith("operation "):
                return Problem(problem.source, problem.place, f"{said}: {by} of this change {words}", problem.fix)
            return Problem(
                problem.source,
                problem.place,
                f"{said}: the plugin '{by}', loaded before this one, {words}",
                f"leave this operation out, or switch '{by}' off (MATURITYTUI_DISABLE_PLUGINS={by})",
            )
    return problem


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
    done_by: Mapping[tuple[str, str], str] | None = None,
    numbers: Sequence[int] | None = None,
) -> tuple[Rubric, list[Problem]]:
    """Apply operations to a copy of ``rubric``; return the new rubric, or the old one and every problem.

    The one place changes are applied, for assembly and for `rubric validate` alike. ``done_by`` (what was done
    to which id → the plugin that did it before this one, as operations' ``touches`` say) names that plugin
    where it explains a failure: the one that removed a strand no longer there, or added one now added again.
    A failing operation changes nothing, so the ones after it are still checked against the rubric as it stood.
    ``numbers`` are the operations' numbers in their file, where some were left out as malformed.
    """
    trial = rubric.model_copy(deep=True)
    problems: list[Problem] = []
    done = dict(done_by or {})
    for n, op in zip(numbers or range(1, len(ops) + 1), ops, strict=True):
        try:
            op.apply(trial, plugin)
        except ChangeFailed as exc:
            problems.append(
                _explained(
                    Problem(source, f"operation {n} ({op.op})", str(exc), "correct or remove this operation"),
                    op,
                    done,
                )
            )
        else:
            done.update(dict.fromkeys(op.touches(), f"operation {n}"))
    if problems:
        return rubric, with_op_lines(problems)
    try:
        return rubric_from_data(trial.model_dump(), source), []
    except RubricError as exc:
        return rubric, exc.problems


def load_rubric_file(path: Path) -> Rubric | RubricChange:
    """Read a ``.toml`` rubric or rubric change, whichever ``kind`` says it is."""
    return _content(read_toml(path, RubricError), path)


def check_rubric_file(path: Path) -> tuple[Rubric | RubricChange | None, list[int], list[Problem]]:
    """Read a rubric file as `rubric validate` does: a change keeps its well-formed operations (with their
    numbers in the file) beside the problems of the others, so they can still be tried."""
    try:
        data = read_toml(path, RubricError)
        if data.get("kind") == "rubric-change":
            return change_for_checking(data, str(path))
        content = _content(data, path)
    except RubricError as exc:
        return None, [], exc.problems
    return content, list(range(1, len(content.ops) + 1)) if isinstance(content, RubricChange) else [], []


def _content(data: dict[str, object], path: Path) -> Rubric | RubricChange:
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
