"""Accessibility (target JIS X 8341-3:2016 AA ≈ WCAG 2.0 AA): axe-core on every page of both
languages, and on the self-checks unanswered and fully answered, over http://.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

# WCAG 2.0 and 2.1 A/AA rules: JIS X 8341-3:2016 follows WCAG 2.0; 2.1 rules cost nothing more.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
CHECKS = (
    "checks/tech-leakage-ch1.html",
    "checks/organisation.html",
    "checks/executive.html",
    "checks/prior-report-screening.html",
)


def _all_pages(site_dir: Path) -> list[str]:
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        if rel.endswith("404.html") or "/assets/" in f"/{rel}" or "/search/" in f"/{rel}":
            continue
        pages.append(rel)
    return pages


def _violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_every_page_has_no_axe_violation(page, base_url: str, site_dir: Path) -> None:
    pages = _all_pages(site_dir)
    assert len(pages) >= 30, pages  # both languages
    found = {}
    for path in pages:
        page.goto(base_url + path)
        if problems := _violations(page):
            found[path] = problems
    assert found == {}
    assert page.request_log.outside() == []


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("check", CHECKS)
def test_self_check_fully_answered_has_no_axe_violation(
    page, base_url: str, lang: str, check: str
) -> None:
    page.goto(base_url + lang + check)
    root = page.locator("[data-checklist]")
    page.wait_for_function(
        "document.querySelector('[data-checklist]').dataset.engine === 'ready'", timeout=90_000
    )
    items = page.locator("[data-item]")
    for i in range(items.count()):
        radios = items.nth(i).locator("input[type=radio]")
        radios.nth(i % radios.count()).check()  # rotate through every answer value
    total = int(root.locator('[data-result="progress"]').get_attribute("data-total"))
    assert total == items.count() and total > 0
    page.wait_for_function(
        "(n) => document.querySelector('[data-result=\"progress\"]').dataset.answered == n",
        arg=str(total),
    )
    page.wait_for_timeout(300)  # let the last result render
    assert _violations(page) == []
    assert page.request_log.outside() == []
