"""Issue 17, point 1, in the browser: the 120 KB answers file that stopped the engine.

Its note is an unclosed string of ``\\"``. The depth check before ``json.loads`` took quadratic
time on it, the bridge's 30 s call timeout ended the worker, and every later import or score
was refused until a reload. Driven through the DOM contract only (README, "Self-check widget"):
the file input, ``[role=alert]`` in the checklist root, ``data-engine`` and
``[data-result=score]``.
"""

from __future__ import annotations

import json

import pytest
from test_checklist_widget import ROOT, SCORE_PAGE, expected_score, wait_engine_ready, wait_score

from tests.support.browser import new_logged_context, new_logged_page
from tests.support.hostile import unclosed_escaped_quotes

pytestmark = pytest.mark.browser

REFUSED = {"ja": "このファイルは読み込めません。", "en": "This file cannot be imported."}
VERDICT_MS = 10_000  # the engine answers in milliseconds now; before, not within the 30 s timeout


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_120_kb_file_is_refused_and_the_engine_keeps_scoring(
    browser, base_url: str, lang: str
) -> None:
    netloc = base_url.split("/")[2]
    ctx = new_logged_context(browser, (f"http://{netloc}/", "data:", "blob:"))
    try:
        page = new_logged_page(ctx)
        page.goto(base_url + ("en/" if lang == "en" else "") + SCORE_PAGE)
        wait_engine_ready(page)
        d = json.loads(page.locator(f"{ROOT} script[data-checklist-def]").text_content())
        first, second = (item["id"] for item in d["items"][:2])

        page.locator(f'[data-item="{first}"] input[type="radio"][value="no"]').check()
        wait_score(page, expected_score(d, {first: "no"}))

        data = unclosed_escaped_quotes().encode("utf-8")
        assert len(data) == 120_000
        page.locator(f'{ROOT} input[type="file"][data-action="import"]').set_input_files(
            files=[{"name": "answers.json", "mimeType": "application/json", "buffer": data}]
        )
        alert = page.locator(f"{ROOT} [role=alert]")
        page.wait_for_function(
            "(text) => document.querySelector('[data-checklist] [role=alert]')"
            ".textContent.includes(text)",
            arg=REFUSED[lang],
            timeout=VERDICT_MS,
        )
        assert REFUSED[lang] in alert.text_content()
        assert page.locator(ROOT).get_attribute("data-engine") == "ready"
        assert page.evaluate("EconsecEngine.state") == "ready"

        # a later answer is still scored by the same engine
        page.locator(f'[data-item="{second}"] input[type="radio"][value="yes"]').check()
        wait_score(page, expected_score(d, {first: "no", second: "yes"}), timeout=VERDICT_MS)
        assert page.locator(ROOT).get_attribute("data-engine") == "ready"
        assert page.js_errors == []
        assert page.request_log.outside() == []
    finally:
        ctx.close()


RESERVED_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]
UNKNOWN = {"ja": "このチェックリストにない項目", "en": "not in this checklist"}
IMPORTED = {"ja": "の回答ファイルを読み込みました", "en": "Answers file imported"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_reserved_names_as_item_ids_are_unknown_items(browser, base_url: str, lang: str) -> None:
    """Issue 17, point 8: names of Object.prototype as item ids in a file are unknown items."""
    netloc = base_url.split("/")[2]
    ctx = new_logged_context(browser, (f"http://{netloc}/", "data:", "blob:"))
    try:
        page = new_logged_page(ctx)
        page.on("dialog", lambda dialog: dialog.accept())
        url = base_url + ("en/" if lang == "en" else "") + SCORE_PAGE
        page.goto(url)
        wait_engine_ready(page)
        d = json.loads(page.locator(f"{ROOT} script[data-checklist-def]").text_content())
        first = d["items"][0]["id"]
        answers = {name: {"value": "yes", "note": "x"} for name in RESERVED_KEYS}
        answers[first] = {"value": "partial", "note": ""}
        data = {
            "format": "econsec-answers",
            "format_version": 1,
            "checklist": d["id"],
            "checklist_version": d["version"],
            "answers": answers,
        }
        page.locator(f'{ROOT} input[type="file"][data-action="import"]').set_input_files(
            files=[
                {
                    "name": "answers.json",
                    "mimeType": "application/json",
                    "buffer": json.dumps(data).encode("utf-8"),
                }
            ]
        )
        page.wait_for_function(
            "(text) => document.querySelector('[data-checklist] [data-message]')"
            ".textContent.includes(text)",
            arg=IMPORTED[lang],
            timeout=VERDICT_MS,
        )
        shown = (
            page.locator(f"{ROOT} [data-message]").text_content()
            + page.locator(f"{ROOT} [role=alert]").text_content()
        )
        for name in RESERVED_KEYS:
            assert name in shown, shown
        assert UNKNOWN[lang] in shown
        wait_score(page, expected_score(d, {first: "partial"}), timeout=VERDICT_MS)
        assert page.locator(f'[data-item="{first}"] input[value="partial"]').is_checked()
        assert (
            page.locator(f'{ROOT} [data-result="progress"]').get_attribute("data-answered") == "1"
        )
        # saved and read back as an ordinary record
        page.reload()
        wait_engine_ready(page)
        wait_score(page, expected_score(d, {first: "partial"}), timeout=VERDICT_MS)
        assert page.locator(f"{ROOT} [role=alert]").text_content().strip() == ""
        assert page.js_errors == []
    finally:
        ctx.close()
