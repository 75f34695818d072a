"""A quiet local HTTP/1.1 server for a built site, with the MIME types Pyodide needs."""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# {URL path such as "/bench-bare.html": (content type, body)}: answered from memory, so a
# served site folder is never written to.
Extra = Mapping[str, tuple[str, bytes]]
# {URL path of a site file: seconds}: sent in TRICKLE_CHUNKS pieces spread over that long, as a
# slow line that keeps delivering would.
Slow = Mapping[str, float]
TRICKLE_CHUNKS = 12


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

    def __init__(self, *args: object, extra: Extra, slow: Slow, **kwargs: object) -> None:
        self.extra = extra
        self.slow = slow
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path in self.slow:
            self._trickle(Path(self.directory) / path.lstrip("/"), self.slow[path])
            return
        answer = self.extra.get(path)
        if answer is None:
            super().do_GET()
            return
        content_type, body = answer
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, file: Path, seconds: float) -> None:
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        size = -(-len(body) // TRICKLE_CHUNKS)
        for start in range(0, len(body), size):
            self.wfile.write(body[start : start + size])
            self.wfile.flush()
            time.sleep(seconds / TRICKLE_CHUNKS)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that leaves a page before it has loaded drops its connections: not an error
        # of the server, and its traceback only broke into pytest's progress line.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def serve_dir(
    path: Path, extra: Extra | None = None, slow: Slow | None = None
) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``path`` on 127.0.0.1 (a free port) in a thread; return (server, base URL).

    Stop it with ``server.shutdown()`` (``serving`` does that for you)."""
    handler = functools.partial(
        _Handler, directory=str(path), extra=dict(extra or {}), slow=dict(slow or {})
    )
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextmanager
def serving(path: Path, extra: Extra | None = None, slow: Slow | None = None) -> Iterator[str]:
    """``serve_dir`` as a context manager: yields the base URL, stops the server after."""
    server, url = serve_dir(path, extra, slow)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
