"""Benchmarks: maturitytui beside a reference measured in the same run.

    .venv/bin/python bench/run.py           # full sizes (10,000 sessions)
    .venv/bin/python bench/run.py --quick   # small sizes, for CI: proves the script runs
    .venv/bin/python bench/run.py --sessions 100000   # the store cases at another size
    .venv/bin/python bench/run.py --store-cases --store DIR   # only those, on a store made with --make-store

Every figure is printed with the reference it is compared to and the ratio.
Each side of each measurement runs in its own process, so peak memory
(``ru_maxrss``) is that side's alone. Nothing here asserts a time: targets are
printed beside the figures and ``bench/README.md`` records the latest run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


# -- the cases, each run in a child process --------------------------------

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, OptionList

class Bare(App):
    def compose(self):
        yield Header()
        yield OptionList(*[f"Item {i}" for i in range(50)])
        yield Footer()
"""


def case_startup(side: str, store: str, until: str = "painted") -> dict:
    """Process start to the first screen painted, headless; ``until="filled"``: painted with the first page of
    partnerships listed (on a large store with an index, the index as the last run left it); ``until="checked"``:
    painted with the list brought up to date with the files (``StartScreen.Ready``). Timed by the parent."""
    if side == "ref":
        namespace: dict = {}
        exec(BARE_APP, namespace)
        app_class = namespace["Bare"]
        app = app_class()
    else:
        # As the program starts: the app shows its first screen, then assembles the rubric on a thread.
        from maturitytui.store.session_store import SessionStore
        from maturitytui.ui.app import MaturityApp

        def assemble():
            from maturitytui.engine.host import PluginHost

            return PluginHost().assemble()

        app = MaturityApp(None, SessionStore(Path(store)), assemble=assemble)

    def ready() -> None:
        print("READY", flush=True)
        app.exit()

    if side == "ours" and until == "filled":
        # The first page of partnerships in the list, and that drawn.
        from maturitytui.ui.screens.start import StartScreen

        show = StartScreen.show

        def filled(self, *args, **kwargs) -> None:
            show(self, *args, **kwargs)
            self.call_after_refresh(ready)

        StartScreen.show = filled  # type: ignore[method-assign]
    elif side == "ours" and until == "checked":
        # The store checked (a large one after the first paint) and the list up to date, and that drawn.
        shown = type(app).on_start_screen_ready

        def checked(self, event) -> None:
            shown(self, event)
            self.call_after_refresh(ready)

        type(app).on_start_screen_ready = checked  # type: ignore[method-assign]
    else:
        app.call_after_refresh(ready)
    app.run(headless=True, size=(120, 40))
    return {}


