"""The start screen on a store shared through git, with real git: its state, and s bringing in what another
laptop shared."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from textual.widgets import DataTable, Static

from maturitytui.model.session import Session
from maturitytui.store.session_store import SessionStore
from maturitytui.store.sync import share, sync

from .conftest import settled, text_of


def git(where, *args: str) -> None:
    subprocess.run(["git", *args], cwd=where, capture_output=True, check=True)


@pytest.fixture
def shared(tmp_path, monkeypatch, demo_store):
    """The demo store shared through a bare repository, and a second laptop's clone of it."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Sam\n\temail = sam@school.example\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    remote = tmp_path / "alliance.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    assert share(demo_store.root, str(remote)).ok
    git(tmp_path, "clone", "-q", str(remote), str(tmp_path / "kim"))
    return demo_store, SessionStore(tmp_path / "kim")


async def test_s_brings_in_a_review_shared_from_another_laptop(shared, make_app, rubric):
    mine, theirs = shared
    new = Session.start("Harbourside Learning Partnership", rubric, review_date=date(2027, 3, 3))
    theirs.save(new)
    assert sync(theirs.root).ok
    app = make_app(mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = app.screen
        line = screen.query_one("#sync-line", Static)
        assert text_of(line).startswith("Shared through git: up to date; last synced ")
        assert screen.query_one(DataTable).row_count == 3
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await settled(pilot)
        (said,) = [n for n in app._notifications if n.title == "Sync"]
        assert said.message == "Brought in 1 review.\nUp to date."
        table = screen.query_one(DataTable)
        assert table.row_count == 4  # the list is read again
        assert str(table.get_row_at(0)[0]) == "3 Mar 2027"
        assert mine.path_for(new).exists()
