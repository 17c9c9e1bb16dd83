"""Finding plugins and assembling the rubric from them.

Plugins load, in this order, from:

1. the built-in plugins (the 2012 model and its companion tools), which use
   the public hooks;
2. installed packages that register under the entry-point group ``maturitytui``;
3. folders the user names with ``--plugins DIR`` or ``MATURITYTUI_PLUGINS``
   (paths separated by ``os.pathsep``): each ``*.py`` module there is a plugin
   and each ``*.toml`` file a rubric or rubric change.

The current directory is never searched. Hooks are called plugin by plugin
in that order, so a later plugin's change applies on top of an earlier one's,
and a plugin that fails is reported and left out without stopping the rest.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
import importlib.util
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pluggy
from pydantic import ValidationError

from maturitytui import hookimpl
from maturitytui.engine import hookspecs
from maturitytui.engine.changes import AddIdeas, Operation, RubricChange, closest
from maturitytui.engine.default_plugins import DEFAULT_PLUGINS
from maturitytui.engine.hooks import (
    HOOKS,
    as_change,
    as_rubric,
    as_tool_op,
    call_hook,
    hook_named_in,
    import_file,
    import_problem,
    line_in,
    line_of,
    wrong_arguments,
)
from maturitytui.engine.hookspecs import ChangeItem, RubricItem
from maturitytui.engine.plugin_paths import DISABLE_ENV, PLUGINS_ENV, folders_from_env  # noqa: F401 - part of this module's API
from maturitytui.engine.rubric_files import apply_change_ops, load_rubric_file
from maturitytui.model.errors import MaturityError, PluginError, Problem, RubricError, validation_problems
from maturitytui.model.rubric import Rubric
from maturitytui.model.words import counted

ENTRY_POINT_GROUP = "maturitytui"
DEFAULT_RUBRIC = "hargreaves-2012"


@dataclass
class PluginRecord:
    """What `maturitytui plugins` reports about one plugin."""

    name: str
    origin: str
    """Where it came from: built in, an installed package, or a file in a folder."""
    contributions: list[str] = field(default_factory=list)
    """What it added or changed, in words."""
    touched: list[tuple[str, str]] = field(default_factory=list)
    """What it did, to what id, as its operations say (``_Op.touches``)."""
    error: str = ""
    """Why it was left out, if it was."""
    switched_off: bool = False
    """Left out on purpose (MATURITYTUI_DISABLE_PLUGINS): not an error."""
    plugin: object | None = None
    version: str = "—"
    """The installed package's version, maturitytui's for a built-in, a module's ``__version__``, or —."""
    about: list[tuple[str, str]] = field(default_factory=list)
    """Each change it applied: its ``title`` and ``cite`` (either may be empty)."""

    @property
    def ok(self) -> bool:
        return not self.error and not self.switched_off

    def fresh(self) -> PluginRecord:
        """A copy for one assembly: load results kept, contributions and assembly errors not."""
        return PluginRecord(
            self.name,
            self.origin,
            error=self.error,
            switched_off=self.switched_off,
            plugin=self.plugin,
            version=self.version,
        )


@dataclass
class Assembly:
    """The assembled rubric and the account of how it was made."""

    rubric: Rubric
    records: list[PluginRecord]

    @property
    def errors(self) -> list[PluginRecord]:
        return [r for r in self.records if r.error]

    def done_by(self) -> dict[tuple[str, str], str]:
        """What was done to which id → the plugin that did it (the first, where several did)."""
        return done_by(self.records)


def _file_of(plugin: object) -> str:
    """The Python file of a plugin module (or of a plugin object's class); empty for a TOML file's plugin, whose
    problems are placed in the TOML file itself."""
    import inspect

    if isinstance(plugin, TomlFilePlugin):
        return ""
    try:
        target = plugin if inspect.ismodule(plugin) else type(plugin)
        return inspect.getsourcefile(target) or ""
    except (TypeError, OSError):
        return ""


_OPERATION_PLACE = re.compile(r"^operation (\d+)\b")


def _placed_in_hooks(problems: list[Problem], plugin: object, from_changes: int) -> list[Problem]:
    """A Python plugin's problems with an operation, placed on the hook that registered it: its ``def`` line and
    name. (A TOML file's are already on the line of the operation.)"""
    placed = []
    for problem in problems:
        found = _OPERATION_PLACE.match(problem.place)
        if found and not problem.source.endswith(".toml"):
            hook = (
                "maturitytui_register_changes"
                if int(found.group(1)) <= from_changes
                else ("maturitytui_register_questionnaires")
            )
            where = line_of(getattr(plugin, hook, None))
            prefix = f"{where} ({hook})" if where else hook
            problem = Problem(problem.source, f"{prefix}, {problem.place}", problem.message, problem.fix)
        placed.append(problem)
    return placed


def done_by(records: Iterable[PluginRecord]) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for record in records:
        if record.ok:
            for touched in record.touched:
                found.setdefault(touched, record.name)
    return found


