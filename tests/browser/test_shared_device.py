"""Shared devices (issue 13 §3): a mode that keeps answers for the tab only, a notice when a
self-check opens with answers saved earlier on the device, and "erase and finish".

Each test starts from fresh browser storage (its own context), as a seminar PC's next user would
meet it; the file:// test uses the offline bundle.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from runtime_helpers import wait_engine
from test_checklist_widget import note_box

from econsec.mdext.shared_device import SHARED_TEXT
from tests.support.browser import new_logged_page

pytestmark = [pytest.mark.browser]

ROOT = "[data-checklist]"
CH1 = "tech-leakage-ch1"
PAGES = {"ja": f"checks/{CH1}.html", "en": f"en/checks/{CH1}.html"}
HOME = {"ja": "index.html", "en": "en/index.html"}
SWITCH = 'input[data-action="shared-device"]'


def keys(page, area: str) -> list[str]:
    return page.evaluate(
        f"() => Object.keys({area}).filter((k) => k.startsWith('econsec:'))"
        ".filter((k) => !k.endsWith('probe')).sort()"
    )


def checked(page) -> list[str]:
    return page.eval_on_selector_all(
        f"{ROOT} [data-item] input:checked", "xs => xs.map((x) => x.name + '=' + x.value)"
    )


def answer_first(page, value: str = "no") -> None:
    page.locator(f"{ROOT} [data-item]").nth(0).locator(f'input[value="{value}"]').check()
    page.wait_for_selector(f'{ROOT} [data-result="score"][data-value]', state="attached")


def shared_mode_journey(page, site: str, lang: str) -> None:
    """Turn the mode on on the start page, answer on a self-check, and check where it went."""
    t = SHARED_TEXT[lang]
    page.goto(site + HOME[lang])
    switch = page.locator(SWITCH)
    switch.check()
    status = page.locator("[data-shared-device-box] [data-local-message]")
    assert status.text_content() == t["on"]
    # Another page of the site, in the same tab: still on.
    page.goto(site + PAGES[lang])
    wait_engine(page)
    assert page.locator(f"{ROOT} {SWITCH}").is_checked()
    assert page.locator(ROOT).get_attribute("data-storage") == "session"
    answer_first(page)
    first = page.locator(f"{ROOT} [data-item]").nth(0).get_attribute("data-item")
    note_box(page, first).fill("共用PC")
    page.wait_for_function("() => JSON.stringify(sessionStorage).includes('共用PC')")
    assert keys(page, "localStorage") == []  # nothing written to the device
    # A reload in the same tab keeps the answers.
    page.reload()
    wait_engine(page)
    assert len(checked(page)) == 1


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_shared_mode_keeps_answers_in_the_tab_only(context, base_url: str, lang: str) -> None:
    page = new_logged_page(context)
    shared_mode_journey(page, base_url, lang)
    # Another tab (the next person's): nothing there, and the mode is off in it.
    other = new_logged_page(context)
    other.goto(base_url + PAGES[lang])
    wait_engine(other)
    assert checked(other) == []
    assert not other.locator(f"{ROOT} {SWITCH}").is_checked()
    assert other.locator(ROOT).get_attribute("data-storage") == "local"
    # The tab closed: its answers are gone with it.
    page.close()
    again = new_logged_page(context)
    again.goto(base_url + PAGES[lang])
    wait_engine(again)
    assert checked(again) == [] and keys(again, "localStorage") == []


def test_shared_mode_from_the_offline_bundle(file_context, bundle_dir: Path) -> None:
    page = new_logged_page(file_context)
    shared_mode_journey(page, bundle_dir.as_uri() + "/", "ja")
    other = new_logged_page(file_context)
    other.goto((bundle_dir / PAGES["ja"]).as_uri())
    wait_engine(other)
    assert checked(other) == [] and keys(other, "localStorage") == []


def test_answers_saved_earlier_are_announced_and_erased(context, base_url: str) -> None:
    t = SHARED_TEXT["ja"]
    first = new_logged_page(context)
    first.goto(base_url + PAGES["ja"])
    wait_engine(first)
    answer_first(first)
    # The same person reloading is not told about their own answers.
    first.reload()
    wait_engine(first)
    notice = first.locator(f"{ROOT} [data-saved-earlier]")
    assert notice.is_hidden()
    first.close()
    # The next person, in a new tab: told, with when they were saved.
    page = new_logged_page(context)
    page.goto(base_url + PAGES["ja"])
    wait_engine(page)
    notice = page.locator(f"{ROOT} [data-saved-earlier]")
    notice.wait_for(state="visible")
    saved = page.evaluate(
        f"""() => JSON.parse(localStorage.getItem(Object.keys(localStorage)
                   .find((k) => k.includes(':{CH1}@')))).saved_at"""
    )
    assert saved[:10] in notice.text_content() and "1項目" in notice.text_content()
    # Declined: nothing is erased.
    page.once("dialog", lambda d: d.dismiss())
    notice.locator('[data-action="clear-all"]').click()
    assert len(checked(page)) == 1
    # A damaged copy and an older version's record are erased too.
    page.evaluate(
        f"""() => {{ localStorage.setItem('econsec:backup:v1:econsec:v1:x:{CH1}@0.9.0:1', '{{');
                    localStorage.setItem('econsec:v1:x:{CH1}@0.9.0', '{{"answers": {{}}}}'); }}"""
    )
    page.once("dialog", lambda d: d.accept())
    notice.locator('[data-action="clear-all"]').click()
    assert checked(page) == []
    assert keys(page, "localStorage") == []
    assert [k for k in keys(page, "sessionStorage") if k.startswith("econsec:v1:")] == []
    assert t["clear_all_done"] in page.locator(f"{ROOT} [data-message]").text_content()
    assert notice.is_hidden()
    # The button beside the shared-device switch erases as well, and says so next to itself.
    answer_first(page, "yes")
    page.once("dialog", lambda d: d.accept())
    page.locator(f'{ROOT} [data-shared-device-box] [data-action="clear-all"]').click()
    near = page.locator(f"{ROOT} [data-shared-device-box] [data-local-message]")
    assert near.text_content() == t["clear_all_done"]
    assert keys(page, "localStorage") == []
    assert page.request_log.outside() == [] and page.js_errors == []
