"""The hooks, in one table: what each hook's ``register`` items become, and how a hook is called.

The plugin host (assembly) and ``rubric validate`` (engine/plugin_check.py) both call plugins through
``call_hook`` and convert what they registered through ``HOOKS``, so a plugin is checked exactly as it
will be run. Every hook in hookspecs.py has an entry here (a test checks).
"""

from __future__ import annotations

import difflib
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from pydantic import ValidationError

from maturitytui.engine.changes import AddCompanion, AddExercise, AddQuestionnaire, RubricChange
from maturitytui.engine.rubric_files import change_from_data, load_rubric_file, rubric_from_data
from maturitytui.model.errors import PluginError, Problem, RubricError, validation_problems
from maturitytui.model.rubric import Rubric
from maturitytui.model.tools import Checklist, Exercise, Prompts, Questionnaire, TieGuide


def import_file(path: Path, module_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def line_in(exc: BaseException, path: Path) -> str:
    """``line N`` of ``path`` the exception was raised from (the deepest, if several); empty if none."""
    import traceback

    place = ""
    target = path.resolve()
    for frame, line in traceback.walk_tb(exc.__traceback__):
        try:
            if Path(frame.f_code.co_filename).resolve() == target:
                place = f"line {line}"
        except OSError:
            continue
    return place


def raised_words(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"raised {type(exc).__name__}" + (f": {text}" if text else "")


def line_of(obj: object) -> str:
    """``line N`` of a function's ``def`` (not of the decorator above it), or empty."""
    import inspect

    try:
        lines, first = inspect.getsourcelines(obj)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""
    found = next((n for n, line in enumerate(lines) if line.lstrip().startswith(("def ", "async def "))), 0)
    return f"line {first + found}"


def where_raised(exc: BaseException) -> tuple[str, str]:
    """(file, ``line N``) of the deepest frame of real source the exception passed through: the plugin's own
    line for an error on import, not the import machinery's."""
    import traceback

    if isinstance(exc, SyntaxError) and exc.filename:
        return exc.filename, f"line {exc.lineno}" if exc.lineno else ""
    ours = str(Path(__file__).parent.parent)  # the loader's own frames say nothing about the plugin
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not f.filename.startswith("<") and not f.filename.startswith(ours)
    ]
    return (frames[-1].filename, f"line {frames[-1].lineno}") if frames else ("", "")


def import_problem(exc: BaseException, path: Path | None = None) -> Problem:
    """A plugin that could not be loaded: where it raised (in ``path`` if given), what, and the usual fix."""
    source, place = (str(path), line_in(exc, path)) if path is not None else where_raised(exc)
    if isinstance(exc, SyntaxError):
        return Problem(source, place, f"syntax error: {exc.msg}", "correct the Python there")
    return Problem(
        source,
        place,
        f"importing the module {raised_words(exc)}",
        "make the module import cleanly on its own (is every package it imports installed?)",
    )


def hook_named_in(exc: BaseException, hooks: list[str]) -> str:
    """The hook a pluggy validation error is about."""
    return str(getattr(exc, "hookname", "") or next((n for n in hooks if f"'{n}'" in str(exc)), ""))


def wrong_arguments(plugin: object, hook: str, given: list[str]) -> Problem:
    """A hook function that asks for arguments its hook does not give: where it is, and what it may take."""
    import inspect

    function = getattr(plugin, hook, None)
    try:
        source = (inspect.getsourcefile(function) or "") if function is not None else ""
        asked = [p for p in inspect.signature(function).parameters if p != "self"] if function else []
    except (TypeError, ValueError):
        source, asked = "", []
    wrong = [name for name in asked if name not in given]
    named = f" ({', '.join(repr(w) for w in wrong)})" if wrong else ""
    fixes = [f"'{w}' → '{close[0]}'" for w in wrong if (close := difflib.get_close_matches(w, given, n=1, cutoff=0.5))]
    return Problem(
        source,
        line_of(function),
        f"{hook} asks for {'an argument' if len(wrong) == 1 else 'arguments'} the hook does not give{named}",
        (f"rename {', '.join(fixes)}; " if fixes else "") + f"take only some of: {', '.join(given)}",
    )


_Loaded = TypeVar("_Loaded", Rubric, RubricChange)


def _from_file(item: str | Path, wanted: type[_Loaded], hook: str) -> _Loaded:
    loaded = load_rubric_file(Path(item))
    if not isinstance(loaded, wanted):
        said = "a rubric change" if isinstance(loaded, RubricChange) else "a whole rubric"
        raise RubricError(
            [
                Problem(
                    str(item),
                    "kind",
                    f"registered from the wrong hook: the file is {said}",
                    f"register it from {hook} instead",
                )
            ]
        )
    return loaded


def as_rubric(item: object, name: str) -> Rubric:
    if isinstance(item, (str, Path)):
        return _from_file(item, Rubric, "maturitytui_register_changes")
    return rubric_from_data(item, f"plugin '{name}'")


def as_change(item: object, name: str) -> RubricChange:
    if isinstance(item, (str, Path)):
        return _from_file(item, RubricChange, "maturitytui_register_rubrics")
    return change_from_data(item, f"plugin '{name}'")


def as_tool_op(item: object, name: str) -> AddQuestionnaire | AddExercise | AddCompanion:
    if isinstance(item, Exercise):
        return AddExercise(op="add_exercise", exercise=item)
    if isinstance(item, Questionnaire):
        return AddQuestionnaire(op="add_questionnaire", questionnaire=item)
    if isinstance(item, (Checklist, Prompts, TieGuide)):
        return AddCompanion(op="add_companion", companion=item)
    # Data says what it is by its kind; a questionnaire or exercise may leave it out (the dimensions tell).
    given = item.get("kind") if isinstance(item, dict) else None
    model: type[AddQuestionnaire | AddExercise | AddCompanion]
    if given in ("checklist", "prompts", "ties"):
        kind, model = "companion", AddCompanion
    elif given == "exercise" or (given is None and isinstance(item, dict) and "dimensions" in item):
        kind, model = "exercise", AddExercise
    else:
        kind, model = "questionnaire", AddQuestionnaire
    try:
        return model.model_validate({"op": f"add_{kind}", kind: item})
    except ValidationError as exc:
        raise RubricError(validation_problems(f"plugin '{name}'", exc, {kind: item})) from None


@dataclass(frozen=True)
class Hook:
    name: str
    convert: Callable[[object, str], object]
    """A registered item and the plugin's name → what assembly uses; ``MaturityError`` says what is wrong."""
    takes_rubric_id: bool = False


HOOKS: dict[str, Hook] = {
    h.name: h
    for h in (
        Hook("maturitytui_register_rubrics", as_rubric),
        Hook("maturitytui_register_changes", as_change, takes_rubric_id=True),
        Hook("maturitytui_register_questionnaires", as_tool_op),
    )
}


class NotRegistered(PluginError):
    """A hook returned what it should have registered: a generator, or a change returned, would otherwise vanish."""

    def __init__(self, plugin: str, hook: str, returned: object) -> None:
        self.returned = type(returned).__name__
        super().__init__(
            [
                Problem(
                    plugin,
                    hook,
                    f"returned {self.returned} instead of calling register()",
                    "call register(...) for each thing the plugin contributes",
                )
            ]
        )


def call_hook(caller: Callable[..., list[object]], hook: Hook, plugin: str, rubric_id: str = "") -> list[object]:
    """Call a hook (one plugin's implementation of it) and return what it registered, in order."""
    registered: list[object] = []
    kwargs: dict[str, object] = {"register": registered.append}
    if hook.takes_rubric_id:
        kwargs["rubric_id"] = rubric_id
    returned = [value for value in caller(**kwargs) if value is not None]
    if returned:
        raise NotRegistered(plugin, hook.name, returned[0])
    return registered
