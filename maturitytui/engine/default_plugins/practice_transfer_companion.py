"""Practice transfer companion: the nine skills of transfer, and strong and weak ties.

The skills partners valued (Fielding et al. 2005) are a checklist offered
after mentoring and coaching; the guide to strong and weak ties (Lawrence 2007)
comes after the grid, to tag the partnership just placed on it. The content is
in ``companions/transfer.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from maturitytui import hookimpl
from maturitytui.engine.default_plugins import companion_tools

if TYPE_CHECKING:
    from maturitytui.engine.hookspecs import ToolItem


@hookimpl
def maturitytui_register_questionnaires(register: Callable[[ToolItem], None]) -> None:
    for tool in companion_tools("transfer.toml"):
        register(tool)
