"""``maturitytui serve``: the program in a browser, for a room of participants on their own devices.

textual-serve starts one copy of ``maturitytui join`` for each browser that
connects. Every copy reads and writes the same session store, so the room's
state goes through the room's files (``room/layout.py``): never through memory shared
between programs.
"""

from __future__ import annotations

import os
import shlex
import sys
from typing import TYPE_CHECKING

from maturitytui.room.state import new_code, spoken

if TYPE_CHECKING:
    import argparse

    from maturitytui.cli.context import Context

FACILITATOR_DIGEST = "MATURITYTUI_FACILITATOR_DIGEST"
"""Set by ``serve`` for the programs it starts: the digest of the facilitator's code, never the code."""

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def join_command(ctx: Context) -> str:
    """The command textual-serve runs per browser: this Python, this store, these plugins and rubric."""
    parts = [sys.executable, "-m", "maturitytui", "--sessions", str(ctx.store.root.resolve())]
    for folder in ctx.folders:
        parts += ["--plugins", str(folder)]
    if ctx.rubric_id:
        parts += ["--rubric", ctx.rubric_id]
    return shlex.join([*parts, "join"])


def public_address(host: str, port: int) -> str:
    """The address participants type: listening on every interface, this computer's address on the room's network."""
    if host in ("0.0.0.0", "::", ""):
        host = _network_address()
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def _network_address() -> str:
    import socket

    # Connecting a UDP socket sends nothing; it only asks the system which address it would use.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address: str = probe.getsockname()[0]  # (host, port) for an AF_INET socket
            return address
        except OSError:
            return "127.0.0.1"


def run_serve(ctx: Context, args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    from maturitytui.room.guest import code_digest

    code = new_code() + new_code()  # it opens the whole store: far longer than a room's code
    os.environ[FACILITATOR_DIGEST] = code_digest(code)
    address = (args.public_url or public_address(args.host, args.port)).rstrip("/")
    print(f"maturitytui in a browser at {address}")
    print(f"Facilitator: open it and type the code {spoken(code[:8])} {spoken(code[8:])} (keep it to yourself),")
    print("  or run maturitytui here as usual. Start a facilitated review (f) to get the room's join code.")
    print("Participants: open the same address and type the room's join code.")
    if args.host not in LOOPBACK:
        print(
            f"Listening on {args.host}: anyone who can reach this computer can open the address "
            "(they need a code to see anything). Use it on the room's network only."
        )
    print("Ctrl+C stops serving; every answer is already saved.")
    sys.stdout.flush()
    server = Server(join_command(ctx), host=args.host, port=args.port, title="maturitytui", public_url=address)
    server.serve()
    return 0


def run_join(ctx: Context) -> int:
    from maturitytui.ui.served import ServedApp

    app = ServedApp(ctx.store, assemble=ctx.assembly, facilitator_digest=os.environ.get(FACILITATOR_DIGEST, ""))
    app.run()
    return app.return_code or 0
