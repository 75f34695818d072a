"""Imported text never runs and never becomes markup (real engine, Japanese and English page).

An answers file carries markup, script, template and bidi payloads in its notes, in an unknown
item id and in an unknown answer. Each payload sets ``window.__pwned`` or opens a dialog if it
ever runs; an inline script or handler that the page's Content-Security-Policy blocks is caught
as a ``securitypolicyviolation``. After import, results, JSON and CSV export, print view and a
reload: nothing ran, no element was made from the file, and the text reads back literally.
Payloads in definition text (questions, titles, tables) are covered by tests/test_untrusted_input.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from test_checklist_import import answers_file, encode, notes
from test_checklist_widget import ROOT, SCORE_PAGE, checked, item_ids, wait_engine_ready

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "<svg onload=\"window.__pwned = 'svg'\"><circle r=1 /></svg>",
    "<a href=\"javascript:window.__pwned = 'href'\">javascript:alert('href')</a>",
    "</textarea><script>window.__pwned = 'textarea'</script><textarea>",
    '"><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "&lt;img src=x onerror=alert(1)&gt; &amp;lt; &#60;b&#62; &nbsp;",
    "{{ constructor.constructor('alert(1)')() }} ${alert(1)} {% raw %}",
    "\u202etxt.exe\u202c \u2066RTL\u2069 \u200fمرحبا",
    '=HYPERLINK("http://example.invalid","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
]
FORMULA = ("=", "+", "-", "@")

# Before any page script: a flag, dialogs that would fire, and CSP reports of blocked scripts.
WATCH = """
window.__pwned = undefined;
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(`${e.violatedDirective}: ${e.sample}`));
"""

# Elements and attributes any of the payloads would create if they were parsed as markup.
INJECTED = (
    "img[src='x'], svg[onload], [onerror], [onload], iframe[srcdoc], circle, "
    "a[href^='javascript:'], [data-checklist] textarea:not([data-note])"
)


def nothing_ran(page, dialogs: list[str], scripts: int) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__csp") == []
    assert dialogs == []
    assert page.locator(INJECTED).count() == 0
    assert page.locator("script").count() == scripts
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_imported_payloads_stay_text(page, base_url: str, lang: str) -> None:
    page.add_init_script(WATCH)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base_url + ("en/" if lang == "en" else "") + SCORE_PAGE)
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    wait_engine_ready(page)
    d = json.loads(page.locator(f"{ROOT} script[data-checklist-def]").text_content())
    ids = item_ids(d)
    assert len(ids) >= len(PAYLOADS)
    scripts = page.locator("script").count()
    importer = page.locator(f'{ROOT} input[type="file"][data-action="import"]')

    def load(data: bytes) -> None:
        importer.set_input_files(
            files=[{"name": "a.json", "mimeType": "application/json", "buffer": data}]
        )

    # 1. refused: the other checklist's name (a payload) is quoted as text in the alert
    load(encode(answers_file(d, {ids[0]: "no"}, checklist=PAYLOADS[1])))
    page.wait_for_function(
        "() => document.querySelector('[data-checklist] [data-alert]').textContent.trim()"
    )
    assert PAYLOADS[1] in page.locator(f"{ROOT} [data-alert]").text_content()
    nothing_ran(page, dialogs, scripts)

    # 2. accepted: payload notes on gap answers, a payload item id and a payload answer
    answers: dict[str, Any] = {
        item: {"value": "no", "note": note} for item, note in zip(ids, PAYLOADS, strict=False)
    }
    answers[PAYLOADS[2]] = {"value": "yes"}
    answers[ids[-1]] = {"value": PAYLOADS[0], "note": PAYLOADS[4]}
    load(encode(answers_file(d, answers)))
    message = page.locator(f"{ROOT} [data-message]")
    page.wait_for_function(
        "() => document.querySelector('[data-checklist] [data-message]').textContent.trim()"
    )
    shown = message.text_content()
    assert PAYLOADS[2][:39] in shown and PAYLOADS[0][:39] in shown  # named, cut at 40
    noted = dict(zip(ids, PAYLOADS, strict=False)) | {ids[-1]: PAYLOADS[4]}
    assert notes(page) == noted
    # results: the next steps list every item answered "no"
    page.wait_for_function(
        "(n) => document.querySelectorAll('[data-checklist] [data-result=next-steps] li').length >= n",
        arg=len(PAYLOADS),
    )
    nothing_ran(page, dialogs, scripts)

    # 3. JSON export carries the notes unchanged
    with page.expect_download() as info:
        page.locator(f'{ROOT} [data-action="export-json"]').click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert {k: v["note"] for k, v in exported["answers"].items() if v.get("note")} == noted

    # 4. CSV export: literal text; formulas defused with a leading apostrophe
    with page.expect_download() as info:
        page.locator(f'{ROOT} [data-action="export-csv"]').click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    rows = {row[1]: row for row in csv.reader(io.StringIO(text, newline=""))}
    for item, note in noted.items():
        cell = rows[item][4]
        assert cell == ("'" + note if note.startswith(FORMULA) else note), item
    for row in rows.values():
        assert not any(cell.startswith(FORMULA) for cell in row), row
    nothing_ran(page, dialogs, scripts)

    # 5. print view
    page.emulate_media(media="print")
    for item in noted:
        assert page.locator(f'[data-item="{item}"] textarea[data-note]').is_visible()
    nothing_ran(page, dialogs, scripts)
    page.emulate_media(media="screen")

    # 6. reload: the stored notes come back as text
    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    wait_engine_ready(page)
    assert notes(page) == noted
    assert checked(page) == {item: "no" for item in ids[: len(PAYLOADS)]}
    nothing_ran(page, dialogs, page.locator("script").count())
    assert page.locator("script").count() == scripts
    assert page.request_log.outside() == []
