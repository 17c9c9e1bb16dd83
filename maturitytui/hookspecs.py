"""The hooks a maturitytui plugin can implement.

A plugin is a module or object with functions marked ``@maturitytui.hookimpl``
and named after these specs. Each hook hands the plugin a ``register``
callback to call once for every thing it contributes, so a plugin that adds
nothing simply does not call it. An implementation may take fewer arguments
than its spec, which lets the specs grow without breaking plugins.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("maturitytui")


@hookspec
def maturitytui_register_rubrics(register):
    """Contribute whole rubrics: call ``register(rubric)`` with a ``Rubric``, rubric data as a dict, or the ``Path`` of a rubric TOML file."""


@hookspec
def maturitytui_register_changes(register, rubric_id):
    """Change the rubric being assembled (id ``rubric_id``): call ``register(change)`` with a ``RubricChange``, change data as a dict, or the ``Path`` of a rubric-change TOML file."""


@hookspec
def maturitytui_register_questionnaires(register):
    """Add tools to the rubric in use: call ``register(item)`` with a ``Questionnaire``, an ``Exercise``, a companion (``Checklist``, ``Prompts``, ``TieGuide``), or the data of any of them."""
