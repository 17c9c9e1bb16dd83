"""The rubric and its companions are written in the project's own words: no run of seven or more words is copied
from a source document. Names and references (titles, cites) may repeat the sources.

Checked against the seed texts themselves where they are beside the project (``../shared/seeds``), and always
against the fingerprints of their runs kept in tests/data, which a test keeps in step with the texts.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from own_words import RUN, copied, seed_fingerprints, texts_of, words

from maturitytui import testing
from maturitytui.engine.default_plugins import COMPANIONS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FINGERPRINTS = ROOT / "tests" / "data" / "seed_runs.bin"


@pytest.fixture(scope="module")
def seen() -> set[bytes]:
    data = FINGERPRINTS.read_bytes()
    return {data[i : i + 8] for i in range(0, len(data), 8)}


def test_the_fingerprints_are_those_of_the_seeds(seen):
    if not SEEDS.is_dir():  # a clone on its own: the fingerprints kept in tests/data are what there is
        assert len(seen) > 50_000
        return
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt"))]
    assert seed_fingerprints(texts) == seen, "run: python tests/own_words.py ../shared/seeds"


def _all_texts() -> list[tuple[str, str]]:
    rubric = testing.valid(testing.assemble())  # the 2012 model with every built-in plugin, ideas included
    found = [(f"rubric › {key}", text) for key, text in texts_of(rubric.model_dump(mode="json"))]
    for path in sorted(COMPANIONS.glob("*.toml")):
        found += [(f"{path.name} › {key}", text) for key, text in texts_of(tomllib.loads(path.read_text("utf-8")))]
    return found


def test_no_run_of_seven_words_is_copied_from_a_seed(seen):
    texts = _all_texts()
    assert len(texts) > 500  # the check reaches the ideas, the descriptors and the companions
    found = [f"{where}: '{run}' in {text[:80]!r}" for where, text in texts if (run := copied(text, seen))]
    assert found == [], f"{len(found)} texts copy a run of {RUN} words from a seed:\n" + "\n".join(found)


def test_the_check_finds_a_copied_run(seen):
    ideas = [text for where, text in _all_texts() if where.endswith("› text") and len(text.split()) > 12]
    sample = ideas[0]
    assert copied(sample, seen) == ""
    caught = copied(sample, seen | seed_fingerprints([f"Some other words, then {sample.upper()} and more."]))
    assert caught == " ".join(words(sample)[:RUN])  # its first seven words
