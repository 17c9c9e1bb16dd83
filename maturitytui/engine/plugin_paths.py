"""Where plugins come from, as the environment says: kept apart from the plugin engine so reading it is cheap."""

from __future__ import annotations

import os
from pathlib import Path

PLUGINS_ENV = "MATURITYTUI_PLUGINS"
DISABLE_ENV = "MATURITYTUI_DISABLE_PLUGINS"


def folders_from_env(env: dict[str, str] | None = None) -> list[Path]:
    value = (env if env is not None else os.environ).get(PLUGINS_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]
