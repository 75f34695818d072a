"""Helpers for the engine-bridge and offline-bundle browser tests (and anyone else's).

Contexts that log requests, Chromium and the local server: tests/support/ (bench/ uses them too).

Kept out of conftest.py on purpose: with two conftest.py files (tests/ and tests/browser/),
``from conftest import …`` depends on which one pytest imported last.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

READY_TIMEOUT = 90_000  # ms; the bridge itself gives up after 60 s

_DEF_RE = re.compile(
    r'<script data-checklist-def="" type="application/json">(.*?)</script>', re.DOTALL
)


def checklist_definition(html_file: Path) -> dict:
    """The definition JSON a built checklist page embeds (what the browser engine receives)."""
    match = _DEF_RE.search(html_file.read_text(encoding="utf-8"))
    assert match, f"{html_file} embeds no checklist definition"
    return json.loads(match.group(1))


def checklist_pages(site_dir: Path) -> dict[str, Path]:
    """{checklist id: built Japanese page} for every page under checks/ with a checklist block."""
    pages = {}
    for html in sorted((site_dir / "checks").glob("*.html")):
        if "data-checklist-def" in html.read_text(encoding="utf-8"):
            pages[checklist_definition(html)["id"]] = html
    return pages


def wait_engine(page, expect: str = "ready", timeout: float = READY_TIMEOUT) -> None:
    """Wait until window.EconsecEngine leaves "loading"; assert it reached ``expect``."""
    page.wait_for_function(
        "() => window.EconsecEngine && window.EconsecEngine.state !== 'loading'", timeout=timeout
    )
    state, error = page.evaluate("[EconsecEngine.state, EconsecEngine.error]")
    assert state == expect, f"engine state {state}: {error}"
