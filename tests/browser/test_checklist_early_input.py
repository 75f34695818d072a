"""The form is usable before checklist.js runs: an answer given in that moment is kept."""

from __future__ import annotations

import pytest
from test_checklist_widget import ENGINE_SPY, ROOT, SCORE_PAGE, checked, progress, stored

pytestmark = [pytest.mark.browser, pytest.mark.warm]


def test_answer_given_before_the_script_runs_is_kept(page, base_url):
    page.add_init_script(ENGINE_SPY)

    held = []  # the widget's script is held back until the user has clicked
    page.route("**/assets/econsec/checklist.js?v=*", lambda route: held.append(route))
    page.goto(base_url + SCORE_PAGE, wait_until="commit")
    first = page.locator('[data-item] input[type="radio"][value="partial"]').first
    first.wait_for(state="visible")
    first.check()
    item_id = first.evaluate("(r) => r.closest('[data-item]').dataset.item")
    assert page.evaluate("() => !document.querySelector('[data-checklist].econsec-js')")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")

    assert checked(page) == {item_id: "partial"}
    assert progress(page)[0] == 1
    saved = next(iter(stored(page).values()))
    assert saved["answers"][item_id]["value"] == "partial"
    assert page.request_log.outside() == []
