"""Installed packages meant as plugins that maturitytui cannot see are named, with the fix."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import run_cli

from maturitytui.engine import entry_points as module


def dist(name: str, groups: list[str], requires: list[str] | None = None):
    return SimpleNamespace(
        metadata={"Name": name},
        version="1.0",
        entry_points=[SimpleNamespace(group=g, name="x", value="x") for g in groups],
        requires=requires,
    )


@pytest.fixture
def installed(monkeypatch):
    found: list = []
    monkeypatch.setattr(module.importlib.metadata, "distributions", lambda: found)
    return found


def test_a_misspelt_group_and_a_package_without_one_are_named(installed):
    installed += [
        dist("maturitytui-northfield", ["maturitytui.plugins"], ["maturitytui>=0.1"]),
        dist("maturity-tui-extra", ["maturity_tui"]),
        dist("maturitytui-helpers", [], ["maturitytui"]),
        dist("maturitytui-good", ["maturitytui"], ["maturitytui"]),
        dist("requests", ["console_scripts"], ["urllib3"]),
        dist("maturitytuistuff-unrelated", [], ["maturitytuistuff"]),
        dist("maturitytui", ["console_scripts"]),
    ]
    warnings = module.unseen_plugins()
    assert len(warnings) == 3
    extra, helpers, northfield = (str(w) for w in warnings)  # sorted by the package's name
    assert [w.left_out for w in warnings] == [True, False, True]
    assert "maturitytui-northfield 1.0 registers entry points in the group 'maturitytui.plugins'" in northfield
    assert "the group must be 'maturitytui'" in northfield
    assert "group 'maturity_tui'" in extra
    assert "depends on maturitytui but registers no plugin" in helpers


def test_the_plugins_command_warns_and_still_lists(installed, capsys, nothing_installed):
    installed.append(dist("maturitytui-northfield", ["maturitytui.plugins"]))
    code, out, err = run_cli(capsys, "plugins")
    assert code == 1  # plainly meant as a plugin, and not loaded: as for a plugin left out
    assert "hargreaves-2012  [active]" in out
    assert "warning: maturitytui-northfield 1.0 registers entry points in the group 'maturitytui.plugins'" in err


def test_a_package_that_only_depends_on_maturitytui_is_a_warning(installed, capsys, nothing_installed):
    installed.append(dist("maturitytui-helpers", [], ["maturitytui"]))
    code, _out, err = run_cli(capsys, "plugins")
    assert code == 0  # it may be a tool built on maturitytui, not a plugin
    assert "warning: maturitytui-helpers 1.0 depends on maturitytui but registers no plugin" in err
