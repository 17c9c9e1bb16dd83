"""The rubric engine: plugins from folders, packages and code; failures isolated and named."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import DATA, bad_input, make_host, record, write

import maturitytui
from maturitytui.engine import host as plugins_module
from maturitytui.engine.default_plugins import DEFAULT_PLUGINS
from maturitytui.engine.host import PluginHost
from maturitytui.model.errors import RubricError

ALLIANCE = DATA / "plugins" / "alliance"
BUILT_IN = list(DEFAULT_PLUGINS)
"""The 2012 model, then its companions (tests/test_companions.py)."""


def test_builtin_rubric_comes_through_the_public_hooks():
    assembly = make_host().assemble()
    builtin = record(assembly, "hargreaves-2012")
    assert builtin.origin == "built in"
    assert builtin.contributions == ["provides rubric 'hargreaves-2012' version 2012.3"]
    assert (
        assembly.rubric.plugins
        == BUILT_IN
        == [
            "hargreaves-2012",
            "jpd-companion",
            "practice-transfer-companion",
            "research-ideas",
        ]
    )


def test_folder_toml_adds_a_strand_and_removes_another():
    assembly = make_host(ALLIANCE).assemble()
    rubric = assembly.rubric
    assert rubric.dimensions[1].strand_ids() == ["fg", "hsc", "sv", "cmp", "ec"]
    assert "ce" not in [s.id for s in rubric.strands()]
    assert rubric.dimensions[2].alternative_orders["box1"] == ["ai", "di", "aa"]
    (question,) = rubric.strand("sv").questions
    assert (question.source, question.added_by) == ("added", "student-voice")
    change = record(assembly, "student-voice")
    assert change.contributions == ["added strand 'sv' to dimension 'pc'", "removed strand 'ce'"]
    assert rubric.plugins == [*BUILT_IN, "student-voice"]
    assert not assembly.errors


def test_changes_alter_the_content_hash(rubric):
    changed = make_host(ALLIANCE).assemble().rubric
    assert changed.content_hash() != rubric.content_hash()


def test_python_plugin_in_a_folder(tmp_path):
    write(
        tmp_path,
        "box1.py",
        """
        import maturitytui

        @maturitytui.hookimpl
        def maturitytui_register_changes(register, rubric_id):
            register({"rubric": rubric_id, "ops": [{"op": "use_order", "dimension": "cc", "order": "box1"}]})
    """,
    )
    rubric = make_host(tmp_path).assemble().rubric
    assert rubric.dimensions[2].strand_ids() == ["ai", "di", "ce", "aa"]


def test_plugin_that_raises_is_named_and_left_out(tmp_path):
    write(
        tmp_path,
        "a_broken.py",
        """
        import maturitytui

        @maturitytui.hookimpl
        def maturitytui_register_changes(register):
            raise RuntimeError("the alliance server is down")
    """,
    )
    assembly = make_host(tmp_path, ALLIANCE).assemble()
    broken = record(assembly, "a_broken")
    # Where it raised, as `rubric validate` says it: the file, the line and the hook.
    assert broken.error == (
        f"{tmp_path / 'a_broken.py'}: line 5 (maturitytui_register_changes): raised RuntimeError: the alliance server "
        "is down"
    )
    assert "\n" not in broken.error
    # Everything else still loads.
    assert "sv" in [s.id for s in assembly.rubric.strands()]
    assert assembly.rubric.plugins == [*BUILT_IN, "student-voice"]


def test_plugin_that_fails_to_import_is_left_out(tmp_path):
    write(tmp_path, "syntax.py", "def oops(:\n")
    write(tmp_path, "missing_dep.py", "import a_package_that_is_not_installed\n")
    assembly = make_host(tmp_path).assemble()
    # Said as `rubric validate` says it: the file, the line, what, and the fix.
    assert (
        record(assembly, "syntax").error
        == f"{tmp_path / 'syntax.py'}: line 1: syntax error: invalid syntax — correct the Python there"
    )
    assert record(assembly, "missing_dep").error == (
        f"{tmp_path / 'missing_dep.py'}: line 1: importing the module raised ModuleNotFoundError: No module named "
        "'a_package_that_is_not_installed' — make the module import cleanly on its own (is every package it "
        "imports installed?)"
    )
    assert len(assembly.rubric.strands()) == 12


def test_a_hook_asking_for_arguments_it_is_not_given_is_said_with_its_file_and_line(tmp_path):
    write(
        tmp_path,
        "wrongarg.py",
        """
        import maturitytui


        @maturitytui.hookimpl
        def maturitytui_register_changes(registr):
            registr({"ops": []})
        """,
    )
    error = record(make_host(tmp_path).assemble(), "wrongarg").error
    assert error == (
        f"{tmp_path / 'wrongarg.py'}: line 5: maturitytui_register_changes asks for an argument the hook does not "
        "give ('registr') — rename 'registr' → 'register'; take only some of: register, rubric_id"
    )
    assert "\n" not in error  # not pluggy's several lines


def test_two_plugins_adding_the_same_strand(tmp_path):
    text = (ALLIANCE / "student-voice.toml").read_text()
    write(tmp_path, "first.toml", text)
    write(tmp_path, "second.toml", text.replace('strand = "ce"', 'strand = "aa"'))
    assembly = make_host(tmp_path).assemble()
    assert record(assembly, "first").ok
    second = record(assembly, "second")
    # The plugin that added it first is named, with how to leave one of them out.
    assert "strand 'sv' already exists: the plugin 'first', loaded before this one, added it first" in second.error
    assert "MATURITYTUI_DISABLE_PLUGINS=first" in second.error
    # The second plugin is left out whole: its removal of 'aa' did not happen either.
    ids = [s.id for s in assembly.rubric.strands()]
    assert ids.count("sv") == 1
    assert "aa" in ids
    assert "ce" not in ids


def test_invalid_change_names_the_operation(tmp_path):
    write(tmp_path, "bad.toml", (DATA / "bad_rubrics" / "change_three_stages.toml").read_text())
    assembly = make_host(tmp_path).assemble()
    error = record(assembly, "bad").error
    assert error.startswith(
        "line 3, operation 1 (replace_stages): the new stages are not valid: needs exactly four stages"
    )
    assert "\n" not in error
    assert "pydantic" not in error
    assert assembly.rubric.strand("jpd").stages[0].indicators[0].startswith("The school endorses")


def test_removing_a_strand_a_criterion_needs_is_refused_with_the_reason(tmp_path):
    write(
        tmp_path,
        "no_jpd.toml",
        """
        kind = "rubric-change"
        [[ops]]
        op = "remove_strand"
        strand = "jpd"
    """,
    )
    assembly = make_host(tmp_path).assemble()
    error = record(assembly, "no_jpd").error
    assert "criterion 'jpd-established'" in error
    assert "remove_criterion" in error
    assert "jpd" in [s.id for s in assembly.rubric.strands()]


def test_a_strand_and_its_criterion_can_be_removed_together(tmp_path):
    write(
        tmp_path,
        "no_jpd.toml",
        """
        kind = "rubric-change"
        [[ops]]
        op = "remove_criterion"
        criterion = "jpd-established"
        [[ops]]
        op = "remove_strand"
        strand = "jpd"
    """,
    )
    rubric = make_host(tmp_path).assemble().rubric
    assert "jpd" not in [s.id for s in rubric.strands()]
    assert [(c.strand, c.difficulty) for c in rubric.criteria] == [("hsc", 1), ("cmp", 2), ("ec", 3)]


def test_unknown_hook_is_reported(tmp_path):
    write(
        tmp_path,
        "typo.py",
        """
        import maturitytui

        @maturitytui.hookimpl
        def maturitytui_register_strands(register):
            pass
    """,
    )
    error = record(make_host(tmp_path).assemble(), "typo").error
    assert "unknown hook maturitytui_register_strands" in error
    assert "maturitytui_register_changes" in error


def test_missing_folder_is_reported(tmp_path):
    assembly = make_host(tmp_path / "nope").assemble()
    assert "does not exist" in record(assembly, str(tmp_path / "nope")).error


def test_bad_toml_in_folder_names_the_line(tmp_path):
    write(tmp_path, "broken.toml", 'kind = "rubric-change"\nops = [\n')
    error = record(make_host(tmp_path).assemble(), "broken").error
    assert "line" in error
    assert "not valid TOML" in error


def test_registered_in_code_and_unregistered():
    class Retitle:
        @maturitytui.hookimpl
        def maturitytui_register_changes(self, register):
            register({"ops": [{"op": "update_strand", "strand": "fg", "title": "Fit-for-purpose governance"}]})

    host = make_host()
    host.register(Retitle(), "retitle")
    assert host.assemble().rubric.strand("fg").title == "Fit-for-purpose governance"


def test_questionnaire_hook():
    class Audits:
        @maturitytui.hookimpl
        def maturitytui_register_questionnaires(self, register):
            register(
                {
                    "id": "parent-trust-in-staff",
                    "title": "Parents' trust in staff",
                    "scale": [{"value": "yes", "label": "Yes", "score": 1}, {"value": "no", "label": "No", "score": 0}],
                    "items": [{"number": 1, "text": "Staff keep me informed about my child."}],
                }
            )

    host = make_host()
    host.register(Audits(), "audits")
    rubric = host.assemble().rubric
    added = rubric.questionnaires[-1]
    assert (added.id, added.added_by) == ("parent-trust-in-staff", "audits")


def test_a_plugin_can_provide_a_whole_rubric(tmp_path, rubric):
    data = rubric.model_dump()
    data.update(id="alliance-model", title="Our model", plugins=[], companions=[])
    data["dimensions"] = data["dimensions"][:1]
    data["criteria"] = data["criteria"][:1]

    class Whole:
        @maturitytui.hookimpl
        def maturitytui_register_rubrics(self, register):
            register(data)

    host = make_host()
    host.register(Whole(), "whole")
    other = host.assemble("alliance-model").rubric
    assert [d.id for d in other.dimensions] == ["pd"]
    # The companions add their tools to whichever rubric is in use; the research ideas are for the 2012 model.
    assert other.plugins == ["whole", "jpd-companion", "practice-transfer-companion"]
    assert len(host.assemble().rubric.dimensions) == 3


def test_unknown_rubric_lists_what_is_installed():
    with pytest.raises(RubricError) as info:
        make_host().assemble("nonexistent")
    assert "choose one of: hargreaves-2012" in str(info.value)


def test_entry_point_plugins_load_and_failures_are_isolated(monkeypatch):
    class Good:
        @maturitytui.hookimpl
        def maturitytui_register_changes(self, register):
            register({"ops": [{"op": "remove_strand", "strand": "aa"}]})

    def failing_load():
        raise ImportError("No module named 'alliance_rubric'")

    dist = SimpleNamespace(name="alliance-rubric", version="1.2")
    entries = [
        SimpleNamespace(name="good", value="x:y", dist=dist, load=lambda: Good()),
        SimpleNamespace(name="bad", value="a:b", dist=dist, load=failing_load),
    ]
    monkeypatch.setattr(plugins_module.importlib.metadata, "entry_points", lambda group: entries)
    assembly = PluginHost().assemble()
    assert record(assembly, "good").origin == "installed package alliance-rubric 1.2"
    assert "aa" not in [s.id for s in assembly.rubric.strands()]
    assert "No module named 'alliance_rubric'" in record(assembly, "bad").error


def test_plugins_switched_off_by_name(monkeypatch):
    monkeypatch.setenv("MATURITYTUI_DISABLE_PLUGINS", "student-voice")
    assembly = make_host(ALLIANCE).assemble()
    switched = record(assembly, "student-voice")
    assert switched.switched_off
    assert switched.error == ""
    assert assembly.errors == []  # on purpose, so not a problem to report
    assert len(assembly.rubric.strands()) == 12


def test_env_folders(monkeypatch):
    monkeypatch.setenv("MATURITYTUI_PLUGINS", f"{ALLIANCE}")
    assert plugins_module.folders_from_env() == [ALLIANCE]


def test_current_directory_is_not_searched(tmp_path, monkeypatch):
    write(tmp_path, "sneaky.toml", (ALLIANCE / "student-voice.toml").read_text())
    monkeypatch.chdir(tmp_path)
    assert len(make_host().assemble().rubric.strands()) == 12


RENAME = """
    kind = "rubric-change"
    [[ops]]
    op = "update_strand"
    strand = "dsi"
    title = "{}"
