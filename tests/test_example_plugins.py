"""The example plugins in plugins/, exercised through the command line as an alliance would use them.

The TOML change is named with ``--plugins DIR``. The two packages are really
installed, with pip, into a temporary folder that is put on ``sys.path`` only
for the tests that want them; every other plugin installed on this machine is
kept out, as in tests/test_cli.py.
"""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import bad_input
from conftest import run_cli as run

EXAMPLES = Path(__file__).resolve().parent.parent / "plugins"
TOML_FOLDER = EXAMPLES / "alliance-change-toml"
NORTHSHORE_TOML = TOML_FOLDER / "northshore.toml"
PACKAGES = {
    "maturitytui-northshore-alliance": ("alliance-rubric-change", "maturitytui_northshore_alliance"),
    "maturitytui-trust-audits-extra": ("trust-audits-extra", "maturitytui_trust_audits_extra"),
}
NEW_AUDITS = ["staff-trust-in-governors", "parent-trust-in-staff"]

_real_entry_points = importlib.metadata.entry_points


def show(capsys, *argv) -> dict:
    code, out, err = run(capsys, "rubric", "show", "--format", "json", *argv)
    assert code == 0, err
    return json.loads(out)


def strand_ids(data: dict, dimension: str | None = None) -> list[str]:
    return [s["id"] for d in data["dimensions"] if dimension in (None, d["id"]) for s in d["strands"]]


def strand(data: dict, strand_id: str) -> dict:
    (found,) = [s for d in data["dimensions"] for s in d["strands"] if s["id"] == strand_id]
    return found


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """Both example packages, built and installed for real into a folder of their own."""
    target = tmp_path_factory.mktemp("site")
    sources = [str(EXAMPLES / folder) for folder, _ in PACKAGES.values()]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            "--target",
            str(target),
            *sources,
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return target.resolve()


@pytest.fixture
def install(site, monkeypatch):
    """Make some of the installed examples visible, and only those, until the test ends."""

    def visible(*dists: str) -> None:
        monkeypatch.syspath_prepend(str(site))  # also invalidates importlib's caches

        def entry_points(group):
            return [
                ep
                for ep in _real_entry_points(group=group)
                if ep.dist is not None and ep.dist.name in dists and Path(ep.dist.locate_file("")).resolve() == site
            ]

        monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)

    yield visible
    for _, module in PACKAGES.values():
        sys.modules.pop(module, None)


# -- the TOML change, for an alliance with no Python developer --------------------------------------


def test_the_toml_change_validates(capsys, nothing_installed):
    code, out, err = run(capsys, "rubric", "validate", str(NORTHSHORE_TOML))
    assert code == 0, err
    assert "valid rubric change for 'hargreaves-2012': 4 operations apply cleanly" in out


def test_the_toml_folder_changes_the_rubric(capsys, nothing_installed):
    data = show(capsys, "--plugins", str(TOML_FOLDER))
    assert "ce" not in strand_ids(data)
    assert strand_ids(data, "pc") == ["fg", "hsc", "cmp", "sv", "ec"]
    assert strand_ids(data, "cc") == ["ai", "di", "aa"]
    sv = strand(data, "sv")
    assert sv["title"] == "Student voice"
    assert [st["name"] for st in sv["stages"]] == ["Beginning", "Developing", "Embedding", "Leading"]
    assert all(3 <= len(st["indicators"]) <= 5 for st in sv["stages"])
    assert [(q["source"], q["added_by"]) for q in sv["questions"]] == [("added", "northshore")] * 3
    assert [len(st["indicators"]) for st in strand(data, "dsi")["stages"]] == [2, 3, 4, 4]
    assert strand(data, "dsi")["stages"][0]["indicators"][0].startswith("Senior leaders have a sense")
    assert data["plugins"][-1] == "northshore"


def test_the_plugins_command_lists_the_toml_change(capsys, nothing_installed):
    code, out, _ = run(capsys, "plugins", "--plugins", str(TOML_FOLDER))
    assert code == 0
    assert f"northshore  [active]  file {NORTHSHORE_TOML}" in out
    for line in (
        "added strand 'sv' to dimension 'pc'",
        "removed strand 'ce'",
        "put dimension 'cc' in its 'box1' order",
        "rewrote the stages of strand 'dsi'",
    ):
        assert f"    {line}" in out
    assert "README" not in out  # only .py and .toml files are plugins


