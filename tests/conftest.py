"""Shared fixtures: the built site, a local HTTP server for it, and Debian's Chromium.

`make test` builds the site first and points ECONSEC_SITE at it; run alone, pytest builds the
site once into a temporary folder. Browser tests never skip: without Chromium they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from localserver import serve_dir
from pagelog import RequestLog

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-background-networking",  # or Chromium tries the (closed) network at start
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = os.environ.get("ECONSEC_SITE")
    if env:
        path = Path(env)
        assert (path / "index.html").is_file(), f"ECONSEC_SITE={env} holds no built site"
        return path
    from econsec.build.builder import build_site

    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """http:// URL of the built site's root (Japanese); English is under en/."""
    server, url = serve_dir(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    assert exe, "Debian's chromium is required for browser tests (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def context(browser, base_url: str, request: pytest.FixtureRequest):
    """A fresh browser context (empty storage) that records every request."""
    ctx = browser.new_context(accept_downloads=True, locale="ja-JP")
    netloc = urlparse(base_url).netloc
    log = RequestLog(allowed_prefixes=(f"http://{netloc}/", "file:", "data:", "blob:"))
    ctx.on("request", lambda req: log.urls.append(req.url))
    ctx.request_log = log
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A page in a fresh context; `page.request_log.outside()` lists requests off the site."""
    pg = context.new_page()
    pg.request_log = context.request_log
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    return pg
