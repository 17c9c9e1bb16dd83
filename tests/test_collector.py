"""Full garbage collections wait for a pause in the typing (maturitytui.ui.collector)."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from maturitytui.ui.collector import NEVER, OVERDUE, IdleCollector


class FakeGC(SimpleNamespace):
    def __init__(self) -> None:
        super().__init__(threshold=(700, 10, 10), count=(0, 0, 0), collected=0)

    def get_threshold(self):
        return self.threshold

    def set_threshold(self, *values):
        self.threshold = values

    def get_count(self):
        return self.count

    def collect(self):
        self.collected += 1
        self.count = (0, 0, 0)


def test_python_never_starts_a_full_collection_while_it_runs_and_gets_its_thresholds_back():
    fake = FakeGC()
    collector = IdleCollector(fake)
    collector.start()
    assert fake.threshold == (700, 10, NEVER)
    collector.start()  # twice is once: the saved thresholds stay Python's own
    collector.stop()
    assert fake.threshold == (700, 10, 10)


def test_a_full_collection_runs_in_a_pause_and_only_when_there_is_something_to_collect():
    fake = FakeGC()
    collector = IdleCollector(fake)
    assert not collector.tick()  # nothing has grown old since the last full collection
    fake.count = (5, 2, 3)
    collector.input()
    assert not collector.tick()  # someone typed since the last look
    assert collector.tick()  # a quiet interval
    assert fake.collected == 1
    assert not collector.tick()


def test_typing_that_never_pauses_still_gets_a_collection_when_it_is_overdue():
    fake = FakeGC()
    collector = IdleCollector(fake)
    fake.count = (0, 0, OVERDUE - 1)
    collector.input()
    assert not collector.tick()
    fake.count = (0, 0, OVERDUE)
    collector.input()
    assert collector.tick()


def test_the_real_collector_gets_its_thresholds_back():
    before = gc.get_threshold()
    collector = IdleCollector()
    collector.start()
    assert gc.get_threshold()[2] == NEVER
    collector.stop()
    assert gc.get_threshold() == before
