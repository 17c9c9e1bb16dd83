"""Every extension point has one table, and every table is complete.

A kind of tool is named once, in ``model.tools.TOOL_KINDS``; its step widget and its part of every report
are looked up by that name. Adding a kind without any of them fails here, by name, rather than when a head
reaches that step or a governor opens that report.
"""

from __future__ import annotations

import pytest

from maturitytui.model.tools import TOOL_KINDS
from maturitytui.reports import html, markdown, tabular
from maturitytui.ui.steps.tools import steps_by_kind


def by_kind() -> dict[str, dict[str, object]]:
    """Each place that must know every kind of tool, and what it holds for each."""
    return {
        "the review's step widget": dict(steps_by_kind()),
        "the Markdown report": dict(markdown.TOOL_SECTIONS),
        "the HTML report": dict(html.TOOL_SECTIONS),
        "the CSV and JSON reports": dict(tabular.TOOL_FIELDS),
    }


def missing(kinds: dict[str, object]) -> list[str]:
    return [
        f"{place}: nothing for '{kind}'" for place, table in by_kind().items() for kind in kinds if kind not in table
    ]


@pytest.mark.parametrize("place", list(by_kind()))
def test_every_kind_of_tool_has_its_part_everywhere(place):
    table = by_kind()[place]
    assert sorted(table) == sorted(TOOL_KINDS), f"{place} and model.tools.TOOL_KINDS disagree"


def test_the_kinds_are_the_ones_the_data_says(rubric):
    for kind, model in TOOL_KINDS.items():
        assert model.model_fields["kind"].default == kind
    assert {t.kind for t in rubric.tools()} <= set(TOOL_KINDS)


def test_a_new_kind_without_its_parts_is_named(monkeypatch):
    monkeypatch.setitem(TOOL_KINDS, "survey", object)
    assert missing(TOOL_KINDS) == [
        "the review's step widget: nothing for 'survey'",
        "the Markdown report: nothing for 'survey'",
        "the HTML report: nothing for 'survey'",
        "the CSV and JSON reports: nothing for 'survey'",
    ]
    with pytest.raises(AssertionError, match="disagree"):
        test_every_kind_of_tool_has_its_part_everywhere("the HTML report")


def test_every_hook_has_one_entry_in_the_table_both_assembly_and_validate_use():
    import inspect

    from maturitytui.engine import hookspecs
    from maturitytui.engine.hooks import HOOKS

    specs = {n: getattr(hookspecs, n) for n in dir(hookspecs) if n.startswith("maturitytui_")}
    assert sorted(HOOKS) == sorted(specs)
    for name, hook in HOOKS.items():
        assert hook.takes_rubric_id == ("rubric_id" in inspect.signature(specs[name]).parameters), name
