"""Installed packages that look like plugins but are not seen as one: a misspelt entry-point group, or a
package that depends on maturitytui and registers nothing. Loading stays silent about them; ``maturitytui
plugins`` warns, and fails for a misspelt group as for a plugin left out."""

from __future__ import annotations

import importlib.metadata
import re
from difflib import SequenceMatcher
from typing import NamedTuple

from maturitytui.engine.host import ENTRY_POINT_GROUP

_DEPENDS = re.compile(r"^\s*maturitytui\b(?![\w.-])", re.IGNORECASE)


def _looks_like_ours(group: str) -> bool:
    squashed = re.sub(r"[^a-z]", "", group.lower())
    return group != ENTRY_POINT_GROUP and (
        squashed.startswith("maturitytui") or SequenceMatcher(None, squashed, ENTRY_POINT_GROUP).ratio() >= 0.8
    )


class Unseen(NamedTuple):
    """A warning about one installed distribution."""

    text: str
    left_out: bool
    """Plainly meant as a plugin (its entry-point group is a misspelling of ours), so `plugins` fails as it does
    for a plugin left out. A package that only depends on maturitytui may be a tool, not a plugin: a warning."""

    def __str__(self) -> str:
        return self.text


def unseen_plugins() -> list[Unseen]:
    """One warning per installed distribution that seems meant as a plugin but that maturitytui cannot load."""
    warnings = []
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"] or "?"
        if name.lower() == "maturitytui":
            continue
        groups = {ep.group for ep in dist.entry_points}
        if ENTRY_POINT_GROUP in groups:
            continue
        near = sorted(g for g in groups if _looks_like_ours(g))
        if near:
            warnings.append(
                Unseen(
                    f"{name} {dist.version} registers entry points in the group '{near[0]}', which maturitytui does "
                    f"not read: the group must be '{ENTRY_POINT_GROUP}' ([project.entry-points.{ENTRY_POINT_GROUP}] "
                    "in its pyproject.toml), then reinstall it",
                    left_out=True,
                )
            )
        elif any(_DEPENDS.match(requirement) for requirement in dist.requires or []):
            warnings.append(
                Unseen(
                    f"{name} {dist.version} depends on maturitytui but registers no plugin: add "
                    f"[project.entry-points.{ENTRY_POINT_GROUP}] to its pyproject.toml if it is meant as one, then "
                    "reinstall it",
                    left_out=False,
                )
            )
    return sorted(warnings)
