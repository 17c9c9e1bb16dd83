"""The domain model, rubric engine and storage never import Textual."""

from __future__ import annotations

import subprocess
import sys


def _domain_modules() -> list[str]:
    """Every module of the package outside ui/ (found, not listed, so a new module cannot be forgotten)."""
    import pkgutil

    import maturitytui

    found = [m.name for m in pkgutil.walk_packages(maturitytui.__path__, "maturitytui.")]
    return sorted(m for m in found if not m.startswith("maturitytui.ui") and m != "maturitytui.__main__")


DOMAIN = _domain_modules()


def test_domain_modules_do_not_import_textual(tmp_path):
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in DOMAIN)
        + "from maturitytui.plugins import PluginHost\n"
        + "PluginHost(entry_points=False).assemble()\n"
        + "from maturitytui.cli import main\n"
        + f"main(['sessions', 'list', '--sessions', {str(tmp_path)!r}])\n"
        + "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_first_screen_needs_neither_the_models_nor_the_plugin_engine():
    # The rubric is assembled on a thread after the start screen shows: importing what the start
    # screen needs must not load pydantic or pluggy, or start-up pays for them up front.
    code = (
        "import sys\nimport maturitytui.cli, maturitytui.ui.app\n"
        "print(sorted(m for m in ('pydantic', 'pluggy', 'maturitytui.rubric', 'maturitytui.session') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
