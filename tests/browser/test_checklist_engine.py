"""The widget with the real engine (engine-bridge.js: Pyodide in a worker), end to end.

What the page shows must equal what ``econsec.engine`` computes in Python for the same answers:
the same module scores at build time, on the command line and in the browser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runtime_helpers import click_answers
from test_checklist_widget import (
    ROOT,
    SCORE_PAGE,
    SCREENING_PAGE,
    _answers_file,
    _import,
    alert_text,
    answer,
    checked,
    has_japanese,
    item_ids,
    no_outside_requests,
    note_box,
    open_checklist,
    stored,
    wait_engine_ready,
)

from econsec.engine.model import Checklist
from econsec.engine.scoring import score
from econsec.mdext.widget_text import WIDGET_TEXT
from tests.support.browser import new_logged_context, new_logged_page, site_prefixes

pytestmark = [pytest.mark.browser, pytest.mark.warm]


def shown(value: float | None) -> str | None:
    """A score as checklist.js prints it (JavaScript's String(number))."""
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


def python_result(d: dict, answers: dict[str, str]) -> dict:
    return score(Checklist.from_dict(d), answers).to_dict()


def page_result(page) -> dict:
    return page.evaluate(
        """() => {
          const root = document.querySelector('[data-checklist]');
          const q = (s) => root.querySelector(s);
          return {
            score: q('[data-result=score]') ? q('[data-result=score]').getAttribute('data-value') : null,
            sections: Array.from(root.querySelectorAll('[data-result=sections] tr[data-section]')).map(
              (tr) => [tr.dataset.section, tr.querySelector('[data-cell=score]').getAttribute('data-value'),
                       tr.querySelector('[data-cell=answered]').textContent]),
            counts: Object.fromEntries(Array.from(root.querySelectorAll('[data-result=counts] tr[data-count]'))
              .map((tr) => [tr.dataset.count, Number(tr.querySelector('td').textContent)])),
            next: Array.from(root.querySelectorAll('[data-result=next-steps] li')).map((li) => li.dataset.nextItem),
            outcome: q('[data-result=outcome]') ? q('[data-result=outcome]').getAttribute('data-status') : null,
          };
        }"""
    )


def wait_result(page, d: dict, answers: dict[str, str]) -> dict:
    """Wait until the page shows the Python engine's result for `answers`; return it."""
    want = python_result(d, answers)
    if d["kind"] == "screening":
        page.wait_for_selector(
            f'{ROOT} [data-result="outcome"][data-status="{want["outcome"]["status"]}"]',
            state="attached",
            timeout=30_000,
        )
    else:
        page.wait_for_function(
            """([want, counts]) => {
              const root = document.querySelector('[data-checklist]');
              const s = root.querySelector('[data-result=score]').getAttribute('data-value');
              const c = Object.fromEntries(Array.from(root.querySelectorAll('[data-result=counts] tr[data-count]'))
                .map((tr) => [tr.dataset.count, Number(tr.querySelector('td').textContent)]));
              return s === want && JSON.stringify(c) === JSON.stringify(counts);
            }""",
            arg=[shown(want["score"]), want["counts"]],
            timeout=30_000,
        )
    return want


def test_real_engine_scores_like_python(page, base_url):
    d = open_checklist(page, base_url)
    wait_engine_ready(page)
    status = page.locator(f"{ROOT} [data-engine-status]").inner_text()
    assert status.endswith(WIDGET_TEXT["ja"]["engine"]["ready"])
    ids = item_ids(d)
    values = ["yes", "partial", "no", "unknown", "na"]
    answers = {item: values[i % len(values)] for i, item in enumerate(ids)}
    click_answers(page, answers)
    want = wait_result(page, d, answers)
    got = page_result(page)
    assert got["score"] == shown(want["score"])
    assert got["sections"] == [
        [s["id"], shown(s["score"]), f"{s['answered']} / {s['total']}"] for s in want["sections"]
    ]
    assert got["next"] == [s["item"] for s in want["next_steps"]]
    assert page.locator(f'{ROOT} [data-result="chart"] svg g[data-section]').count() == len(
        d["sections"]
    )
    no_outside_requests(page)


def test_real_engine_fast_clicks_end_on_the_last_answer(page, base_url):
    d = open_checklist(page, base_url)
    wait_engine_ready(page)
    ids = item_ids(d)
    for value in ["yes", "no", "partial", "unknown", "yes", "no"] * 2:
        page.locator(f'[data-item="{ids[0]}"] input[value="{value}"]').check()
    answer(page, ids[1], "yes")
    final = {ids[0]: "no", ids[1]: "yes"}
    assert checked(page) == final
    wait_result(page, d, final)
    # late answers to earlier requests must not show up: wait until every call has settled
    page.wait_for_function("() => window.__econsecScorePending === 0")
    assert page_result(page)["score"] == shown(python_result(d, final)["score"])
    no_outside_requests(page)


def test_real_engine_import_round_trip(page, base_url):
    d = open_checklist(page, base_url)
    wait_engine_ready(page)
    ids = item_ids(d)
    answer(page, ids[0], "partial")
    answer(page, ids[-1], "no")
    note_box(page, ids[0]).fill("社内規程は改訂中")
    with page.expect_download() as info:
        page.locator(f'{ROOT} [data-action="export-json"]').click()
    exported = Path(info.value.path()).read_bytes()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f'{ROOT} [data-action="reset"]').click()
    assert checked(page) == {}
    _import(page, "back.json", exported)  # no answers now: no question asked
    page.wait_for_function(
        "(id) => document.querySelector(`[data-item='${id}'] input[value=partial]`).checked",
        arg=ids[0],
    )
    assert checked(page) == {ids[0]: "partial", ids[-1]: "no"}
    assert page.locator(f'[data-item="{ids[0]}"] textarea').input_value() == "社内規程は改訂中"
    wait_result(page, d, {ids[0]: "partial", ids[-1]: "no"})
    # the file of a newer checklist edition: unknown items are reported, known ones kept
    newer = json.loads(exported)
    newer["checklist_version"] = "9.0.0"
    newer["answers"]["zz-new-item"] = {"value": "yes"}
    newer["answers"][ids[1]] = {"value": "maybe"}
    page.once("dialog", lambda dialog: dialog.accept())
    _import(page, "newer.json", json.dumps(newer).encode())
    page.wait_for_function(
        "() => document.querySelector('[data-checklist] [data-message]').textContent.includes('zz-new-item')"
    )
    assert ids[1] in page.locator(f"{ROOT} [data-message]").inner_text()
    assert checked(page) == {ids[0]: "partial", ids[-1]: "no"}
    no_outside_requests(page)


