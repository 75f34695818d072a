"""A screening that ends somewhere (issue 18 §7): "none of these" after one confirmation, the
outcome naming the desk to consult, what to take along, and what the site cannot judge."""

from __future__ import annotations

from pathlib import Path

import pytest
from runtime_helpers import wait_engine

from econsec.mdext.screening import SCREENING_TEXT
from econsec.sources.checklists import load_checklist_by_id

pytestmark = [pytest.mark.browser, pytest.mark.warm]

ROOT = "[data-checklist]"
ID = "prior-report-screening"
PAGES = {"ja": f"checks/{ID}.html", "en": f"en/checks/{ID}.html"}
OUTCOME = load_checklist_by_id(ID, Path(__file__).resolve().parents[2] / "checklists").outcome
DESK = {
    "ja": "事前報告制度についての相談（経済産業省）",
    "en": "Consultation on the prior-report scheme (METI)",
}


def wait_status(page, value: str) -> None:
    page.wait_for_function(
        f"""() => document.querySelector('[data-result="outcome"]')
                  ?.getAttribute('data-status') === '{value}'"""
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_none_of_these_answers_the_rest_no_after_one_confirmation(
    page, base_url: str, lang: str
) -> None:
    t = SCREENING_TEXT[lang]
    page.goto(base_url + PAGES[lang])
    wait_engine(page)
    items = page.locator(f"{ROOT} [data-item]")
    items.nth(0).locator('input[value="unknown"]').check()
    button = page.locator(f'{ROOT} [data-action="none-apply"]')
    assert button.is_visible()
    # Said no to: nothing changes, and the page says so next to the button.
    questions: list[str] = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    button.click()
    near = page.locator(f"{ROOT} [data-none-apply] [data-local-message]")
    assert near.text_content() == t["none_apply_cancelled"]
    assert "18" in questions[0]
    assert page.locator(f"{ROOT} [data-item] input:checked").count() == 1
    # Confirmed: the 18 unanswered items are "no"; the "don't know" stays as it was.
    page.once("dialog", lambda d: d.accept())
    button.click()
    assert near.text_content() == t["none_apply_done"].replace("{count}", "18")
    assert page.locator(f'{ROOT} [data-item] input[value="no"]:checked').count() == 18
    assert items.nth(0).locator('input[value="unknown"]').is_checked()
    wait_status(page, "undetermined")
    # The outcome names the desk to consult, linked to it under "Where to get help".
    consult = page.locator(f"{ROOT} [data-outcome-consult]")
    consult.wait_for(state="visible")
    link = consult.locator("a")
    assert link.text_content() == DESK[lang]
    target = link.get_attribute("href")
    assert page.locator(f'{ROOT} [data-desk="prior-report"]').get_attribute("id") == target[1:]
    box = page.locator(f'{ROOT} [data-result="outcome"]')
    assert OUTCOME["judgement"][lang] in box.text_content()
    assert OUTCOME["prepare"][lang] in box.locator("[data-outcome-prepare]").text_content()
    # Every item answered "no": nothing to consult, the desk is no longer named.
    items.nth(0).locator('input[value="no"]').check()
    wait_status(page, "not_indicated")
    page.wait_for_function("""() => document.querySelector('[data-outcome-consult]').hidden""")
    # Nothing left to answer: the button says so and changes nothing.
    button.click()
    assert near.text_content() == t["none_apply_nothing"]
    # Reload: the answers it gave are saved like any other.
    page.reload()
    wait_engine(page)
    wait_status(page, "not_indicated")
    assert page.js_errors == []


def test_none_of_these_from_the_offline_bundle(file_page, bundle_dir: Path) -> None:
    page = file_page
    page.goto((bundle_dir / PAGES["ja"]).as_uri())
    wait_engine(page)
    page.locator(f"{ROOT} [data-item]").nth(3).locator('input[value="yes"]').check()
    page.once("dialog", lambda d: d.accept())
    page.locator(f'{ROOT} [data-action="none-apply"]').click()
    wait_status(page, "may_apply")
    consult = page.locator(f"{ROOT} [data-outcome-consult] a")
    consult.wait_for(state="visible")
    assert consult.text_content() == DESK["ja"]
    assert page.request_log.outside() == [] and page.js_errors == []


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two ``rgb(r, g, b)`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_widgets_buttons_keep_their_text_under_the_pointer(page, base_url: str) -> None:
    """Material turns a hovered button's text white for its filled style; ours are not filled."""
    page.goto(base_url + PAGES["ja"])
    wait_engine(page)
    page.locator(f"{ROOT} [data-item]").nth(0).locator('input[value="yes"]').check()
    page.wait_for_selector(f'{ROOT} [data-desk="prior-report"] [data-action="print-support"]')
    buttons = page.locator(f"{ROOT} button.md-button:visible")
    seen = set()
    for index in range(buttons.count()):
        button = buttons.nth(index)
        button.hover()
        # Read once Material's colour transition has run to its end.
        style = button.evaluate(
            """async (b) => { await Promise.all(b.getAnimations().map((a) => a.finished));
                              const s = getComputedStyle(b);
                              return {action: b.dataset.action, color: s.color,
                                      fill: s.backgroundColor}; }"""
        )
        seen.add(style["action"])
        if style["fill"] in ("rgba(0, 0, 0, 0)", "transparent"):  # on the white page
            assert contrast(style["color"], "rgb(255, 255, 255)") >= 4.5, style
    assert {"none-apply", "export-json", "print", "print-support"} <= seen, seen
    assert page.js_errors == []
