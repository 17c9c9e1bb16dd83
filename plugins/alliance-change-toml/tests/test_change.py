"""Tests for the Northshore change file. Run them with `pytest` from this folder (maturitytui installed).

An alliance with no Python developer need not keep these; they show that a TOML change can be tested like a
package, with ``maturitytui.testing``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from maturitytui import testing

FOLDER = Path(__file__).resolve().parents[1]
CHANGE = FOLDER / "northshore.toml"


def test_the_change_applies_to_the_built_in_model():
    rubric = testing.apply_changes(CHANGE)  # raises naming every problem, each with its line and operation
    assert rubric.dimension_of("sv").strand_ids() == ["fg", "hsc", "cmp", "sv", "ec"]
    assert "ce" not in [s.id for s in rubric.strands()]


def test_the_folder_loads_as_the_program_loads_it():
    assembly = testing.assemble(folders=[FOLDER])
    rubric = testing.valid(assembly)
    changed = {(d.action, d.id) for d in testing.contributions(assembly, "northshore")}
    assert {("added", "sv"), ("removed", "ce"), ("changed", "dsi")} <= changed
    assert all(q.added_by == "northshore" and q.cite for q in rubric.strand("sv").questions)


@pytest.mark.asyncio  # walking a review drives the app, which is asynchronous (pip install pytest-asyncio)
async def test_a_review_shows_every_step(tmp_path):
    rubric = testing.valid(testing.assemble(folders=[FOLDER]))
    titles = await testing.walk_review(rubric, tmp_path / "sessions")
    assert "Student voice" in titles
