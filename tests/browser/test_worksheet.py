"""The blank worksheet (issue 13 §4), read from Chromium's PDF in both languages: every question
with the number the page gives it, a box per answer, a line for a note, the date to fill in, and
nothing of the answers, notes or organisation given on screen.
"""

from __future__ import annotations

import pytest
from runtime_helpers import wait_engine
from test_checklist_widget import ROOT, SCORE_PAGE, SCREENING_PAGE, definition, note_box
from test_support import nfkc, pdf_text

from econsec.mdext.ui_text import TEXT
from econsec.mdext.worksheet import WORKSHEET_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.warm]

PAGES = {"ja": SCORE_PAGE, "en": f"en/{SCORE_PAGE}"}
RECORD_PRINT = """() => { window.__printed = [];
  window.print = () => window.__printed.push(
    document.documentElement.getAttribute('data-econsec-print')); }"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_blank_worksheet_prints_every_question_and_no_answer(page, base_url, lang):
    t = WORKSHEET_TEXT[lang]
    page.goto(base_url + PAGES[lang])
    wait_engine(page)
    items = page.locator(f"{ROOT} [data-item]")
    first = items.nth(0).get_attribute("data-item")
    items.nth(0).locator('input[value="no"]').check()
    note_box(page, first).fill("秘密の手順書")
    page.locator(f'{ROOT} input[name="organisation"]').fill("株式会社秘密精工")
    page.evaluate(RECORD_PRINT)
    page.locator(f'{ROOT} [data-action="print-blank"]').click()
    assert page.evaluate("() => window.__printed") == ["memo"]
    sheet = page.locator("[data-blank-worksheet]")
    assert sheet.locator("[data-blank-item]").count() == items.count()
    numbers = [n.strip() for n in items.locator(".econsec-item__num").all_text_contents()]
    # The PDF's text gives 「・」 as U+2027.
    text = "".join(pdf_text(page)).replace("\u2027", nfkc("・"))
    title = definition(page)["title"][lang]
    assert nfkc(t["title"].format(title=title)) in text
    assert all(nfkc(n) in text for n in numbers), numbers
    for label in TEXT[lang]["answers"]["score"].values():
        assert text.count(nfkc(f"□ {label}")) == len(numbers), label
    assert text.count(nfkc(t["note"])) >= len(numbers)
    assert nfkc(t["fill"].split("：")[0] if lang == "ja" else "Date:") in text
    for private in ("秘密の手順書", "株式会社秘密精工"):
        assert nfkc(private) not in text
    assert nfkc(TEXT[lang]["weakest"]) not in text  # the worksheet alone, not the report
    # After printing, the page is as it was.
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert sheet.count() == 0
    assert (
        page.evaluate("() => document.documentElement.hasAttribute('data-econsec-print')") is False
    )
    assert page.js_errors == []


def test_the_screening_worksheet_offers_its_own_answers(page, base_url):
    page.goto(base_url + SCREENING_PAGE)
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    page.evaluate(RECORD_PRINT)
    page.locator(f'{ROOT} [data-action="print-blank"]').click()
    text = "".join(pdf_text(page))
    for label in TEXT["ja"]["answers"]["screening"].values():
        assert nfkc(f"□ {label}") in text
    assert nfkc("□ 一部実施") not in text
