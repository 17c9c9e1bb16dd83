"""The 2012 maturity model (Hargreaves, Annex 2 "mark 2"), from its rubric file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from maturitytui import hookimpl
from maturitytui.engine.default_plugins import rubrics_dir

if TYPE_CHECKING:
    from maturitytui.engine.hookspecs import RubricItem


@hookimpl
def maturitytui_register_rubrics(register: Callable[[RubricItem], None]) -> None:
    register(rubrics_dir() / "hargreaves-2012.toml")
