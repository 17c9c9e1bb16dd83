"""The benchmark script runs (in its quick mode) so it cannot rot. No time is asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.mark.linux_only("the benchmark reads the room server's memory from /proc/<pid>/status (bench/room_server.py)")
def test_quick_benchmark_prints_every_figure_with_its_ratio():
    out = subprocess.run([sys.executable, str(BENCH), "--quick"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    rows = [line for line in out.stdout.splitlines() if "×" in line and " ms" in line]
    labels = [
        "cold start",
        "key press on the grid",
        "key press on a strand (median)",
        "key press on a strand (slowest)",
        "autosave",
        "rubric assembly",
        "sync of one changed review",
        "a look at a room of 30",
        "room web server with 5 participants: join",
    ]
    for label in labels:
        assert any(row.startswith(label) for row in rows), (label, out.stdout)
    assert sum("list + one history" in row for row in rows) == 2  # without and with the index
    assert all(" MB / " in row for row in rows)
    memory = [
        line for line in out.stdout.splitlines() if line.startswith("room web server with 5 participants: memory")
    ]
    assert len(memory) == 1, out.stdout
    assert "×" in memory[0], memory  # the server's memory with everyone connected, as a ratio to it at rest
    assert " MB / " in memory[0], memory