class TomlFilePlugin:
    """A ``.toml`` file in a plugin folder: a whole rubric or a rubric change.

    The file is only read, never run; it takes part through the same hooks as
    a Python plugin.
    """

    def __init__(self, path: Path):
        self.path = path
        self.content = load_rubric_file(path)

    @hookimpl
    def maturitytui_register_rubrics(self, register: Callable[[RubricItem], None]) -> None:
        if isinstance(self.content, Rubric):
            register(self.content)

    @hookimpl
    def maturitytui_register_changes(self, register: Callable[[ChangeItem], None]) -> None:
        if isinstance(self.content, RubricChange):
            register(self.content)


def _described(ops: Sequence[Operation]) -> list[str]:
    """Each operation in words; a run of ideas added is one line (a plugin of ideas adds dozens)."""
    lines: list[str] = []
    run: list[AddIdeas] = []

    def flush() -> None:
        if len(run) == 1:
            lines.append(run[0].describe())
        elif run:
            strands = len({op.strand for op in run})
            ideas = sum(len(op.ideas) for op in run)
            lines.append(
                f"added {counted(ideas, 'idea')} to {counted(len(run), 'stage')} of {counted(strands, 'strand')}"
            )
        run.clear()

    for op in ops:
        if isinstance(op, AddIdeas):
            run.append(op)
            continue
        flush()
        lines.append(op.describe())
    flush()
    return lines


def _short(error: BaseException, where: str = "") -> str:
    """The first problem, placed after ``where`` (a module's file, line and hook) where one is given."""
    if isinstance(error, ValidationError):
        error = PluginError(validation_problems("", error, None))
    if isinstance(error, MaturityError):
        first = error.problems[0]
        more = len(error.problems) - 1
        # After a bare file name, a colon; after a file's line and hook, the place within what the hook gave.
        place = (": " if where.endswith(".py") else ", ").join(p for p in (where, first.place) if p)
        text = f"{place}: {first.message}" if place else first.message
        if first.fix:
            text += f" — {first.fix}"
        return text + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")
    return f"{where}: raised {type(error).__name__}: {error}" if where else f"raised {type(error).__name__}: {error}"


def _in_hook(plugin: object, hook: str, exc: BaseException) -> str:
    """``file: line N (hook)`` for a plugin module whose hook raised or registered something unusable: the line
    that raised, else the hook's ``def``. Empty for a TOML file, whose problems carry their own lines."""
    path = _file_of(plugin)
    if not path or not path.endswith(".py"):
        return ""
    line = line_in(exc, Path(path)) or line_of(getattr(plugin, hook, None))
    return f"{path}: {line} ({hook})" if line else f"{path} ({hook})"


