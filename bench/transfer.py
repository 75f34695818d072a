"""Bytes on the wire for a first visit to a self-check, served by nginx, with and without
compression (the precompressed copies of econsec.build.precompress, deploy/nginx-site.conf).

    .venv/bin/python bench/transfer.py --site site

A fresh Chromium context opens the Japanese self-check through nginx with the shipped
configuration and waits until the engine is ready; every finished request's encoded body and
headers are added up (the page, its scripts and styles, the worker, the Pyodide runtime, the
engine wheel and the snapshot). "without" sends `Accept-Encoding: identity`, as a server without
compression would answer. Not one of the timed figures: bytes do not depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.browser import chromium
from tests.support.nginx import nginx

PAGE = "checks/tech-leakage-ch1.html"
READY = '[data-checklist][data-engine="ready"]'


def first_visit(browser: Any, url: str, *, compressed: bool) -> dict[str, int]:
    """{"requests", "bytes", "snapshot_bytes"} for one cold visit of ``url``."""
    headers = {} if compressed else {"Accept-Encoding": "identity"}
    ctx = browser.new_context(locale="ja-JP", extra_http_headers=headers)
    finished: list[Any] = []
    ctx.on("requestfinished", lambda request: finished.append(request))
    try:
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_selector(READY, timeout=120_000)
        page.wait_for_load_state("networkidle")
        total = snapshot = 0
        for request in finished:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            total += size
            if "/snapshot/" in request.url:
                snapshot += size
        return {"requests": len(finished), "bytes": total, "snapshot_bytes": snapshot}
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (default: site/)")
    args = parser.parse_args(argv)
    with nginx(Path(args.site)) as base, chromium() as browser:
        rows = {
            label: first_visit(browser, base + PAGE, compressed=compressed)
            for label, compressed in (("without compression", False), ("with compression", True))
        }
    plain, packed = rows["without compression"]["bytes"], rows["with compression"]["bytes"]
    for label, row in rows.items():
        print(
            f"{label:20} {row['bytes'] / 1e6:6.2f} MB in {row['requests']} requests"
            f" (snapshot {row['snapshot_bytes'] / 1e6:.2f} MB)"
        )
    print(f"ratio with/without   {packed / plain:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
