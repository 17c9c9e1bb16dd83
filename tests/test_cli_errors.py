"""Mistakes on the command line: a missing file or store, an unknown rubric, a misspelt option; the hidden `join`."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from conftest import run_cli

from maturitytui.cli import main
from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore

pytestmark = pytest.mark.usefixtures("nothing_installed")

CLI = importlib.import_module("maturitytui.cli.main")  # the module: `maturitytui.cli.main` is also the function


@pytest.fixture
def store(tmp_path, rubric) -> Path:
    root = tmp_path / "sessions"
    SessionStore(root).save(Session.start("Kestrel Alliance", rubric))
    return root


# -- a file that is not there ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "missing"),
    [
        (["rubric", "validate", "nope.toml"], "nope.toml"),
        (["compare", "a.toml", "kestrel"], "a.toml"),
        (["report", "missing.toml"], "missing.toml"),
        (["report", "elsewhere/2026-01-01-abc123.toml", "--format", "html"], "elsewhere/2026-01-01-abc123.toml"),
        (["history", "gone/folder"], "gone/folder"),
    ],
)
def test_a_missing_file_is_not_found_by_name(capsys, store, monkeypatch, argv, missing):
    monkeypatch.chdir(store.parent)
    code, out, err = run_cli(capsys, *argv, "--sessions", store)
    assert code == 1
    assert out == ""
    assert err == f"error: {missing}: not found — check the path\n"


def test_the_second_of_two_files_to_compare_is_named_too(capsys, store, tmp_path):
    first = next(store.rglob("*.toml"))
    code, _, err = run_cli(capsys, "compare", first, tmp_path / "b.toml", "--sessions", store)
    assert code == 1
    assert err == f"error: {tmp_path / 'b.toml'}: not found — check the path\n"


# -- a store that is not there -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["history", "kestrel"],
        ["history", "--all"],
        ["compare", "a", "b"],
        ["report", "kestrel"],
        ["sessions", "list"],
    ],
)
def test_a_sessions_folder_that_is_not_there_is_an_error_for_reading(capsys, tmp_path, argv):
    missing = tmp_path / "sesions"
    code, out, err = run_cli(capsys, *argv, "--sessions", missing)
    assert code == 1
    assert out == ""
    assert err.startswith(f"error: {missing}: the session store given with --sessions does not exist — check the path")
    assert "`maturitytui --sessions DIR review NAME` starts a store there" in err
    assert not missing.exists()


def test_a_sessions_path_that_is_a_file_is_no_store(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("")
    code, _, err = run_cli(capsys, "sessions", "list", "--sessions", tmp_path / "notes.txt")
    assert code == 1
    assert "the session store given with --sessions is not a folder" in err


def test_the_default_store_not_there_yet_is_still_an_empty_store(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "sessions", "list")
    assert code == 0
    assert out == f"No reviews in {tmp_path / 'sessions'} yet.\n"


# -- an unknown rubric -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["rubric", "show"],
        ["rubric", "validate", "STORE"],
        ["rubric", "diff"],
        ["plugins"],
        ["sessions", "list"],
        ["history", "kestrel"],
        ["history", "--all"],
        ["compare", "kestrel", "kestrel"],
        ["report", "kestrel"],
        ["review", "kestrel"],
        [],
        ["serve"],
    ],
)
def test_an_unknown_rubric_is_refused_by_every_command_that_uses_one(capsys, store, monkeypatch, argv):
    started = []
    monkeypatch.setattr(CLI, "_in_a_terminal", lambda: True)
    monkeypatch.setattr(CLI, "run_app", lambda ctx, partnership=None: started.append("app") or 0)
    monkeypatch.setattr("maturitytui.cli.serve.run_serve", lambda ctx, args: started.append("serve") or 0)
    argv = [str(next(store.rglob("*.toml"))) if a == "STORE" else a for a in argv]
    code, out, err = run_cli(capsys, *argv, "--rubric", "nope", "--sessions", store)
    assert code == 1
    assert out == ""
    # As the app says it when it assembles the rubric.
    assert err == "error: rubric: nope: no plugin provides this rubric — choose one of: hargreaves-2012\n"
    assert started == []


def test_a_known_rubric_given_by_id_is_used(capsys, store):
    code, out, _ = run_cli(capsys, "sessions", "list", "--rubric", "hargreaves-2012", "--sessions", store)
    assert code == 0
    assert "Kestrel Alliance" in out


# -- usage -------------------------------------------------------------------------------------------------------


def test_report_help_gives_the_default_format(capsys):
    with pytest.raises(SystemExit) as info:
        main(["report", "--help"])
    assert info.value.code == 0
    assert "(default: md)" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["report", "X", "--fromat", "html"], "usage: maturitytui report "),
        (["rubric", "validate", "x.toml", "--fromat", "json"], "usage: maturitytui rubric validate "),
        (["sessions", "list", "--al"], "usage: maturitytui sessions list "),
    ],
)
def test_a_misspelt_option_shows_its_command_s_usage(capsys, argv, usage):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage)
    assert f"error: unrecognized arguments: {' '.join(argv[-2:] if argv[0] != 'sessions' else argv[-1:])}" in err


def test_options_of_every_command_still_go_before_or_after_it(capsys, store):
    before = run_cli(capsys, "--sessions", store, "sessions", "list")
    after = run_cli(capsys, "sessions", "list", "--sessions", store)
    assert before == after
    assert before[0] == 0


# -- join: there, but not in the main help ---------------------------------------------------------------------


def test_serve_is_in_the_main_help_and_join_is_gone(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    commands = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("    ")]
    assert "serve" in commands
    assert "join" not in commands
    # Participants join on the room's web pages: there is no program per participant to start.
    with pytest.raises(SystemExit) as info:
        main(["join"])
    assert info.value.code == 2


@pytest.mark.slow
def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`maturitytui rubric show --format json | head`: the pipe closes under the program, which stops quietly."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "maturitytui", "--sessions", str(tmp_path), "rubric", "show", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    assert proc.stdout.read(2) == b"{\n"
    proc.stdout.close()  # far less than the 80 KB it writes: the rest meets a closed pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err
    assert "BrokenPipe" not in err
