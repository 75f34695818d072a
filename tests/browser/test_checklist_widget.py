"""The self-check widget in a real browser (Debian's Chromium through Playwright).

The tests drive the widget with the real engine (engine-bridge.js: Pyodide in a worker), watched
by ENGINE_SPY (injected with ``add_init_script`` before the page's scripts run); a few inject
their own ``window.EconsecEngine`` that never starts or fails. test_checklist_engine.py compares
what the page shows with ``econsec.engine`` in Python. Every test also proves that the page
asked nothing of the outside world.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from runtime_helpers import ENGINE_SPY, wait_scores_settled

from econsec.engine.exchange import FORMAT_VERSION
from econsec.mdext.widget_text import WIDGET_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.warm]


SCORE_PAGE = "checks/tech-leakage-ch1.html"
SCREENING_PAGE = "checks/prior-report-screening.html"
ROOT = "[data-checklist]"


# ------------------------------------------------------------------------------------ helpers
def open_checklist(page, base_url: str, path: str = SCORE_PAGE, *, spy: bool = True) -> dict:
    """Open a checklist page (with ENGINE_SPY unless ``spy`` is false: a test's own stand-in);
    return its embedded definition JSON."""
    if spy:
        page.add_init_script(ENGINE_SPY)
    page.goto(base_url + path)
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    return definition(page)


def definition(page) -> dict[str, Any]:
    return json.loads(page.locator(f"{ROOT} script[data-checklist-def]").text_content())


def radio(page, item_id: str, value: str):
    return page.locator(f'[data-item="{item_id}"] input[type="radio"][value="{value}"]')


def answer(page, item_id: str, value: str) -> None:
    radio(page, item_id, value).check()


def note_box(page, item_id: str):
    """An item's note box, opened first with 「メモを書く」 when the script shows that instead."""
    item = page.locator(f'[data-item="{item_id}"]')
    button = item.locator('[data-action="open-note"]')
    if button.count() and button.is_visible():
        button.click()
    return item.locator("textarea[data-note]")


def checked(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('[data-item]'))
            .map((el) => [el.dataset.item, el.querySelector('input[type=radio]:checked')])
            .filter(([, r]) => r).map(([id, r]) => [id, r.value]))"""
    )


def stored(page) -> dict[str, Any]:
    """Every econsec key in localStorage, parsed."""
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage)
            .filter((k) => k.startsWith('econsec:')).map((k) => [k, JSON.parse(localStorage[k])]))"""
    )


def progress(page) -> tuple[int, int]:
    el = page.locator(f'{ROOT} [data-result="progress"]')
    return int(el.get_attribute("data-answered")), int(el.get_attribute("data-total"))


SAVED_NOTE_JS = """([id, note]) => Object.keys(localStorage).some((k) => {
  if (!k.startsWith('econsec:')) return false;
  try {
    const a = (JSON.parse(localStorage[k]).answers || {})[id];
    return Boolean(a) && a.note === note;
  } catch (e) { return false; }
})"""


def wait_saved_note(page, item_id: str, note: str) -> None:
    """Wait until a saved record holds ``note`` for ``item_id`` (notes are saved shortly after
    typing stops)."""
    page.wait_for_function(SAVED_NOTE_JS, arg=[item_id, note])


def wait_engine_ready(page, timeout: float = 90_000) -> None:
    page.wait_for_selector(f'{ROOT}[data-engine="ready"]', state="attached", timeout=timeout)


def wait_score(page, value: str, timeout: float = 30_000) -> None:
    """Wait until [data-result=score] shows data-value=value."""
    page.wait_for_selector(
        f'{ROOT} [data-result="score"][data-value="{value}"]', state="attached", timeout=timeout
    )


def expected_score(d: dict, answers: dict[str, str]) -> str | None:
    """The contract's score rule, for checking what the page shows."""
    value = {"yes": 1, "partial": 0.5, "no": 0, "unknown": 0}
    weights = {it["id"]: it["weight"] for it in d["items"]}
    counted = [(weights[i], value[a]) for i, a in answers.items() if a in value]
    den = sum(w for w, _ in counted)
    if not den:
        return None
    from decimal import ROUND_HALF_UP, Decimal

    raw = Decimal(100) * Decimal(str(sum(w * v for w, v in counted))) / Decimal(str(den))
    x = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(int(x)) if x == x.to_integral() else str(x)


