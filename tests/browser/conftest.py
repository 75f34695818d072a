"""Browser fixtures shared by the tests in tests/browser/ (on top of tests/conftest.py).

- ``bundle_dir``: the offline bundle (``bundle_zip`` in tests/conftest.py), unzipped into a folder
  whose path holds spaces and Japanese characters, as a user's "Downloads/セミナー 資料" would.
- ``file_context`` / ``file_page``: a fresh context whose request log allows only ``file:``,
  ``data:`` and ``blob:`` (a page opened from the bundle must ask nothing of any server).
- ``desktop_browser``: the desktop build of Chromium (what users run; ``browser`` is its headless
  shell, tests/support/browser.py), for the journeys that must also pass there.
- ``warm_context`` / ``warm_page``: one context per test module, so that its HTTP cache (the
  engine's runtime files, compiled wasm) is warm and each page's engine starts warm instead of
  cold; ``warm_page`` is a new page in it with the site's storage emptied and a new request log.
  A module marked ``warm`` (its tests only need empty storage) gets ``warm_page`` as ``page``.

Plain helpers (request logs for other servers, a second local server, the embedded definition)
live in runtime_helpers.py.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import (
    FULL,
    OFFLINE_PREFIXES,
    empty_site_storage,
    launched,
    new_logged_context,
    new_logged_page,
    site_prefixes,
)

# Where the bundle is unzipped, below a temporary folder: spaces and Japanese on purpose.
BUNDLE_PARENT = "セミナー 資料"


@pytest.fixture(scope="session")
def bundle_dir(bundle_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unzipped bundle's top folder (holds index.html), below a path with spaces and 日本語."""
    parent = tmp_path_factory.mktemp("bundle") / BUNDLE_PARENT
    parent.mkdir()
    with zipfile.ZipFile(bundle_zip) as zf:
        zf.extractall(parent)
    tops = [p for p in parent.iterdir() if p.is_dir()]
    assert len(tops) == 1, f"the bundle must hold one top folder, not {tops}"
    assert (tops[0] / "index.html").is_file()
    return tops[0]


@pytest.fixture(scope="session")
def desktop_browser(playwright) -> Iterator[object]:
    """Debian's desktop Chromium, headless: the build the benchmark times."""
    yield from launched(playwright, FULL)


@pytest.fixture
def file_context(browser) -> Iterator[object]:
    """A fresh context for file:// pages: only file:, data: and blob: requests are allowed."""
    ctx = new_logged_context(browser, OFFLINE_PREFIXES)
    yield ctx
    ctx.close()


@pytest.fixture
def file_page(file_context):
    """A page in ``file_context``; open ``(bundle_dir / 'index.html').as_uri()``."""
    return new_logged_page(file_context)


@pytest.fixture(scope="module")
def warm_context(browser, base_url: str) -> Iterator[object]:
    """One context for the tests of a module (see the module docstring)."""
    ctx = new_logged_context(browser, site_prefixes(base_url))
    yield ctx
    ctx.close()


@pytest.fixture
def warm_page(warm_context, base_url: str) -> Iterator[object]:
    """A new page in the module's context, like ``page`` but with a warm HTTP cache."""
    pg = new_logged_page(warm_context)
    empty_site_storage(pg, base_url)
    warm_context.request_log.urls.clear()
    yield pg
    pg.close()


@pytest.fixture
def page(request: pytest.FixtureRequest):
    """``warm_page`` in a module marked ``warm``; else a page in a fresh context (``context``)."""
    if request.node.get_closest_marker("warm"):
        return request.getfixturevalue("warm_page")
    return new_logged_page(request.getfixturevalue("context"))
