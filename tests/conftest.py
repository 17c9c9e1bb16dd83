from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Timing varies with the machine; correctness is what these tests check.
settings.register_profile("maturitytui", deadline=None)
settings.load_profile("maturitytui")

from maturitytui.plugins import PluginHost
from maturitytui.rubric import Rubric

DATA = Path(__file__).parent / "data"


def make_host(*folders: Path, **kwargs) -> PluginHost:
    """A plugin host that ignores whatever happens to be installed, like a clean machine."""
    return PluginHost(folders, entry_points=False, **kwargs)


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return make_host().assemble().rubric


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch):
    for name in ("MATURITYTUI_PLUGINS", "MATURITYTUI_SESSIONS", "MATURITYTUI_DISABLE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
