"""The 2012 maturity model (Hargreaves, Annex 2 "mark 2"), from its rubric file."""

from maturitytui import hookimpl

from . import rubrics_dir


@hookimpl
def maturitytui_register_rubrics(register):
    register(rubrics_dir() / "hargreaves-2012.toml")
