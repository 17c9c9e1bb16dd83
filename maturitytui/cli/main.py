"""The command line: `maturitytui [options] [command]`.

Every command takes ``--plugins DIR`` (repeatable), ``--sessions DIR`` and
``--rubric ID``. Bad input ends in a message naming the file, the place and
the fix, and exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from maturitytui import __version__
from maturitytui.analysis.words import counted, day
from maturitytui.cli.context import Context
from maturitytui.model.errors import MaturityError, Problem
from maturitytui.model.inert import inert
from maturitytui.reports.formats import FORMATS, REPORT_FORMATS

if TYPE_CHECKING:  # the plugin engine and the models load when a command needs them: start-up stays quick
    from maturitytui.engine.host import PluginRecord
    from maturitytui.model.session import Session
    from maturitytui.store.index import SessionSummary


class _Command(argparse.ArgumentParser):
    """A command's parser. What it does not know is an error shown with this command's usage: left to the
    main parser (argparse's way), ``report X --fromat html`` would be answered with the main usage instead.
    """

    # One signature standing for argparse's overloads: only argparse calls this, as (args, None).
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def _common() -> _Command:
    # SUPPRESS lets the options be given before or after the command.
    common = _Command(add_help=False)
    common.add_argument(
        "--plugins",
        metavar="DIR",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,
        help="also load plugins from this folder (repeatable; also MATURITYTUI_PLUGINS)",
    )
    common.add_argument(
        "--sessions",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help="the session store (default: ./sessions, or MATURITYTUI_SESSIONS)",
    )
    common.add_argument(
        "--rubric", metavar="ID", default=argparse.SUPPRESS, help="the rubric to use (default: hargreaves-2012)"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="maturitytui",
        parents=[common],
        description="Review an inter-school partnership against Hargreaves' 2012 maturity model.",
    )
    parser.add_argument("--version", action="version", version=f"maturitytui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command", parser_class=_Command)

    rubric = commands.add_parser("rubric", parents=[common], help="show, check or diff a rubric")
    rubric_commands = rubric.add_subparsers(dest="rubric_command", metavar="action", required=True)
    show = rubric_commands.add_parser("show", parents=[common], help="print the rubric in use")
    show.add_argument("--format", choices=("text", "json"), default="text", help="(default: %(default)s)")
    validate = rubric_commands.add_parser(
        "validate",
        parents=[common],
        help="check a rubric or rubric-change file, a plugin module, or a whole plugin folder",
    )
    validate.add_argument("path", type=Path, help="a .toml file, a .py plugin module, or a plugin folder")
    diff = rubric_commands.add_parser(
        "diff", parents=[common], help="what the active plugins change in the rubric, and which plugin did it"
    )
    diff.add_argument("--format", choices=("text", "json"), default="text", help="(default: %(default)s)")

    plugins = commands.add_parser(
        "plugins", parents=[common], help="list plugins: version, where they came from, what they changed, errors"
    )
    plugins.add_argument("--format", choices=("text", "json"), default="text", help="(default: %(default)s)")

    plugin = commands.add_parser("plugin", parents=[common], help="make a new plugin")
    plugin_commands = plugin.add_subparsers(dest="plugin_command", metavar="action", required=True)
    new = plugin_commands.add_parser(
        "new", parents=[common], help="write an installable plugin package, maturitytui-NAME/, with tests"
    )
    new.add_argument("name", help="the plugin's name: lower-case letters, digits and hyphens (e.g. north-alliance)")
    new.add_argument("--dir", type=Path, default=Path("."), help="where to make the package folder (default: here)")

    review = commands.add_parser("review", parents=[common], help="go straight to a new or unfinished review")
    review.add_argument(
        "partnership",
        help="the partnership's name (or the start of a word of it that only it has); a new name starts one",
    )

    history = commands.add_parser(
        "history", parents=[common], help="a partnership's reviews over time, or every partnership"
    )
    history.add_argument("partnership", nargs="?", help="a partnership's name (or any part of it only it has)")
    history.add_argument(
        "--all", action="store_true", help="every partnership in the store: where it is and which way it moved"
    )

    compare = commands.add_parser("compare", parents=[common], help="compare two reviews, strand by strand")
    compare.add_argument("first", help="a review's id (or part of it), or its file")
    compare.add_argument("second", help="another review of the same partnership")

    report = commands.add_parser("report", parents=[common], help="write a report on a review or a partnership")
    report.add_argument("target", metavar="SESSION|PARTNERSHIP", help="a review (id or file) or a partnership (name)")
    report.add_argument("--format", choices=FORMATS, default="md", help="the report's format (default: %(default)s)")
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of printing")
    report.add_argument("--force", action="store_true", help="replace FILE if it exists")

    serve = commands.add_parser(
        "serve", parents=[common], help="serve the program to browsers, so participants can join a facilitated review"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only; give the room's network "
        "address, e.g. 0.0.0.0, for participants on their own devices)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address participants open, if not http://HOST:PORT (e.g. behind a proxy)",
    )
    sync = commands.add_parser(
        "sync",
        parents=[common],
        help="share the store through git: commit what changed, bring in what others shared, push",
    )
    sync.add_argument(
        "--init",
        metavar="URL",
        help="first make the store a repository of its own that shares with the alliance's repository at URL",
    )
    sessions = commands.add_parser("sessions", parents=[common], help="list the reviews in the store")
    session_commands = sessions.add_subparsers(dest="sessions_command", metavar="action", required=True)
    session_commands.add_parser("list", parents=[common], help="one line per review; unreadable files with their error")
    return parser


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(inert(f"error: {problem}"), file=sys.stderr)  # names and places can come from files


_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff]")


def _escaped(text: str) -> str:
    """JSON (or HTML) text for a terminal, meaning the same: DEL, the C1 controls and lone surrogates written as
    ``\\u`` escapes, as ``json`` writes the C0 ones (a terminal runs a C1 control as it runs ESC). The HTML
    page has none of them left, so it passes unchanged."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json(data: object) -> str:
    return _escaped(json.dumps(data, indent=2, ensure_ascii=False))


def _not_found(path: str | Path) -> MaturityError:
    return MaturityError([Problem(str(path), "", "not found", "check the path")])


def cmd_rubric_show(ctx: Context, args: argparse.Namespace) -> int:
    from maturitytui.engine.rubric_text import rubric_json, rubric_text

    rubric = ctx.rubric()
    if args.format == "json":
        print(_json(rubric_json(rubric)))
    else:
        width = min(max(shutil.get_terminal_size((100, 24)).columns - 2, 60), 120)
        sys.stdout.write(inert(rubric_text(rubric, width)))  # every word of it may come from a plugin
    return 0


def cmd_rubric_validate(ctx: Context, args: argparse.Namespace) -> int:
    from maturitytui.engine.plugin_check import base_for, check_plugins, report_checks, validate_file

    path: Path = args.path
    if not path.exists():
        raise _not_found(path)
    if path.is_dir() and (path / "__init__.py").is_file():
        # A package (src/maturitytui_northfield), not a plugin folder: its hooks are in its __init__.py.
        path = path / "__init__.py"
    base = base_for(ctx.folders, ctx.rubric_id, path)
    if path.is_dir() or path.suffix == ".py":
        return report_checks(path, check_plugins(ctx.folders, ctx.rubric_id, path, base))
    summary, problems = validate_file(path, base)
    if problems:
        _print_problems(problems)
        print(inert(f"{path}: {counted(len(problems), 'problem')}"), file=sys.stderr)
        return 1
    print(inert(summary))
    return 0


def cmd_rubric_diff(ctx: Context, args: argparse.Namespace) -> int:
    from maturitytui.engine.rubric_diff import diff_json, diff_text, rubric_diff

    ctx.rubric()  # warns about any plugin left out, as every command does
    diff = rubric_diff(ctx.folders, ctx.rubric_id, assembly=ctx.assembly())
    if args.format == "json":
        print(_json(diff_json(diff)))
    else:
        sys.stdout.write(inert(diff_text(diff)))
    return 0


def cmd_plugins(ctx: Context, args: argparse.Namespace) -> int:
    assembly = ctx.assembly()
    rubric = assembly.rubric

    def status(record: PluginRecord) -> str:
        if record.switched_off:
            return "switched off"
        if record.error:
            return "LEFT OUT"
        return "active" if record.name in rubric.plugins else "loaded"

    if args.format == "json":
        rows = [
            {
                "name": record.name,
                "version": record.version,
                "status": status(record),
                "origin": record.origin,
                "changes": [{"title": title, "cite": cite} for title, cite in record.about],
                "contributions": list(record.contributions),
                "error": record.error,
            }
            for record in assembly.records
        ]
        print(
            _json(
                {
                    "plugins": rows,
                    "rubric": {
                        "id": rubric.id,
                        "version": rubric.version,
                        "hash": rubric.content_hash(),
                        "plugins": rubric.plugins,
                        "strands": len(rubric.strands()),
                    },
                }
            )
        )
    else:
        # Names, versions, origins and errors are a plugin's own words.
        for record in assembly.records:
            # An installed package's origin already ends with its version.
            version = "" if record.origin.endswith(f" {record.version}") else f"  version {record.version}"
            print(inert(f"{record.name}  [{status(record)}]  {record.origin}{version}"))
            for title, _cite in record.about:  # its sources are in the JSON: too long for a listing
                if title:
                    print(inert(f"    {title}"))
            for line in record.contributions:
                print(inert(f"    {line}"))
            if record.error:
                print(inert(f"    error: {record.error}"))
        print(inert(f"rubric in use: {rubric.id} version {rubric.version} ({len(rubric.strands())} strands)"))
    from maturitytui.engine.entry_points import unseen_plugins

    unseen = unseen_plugins()
    for warning in unseen:  # a package's name and groups are its own words
        print(inert(f"warning: {warning}"), file=sys.stderr)
    return 1 if assembly.errors or any(w.left_out for w in unseen) else 0


def cmd_plugin_new(ctx: Context, args: argparse.Namespace) -> int:
    from maturitytui.engine.scaffold import new_plugin

    made = new_plugin(args.name, args.dir)
    print(f"Made {made.root}:")
    for path in made.files:
        print(f"  {path.relative_to(made.root)}")
    print(f"Next: read {made.root / 'README.md'}; then `pip install -e {made.root}` and `maturitytui rubric diff`.")
    return 0


def _where(ctx: Context, summary: SessionSummary) -> str:
    """Where an unfinished review stands, by the step's title: never its stored id (``strand:jpd``)."""
    from maturitytui.model.steps import Step, step_title

    step = Step.parse(summary.position)
    if step is None:  # a review not begun yet, or a step a later version added
        return "in progress, at the start"
    try:
        return f"in progress at {step_title(ctx.rubric(), step)}"
    except KeyError:  # a strand or tool of another rubric: the review's own file has its strands' titles
        try:
            titles = {s.id: s.title for s in ctx.store.load(summary.path).rubric.strands}
        except MaturityError:
            titles = {}
        return f"in progress at {titles.get(step.id, 'a step the rubric in use does not have')}"


def cmd_sessions_list(ctx: Context, args: argparse.Namespace) -> int:
    listing = ctx.listing()
    try:
        listed = 0
        for s in listing.summaries():  # by partnership and date, a page at a time: a store of any size
            listed += 1
            status = "complete" if s.status == "complete" else _where(ctx, s)
            if s.copy_of:  # listed, so nothing is hidden, but said to be a copy: it is not a review of its own
                status = f"{s.copy_words} of {s.copy_of} (resolve it on the start screen); {status}"
            people = ", ".join(s.participants) or "no participants recorded"
            answered = f"{counted(len(s.stages), 'strand')} answered"
            print(inert(f"{day(s.review_date)}  {s.partnership}  {status}  {answered}  ({people})  {s.path}"))
        problems = listing.problems
    finally:
        listing.close()
    if not listed and not problems:
        print(inert(f"No reviews in {ctx.store.root} yet."))
    if problems:
        _unreadable(problems, sys.stderr)  # as every command names what it left out
        return 1
    return 0


def _unreadable(problems: Sequence[Problem], file: TextIO) -> None:
    """Name every file of the store that could not be read, with why: a review is never left out unseen."""
    if not problems:
        return
    print(f"{counted(len(problems), 'problem')} in files that could not be read (they were not changed):", file=file)
    for problem in problems:
        print(inert(f"  {problem}"), file=file)


def _read_store(ctx: Context) -> None:
    """For a command that shows what the store holds: its output is the reviews that could be read, and the files
    that could not are named on stderr beside it."""
    _unreadable(ctx.listed().problems, sys.stderr)


def _width() -> int:
    return min(max(shutil.get_terminal_size((100, 24)).columns, 60), 160)


def _load_all(ctx: Context, summaries: Iterable[SessionSummary]) -> list[Session]:
    """The whole reviews behind summaries; a file that cannot be read now is named and left out."""
    sessions = []
    for summary in summaries:
        try:
            sessions.append(ctx.store.load(summary.path))
        except MaturityError as exc:
            print(inert(f"warning: left out: {exc.problems[0]}"), file=sys.stderr)
    return sessions


def _named(ctx: Context, words: str, want: str, *, whole: bool = True) -> tuple[list[Session], Session | None]:
    """The reviews ``words`` names: every review of its partnership (or, not ``whole``, only the one review
    named), and the one review named (or None). A review file outside the store is read on its own.
    """
    from maturitytui.store.lookup import find_listed

    try:
        found = find_listed(ctx.listed(), words, want=want, store=str(ctx.store.root))
    except MaturityError:
        path = Path(words)
        if want != "partnership" and path.suffix == ".toml" and path.is_file():
            session = ctx.store.load(path)
            return [session], session
        # Words that look like a file (as find takes them) and name nothing: say the file is not there.
        if (path.suffix == ".toml" or os.sep in words) and not path.exists():
            raise _not_found(path) from None
        raise
    wanted = found.summaries if whole or found.review is None else [found.review]
    sessions = _load_all(ctx, wanted)
    review = next((s for s in sessions if found.review is not None and s.id == found.review.id), None)
    if found.review is not None and review is None:
        raise MaturityError(
            [
                Problem(
                    str(found.review.path),
                    "",
                    "this review cannot be read now",
                    "run `maturitytui sessions list` to see why",
                )
            ]
        )
    return sessions, review


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    from maturitytui.analysis.history import history_of
    from maturitytui.reports.history_text import history_text

    if args.all == bool(args.partnership):
        print("error: name a partnership, or give --all for every partnership (not both)", file=sys.stderr)
        return 2
    if args.all:
        from maturitytui.analysis.alliance import every_line
        from maturitytui.reports.history_text import alliance_lines

        listing = ctx.listing(deep=False)  # every partnership at a glance: a folder's stamp is enough
        try:
            _unreadable(listing.problems, sys.stderr)
            for line in alliance_lines(every_line(listing), _width(), listing.longest_name()):
                sys.stdout.write(inert(line) + "\n")  # a line at a time: a store of any size, in bounded memory
        finally:
            listing.close()
        return 0
    _read_store(ctx)
    sessions, _ = _named(ctx, args.partnership, "partnership")
    rubric = ctx.rubric()
    sys.stdout.write(inert(history_text(rubric, history_of(rubric, sessions), _width())))
    return 0


def cmd_compare(ctx: Context, args: argparse.Namespace) -> int:
    from maturitytui.analysis.compare import compare
    from maturitytui.reports.history_text import compare_text
    from maturitytui.store.names import partnership_key

    _read_store(ctx)
    # Only the two reviews are read, not the rest of their partnership.
    (_, a), (_, b) = (_named(ctx, words, "review", whole=False) for words in (args.first, args.second))
    # Asked for a review, find names one or raises.
    assert a is not None
    assert b is not None
    if a.id == b.id and partnership_key(a.partnership) == partnership_key(b.partnership):
        print(
            inert(f"error: '{args.first}' and '{args.second}' are the same review; name two different reviews"),
            file=sys.stderr,
        )
        return 1
    if partnership_key(a.partnership) != partnership_key(b.partnership):
        print(
            inert(
                f"error: '{args.first}' and '{args.second}' are reviews of different partnerships "
                f"({a.partnership}; {b.partnership})"
            ),
            file=sys.stderr,
        )
        return 1
    rubric = ctx.rubric()
    sys.stdout.write(inert(compare_text(compare(rubric, a, b), rubric, _width())))
    return 0


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    from maturitytui.analysis.history import history_of
    from maturitytui.reports.formats import render_report, write_report

    _read_store(ctx)
    sessions, review = _named(ctx, args.target, "either")
    rubric = ctx.rubric()
    history = history_of(rubric, sessions)
    text = render_report(rubric, history, args.format, review=review)
    if args.output is None:
        sys.stdout.write(inert(text) if REPORT_FORMATS[args.format].plain_text else _escaped(text))
        return 0
    write_report(args.output, text, args.format, store=ctx.store.root, replace=args.force)
    what = f"the review of {day(review.review_date)}" if review else counted(len(sessions), "review")
    print(inert(f"Wrote {args.output} ({args.format}): {history.partnership}, {what}"))
    return 0


def cmd_sync(ctx: Context, args: argparse.Namespace) -> int:
    from maturitytui.store.sync import share, sync

    interactive = sys.stdin.isatty()  # git may ask for a password on a terminal, never in a pipe
    if args.init:
        report = share(ctx.store.root, args.init, interactive=interactive)
    else:
        report = sync(ctx.store.root, interactive=interactive)
    for line in report.lines():
        print(inert(line), file=sys.stdout if report.ok else sys.stderr)  # names from files, words from git
    return 0 if report.ok else 1


def cmd_review(ctx: Context, args: argparse.Namespace) -> int:
    """The walkthrough on the partnership the words name, found as `history` finds one; a new one if none."""
    from maturitytui.store.lookup import partnership_to_review

    name = partnership_to_review(ctx.listed(), args.partnership)
    if name is None:
        name = args.partnership
        print(inert(f"no partnership called {name} yet: starting a new one"), file=sys.stderr)
    return run_app(ctx, partnership=name)


NO_TERMINAL = (
    "maturitytui needs a terminal: run it in one, or use a command such as `maturitytui history` "
    "or `maturitytui report`"
)
READS_THE_STORE = {"history", "compare", "report", "sessions"}
"""Commands that only read the store: one that is not there is a mistyped path, not an empty store."""


def _in_a_terminal() -> bool:
    """Whether the app has a terminal to draw on and read keys from.

    Without one (``< /dev/null``, nohup, a pipe) Textual would spin on a closed input for ever. Under
    Textual's web driver (textual-serve sets TEXTUAL_DRIVER) the browser is the terminal, through pipes.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def _check_store(ctx: Context, args: argparse.Namespace) -> None:
    """A ``--sessions`` folder a reading command is given must be there; commands that start reviews make it."""
    root = ctx.store.root
    if args.command in READS_THE_STORE and "sessions" in args and not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise MaturityError(
            [
                Problem(
                    str(root),
                    "",
                    f"the session store given with --sessions {what}",
                    "check the path; `maturitytui --sessions DIR review NAME` starts a store there",
                )
            ]
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(args)
    handlers = {
        ("rubric", "show"): cmd_rubric_show,
        ("rubric", "validate"): cmd_rubric_validate,
        ("rubric", "diff"): cmd_rubric_diff,
        ("plugins", None): cmd_plugins,
        ("plugin", "new"): cmd_plugin_new,
        ("sessions", "list"): cmd_sessions_list,
        ("history", None): cmd_history,
        ("compare", None): cmd_compare,
        ("report", None): cmd_report,
        ("review", None): cmd_review,
        ("sync", None): cmd_sync,
        (None, None): lambda ctx, args: run_app(ctx),
    }
    key = (
        args.command,
        getattr(args, "rubric_command", None)
        or getattr(args, "sessions_command", None)
        or getattr(args, "plugin_command", None),
    )
    try:
        if args.command in (None, "review") and not _in_a_terminal():
            print(f"error: {NO_TERMINAL}", file=sys.stderr)
            return 2
        _check_store(ctx, args)
        if "rubric" in args and args.command != "plugin":
            # An unknown rubric is refused before anything starts, as the app refuses it (only `plugin new`
            # has no use for one). Assembled once: the command goes on with this assembly.
            ctx.assembly()
        if args.command == "serve":
            from maturitytui.cli.serve import run_serve

            return run_serve(ctx, args)
        return handlers[key](ctx, args)
    except MaturityError as exc:
        _print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`maturitytui history --all | head`): not an error of ours. Python would
        # complain again when it flushes stdout on the way out, so the rest is sent nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def run_app(ctx: Context, partnership: str | None = None) -> int:
    """The walkthrough. Textual is imported only here, so the other commands start fast.

    The rubric is assembled by the app after its first screen shows, so the program opens at once.
    """
    from maturitytui.ui.app import MaturityApp

    app = MaturityApp(None, ctx.store, partnership=partnership, assemble=ctx.assembly)
    app.run()
    return app.return_code or 0
