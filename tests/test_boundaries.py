"""The domain model, rubric engine and storage never import Textual, and only the clock module reads the date."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path


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
        + "from maturitytui.engine.host import PluginHost\n"
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
        "print(sorted(m for m in ('pydantic', 'pluggy', 'maturitytui.model.rubric', 'maturitytui.model.session') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# Calls that read the wall clock or the date. Only maturitytui/clock.py may make them; the rest asks it,
# which is what lets the tests (and CI's run at another date) fix every date the program shows or stores.
WALL_CLOCK = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("time", "strftime"),
}


def _wall_clock_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in WALL_CLOCK:
                found.append(f"{path.name}:{node.lineno} {name}.{node.func.attr}()")
    return found


def test_only_the_clock_module_reads_the_date_or_the_time_of_day():
    import maturitytui

    package = Path(maturitytui.__file__).parent
    calls = [c for p in sorted(package.rglob("*.py")) if p.name != "clock.py" for c in _wall_clock_calls(p)]
    assert calls == [], "ask maturitytui.clock instead: " + ", ".join(calls)


def test_the_wall_clock_check_finds_a_call(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text("import datetime\nstamp = datetime.datetime.now()\nday = date.today()\n", encoding="utf-8")
    assert _wall_clock_calls(leaky) == ["leaky.py:2 datetime.now()", "leaky.py:3 date.today()"]


def test_the_readme_lists_the_layers_as_the_import_contract_holds_them():
    import maturitytui

    root = Path(maturitytui.__file__).parent
    readme = (root.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### How the code is laid out", 1)[1].split("\n## ", 1)[0]
    rows = [re.findall(r"`([\w.]+)/?`", line.split("|")[1]) for line in section.splitlines() if line.startswith("| `")]
    contract = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in contract["contracts"] if c["id"] == "layers")["layers"]
    named = [name.removesuffix(".py") for row in rows for name in row]
    in_contract = [m.strip().removeprefix("maturitytui.") for layer in layers for m in layer.split("|")]
    assert named == in_contract, "the README's table and the layers contract in pyproject.toml disagree"
    on_disk = {p.name for p in root.iterdir() if (p / "__init__.py").exists()} | {
        p.stem for p in root.glob("*.py") if p.stem not in {"__init__", "__main__"}
    }
    assert on_disk == set(named), "every package and top-level module of maturitytui/ has a line in the README"


def test_no_module_imports_another_modules_private_names():
    import maturitytui

    package = Path(maturitytui.__file__).parent
    private = [
        f"{path.relative_to(package)}:{node.lineno} {node.module}.{alias.name}"
        for path in sorted(package.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("maturitytui")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert private == [], "make these public (and documented) or keep them where they are used: " + ", ".join(private)
