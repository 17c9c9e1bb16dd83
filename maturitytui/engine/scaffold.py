"""`maturitytui plugin new NAME`: a new plugin as an installable package.

The package is written from the templates in ``scaffold_template/``: a
``pyproject.toml`` with the ``maturitytui`` entry point, a module whose hook
adds a complete example strand, a README with the next steps, and tests that
pass as generated. Nothing is written over: an existing folder is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from maturitytui import __version__
from maturitytui.model.errors import MaturityError, Problem

TEMPLATES = Path(__file__).resolve().parent / "scaffold_template"
NAME_RULE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
MAX_NAME = 40


class ScaffoldError(MaturityError):
    """The plugin could not be made (a bad name, or the folder exists)."""


@dataclass(frozen=True)
class Scaffold:
    """What ``new_plugin`` made."""

    name: str
    """The plugin's name, as `maturitytui plugins` will show it."""
    root: Path
    """The package folder, ``maturitytui-NAME``."""
    module: str
    """The importable module, ``maturitytui_NAME``."""
    files: tuple[Path, ...]


def check_name(name: str) -> str:
    """The plugin name to use for ``name`` (without a leading ``maturitytui-``); ScaffoldError if it will not do."""
    from maturitytui.engine.default_plugins import DEFAULT_PLUGINS

    given = name
    name = name.strip()
    if name.startswith("maturitytui-"):
        name = name[len("maturitytui-") :]
    if not NAME_RULE.match(name) or len(name) > MAX_NAME:
        raise ScaffoldError(
            [
                Problem(
                    "plugin new",
                    f"name '{given}'",
                    f"a plugin name is lower-case letters and digits, in words joined by single hyphens, "
                    f"starting with a letter, at most {MAX_NAME} characters",
                    "choose a name such as 'north-alliance' or 'trust2024'",
                )
            ]
        )
    if name in DEFAULT_PLUGINS:
        raise ScaffoldError(
            [
                Problem(
                    "plugin new",
                    f"name '{given}'",
                    "a built-in plugin already has this name",
                    "choose another name: two plugins with one name cannot both load",
                )
            ]
        )
    return name


def new_plugin(name: str, where: Path = Path(".")) -> Scaffold:
    """Write the package ``maturitytui-NAME/`` inside ``where`` and return what was written."""
    name = check_name(name)
    module = "maturitytui_" + name.replace("-", "_")
    root = Path(where) / f"maturitytui-{name}"
    if root.exists() or root.is_symlink():
        raise ScaffoldError(
            [
                Problem(
                    str(root),
                    "",
                    "already exists; nothing was written",
                    "choose another name or --dir, or move the folder away",
                )
            ]
        )
    if not Path(where).is_dir():
        raise ScaffoldError(
            [
                Problem(
                    str(where),
                    "",
                    "there is no such folder to make the plugin in",
                    "create it first, or give another --dir",
                )
            ]
        )
    values = {"name": name, "dist": f"maturitytui-{name}", "module": module, "maturitytui_version": __version__}
    plan = {
        "pyproject.toml": "pyproject.toml.tmpl",
        "README.md": "README.md.tmpl",
        f"src/{module}/__init__.py": "plugin.py.tmpl",
        f"tests/test_{module.removeprefix('maturitytui_')}.py": "test_plugin.py.tmpl",
    }
    written = []
    try:
        root.mkdir()
    except OSError as exc:
        raise ScaffoldError(
            [
                Problem(
                    str(root),
                    "",
                    f"cannot be made ({exc.strerror or exc})",
                    "check the folder's permissions and the disk",
                )
            ]
        ) from None
    for target, template in plan.items():
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        text = Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return Scaffold(name, root, module, tuple(written))


__all__ = ["Scaffold", "ScaffoldError", "check_name", "new_plugin"]
