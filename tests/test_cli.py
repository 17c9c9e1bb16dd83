"""The command line: every command, with good and bad input; never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from conftest import DATA, bad_input
from conftest import run_cli as run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturitytui import __version__
from maturitytui.cli import main
from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore

ALLIANCE = DATA / "plugins" / "alliance"
BAD_RUBRICS = DATA / "bad_rubrics"


pytestmark = pytest.mark.usefixtures("nothing_installed")


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"maturitytui {__version__}"


def test_module_and_console_script_run():
    out = subprocess.run([sys.executable, "-m", "maturitytui", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"maturitytui {__version__}"


def test_rubric_show_text(capsys, rubric):
    code, out, err = run(capsys, "rubric", "show")
    assert code == 0
    assert err == ""
    for heading in ("PROFESSIONAL DEVELOPMENT", "PARTNERSHIP COMPETENCE", "COLLABORATIVE CAPITAL"):
        assert heading in out
    lines = out.splitlines()
    assert lines.count("     Beginning") == 12
    assert lines.count("     Leading") == 12
    assert out.count("• ") == rubric.indicator_count()
    # Each stage's ideas for moving on, with where each comes from.
    ideas = sum(len(stage.ideas) for strand in rubric.strands() for stage in strand.stages)
    assert out.count("→ ") == ideas + len(rubric.criteria_guidance.warnings) + len(
        rubric.criteria_guidance.remedies
    ) + len(rubric.audit_guidance.before) + len(rubric.audit_guidance.after) + sum(
        len(t.before) + len(t.after) for t in [*rubric.questionnaires, *rubric.exercises]
    )
    assert "Ideas for moving on from Developing" in out
    assert "(Fielding et al. 2005 (RB615), recommendation 16; added by research-ideas)" in " ".join(out.split())
    assert "CRITERIA FOR A DEEP PARTNERSHIP" in out
    # Every tool, with the step a review offers it after.
    flat = " ".join(out.split())
    for tool in rubric.tools():
        assert f"{tool.title} [{tool.id}]" in flat
    assert (
        "Strong ties and weak ties [ties]: a tie guide, from the plugin practice-transfer-companion; offered after the grid"
        in flat
    )
    assert "offered after High social capital" in flat


def test_rubric_show_json(capsys, rubric):
    code, out, _ = run(capsys, "rubric", "show", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [len(d["strands"]) for d in data["dimensions"]] == [4, 4, 4]
    assert (
        sum(len(st["indicators"]) for d in data["dimensions"] for s in d["strands"] for st in s["stages"])
        == rubric.indicator_count()
    )
    assert [c["strand"] for c in data["criteria"]] == ["jpd", "hsc", "cmp", "ec"]
    assert [len(q["items"]) for q in data["questionnaires"]] == [10, 10, 10]
    assert {q["offered"] for q in data["questionnaires"]} == {"after High social capital"}
    assert {c["id"]: c["offered"] for c in data["companions"]}["ties"] == "after the grid"


def test_plugins_option_before_or_after_the_command(capsys):
    for argv in (
        ["--plugins", str(ALLIANCE), "rubric", "show", "--format", "json"],
        ["rubric", "show", "--format", "json", "--plugins", str(ALLIANCE)],
    ):
        code, out, _ = run(capsys, *argv)
        ids = [s["id"] for d in json.loads(out)["dimensions"] for s in d["strands"]]
        assert code == 0
        assert "sv" in ids
        assert "ce" not in ids


def test_plugins_command_says_what_changed(capsys):
    code, out, _ = run(capsys, "plugins", "--plugins", str(ALLIANCE))
    assert code == 0
    assert "hargreaves-2012  [active]  built in" in out
    assert "student-voice  [active]  file" in out
    assert "added strand 'sv' to dimension 'pc'" in out
    assert "removed strand 'ce'" in out


def test_plugins_command_reports_a_broken_plugin(capsys, tmp_path):
    (tmp_path / "broken.py").write_text("raise ValueError('boom')\n")
    code, out, _ = run(capsys, "plugins", "--plugins", str(tmp_path))
    assert code == 1
    assert "broken  [LEFT OUT]" in out
    assert "raised ValueError: boom" in out


def test_show_warns_about_a_broken_plugin_and_goes_on(capsys, tmp_path):
    (tmp_path / "broken.py").write_text("raise ValueError('boom')\n")
    code, out, err = run(capsys, "rubric", "show", "--plugins", str(tmp_path))
    assert code == 0
    assert "JOINT PRACTICE" not in out
    assert "Joint practice development" in out
    assert "warning: plugin 'broken'" in err
    assert "boom" in err


def test_validate_the_shipped_rubric(capsys):
    from maturitytui.engine.default_plugins import rubrics_dir

    code, out, _ = run(capsys, "rubric", "validate", str(rubrics_dir() / "hargreaves-2012.toml"))
    assert code == 0
    assert "valid rubric 'hargreaves-2012'" in out
    assert "12 strands" in out


def test_validate_a_good_change(capsys):
    code, out, _ = run(capsys, "rubric", "validate", str(ALLIANCE / "student-voice.toml"))
    assert code == 0
    assert "2 operations apply cleanly" in out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("no_kind.toml", ["kind: the file has no kind"]),
        ("not_toml.toml", ["line 2, column", "not valid TOML"]),
        (
            "three_stages.toml",
            [
                "strand 's1' › stages: needs exactly four stages",
                "stage 'Leading' › indicators: an indicator must not be empty",
                "stage 'Embedding' › indicators: an indicator repeats",
                "strand 's1' › colour",
            ],
        ),
        (
            "change_bad_ops.toml",
            [
                "operation 1 (remove_strand): there is no strand 'no-such-strand'",
                "operation 2 (reorder_strands): the order must list every strand",
            ],
        ),
        (
            "change_unknown_op.toml",
            ["line 3, operation 1 (delete_everything): there is no op 'delete_everything' — use one of: add_strand,"],
        ),
    ],
)
def test_validate_lists_every_problem_with_its_place(capsys, name, expected):
    bad_input("hand-made rubric files")
    path = BAD_RUBRICS / name
    before = path.read_bytes()
    code, out, err = run(capsys, "rubric", "validate", str(path))
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    for words in expected:
        assert words in err, (words, err)
    assert all(line.startswith((f"error: {path}", f"{path}:")) for line in err.splitlines())
    assert path.read_bytes() == before


def test_validate_reports_references_after_structure(capsys, tmp_path):
    text = (BAD_RUBRICS / "three_stages.toml").read_text()
    # Mend the structure so the whole-rubric checks run.
    text = text.replace(
        'name = "Leading"\nindicators = ["A third thing.", ""]',
        'name = "Embedding"\nindicators = ["x y z"]\n\n[[dimensions.strands.stages]]\nname = "Leading"\nindicators = ["a b c"]',
    )
    text = text.replace('colour = "blue"\n', "").replace('["Same.", "same."]', '["Same."]')
    path = tmp_path / "refs.toml"
    path.write_text(text)
    code, _, err = run(capsys, "rubric", "validate", str(path))
    assert code == 1
    assert "strand 's1': the strand id is used more than once" in err
    assert "criterion 'c1' › strand: refers to strand 'nowhere'" in err


def test_sessions_list(capsys, tmp_path, rubric):
    store = SessionStore(tmp_path)
    session = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18), participants=["A. Okafor"])
    session.answer("jpd").stage = "Developing"
    path = store.save(session)
    code, out, _ = run(capsys, "sessions", "list", "--sessions", str(tmp_path))
    assert code == 0
    assert "18 Jun 2026  Harbourside  in progress, at the start  1 strand answered  (A. Okafor)" in out
    assert str(path) in out


def test_sessions_list_reports_bad_files_and_lists_the_rest(capsys, tmp_path, rubric):
    store = SessionStore(tmp_path)
    store.save(Session.start("Harbourside", rubric, review_date=date(2026, 6, 18)))
    bad = tmp_path / "harbourside" / "bad.toml"
    bad.write_text("schema_version = 1\nid = \n")
    code, out, err = run(capsys, "sessions", "list", "--sessions", str(tmp_path))
    assert code == 1
    assert "Harbourside" in out
    assert f"{bad}: line 2" in err


def test_sessions_env_var(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("MATURITYTUI_SESSIONS", str(tmp_path / "elsewhere"))
    code, out, _ = run(capsys, "sessions", "list")
    assert code == 0
    assert f"No reviews in {tmp_path / 'elsewhere'}" in out


def test_unknown_rubric(capsys):
    code, _, err = run(capsys, "rubric", "show", "--rubric", "nope")
    assert code == 1
    assert "no plugin provides this rubric" in err
    assert "hargreaves-2012" in err


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_validate_never_shows_a_traceback(capsys, tmp_path, raw):
    bad_input("generated rubric files (CLI)")
    path = tmp_path / "fuzz.toml"
    path.write_bytes(raw)
    code, _out, err = run(capsys, "rubric", "validate", str(path))
    assert code == 1
    assert "Traceback" not in err
    assert str(path) in err


def test_validate_in_a_real_process_never_shows_a_traceback():
    path = BAD_RUBRICS / "change_three_stages.toml"
    out = subprocess.run(
        [sys.executable, "-m", "maturitytui", "rubric", "validate", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "MATURITYTUI_PLUGINS": ""},
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "operation 1 (replace_stages): the new stages are not valid: needs exactly four stages" in out.stderr


def test_validate_agrees_with_loading(capsys, tmp_path):
    (tmp_path / "empty_title.toml").write_text(
        'kind = "rubric-change"\n[[ops]]\nop = "update_strand"\nstrand = "fg"\ntitle = ""\n'
    )
    code, _, err = run(capsys, "rubric", "validate", str(tmp_path / "empty_title.toml"))
    assert code == 1
    assert "strand 'fg' › title" in err
    code, out, _ = run(capsys, "plugins", "--plugins", str(tmp_path))
    assert code == 1
    assert "empty_title  [LEFT OUT]" in out


def test_validate_leaves_the_file_itself_out_of_the_comparison(capsys):
    code, out, err = run(capsys, "--plugins", str(ALLIANCE), "rubric", "validate", str(ALLIANCE / "student-voice.toml"))
    assert code == 0, err
    assert "apply cleanly" in out


def test_switched_off_plugins_are_not_problems(capsys, monkeypatch):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", "student-voice")
    code, out, err = run(capsys, "plugins", "--plugins", str(ALLIANCE))
    assert code == 0
    assert "student-voice  [switched off]" in out
    code, out, err = run(capsys, "rubric", "show", "--plugins", str(ALLIANCE))
    assert code == 0
    assert "warning" not in err


def test_a_deeply_nested_file_does_not_stop_the_listing(capsys, tmp_path, rubric):
    SessionStore(tmp_path).save(Session.start("Harbourside", rubric, review_date=date(2026, 6, 18)))
    (tmp_path / "harbourside" / "deep.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    code, out, err = run(capsys, "sessions", "list", "--sessions", str(tmp_path))
    assert code == 1
    assert "Harbourside" in out
    assert "nested too deeply" in err
