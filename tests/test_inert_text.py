"""Control characters in names, notes and a plugin's titles never reach a terminal as they are.

An escape sequence in a partnership's name would clear the screen of whoever lists the store, set their
window's title, or (OSC 52) write their clipboard. Every command shows such text inert: each control character
as U+FFFD, a tab as a space, a line break kept. The files, and the JSON made for other programs, keep it exactly.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import tomli_w
from conftest import bad_input, run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import CONTROLS, EVERY_CONTROL, hostile_text

from maturitytui.model.inert import STAND_IN, inert
from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore

RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""What must never be printed: anything ``inert`` replaces (a tab becomes a space)."""

hostile = hostile_text("Kestrel Hill Trust é ß 学校 [b] ", 8)
"""Words with at least one control character somewhere in them."""
EVERY = EVERY_CONTROL

REPO_SESSIONS = Path(__file__).resolve().parent.parent / "sessions"

pytestmark = pytest.mark.usefixtures("nothing_installed")


def strings(data: object) -> list[str]:
    """Every string in a JSON document, keys aside."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [text for item in data for text in strings(item)] if isinstance(data, list) else []


def shows_a_stand_in(text: str) -> bool:
    """Whether ``text`` has a control character that is shown as U+FFFD (a tab alone is shown as a space)."""
    return any(ch in text for ch in CONTROLS if ch != "\t")


# -- the function ----------------------------------------------------------------------------------------------


@given(st.text(st.characters(codec=None)))
def test_inert_leaves_no_control_character_and_keeps_the_rest(text):
    shown = inert(text)
    assert not RAW.search(shown)
    assert len(shown) == len(text) - text.count("\r\n")  # one for one, a Windows line end as one line break
    assert shown.count("\n") == text.count("\n")
    if not RAW.search(text):
        assert shown == text


def test_inert_by_hand():
    assert inert("a\tb\r\nc\x1b[2J\x9b\x7f\udcff") == f"a b\nc{STAND_IN}[2J{STAND_IN * 3}"
    assert inert("Harbourside [b]Trust[/b] é") == "Harbourside [b]Trust[/b] é"


# -- names in the store ------------------------------------------------------------------------------------------


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=hostile, person=hostile, evidence=hostile)
@example(name=EVERY, person=EVERY, evidence=EVERY)
def test_names_and_notes_with_control_characters_are_shown_inert_by_every_command(
    capsys, tmp_path_factory, rubric, name, person, evidence
):
    bad_input("generated control characters in names and notes (CLI)")
    root = tmp_path_factory.mktemp("store")
    store = SessionStore(root)
    partnership = f"Kestrel {name}"
    first = Session.start(partnership, rubric, review_date=date(2025, 6, 1), participants=[person])
    first.answer("jpd").choose_stage("Beginning")
    second = Session.start(partnership, rubric, review_date=date(2026, 6, 1), participants=[person])
    second.answer("jpd").choose_stage("Developing")
    second.answer("jpd").evidence = evidence
    second.grid = second.grid.model_copy(update={"note": evidence})
    for session in (first, second):
        store.save(session, stamp=False)

    commands = [
        ["sessions", "list"],
        ["history", "kestrel"],
        ["history", "--all"],
        ["compare", first.id, second.id],
        ["report", "kestrel", "--format", "md"],
        ["report", "kestrel", "--format", "csv"],
        ["report", "kestrel", "--format", "html"],
        ["report", "kestrel", "--format", "json"],
    ]
    for argv in commands:
        code, out, err = run_cli(capsys, *argv, "--sessions", root)
        assert code == 0, (argv, err)
        assert not RAW.search(out + err), argv
        if argv[-1] == "json":
            assert json.loads(out)["partnership"]["name"] == partnership  # made for programs: kept exactly
        elif argv[0] in ("sessions", "history", "compare") or argv[-1] == "md":
            assert "Kestrel" in out, argv
    _, listed, _ = run_cli(capsys, "sessions", "list", "--sessions", root)
    assert inert(partnership) in listed
    assert inert(person) in listed
    if shows_a_stand_in(name + person):
        assert STAND_IN in listed
    assert store.load(store.path_for(second)).partnership == partnership  # the file keeps what was typed


# -- a plugin's words --------------------------------------------------------------------------------------------


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=hostile, question=hostile)
@example(title=EVERY, question=EVERY)
def test_a_plugins_titles_with_control_characters_are_shown_inert(capsys, tmp_path_factory, title, question):
    bad_input("generated control characters in plugin titles (CLI)")
    folder = tmp_path_factory.mktemp("plugins")
    strand_title = f"Governance {title}"
    change = {
        "kind": "rubric-change",
        "ops": [
            {"op": "update_strand", "strand": "fg", "title": strand_title},
            {"op": "add_questions", "strand": "fg", "questions": [{"text": f"Who {question}?"}]},
        ],
    }
    (folder / "hostile.toml").write_text(tomli_w.dumps(change), encoding="utf-8")
    for argv in (["rubric", "show"], ["rubric", "diff"]):
        code, out, err = run_cli(capsys, *argv, "--plugins", folder)
        assert code == 0, (argv, err)
        assert "left out" not in err
        assert not RAW.search(out + err), argv
        assert "Governance" in out, argv
        if shows_a_stand_in(title):
            assert STAND_IN in out, argv
    for argv in (["rubric", "show", "--format", "json"], ["rubric", "diff", "--format", "json"]):
        code, out, err = run_cli(capsys, *argv, "--plugins", folder)
        assert code == 0
        assert not RAW.search(out + err), argv
        assert any(strand_title in text for text in strings(json.loads(out)))  # the same data, escaped


# -- files left out ----------------------------------------------------------------------------------------------


@pytest.fixture
def demo_store(tmp_path) -> Path:
    copy = tmp_path / "sessions"
    shutil.copytree(REPO_SESSIONS, copy, ignore=shutil.ignore_patterns(".index*"))
    return copy


@pytest.mark.parametrize(
    "argv",
    [
        ["history", "harbourside"],
        ["history", "--all"],
        ["report", "harbourside", "--format", "md"],
        ["report", "harbourside", "--format", "json"],
        ["compare", "demo00", "demo02"],
    ],
)
def test_a_file_that_cannot_be_read_is_named_on_stderr_and_the_rest_still_shown(capsys, demo_store, argv):
    bad_input("unreadable files beside readable ones (CLI)")
    folder = demo_store / "harbourside-learning-partnership"
    damaged = folder / "2027-06-01-broken.toml"
    damaged.write_text("status = [ broken")
    escaped = folder / "2027-06-02-\x1b]0;owned\x07.toml"  # named by hand to set the title of whoever lists it
    escaped.write_text("not = [ toml")
    code, out, err = run_cli(capsys, *argv, "--sessions", demo_store)
    assert code == 0, err
    assert "Harbourside" in out  # what could be read is shown
    assert "2 problems in files that could not be read (they were not changed):" in err
    assert f"  {damaged}: " in err
    assert f"  {inert(str(escaped))}: " in err
    assert not RAW.search(out + err)
    # Listing the store names them the same way, as its own output.
    code, out, err = run_cli(capsys, "sessions", "list", "--sessions", demo_store)
    assert code == 1
    assert f"  {damaged}: " in err
    assert f"  {inert(str(escaped))}: " in err


def test_a_file_name_that_is_not_utf8_is_named_inert(capsys, demo_store):
    bad_input("unreadable files beside readable ones (CLI)")
    folder = bytes(demo_store / "harbourside-learning-partnership")
    with open(folder + b"/2027-06-01-\xff\xfe.toml", "wb") as file:  # bytes no terminal encoding can print
        file.write(b"status = [ broken")
    code, out, err = run_cli(capsys, "history", "harbourside", "--sessions", demo_store)
    assert code == 0, err
    assert "Harbourside" in out
    assert f"2027-06-01-{STAND_IN}{STAND_IN}.toml: " in err
    assert not RAW.search(out + err)


def test_a_store_read_whole_says_nothing_on_stderr(capsys, demo_store):
    for argv in (["history", "harbourside"], ["report", "harbourside"], ["compare", "demo00", "demo02"]):
        code, _, err = run_cli(capsys, *argv, "--sessions", demo_store)
        assert code == 0
        assert err == ""