def test_a_typo_in_a_strand_id_is_named_with_a_suggestion(capsys, nothing_installed, tmp_path):
    bad_input("hand-made rubric files")
    (tmp_path / "northshore.toml").write_text(NORTHSHORE_TOML.read_text().replace('strand = "ce"', 'strand = "cee"'))
    code, _, err = run(capsys, "rubric", "validate", str(tmp_path / "northshore.toml"))
    assert code == 1
    assert "operation 2 (remove_strand): there is no strand 'cee'; did you mean 'ce'?" in err
    code, out, _ = run(capsys, "plugins", "--plugins", str(tmp_path))
    assert code == 1
    assert "northshore  [LEFT OUT]" in out
    assert "did you mean 'ce'?" in out
    # Left out whole: nothing of it applies, not even the operations that were right.
    data = show(capsys, "--plugins", str(tmp_path))
    assert "sv" not in strand_ids(data)
    assert "ce" in strand_ids(data)


def test_a_plugin_with_a_syntax_error_is_reported_and_left_out(capsys, nothing_installed, tmp_path):
    bad_input("hand-made plugins")
    shutil.copy(NORTHSHORE_TOML, tmp_path)
    (tmp_path / "broken.py").write_text("import maturitytui\n\ndef maturitytui_register_changes(register:\n")
    code, out, _ = run(capsys, "plugins", "--plugins", str(tmp_path))
    assert code == 1
    assert "broken  [LEFT OUT]" in out
    assert f"error: {tmp_path / 'broken.py'}: line 3: syntax error:" in out  # as rubric validate says it
    assert "northshore  [active]" in out
    code, out, err = run(capsys, "rubric", "show", "--format", "json", "--plugins", str(tmp_path))
    assert code == 0
    assert "warning: plugin 'broken'" in err
    assert "sv" in strand_ids(json.loads(out))


def test_two_changes_adding_the_same_strand(capsys, nothing_installed, tmp_path):
    bad_input("hand-made plugins")
    for name in ("a-first.toml", "b-second.toml"):
        shutil.copy(NORTHSHORE_TOML, tmp_path / name)
    code, out, _ = run(capsys, "plugins", "--plugins", str(tmp_path))
    assert code == 1
    assert "a-first  [active]" in out
    assert "b-second  [LEFT OUT]" in out
    assert "strand 'sv' already exists" in out


# -- the installed packages ---------------------------------------------------------------------------


def test_the_installed_alliance_package_changes_the_rubric(capsys, install):
    install("maturitytui-northshore-alliance")
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert "northshore-alliance  [active]  installed package maturitytui-northshore-alliance 1.0.0\n" in out
    assert "    added strand 'sv' to dimension 'pc'" in out
    data = show(capsys)
    assert "ce" not in strand_ids(data)
    assert strand_ids(data, "pc") == ["fg", "hsc", "cmp", "sv", "ec"]
    assert strand_ids(data, "cc") == ["ai", "di", "aa"]
    assert data["plugins"] == [
        "hargreaves-2012",
        "jpd-companion",
        "practice-transfer-companion",
        "research-ideas",
        "northshore-alliance",
    ]


def test_the_package_and_the_toml_file_make_the_same_change(capsys, install, nothing_installed):
    from_toml = show(capsys, "--plugins", str(TOML_FOLDER))
    install("maturitytui-northshore-alliance")
    from_package = show(capsys)

    def content(data):
        for s in (s for d in data["dimensions"] for s in d["strands"]):
            for q in s["questions"]:
                q.pop("added_by", None)
        return data["dimensions"]

    assert content(from_package) == content(from_toml)


def test_the_installed_package_can_be_switched_off(capsys, install, monkeypatch):
    install("maturitytui-northshore-alliance")
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", "northshore-alliance")
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert "northshore-alliance  [switched off]" in out
    assert "ce" in strand_ids(show(capsys))


def test_an_installed_package_and_a_toml_file_that_both_add_the_strand(capsys, install):
    install("maturitytui-northshore-alliance")
    code, out, _ = run(capsys, "plugins", "--plugins", str(TOML_FOLDER))
    assert code == 1
    assert "northshore-alliance  [active]  installed package" in out
    # Installed packages load before folders, so the folder's copy is the one left out.
    assert "northshore  [LEFT OUT]" in out
    assert "strand 'sv' already exists" in out
    code, out, err = run(capsys, "rubric", "show", "--format", "json", "--plugins", str(TOML_FOLDER))
    assert code == 0
    assert "warning: plugin 'northshore'" in err
    sv = strand(json.loads(out), "sv")
    assert {q["added_by"] for q in sv["questions"]} == {"northshore-alliance"}


