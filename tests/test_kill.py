"""A save loop killed with SIGKILL at arbitrary points leaves every file loadable."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap

import pytest

from maturitytui.store.session_store import SessionStore

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path

    from maturitytui.model.session import RubricRef, Session
    from maturitytui.store.session_store import SessionStore

    store = SessionStore(Path(sys.argv[1]))
    ref = RubricRef(id="hargreaves-2012", version="2012.1", hash="sha256:0")
    sessions = [
        Session(id=f"s{n}", partnership=f"Partnership {n}", review_date=date(2026, 1, 1 + n),
                created="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z", rubric=ref)
        for n in range(3)
    ]
    count = int(sys.argv[2])  # carry on from the previous run, so counts only grow
    while True:
        count += 1
        session = sessions[count % 3]
        answer = session.answer("jpd")
        # Vary the size so a torn write would show as a truncated file.
        answer.evidence = f"{count}:" + "evidence " * (count % 400)
        session.position = f"strand:{count}"
        store.save(session)
        print(count, session.id, flush=True)
    """
)


@pytest.mark.posix_only("kills the saving program with SIGKILL, which Windows does not have")
@pytest.mark.parametrize("seed", range(5))
def test_sigkill_during_save_loop(tmp_path, seed):
    rng = random.Random(seed)
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    store_dir = tmp_path / "store"
    acknowledged: dict[str, int] = {}
    for _ in range(3):  # several kills on the same store
        start = max(acknowledged.values(), default=0) + 1000
        child = subprocess.Popen(
            [sys.executable, str(script), str(store_dir), str(start)], stdout=subprocess.PIPE, text=True
        )
        stop_after = rng.randint(5, 120)
        assert child.stdout is not None
        for _ in range(stop_after):
            count, session_id = child.stdout.readline().split()
            acknowledged[session_id] = int(count)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()

        scan = SessionStore(store_dir).scan()
        assert scan.problems == []
        assert len(scan.sessions) == 3
        for stored in scan.sessions:
            saved = int(stored.session.strands["jpd"].evidence.split(":")[0])
            # Every acknowledged save is on disk; at most the one in flight is lost.
            assert saved >= acknowledged.get(stored.session.id, 0)