class PluginHost:
    """One plugin manager, its plugins in load order, and rubric assembly."""

    def __init__(
        self,
        folders: Iterable[Path] = (),
        *,
        entry_points: bool = True,
        builtins: bool = True,
        disabled: Iterable[str] = (),
        skip: Path | None = None,
        environment: bool = True,
    ):
        """``environment=False`` ignores MATURITYTUI_DISABLE_PLUGINS, so a plugin's tests give the same result on
        any machine (``maturitytui.testing`` does this)."""
        self.pm = pluggy.PluginManager("maturitytui")
        self.pm.add_hookspecs(hookspecs)
        self.records: list[PluginRecord] = []
        switched_off = os.environ.get(DISABLE_ENV, "") if environment else ""
        self.disabled = set(disabled) | {n.strip() for n in switched_off.split(",") if n.strip()}
        if builtins:
            from maturitytui import __version__

            for name, module in DEFAULT_PLUGINS.items():
                self._load(name, "built in", functools.partial(importlib.import_module, module), version=__version__)
        if entry_points:
            for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
                dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else ep.value
                self._load(
                    ep.name,
                    f"installed package {dist}",
                    ep.load,
                    version=str(ep.dist.version) if ep.dist and ep.dist.version else "",
                )
        for folder in folders:
            self.load_folder(Path(folder), skip.resolve() if skip else None)

    # -- loading ---------------------------------------------------------

    def register(self, plugin: object, name: str, origin: str = "registered in code") -> PluginRecord:
        """Register a plugin object directly (tests and embedding programs use this)."""
        return self._load(name, origin, lambda: plugin)

    def _load(self, name: str, origin: str, factory: Callable[[], object], *, version: str = "") -> PluginRecord:
        record = PluginRecord(name, origin, version=version or "—")
        self.records.append(record)
        if name in self.disabled:
            record.switched_off = True
            return record
        if any(r.name == name and r.plugin is not None for r in self.records):
            record.error = "another plugin with this name is already loaded — rename one of them"
            return record
        try:
            plugin = factory()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a broken plugin (even one calling sys.exit) is reported, never fatal
            # Where it broke, as `rubric validate` says it: the file and the line.
            record.error = _short(exc) if isinstance(exc, MaturityError | ValidationError) else str(import_problem(exc))
            return record
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            hooks = [n for n in dir(hookspecs) if n.startswith("maturitytui_")]
            hook = hook_named_in(exc, hooks)
            given = list(getattr(self.pm.hook, hook).spec.argnames) if hook else []
            record.error = str(wrong_arguments(plugin, hook, given))
            return record
        except BaseException as exc:
            record.error = _short(exc)
            return record
        unknown = [hc.name for hc in self.pm.get_hookcallers(plugin) or [] if hc.spec is None]
        if unknown:
            self.pm.unregister(plugin)
            hooks = [n for n in dir(hookspecs) if n.startswith("maturitytui_")]
            first = getattr(plugin, unknown[0], None)
            record.error = str(
                Problem(
                    _file_of(plugin) or name,
                    line_of(first),
                    f"implements unknown hook {', '.join(unknown)}{closest(unknown[0], hooks)}",
                    f"the hooks are: {', '.join(hooks)}",
                )
            )
            return record
        record.plugin = plugin
        if not version and isinstance(own := getattr(plugin, "__version__", None), str) and own:
            record.version = own
        return record

    def load_folder(self, folder: Path, skip: Path | None = None) -> None:
        if not folder.is_dir():
            record = PluginRecord(str(folder), "plugin folder")
            record.error = "the folder does not exist — check the --plugins path"
            self.records.append(record)
            return
        tag = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:8]
        for path in sorted(folder.iterdir()):
            if path.name.startswith((".", "_")) or not path.is_file():
                continue
            if skip is not None and path.resolve() == skip:
                continue
            origin = f"file {path}"
            if path.suffix == ".py":
                module_name = f"maturitytui_plugin_{tag}_{path.stem}"
                self._load(path.stem, origin, functools.partial(import_file, path, module_name))
            elif path.suffix == ".toml":
                self._load(path.stem, origin, functools.partial(TomlFilePlugin, path))

    # -- calling ---------------------------------------------------------

    def _collect(self, record: PluginRecord, hook: str, rubric_id: str = "") -> list[object]:
        """Call one plugin's implementation of ``hook`` and return what it registered."""
        # Every other registered plugin, including ones that failed earlier.
        others = [r.plugin for r in self.records if r.plugin is not None and r.plugin is not record.plugin]
        return call_hook(self.pm.subset_hook_caller(hook, remove_plugins=others), HOOKS[hook], record.name, rubric_id)

    @staticmethod
    def _fail(record: PluginRecord, message: str) -> None:
        record.error = message
        record.contributions.clear()
        record.touched.clear()

    def assemble(self, rubric_id: str | None = None) -> Assembly:
        """Build the rubric in use from every loaded plugin, leaving out any that fail.

        Each call starts afresh, so assembling twice gives the same result.
        """
        records = [r.fresh() for r in self.records]
        loaded = [r for r in records if r.plugin is not None and r.ok]
        rubrics: dict[str, tuple[Rubric, PluginRecord]] = {}
        for record in loaded:
            try:
                given = self._collect(record, "maturitytui_register_rubrics")
                found = [as_rubric(item, record.name) for item in given]
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                self._fail(record, _short(exc))
                continue
            clash = [r.id for r in found if r.id in rubrics]
            if clash:
                owner = rubrics[clash[0]][1].name
                self._fail(record, f"rubric '{clash[0]}' is already provided by plugin '{owner}' — give it another id")
                continue
            for r in found:
                rubrics[r.id] = (r, record)
                record.contributions.append(f"provides rubric '{r.id}' version {r.version}")

        wanted = rubric_id or DEFAULT_RUBRIC
        if wanted not in rubrics:
            available = ", ".join(sorted(rubrics)) or "none"
            raise RubricError(
                [Problem("rubric", wanted, "no plugin provides this rubric", f"choose one of: {available}")]
            )
        rubric, provider = rubrics[wanted]
        rubric = rubric.model_copy(deep=True)
        used = [provider.name]

        for record in loaded:
            if record.error:
                continue
            hook = "maturitytui_register_changes"
            try:
                changes = [as_change(c, record.name) for c in self._collect(record, hook, rubric_id=wanted)]
                hook = "maturitytui_register_questionnaires"
                extras = [as_tool_op(q, record.name) for q in self._collect(record, hook)]
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                self._fail(record, _short(exc, _in_hook(record.plugin, hook, exc)))
                continue
            ops = [op for change in changes if change.applies_to(wanted) for op in change.ops] + extras
            if not ops:
                continue
            # A plugin file is named by its path, so a problem is placed on the line of its operation; a module's
            # by its file and the hook that registered the operation.
            source = record.origin.removeprefix("file ") if record.origin.startswith("file ") else record.name
            source = source if source.endswith(".toml") else _file_of(record.plugin) or source
            changed, problems = apply_change_ops(rubric, ops, record.name, source, done_by(records))
            problems = _placed_in_hooks(problems, record.plugin, len(ops) - len(extras))
            if problems:
                self._fail(record, _short(RubricError(problems), source if source.endswith(".py") else ""))
                continue
            rubric = changed
            record.contributions.extend(_described(ops))
            record.about.extend((c.title, c.cite) for c in changes if c.applies_to(wanted) and (c.title or c.cite))
            record.touched.extend(t for op in ops for t in op.touches())
            used.append(record.name)

        rubric.plugins = used
        return Assembly(rubric, records)
