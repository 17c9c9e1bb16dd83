"""``maturitytui serve``: the program in a browser, for a room of participants on their own devices.

textual-serve starts one copy of ``maturitytui join`` for each browser that
connects. Every copy reads and writes the same session store, so the room's
state goes through the files of ``room.py``: never through memory shared
between programs.
"""

from __future__ import annotations

import os
import shlex
import sys
from typing import TYPE_CHECKING

from .room import new_code, spoken

if TYPE_CHECKING:
    import argparse

FACILITATOR_DIGEST = "MATURITYTUI_FACILITATOR_DIGEST"
"""Set by ``serve`` for the programs it starts: the digest of the facilitator's code, never the code."""

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def join_command(ctx) -> str:
    """The command textual-serve runs per browser: this Python, this store, these plugins and rubric."""
    parts = [sys.executable, "-m", "maturitytui", "--sessions", str(ctx.store.root.resolve())]
    for folder in ctx.folders:
        parts += ["--plugins", str(folder)]
    if ctx.rubric_id:
        parts += ["--rubric", ctx.rubric_id]
    return shlex.join([*parts, "join"])


def run_serve(ctx, args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    from .ui.served import code_digest

    code = new_code()
    os.environ[FACILITATOR_DIGEST] = code_digest(code)
    address = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}"
    print(f"maturitytui in a browser at {address}")
    print(f"Facilitator: open it and type the code {spoken(code)} (keep it to yourself),")
    print("  or run maturitytui here as usual. Start a facilitated review (f) to get the room's join code.")
    print("Participants: open the same address and type the room's join code.")
    if args.host not in LOOPBACK:
        print(f"Listening on {args.host}: anyone who can reach this computer can open the address "
              "(they need a code to see anything). Use it on the room's network only.")
    print("Ctrl+C stops serving; every answer is already saved.")
    sys.stdout.flush()
    server = Server(join_command(ctx), host=args.host, port=args.port, title="maturitytui")
    server.serve()
    return 0


def run_join(ctx) -> int:
    from .ui.served import ServedApp

    app = ServedApp(ctx.store, assemble=ctx.assembly, facilitator_digest=os.environ.get(FACILITATOR_DIGEST, ""))
    app.run()
    return app.return_code or 0
