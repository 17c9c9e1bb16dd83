"""maturitytui: Hargreaves' 2012 maturity model for inter-school partnerships, in the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pluggy

    hookimpl: pluggy.HookimplMarker

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> pluggy.HookimplMarker:
    # ``maturitytui.hookimpl`` marks a plugin's hook implementations. Made on first use, so that the
    # program's start screen can show before pluggy (and the rubric engine) is loaded.
    if name == "hookimpl":
        import pluggy

        global hookimpl
        hookimpl = pluggy.HookimplMarker("maturitytui")
        return hookimpl
    raise AttributeError(f"module 'maturitytui' has no attribute {name!r}")
