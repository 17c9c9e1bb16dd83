"""Plugins that ship with maturitytui and use the same hooks as anyone else's."""

from pathlib import Path
from typing import cast

COMPANIONS = Path(__file__).resolve().parent / "companions"
"""The built-in companion tools, as TOML data files inside the package."""


def rubrics_dir() -> Path:
    """Where the built-in rubric files are: inside an installed wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parents[2]  # maturitytui/
    packaged = package / "rubrics"
    return packaged if packaged.is_dir() else package.parent / "rubrics"


def companion_tools(name: str) -> list[dict[str, object]]:
    """The ``[[tools]]`` of one companion data file, as data for ``register``, which validates them."""
    from maturitytui.model.errors import PluginError
    from maturitytui.model.toml_io import read_toml

    tools = read_toml(COMPANIONS / name, PluginError).get("tools", [])
    # The package's own data files, where [[tools]] is an array of tables; register reports anything else.
    return list(cast("list[dict[str, object]]", tools))


DEFAULT_PLUGINS = {
    "hargreaves-2012": "maturitytui.engine.default_plugins.hargreaves_2012",
    "jpd-companion": "maturitytui.engine.default_plugins.jpd_companion",
    "practice-transfer-companion": "maturitytui.engine.default_plugins.practice_transfer_companion",
    "research-ideas": "maturitytui.engine.default_plugins.research_ideas",
}
"""Built-in plugin name → module, in load order."""
