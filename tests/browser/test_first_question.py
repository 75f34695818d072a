"""The first question within reach (issue 18 §2): on every self-check, in both languages, the
first item's question and its answer choices are fully visible without scrolling on a 1366×768
laptop (with Material's header), leaving a margin for one more short line and a field that are
still to come; on a 390×844 phone they end within two screens.

Measured after the engine is ready and the widget has set up the page (it shows the tools and
notices it hides in the paper form), with empty storage, so the page a first visitor sees.
Run alone, ``ECONSEC_MEASURE=1`` prints every distance.
"""

from __future__ import annotations

import os

import pytest
from runtime_helpers import wait_engine

pytestmark = [pytest.mark.browser, pytest.mark.warm]

CHECKS = ("tech-leakage-ch1", "organisation", "executive", "prior-report-screening")
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# Room kept free on the laptop for what other work adds above the form (a line saying who the
# checklist is for, an organisation-name field).
LAPTOP_MARGIN = 120

# Where the first item's question and its choices end, in CSS px from the top of the document
# (the page is at the top, so this is also where they end on the first screen).
FIRST_ITEM_JS = """() => {
  const item = document.querySelector('[data-checklist] [data-item]');
  const question = item.querySelector('legend');
  const choices = item.querySelector('.econsec-choices');
  const bottom = (el) => el.getBoundingClientRect().bottom + window.scrollY;
  const top = (el) => el.getBoundingClientRect().top + window.scrollY;
  return {
    question_top: top(question),
    bottom: Math.max(bottom(question), bottom(choices)),
    visible: question.checkVisibility() && choices.checkVisibility(),
    header: document.querySelector('.md-header').getBoundingClientRect().bottom,
  };
}"""


def first_item(page, url: str, viewport: dict[str, int]) -> dict[str, float]:
    page.set_viewport_size(viewport)
    page.goto(url)
    wait_engine(page)
    page.wait_for_function(
        "() => !document.querySelector('[data-checklist] [data-actions]').hidden"
    )
    page.evaluate("() => window.scrollTo(0, 0)")
    return page.evaluate(FIRST_ITEM_JS)


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("check", CHECKS)
def test_first_question_within_the_first_screen(page, base_url: str, lang: str, check: str) -> None:
    url = f"{base_url}{lang}checks/{check}.html"
    laptop = first_item(page, url, LAPTOP)
    phone = first_item(page, url, PHONE)
    if os.environ.get("ECONSEC_MEASURE"):
        print(
            f"\n{lang or 'ja/'}{check}: laptop {laptop['bottom']:.0f}, phone {phone['bottom']:.0f}"
        )
    for where, found in (("laptop", laptop), ("phone", phone)):
        assert found["visible"], f"{where}: the first question is not shown"
        assert found["question_top"] >= found["header"], f"{where}: question under the header"
    limit = LAPTOP["height"] - LAPTOP_MARGIN
    assert laptop["bottom"] <= limit, (
        f"{lang}{check}: on a 1366×768 laptop the first question ends at "
        f"{laptop['bottom']:.0f} px, over {limit} px (768 less a margin of {LAPTOP_MARGIN})"
    )
    assert phone["bottom"] <= 2 * PHONE["height"], (
        f"{lang}{check}: on a 390×844 phone the first question ends at "
        f"{phone['bottom']:.0f} px, beyond two screens ({2 * PHONE['height']} px)"
    )


@pytest.mark.parametrize("lang", ["", "en/"])
def test_answer_key_about_and_glossary_link(page, base_url: str, lang: str) -> None:
    """The key is on screen above the first question; "about" is closed on screen and printed
    open (also by the script's beforeprint, for browsers whose CSS cannot open it); the first
    question's glossary term leads to its row on the glossary page."""
    page.set_viewport_size(LAPTOP)
    page.goto(f"{base_url}{lang}checks/tech-leakage-ch1.html")
    wait_engine(page)
    key = page.locator("[data-checklist] [data-answer-key=score]")
    assert key.is_visible() and key.get_attribute("role") == "note"
    assert key.locator("li[data-key-answer]").count() == 6  # five answers and unanswered
    first = page.locator("[data-checklist] [data-item]").first
    assert key.bounding_box()["y"] < first.bounding_box()["y"]
    about = page.locator("[data-checklist] details[data-about]")
    desc = about.locator(".econsec-checklist__desc")
    assert not about.evaluate("(d) => d.open") and desc.is_hidden()
    page.emulate_media(media="print")
    assert desc.is_visible() and about.locator("summary").is_hidden()
    page.emulate_media(media="screen")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert about.evaluate("(d) => d.open")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert not about.evaluate("(d) => d.open")
    # The term in the first question: a link of its own, not inside an answer's label.
    term = first.locator('legend a.econsec-term[data-glossary="core-technology"]')
    assert term.is_visible()
    assert first.locator("label a").count() == 0
    term.click()
    page.wait_for_url("**/glossary.html#term-core-technology")
    row = page.locator("tr#term-core-technology")
    assert row.is_visible() and ("コア技術" if not lang else "core technology") in row.inner_text()
    assert page.js_errors == [] and page.request_log.outside() == []
