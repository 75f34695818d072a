"""Messages where the eyes are, printing only with scores, and whose answers these are
(issue 18 §4 and §8), in both languages on a 1366×768 laptop.

- Export, import and reset say what they did next to their buttons and in the root's alert or
  status region; the words name the checklist by its title, an export names its file and
  where it went, and a file of another checklist is named by that checklist's title.
- The print button waits for the score of the current answers and says so; a print started
  before the score is ready (Ctrl+P) leaves the results out and says why.
- The optional organisation name is kept with the answers, printed on the report, written at
  the top level of the answers file and at the start of the exported files' names, read back
  from an imported file, and erased with the answers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from runtime_helpers import HOLD_SCORES
from runtime_helpers import wait_scores_settled as wait_scored
from test_checklist_widget import (
    ROOT,
    SCORE_PAGE,
    _answers_file,
    _import,
    answer,
    item_ids,
    no_outside_requests,
    note_box,
    open_checklist,
    stored,
    wait_engine_ready,
)

from econsec.engine.exchange import parse_import
from econsec.engine.model import Checklist
from econsec.sources.checklists import load_checklist_by_id

pytestmark = [pytest.mark.browser, pytest.mark.warm]

LAPTOP = {"width": 1366, "height": 768}
PAGES = {"ja": SCORE_PAGE, "en": f"en/{SCORE_PAGE}"}
TITLE = {"ja": "技術流出対策チェックリスト", "en": "Technology Leakage"}
# The other checklist's title, as its definition gives it.
OTHER_TITLE = dict(load_checklist_by_id("prior-report-screening", Path("checklists")).title)
ACTIONS = f"{ROOT} [data-actions]"
NEAR = f"{ACTIONS} > [data-local-message]"
ORG = f'{ROOT} input[name="organisation"]'


def open_page(page, base_url: str, lang: str) -> dict:
    page.set_viewport_size(LAPTOP)
    d = open_checklist(page, base_url, PAGES[lang])
    wait_engine_ready(page)
    return d


def near_text(page, selector: str = NEAR) -> str:
    return page.locator(selector).text_content().strip()


def on_screen_next_to(page, control: str, message: str) -> None:
    """The message is in the viewport, within a few lines of its control."""
    c = page.locator(control).bounding_box()
    m = page.locator(message).bounding_box()
    assert m and c, (control, message)
    assert m["y"] >= 0 and m["y"] + m["height"] <= LAPTOP["height"], m
    assert abs(m["y"] - c["y"]) < 250, (c, m)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_export_says_which_file_where_next_to_the_button(page, base_url, lang):
    d = open_page(page, base_url, lang)
    answer(page, item_ids(d)[0], "yes")
    button = f'{ACTIONS} [data-action="export-json"]'
    with page.expect_download() as info:
        page.locator(button).click()
    name = info.value.suggested_filename
    said = near_text(page)
    assert name in said and TITLE[lang] in said
    assert ("ダウンロード" if lang == "ja" else "Downloads") in said
    assert page.locator(f"{ROOT} [data-message]").text_content().strip() == said
    on_screen_next_to(page, button, NEAR)
    no_outside_requests(page)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_refused_import_is_said_next_to_the_control_with_the_other_title(page, base_url, lang):
    d = open_page(page, base_url, lang)
    data = _answers_file(d, {item_ids(d)[0]: "yes"}, checklist="prior-report-screening")
    control = f'{ACTIONS} input[data-action="import"]'
    page.locator(control).scroll_into_view_if_needed()
    _import(page, "other.json", data)
    page.wait_for_function(
        "(sel) => document.querySelector(sel).textContent.trim() !== ''", arg=NEAR
    )
    said = near_text(page)
    assert OTHER_TITLE[lang] in said, said
    alert = page.locator(f'{ROOT} [role="alert"]').first.text_content().strip()
    assert alert == said
    on_screen_next_to(page, control, NEAR)
    no_outside_requests(page)


def test_a_file_of_an_unknown_checklist_keeps_the_engines_words(page, base_url):
    d = open_page(page, base_url, "ja")
    _import(page, "x.json", _answers_file(d, {item_ids(d)[0]: "yes"}, checklist="no-such-list"))
    page.wait_for_function(
        "(sel) => document.querySelector(sel).textContent.trim() !== ''", arg=NEAR
    )
    assert "no-such-list" in near_text(page)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_reset_and_import_name_the_checklist_by_its_title(page, base_url, lang):
    d = open_page(page, base_url, lang)
    ids = item_ids(d)
    _import(page, "mine.json", _answers_file(d, {ids[0]: "no", ids[1]: "yes"}))
    page.wait_for_function(
        "(sel) => document.querySelector(sel).textContent.trim() !== ''", arg=NEAR
    )
    assert TITLE[lang] in near_text(page) and "2" in near_text(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f'{ACTIONS} [data-action="reset"]').click()
    page.wait_for_function(
        "([sel, t]) => document.querySelector(sel).textContent.includes(t)",
        arg=[NEAR, "消去" if lang == "ja" else "deleted"],
    )
    assert TITLE[lang] in near_text(page)


def test_messages_of_another_group_stay_in_their_group(page, base_url):
    """Export speaks in the actions group; a later comparison clears it and speaks in its own."""
    d = open_page(page, base_url, "ja")
    answer(page, item_ids(d)[0], "yes")
    with page.expect_download():
        page.locator(f'{ACTIONS} [data-action="export-json"]').click()
    assert near_text(page)
    page.locator(f'{ROOT} input[data-action="compare"]').set_input_files(
        files=[{"name": "x.json", "mimeType": "application/json", "buffer": b"not json"}]
    )
    compare_near = f"{ROOT} [data-compare] > [data-local-message]"
    page.wait_for_function(
        "(sel) => document.querySelector(sel).textContent.trim() !== ''", arg=compare_near
    )
    assert near_text(page) == ""
    assert "読み込めません" in near_text(page, compare_near)


PRINT_COUNTER = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_print_waits_for_the_score_and_says_so(page, base_url, lang):
    page.add_init_script(PRINT_COUNTER)
    d = open_page(page, base_url, lang)
    wait_scored(page)
    page.evaluate(HOLD_SCORES)
    answer(page, item_ids(d)[0], "yes")
    page.locator(f'{ACTIONS} [data-action="print"]').click()
    assert page.evaluate("window.__printed || 0") == 0
    assert ("印刷の画面を開きます" if lang == "ja" else "print dialog opens") in near_text(page)
    page.evaluate("() => window.__econsecRelease()")
    page.wait_for_function("() => window.__printed === 1", timeout=30_000)
    assert near_text(page) == ""
    assert page.locator(f'{ROOT} [data-result="score"]').get_attribute("data-value") == "100"
    # With the score current, it prints at once.
    page.locator(f'{ACTIONS} [data-action="print"]').click()
    assert page.evaluate("window.__printed") == 2


def test_a_print_before_the_score_leaves_the_results_out_and_says_why(page, base_url):
    d = open_page(page, base_url, "ja")
    wait_scored(page)
    page.evaluate(HOLD_SCORES)
    answer(page, item_ids(d)[0], "yes")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    try:
        note = page.locator(f"{ROOT} [data-print-unscored-note]")
        assert note.is_visible() and "点数" in note.text_content()
        assert not page.locator(f"{ROOT} section[data-results]").is_visible()
    finally:
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        page.emulate_media(media="screen")
    assert page.locator(f"{ROOT}[data-print-unscored]").count() == 0
    # Printed with the score current, the report has its results and no such line.
    page.evaluate("() => window.__econsecRelease()")
    wait_scored(page)
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    try:
        assert not page.locator(f"{ROOT} [data-print-unscored-note]").is_visible()
        assert page.locator(f'{ROOT} [data-result="score"]').is_visible()
    finally:
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        page.emulate_media(media="screen")


# ------------------------------------------------------------------ whose answers (§8)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_organisation_is_kept_printed_exported_and_erased(page, base_url, lang):
    d = open_page(page, base_url, lang)
    ids = item_ids(d)
    answer(page, ids[0], "no")
    label = page.locator(f"{ROOT} label[for='{page.locator(ORG).get_attribute('id')}']")
    assert (
        label.is_visible() and ("組織名" if lang == "ja" else "Organisation") in label.inner_text()
    )
    page.locator(ORG).fill("  株式会社 東北/精密:工業  ")
    page.locator(ORG).blur()
    (record,) = stored(page).values()
    assert record["organisation"] == "株式会社 東北/精密:工業"

    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert page.locator(ORG).input_value() == "株式会社 東北/精密:工業"

    wait_engine_ready(page)
    with page.expect_download() as info:
        page.locator(f'{ACTIONS} [data-action="export-json"]').click()
    name = info.value.suggested_filename
    assert re.fullmatch(
        r"株式会社_東北_精密_工業-" + re.escape(d["id"]) + r"-\d{4}-\d{2}-\d{2}\.json", name
    ), name
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["organisation"] == "株式会社 東北/精密:工業"
    with page.expect_download() as info:
        page.locator(f'{ACTIONS} [data-action="export-csv"]').click()
    assert info.value.suggested_filename.startswith("株式会社_東北_精密_工業-")

    page.emulate_media(media="print")
    try:
        printed = page.locator(f"{ROOT} [data-print-organisation]")
        assert printed.is_visible() and "株式会社 東北/精密:工業" in printed.inner_text()
    finally:
        page.emulate_media(media="screen")
    assert not page.locator(f"{ROOT} [data-print-organisation]").is_visible()

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f'{ACTIONS} [data-action="reset"]').click()
    page.wait_for_function("(sel) => document.querySelector(sel).value === ''", arg=ORG)
    assert all("organisation" not in r for r in stored(page).values())
    no_outside_requests(page)


def test_an_imported_file_brings_its_organisation_and_one_without_keeps_it(page, base_url):
    d = open_page(page, base_url, "ja")
    ids = item_ids(d)
    page.on("dialog", lambda dialog: dialog.accept())
    _import(page, "a.json", _answers_file(d, {ids[0]: "yes"}, organisation="製造部"))
    page.wait_for_function("(sel) => document.querySelector(sel).value === '製造部'", arg=ORG)
    _import(page, "b.json", _answers_file(d, {ids[1]: "no"}))
    page.wait_for_function(
        "() => document.querySelector('[data-item] input[value=no]:checked') !== null"
    )
    assert page.locator(ORG).input_value() == "製造部"
    (record,) = stored(page).values()
    assert record["organisation"] == "製造部"


def test_no_organisation_no_key_and_the_plain_file_name(page, base_url):
    d = open_page(page, base_url, "en")
    answer(page, item_ids(d)[0], "yes")
    with page.expect_download() as info:
        page.locator(f'{ACTIONS} [data-action="export-json"]').click()
    assert re.fullmatch(
        re.escape(d["id"]) + r"-\d{4}-\d{2}-\d{2}\.json", info.value.suggested_filename
    )
    assert "organisation" not in json.loads(Path(info.value.path()).read_text(encoding="utf-8"))


# ------------------------------------------------------------------ anonymous export (13 §2)
ANONYMOUS_KEYS = {
    "format",
    "format_version",
    "checklist",
    "checklist_version",
    "anonymous",
    "exported_on",
    "answers",
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_anonymous_export_holds_the_answers_and_nothing_that_tells_who(page, base_url, lang):
    d = open_page(page, base_url, lang)
    ids = item_ids(d)
    answer(page, ids[0], "no")
    answer(page, ids[1], "partial")
    note_box(page, ids[0]).fill("工場長の田中が担当")
    plan = page.locator(f'{ROOT} [data-plan="{ids[0]}"]')
    plan.locator('input[name="owner"]').fill("総務部 佐藤")
    page.locator(ORG).fill("株式会社秘密精工")
    page.locator(ORG).blur()
    with page.expect_download() as info:
        page.locator(f'{ACTIONS} [data-action="export-anonymous"]').click()
    name = info.value.suggested_filename
    assert re.fullmatch(re.escape(d["id"]) + r"-anonymous-\d{4}-\d{2}-\d{2}\.json", name), name
    raw = Path(info.value.path()).read_text(encoding="utf-8")
    data = json.loads(raw)
    assert set(data) == ANONYMOUS_KEYS and data["anonymous"] is True
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["exported_on"])  # the date, no time of day
    assert data["answers"] == {ids[0]: {"value": "no"}, ids[1]: {"value": "partial"}}
    for private in ("田中", "佐藤", "秘密精工", "T0", 'Z"'):
        assert private not in raw, private
    said = near_text(page)
    assert name in said and TITLE[lang] in said
    # Read back by the engine as any answers file: the self-check takes it.
    assert parse_import(raw, Checklist.from_dict(d))["answers"] == {
        ids[0]: {"value": "no", "note": ""},
        ids[1]: {"value": "partial", "note": ""},
    }
    no_outside_requests(page)
