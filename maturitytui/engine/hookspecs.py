"""The hooks a maturitytui plugin can implement.

A plugin is a module or object with functions marked ``@maturitytui.hookimpl``
and named after these specs. Each hook hands the plugin a ``register``
callback to call once for every thing it contributes, so a plugin that adds
nothing simply does not call it. An implementation may take fewer arguments
than its spec, which lets the specs grow without breaking plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pluggy

if TYPE_CHECKING:
    from maturitytui.engine.changes import RubricChange
    from maturitytui.model.rubric import Rubric
    from maturitytui.model.tools import Tool

hookspec = pluggy.HookspecMarker("maturitytui")

# What each hook's ``register`` takes. Data is validated when the rubric is assembled.
RubricItem: TypeAlias = "Rubric | Mapping[str, object] | str | Path"
ChangeItem: TypeAlias = "RubricChange | Mapping[str, object] | str | Path"
ToolItem: TypeAlias = "Tool | Mapping[str, object]"


@hookspec
def maturitytui_register_rubrics(register: Callable[[RubricItem], None]) -> None:
    """Contribute whole rubrics: call ``register(rubric)`` with a ``Rubric``, rubric data as a dict, or the ``Path`` of a rubric TOML file."""


@hookspec
def maturitytui_register_changes(register: Callable[[ChangeItem], None], rubric_id: str) -> None:
    """Change the rubric being assembled (id ``rubric_id``): call ``register(change)`` with a ``RubricChange``, change data as a dict, or the ``Path`` of a rubric-change TOML file."""


@hookspec
def maturitytui_register_questionnaires(register: Callable[[ToolItem], None]) -> None:
    """Add tools to the rubric in use: call ``register(item)`` with a ``Questionnaire``, an ``Exercise``, a companion (``Checklist``, ``Prompts``, ``TieGuide``), or the data of any of them."""
