"""Two more anonymous trust audits for maturitytui: staff trust in governors, parents' trust in staff.

The note opening Annex 1 of Hargreaves (2012) says new audits such as these
are easily devised. Their items are in ``audits.toml`` beside this module,
written in the manner of the source's three audits; the plugin registers them
through the ``maturitytui_register_questionnaires`` hook, and maturitytui
offers them after the high social capital strand.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import maturitytui

__version__ = "1.0.0"

AUDITS = Path(__file__).with_name("audits.toml")


def audits() -> list[dict[str, Any]]:
    """The audits as data; maturitytui validates them when the rubric is assembled."""
    with AUDITS.open("rb") as file:
        return tomllib.load(file)["questionnaires"]


@maturitytui.hookimpl
def maturitytui_register_questionnaires(register):
    for audit in audits():
        register(audit)