def test_the_installed_trust_audits(capsys, install):
    install("maturitytui-trust-audits-extra")
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert "trust-audits-extra  [active]  installed package maturitytui-trust-audits-extra 1.0.0" in out
    assert "    added questionnaire 'staff-trust-in-governors'" in out
    assert "    added questionnaire 'parent-trust-in-staff'" in out
    questionnaires = {q["id"]: q for q in show(capsys)["questionnaires"]}
    assert list(questionnaires)[-2:] == NEW_AUDITS
    for audit_id in NEW_AUDITS:
        items = questionnaires[audit_id]["items"]
        assert len(items) == 10
        assert sum(i["reverse"] for i in items) == 2
    parents_scale = questionnaires["parent-trust-in-staff"]["scale"]
    assert [p.get("score") for p in parents_scale] == [4, 3, 2, 1, None]


def test_both_packages_together(capsys, install):
    install(*PACKAGES)
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert "LEFT OUT" not in out
    data = show(capsys)
    assert "sv" in strand_ids(data)
    assert [q["id"] for q in data["questionnaires"]][-2:] == NEW_AUDITS


def test_the_examples_own_tests_pass(site):
    # With the packages installed (their entry points visible), so none of their tests is skipped.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}
    for folder in [*(f for f, _ in PACKAGES.values()), TOML_FOLDER.name]:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(EXAMPLES / folder)],
            capture_output=True,
            text=True,
            cwd=EXAMPLES / folder,
            env=env,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "skipped" not in done.stdout, done.stdout


# -- in the app ----------------------------------------------------------------------------------------


async def test_the_alliance_change_in_the_walkthrough(nothing_installed, tmp_path):
    from maturitytui.engine.host import PluginHost
    from maturitytui.store.session_store import SessionStore
    from maturitytui.ui.app import MaturityApp
    from maturitytui.ui.steps.strand_step import StrandStep

    rubric = PluginHost([TOML_FOLDER]).assemble().rubric
    app = MaturityApp(rubric, SessionStore(tmp_path / "sessions"), partnership="Northshore Trio")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert "strand:sv" in screen.steps
        assert "strand:ce" not in screen.steps
        await screen.go_to("strand:sv")
        await pilot.pause()
        step = screen.query_one(StrandStep)
        assert step.strand.title == "Student voice"
        await pilot.press("3")
        await pilot.pause()
        screen.flush()
    saved = SessionStore(tmp_path / "sessions").scan().sessions[0].session
    assert saved.strands["sv"].stage == "Embedding"
    assert "northshore" in saved.rubric.plugins


async def test_a_plugins_trust_audit_in_the_walkthrough_keeps_not_sure_apart(install, tmp_path):
    from rich.console import Console

    from maturitytui.analysis.tool_summaries import MIN_RESPONSES, summarise_audit
    from maturitytui.engine.host import PluginHost
    from maturitytui.store.session_store import SessionStore
    from maturitytui.ui.app import MaturityApp
    from maturitytui.ui.steps.audit_step import AuditStep

    install("maturitytui-trust-audits-extra")
    rubric = PluginHost().assemble().rubric
    audit = rubric.tool("parent-trust-in-staff")
    not_sure = next(n for n, p in enumerate(audit.scale, 1) if p.score is None)
    app = MaturityApp(rubric, SessionStore(tmp_path / "sessions"), partnership="Northshore Trio")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.go_to("tool:parent-trust-in-staff")
        await pilot.pause()
        step = app.screen.query_one(AuditStep)
        for person in range(MIN_RESPONSES):
            await pilot.press("r")
            await pilot.pause()
            await pilot.press(*[str(not_sure if person == 0 else 1)] * len(audit.items))
            await pilot.pause()
        items = summarise_audit(audit, step.answer.tally).items
        assert all(item.unscored == 1 and item.mean is not None for item in items)
        shown = io.StringIO()
        Console(file=shown, width=200).print(step.query_one("#audit-summary").content)
        assert "left out of the average" in shown.getvalue()