def item_ids(d: dict) -> list[str]:
    return [i for s in d["sections"] for i in s["items"]]


def no_outside_requests(page) -> None:
    assert page.request_log.outside() == []
    assert page.js_errors == []


def alert_text(page) -> str:
    return page.locator(f'{ROOT} [role="alert"]').first.text_content().strip()


def has_japanese(text: str) -> bool:
    return re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) is not None


# ------------------------------------------------------------------------------------ tests
def test_answering_updates_progress_and_survives_reload(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    assert progress(page) == (0, len(ids))
    answer(page, ids[0], "yes")
    answer(page, ids[1], "unknown")
    answer(page, ids[1], "no")  # a change, not a second answer
    assert progress(page) == (2, len(ids))
    text = page.locator(f'{ROOT} [data-result="progress"]').inner_text()
    assert f"{len(ids)} 項目中 2 項目に回答済み" in text
    bar = page.locator(f'{ROOT} [data-result="progress"] progress')
    assert bar.evaluate("(b) => [b.value, b.max]") == [2, len(ids)]
    assert bar.evaluate("(b) => b.labels.length > 0 || b.hasAttribute('aria-labelledby')")

    note = note_box(page, ids[0])
    note.fill("担当：総務部、2026年度中に文書化")
    wait_saved_note(page, ids[0], "担当：総務部、2026年度中に文書化")

    saved = stored(page)
    key = f"econsec:v1:{page.get_attribute('meta[name=econsec-build]', 'content').split('+')[0]}:{d['id']}@{d['version']}"
    assert list(saved) == [key]
    assert saved[key]["answers"][ids[0]] == {
        "value": "yes",
        "note": "担当：総務部、2026年度中に文書化",
    }
    assert saved[key]["answers"][ids[1]]["value"] == "no"

    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert checked(page) == {ids[0]: "yes", ids[1]: "no"}
    assert progress(page) == (2, len(ids))
    assert note.input_value() == "担当：総務部、2026年度中に文書化"
    # next steps are pre-rendered and shown only after a gap answer
    assert page.locator(f'[data-item="{ids[0]}"] [data-next-step]').is_hidden()
    assert page.locator(f'[data-item="{ids[1]}"] [data-next-step]').is_visible()
    assert page.locator(f'[data-item="{ids[2]}"] [data-next-step]').is_hidden()
    no_outside_requests(page)


def test_results_render_from_engine(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    page.wait_for_selector(f'{ROOT}[data-engine="ready"]', state="attached")
    status = page.locator(f"{ROOT} [data-engine-status]").inner_text()
    assert status.endswith(WIDGET_TEXT["ja"]["engine"]["ready"])
    assert page.locator(f'{ROOT} [data-result="score"]').get_attribute("data-value") is None

    answers = {ids[0]: "yes", ids[1]: "partial", ids[2]: "no", ids[3]: "unknown", ids[4]: "na"}
    for item, value in answers.items():
        answer(page, item, value)
    want = expected_score(d, answers)
    wait_score(page, want)
    assert want in page.locator(f'{ROOT} [data-result="score"]').inner_text()

    # counts, including わからない and unanswered
    counts = page.locator(f'{ROOT} [data-result="counts"]')
    assert counts.locator('tr[data-count="unknown"] th').inner_text() == "わからない"
    assert counts.locator('tr[data-count="unknown"] td').inner_text() == "1"
    assert counts.locator('tr[data-count="unanswered"] td').inner_text() == str(len(ids) - 5)

    # the chart: inline SVG with a title, a description naming every section, numbers as text
    chart = page.locator(f'{ROOT} [data-result="chart"] svg')
    assert chart.get_attribute("role") == "img"
    assert chart.locator("title").text_content()
    desc = chart.locator("desc").text_content()
    for s in d["sections"]:
        assert s["title"]["ja"] in desc
    assert chart.locator("g[data-section]").count() == len(d["sections"])
    assert chart.locator("pattern").count() >= 1  # bars carry a pattern, not colour alone

    # weakest section and next steps (no/unknown before partial), each with a guidance link
    assert page.locator(f'{ROOT} [data-result="weakest"] [data-weakest-text]').inner_text() != "—"
    weakest_rows = page.locator(f'{ROOT} [data-result="sections"] tr[data-weakest]')
    assert weakest_rows.count() == 1 and "最も弱い" in weakest_rows.inner_text()
    steps = page.locator(f'{ROOT} [data-result="next-steps"] li')
    order = [steps.nth(i).get_attribute("data-next-item") for i in range(steps.count())]
    assert set(order) == {ids[1], ids[2], ids[3]}
    assert order[-1] == ids[1]  # partial last
    for i in range(steps.count()):
        href = steps.nth(i).locator("a").first.get_attribute("href")
        assert href and ".html#" in href and ".md" not in href
    no_outside_requests(page)


def test_a_focused_next_step_link_keeps_the_focus_when_scored_again(page, base_url):
    # The next steps are drawn anew when a score changes them; a keyboard user on one of their
    # links stays on it, and when its step is gone, on the next steps' heading. Answers change
    # with click() in the page, which does not move the focus.
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    wait_engine_ready(page)
    answer(page, ids[0], "no")
    answer(page, ids[1], "no")
    step = f'{ROOT} [data-result="next-steps"] [data-next-item="{ids[1]}"]'
    page.wait_for_selector(step)
    goto = f"{step} .econsec-next-steps__goto a"  # 「この設問へ」
    page.locator(goto).focus()
    on_link = f"""() => document.activeElement?.matches('{goto}')"""
    assert page.evaluate(on_link)
    # A score that leaves the steps as they were leaves the list alone: the same link, focused
    # once (focusing it again would have a screen reader read it out again).
    page.locator(goto).evaluate(
        "(a) => { a.__kept = true; a.__focused = 0;"
        " a.addEventListener('focus', () => { a.__focused += 1 }) }"
    )
    calls = page.evaluate("() => window.__econsecScoreCalls.length")
    radio(page, ids[3], "yes").evaluate("(e) => e.click()")
    page.wait_for_function("(n) => window.__econsecScoreCalls.length > n", arg=calls)
    wait_scores_settled(page)
    assert page.locator(goto).evaluate("(a) => [a.__kept === true, a.__focused]") == [True, 0]
    assert page.evaluate(on_link)
    radio(page, ids[2], "unknown").evaluate("(e) => e.click()")
    page.wait_for_selector(f'{ROOT} [data-result="next-steps"] [data-next-item="{ids[2]}"]')
    assert page.evaluate(on_link)
    radio(page, ids[1], "yes").evaluate("(e) => e.click()")
    page.wait_for_selector(step, state="detached")
    assert page.evaluate(
        """() => document.activeElement
                  === document.querySelector('[data-result="next-steps"] h4')"""
    )
    assert page.js_errors == []


def test_latest_request_wins(page, base_url):
    page.add_init_script("window.__econsecScoreDelay = (n) => (n === 2 ? 600 : 0);")
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    page.wait_for_selector(f'{ROOT}[data-engine="ready"]', state="attached")
    page.wait_for_function("() => window.__econsecScoreCalls.length >= 1")
    answer(page, ids[0], "yes")  # call 2: slow
    answer(page, ids[0], "no")  # call 3: fast
    wait_score(page, "0")
    # the slow, stale answer arrives now and must be dropped
    page.wait_for_function("() => window.__econsecScoreSettled.includes(2)")
    assert page.locator(f'{ROOT} [data-result="score"]').get_attribute("data-value") == "0"
    no_outside_requests(page)


def test_language_switch_keeps_answers(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    answer(page, ids[0], "partial")
    answer(page, ids[-1], "na")
    page.locator("[data-econsec-lang-switch]").first.click()
    page.wait_for_url(re.compile(r"/en/" + re.escape(SCORE_PAGE) + "$"))
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert page.get_attribute("meta[name=econsec-lang]", "content") == "en"
    assert checked(page) == {ids[0]: "partial", ids[-1]: "na"}
    assert progress(page) == (2, len(ids))
    labels = page.locator(f'[data-item="{ids[0]}"] .econsec-choice').all_inner_texts()
    assert [x.strip() for x in labels] == [
        "Implemented",
        "Partly implemented",
        "Not implemented",
        "Don't know",
        "Not applicable",
    ]
    assert "items answered" in page.locator(f'{ROOT} [data-result="progress"]').inner_text()
    # and back: an answer given in English shows in Japanese
    answer(page, ids[1], "yes")
    page.locator("[data-econsec-lang-switch]").first.click()
    page.wait_for_url(re.compile(r"/" + re.escape(SCORE_PAGE) + "$"))
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert checked(page) == {ids[0]: "partial", ids[1]: "yes", ids[-1]: "na"}
    no_outside_requests(page)


def test_export_json(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    answer(page, ids[0], "yes")
    answer(page, ids[2], "unknown")
    note_box(page, ids[2]).fill("確認中")
    with page.expect_download() as info:
        page.locator(f'{ROOT} [data-action="export-json"]').click()
    download = info.value
    assert re.fullmatch(
        re.escape(d["id"]) + r"-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename
    )
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["format"] == "econsec-answers"
    assert data["format_version"] == FORMAT_VERSION
    assert data["checklist"] == d["id"]
    assert data["checklist_version"] == d["version"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", data["exported_at"])
    assert data["site"] == page.get_attribute("meta[name=econsec-build]", "content")
    assert data["lang"] == "ja"
    assert data["answers"] == {
        ids[0]: {"value": "yes"},
        ids[2]: {"value": "unknown", "note": "確認中"},
    }
    no_outside_requests(page)


def test_export_csv(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    answer(page, ids[0], "yes")
    answer(page, ids[1], "partial")
    tricky = '=HYPERLINK("http://example.invalid","x"), 改行\nあり'
    note_box(page, ids[1]).fill(tricky)
    with page.expect_download() as info:
        page.locator(f'{ROOT} [data-action="export-csv"]').click()
    download = info.value
    assert re.fullmatch(
        re.escape(d["id"]) + r"-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename
    )
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert text.endswith("\r\n") and text.count("\r\n") == len(rows)  # CRLF ends every record
    # The action plan's own columns close the row (issue 12: answers file format 2).
    assert text.split("\r\n", 1)[0] == "区分,項目ID,設問,回答,メモ,重み,出典,担当,期限,状況"
    assert len(rows) == 1 + len(ids)
    by_id = {r[1]: r for r in rows[1:]}
    first = by_id[ids[0]]
    item0 = next(it for it in d["items"] if it["id"] == ids[0])
    assert first[2].lstrip("'") == item0["text"]["ja"]
    assert first[3] == "実施している"
    assert by_id[ids[1]][3] == "一部実施"
    assert by_id[ids[1]][4] == "'" + tricky  # quoted (comma, quotes, newline) and defused
    assert by_id[ids[2]][3] == "未回答"
    assert by_id[ids[0]][5] == str(item0["weight"])
    assert by_id[ids[0]][6]  # provenance
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    no_outside_requests(page)


def test_print_stylesheet(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    answer(page, ids[0], "no")
    page.wait_for_selector(f'{ROOT} [data-result="score"][data-value]', state="attached")
    assert page.locator(f'{ROOT} [data-action="export-json"]').is_visible()
    assert page.locator("[data-print-meta]").is_hidden()
    page.emulate_media(media="print")
    for hidden in (
        ".md-header",
        ".md-sidebar--primary",
        ".econsec-actions",
        "[data-engine-status]",
    ):
        assert page.locator(hidden).first.is_hidden(), hidden
    for shown in (
        ".econsec-checklist__title",
        "[data-print-meta]",
        '[data-result="score"]',
        '[data-result="chart"] svg',
        '[data-result="next-steps"] li',
        f'[data-item="{ids[0]}"] [data-next-step]',
    ):
        assert page.locator(shown).first.is_visible(), shown
    assert re.search(r"\d{4}-\d{2}-\d{2}", page.locator("[data-print-meta]").inner_text())
    assert page.locator(f'[data-item="{ids[1]}"] [data-next-step]').is_hidden()  # no gap
    page_rule = page.evaluate(
        """() => { for (const s of document.styleSheets) { let rules; try { rules = s.cssRules; }
             catch (e) { continue; }
             const walk = (list) => { for (const r of list) {
               if (r instanceof CSSPageRule) return r.style.getPropertyValue('size');
               if (r.cssRules) { const x = walk(r.cssRules); if (x) return x; } } return null; };
             const found = walk(rules); if (found) return found; } return null; }"""
    )
    assert page_rule and "A4" in page_rule.upper()
    page.emulate_media(media="screen")
    no_outside_requests(page)


def test_print_button_calls_window_print(page, base_url):
    page.add_init_script(
        "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
    )
    open_checklist(page, base_url)
    page.locator(f'{ROOT} [data-action="print"]').click()
    # It waits for the score of the answers (test_messages_near.py), then prints once.
    page.wait_for_function("() => window.__printed === 1")
    no_outside_requests(page)


def test_reset_asks_and_clears(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    answer(page, ids[0], "yes")
    answer(page, ids[1], "no")
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator(f'{ROOT} [data-action="reset"]').click()
    assert dialogs and "消去" in dialogs[0]
    assert checked(page) == {ids[0]: "yes", ids[1]: "no"}

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f'{ROOT} [data-action="reset"]').click()
    assert checked(page) == {}
    assert progress(page) == (0, len(ids))
    assert all(v["answers"] == {} for v in stored(page).values())
    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert checked(page) == {}
    no_outside_requests(page)


def answers_record(d: dict, answers: Any, **extra: Any) -> dict[str, Any]:
    """An export of checklist ``d`` holding ``answers``; ``extra`` overrides any field."""
    data = {
        "format": "econsec-answers",
        "format_version": 1,
        "checklist": d["id"],
        "checklist_version": d["version"],
        "exported_at": "2026-11-25T12:00:00Z",
        "site": "0.1.0+2026-11-25",
        "lang": "ja",
        "answers": answers,
    }
    data.update(extra)
    return data


def _answers_file(d: dict, answers: dict[str, Any], **extra: Any) -> bytes:
    return json.dumps(answers_record(d, answers, **extra), ensure_ascii=False).encode("utf-8")


def _import(page, name: str, data: bytes) -> None:
    page.locator(f'{ROOT} input[type="file"][data-action="import"]').set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": data}]
    )


def test_import_good_file_asks_before_replacing(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    page.wait_for_selector(f'{ROOT}[data-engine="ready"]', state="attached")
    answer(page, ids[0], "no")
    good = _answers_file(
        d,
        {
            ids[1]: {"value": "yes", "note": "読み込んだメモ"},
            ids[2]: {"value": "partial"},
            "zz-gone": {"value": "yes"},
        },
    )
    # declined: nothing changes
    page.once("dialog", lambda dialog: dialog.dismiss())
    _import(page, "answers.json", good)
    page.wait_for_function("() => document.querySelector('[data-message]').textContent.length > 0")
    assert checked(page) == {ids[0]: "no"}
    # accepted: the file's answers replace the current ones, the unknown item is reported
    page.once("dialog", lambda dialog: dialog.accept())
    _import(page, "answers.json", good)
    page.wait_for_function(
        "(id) => document.querySelector(`[data-item='${id}'] input[value=yes]`).checked", arg=ids[1]
    )
    assert checked(page) == {ids[1]: "yes", ids[2]: "partial"}
    assert page.locator(f'[data-item="{ids[1]}"] textarea').input_value() == "読み込んだメモ"
    message = page.locator(f"{ROOT} [data-message]").inner_text()
    assert "読み込みました" in message and "zz-gone" in message
    assert progress(page) == (2, len(ids))
    no_outside_requests(page)


BAD_FILES = {
    "not-json": b"\xef\xbb\xbf\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xaf JSON \xe3\x81\xa7\xe3\x81\xaf\xe3\x81\xaa\xe3\x81\x84",
    "wrong-checklist": None,  # built from the definition
    "too-large": b"{" + b" " * (1024 * 1024 + 10) + b"}",
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_import_bad_file_changes_nothing(page, base_url, case):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    page.wait_for_selector(f'{ROOT}[data-engine="ready"]', state="attached")
    answer(page, ids[0], "yes")
    before = stored(page)
    data = BAD_FILES[case]
    if case == "wrong-checklist":
        data = _answers_file(d, {ids[0]: {"value": "no"}}, checklist="some-other-checklist")
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected dialog: {dialog.message}"))
    _import(page, f"{case}.json", data)
    page.wait_for_function(
        "() => document.querySelector('[data-checklist] [role=alert]').textContent.trim().length > 0"
    )
    message = alert_text(page)
    assert has_japanese(message), message
    if case == "too-large":
        assert "1 MB" in message
    assert checked(page) == {ids[0]: "yes"}
    assert stored(page) == before
    no_outside_requests(page)


def test_import_without_engine_explains(page, base_url):
    # an engine that never becomes ready
    page.add_init_script(
        "window.EconsecEngine = { state: 'loading', ready: new Promise(() => {}), onState() {},"
        " score() { return new Promise(() => {}); }, parseImport() { throw new Error('no'); } };"
    )
    d = open_checklist(page, base_url, spy=False)
    answer(page, item_ids(d)[0], "yes")
    assert page.locator(ROOT).get_attribute("data-engine") == "loading"
    status = page.locator(f"{ROOT} [data-engine-status]").inner_text()
    assert status.endswith(WIDGET_TEXT["ja"]["engine"]["loading"])
    _import(page, "a.json", _answers_file(d, {}))
    page.wait_for_function(
        "() => document.querySelector('[data-checklist] [role=alert]').textContent.trim().length > 0"
    )
    assert WIDGET_TEXT["ja"]["import_needs_engine"] in alert_text(page)
    assert checked(page) == {item_ids(d)[0]: "yes"}
    no_outside_requests(page)


def test_engine_error_is_shown_and_answers_still_save(page, base_url):
    page.add_init_script(
        "window.EconsecEngine = { state: 'loading', ready: Promise.reject(new Error('wasm failed')),"
        " onState() {}, score() {}, parseImport() {} }; window.EconsecEngine.ready.catch(() => {});"
    )
    d = open_checklist(page, base_url, spy=False)
    page.wait_for_selector(f'{ROOT}[data-engine="error"]', state="attached")
    status = page.locator(f"{ROOT} [data-engine-status]").inner_text()
    assert WIDGET_TEXT["ja"]["engine"]["error"] in status
    answer(page, item_ids(d)[0], "yes")
    assert progress(page)[0] == 1
    assert len(stored(page)) == 1
    no_outside_requests(page)


def test_storage_unavailable_keeps_working_and_warns(page, base_url):
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', { get() {"
        " throw new DOMException('blocked', 'SecurityError'); } });"
    )
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    assert "保存できません" in alert_text(page)
    answer(page, ids[0], "partial")
    assert progress(page) == (1, len(ids))
    wait_score(page, "50")
    no_outside_requests(page)


def test_answers_carry_over_from_an_older_version(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    old_key = f"econsec:v1:0.0.1:{d['id']}@0.0.1"
    old = {
        "format": "econsec-answers",
        "format_version": 1,
        "checklist": d["id"],
        "checklist_version": "0.0.1",
        "saved_at": "2025-01-01T00:00:00Z",
        "answers": {ids[0]: {"value": "yes", "note": "前の版"}, "removed-item": {"value": "no"}},
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [old_key, json.dumps(old)])
    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert checked(page) == {ids[0]: "yes"}
    assert "引き継ぎ" in page.locator(f"{ROOT} [data-message]").inner_text()
    assert len(stored(page)) == 2  # the old key is kept; the new one now holds the answers
    no_outside_requests(page)


def test_screening_shows_outcome_not_score(page, base_url):
    d = open_checklist(page, base_url, SCREENING_PAGE)
    assert d["kind"] == "screening"
    ids = item_ids(d)
    labels = page.locator(f'[data-item="{ids[0]}"] .econsec-choice').all_inner_texts()
    assert [x.strip() for x in labels] == ["はい", "いいえ", "わからない"]
    assert page.locator(f'{ROOT} [data-result="score"]').count() == 0
    page.wait_for_selector(f'{ROOT}[data-engine="ready"]', state="attached")
    for item in ids:
        answer(page, item, "no")
    outcome = page.locator(f'{ROOT} [data-result="outcome"]')
    page.wait_for_selector(
        f'{ROOT} [data-result="outcome"][data-status="not_indicated"]', state="attached"
    )
    assert d["outcome"]["not_indicated"]["ja"] in outcome.inner_text()
    assert d["outcome"]["disclaimer"]["ja"] in outcome.inner_text()
    assert d["outcome"]["as_of"] in outcome.inner_text()
    answer(page, ids[0], "yes")
    page.wait_for_selector(
        f'{ROOT} [data-result="outcome"][data-status="may_apply"]', state="attached"
    )
    assert d["outcome"]["may_apply"]["ja"] in outcome.inner_text()
    steps = page.locator(f'{ROOT} [data-result="next-steps"] li')
    assert steps.first.get_attribute("data-next-item") == ids[0]
    assert page.locator(f'[data-item="{ids[0]}"] [data-next-step]').is_visible()
    answer(page, ids[0], "unknown")
    page.wait_for_selector(
        f'{ROOT} [data-result="outcome"][data-status="undetermined"]', state="attached"
    )
    no_outside_requests(page)


def test_keyboard_only_answering(page, base_url):
    d = open_checklist(page, base_url)
    ids = item_ids(d)
    page.locator("body").click(position={"x": 1, "y": 1})
    for _ in range(300):  # Tab until the first question's radio group has focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type === 'radio'"):
            break
    focused = page.evaluate(
        "() => [document.activeElement.closest('[data-item]').dataset.item, document.activeElement.value]"
    )
    assert focused == [ids[0], "yes"]
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")  # focus is visible
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert checked(page) == {ids[0]: "no"}
    page.keyboard.press("Tab")  # 「メモを書く」: Enter opens the note box and moves into it
    assert page.evaluate("() => document.activeElement.dataset.action") == "open-note"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("キーボードで入力")
    page.keyboard.press("Tab")  # the now visible next step's links (guidance, glossary terms)
    assert page.evaluate("() => document.activeElement.tagName") == "A"
    for _ in range(5):  # then the next step's action plan: owner, due date (its parts), status
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") != "A":
            break
    assert page.evaluate("() => document.activeElement.name") == "owner"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type === 'radio'"):
            break  # the next question
    page.keyboard.press("Space")
    assert checked(page) == {ids[0]: "no", ids[1]: "yes"}
    assert progress(page) == (2, len(ids))
    wait_saved_note(page, ids[0], "キーボードで入力")
    record = next(iter(stored(page).values()))
    assert record["answers"][ids[0]] == {"value": "no", "note": "キーボードで入力"}
    no_outside_requests(page)


def test_paper_form_without_javascript(browser, base_url, site_dir):
    ctx = browser.new_context(java_script_enabled=False, locale="ja-JP")
    urls: list[str] = []
    ctx.on("request", lambda req: urls.append(req.url))
    try:
        page = ctx.new_page()
        for lang_prefix, labels in (
            ("", ["実施している", "一部実施", "実施していない", "わからない", "該当しない"]),
            (
                "en/",
                [
                    "Implemented",
                    "Partly implemented",
                    "Not implemented",
                    "Don't know",
                    "Not applicable",
                ],
            ),
        ):
            page.goto(base_url + lang_prefix + SCORE_PAGE)
            d = definition(page)
            root = page.locator(ROOT)
            assert root.get_attribute("data-checklist") == d["id"]
            title = d["title"]["en" if lang_prefix else "ja"]
            assert page.locator(".econsec-checklist__title").inner_text().startswith(title)
            for section in d["sections"]:
                legend = page.locator(f'fieldset[data-section="{section["id"]}"] > legend')
                assert legend.is_visible()
            for item in d["items"]:
                el = page.locator(f'[data-item="{item["id"]}"]')
                assert el.evaluate("(e) => e.tagName") == "FIELDSET"
                assert el.locator("legend").is_visible()
                radios = el.locator('input[type="radio"]')
                assert [radios.nth(i).get_attribute("value") for i in range(radios.count())] == d[
                    "answers"
                ]
                assert [
                    x.strip() for x in el.locator("label.econsec-choice").all_inner_texts()
                ] == labels
                assert (
                    len({radios.nth(i).get_attribute("name") for i in range(radios.count())}) == 1
                )
                note = el.locator("textarea")
                assert note.evaluate("(t) => t.labels.length") == 1
                assert el.locator(".econsec-item__source").inner_text()
                nxt = el.locator("[data-next-step]")
                assert nxt.is_visible()  # without the script every next step is on paper
                href = nxt.locator("a[data-guidance]").get_attribute("href")
                assert href.startswith("../guidance/") and ".html#" in href
            names = page.eval_on_selector_all(
                f'{ROOT} input[type="radio"]', "(rs) => rs.map((r) => r.name)"
            )
            assert len(set(names)) == len(d["items"])
            ids = page.eval_on_selector_all("[id]", "(els) => els.map((e) => e.id)")
            assert len(ids) == len(set(ids))
            assert page.locator(f"{ROOT} [data-actions]").is_hidden()
            assert "JavaScript" in page.locator(f"{ROOT} [data-engine-status]").inner_text()
            assert page.locator(f'{ROOT} [data-result="progress"]').is_visible()
        netloc = base_url.rstrip("/")
        assert [u for u in urls if not u.startswith((netloc, "data:", "blob:"))] == []
    finally:
        ctx.close()
