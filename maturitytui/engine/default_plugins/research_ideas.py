"""Research ideas: what Fielding et al. (2005), Lawrence (2007) and Sebba, Kent & Tregenza (2012) add to the
ideas for moving on from each stage of the 2012 model's strands.

The rubric's own ideas come from Hargreaves (2012); these come from the research his model grew from and is used
with, so they are a change of their own, in ``companions/ideas.toml``, that an alliance can switch off
(MATURITYTUI_DISABLE_PLUGINS=research-ideas) like any plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from maturitytui import hookimpl
from maturitytui.engine.default_plugins import COMPANIONS

if TYPE_CHECKING:
    from maturitytui.engine.hookspecs import ChangeItem


@hookimpl
def maturitytui_register_changes(register: Callable[[ChangeItem], None], rubric_id: str) -> None:
    if rubric_id == "hargreaves-2012":
        register(COMPANIONS / "ideas.toml")
