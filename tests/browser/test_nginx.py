"""The published site behind nginx with the shipped configuration (deploy/nginx-site.conf).

Starts Debian's nginx on a loopback port with that file (root and port replaced), checks types,
headers, caching and precompressed delivery with plain HTTP requests, then runs a self-check
through it in Chromium. `.ci/run` installs nginx-light and the brotli module: nothing skips.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from econsec.build.runtime import pyodide_dest
from tests.support.nginx import nginx

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = pyodide_dest(ROOT).as_posix()  # assets/econsec/pyodide/<version>
SCORE = '[data-checklist][data-engine="ready"] [data-result="score"][data-value]'


@pytest.fixture(scope="module")
def nginx_url(site_dir: Path) -> Iterator[str]:
    with nginx(site_dir) as url:
        yield url


def get(url: str, encoding: str | None = None) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding or "identity"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def test_pages_carry_the_security_headers_and_revalidate(nginx_url: str) -> None:
    for path in ("", "en/index.html", "checks/tech-leakage-ch1.html"):
        headers, body = get(nginx_url + path)
        assert headers["content-type"] == "text/html; charset=utf-8", path
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-cache"
        assert b'http-equiv="Content-Security-Policy"' in body  # the page's own policy stays


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        (f"{RUNTIME}/pyodide.asm.wasm", "application/wasm"),
        (f"{RUNTIME}/pyodide.asm.mjs", "text/javascript"),
        (f"{RUNTIME}/pyodide-lock.json", "application/json"),
        ("search/search_index.js", "application/javascript"),
    ],
)
def test_precompressed_delivery(
    nginx_url: str, site_dir: Path, path: str, content_type: str
) -> None:
    raw = (site_dir / path).read_bytes()
    for encoding, suffix in (("br", ".br"), ("gzip", ".gz"), (None, "")):
        headers, body = get(nginx_url + path, encoding)
        assert headers["content-type"].split(";")[0] == content_type, (path, encoding)
        assert headers.get("content-encoding") == encoding, (path, encoding)
        assert body == (site_dir / (path + suffix)).read_bytes(), (path, encoding)
        assert "accept-encoding" in headers.get("vary", "").lower(), path
    assert len((site_dir / (path + ".br")).read_bytes()) < 0.9 * len(raw)


def test_content_addressed_assets_are_immutable(nginx_url: str, site_dir: Path) -> None:
    snapshots = sorted((site_dir / "assets/econsec/snapshot").glob("*.bin.gz"))
    assert snapshots, "the build made no snapshot"
    rel = snapshots[0].relative_to(site_dir).as_posix()
    headers, body = get(nginx_url + rel, "gzip, br")
    assert "content-encoding" not in headers  # gzip data the page unpacks itself
    assert headers["content-type"] == "application/octet-stream"
    assert "immutable" in headers["cache-control"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert body == snapshots[0].read_bytes()
    bundle = next((site_dir / "assets/javascripts").glob("bundle.*.min.js"))
    headers, _ = get(nginx_url + bundle.relative_to(site_dir).as_posix())
    assert "immutable" in headers["cache-control"]
    assert headers["x-content-type-options"] == "nosniff"
    # The runtime's folder is named for its version: immutable too, types and encodings kept.
    for name, kind in (
        ("pyodide.asm.wasm", "application/wasm"),
        ("pyodide.asm.mjs", "text/javascript"),
    ):
        headers, body = get(f"{nginx_url}{RUNTIME}/{name}", "br")
        assert "immutable" in headers["cache-control"], name
        assert headers["content-type"].split(";")[0] == kind
        assert headers.get("content-encoding") == "br"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    # Unversioned names stay revalidated.
    headers, _ = get(nginx_url + "assets/econsec/engine-bridge.js")
    assert headers["cache-control"] == "no-cache"


def test_a_self_check_scores_through_nginx(browser, nginx_url: str) -> None:
    ctx = browser.new_context(locale="ja-JP")
    try:
        page = ctx.new_page()
        requests: list[str] = []
        ctx.on("request", lambda req: requests.append(req.url))
        violations: list[str] = []
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(nginx_url + "checks/tech-leakage-ch1.html")
        page.wait_for_selector('[data-checklist][data-engine="ready"]', timeout=90_000)
        first = page.locator('[data-checklist] [data-item] input[type="radio"][value="yes"]').first
        first.check()
        page.wait_for_selector(SCORE, timeout=30_000)
        assert page.locator('[data-result="score"]').first.get_attribute("data-value") == "100"
        assert not violations, violations
        assert all(u.startswith(nginx_url) or u.startswith(("data:", "blob:")) for u in requests)
    finally:
        ctx.close()
