"""A seminar from the offline bundle (issue 13, from file://, in both languages): an attendee
exports anonymously and prints a blank worksheet; the facilitator combines the files in anonymous
mode. Nothing is asked of any server (``file_page`` allows only file:, data: and blob:).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runtime_helpers import wait_engine
from test_checklist_widget import answers_record

from econsec.mdext.worksheet import WORKSHEET_TEXT
from econsec.sources.checklists import load_checklist_by_id

pytestmark = pytest.mark.browser

PREFIX = {"ja": "", "en": "en/"}
ROOT = "[data-checklist]"
OUT = '[data-combine] [data-result="combined"]'
D = load_checklist_by_id("tech-leakage-ch1", Path("checklists")).to_dict()
IDS = [i for s in D["sections"] for i in s["items"]]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_seminar_from_the_bundle(file_page, bundle_dir: Path, lang: str) -> None:
    page = file_page
    page.goto((bundle_dir / PREFIX[lang] / "checks" / "tech-leakage-ch1.html").as_uri())
    wait_engine(page)
    page.locator(f'{ROOT} [data-item="{IDS[0]}"] input[value="no"]').check()
    page.locator(f'{ROOT} input[name="organisation"]').fill("株式会社秘密精工")
    # The attendee's anonymous file: the answers only.
    with page.expect_download() as info:
        page.locator(f'{ROOT} [data-action="export-anonymous"]').click()
    anonymous = Path(info.value.path()).read_bytes()
    data = json.loads(anonymous)
    assert data["anonymous"] is True and data["answers"] == {IDS[0]: {"value": "no"}}
    assert "秘密精工" not in anonymous.decode("utf-8")
    # A blank worksheet for someone without a device.
    page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
    page.locator(f'{ROOT} [data-action="print-blank"]').click()
    sheet = page.locator("[data-blank-worksheet]")
    assert sheet.locator("[data-blank-item]").count() == len(IDS)
    title = WORKSHEET_TEXT[lang]["title"].format(title=D["title"][lang])
    assert sheet.locator("h1").text_content() == title
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")

    # The facilitator combines it with two others, anonymously.
    page.goto((bundle_dir / PREFIX[lang] / "checks" / "combine.html").as_uri())
    wait_engine(page)
    others = [
        json.dumps(answers_record(D, {IDS[0]: "yes", IDS[1]: "no"})).encode("utf-8"),
        json.dumps(answers_record(D, {IDS[0]: "partial"}, organisation="製造部")).encode("utf-8"),
    ]
    files = [anonymous, *others]
    page.locator('[data-combine] input[data-action="anonymous"]').check()
    page.locator('[data-combine] input[type="file"][data-action="combine"]').set_input_files(
        files=[
            {"name": f"f{n}.json", "mimeType": "application/json", "buffer": data}
            for n, data in enumerate(files)
        ]
    )
    page.wait_for_selector(f'{OUT}[data-respondents="3"]', state="attached")
    row = page.locator(f'{OUT} [data-item-summary="{IDS[0]}"]')
    assert [row.get_attribute(f"data-{v}") for v in ("yes", "partial", "no")] == ["1", "1", "1"]
    shown = page.locator("[data-combine]").inner_text()
    assert "製造部" not in shown and "f1.json" not in shown
    assert page.locator(f"{OUT} [data-most-gaps] a[data-guidance]").count() >= 1
    assert page.request_log.outside() == [] and page.js_errors == []
