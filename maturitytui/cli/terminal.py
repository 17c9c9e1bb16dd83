"""The facilitator's terminal in a browser, at /terminal: the whole program, for the facilitator's code only.

textual-serve's ``AppService`` runs the program for the browser's terminal.
No process starts until a browser that the facilitator's code let in opens
the terminal's connection, and the size a browser asks for is kept within a
real screen's, so nothing anyone sends before the code can make the server
spend memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from pathlib import Path

import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from yarl import URL

MAX_COLUMNS, MAX_ROWS = 400, 200
"""The largest terminal a browser may ask for (a 4K screen at a small font is well within it)."""
TERMINALS = 4
"""Programs the facilitator may have open at once (a laptop and the projector's browser, say)."""


def _size(value: object, default: int, most: int) -> int:
    try:
        return max(10, min(most, int(str(value))))
    except ValueError:
        return default


class FacilitatorTerminal:
    """Serves the program to the facilitator's browser; ``allowed`` says whether a request carries their cookie."""

    def __init__(self, command: str, allowed: Callable[[web.Request], bool]) -> None:
        import textual_serve

        self.command = command
        self.allowed = allowed
        self.downloads = DownloadManager()
        self.running = 0
        self.static = Path(textual_serve.__file__).parent / "static"
        self.page = jinja2.Environment(
            loader=jinja2.FileSystemLoader(Path(__file__).parent.parent / "web" / "templates"), autoescape=True
        ).get_template("terminal.html")

    def add_to(self, app: web.Application) -> None:
        app.add_routes(
            [
                web.get("/terminal", self.index),
                web.get("/terminal/ws", self.websocket),
                web.get("/download/{key}", self.download),
                web.static("/terminal/static", self.static),
            ]
        )

    async def index(self, request: web.Request) -> web.StreamResponse:
        if not self.allowed(request):
            raise web.HTTPSeeOther("/")
        scheme = "wss" if request.secure else "ws"
        return web.Response(
            text=self.page.render(websocket=f"{scheme}://{request.host}/terminal/ws"),
            content_type="text/html",
            headers={"Cache-Control": "no-store"},
        )

    async def download(self, request: web.Request) -> web.StreamResponse:
        if not self.allowed(request):
            raise web.HTTPForbidden()
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="That file is no longer on offer: print it again") from None
        response = web.StreamResponse()
        charset = f"; charset={meta.encoding}" if meta.encoding else ""
        response.headers["Content-Type"] = meta.mime_type + charset
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = f"{disposition}; filename={json.dumps(meta.file_name)}"
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        # A page from another site, or another port of this computer (the cookie would go with it), is refused.
        origin = request.headers.get("Origin")
        if not self.allowed(request) or (origin is not None and URL(origin).authority != request.host):
            raise web.HTTPForbidden()
        if self.running >= TERMINALS:
            raise web.HTTPServiceUnavailable(text="too many terminals open: close one first")
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        await socket.prepare(request)

        async def close() -> None:
            await socket.close()

        service = AppService(
            self.command,
            write_bytes=socket.send_bytes,
            write_str=socket.send_str,
            close=close,
            download_manager=self.downloads,
        )
        self.running += 1
        try:
            width = _size(request.query.get("width"), 80, MAX_COLUMNS)
            height = _size(request.query.get("height"), 24, MAX_ROWS)
            await service.start(width, height)
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                with contextlib.suppress(ValueError, TypeError, KeyError, IndexError):
                    kind, data = json.loads(message.data)[:2]
                    if kind == "stdin" and isinstance(data, str):
                        await service.send_bytes(data.encode("utf-8"))
                    elif kind == "resize" and isinstance(data, dict):
                        await service.set_terminal_size(
                            _size(data["width"], 80, MAX_COLUMNS), _size(data["height"], 24, MAX_ROWS)
                        )
                    elif kind == "ping":
                        await socket.send_json(["pong", data])
                    elif kind == "blur":
                        await service.blur()
                    elif kind == "focus":
                        await service.focus()
        except asyncio.CancelledError:
            await socket.close()
        finally:
            self.running -= 1
            await service.stop()
        return socket
