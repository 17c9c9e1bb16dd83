"""Rubric and rubric-change files: every way of getting them wrong is named, with its place."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w
from conftest import bad_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturitytui.engine.default_plugins import rubrics_dir
from maturitytui.engine.rubric_files import load_rubric_file, rubric_from_data
from maturitytui.model.errors import RubricError

SHIPPED = rubrics_dir() / "hargreaves-2012.toml"
DATA = tomllib.loads(SHIPPED.read_text())

junk = (
    st.integers()
    | st.text(max_size=5)
    | st.booleans()
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
)


def _paths(node, prefix=()):
    """Every (path, value) in the nested data, so hypothesis can pick one to spoil."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


PATHS = [p for p in _paths(DATA) if p]


def _set(data, path, value):
    import copy

    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=junk)
def test_spoiled_rubric_is_valid_or_names_a_place(path, value):
    bad_input("generated rubric values")
    data = _set(DATA, path, value)
    try:
        rubric_from_data(data, "spoiled.toml")
    except RubricError as exc:
        problems = exc.problems
    else:
        return
    assert problems
    for p in problems:
        assert p.source == "spoiled.toml"
        assert p.message
        assert p.fix
        assert p.place  # always somewhere, never just "the file"


def test_shipped_rubric_round_trips_through_toml():
    rubric = load_rubric_file(SHIPPED)
    again = rubric_from_data(
        tomllib.loads(tomli_w.dumps(rubric.model_dump(mode="json", exclude_defaults=True))), "again"
    )
    assert again == rubric
    assert again.content_hash() == rubric.content_hash()


def test_a_change_file_is_not_a_rubric(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text('kind = "rubric-change"\n[[ops]]\nop = "remove_strand"\nstrand = "aa"\n')
    assert load_rubric_file(path).ops[0].strand == "aa"


@pytest.mark.parametrize("kind", ['"rubrik"', "3"])
def test_wrong_kind(tmp_path: Path, kind):
    path = tmp_path / "k.toml"
    path.write_text(f"kind = {kind}\n")
    with pytest.raises(RubricError, match='add kind = "rubric"'):
        load_rubric_file(path)
