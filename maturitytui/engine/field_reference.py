"""docs/fields.md, written from the models that read rubric and rubric-change files, so it cannot drift from them.

Every key a table takes, its type, whether it is required, its default and limits, and what it is for (the
field's own docstring in the model). ``python -m maturitytui.engine.field_reference > docs/fields.md`` writes
it again; a test checks the file is current.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
import types
import typing
from typing import Any, Literal, get_args, get_origin

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from maturitytui.engine.changes import RubricChange
from maturitytui.model.rubric import Rubric

INTRO = """\
# Field reference

Every key of a rubric file (`kind = "rubric"`) and of a rubric-change file
(`kind = "rubric-change"`), table by table, as the program reads them. A key
not listed is an error, never ignored. Written from the program's own models
(`python -m maturitytui.engine.field_reference > docs/fields.md`), and
checked by a test to be current. `docs/plugins.md` shows them in use.
"""


def _docstrings(model: type[BaseModel]) -> dict[str, str]:
    """The docstring written under each field in the class body (and its bases'), by field name."""
    found: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not issubclass(cls, BaseModel) or cls is BaseModel:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        except (OSError, TypeError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for node, after in zip(body, [*body[1:], None], strict=True):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                found[node.target.id] = " ".join(inspect.cleandoc(after.value.value).split())
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def _type_words(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _type_words(get_args(annotation)[0])
    if origin is Literal:
        return " or ".join(f'`"{v}"`' if isinstance(v, str) else f"`{v}`" for v in get_args(annotation))
    if origin in (types.UnionType, typing.Union):
        parts = [a for a in get_args(annotation) if a is not type(None)]
        return " or ".join(_type_words(a) for a in parts)
    if origin is list:
        return f"list of {_type_words(get_args(annotation)[0])}"
    if origin is dict:
        key, value = get_args(annotation)
        return f"table of {_type_words(key)} → {_type_words(value)}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{_title(annotation)}](#{_anchor(annotation)})"
    return {str: "text", int: "whole number", bool: "true or false", float: "number"}.get(annotation, str(annotation))


def _limits(info: FieldInfo) -> str:
    words = []
    for item in info.metadata:
        if isinstance(item, MinLen) and item.min_length:
            words.append(f"at least {item.min_length}")
        elif isinstance(item, MaxLen):
            words.append(f"at most {item.max_length}")
        elif isinstance(item, Ge):
            words.append(f"≥ {item.ge}")
        elif isinstance(item, Le):
            words.append(f"≤ {item.le}")
        elif (pattern := getattr(item, "pattern", None)) is not None:
            words.append(f"matches `{pattern}`")
    return ", ".join(words)


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    value = info.default if info.default is not PydanticUndefined else info.default_factory
    if value in ("", [], {}, None) or callable(value):
        return "optional"
    if isinstance(value, BaseModel):
        return "optional"
    shown = str(value).lower() if isinstance(value, bool) else repr(value).replace("'", '"')
    return f"optional, `{shown}` if left out"


def _title(model: type[BaseModel]) -> str:
    op = model.model_fields.get("op")
    if op is not None and get_origin(op.annotation) is Literal:
        return f"op = {get_args(op.annotation)[0]}"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__.lstrip("_")).lower().capitalize()


def _anchor(model: type[BaseModel]) -> str:
    return re.sub(r"[^a-z0-9 _-]", "", _title(model).lower()).replace(" ", "-")


def _section(model: type[BaseModel]) -> list[str]:
    docs = _docstrings(model)
    summary = " ".join(inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].split())
    lines = [f"### {_title(model)}", "", summary, "", "| key | type | | limits | what it is |", "|---|---|---|---|---|"]
    for name, info in model.model_fields.items():
        key = info.alias or name
        what = docs.get(name, "").replace("|", "\\|")
        lines.append(f"| `{key}` | {_type_words(info.annotation)} | {_default(info)} | {_limits(info)} | {what} |")
    return [*lines, ""]


def _walk(root: type[BaseModel]) -> list[type[BaseModel]]:
    order: list[type[BaseModel]] = []
    queue = [root]
    while queue:
        model = queue.pop(0)
        if model in order:
            continue
        order.append(model)
        for info in model.model_fields.values():
            queue += [m for m in _models_in(info.annotation) if m not in order]
    return order


def field_reference() -> str:
    lines = [INTRO]
    for heading, root in (("A rubric file", Rubric), ("A rubric-change file", RubricChange)):
        lines += [f"## {heading}", ""]
        for model in _walk(root):
            if heading.startswith("A rubric-change") and model in _walk(Rubric):
                continue  # described once, under the rubric file
            lines += _section(model)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(field_reference(), end="")
