"""The domain model, rubric engine and storage never import Textual."""

from __future__ import annotations

import subprocess
import sys

DOMAIN = [
    "maturitytui.rubric",
    "maturitytui.changes",
    "maturitytui.rubric_files",
    "maturitytui.plugins",
    "maturitytui.hookspecs",
    "maturitytui.session",
    "maturitytui.store",
    "maturitytui.migrations",
    "maturitytui.index",
    "maturitytui.locks",
    "maturitytui.review",
    "maturitytui.demo",
    "maturitytui.names",
    "maturitytui.atomic",
    "maturitytui.cli",
    "maturitytui.history",
    "maturitytui.reports",
    "maturitytui.reports.markdown",
    "maturitytui.reports.html",
    "maturitytui.reports.svg",
    "maturitytui.reports.tabular",
]


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