def case_keypress(side: str, store: str, where: str, repeats: int) -> dict:
    """Key to screen updated, measured inside the app: from posting the key to the end of the repaint."""
    import asyncio

    from textual.screen import Screen

    painted: list[float] = []
    original = Screen._compositor_refresh

    def timed(self) -> None:
        original(self)
        painted.append(time.perf_counter())

    Screen._compositor_refresh = timed  # type: ignore[method-assign]

    if side == "ref":
        namespace: dict = {}
        exec(BARE_APP, namespace)
        app = namespace["Bare"]()
        keys = ["down", "down", "down", "up"] * (repeats // 4)
    else:
        from maturitytui.engine.host import PluginHost
        from maturitytui.store.session_store import SessionStore
        from maturitytui.ui.app import MaturityApp

        rubric = PluginHost().assemble().rubric
        app = MaturityApp(rubric, SessionStore(Path(store)), partnership="Harbourside Learning Partnership")
        if where == "grid":
            keys = ["right", "up", "left", "down"] * (repeats // 4)
        else:
            keys = ["right", "left", "2", "3"] * (repeats // 4)

    async def drive() -> list[float]:
        latencies = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            if side == "ours":
                # A large store is read on a thread before the review opens.
                await app.workers.wait_for_complete()
                await pilot.pause()
                await app.screen.go_to("grid" if where == "grid" else "strand:jpd")
                await pilot.pause()
            for key in keys:
                painted.clear()
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                if painted:
                    latencies.append(painted[-1] - start)
            if side == "ours":
                app.screen.flush()
        return latencies

    latencies = asyncio.run(drive())
    return {"median": statistics.median(latencies), "max": max(latencies), "n": len(latencies)}


def case_autosave(side: str, store: str, repeats: int) -> dict:
    """One answer saved (ours), against writing and fsyncing the same bytes (reference)."""
    from maturitytui.store.session_files import session_to_toml
    from maturitytui.store.session_store import SessionStore

    store_obj = SessionStore(Path(store))
    listing = store_obj.listing(deep=False)
    summary = listing.reviews("partnership 0001")[-1]
    listing.close()
    session = store_obj.load(summary.path)
    data = session_to_toml(session)
    target = Path(store) / "bench-autosave.toml"
    times = []
    for n in range(repeats):
        session.answer("jpd").evidence = f"note {n}"
        start = time.perf_counter()
        if side == "ref":
            with open(target, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            store_obj.save(session, target)
        times.append(time.perf_counter() - start)
    target.unlink()
    return {"median": statistics.median(times)}


def case_history(side: str, store: str) -> dict:
    """List every partnership (``history --all``) and open one partnership's history.

    Ours: through the index, cold (none yet: every file read, by a process per core, into a new index) or warm
    (the index brought up to date: a stat of each partnership folder), every partnership's line of the alliance
    table read a page at a time, then the history of one partnership built from its files in full. Reference:
    tomllib parsing every file and nothing more.
    """
    import tomllib

    from maturitytui.analysis.alliance import every_line
    from maturitytui.analysis.history import history_of
    from maturitytui.engine.host import PluginHost
    from maturitytui.store.index import drop_index
    from maturitytui.store.session_store import SessionStore

    rubric = PluginHost(entry_points=False).assemble().rubric  # assembly is measured on its own

    store_obj = SessionStore(Path(store))
    if side == "cold":
        drop_index(store_obj.root)
    start = time.perf_counter()
    if side == "ref":
        paths = sorted(Path(store).glob("*/*.toml"))
        for path in paths:
            tomllib.loads(path.read_text())
        count = len(paths)
    else:
        listing = store_obj.listing(deep=False)
        lines = sum(1 for _ in every_line(listing))
        history = history_of(rubric, [store_obj.load(s.path) for s in listing.reviews("partnership 0001")])
        count = listing.review_count()
        listing.close()
        assert history.reviews
        assert lines
    return {"seconds": time.perf_counter() - start, "count": count}


def case_history_command(side: str, store: str, repeats: int) -> dict:
    """The whole command as a user runs it, in its own process each time: ``maturitytui history --all`` to the
    null device, on the store with its index warm (Python's start and the imports included). Reference: the same
    program's start and nothing more (``maturitytui --version``)."""
    script = Path(sys.executable).with_name("maturitytui")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "maturitytui"]
    args = ["--version"] if side == "ref" else ["--sessions", store, "history", "--all"]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([*command, *args], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    # The command's peak memory, not this process's.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "median": statistics.median(times),
        "maxrss_mb": children / (1024 * 1024 if sys.platform == "darwin" else 1024),
    }


def case_assembly(side: str, plugins: str, repeats: int) -> dict:
    """The rubric assembled with twenty plugin files (ours) or none (reference)."""
    from maturitytui.engine.host import PluginHost

    folders = [Path(plugins)] if side == "ours" else []
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        assembly = PluginHost(folders, entry_points=False).assemble()
        times.append(time.perf_counter() - start)
    assert not assembly.errors, [r.error for r in assembly.errors]
    return {"median": statistics.median(times), "plugins": len(assembly.rubric.plugins)}


def case_room(side: str, folder: str, people: int, repeats: int) -> dict:
    """One look at a room of ``people`` while one of them changes their rating each time.

    Ours: the facilitator's program taking in the room (every file looked at, the changed one parsed and
    merged). Reference: parsing every participant's file with tomllib, as a naive look would.
    """
    import tomllib

    from maturitytui.engine.host import PluginHost
    from maturitytui.model.session import Facilitation, Session
    from maturitytui.model.steps import Step
    from maturitytui.room.facilitation import new_participants
    from maturitytui.room.files import Own, write_own
    from maturitytui.room.host import RoomHost
    from maturitytui.room.layout import room_folder

    rubric = PluginHost(entry_points=False).assemble().rubric
    room = new_participants([f"Person {n}" for n in range(people)], ["A", "B", "C"] * people, anonymous=False)
    session = Session.start("Bench Trio", rubric, facilitation=Facilitation(participants=room))
    path = Path(folder) / f"{side}.toml"
    stages = ("Beginning", "Developing", "Embedding", "Leading")
    for p in room:
        write_own(path, p.id, Own(ratings={"strand:jpd": "Developing", "strand:mc": "Embedding"}))
    host = RoomHost(rubric, session, path)
    host.move_to(Step.strand("jpd"), "Joint practice development")
    host.gather()
    times = []
    for n in range(repeats):
        write_own(path, room[n % people].id, Own(ratings={"strand:jpd": stages[n % 4], "strand:mc": "Embedding"}))
        start = time.perf_counter()
        if side == "ref":
            for file in sorted(room_folder(path).glob("p*.toml")):
                tomllib.loads(file.read_text())
        else:
            host.gather()
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times)}


def case_room_server(side: str, folder: str, people: int) -> dict:
    """The room's web server (its own process) with ``people`` participants joining at once and staying
    connected (ours), or as many plain GETs of its join page (reference): see ``bench/room_server.py``."""
    from room_server import measure  # beside this script

    return measure(side, folder, people)


def case_sync(side: str, store: str) -> dict:
    """Share one changed review from a store that is a clone of the alliance's repository.

    Ours: ``maturitytui sync`` (status, commit, fetch, merge check, push). Reference: plain git doing the same
    by hand (``git add -A``, ``git commit``, ``git pull``, ``git push``). Each side changes one review first,
    untimed, as a head saving an answer would.
    """
    from maturitytui.store.session_store import SessionStore
    from maturitytui.store.sync import sync

    root = Path(store)
    sessions = SessionStore(root)
    path = next(p for p in sorted(root.glob("*/*.toml")) if not p.name.startswith("."))
    review = sessions.load(path)
    review.grid.note = f"{side} {time.perf_counter_ns()}"
    sessions.save(review, path)
    start = time.perf_counter()
    if side == "ref":
        for args in (
            ["add", "-A"],
            ["commit", "-q", "-m", "one review"],
            ["pull", "-q", "--no-rebase"],
            ["push", "-q"],
        ):
            subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    else:
        report = sync(root)
        assert report.ok, report.lines()
        assert report.committed, report.lines()
    return {"seconds": time.perf_counter() - start}


def make_shared_store(store: Path, folder: Path) -> Path:
    """A copy of ``store`` shared through a bare repository beside it, as ``maturitytui sync --init`` makes it."""
    import shutil

    from maturitytui.store.sync import share

    remote = folder / "alliance.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    clone = folder / "shared-sessions"
    shutil.copytree(store, clone, ignore=shutil.ignore_patterns(".index*"))
    report = share(clone, str(remote))
    assert report.ok, report.lines()
    return clone


CASES = {
    "startup": case_startup,
    "keypress": case_keypress,
    "autosave": case_autosave,
    "history": case_history,
    "history_command": case_history_command,
    "assembly": case_assembly,
    "room": case_room,
    "room_server": case_room_server,
    "sync": case_sync,
}


def child_main(argv: list[str]) -> None:
    name, side, kwargs = argv[0], argv[1], json.loads(argv[2])
    result = CASES[name](side, **kwargs)
    result.setdefault("maxrss_mb", _maxrss_mb())  # a case that runs the program as a command gives the command's
    print("RESULT " + json.dumps(result), flush=True)


# -- the parent: prepare data, run both sides, print the table -------------


def run_child(name: str, side: str, **kwargs) -> tuple[dict, float]:
    """Run one side of a case in a fresh process; return its result and the wall time to READY or exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__)), "--child", name, side, json.dumps(kwargs)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    ready_at = None
    result: dict = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY") and ready_at is None:
            ready_at = time.perf_counter() - start
        elif line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
    if proc.wait() != 0:
        raise SystemExit(f"benchmark case {name}/{side} failed")
    return result, ready_at if ready_at is not None else time.perf_counter() - start


def make_store(folder: Path, sessions: int) -> None:
    """A large alliance store: many partnerships, several reviews each, varied answers."""
    sys.path.insert(0, str(ROOT))
    from maturitytui.demo import demo_sessions
    from maturitytui.engine.host import PluginHost
    from maturitytui.model.rubric import STAGES
    from maturitytui.store.session_store import SessionStore

    rubric = PluginHost(entry_points=False).assemble().rubric
    store = SessionStore(folder)
    templates = demo_sessions(rubric)
    for n in range(sessions):
        session = templates[n % len(templates)].model_copy(deep=True)
        session.id = f"bench-{n:05d}"
        session.partnership = f"Partnership {n // 5:04d}"
        for i, answer in enumerate(session.strands.values()):
            if answer.stage is not None:
                answer.stage = STAGES[(n + i) % 4]
        store.save(session, stamp=False)
    for session in templates:  # the demo partnership too, for the key-press cases
        store.save(session, stamp=False)


def make_plugins(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    strands = ["jpd", "mc", "tid", "dsi", "fg", "hsc", "cmp", "ec", "ai", "ce", "di", "aa"]
    for n in range(count):
        (folder / f"alliance-{n:02d}.toml").write_text(
            textwrap.dedent(f"""
            kind = "rubric-change"
            title = "Benchmark change {n}"
            [[ops]]
            op = "add_questions"
            strand = "{strands[n % len(strands)]}"
            [[ops.questions]]
            text = "Benchmark question {n}?"
        """)
        )


class Under(float):
    """A target in seconds, not a ratio: ours must stay under it."""


class Megabytes(float):
    """A figure in MB, not seconds."""


def fmt_time(seconds: float) -> str:
    if isinstance(seconds, Megabytes):
        return f"{seconds:.1f} MB"
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        child_main(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--make-store":
        make_store(Path(sys.argv[2]), int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and few repeats (for CI)")
    parser.add_argument(
        "--sessions", type=int, metavar="N", help="reviews in the large store (default: 10,000; 300 with --quick)"
    )
    parser.add_argument(
        "--store-cases",
        action="store_true",
        help="only the cases the large store's size changes: its start-ups, its listing with and without the "
        "index, and the history --all command",
    )
    parser.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="a large store made before with `run.py --make-store DIR N`, instead of a new one (its index is "
        "brought up to date, and the case without one drops it and builds it again)",
    )
    args = parser.parse_args()
    sessions = args.sessions or (300 if args.quick else 10_000)
    if args.store is not None:
        sessions = sum(1 for _ in args.store.glob("*/*.toml")) - 3  # the demo partnership's three aside
    every = not args.store_cases
    people = 5 if args.quick else 60
    repeats = 3 if args.quick else 9
    keys = 8 if args.quick else 40

    rows = []
    notes = []
    with tempfile.TemporaryDirectory(prefix="maturitytui-bench-") as tmp:
        store = args.store or Path(tmp) / "sessions"
        if args.store is None:
            # Made in its own process: a child forked from a large parent inherits its peak memory figure.
            subprocess.run(
                [sys.executable, str(Path(__file__)), "--make-store", str(store), str(sessions)], check=True, cwd=ROOT
            )
        small = Path(tmp) / "demo-sessions"
        plugins = Path(tmp) / "plugins"
        if every:
            subprocess.run(
                [sys.executable, "-m", "maturitytui.demo", str(small)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
            )
            make_plugins(plugins, 20)
        # As a store is on any later start: its files written a while ago and its index built since.
        # (A file changed within RACY_NS of the index is read again, so the full run builds the index after
        # that — ctime cannot be set back, so it waits; the quick run, which only proves the script works,
        # does not.)
        if not args.quick:
            sys.path.insert(0, str(ROOT))
            from maturitytui.store.index import RACY_NS

            time.sleep(RACY_NS / 1e9 + 0.2)
        for folder in (store, small) if every else (store,):
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import sys; from pathlib import Path; "
                    "from maturitytui.store.session_store import SessionStore; "
                    "SessionStore(Path(sys.argv[1])).listing().close()",
                    str(folder),
                ],
                check=True,
                cwd=ROOT,
            )

        def pair(name: str, label: str, ref_label: str, target: float | None, metric, **kwargs) -> None:
            pair_sides(name, label, "ours", ref_label, target, metric, **kwargs)

        references: dict[str, list[tuple[dict, float]]] = {}

        def pair_sides(
            name: str, label: str, side: str, ref_label: str, target: float | None, metric, **kwargs
        ) -> None:
            ours_runs = [run_child(name, side, **kwargs) for _ in range(kwargs.pop("_runs", 1))]
            # A reference measured once for every line it is the reference of (parsing 100,000 files takes a minute).
            seen = references.setdefault(json.dumps([name, kwargs], sort_keys=True), [])
            seen += [run_child(name, "ref", **kwargs) for _ in range(len(ours_runs) - len(seen))]
            ref_runs = seen[: len(ours_runs)]
            ours = statistics.median(metric(r) for r in ours_runs)
            ref = statistics.median(metric(r) for r in ref_runs)
            rows.append(
                (
                    label,
                    ours,
                    ref_label,
                    ref,
                    target,
                    max(r[0]["maxrss_mb"] for r in ours_runs),
                    max(r[0]["maxrss_mb"] for r in ref_runs),
                )
            )

        if every:
            pair(
                "startup",
                "cold start to the start screen (demo store)",
                "bare Textual app",
                1.3,
                lambda r: r[1],
                store=str(small),
                _runs=repeats,
            )
        pair(
            "startup",
            f"cold start to the start screen ({sessions + 3:,} sessions)",
            "bare Textual app",
            2.0,
            lambda r: r[1],
            store=str(store),
            _runs=repeats,
        )
        pair(
            "startup",
            f"cold start to the first partnerships listed ({sessions + 3:,})",
            "bare Textual app",
            2.0,
            lambda r: r[1],
            store=str(store),
            until="filled",
            _runs=repeats,
        )
        pair(
            "startup",
            f"cold start to the partnerships checked ({sessions + 3:,})",
            "bare Textual app",
            None,
            lambda r: r[1],
            store=str(store),
            until="checked",
            _runs=repeats,
        )
        if every:
            pair(
                "keypress",
                "key press on the grid (median)",
                "bare app list (median)",
                1.2,
                lambda r: r[0]["median"],
                store=str(store),
                where="grid",
                repeats=keys,
            )
            pair(
                "keypress",
                "key press on a strand (median)",
                "bare app list (median)",
                1.5,
                lambda r: r[0]["median"],
                store=str(store),
                where="strand",
                repeats=keys,
            )
            pair(
                "keypress",
                "key press on a strand (slowest)",
                "bare app list (slowest)",
                Under(0.050),
                lambda r: r[0]["max"],
                store=str(store),
                where="strand",
                repeats=keys,
            )
            pair(
                "autosave",
                "autosave of one answer",
                "write + fsync of the same bytes",
                3.0,
                lambda r: r[0]["median"],
                store=str(store),
                repeats=repeats * 5,
            )
        pair_sides(
            "history",
            f"{sessions + 3:,} sessions: list + one history, no index",
            "cold",
            "tomllib parse of every file",
            1.1,
            lambda r: r[0]["seconds"],
            store=str(store),
        )
        pair_sides(
            "history",
            f"{sessions + 3:,} sessions: list + one history, index warm",
            "ours",
            "tomllib parse of every file",
            0.3,
            lambda r: r[0]["seconds"],
            store=str(store),
        )
        pair(
            "history_command",
            f"{sessions + 3:,} sessions: `history --all` command, index warm",
            "the program's start (--version)",
            Under(1.0),
            lambda r: r[0]["median"],
            store=str(store),
            repeats=repeats,
        )
        if every:
            os.environ.setdefault("GIT_AUTHOR_NAME", "Bench")  # commits need a name; the user's own, if set
            os.environ.setdefault("GIT_AUTHOR_EMAIL", "bench@example.invalid")
            os.environ.setdefault("GIT_COMMITTER_NAME", os.environ["GIT_AUTHOR_NAME"])
            os.environ.setdefault("GIT_COMMITTER_EMAIL", os.environ["GIT_AUTHOR_EMAIL"])
            sys.path.insert(0, str(ROOT))
            shared_store = make_shared_store(store, Path(tmp))
            pair(
                "sync",
                f"sync of one changed review ({sessions + 3:,} in the store)",
                "git add, commit, pull, push by hand",
                1.5,
                lambda r: r[0]["seconds"],
                store=str(shared_store),
                _runs=repeats,
            )
            pair(
                "assembly",
                "rubric assembly, 20 plugins",
                "rubric assembly, no plugins",
                None,
                lambda r: r[0]["median"],
                plugins=str(plugins),
                repeats=repeats,
            )
            rooms = Path(tmp) / "rooms"
            rooms.mkdir()
            pair(
                "room",
                "a look at a room of 30, one rating new",
                "tomllib parse of the 30 files",
                1.0,
                lambda r: r[0]["median"],
                folder=str(rooms),
                people=30,
                repeats=repeats * 5,
            )
            # The room's web server, in its own process, each side on a fresh store and a fresh server; this
            # process's children are the phones. Memory is the server's, read from /proc (Linux).
            served = Path(tmp) / "served"
            server_runs = 1 if args.quick else 3
            ours_runs = [
                run_child("room_server", "ours", folder=str(served / f"{n}"), people=people)[0]
                for n in range(server_runs)
            ]
            ref_runs = [
                run_child("room_server", "ref", folder=str(served / f"{n}"), people=people)[0]
                for n in range(server_runs)
            ]
            joined = statistics.median(r["seconds"] for r in ours_runs)
            rows.append(
                (
                    f"room web server with {people} participants: join",
                    joined,
                    f"{people} GETs of its join page",
                    statistics.median(r["seconds"] for r in ref_runs),
                    None,
                    max(r["hwm_mb"] for r in ours_runs),
                    max(r["hwm_mb"] for r in ref_runs),
                )
            )
            rows.append(
                (
                    f"room web server with {people} participants: memory",
                    Megabytes(statistics.median(r["rss_mb"] for r in ours_runs)),
                    "the same server at rest",
                    Megabytes(statistics.median(r["rss_rest_mb"] for r in ours_runs)),
                    1.5,
                    max(r["hwm_mb"] for r in ours_runs),
                    max(r["hwm_rest_mb"] for r in ours_runs),
                )
            )
            notes.append(
                f"room web server: {people} participants at once (code, seat, live connection, first step) in "
                f"{fmt_time(joined)}, {joined / people * 1000:.0f} ms per participant; each waited "
                f"{fmt_time(statistics.median(r['each_median'] for r in ours_runs))} at the median, "
                f"{fmt_time(statistics.median(r['each_max'] for r in ours_runs))} at most.\n"
                "  Its memory is the server process's VmRSS, read from /proc (Linux); its memory column, the server's "
                "peak (VmHWM)."
            )

    print(
        f"maturitytui benchmarks ({'quick' if args.quick else 'full'}; Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores)"
    )
    header = f"{'measure':<50} {'ours':>10}  {'reference':<34} {'ref':>10}  {'ratio':>6}  {'target':>7}  {'peak memory ours / ref':>24}"
    print(header)
    print("-" * len(header))
    for label, ours, ref_label, ref, target, mem_ours, mem_ref in rows:
        ratio = ours / ref if ref else float("nan")
        if isinstance(target, Under):
            target_text = f"< {target * 1000:g} ms"
            missed = ours >= target
        else:
            target_text = f"≤ {target:g}×" if target else "—"
            missed = target is not None and ratio > target
        flag = "  (missed)" if missed else ""
        print(
            f"{label:<50} {fmt_time(ours):>10}  {ref_label:<34} {fmt_time(ref):>10}  {ratio:>5.2f}×  {target_text:>7}"
            f"  {mem_ours:>9.0f} MB / {mem_ref:.0f} MB{flag}"
        )
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
