"""The tools for plugin authors: `plugins`, `rubric validate` on a folder, `rubric diff`, `plugin new`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import DATA, bad_input, make_host, write
from conftest import run_cli as run

import maturitytui
from maturitytui import __version__
from maturitytui.engine import host as plugins_module
from maturitytui.engine.default_plugins import DEFAULT_PLUGINS
from maturitytui.engine.host import PluginHost
from maturitytui.engine.rubric_diff import compare_rubrics
from maturitytui.engine.scaffold import new_plugin

ALLIANCE = DATA / "plugins" / "alliance"
COMPANIONS = ",".join(name for name in DEFAULT_PLUGINS if name != "hargreaves-2012")
"""The built-in plugins other than the 2012 model, switched off where a test wants the bare model."""


pytestmark = pytest.mark.usefixtures("nothing_installed")


BOX1 = """
    import maturitytui

    __version__ = "2.1"


    @maturitytui.hookimpl
    def maturitytui_register_changes(register, rubric_id):
        register({"rubric": rubric_id, "ops": [{"op": "use_order", "dimension": "cc", "order": "box1"}]})
"""


# -- maturitytui plugins ------------------------------------------------------------------


def test_plugins_lists_each_plugin_with_its_version(capsys, monkeypatch, tmp_path):
    class Installed:
        @maturitytui.hookimpl
        def maturitytui_register_changes(self, register):
            register({"ops": [{"op": "remove_strand", "strand": "aa"}]})

    dist = SimpleNamespace(name="alliance-rubric", version="1.4.2")
    entries = [SimpleNamespace(name="alliance", value="alliance_rubric", dist=dist, load=lambda: Installed())]
    monkeypatch.setattr(plugins_module.importlib.metadata, "entry_points", lambda group: entries)
    write(tmp_path, "box1.py", BOX1)
    shutil_copy(ALLIANCE / "student-voice.toml", tmp_path)

    code, out, _ = run(capsys, "plugins", "--plugins", tmp_path)
    assert code == 0
    assert f"hargreaves-2012  [active]  built in  version {__version__}" in out
    assert "alliance  [active]  installed package alliance-rubric 1.4.2\n" in out  # its version said once
    assert f"box1  [active]  file {tmp_path / 'box1.py'}  version 2.1" in out
    assert f"student-voice  [active]  file {tmp_path / 'student-voice.toml'}  version —" in out
    assert "    removed strand 'aa'" in out

    code, out, _ = run(capsys, "plugins", "--plugins", tmp_path, "--format", "json")
    rows = {row["name"]: row for row in json.loads(out)["plugins"]}
    assert (rows["alliance"]["version"], rows["alliance"]["status"]) == ("1.4.2", "active")
    assert rows["student-voice"]["contributions"] == ["added strand 'sv' to dimension 'pc'", "removed strand 'ce'"]
    assert rows["hargreaves-2012"]["version"] == __version__


def test_plugins_json_names_errors_and_switched_off_plugins(capsys, monkeypatch, tmp_path):
    write(tmp_path, "broken.py", "raise ValueError('boom')\n")
    shutil_copy(ALLIANCE / "student-voice.toml", tmp_path)
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", "student-voice")
    code, out, _ = run(capsys, "plugins", "--plugins", tmp_path, "--format", "json")
    rows = {row["name"]: row for row in json.loads(out)["plugins"]}
    assert code == 1
    assert rows["broken"]["status"] == "LEFT OUT"
    assert "raised ValueError: boom" in rows["broken"]["error"]
    assert rows["student-voice"]["status"] == "switched off"
    assert rows["student-voice"]["error"] == ""


def shutil_copy(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder))


# -- maturitytui rubric validate FOLDER ----------------------------------------------------


def test_validate_a_good_folder(capsys, tmp_path):
    write(tmp_path, "box1.py", BOX1)
    shutil_copy(ALLIANCE / "student-voice.toml", tmp_path)
    write(tmp_path, "_helper.py", "raise RuntimeError('never imported: names starting with _ are skipped')\n")
    write(tmp_path, "notes.txt", "not a plugin file\n")
    code, out, err = run(capsys, "rubric", "validate", tmp_path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{tmp_path / 'box1.py'}: valid plugin module (maturitytui_register_changes): 1 operation applies cleanly",
        f"{tmp_path / 'student-voice.toml'}: valid rubric change for 'hargreaves-2012': 2 operations apply cleanly",
        f"{tmp_path}: 2 files checked, all valid",
    ]


def test_validate_a_folder_with_a_python_syntax_error(capsys, tmp_path):
    bad_input("hand-made plugin folders")
    shutil_copy(ALLIANCE / "student-voice.toml", tmp_path)
    bad = write(
        tmp_path,
        "broken.py",
        """
        import maturitytui

        @maturitytui.hookimpl
        def maturitytui_register_changes(register:
            pass
    """,
    )
    before = bad.read_bytes()
    code, out, err = run(capsys, "rubric", "validate", tmp_path)
    assert code == 1
    assert f"error: {bad}: line 4, column" in err
    assert "syntax error" in err
    assert f"{bad}: 1 problem" in err
    assert f"{tmp_path}: 2 files checked, 1 with problems (1 problem in all)" in err
    assert "student-voice.toml: valid rubric change" in out  # the good file is still checked and summarised
    assert "Traceback" not in err
    assert bad.read_bytes() == before


def test_validate_a_folder_with_a_mistyped_strand_id(capsys, tmp_path):
    bad_input("hand-made plugin folders")
    path = write(
        tmp_path,
        "no-ce.toml",
        """
        kind = "rubric-change"

        [[ops]]
        op = "remove_strand"
        strand = "cee"

        [[ops]]
        op = "reorder_strands"
        dimension = "pd"
        order = ["mc", "jdp", "tid", "dsi"]
    """,
    )
    code, out, err = run(capsys, "rubric", "validate", tmp_path)
    assert code == 1
    assert out == ""
    assert f"error: {path}: line 3, operation 1 (remove_strand): there is no strand 'cee'; did you mean 'ce'?" in err
    assert "operation 2 (reorder_strands)" in err
    assert "'jdp' is not one of them; did you mean 'jpd'?" in err


def test_validate_applies_the_files_in_name_order_as_loading_does(capsys, tmp_path):
    write(tmp_path, "a-remove.toml", 'kind = "rubric-change"\n[[ops]]\nop = "remove_strand"\nstrand = "ce"\n')
    later = write(
        tmp_path,
        "b-rename.toml",
        'kind = "rubric-change"\n[[ops]]\nop = "update_strand"\nstrand = "ce"\ntitle = "Enterprise"\n',
    )
    code, out, err = run(capsys, "rubric", "validate", tmp_path)
    assert code == 1
    assert "a-remove.toml: valid rubric change" in out
    # The file that removed the strand is named, not a guess at another strand.
    assert (
        f"error: {later}: line 2, operation 1 (update_strand): there is no strand 'ce': the plugin 'a-remove', "
        "loaded before this one, removed it"
    ) in err
    # Loading agrees: the later file is left out, the earlier one applies.
    assembly = make_host(tmp_path).assemble()
    assert [r.name for r in assembly.errors] == ["b-rename"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            """
            import maturitytui

            @maturitytui.hookimpl
            def maturitytui_register_change(register):
                pass
         """,
            [
                "line 4: implements unknown hook maturitytui_register_change; did you mean 'maturitytui_register_changes'?"
            ],
        ),
        (
            """
            import maturitytui

            def maturitytui_register_changes(register):
                register({"ops": [{"op": "remove_strand", "strand": "ce"}]})
         """,
            ["line 3: maturitytui_register_changes is not marked @maturitytui.hookimpl, so it is never called"],
        ),
        (
            """
            import maturitytui

            @maturitytui.hookimpl
            def maturitytui_register_changes(register, rubric):
                pass
         """,
            [
                "line 4: maturitytui_register_changes asks for an argument the hook does not give ('rubric')",
                "rename 'rubric' → 'rubric_id'; take only some of: register, rubric_id",
            ],
        ),
        (
            """
            import maturitytui

            @maturitytui.hookimpl
            def maturitytui_register_changes(register):
                servers = {}
                register(servers["alliance"])
         """,
            ["line 6: maturitytui_register_changes raised KeyError: 'alliance'"],
        ),
        (
            """
            import maturitytui

            @maturitytui.hookimpl
            def maturitytui_register_changes(register):
                return {"ops": [{"op": "remove_strand", "strand": "ce"}]}
         """,
            ["line 4: maturitytui_register_changes returned dict instead of calling register()"],
        ),
        (
            """
            import maturitytui

            @maturitytui.hookimpl
            def maturitytui_register_questionnaires(register):
                register({"kind": "checklist", "id": "c", "title": "C", "items": []})
         """,
            [
                "maturitytui_register_questionnaires, registered item 1 › companion › checklist › items",
                "List should have at least 1 item",
            ],
        ),
        ("import json\nsettings = json.loads('{')\n", ["line 2: importing the module raised JSONDecodeError"]),
        ("import maturitytui\n", ["implements none of the hooks, so it changes nothing"]),
    ],
    ids=["unknown-hook", "unmarked", "bad-argument", "raises", "returns", "bad-data", "import-fails", "no-hooks"],
)
def test_validate_names_each_module_problem_with_its_line(capsys, tmp_path, source, expected):
    bad_input("hand-made plugin modules")
    path = write(tmp_path, "odd.py", source)
    code, _out, err = run(capsys, "rubric", "validate", tmp_path)
    assert code == 1
    assert "Traceback" not in err
    for words in expected:
        assert words in err, (words, err)
    assert all(line.startswith((f"error: {path}", f"{path}:", f"{tmp_path}:")) for line in err.splitlines())
    # The same module given on its own is checked the same way.
    code, _, alone = run(capsys, "rubric", "validate", path)
    assert code == 1
    assert alone.splitlines()[0] == err.splitlines()[0]


def test_validate_reports_what_only_loading_notices(capsys, tmp_path):
    write(tmp_path, "ours.py", BOX1)
    toml = shutil_copy(ALLIANCE / "student-voice.toml", tmp_path).rename(tmp_path / "ours.toml")
    code, out, err = run(capsys, "rubric", "validate", tmp_path)
    assert code == 1
    assert "ours.py: valid plugin module" in out
    assert f"error: {toml}: left out when loading: another plugin with this name is already loaded" in err


def test_validate_an_empty_folder(capsys, tmp_path):
    code, out, _ = run(capsys, "rubric", "validate", tmp_path)
    assert code == 0
    assert "no *.toml or *.py plugin files to check" in out


def test_validate_a_folder_that_is_also_in_use_is_not_tried_against_itself(capsys, tmp_path):
    shutil_copy(ALLIANCE / "student-voice.toml", tmp_path)
    code, out, err = run(capsys, "--plugins", tmp_path, "rubric", "validate", tmp_path)
    assert code == 0, err
    assert "2 operations apply cleanly" in out


# -- maturitytui rubric diff ---------------------------------------------------------------

REWRITE = """
    kind = "rubric-change"
    title = "Rewrites"

    [[ops]]
    op = "reorder_strands"
    dimension = "pd"
    order = ["jpd", "mc", "dsi", "tid"]

    [[ops]]
    op = "update_strand"
    strand = "fg"
    title = "Fit-for-purpose governance"

    [[ops]]
    op = "replace_stages"
    strand = "aa"

    [[ops.stages]]
    name = "Beginning"
    indicators = ["Each school decides its own part in the partnership alone."]

    [[ops.stages]]
    name = "Developing"
    indicators = ["The schools agree together who does what in the partnership."]

    [[ops.stages]]
    name = "Embedding"
    indicators = ["The partnership's structure is reviewed every year against what it is for."]

    [[ops.stages]]
    name = "Leading"
    indicators = ["The partnership redesigns its structure as its purposes change."]

    [[ops]]
    op = "add_questions"
    strand = "sv"

    [[ops.questions]]
    text = "Which students have never been asked?"

    [[ops]]
    op = "remove_criterion"
    criterion = "ec-practised"

    [[ops]]
    op = "remove_questionnaire"
    id = "student-trust-in-staff"
"""


def diff_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plugins"
    shutil_copy(ALLIANCE / "student-voice.toml", folder)  # adds 'sv' after 'hsc', removes 'ce'
    write(folder, "z-rewrite.toml", REWRITE)
    return folder


def test_diff_names_each_change_and_the_plugin_responsible(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", COMPANIONS)
    code, out, err = run(capsys, "rubric", "diff", "--plugins", diff_folder(tmp_path))
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "rubric hargreaves-2012 version 2012.3"
    assert lines[1].startswith("  base:   as plugin 'hargreaves-2012' provides it: 12 strands (sha256:")
    assert lines[2].startswith("  in use: with student-voice, z-rewrite: 12 strands (sha256:")
    for expected in [
        "  ~ order of Professional development changed: 'tid' moved  [z-rewrite]",
        "      was: jpd, mc, tid, dsi",
        "      now: jpd, mc, dsi, tid",
        "  ~ strand 'fg' renamed from 'Fit governance' to 'Fit-for-purpose governance'  [z-rewrite]",
        "  + strand 'sv' Student voice added in Partnership competence after 'hsc'  [student-voice, z-rewrite]",
        "      then changed by z-rewrite",
        "  - strand 'ce' Creative entrepreneurship removed from Collaborative capital  [student-voice]",
        "  ~ stages of strand 'aa' rewritten: Beginning (1 added, 2 removed), Developing (1 added, 4 removed), "
        "Embedding (1 added, 5 removed), Leading (1 added, 3 removed)  [z-rewrite]",
        "      Leading: + The partnership redesigns its structure as its purposes change.",
        "  - criterion 'ec-practised' Evaluation and challenge removed  [z-rewrite]",
        "  - questionnaire 'student-trust-in-staff' Student trust in staff removed  [z-rewrite]",
    ]:
        assert expected in lines, (expected, out)
    # Grouped under the part of the rubric they change, in rubric order.
    headings = [line for line in lines if line and not line.startswith(" ")][1:]
    assert headings == [
        "7 differences",
        "Professional development",
        "Partnership competence",
        "Collaborative capital",
        "Criteria",
        "Questionnaires, exercises and companions",
    ]


def test_diff_names_the_plugin_from_what_it_did_not_from_how_that_is_worded(capsys, monkeypatch, tmp_path):
    from maturitytui.engine import changes

    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", COMPANIONS)
    for op in (changes.RemoveStrand, changes.UpdateStrand, changes.ReorderStrands, changes.RemoveCriterion):
        monkeypatch.setattr(op, "describe", lambda self: "reworded")
    code, out, _ = run(capsys, "rubric", "diff", "--plugins", diff_folder(tmp_path))
    lines = out.splitlines()
    assert code == 0
    assert "  - strand 'ce' Creative entrepreneurship removed from Collaborative capital  [student-voice]" in lines
    assert "  ~ strand 'fg' renamed from 'Fit governance' to 'Fit-for-purpose governance'  [z-rewrite]" in lines
    assert "  - criterion 'ec-practised' Evaluation and challenge removed  [z-rewrite]" in lines


def test_diff_as_json(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", COMPANIONS)
    code, out, _ = run(capsys, "rubric", "diff", "--format", "json", "--plugins", diff_folder(tmp_path))
    data = json.loads(out)
    assert code == 0
    assert data["plugins"] == ["student-voice", "z-rewrite"]
    assert (data["base"]["strands"], data["in_use"]["strands"]) == (12, 12)
    found = {(d["action"], d["what"], d["id"]): d["plugins"] for d in data["differences"]}
    # The question z-rewrite adds to 'sv' is part of the new strand, not a difference of its own.
    assert found == {
        ("changed", "order", "pd"): ["z-rewrite"],
        ("changed", "strand", "fg"): ["z-rewrite"],
        ("added", "strand", "sv"): ["student-voice", "z-rewrite"],
        ("removed", "strand", "ce"): ["student-voice"],
        ("changed", "stages", "aa"): ["z-rewrite"],
        ("removed", "criterion", "ec-practised"): ["z-rewrite"],
        ("removed", "questionnaire", "student-trust-in-staff"): ["z-rewrite"],
    }
    added = next(d for d in data["differences"] if d["id"] == "sv")
    assert "question: Which students have never been asked?" in added["details"]


def test_diff_attributes_questions_and_tools_by_what_the_plugin_marked(rubric):
    class Extras:
        @maturitytui.hookimpl
        def maturitytui_register_changes(self, register):
            register(
                {"ops": [{"op": "add_questions", "strand": "mc", "questions": [{"text": "Who coaches the coaches?"}]}]}
            )

        @maturitytui.hookimpl
        def maturitytui_register_questionnaires(self, register):
            register(
                {
                    "kind": "prompts",
                    "id": "visits",
                    "title": "Visits",
                    "strand": "grid",
                    "prompts": [{"id": "next", "text": "Which school will you visit next?"}],
                }
            )

    host = make_host()
    host.register(Extras(), "extras")
    assembly = host.assemble()
    diffs = {(d.what, d.id): d for d in compare_rubrics(rubric, assembly.rubric, assembly.records)}
    question = diffs[("questions", "mc")]
    assert (question.action, question.summary, question.plugins) == (
        "added",
        "1 question added to strand 'mc'",
        ["extras"],
    )
    assert question.details == ["+ Who coaches the coaches?"]
    prompts = diffs[("prompts", "visits")]
    assert prompts.summary == "prompts 'visits' Visits added, offered after the grid"
    assert prompts.plugins == ["extras"]


def test_diff_of_a_strand_moved_to_another_dimension_and_reordered(rubric):
    moved = rubric.model_copy(deep=True)
    pd, pc, cc = moved.dimensions
    strand = pd.strands.pop(0)  # jpd to the end of partnership competence
    pc.strands.append(strand)
    cc.strands = [cc.strands[3], *cc.strands[:3]]  # aa first
    diffs = {(d.action, d.what, d.id): d for d in compare_rubrics(rubric, moved)}
    assert (
        diffs[("changed", "strand", "jpd")].summary
        == "strand 'jpd' moved from Professional development to Partnership competence"
    )
    order = diffs[("changed", "order", "cc")]
    assert order.summary == "order of Collaborative capital changed: 'aa' moved"
    assert ("changed", "order", "pd") not in diffs  # losing a strand is not a change of order
    cc.strands.pop(2)  # and ce removed as well: its own line, not part of the order's
    order = {(d.action, d.what, d.id): d for d in compare_rubrics(rubric, moved)}[("changed", "order", "cc")]
    assert order.details == ["was: ai, di, aa", "now: aa, ai, di"]


def test_diff_shows_a_left_out_plugin_and_none_of_its_changes(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", COMPANIONS)
    write(
        tmp_path,
        "half.toml",
        """
        kind = "rubric-change"
        [[ops]]
        op = "remove_strand"
        strand = "aa"
        [[ops]]
        op = "remove_strand"
        strand = "nowhere"
    """,
    )
    code, out, err = run(capsys, "rubric", "diff", "--plugins", tmp_path)
    assert code == 0
    assert "No differences: no active plugin changes this rubric." in out
    assert "! plugin 'half' was left out, so none of its changes are here: line 5, operation 2 (remove_strand)" in out
    assert "warning: plugin 'half'" in err


def test_diff_base_is_the_rubric_as_its_provider_gives_it(capsys, monkeypatch):
    # With no folders, the only differences are the built-in companion plugins' tools, each named.
    code, out, _ = run(capsys, "rubric", "diff", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["rubric"]["provider"] == "hargreaves-2012"
    assert data["differences"]
    assert all(
        d["action"] == "added" and d["plugins"] and d["plugins"][0] in DEFAULT_PLUGINS for d in data["differences"]
    )
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", COMPANIONS)
    code, out, _ = run(capsys, "rubric", "diff", "--format", "json")
    assert json.loads(out)["differences"] == []
    assert json.loads(out)["base"] == json.loads(out)["in_use"]


# -- maturitytui plugin new -----------------------------------------------------------------


def test_plugin_new_makes_a_package_whose_tests_pass(capsys, tmp_path):
    code, out, err = run(capsys, "plugin", "new", "north-alliance", "--dir", tmp_path)
    root = tmp_path / "maturitytui-north-alliance"
    assert code == 0
    assert err == ""
    assert f"Made {root}" in out
    module = root / "src" / "maturitytui_north_alliance" / "__init__.py"
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        "README.md",
        "pyproject.toml",
        "src/maturitytui_north_alliance/__init__.py",
        "tests/test_north_alliance.py",
    ]
    readme = (root / "README.md").read_text()
    for step in ("pip install -e .", "maturitytui rubric diff", "maturitytui rubric validate"):
        assert step in readme

    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    env.pop("MATURITYTUI_PLUGINS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout

    # The generated module is a valid plugin.
    code, out, err = run(capsys, "rubric", "validate", module)
    assert code == 0, err
    assert "1 operation applies cleanly" in out


def test_plugin_new_pyproject_declares_the_entry_point(tmp_path):
    import tomllib

    made = new_plugin("trust2024", tmp_path)
    project = tomllib.loads((made.root / "pyproject.toml").read_text())
    assert project["project"]["name"] == "maturitytui-trust2024"
    assert project["project"]["entry-points"]["maturitytui"] == {"trust2024": "maturitytui_trust2024"}
    assert project["build-system"]["build-backend"] == "hatchling.build"
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/maturitytui_trust2024"]


def test_plugin_new_refuses_an_existing_folder(capsys, tmp_path):
    existing = tmp_path / "maturitytui-north-alliance"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine")
    code, out, err = run(capsys, "plugin", "new", "north-alliance", "--dir", tmp_path)
    assert code == 1
    assert out == ""
    assert err.strip() == (
        f"error: {existing}: already exists; nothing was written — "
        "choose another name or --dir, or move the folder away"
    )
    assert [p.name for p in existing.iterdir()] == ["keep.txt"]
    assert (existing / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "name",
    ["North", "north_alliance", "-north", "north--alliance", "2024", "a" * 41, "hargreaves-2012", "north alliance", ""],
)
def test_plugin_new_refuses_an_invalid_name(capsys, tmp_path, name):
    bad_input("plugin names")
    code, out, err = run(capsys, "plugin", "new", "--dir", tmp_path, "--", name)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith(f"error: plugin new: name '{name}': ")
    assert list(tmp_path.iterdir()) == []


def test_plugin_new_accepts_the_distribution_name(tmp_path):
    made = new_plugin("maturitytui-north", tmp_path)
    assert (made.name, made.root.name, made.module) == ("north", "maturitytui-north", "maturitytui_north")


# -- shared ----------------------------------------------------------------------------------


def test_a_plugin_registered_in_code():
    class Retitle:
        @maturitytui.hookimpl
        def maturitytui_register_changes(self, register, rubric_id):
            register(
                {
                    "rubric": rubric_id,
                    "ops": [{"op": "update_strand", "strand": "fg", "title": "Fit-for-purpose governance"}],
                }
            )

    host = PluginHost(entry_points=False)
    host.register(Retitle(), "retitle")
    assembly = host.assemble()
    assert assembly.errors == []
    assert assembly.rubric.strand("fg").title == "Fit-for-purpose governance"
    assert assembly.rubric.plugins[-1] == "retitle"


def test_the_tools_do_not_import_textual(tmp_path):
    code = (
        "import sys\n"
        "import maturitytui.engine.rubric_diff, maturitytui.engine.scaffold\n"
        "from maturitytui.cli import main\n"
        f"main(['rubric', 'diff', '--format', 'json', '--sessions', {str(tmp_path)!r}])\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MATURITYTUI_PLUGINS": ""},
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_validate_names_a_tool_linked_to_a_strand_the_rubric_lacks(capsys, tmp_path):
    from maturitytui.cli import main

    folder = tmp_path / "plugs"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        'kind = "rubric-change"\nrubric = "hargreaves-2012"\n\n[[ops]]\nop = "add_companion"\n\n'
        '[ops.companion]\nkind = "checklist"\nid = "visits"\ntitle = "Visits"\nstrand = "mcc"\n\n'
        '[[ops.companion.items]]\nid = "a"\ntext = "A point."\n'
    )
    assert main(["rubric", "validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "checklist 'visits' › strand" in err
    assert "'mcc'" in err
    assert "did you mean 'mc'?" in err


def test_validate_names_a_malformed_operation_and_still_tries_the_others(capsys, tmp_path):
    """Loading refuses the whole change; the check names the malformed operations and applies the rest, in
    order, so a second mistake after the first is found in the same run."""
    path = write(
        tmp_path,
        "slips.toml",
        """
        kind = "rubric-change"

        [[ops]]
        op = "remove_strand"
        strnd = "jpd"

        [[ops]]
        op = "remove_strand"
        strand = "zzz"

        [[ops]]
        op = "remove_strand"
        strand = "mc"

        [[ops]]
        op = "remove_strnd"
        strand = "tid"

        [[ops]]
        op = "remove_strand"
        strand = "mc"
    """,
    )
    for target in (path, tmp_path):  # the file alone, and the folder it is in
        code, out, err = run(capsys, "rubric", "validate", target)
        assert code == 1
        assert out == ""
        lines = [line for line in err.splitlines() if line.startswith("error:")]
        assert lines == [
            f"error: {path}: line 3, operation 1 (remove_strand) › strnd: unknown key; did you mean 'strand'?"
            " — rename it to strand",
            f"error: {path}: line 7, operation 2 (remove_strand): there is no strand 'zzz' (the rubric has: "
            + "jpd, mc, tid, dsi, fg, hsc, cmp, ec, ai, ce, di, aa) — correct or remove this operation",
            f"error: {path}: line 15, operation 4 (remove_strnd): there is no op 'remove_strnd'; did you mean "
            "'remove_strand'? — use one of: add_strand, remove_strand, reorder_strands, use_order, update_strand, "
            "replace_stages, replace_questions, add_questions, add_ideas, replace_ideas, remove_criterion, "
            "add_questionnaire, add_exercise, add_companion, remove_questionnaire",
            # operation 3 removed mc, so removing it again is found too: the rest are tried as the rubric stood
            f"error: {path}: line 19, operation 5 (remove_strand): there is no strand 'mc': operation 3 of this "
            "change removed it — correct or remove this operation",
        ]
        assert f"{path}: 4 problems" in err


def test_loading_still_refuses_a_change_with_a_malformed_operation(tmp_path):
    write(
        tmp_path,
        "slip.toml",
        'kind = "rubric-change"\n[[ops]]\nop = "remove_strand"\nstrand = "aa"\n[[ops]]\nop = "fly"\n',
    )
    host = PluginHost([tmp_path], entry_points=False)
    rubric = host.assemble().rubric
    assert "aa" in [s.id for s in rubric.strands()]  # nothing of the file is applied
    assert any("there is no op 'fly'" in (r.error or "") for r in host.records)


def test_plugins_shows_each_changes_title_and_gives_its_cite_as_data(capsys, monkeypatch):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", COMPANIONS)
    folder = Path(__file__).resolve().parent.parent / "plugins" / "alliance-change-toml"
    code, out, _ = run(capsys, "plugins", "--plugins", folder)
    assert code == 0
    lines = out.splitlines()
    at = lines.index(f"northshore  [active]  file {folder / 'northshore.toml'}  version —")
    assert lines[at + 1].startswith("    Northshore Alliance: student voice added")
    code, out, _ = run(capsys, "plugins", "--plugins", folder, "--format", "json")
    (northshore,) = [p for p in json.loads(out)["plugins"] if p["name"] == "northshore"]
    (change,) = northshore["changes"]
    assert change["title"].startswith("Northshore Alliance:")
    assert change["cite"].startswith("Hargreaves, D. H. (2012)")


def test_validate_a_package_folder_checks_its_init_module(capsys, tmp_path):
    """`rubric validate src/maturitytui_northfield`: a package's hooks are in its __init__.py, which a plugin
    folder's loading would skip as a helper; checked, not passed over as an empty folder."""
    made = new_plugin("northfield", tmp_path)
    package = made.root / "src" / made.module
    code, out, _ = run(capsys, "rubric", "validate", package)
    assert code == 0
    assert out.startswith(f"{package / '__init__.py'}: valid plugin module (maturitytui_register_changes)")
    init = package / "__init__.py"
    init.write_text(
        init.read_text().replace(
            "def maturitytui_register_changes(register", "def maturitytui_register_changes(regster"
        )
    )
    code, _, err = run(capsys, "rubric", "validate", package)
    assert code == 1
    assert "asks for an argument the hook does not give ('regster')" in err
