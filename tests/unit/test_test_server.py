"""The tests' local server (tests/support/server.py) stays quiet when a browser drops a
connection, as one does when it leaves a page before it has loaded."""

from __future__ import annotations

import socket
import struct
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.server import serving


def _reset_while_reading(url: str) -> None:
    """Connect, then close with a reset (linger 0) while the server waits for the request."""
    port = int(url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        time.sleep(0.05)


def test_a_dropped_connection_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    with serving(tmp_path) as url:
        before = threading.active_count()
        for _ in range(3):
            _reset_while_reading(url)
        # The server accepts in order: once a later request is answered, each reset connection
        # has its handler thread, which ends once it has met the reset.
        with urllib.request.urlopen(url + "index.html", timeout=5) as response:
            assert response.read() == b"<p>ok</p>"
        deadline = time.monotonic() + 5
        while threading.active_count() > before and time.monotonic() < deadline:
            time.sleep(0.01)
        assert threading.active_count() == before
    assert capsys.readouterr().err == ""
