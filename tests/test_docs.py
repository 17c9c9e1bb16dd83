"""docs/plugins.md is checked against the code, so it cannot drift from it.

Every hook has a heading and its signature; every change operation has a
heading and a TOML example; every TOML example parses, and every rubric change
among them applies to the built-in rubric; every Python hook example runs as
a plugin; examples said to come from a test file are found in it word for
word; the sample `rubric diff` output is what the command prints.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
import tomllib
from pathlib import Path
from typing import get_args

import pytest
from conftest import make_host

from maturitytui.cli import main
from maturitytui.engine import hookspecs
from maturitytui.engine.changes import Operation
from maturitytui.engine.default_plugins import DEFAULT_PLUGINS
from maturitytui.engine.rubric_files import apply_change_ops, change_from_data, rubric_from_data

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "plugins.md"
TEXT = DOC.read_text(encoding="utf-8")
BLOCK = re.compile(r"(?:<!-- (?P<marker>[^\n]*?) -->\n)?^```(?P<lang>\w*)\n(?P<body>.*?)^```$", re.S | re.M)
BLOCKS = [(m["marker"] or "", m["lang"], m["body"], TEXT.count("\n", 0, m.start()) + 1) for m in BLOCK.finditer(TEXT)]
HEADINGS = [line for line in TEXT.splitlines() if line.startswith("#")]

HOOKS = {name: fn for name, fn in vars(hookspecs).items() if name.startswith("maturitytui_") and callable(fn)}
OPERATIONS = [get_args(model.model_fields["op"].annotation)[0] for model in get_args(get_args(Operation)[0])]


def blocks(lang: str) -> list[tuple[str, str, int]]:
    return [(marker, body, line) for marker, kind, body, line in BLOCKS if kind == lang]


def toml_examples() -> list:
    return [pytest.param(body, id=f"line {line}") for _, body, line in blocks("toml")]


def named_file(body: str) -> str:
    """The file name an example gives in its first line (``# our-model.toml``), if any."""
    first = body.splitlines()[0]
    return first[2:].strip() if first.startswith("# ") and "." in first and " " not in first[2:].strip() else ""


def test_the_doc_has_examples_to_check():
    assert len(blocks("toml")) >= len(OPERATIONS)
    assert len(blocks("python")) >= 4


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_has_a_heading_and_its_signature(name):
    assert f"### {name}" in HEADINGS, f"docs/plugins.md needs a heading '### {name}'"
    # The specs' annotations are strings (postponed evaluation); the docs show them unquoted.
    signature = f"{name}{inspect.signature(HOOKS[name])}".replace("'", "")
    assert f"```\n{signature}\n```" in TEXT, f"docs/plugins.md needs the signature {signature}"


@pytest.mark.parametrize("op", OPERATIONS)
def test_every_change_operation_has_a_heading_and_an_example(op):
    assert f"### `{op}`" in HEADINGS
    shown = [o.get("op") for _, body, _ in blocks("toml") for o in tomllib.loads(body).get("ops", [])]
    assert op in shown, f"no TOML example in docs/plugins.md uses op = {op!r}"


@pytest.mark.parametrize("body", toml_examples())
def test_every_toml_example_is_valid(body, rubric):
    data = tomllib.loads(body)
    kind = data.get("kind")
    if kind == "rubric-change":
        change = change_from_data(data, "docs/plugins.md")
        assert change.applies_to(rubric.id)
        changed, problems = apply_change_ops(rubric, change.ops, "doc-example", "docs/plugins.md")
        assert problems == [], [str(p) for p in problems]
        assert changed != rubric  # every example changes something
        advice_only = all(op.op in ("add_ideas", "replace_ideas") for op in change.ops)
        # Ideas are advice, left out of the hash; every other change is what reviews are rated against.
        assert (changed.content_hash() == rubric.content_hash()) == advice_only
    elif kind == "rubric":
        assert rubric_from_data(data, "docs/plugins.md").id == data["id"]
    else:
        assert "build-system" in data, "a TOML example that is neither a rubric nor a change should be a pyproject.toml"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(body, id=f"line {line}")
        for marker, body, line in blocks("python")
        if "@maturitytui.hookimpl" in body and not marker.startswith("from ")
    ],
)
def test_every_python_hook_example_runs_as_a_plugin(body, tmp_path, monkeypatch):
    for _, toml_body, _ in blocks("toml"):  # files an example refers to, such as our-model.toml
        if name := named_file(toml_body):
            (tmp_path / name).write_text(toml_body, encoding="utf-8")
    path = tmp_path / "doc_example.py"
    path.write_text(body, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("maturitytui_doc_example", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "maturitytui_doc_example", module)
    spec.loader.exec_module(module)

    host = make_host()
    host.register(module, "doc-example")
    assembly = host.assemble()
    (record,) = [r for r in assembly.records if r.name == "doc-example"]
    assert record.error == ""
    assert record.contributions


@pytest.mark.parametrize(
    ("marker", "body"),
    [pytest.param(m, b, id=f"line {line}") for m, b, line in blocks("python") if m.startswith("from tests/")],
)
def test_examples_from_the_tests_are_copied_word_for_word(marker, body):
    source = (ROOT / marker.removeprefix("from ").strip()).read_text(encoding="utf-8")
    assert body in source, f"the example marked '{marker}' is not in that file as the doc shows it"


def test_the_sample_diff_is_what_the_command_prints(capsys, tmp_path, monkeypatch, nothing_installed):
    ((_marker, body, _),) = [b for b in blocks("") if b[0].startswith("output: rubric diff")]
    (change,) = [b for _, b, _ in blocks("toml") if named_file(b) == "our-alliance.toml"]
    (tmp_path / "our-alliance.toml").write_text(change, encoding="utf-8")
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", ",".join(n for n in DEFAULT_PLUGINS if n != "hargreaves-2012"))
    assert main(["rubric", "diff", "--plugins", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.splitlines()
    shown = body.splitlines()
    # Every line but the fingerprint of the changed rubric, which the doc elides.
    assert [line for line in shown if "sha256:…" not in line] == [line for line in printed if "in use:" not in line]


def test_the_sample_plugins_listing_is_what_the_command_prints(capsys, nothing_installed, monkeypatch):
    ((marker, body, _),) = [b for b in blocks("") if b[0].startswith("output: plugins")]
    command = body.splitlines()[0].removeprefix("$ maturitytui ").split()
    assert command == marker.removeprefix("output: ").split()
    monkeypatch.chdir(ROOT)
    assert main(command) == 0
    assert capsys.readouterr().out.splitlines() == body.splitlines()[1:]


def test_every_built_in_plugin_and_tool_is_named(rubric):
    for name in DEFAULT_PLUGINS:
        assert f"`{name}`" in TEXT, f"docs/plugins.md does not name the built-in plugin {name}"
    for tool in rubric.tools():
        assert f"`{tool.id}`" in TEXT, f"docs/plugins.md does not list the built-in tool id {tool.id}"


def test_every_tool_named_is_a_command(capsys):
    from maturitytui.cli import build_parser

    parser = build_parser()
    for heading in [h for h in HEADINGS if h.startswith("### `maturitytui ")]:
        words = heading.removeprefix("### `").rstrip("`").split()[1:]
        command = [w for w in words if w.islower() and not w.startswith(("[", "-"))]
        with pytest.raises(SystemExit) as info:
            parser.parse_args([*command, "--help"])
        assert info.value.code == 0, heading
    capsys.readouterr()


def test_the_field_reference_is_current():
    """docs/fields.md is written from the models; a change to a model without writing it again fails here."""
    from maturitytui.engine.field_reference import field_reference

    written = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    assert written == field_reference(), "run: python -m maturitytui.engine.field_reference > docs/fields.md"


def test_the_field_reference_names_every_key_a_strand_a_question_and_a_questionnaire_take():
    from maturitytui.model.rubric import Question, Strand
    from maturitytui.model.tools import Checklist, Prompts, Questionnaire

    text = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    for model in (Strand, Question, Questionnaire, Checklist, Prompts):
        section = text.split(f"\n### {model.__name__}\n", 1)[1].split("\n### ", 1)[0]
        for key in model.model_fields:
            assert f"| `{key}` |" in section, (model.__name__, key)
    assert "| `topic` |" in text
    assert "| `respondents` |" in text
