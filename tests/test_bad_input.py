"""Generated bad input through every way in: plugin folders, plugin settings, the session store and the CLI.

Never a traceback; always the file, the place and what to do; nothing in the store changed.
"""

from __future__ import annotations

import os
import string

import pytest
import tomli_w
from conftest import bad_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import sessions

from maturitytui.cli import main
from maturitytui.engine.host import PluginHost
from maturitytui.model.errors import RubricError

STRAND_IDS = ["jpd", "mc", "tid", "dsi", "fg", "hsc", "cmp", "ec", "ai", "ce", "di", "aa", "nope"]
OPS = [
    "add_strand",
    "remove_strand",
    "reorder_strands",
    "use_order",
    "update_strand",
    "replace_stages",
    "replace_questions",
    "add_questions",
    "remove_criterion",
    "add_questionnaire",
    "add_exercise",
    "remove_questionnaire",
    "explode",
]

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 30)
    | st.sampled_from([*STRAND_IDS, "pd", "pc", "cc", "box1", "Beginning"])
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "strand",
                    "dimension",
                    "title",
                    "order",
                    "stages",
                    "questions",
                    "name",
                    "indicators",
                    "text",
                    "id",
                    "before",
                    "after",
                    "criterion",
                    "extra",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
operations = st.fixed_dictionaries(
    {"op": st.sampled_from(OPS)},
    optional={
        "strand": values,
        "dimension": values,
        "order": values,
        "title": values,
        "stages": values,
        "questions": values,
        "criterion": values,
        "before": values,
        "after": values,
        "junk": values,
    },
)


def _toml_safe(data):
    """tomli-w cannot write None; drop it the way a hand-written file would simply not have it."""
    if isinstance(data, dict):
        return {k: _toml_safe(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_toml_safe(v) for v in data if v is not None]
    return data


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    change=st.fixed_dictionaries(
        {"kind": st.just("rubric-change"), "ops": st.lists(operations, max_size=4)},
        optional={"rubric": st.sampled_from(["hargreaves-2012", "*", "other"])},
    )
)
def test_generated_change_files_apply_or_are_left_out_with_a_reason(tmp_path_factory, change):
    bad_input("generated plugin change files")
    folder = tmp_path_factory.mktemp("plugins")
    try:
        text = tomli_w.dumps(_toml_safe(change))
    except (TypeError, ValueError):
        return  # not writable as TOML at all: the loader never sees it
    (folder / "generated.toml").write_text(text)
    assembly = PluginHost([folder], entry_points=False).assemble()
    (record,) = [r for r in assembly.records if r.name == "generated"]
    if record.error:
        assert "\n" not in record.error
        assert "Traceback" not in record.error
        assert len(assembly.rubric.strands()) == 12  # left out whole; the built-in model is intact
    assert (folder / "generated.toml").read_text() == text


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    folders=st.lists(st.text(string.ascii_letters + "/._-~ ", max_size=20), max_size=3),
    disabled=st.text(string.ascii_letters + ",- ", max_size=30),
)
def test_plugin_settings_never_crash(monkeypatch, folders, disabled):
    bad_input("generated plugin settings")
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", disabled)
    paths = [os.path.join("/nonexistent-maturitytui", f) for f in folders]
    try:
        assembly = PluginHost(paths, entry_points=False).assemble()
    except RubricError as exc:
        refused = str(exc)
    else:
        assert all("does not exist" in r.error for r in assembly.errors)
        return
    # Only when the built-in model itself was switched off: said plainly.
    assert "hargreaves-2012" in disabled
    assert "no plugin provides this rubric" in refused


def _snapshot(folder):
    """Every session file's bytes and time; the index beside them is a cache and may be rewritten."""
    return {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".index")
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(session=sessions(), cut=st.integers(0, 400), junk=st.binary(max_size=20))
def test_a_damaged_store_is_listed_and_left_exactly_as_it_was(capsys, tmp_path_factory, session, cut, junk):
    bad_input("generated damaged session files (CLI)")
    from maturitytui.store.session_files import session_to_toml

    store = tmp_path_factory.mktemp("store")
    folder = store / "p"
    folder.mkdir()
    data = session_to_toml(session)
    (folder / "good.toml").write_bytes(data)
    (folder / "damaged.toml").write_bytes(data[:cut] + junk)
    before = _snapshot(store)
    code = main(["sessions", "list", "--sessions", str(store)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1)
    assert str(folder / "good.toml") in out
    if code == 1:
        assert f"{folder / 'damaged.toml'}" in err  # named where every command names what it left out
    assert _snapshot(store) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["rubric", "validate", "/nonexistent/file.toml"],
        ["rubric", "validate", "/"],
        ["rubric", "show", "--rubric", ""],
        ["sessions", "list", "--sessions", "/dev/null"],
        ["plugins", "--plugins", "/dev/null"],
    ],
)
def test_odd_arguments_get_a_message_not_a_traceback(capsys, argv):
    bad_input("odd command lines")
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in out + err
    assert (out + err).strip()
