"""A seminar attendee's whole journey in the unzipped bundle, from file:// with no server:
navigate, switch language, search in both languages, answer, see the live score, reload, export.
Every request must stay on the disk (file:, data:, blob:). In the desktop build of Chromium, the
one users run (the other tests drive its headless shell), and in the shell.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from runtime_helpers import READY_TIMEOUT
from search_helpers import search

from tests.support.browser import OFFLINE_PREFIXES, new_logged_context, new_logged_page

pytestmark = pytest.mark.browser

CHECK = "checks/tech-leakage-ch1.html"
ROOT = "[data-checklist]"


def _paths(hrefs: list[str], bundle_dir: Path) -> set[str]:
    """Search result URLs -> bundle-relative paths (no query, no fragment)."""
    top = bundle_dir.as_uri() + "/"
    return {
        unquote(urlsplit(h).path).removeprefix(unquote(urlsplit(top).path))
        for h in hits_ok(hrefs, top)
    }


def hits_ok(hrefs: list[str], top: str) -> list[str]:
    assert hrefs and all(h.startswith(top) for h in hrefs), hrefs
    return hrefs


def _on_disk(page) -> None:
    assert page.request_log.outside() == [], page.request_log.outside()
    assert page.js_errors == []


@pytest.mark.parametrize("build", ["browser", "desktop_browser"])
def test_offline_journey(request: pytest.FixtureRequest, build: str, bundle_dir: Path) -> None:
    ctx = new_logged_context(request.getfixturevalue(build), OFFLINE_PREFIXES)
    request.addfinalizer(ctx.close)
    page = new_logged_page(ctx)
    page.goto((bundle_dir / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "ja"

    # Navigate from the home page to the checklist through the site's own navigation.
    page.locator(f'nav a[href$="{CHECK}"]').first.click()
    page.wait_for_url(re.compile(re.escape(CHECK) + "$"))

    # Answer while the engine may still be loading; the score arrives live once it is ready.
    first = page.locator(f'{ROOT} [data-item] input[type="radio"][value="yes"]').first
    item_id = first.evaluate("(r) => r.closest('[data-item]').dataset.item")
    first.check()
    page.wait_for_selector(
        f'{ROOT}[data-engine="ready"] [data-result="score"][data-value="100"]',
        state="attached",
        timeout=READY_TIMEOUT,
    )
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('econsec:'))")
    build = page.get_attribute("meta[name=econsec-build]", "content")
    version = json.loads(page.locator(f"{ROOT} script[data-checklist-def]").text_content())[
        "version"
    ]
    assert keys == [f"econsec:v1:bundle-{build}:tech-leakage-ch1@{version}"]

    # Reload: the answer is still there.
    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert page.locator(f'[data-item="{item_id}"] input[value="yes"]').is_checked()

    # Switch to English: same page, same answers.
    page.locator("a[hreflang=en]").click()
    page.wait_for_url(re.compile(r"/en/" + re.escape(CHECK) + "$"))
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert page.locator(f'[data-item="{item_id}"] input[value="yes"]').is_checked()

    # Export the answers as JSON.
    with page.expect_download() as info:
        page.locator(f'{ROOT} [data-action="export-json"]').click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["format"] == "econsec-answers"
    assert data["answers"] == {item_id: {"value": "yes"}}

    # Search in English (on the English page) and in Japanese (after switching back).
    assert "en/guidance/tech-leakage.html" in _paths(search(page, "core technology"), bundle_dir)
    page.goto((bundle_dir / "index.html").as_uri())
    assert "guidance/tech-leakage.html" in _paths(search(page, "コア技術"), bundle_dir)
    _on_disk(page)
