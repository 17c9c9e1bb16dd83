"""Checking a rubric file, a plugin module or a plugin folder before it is shipped: `maturitytui rubric validate`.

Each file is checked as loading would take it, and every problem is named with its file and place.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path
from typing import Any

from maturitytui.engine.changes import AddCompanion, AddExercise, AddQuestionnaire, Operation, RubricChange, closest
from maturitytui.engine.host import DEFAULT_RUBRIC, ENTRY_POINT_GROUP, Assembly, PluginHost
from maturitytui.engine.rubric_files import apply_change_ops, check_rubric_file
from maturitytui.model.errors import MaturityError, Problem
from maturitytui.model.inert import inert
from maturitytui.model.rubric import Rubric
from maturitytui.model.steps import AFTER_THE_GRID
from maturitytui.model.words import counted


def _rubric_summary(path: Path, rubric: Rubric) -> str:
    return (
        f"{path}: valid rubric '{rubric.id}' version {rubric.version}: {len(rubric.dimensions)} dimensions, "
        f"{len(rubric.strands())} strands, {rubric.indicator_count()} indicators"
    )


def validate_file(path: Path, assembly: Assembly | None) -> tuple[str, list[Problem]]:
    """Check one rubric or rubric-change file; return a summary and every problem found."""
    content, numbers, malformed = check_rubric_file(path)
    if isinstance(content, Rubric):
        return _rubric_summary(path, content), []
    if content is None:
        return "", malformed
    base = assembly.rubric if assembly is not None else None
    if base is None or not content.applies_to(base.id):
        return f"{path}: valid rubric change for '{content.rubric}' (not tried: that rubric is not in use)", malformed
    # The same code that applies changes when plugins load, so validate and load always agree.
    _, problems = apply_change_ops(
        base, content.ops, path.stem, str(path), assembly.done_by() if assembly else {}, numbers
    )
    problems = sorted(malformed + problems, key=_operation_order)
    summary = (
        f"{path}: valid rubric change for '{content.rubric}': {counted(len(content.ops), 'operation')} "
        f"{'applies' if len(content.ops) == 1 else 'apply'} cleanly"
    )
    return summary, problems


def _operation_order(problem: Problem) -> tuple[int, ...]:
    """Problems about operations in the order of the file, the file's own problems first."""
    import re

    found = re.search(r"\boperation (\d+)\b", problem.place)
    return (1, int(found.group(1))) if found else (0,)


def _other_folders(folders: list[Path], path: Path) -> list[Path]:
    """The plugin folders in use, less ``path`` if it is one of them."""
    target = path.resolve()
    return [f for f in folders if Path(f).resolve() != target]


def _module_name(path: Path) -> str:
    """The dotted name a plugin module would be imported by if it were installed (its package's for __init__.py)."""
    path = path.resolve()
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts)


def _installed_copies(path: Path) -> list[str]:
    """Entry-point plugins that load the module(s) being checked: an installed copy of the plugin itself."""
    modules = {_module_name(p) for p in ([path] if path.suffix == ".py" else path.glob("*.py"))}
    return [
        ep.name
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        if getattr(ep, "value", "").split(":")[0].strip() in modules
    ]


def base_for(folders: list[Path], rubric_id: str | None, path: Path) -> Assembly | None:
    """The rubric a file or folder is tried against: everything else in use, without it (or an installed copy)."""
    try:
        disabled = _installed_copies(path) if path.is_dir() or path.suffix == ".py" else []
        if path.is_dir():
            return PluginHost(_other_folders(folders, path), disabled=disabled).assemble(rubric_id)
        return PluginHost(folders, skip=path, disabled=disabled).assemble(rubric_id)
    except MaturityError:
        return None


# -- checking a plugin folder or module ---------------------------------------------------------
#
# Each file is checked as loading would take it: TOML files are read, never run; Python modules are
# imported on their own, as PluginHost imports folder modules; then the changes of every file are applied
# in name order on top of the rubric in use without the folder, as assembly applies them. Finally the
# folder is loaded for real, so anything only loading notices (two files with one name, say) is reported too.


class _FileCheck:
    """What checking one file of a plugin folder found."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.rubrics: list[Rubric] = []
        self.changes: list[RubricChange] = []
        self.extras: list[AddQuestionnaire | AddExercise | AddCompanion] = []
        self.hooks: list[str] = []
        self.notes: list[str] = []
        self.numbers: list[int] = []
        """The numbers in the file of a TOML change's operations, where malformed ones were left out."""
        self.still_tried = False
        """Its problems are malformed operations only: the rest are still applied, to find any more."""

    def problem(self, place: str, message: str, fix: str = "") -> None:
        self.problems.append(Problem(str(self.path), place, message, fix))

    def summary(self) -> str:
        if self.path.suffix == ".toml" and self.rubrics:
            return _rubric_summary(self.path, self.rubrics[0])
        if self.path.suffix == ".toml":
            change = self.changes[0]
            return f"{self.path}: valid rubric change for '{change.rubric}': " + "; ".join(self.notes)
        hooks = ", ".join(self.hooks)
        return f"{self.path}: valid plugin module ({hooks}): " + ("; ".join(self.notes) or "registers nothing yet")


