"""The engine snapshot is only a speed-up: whatever is wrong with it, the engine still starts.

The healthy path (the snapshot used, fetched once) is checked in test_engine_bridge.py. Here a
copy of the built site gets a damaged, missing or foreign snapshot; the page must fall back to the
normal start, say why in ``EconsecEngine.snapshot``, score correctly and raise no page error.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from runtime_helpers import READY_TIMEOUT, wait_engine

from tests.support.browser import new_logged_context, new_logged_page
from tests.support.server import serve_dir

pytestmark = pytest.mark.browser

PAGE = "checks/tech-leakage-ch1.html"
SNAPSHOTS = Path("assets/econsec/snapshot")
META = re.compile(r'<meta name="econsec-snapshot" content="([0-9a-f]+)">')


def _snapshot(site: Path) -> Path:
    (found,) = (site / SNAPSHOTS).glob("*.bin.gz")
    return found


def _not_gzip(site: Path) -> None:
    _snapshot(site).write_bytes(b"this is not a gzip stream" * 100)


def _not_a_snapshot(site: Path) -> None:
    _snapshot(site).write_bytes(gzip.compress(bytes(1 << 20), mtime=0))


def _missing(site: Path) -> None:
    _snapshot(site).unlink()


def _foreign(site: Path) -> None:
    """A real snapshot under another key: the worker reads the key inside and refuses it."""
    snap = _snapshot(site)
    key = snap.name.split(".")[0]
    other = "0" * len(key)
    snap.rename(snap.with_name(snap.name.replace(key, other)))
    for page in (site / PAGE, site / "en" / PAGE):
        html = page.read_text(encoding="utf-8")
        assert META.search(html).group(1) == key
        page.write_text(html.replace(f'content="{key}"', f'content="{other}"'), encoding="utf-8")


def _open_ready(ctx, url: str):
    """The checklist page of ``url`` in ``ctx``, once its engine is ready."""
    page = new_logged_page(ctx)
    page.goto(url + PAGE)
    page.wait_for_selector(
        '[data-checklist][data-engine="ready"]', state="attached", timeout=READY_TIMEOUT
    )
    wait_engine(page)
    return page


def _scores(page) -> None:
    """Answering the first item "yes" gives the engine's score 100."""
    page.locator('[data-checklist] [data-item] input[type="radio"][value="yes"]').first.check()
    page.wait_for_selector(
        '[data-result="score"][data-value="100"]', state="attached", timeout=30_000
    )


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (_not_gzip, "could not be read"),
        (_not_a_snapshot, "magic number"),
        (_missing, "HTTP 404"),
        (_foreign, "not 0000"),
    ],
    ids=["not-gzip", "not-a-snapshot", "missing", "foreign"],
)
def test_a_bad_snapshot_falls_back_to_the_normal_start(
    browser, site_dir: Path, tmp_path: Path, damage, why: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    damage(site)
    server, url = serve_dir(site)
    ctx = new_logged_context(browser, (url, "data:", "blob:"))
    try:
        page = _open_ready(ctx, url)
        state = page.evaluate("EconsecEngine.snapshot")
        assert state.startswith("fallback: ") and why in state, state
        _scores(page)
        assert page.request_log.outside() == []
        assert page.js_errors == []
    finally:
        ctx.close()
        server.shutdown()


def test_save_data_starts_without_the_snapshot(browser, base_url: str) -> None:
    """A browser that asks to save data does not download the 6.3 MB snapshot."""
    ctx = new_logged_context(browser, (base_url, "data:", "blob:"))
    ctx.add_init_script(
        "Object.defineProperty(navigator, 'connection',"
        " {value: {saveData: true, downlink: 10, effectiveType: '4g'}, configurable: true});"
    )
    try:
        page = _open_ready(ctx, base_url)
        assert page.evaluate("EconsecEngine.snapshot") == "none: save-data"
        assert not [u for u in page.request_log.urls if "/snapshot/" in u]
        _scores(page)
        assert page.js_errors == []
    finally:
        ctx.close()
