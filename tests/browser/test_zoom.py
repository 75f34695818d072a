"""Reflow at 200 % and 400 % zoom (WCAG 1.4.10): viewports of 640 and 320 CSS px.

On every page type in both languages the page never scrolls sideways (a wide table may scroll
inside its own container), no text is cut off, and a self-check can be answered and scored.
"""

from __future__ import annotations

import pytest
from runtime_helpers import ENGINE_SPY, wait_engine, wait_scores_settled

pytestmark = [pytest.mark.browser, pytest.mark.warm]

# 1280 px at 200 % and at 400 % zoom.
WIDTHS = (640, 320)
PAGES = (
    "index.html",  # home
    "policy/prior-report.html",  # tables: the 19 designated technologies
    "guidance/antimonopoly.html",  # a table with long cells
    "glossary.html",
    "checks/executive.html",
)

# Text outside the viewport (not inside its own horizontal scroller) and text cut off by an
# element that hides its overflow. The closed navigation drawer (.md-sidebar) lies off-canvas by
# design, and visually hidden text (.econsec-sr-only) is meant for screen readers only.
REFLOW_JS = """() => {
  const doc = document.documentElement;
  const vw = doc.clientWidth;
  const skip = '.md-sidebar, .md-search, .econsec-sr-only, [aria-hidden="true"], svg';
  const name = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
    + ` «${(el.textContent || '').trim().slice(0, 30)}»`;
  const scroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === 'auto' || ox === 'scroll') return a;
    }
    return null;
  };
  const out = {overflow: doc.scrollWidth - vw, outside: [], clipped: [], texts: 0};
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest(skip) || !el.checkVisibility()) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    out.texts += 1;
    if ((r.right > vw + 1 || r.left < -1) && !scroller(el)) out.outside.push(name(el));
    const s = getComputedStyle(el);
    const hidesX = ['hidden', 'clip'].includes(s.overflowX);
    const hidesY = ['hidden', 'clip'].includes(s.overflowY);
    if ((hidesX && el.scrollWidth > el.clientWidth + 1)
        || (hidesY && el.scrollHeight > el.clientHeight + 1)) out.clipped.push(name(el));
  }
  return out;
}"""


def assert_reflows(page, where: str) -> None:
    found = page.evaluate(REFLOW_JS)
    assert found["texts"] > 20, f"{where}: the check saw almost no text"
    assert found["overflow"] <= 0, f"{where}: the page scrolls sideways by {found['overflow']} px"
    assert found["outside"] == [], f"{where}: text outside the viewport"
    assert found["clipped"] == [], f"{where}: text cut off"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["", "en/"])
def test_pages_reflow_without_sideways_scrolling(
    page, base_url: str, lang: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    for path in PAGES:
        page.goto(base_url + lang + path)
        assert_reflows(page, f"{width}px {lang}{path}")
    # A wide table scrolls inside its own container, never the page.
    page.goto(base_url + lang + "policy/prior-report.html")
    wrappers = page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset table')].map((t) => {
             let a = t.parentElement;
             while (a && !['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) {
               a = a.parentElement;
             }
             return a ? a.getBoundingClientRect().right <= innerWidth + 1 : null;
           })"""
    )
    assert wrappers and all(w is not None for w in wrappers), wrappers
    assert all(wrappers)
    assert page.request_log.outside() == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["", "en/"])
def test_self_check_is_answered_and_scored_when_zoomed(
    page, base_url: str, lang: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.add_init_script(ENGINE_SPY)
    page.goto(base_url + lang + "checks/executive.html")
    wait_engine(page)
    items = page.locator("[data-item]")
    for i in range(items.count()):
        # A click on the visible label, as a user would, at this width.
        items.nth(i).locator("label.econsec-choice").nth(i % 3).click()
    score = page.locator('[data-result="score"]')
    # The last answer's score drawn (an earlier one's could change between two reads).
    wait_scores_settled(page)
    value = score.get_attribute("data-value")
    assert value and float(value) >= 0
    assert value in score.inner_text()
    score.scroll_into_view_if_needed()
    assert score.is_visible()
    assert page.locator('[data-result="chart"] svg').is_visible()
    assert_reflows(page, f"{width}px {lang}checks/executive.html answered")
    assert page.js_errors == []