def _plugin_files(path: Path) -> list[Path]:
    """The files loading would take from a folder (or the one module given), in load order."""
    if not path.is_dir():
        return [path]
    return [
        p
        for p in sorted(path.iterdir())
        if p.is_file() and not p.name.startswith((".", "_")) and p.suffix in (".py", ".toml")
    ]


def _check_toml(check: _FileCheck) -> None:
    content, check.numbers, check.problems = check_rubric_file(check.path)
    if isinstance(content, Rubric):
        check.rubrics.append(content)
    elif content is not None:
        check.changes.append(content)
        check.still_tried = bool(check.problems)


def _check_module(check: _FileCheck, rubric_id: str) -> None:
    """Compile, import on its own, register and call one plugin module, as PluginHost would."""
    import hashlib

    import pluggy

    from maturitytui.engine import hookspecs
    from maturitytui.engine.hooks import (
        HOOKS,
        NotRegistered,
        call_hook,
        hook_named_in,
        import_file,
        import_problem,
        line_in,
        line_of,
        raised_words,
        wrong_arguments,
    )

    path = check.path
    try:
        source = path.read_text(encoding="utf-8")
        compile(source, str(path), "exec")
    except SyntaxError as exc:
        place = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        check.problem(place, f"syntax error: {exc.msg}", "correct the Python there")
        return
    except (OSError, UnicodeDecodeError) as exc:
        check.problem("", f"cannot be read ({exc})", "save it as UTF-8 text and check its permissions")
        return
    tag = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    module_name = f"maturitytui_check_{tag}_{path.stem.replace('-', '_')}"
    try:
        module = import_file(path, module_name)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # whatever the module does on import is reported, never fatal
        problem = import_problem(exc, path)
        check.problem(problem.place, problem.message, problem.fix)
        return
    finally:
        sys.modules.pop(module_name, None)

    specs = [n for n in dir(hookspecs) if n.startswith("maturitytui_")]
    pm = pluggy.PluginManager("maturitytui")
    pm.add_hookspecs(hookspecs)
    marker = "maturitytui_impl"

    for name, value in vars(module).items():
        if name.startswith("maturitytui_") and callable(value) and not hasattr(value, marker):
            check.problem(
                line_of(value),
                f"{name} is not marked @maturitytui.hookimpl, so it is never called",
                "put @maturitytui.hookimpl on the line above it",
            )
    try:
        pm.register(module, name=path.stem)
    except pluggy.PluginValidationError as exc:
        hook = hook_named_in(exc, specs)
        problem = wrong_arguments(module, hook, list(getattr(pm.hook, hook).spec.argnames) if hook else [])
        check.problem(problem.place, problem.message, problem.fix)
        return
    for caller in pm.get_hookcallers(module) or []:
        if caller.spec is None:
            hint = closest(caller.name, list(specs))
            check.problem(
                line_of(getattr(module, caller.name, None)),
                f"implements unknown hook {caller.name}{hint}",
                f"the hooks are: {', '.join(specs)}",
            )
    check.hooks = [c.name for c in pm.get_hookcallers(module) or [] if c.spec is not None]
    if not check.hooks and not check.problems:
        check.problem(
            "",
            "implements none of the hooks, so it changes nothing",
            "add a @maturitytui.hookimpl function, or start the file name with _ if it is a helper module",
        )
        return
    # Each hook called and its registered items converted as assembly does (engine/hooks.py), onto the
    # check's own list of what the module gives.
    contributed: dict[str, list[Any]] = {
        "maturitytui_register_rubrics": check.rubrics,
        "maturitytui_register_changes": check.changes,
        "maturitytui_register_questionnaires": check.extras,
    }
    for hook in check.hooks:
        place = line_of(getattr(module, hook, None))
        try:
            registered = call_hook(getattr(pm.hook, hook), HOOKS[hook], path.stem, rubric_id)
        except NotRegistered as exc:
            check.problem(place, f"{hook} {exc.problems[0].message}", exc.problems[0].fix)
            continue
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            check.problem(
                line_in(exc, path) or place, f"{hook} {raised_words(exc)}", "make the hook run without raising"
            )
            continue
        for n, item in enumerate(registered, 1):
            try:
                contributed[hook].append(HOOKS[hook].convert(item, path.stem))
            except MaturityError as exc:
                check.problems += [
                    Problem(
                        str(path),
                        f"{hook}, registered item {n}" + (f" › {p.place}" if p.place else ""),
                        p.message,
                        p.fix,
                    )
                    for p in exc.problems
                ]


