"""The printed report starts with the answer (issue 12 §4), read from Chromium's PDF of the page.

Page 1: the checklist, the print date and build, the overall score (with its change since a
compared check) and the section chart; the
five most important next steps and the action plan follow, and for the 15-item checklist all of
that fits on two A4 pages; every answer follows as an appendix from a new page.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata

import pytest
from pypdf import PdfReader
from runtime_helpers import wait_engine

pytestmark = [pytest.mark.browser, pytest.mark.warm]

ROOT = "[data-checklist]"
WORDS = {
    "ja": {
        "page": "checks/tech-leakage-ch1.html",
        "score": "総合スコア",
        "chart": "区分ごとのスコア（棒グラフ）",
        "next": "次に取り組むこと",
        "plan": "行動計画（期限の早い順）",
        "meta": "印刷日",
    },
    "en": {
        "page": "en/checks/tech-leakage-ch1.html",
        "score": "Overall score",
        "chart": "Score by section (bar chart)",
        "next": "What to do next",
        "plan": "Action plan (earliest due date first)",
        "meta": "Printed",
    },
}


def pdf_pages(page) -> list[str]:
    page.emulate_media(media="print")
    try:
        data = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    # NFKC: the PDF's text maps some kanji to their Kangxi radical code points.
    return [
        unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages
    ]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_one_holds_the_score_and_the_chart(page, base_url: str, lang: str) -> None:
    w = {k: unicodedata.normalize("NFKC", v) for k, v in WORDS[lang].items()}
    page.goto(base_url + w["page"])
    wait_engine(page)
    items = page.locator(f"{ROOT} [data-item]")
    for index, value in enumerate(["no", "no", "partial", "unknown", "no", "no"]):  # six gaps
        items.nth(index).locator(f'input[value="{value}"]').check()
    first = items.nth(0).get_attribute("data-item")
    plan = page.locator(f'{ROOT} [data-plan="{first}"]')
    plan.locator('input[name="owner"]').fill("製造部")
    plan.locator('input[name="due"]').fill("2026-12-20")
    page.wait_for_selector(f'{ROOT} [data-result="score"][data-value]', state="attached")
    page.wait_for_selector(f'{ROOT} [data-plan-row="{first}"]', state="attached")
    # An earlier check (all "no") to compare with: its change is under the score, on page 1.
    earlier = {
        "format": "econsec-answers",
        "format_version": 2,
        "checklist": "tech-leakage-ch1",
        "answers": {items.nth(i).get_attribute("data-item"): {"value": "no"} for i in range(6)},
    }
    page.locator(f'{ROOT} input[data-action="compare"]').set_input_files(
        files=[
            {
                "name": "e.json",
                "mimeType": "application/json",
                "buffer": json.dumps(earlier).encode(),
            }
        ]
    )
    change = page.locator(f"{ROOT} [data-compare-summary]")
    change.wait_for(state="visible")
    score = page.locator(f'{ROOT} [data-result="score"]').get_attribute("data-value")
    assert (
        change.text_content() == page.locator(f"{ROOT} .econsec-comparison__score").text_content()
    )
    pages = pdf_pages(page)
    one = pages[0]
    assert w["meta"] in one and w["score"] in one and score in one, one[-600:]
    assert w["chart"] in one, one[-600:]
    assert re.sub(r"\s", "", unicodedata.normalize("NFKC", change.text_content())) in re.sub(
        r"\s", "", one
    )
    summary = "".join(pages[:2]).replace("\n", "")  # a table cell may break a word
    assert w["next"] in summary and w["plan"] in summary and "製造部" in summary
    # The appendix (every question with its answer) starts after the summary: question 8 (not
    # answered, so in no next step and no plan row) is only there. Compared without spaces: the
    # PDF's text spaces its digits.
    number = re.sub(r"\s", "", items.nth(7).locator(".econsec-item__num").inner_text())
    bare = [re.sub(r"\s", "", text) for text in pages]
    assert number not in "".join(bare[:2])
    assert any(number in text for text in bare[2:])
    # The five most important next steps in the summary (six items are gaps here).
    steps = page.locator(f'{ROOT} [data-result="next-steps"] li')
    assert steps.count() == 6
    page.emulate_media(media="print")
    try:
        assert steps.nth(4).is_visible() and not steps.nth(5).is_visible()
    finally:
        page.emulate_media(media="screen")
