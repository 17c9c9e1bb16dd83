"""``maturitytui serve``: the room's web pages for participants' phones and the projector, and the
facilitator's terminal, from one process on one port.

aiohttp serves it all. It was chosen over Starlette and uvicorn because
textual-serve, which runs the facilitator's terminal in a browser, is built on
it: one asynchronous process, one port and one set of dependencies serve the
pages of every participant (no process per person) and the one terminal the
facilitator's code opens. Rooms live in the store's files (``room/layout.py``),
written by the facilitator's program, wherever it runs.
"""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING

from maturitytui.room.state import new_code, spoken

if TYPE_CHECKING:
    import argparse

    from maturitytui.cli.context import Context

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def program_command(ctx: Context) -> str:
    """The command the facilitator's terminal runs: this Python, this store, these plugins and rubric."""
    parts = [sys.executable, "-m", "maturitytui", "--sessions", str(ctx.store.root.resolve())]
    for folder in ctx.folders:
        parts += ["--plugins", str(folder)]
    if ctx.rubric_id:
        parts += ["--rubric", ctx.rubric_id]
    return shlex.join(parts)


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
    from aiohttp import web

    from maturitytui.cli.terminal import FacilitatorTerminal
    from maturitytui.room.guest import code_digest
    from maturitytui.web.site import Site

    code = new_code() + new_code()  # it opens the whole store: far longer than a room's code
    address = (args.public_url or public_address(args.host, args.port)).rstrip("/")
    site = Site(
        ctx.store.root,
        ctx.assembly().rubric,
        ctx.store.load,
        facilitator_digest=code_digest(code),
        address=address,
        terminal=True,
    )
    app = site.app()
    FacilitatorTerminal(program_command(ctx), site.facilitating).add_to(app)
    print(f"maturitytui for the room at {address}")
    print(f"Facilitator: open it and type the code {spoken(code[:8])} {spoken(code[8:])} (keep it to yourself)")
    print("  for the projector page and the program in the browser, or run maturitytui here as usual.")
    print("  Start a facilitated review (f on the start screen) to get the room's join code.")
    print("Participants: open the same address on their own devices and type the room's join code.")
    if args.host not in LOOPBACK:
        print(
            f"Listening on {args.host}: anyone who can reach this computer can open the address "
            "(they need a code to see anything). Use it on the room's network only."
        )
    print("Ctrl+C stops serving; every answer is already saved.")
    sys.stdout.flush()
    # A phone that goes away ends its handler at once (so it stops counting as connected), and Ctrl+C does not
    # wait on connections that the server has already told to end.
    web.run_app(
        app,
        host=args.host,
        port=args.port,
        print=None,
        access_log=None,
        handle_signals=True,
        handler_cancellation=True,
        shutdown_timeout=5,
    )
    return 0
