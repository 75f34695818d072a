"""A quiet local HTTP server for a built site, with the MIME types Pyodide needs."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",  # streaming wasm instantiation needs it
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


def serve_dir(path: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``path`` on 127.0.0.1 (a free port) in a thread; return (server, base URL)."""
    handler = functools.partial(_Handler, directory=str(path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
