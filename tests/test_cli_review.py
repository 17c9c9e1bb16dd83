"""`maturitytui review NAME` finds a partnership as `history` does, and the app never starts without a terminal."""

from __future__ import annotations

import importlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore

pytestmark = pytest.mark.usefixtures("nothing_installed")

CLI = importlib.import_module("maturitytui.cli.main")  # the module: `maturitytui.cli.main` is also the function


@pytest.fixture
def started(monkeypatch) -> list[str | None]:
    """The partnership each app the command line would start was given (the app itself is not run here)."""
    calls: list[str | None] = []

    def run_app(ctx, partnership=None):
        calls.append(partnership)
        return 0

    monkeypatch.setattr(CLI, "run_app", run_app)
    return calls


@pytest.fixture
def terminal(monkeypatch, started) -> list[str | None]:
    """As if run in a terminal: the command goes as far as starting the app."""
    monkeypatch.setattr(CLI, "_in_a_terminal", lambda: True)
    return started


def stored(tmp_path: Path, rubric, *names: str) -> Path:
    root = tmp_path / "sessions"
    store = SessionStore(root)
    for name in names:
        store.save(Session.start(name, rubric))
    return root


def folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def test_part_of_a_name_opens_that_partnership(capsys, tmp_path, rubric, terminal):
    root = stored(tmp_path, rubric, "Three Rivers Partnership", "Kestrel Alliance")
    before = folders(root)
    for words in ("three rivers", "RIVERS", "Three Riv", "three-rivers-partnership"):
        code, _, err = run_cli(capsys, "review", words, "--sessions", root)
        assert code == 0, err
        assert err == ""
    assert terminal == ["Three Rivers Partnership"] * 4
    assert folders(root) == before  # no second partnership


def test_an_ambiguous_part_lists_the_partnerships_and_starts_nothing(capsys, tmp_path, rubric, terminal):
    root = stored(tmp_path, rubric, "Three Rivers Partnership", "Three Counties Trust")
    before = sorted(root.rglob("*.toml"))
    code, _, err = run_cli(capsys, "review", "three", "--sessions", root)
    assert code == 1
    assert "'three' matches 2 partnerships" in err
    assert "Three Counties Trust" in err
    assert "Three Rivers Partnership" in err
    assert terminal == []
    assert sorted(root.rglob("*.toml")) == before  # no review started (listing may write the index, as ever)


@pytest.mark.parametrize(
    ("existing", "words"),
    [
        ("北京 School", "上海 School"),  # a similar name is another partnership
        ("Harbourside Learning Partnership", "side"),  # letters inside a word are no part of the name
        ("Harbourside Learning Partnership", "Harbourside Learning Partnership Two"),
    ],
)
def test_words_that_name_no_partnership_start_a_new_one_and_say_so(capsys, tmp_path, rubric, terminal, existing, words):
    root = stored(tmp_path, rubric, existing)
    code, _, err = run_cli(capsys, "review", words, "--sessions", root)
    assert code == 0
    assert err == f"no partnership called {words} yet: starting a new one\n"
    assert terminal == [words]


def test_the_exact_name_comes_before_a_longer_one(capsys, tmp_path, rubric, terminal):
    root = stored(tmp_path, rubric, "Harbour", "Harbour Trust")
    code, _, err = run_cli(capsys, "review", "HARBOUR", "--sessions", root)
    assert (code, err) == (0, "")
    assert terminal == ["Harbour"]


def test_review_may_start_a_store_that_is_not_there_yet(capsys, tmp_path, terminal):
    code, _, err = run_cli(capsys, "review", "Kestrel Alliance", "--sessions", tmp_path / "new-store")
    assert code == 0
    assert "starting a new one" in err
    assert terminal == ["Kestrel Alliance"]


# -- no terminal -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["review", "Kestrel Alliance"]])
def test_the_app_without_a_terminal_is_an_error_not_a_busy_loop(tmp_path, argv):
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    done = subprocess.run(
        [sys.executable, "-m", "maturitytui", "--sessions", str(tmp_path / "sessions"), *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "error: maturitytui needs a terminal: run it in one, or use a command such as `maturitytui history` "
        "or `maturitytui report`\n"
    )
    assert not (tmp_path / "sessions").exists()


@pytest.mark.parametrize("argv", [[], ["review", "Kestrel Alliance"]])
def test_stdin_or_stdout_alone_not_a_terminal_is_enough_to_refuse(capsys, monkeypatch, started, argv):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert "needs a terminal" in err
    assert started == []


def test_textual_s_web_driver_needs_no_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert CLI._in_a_terminal()