@pytest.fixture(scope="module")
def refusing_page(browser, base_url):
    """One live page for the refused files, in a context of its own (a warm page would empty the
    storage it shares with the module's other pages): a refused file leaves the form and the
    record as they were, so each case starts from the state the one before it left, and checks
    that state first. The page keeps the first item answered "yes"."""
    ctx = new_logged_context(browser, site_prefixes(base_url))
    page = new_logged_page(ctx)
    d = open_checklist(page, base_url)
    wait_engine_ready(page)
    answer(page, item_ids(d)[0], "yes")
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.definition = d
    yield page
    ctx.close()


@pytest.mark.parametrize(
    "case", ["not-json", "wrong-checklist", "wrong-format", "binary", "empty", "newer-format"]
)
def test_real_engine_refuses_bad_files(refusing_page, case):
    page, d = refusing_page, refusing_page.definition
    ids = item_ids(d)
    assert checked(page) == {ids[0]: "yes"}
    before = stored(page)
    assert before  # the answer is kept: a change to it would show
    data = {
        "not-json": "回答ファイルではありません {".encode(),
        "wrong-checklist": _answers_file(d, {ids[0]: {"value": "no"}}, checklist="other-check"),
        "wrong-format": json.dumps({"answers": {ids[0]: "no"}}).encode(),
        "binary": bytes(range(256)),
        "empty": b"",
        "newer-format": _answers_file(d, {ids[0]: {"value": "no"}}, format_version=99),
    }[case]
    # The case before may have left the same words: its alert goes first.
    page.evaluate(
        "() => document.querySelectorAll('[data-checklist] [data-alert] > *').forEach((p) => p.remove())"
    )
    page.js_errors.clear()
    page.dialogs.clear()
    _import(page, f"{case}.json", data)
    page.wait_for_function(
        "() => document.querySelector('[data-checklist] [role=alert]').textContent.trim().length > 0"
    )
    message = alert_text(page)
    assert has_japanese(message), message
    assert checked(page) == {ids[0]: "yes"}
    assert stored(page) == before
    assert page.dialogs == []  # a refused file asks nothing
    no_outside_requests(page)


def test_real_engine_screening(page, base_url):
    d = open_checklist(page, base_url, SCREENING_PAGE)
    assert d["kind"] == "screening"
    wait_engine_ready(page)
    ids = item_ids(d)
    answers = {i: "no" for i in ids}
    for item, value in answers.items():
        answer(page, item, value)
    wait_result(page, d, answers)
    answers[ids[-1]] = "unknown"
    answer(page, ids[-1], "unknown")
    wait_result(page, d, answers)
    answers[ids[0]] = "yes"
    answer(page, ids[0], "yes")
    want = wait_result(page, d, answers)
    assert want["outcome"]["status"] == "may_apply"
    text = page.locator(f'{ROOT} [data-result="outcome"]').inner_text()
    assert d["outcome"]["may_apply"]["ja"] in text
    no_outside_requests(page)


def test_real_engine_english_page(page, base_url):
    d = open_checklist(page, base_url, "en/" + SCORE_PAGE)
    wait_engine_ready(page)
    assert "ready" in page.locator(f"{ROOT} [data-engine-status]").inner_text().lower()
    ids = item_ids(d)
    answer(page, ids[0], "no")
    want = wait_result(page, d, {ids[0]: "no"})
    assert want["score"] == 0
    assert "Overall score" in page.locator(f'{ROOT} [data-result="score"]').inner_text()
    no_outside_requests(page)
