from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from maturitytui.clock import FixedClock, frozen
from maturitytui.demo import demo_sessions
from maturitytui.engine.host import PluginHost
from maturitytui.model.rubric import Rubric
from maturitytui.store.session_store import SessionStore

# Timing varies with the machine; correctness is what these tests check.
settings.register_profile("maturitytui", deadline=None)
settings.load_profile("maturitytui")

DATA = Path(__file__).parent / "data"

BAD_INPUT: Counter[str] = Counter()
"""Bad inputs fed to loaders and commands in this run, by kind; printed at the end."""


def bad_input(kind: str) -> None:
    BAD_INPUT[kind] += 1


# Whole files that drive the Textual app, a served program, a benchmark or many subprocesses: about five
# of the suite's six minutes on two cores. `pytest -m "not slow"` runs the rest in about one.
SLOW_FILES = {
    "test_bench.py",
    "test_example_plugins.py",
    "test_index_scale.py",
    "test_kill.py",
    "test_serve.py",
    "test_sync.py",
}
TESTS = Path(__file__).parent


PLATFORMS = {
    "posix_only": (os.name == "posix", "not on Windows"),
    "linux_only": (sys.platform.startswith("linux"), "Linux only"),
}
"""Tests a platform cannot run, marked ``@pytest.mark.posix_only("why")`` or ``linux_only("why")`` (registered in
pyproject.toml): each is skipped where it cannot run, saying why, and runs everywhere else. On Linux, where
.ci/run runs the whole suite, none is ever skipped."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent == TESTS / "ui" or item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
        for name, (runs_here, where) in PLATFORMS.items():
            mark = item.get_closest_marker(name)
            if mark is None:
                continue
            reason = mark.args[0] if mark.args else mark.kwargs.get("reason")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{name} needs the reason it cannot run elsewhere")
            if not runs_here:
                item.add_marker(pytest.mark.skip(reason=f"{where}: {reason}"))


def pytest_terminal_summary(terminalreporter):
    if BAD_INPUT:
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(BAD_INPUT.items()))
        terminalreporter.write_line(f"bad-input cases checked: {sum(BAD_INPUT.values())} ({parts})")


def make_host(*folders: Path, **kwargs) -> PluginHost:
    """A plugin host that ignores whatever happens to be installed, like a clean machine."""
    return PluginHost(folders, entry_points=False, **kwargs)


@pytest.fixture
def nothing_installed(monkeypatch):
    """No plugin installed on this machine is seen, like a clean machine (for commands that look for them)."""
    monkeypatch.setattr("importlib.metadata.entry_points", lambda group: [])


def write(folder: Path, name: str, text: str) -> Path:
    """A small file for a test, its text written as indented in the test (the indent and leading lines go)."""
    import textwrap

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def record(assembly, name: str):
    """The one plugin record of this name in an assembly."""
    (found,) = [r for r in assembly.records if r.name == name]
    return found


def run_cli(capsys, *argv):
    """Run the command line in this process: its exit code, and what it printed to stdout and stderr."""
    from maturitytui.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return make_host().assemble().rubric


FROZEN_AT = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)
"""Where the program's clock stands in every test: no date on a screen, in a file or a report is the day the
suite runs. (``.ci/run`` runs the suite again with the whole process's clock moved, to catch any date that
does not come from the program's clock.)"""


@pytest.fixture(autouse=True)
def clock() -> Iterator[FixedClock]:
    """The program's clock, stopped at ``FROZEN_AT``; ``clock.advance(seconds)`` moves it."""
    with frozen(FROZEN_AT) as fixed:
        yield fixed


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch):
    # No display: printing from a screen never opens a real browser in a test.
    for name in (
        "MATURITYTUI_PLUGINS",
        "MATURITYTUI_SESSIONS",
        "MATURITYTUI_DISABLE_PLUGINS",
        "DISPLAY",
        "WAYLAND_DISPLAY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def demo_store(tmp_path: Path, rubric) -> SessionStore:
    """The demo partnership's three reviews, in a store of their own."""
    store = SessionStore(tmp_path / "sessions")
    for session in demo_sessions(rubric):
        store.save(session, stamp=False)
    return store
