"""Shared fixtures: the built site, a local HTTP server for it, and Debian's Chromium.

`make test` builds the site first and points ECONSEC_SITE at it; run alone, pytest builds the
site once into a temporary folder. The offline bundle (``bundle_zip``) is made once a session, or
ECONSEC_BUNDLE names the zip to test. Browser tests never skip: without Chromium they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.browser import (
    SHELL,
    launched,
    new_logged_context,
    new_logged_page,
    site_prefixes,
)
from tests.support.once import made_once, shared_root
from tests.support.server import serve_dir

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis's per-example deadline (200 ms) measures the wall clock, which a busy machine (two
# test workers, a browser starting) stretches: it failed correct code. Where time is the point,
# the tests measure CPU time themselves (tests/unit/test_import_linear.py).
settings.register_profile("econsec", deadline=None)
settings.load_profile("econsec")


@pytest.fixture(scope="session")
def shared_tmp(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A temporary folder shared by every test worker of this run (tests/support/once.py)."""
    return shared_root(tmp_path_factory, worker_id)


@pytest.fixture(scope="session")
def site_dir(shared_tmp: Path) -> Path:
    env = os.environ.get("ECONSEC_SITE")
    if env:
        path = Path(env)
        assert (path / "index.html").is_file(), f"ECONSEC_SITE={env} holds no built site"
        return path
    from econsec.build.builder import build_site

    return made_once(shared_tmp, "site", lambda folder: build_site(folder / "site"))


@pytest.fixture(scope="session")
def bundle_zip(site_dir: Path, shared_tmp: Path) -> Path:
    """The offline bundle zip: ECONSEC_BUNDLE, else made once from ``site_dir`` into a temp dist/."""
    env = os.environ.get("ECONSEC_BUNDLE")
    if env:
        path = Path(env)
        assert path.is_file(), f"ECONSEC_BUNDLE={env} is not a file"
        return path
    from econsec.build.bundle import make_bundle

    return made_once(shared_tmp, "dist", lambda folder: make_bundle(site_dir, folder).zip_path)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """http:// URL of the built site's root (Japanese); English is under en/."""
    server, url = serve_dir(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def playwright() -> Iterator[object]:
    """One Playwright a test process (it allows no second one), for every browser launched."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[object]:
    """Debian's headless shell of Chromium (tests/support/browser.py says why not the desktop
    build, which the benchmark and test_offline_journey.py drive too)."""
    yield from launched(playwright, SHELL)


@pytest.fixture
def context(browser, base_url: str):
    """A fresh browser context (empty storage) that records every request."""
    ctx = new_logged_context(browser, site_prefixes(base_url))
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A page in a fresh context; `page.request_log.outside()` lists requests off the site."""
    return new_logged_page(context)
