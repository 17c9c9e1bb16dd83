"""Plugins that ship with maturitytui and use the same hooks as anyone else's."""

from pathlib import Path


def rubrics_dir() -> Path:
    """Where the built-in rubric files are: inside an installed wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "rubrics"
    return packaged if packaged.is_dir() else package.parent / "rubrics"


DEFAULT_PLUGINS = {"hargreaves-2012": "maturitytui.default_plugins.hargreaves_2012"}
"""Built-in plugin name → module."""
