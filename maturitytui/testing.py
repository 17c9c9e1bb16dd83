"""What a plugin's own tests need: the rubric assembled with only the given plugins, a change file applied,
what a plugin contributed, and a review of the rubric walked in the app.

    from maturitytui import testing
    import maturitytui_northfield as plugin

    def test_the_plugin_adds_its_strand():
        assembly = testing.assemble(plugin)           # the built-in model and this plugin: nothing installed
        rubric = testing.valid(assembly)              # fails the test naming every problem
        assert "northfield" in testing.contributions(assembly, "northfield")[0].plugins

    async def test_every_step_of_a_review_shows(tmp_path):
        rubric = testing.valid(testing.assemble(plugin))
        titles = await testing.walk_review(rubric, tmp_path)   # Textual's Pilot, headless
        assert "Northfield strand" in titles

Nothing here reads what happens to be installed or switched off on the machine running the tests, so they
pass the same everywhere. The program's own tests use these too.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from maturitytui.engine.changes import RubricChange
from maturitytui.engine.host import Assembly, PluginHost
from maturitytui.engine.rubric_diff import Difference, compare_rubrics
from maturitytui.engine.rubric_files import apply_change_ops, load_rubric_file, rubric_from_data
from maturitytui.model.errors import Problem, RubricError
from maturitytui.model.rubric import Rubric

__all__ = ["apply_changes", "assemble", "contributions", "valid", "walk_review"]


def _name(plugin: object) -> str:
    name = getattr(plugin, "__name__", None) or type(plugin).__name__
    return str(name).rsplit(".", 1)[-1].removeprefix("maturitytui_").replace("_", "-").lower()


def assemble(*plugins: object, folders: Iterable[Path] = (), names: Iterable[str] = ()) -> Assembly:
    """The rubric assembled from the built-in plugins and these alone (modules or objects with hook functions),
    in this order, plus any plugin ``folders``. Each is named as given in ``names``, else by its module
    (``maturitytui_northfield`` is ``northfield``). Installed packages and MATURITYTUI_DISABLE_PLUGINS are
    ignored."""
    given = list(names)
    host = PluginHost(list(folders), entry_points=False, environment=False)
    for n, plugin in enumerate(plugins):
        host.register(plugin, given[n] if n < len(given) else _name(plugin))
    return host.assemble()


def valid(assembly: Assembly) -> Rubric:
    """The assembled rubric, checked again from scratch; fails with every plugin error and every problem."""
    if assembly.errors:
        lines = "\n".join(f"  {r.name} ({r.origin}): {r.error}" for r in assembly.errors)
        raise AssertionError(f"plugins were left out of the assembly:\n{lines}")
    try:
        return rubric_from_data(assembly.rubric.model_dump(), "the assembled rubric")
    except RubricError as exc:
        raise AssertionError(
            "the assembled rubric is not valid:\n" + "\n".join(f"  {p}" for p in exc.problems)
        ) from None


def apply_changes(path: Path | str, base: Rubric | None = None) -> Rubric:
    """A rubric change file (``kind = "rubric-change"``) applied to ``base`` (the built-in model when not given);
    raises ``RubricError`` naming every problem, each with its operation."""
    path = Path(path)
    content = load_rubric_file(path)
    if not isinstance(content, RubricChange):
        raise RubricError(
            [Problem(str(path), "kind", "is a whole rubric, not a change", 'give kind = "rubric-change"')]
        )
    rubric = base if base is not None else assemble().rubric
    changed, problems = apply_change_ops(rubric, content.ops, path.stem, str(path))
    if problems:
        raise RubricError(problems)
    return changed


def contributions(assembly: Assembly, plugin: str) -> list[Difference]:
    """What ``plugin`` changed in the assembled rubric, as ``maturitytui rubric diff`` reports it: every
    difference from the built-in model that it took part in."""
    base = assemble().rubric
    return [d for d in compare_rubrics(base, assembly.rubric, assembly.records) if plugin in d.plugins]


async def walk_review(
    rubric: Rubric, store: Path, *, partnership: str = "Test Partnership", size: tuple[int, int] = (120, 40)
) -> list[str]:
    """Start a review of ``rubric`` in the app (headless, in a store under ``store``), show every step in turn
    and return their titles: a step that cannot be shown fails here, as it would for a head."""
    from maturitytui.model.steps import step_title
    from maturitytui.store.session_store import SessionStore
    from maturitytui.ui.app import MaturityApp
    from maturitytui.ui.screens.review import ReviewScreen

    app = MaturityApp(rubric, SessionStore(Path(store)), partnership=partnership)
    titles: list[str] = []
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, ReviewScreen):
            raise AssertionError(f"the review did not open: {type(screen).__name__} shows")
        for step in list(screen.steps):
            await screen.go_to(step)
            await pilot.pause()
            if screen.step != step:
                raise AssertionError(f"the review could not show the step {step!r}")
            titles.append(step_title(rubric, step))
    return titles
