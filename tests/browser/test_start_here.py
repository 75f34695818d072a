"""A way in (issue 18 §1), in Chromium: 「はじめての方へ / Start here」 on the first screen of a
1366×768 laptop; the official checklist's "who should answer / otherwise" in at most two lines;
and a result with nothing counted (every answer 該当しない, or nothing answered) that says why
and links the checklist the engine suggests, over http:// (ja, en) and from file://."""

from __future__ import annotations

from pathlib import Path

import pytest
from runtime_helpers import wait_engine

from econsec.engine.scoring import score
from econsec.mdext.widget_text import WIDGET_TEXT
from econsec.sources.checklists import load_checklist_by_id

pytestmark = [pytest.mark.browser, pytest.mark.warm]

ROOT = "[data-checklist]"
CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"
CH1 = load_checklist_by_id("tech-leakage-ch1", CHECKLISTS)
PREFIX = {"ja": "", "en": "en/"}
LAPTOP = {"width": 1366, "height": 768}
NOTHING = '[data-result="nothing-counted"]'


def plural(template: str | dict[str, str], count: int) -> str:
    if isinstance(template, dict):
        template = template["one"] if count == 1 else template["other"]
    return template.format(count=count)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_start_here_is_on_the_first_screen_of_a_laptop(page, base_url: str, lang: str) -> None:
    page.set_viewport_size(LAPTOP)
    page.goto(base_url + PREFIX[lang] + "index.html")
    heading = page.locator("#start-here")
    items = page.locator("[data-start-here] li")
    assert items.count() == 3
    for loc in (heading, items.last):
        box = loc.bounding_box()
        assert box is not None and box["y"] >= 0
        assert box["y"] + box["height"] <= LAPTOP["height"], (lang, box)
    # Each names its page, and the link leads there.
    first = items.first.locator("a")
    name = first.text_content()
    first.click()
    page.wait_for_url("**/checks/executive.html")
    assert page.locator(f'{ROOT}[data-checklist="executive"]').count() == 1
    assert name in page.locator("h1").text_content()
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_who_should_answer_takes_at_most_two_lines(page, base_url: str, lang: str) -> None:
    page.set_viewport_size(LAPTOP)
    page.goto(base_url + PREFIX[lang] + "checks/tech-leakage-ch1.html")
    # One small paragraph (its two sentences run on): its lines, from its height.
    lines = page.eval_on_selector(
        f"{ROOT} [data-fit]",
        """box => Math.round(box.getBoundingClientRect().height
                             / parseFloat(getComputedStyle(box).lineHeight))""",
    )
    assert 1 <= lines <= 2, lines
    fit = page.locator(f"{ROOT} [data-fit]")
    assert CH1.audience[lang] in fit.text_content()
    assert fit.locator('a[data-suggest-link="organisation"]').is_visible()


def answer_all(page, value: str) -> None:
    for item in CH1.item_ids:
        page.locator(f'{ROOT} [data-item="{item}"] input[value="{value}"]').check()


def expect_nothing_counted(page, lang: str, reason: str, count: int) -> None:
    t = WIDGET_TEXT[lang]
    want = plural(t["nothing_counted"][reason], count)
    # The last answer's result: an earlier one (3 of 15 answered, say) has the same reason.
    page.wait_for_function(
        """([reason, text]) => {
             const box = document.querySelector('[data-result="nothing-counted"]');
             const said = box && box.querySelector('[data-nothing-counted-text]');
             return box && !box.hidden && box.getAttribute('data-reason') === reason
               && said && said.textContent === text;
           }""",
        arg=[reason, want],
    )
    suggest = page.locator(f'{NOTHING} [data-suggest="organisation"]')
    assert suggest.is_visible()
    assert CH1.otherwise["when"][lang] in suggest.text_content()
    strong = page.locator(f'{ROOT} [data-result="score"] [data-score-text]').text_content()
    assert strong == (t["no_score_na"] if reason == "only_na" else t["no_score"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_all_not_applicable_says_why_and_suggests_the_checklist_that_fits(
    page, base_url: str, lang: str
) -> None:
    page.goto(base_url + PREFIX[lang] + "checks/tech-leakage-ch1.html")
    wait_engine(page)
    # Nothing answered yet: said so, with the checklist for firms with no plans abroad.
    expect_nothing_counted(page, lang, "no_answers", 0)
    answer_all(page, "na")
    expected = score(CH1, dict.fromkeys(CH1.item_ids, "na")).nothing_counted
    assert expected == {"reason": "only_na", "suggest": "organisation"}
    expect_nothing_counted(page, lang, "only_na", len(CH1.items))
    # One counted answer gives a score, and the explanation goes.
    page.locator(f'{ROOT} [data-item="ch1-1-1"] input[value="unknown"]').check()
    page.wait_for_function(
        """() => document.querySelector('[data-result="score"]')?.getAttribute('data-value')
                 === '0'"""
    )
    assert page.locator(NOTHING).is_hidden()
    # Back to all 該当しない, then follow the suggestion.
    page.locator(f'{ROOT} [data-item="ch1-1-1"] input[value="na"]').check()
    expect_nothing_counted(page, lang, "only_na", len(CH1.items))
    page.locator(f'{NOTHING} [data-suggest="organisation"] a').click()
    page.wait_for_url(f"**/{PREFIX[lang]}checks/organisation.html")
    assert page.locator(f'{ROOT}[data-checklist="organisation"]').count() == 1
    assert page.js_errors == []


def test_all_not_applicable_from_the_offline_bundle(file_page, bundle_dir: Path) -> None:
    page = file_page
    page.goto((bundle_dir / "checks" / "tech-leakage-ch1.html").as_uri())
    wait_engine(page)
    answer_all(page, "na")
    expect_nothing_counted(page, "ja", "only_na", len(CH1.items))
    page.locator(f'{NOTHING} [data-suggest="organisation"] a').click()
    page.wait_for_url("**/checks/organisation.html")
    assert page.locator(f'{ROOT}[data-checklist="organisation"]').count() == 1
    assert page.request_log.outside() == [] and page.js_errors == []