"""


def test_load_order_is_the_order_changes_apply(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, "rename-a.toml", RENAME.format("First name"))
    write(two, "rename-b.toml", RENAME.format("Second name"))
    assert make_host(one, two).assemble().rubric.strand("dsi").title == "Second name"
    assert make_host(two, one).assemble().rubric.strand("dsi").title == "First name"


def test_same_plugin_name_twice_is_refused(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, "rename.toml", RENAME.format("First name"))
    write(two, "rename.toml", RENAME.format("Second name"))
    assembly = make_host(one, two).assemble()
    first, second = [r for r in assembly.records if r.name == "rename"]
    assert first.ok
    assert "already loaded" in second.error
    assert assembly.rubric.strand("dsi").title == "First name"


def test_file_registered_from_the_wrong_hook(tmp_path):
    path = ALLIANCE / "student-voice.toml"

    class Wrong:
        @maturitytui.hookimpl
        def maturitytui_register_rubrics(self, register):
            register(path)

    host = make_host()
    host.register(Wrong(), "wrong")
    error = record(host.assemble(), "wrong").error
    assert "the file is a rubric change" in error
    assert "maturitytui_register_changes" in error


def test_assembling_twice_gives_the_same_account(tmp_path):
    write(
        tmp_path,
        "a_broken.py",
        """
        import maturitytui

        @maturitytui.hookimpl
        def maturitytui_register_changes(register):
            raise RuntimeError("down")
    """,
    )
    host = make_host(tmp_path, ALLIANCE)
    first = host.assemble()
    second = host.assemble()
    assert [(r.name, r.contributions, r.error) for r in first.records] == [
        (r.name, r.contributions, r.error) for r in second.records
    ]
    assert record(second, "student-voice").contributions == [
        "added strand 'sv' to dimension 'pc'",
        "removed strand 'ce'",
    ]
    assert first.rubric == second.rubric


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("import sys\nsys.exit('bye')\n", "raised SystemExit: bye"),
        (
            "import maturitytui\n\n@maturitytui.hookimpl\ndef maturitytui_register_changes(register):\n"
            "    raise SystemExit(2)\n",
            "raised SystemExit: 2",
        ),
        (
            "import maturitytui\n\n@maturitytui.hookimpl\ndef maturitytui_register_changes(register):\n"
            "    yield register({'ops': [{'op': 'remove_strand', 'strand': 'aa'}]})\n",
            "returned generator instead of calling register()",
        ),
        (
            "import maturitytui\n\n@maturitytui.hookimpl\ndef maturitytui_register_changes(register):\n"
            "    return {'ops': [{'op': 'remove_strand', 'strand': 'aa'}]}\n",
            "returned dict instead of calling register()",
        ),
        (
            "import maturitytui\n\n@maturitytui.hookimpl\ndef maturitytui_register_questionnaires(register):\n"
            "    register({'id': 'q', 'title': 'Q'})\n",
            "questionnaire › scale: Field required",
        ),
    ],
)
def test_misbehaving_plugins_are_named_and_left_out(tmp_path, source, words):
    bad_input("hand-made plugins")
    write(tmp_path, "odd.py", source)
    assembly = make_host(tmp_path, ALLIANCE).assemble()
    error = record(assembly, "odd").error
    assert words in error
    assert "\n" not in error
    assert "errors.pydantic.dev" not in error
    assert "sv" in [s.id for s in assembly.rubric.strands()]  # the others still load
    assert "aa" in [s.id for s in assembly.rubric.strands()]


def test_a_modules_unusable_change_is_placed_on_its_file_line_and_hook(tmp_path):
    write(
        tmp_path,
        "ours.py",
        """
        import maturitytui


        @maturitytui.hookimpl
        def maturitytui_register_changes(register):
            register({"ops": [{"op": "remove_strand", "strnd": "ce"}]})


        @maturitytui.hookimpl
        def maturitytui_register_questionnaire(register):
            pass
        """,
    )
    write(
        tmp_path,
        "second.py",
        """
        import maturitytui


        @maturitytui.hookimpl
        def maturitytui_register_changes(register):
            register({"ops": [{"op": "remove_strand", "strand": "ce"}, {"op": "remove_strand", "strand": "ce"}]})
        """,
    )
    assembly = make_host(tmp_path).assemble()
    assert record(assembly, "ours").error == (
        f"{tmp_path / 'ours.py'}: line 10: implements unknown hook maturitytui_register_questionnaire; did you mean "
        "'maturitytui_register_questionnaires'? — the hooks are: maturitytui_register_changes, "
        "maturitytui_register_questionnaires, maturitytui_register_rubrics"
    )
    assert record(assembly, "second").error == (
        f"{tmp_path / 'second.py'}: line 5 (maturitytui_register_changes), operation 2 (remove_strand): there is no strand 'ce': operation 1 "
        "of this change removed it — correct or remove this operation"
    )
    (tmp_path / "ours.py").write_text((tmp_path / "ours.py").read_text().replace("questionnaire(", "questionnaires("))
    assert record(make_host(tmp_path).assemble(), "ours").error == (
        f"{tmp_path / 'ours.py'}: line 5 (maturitytui_register_changes), operation 1 (remove_strand) › strnd: "
        "unknown key; did you mean 'strand'? — rename it to strand"
    )