def check_plugins(
    folders: list[Path], rubric_id: str | None, path: Path, assembly: Assembly | None
) -> list[_FileCheck]:

    wanted = rubric_id or DEFAULT_RUBRIC
    checks = [_FileCheck(p) for p in _plugin_files(path)]
    for check in checks:
        if check.path.suffix == ".toml":
            _check_toml(check)
        elif check.path.is_file():
            _check_module(check, wanted)
        else:
            check.problem("", "the file does not exist", "check the path")

    # Apply everything in load order, each file on top of those before it.
    base = assembly.rubric if assembly is not None else None
    done_by = assembly.done_by() if assembly is not None else {}
    running: dict[str, tuple[Rubric, str]] = {base.id: (base, "the plugins in use")} if base else {}
    for check in checks:
        for r in check.rubrics:
            if r.id in running:
                check.problem("id", f"rubric '{r.id}' is already provided by {running[r.id][1]}", "give it another id")
            else:
                running[r.id] = (r, f"{check.path}")
    for check in checks:
        if check.problems and not check.still_tried:
            continue
        ops_by_rubric: dict[str, list[Operation]] = {}
        for change in check.changes:
            target = wanted if change.rubric == "*" else change.rubric
            ops_by_rubric.setdefault(target, []).extend(change.ops)
        if check.extras:
            ops_by_rubric.setdefault(wanted, []).extend(check.extras)
        if check.rubrics:
            check.notes.append("provides " + ", ".join(f"rubric '{r.id}' version {r.version}" for r in check.rubrics))
        for target, ops in ops_by_rubric.items():
            if target not in running:
                check.notes.append(
                    f"{counted(len(ops), 'operation')} for '{target}' (not tried: that rubric is not in use)"
                )
                continue
            numbers = check.numbers if check.numbers and len(check.numbers) == len(ops) else None
            changed, problems = apply_change_ops(
                running[target][0], ops, check.path.stem, str(check.path), done_by, numbers
            )
            if problems or check.problems:
                check.problems = sorted(check.problems + problems, key=_operation_order)
                break
            running[target] = (changed, running[target][1])
            for op in ops:
                for touched in op.touches():
                    done_by.setdefault(touched, check.path.stem)
            check.problems += _stray_tool_links(changed, check.path)
            check.notes.append(
                f"{counted(len(ops), 'operation')} {'applies' if len(ops) == 1 else 'apply'} cleanly"
                + (f" to '{target}'" if target != wanted else "")
            )
        if check.path.suffix == ".py" and not check.notes:
            check.notes.append("registers nothing for rubric '" + wanted + "'")

    # Load the folder for real: whatever loading refuses (two files with one name, say) is a problem here too.
    if path.is_dir():
        host = PluginHost([*_other_folders(folders, path), path], disabled=_installed_copies(path))
        try:
            records = host.assemble(rubric_id).records
        except MaturityError:
            records = host.records
        by_file = {f"file {c.path}": c for c in checks}
        for record in records:
            loaded = by_file.get(record.origin)
            if loaded is not None and record.error and not loaded.problems:
                loaded.problem("", f"left out when loading: {record.error}", "")
    return checks


def report_checks(path: Path, checks: list[_FileCheck]) -> int:
    if not checks:
        print(f"{path}: no *.toml or *.py plugin files to check (names starting with . or _ are skipped)")
        return 0
    bad = 0
    for check in checks:
        if check.problems:
            bad += 1
            for problem in check.problems:
                print(inert(f"error: {problem}"), file=sys.stderr)  # a plugin's error may carry its own words
            print(inert(f"{check.path}: {counted(len(check.problems), 'problem')}"), file=sys.stderr)
        else:
            print(inert(check.summary()))
    if path.is_dir():
        if bad:
            total = sum(len(c.problems) for c in checks)
            print(
                f"{path}: {counted(len(checks), 'file')} checked, {bad} with problems ({counted(total, 'problem')} in all)",
                file=sys.stderr,
            )
        else:
            print(f"{path}: {counted(len(checks), 'file')} checked, all valid")
    return 1 if bad else 0


def _stray_tool_links(rubric: Rubric, path: Path) -> list[Problem]:
    """Tools this file adds that name a strand the rubric lacks: most likely a typo, so said before shipping.

    (Loading allows it, placing the tool before the criteria, so that removing a strand never removes a tool.)
    """
    strands = [s.id for s in rubric.strands()]
    return [
        Problem(
            str(path),
            f"{tool.kind} '{tool.id}' › strand",
            f"names strand '{tool.strand}', which is not in the rubric{closest(tool.strand, strands)}",
            "use a strand id, or grid; as it is, the tool is offered just before the criteria",
        )
        for tool in rubric.tools()
        if tool.added_by == path.stem and tool.strand and tool.strand != AFTER_THE_GRID and tool.strand not in strands
    ]
