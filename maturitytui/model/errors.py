"""One error type for everything that comes in from outside.

Every problem names the file, the place in it and what to do, so a head at a
laptop or an alliance's data lead can mend it without reading code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only the type: errors are named long before any model is loaded
    from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input."""

    source: str
    """The file (or plugin) the problem is in."""
    place: str
    """Where in it: a line, or a path such as ``strand 'jpd' › stages``."""
    message: str
    """What is wrong."""
    fix: str = ""
    """What to do about it."""

    def __str__(self) -> str:
        where = f"{self.source}: {self.place}" if self.place else self.source
        text = f"{where}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class MaturityError(Exception):
    """Input that could not be used. Carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RubricError(MaturityError):
    """A rubric or rubric-change file, or an assembled rubric, is invalid."""


class SessionError(MaturityError):
    """A session file cannot be read or written."""


class PluginError(MaturityError):
    """A plugin could not be loaded or gave something unusable."""


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_problem(source: str | Path, exc: Exception, document: str = "") -> Problem:
    """A TOML syntax error, with the line and column tomllib reports."""
    text = str(exc)
    match = _TOML_POSITION.search(text)
    if match:
        place = f"line {match.group(1)}, column {match.group(2)}"
    elif "end of document" in text:
        place = f"line {document.count(chr(10)) + 1} (the end of the file)"
    else:
        place = ""
    message = _TOML_POSITION.sub("", text).replace("(at end of document)", "").strip() or "not valid TOML"
    return Problem(
        str(source),
        place,
        f"not valid TOML ({message})",
        "correct the syntax there; the file has not been changed",
    )


def _place(loc: tuple[Any, ...], data: Any) -> str:
    """Turn a pydantic location into a path a person can follow.

    List entries that carry an ``id`` are named by it (``strand 'jpd'``)
    rather than by position, since that is what the file's author wrote.
    """
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(node, dict) and isinstance(key, str) and key not in node and key == node.get("op"):
            continue  # pydantic names the kind of operation it tried; the place already says which
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if 0 <= key < len(node) else None
            label = parts.pop() if parts else "item"
            singular = label[:-1] if label.endswith("s") else label
            # Counted from 1, as a person counts them, and never written like a Python index.
            if label == "ops":
                op = item.get("op") if isinstance(item, dict) else None
                parts.append(f"operation {key + 1}" + (f" ({op})" if isinstance(op, str) else ""))
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                parts.append(f"{singular} '{item['id']}'")
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                parts.append(f"{singular} '{item['name']}'")
            else:
                parts.append(f"{singular} {key + 1}")
            node = item
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return " › ".join(parts)


_FIXES = {
    "missing": "add it",
    "extra_forbidden": "remove it or check the spelling of the key",
    "literal_error": "use one of the values listed",
    "enum": "use one of the values listed",
    "string_type": "write it as a quoted string",
    "int_type": "write it as a whole number",
    "int_parsing": "write it as a whole number",
    "bool_type": "write true or false",
    "list_type": "write it as a list in [ ]",
    "dict_type": "write it as a table",
    "model_type": "write it as a table",
    "less_than_equal": "use a smaller number",
    "greater_than_equal": "use a larger number",
    "too_short": "add the missing entries",
    "too_long": "remove the extra entries",
    "date_type": "write a date such as 2026-09-01",
    "date_from_datetime_parsing": "write a date such as 2026-09-01",
    "union_tag_invalid": "use one of the values listed",
    "union_tag_not_found": "add the key that says which kind this is",
    "stage_order": "give the strand Beginning, Developing, Embedding and Leading stages, in that order",
}


_SAME_VERB = {"delete": "remove", "drop": "remove", "insert": "add", "new": "add", "create": "add", "edit": "update"}
_SAME_VERB |= {"change": "update", "modify": "update", "rename": "update", "move": "reorder", "sort": "reorder"}


def _unknown_kind(ctx: dict[str, Any]) -> tuple[str, str]:
    import difflib

    said, key = str(ctx.get("tag", "")), str(ctx.get("discriminator", "kind")).strip("'")
    known = [k.strip(" '") for k in str(ctx.get("expected_tags", "")).split(",") if k.strip(" '")]
    verb, _, rest = said.partition("_")
    meant = f"{_SAME_VERB.get(verb, verb)}_{rest}" if rest else said  # "delete_strand" means remove_strand
    close = difflib.get_close_matches(meant, known, n=1, cutoff=0.75)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"there is no {key} '{said}'{hint}", f"use one of: {', '.join(known)}"


def _misspelt_keys(errors: list[Any]) -> dict[int, str]:
    """Unknown keys that are close to a required key missing beside them (``strnd`` where ``strand`` is missing):
    error index → the key meant. The missing key's own error is then left out, as it is the same mistake."""
    import difflib

    missing = {
        (tuple(e["loc"][:-1]), e["loc"][-1]): n
        for n, e in enumerate(errors)
        if e["type"] == "missing" and e["loc"] and isinstance(e["loc"][-1], str)
    }
    meant: dict[int, str] = {}
    for n, e in enumerate(errors):
        if e["type"] != "extra_forbidden" or not e["loc"] or not isinstance(e["loc"][-1], str):
            continue
        parent = tuple(e["loc"][:-1])
        candidates = [key for (where, key) in missing if where == parent]
        close = difflib.get_close_matches(e["loc"][-1], candidates, n=1, cutoff=0.6)
        if close:
            meant[n] = close[0]
            del missing[(parent, close[0])]
    return meant


def validation_problems(source: str | Path, exc: ValidationError, data: Any) -> list[Problem]:
    """Every pydantic error as a Problem, placed by path and named ids, in words that name no library."""
    errors = exc.errors(include_url=False)
    meant = _misspelt_keys(errors)
    same_mistake = {(*errors[n]["loc"][:-1], key) for n, key in meant.items()}  # the "missing" half of each
    problems = []
    for n, error in enumerate(errors):
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc in same_mistake:
            continue
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        fix = _FIXES.get(error["type"], "correct the value")
        if n in meant:
            message, fix = f"unknown key; did you mean '{meant[n]}'?", f"rename it to {meant[n]}"
        elif error["type"] == "extra_forbidden":
            message = "unknown key"
        elif error["type"] == "union_tag_invalid":  # pydantic's words name its own machinery ("tag", "discriminator")
            message, fix = _unknown_kind(error.get("ctx") or {})
        elif error["type"] == "union_tag_not_found":
            key = str((error.get("ctx") or {}).get("discriminator", "kind")).strip("'")
            message = f"there is no {key} key to say which kind this is"
            fix = f'add {key} = "…"; docs/fields.md lists the values'
        problems.append(Problem(str(source), _place(loc, data), message, fix))
    return problems
