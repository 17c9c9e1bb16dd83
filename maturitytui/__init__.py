"""maturitytui: Hargreaves' 2012 maturity model for inter-school partnerships, in the terminal."""

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("maturitytui")
"""Mark a plugin's hook implementations: ``@maturitytui.hookimpl``."""

__all__ = ["__version__", "hookimpl"]
