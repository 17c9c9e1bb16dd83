"""Joint practice development companion: the ten key messages on JPD and the offer/gain questions.

The ten key messages (Sebba, Kent & Tregenza 2012) are a checklist offered
after the joint practice development strand; the two pairs of questions on
what each person and each school can offer and hopes to gain (Hargreaves 2012,
"Social capital") come after high social capital. The content is in
``companions/jpd.toml``.
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
    for tool in companion_tools("jpd.toml"):
        register(tool)
