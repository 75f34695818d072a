"""A quiet local HTTP/1.1 server for a built site, with the MIME types Pyodide needs."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# {URL path such as "/bench-bare.html": (content type, body)}: answered from memory, so a
# served site folder is never written to.
Extra = Mapping[str, tuple[str, bytes]]


class _Handler(SimpleHTTPRequestHandler):
    # Keep-alive, as any real server would.
    protocol_version = "HTTP/1.1"
    extensions_map = {  # noqa: RUF012 (the base class declares it as a class attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",  # streaming wasm compilation needs it
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def __init__(self, *args: object, extra: Extra, **kwargs: object) -> None:
        self.extra = extra
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        answer = self.extra.get(self.path.split("?", 1)[0])
        if answer is None:
            super().do_GET()
            return
        content_type, body = answer
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


def serve_dir(path: Path, extra: Extra | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``path`` on 127.0.0.1 (a free port) in a thread; return (server, base URL).

    Stop it with ``server.shutdown()`` (``serving`` does that for you)."""
    handler = functools.partial(_Handler, directory=str(path), extra=dict(extra or {}))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextmanager
def serving(path: Path, extra: Extra | None = None) -> Iterator[str]:
    """``serve_dir`` as a context manager: yields the base URL, stops the server after."""
    server, url = serve_dir(path, extra)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
