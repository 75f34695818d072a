"""What the widget does when its saved state cannot be trusted: no answer is lost.

- A damaged value under the widget's key (not JSON, not a record, unknown items or values) is
  copied to a backup key that carry-over never reads, what is valid is shown, the user is told
  and offered a download of the damaged copy; the key is not overwritten until they choose.
- Storage that throws on access (private modes) or is full: the checklist works for the session
  (answers, score, export) and says so, in Japanese and in English.
- Two tabs of one checklist share their answers through the ``storage`` event without losing
  the notes being typed, and a damaged value written by the other tab takes the damaged path.

The scoring engine is the real one, watched by runtime_helpers.ENGINE_SPY; every test
also proves that the page asked nothing outside.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from runtime_helpers import checklist_definition
from test_checklist_widget import (
    ENGINE_SPY,
    ROOT,
    SCORE_PAGE,
    answer,
    checked,
    expected_score,
    item_ids,
    no_outside_requests,
    open_checklist,
    progress,
    radio,
    wait_score,
)

pytestmark = [pytest.mark.browser, pytest.mark.warm]


BACKUP_PREFIX = "econsec:backup:v1:"
DAMAGED = f'{ROOT} [data-alert] [data-kind="damaged"]'

# The messages as the user reads them (checklist.js TEXT), per language.
TEXTS: dict[str, dict[str, str]] = {
    "ja": {
        "json": "壊れており、読み取ることができませんでした",
        "shape": "想定された形式になっていません",
        "items": "このチェックリストにない設問が {n} 件",
        "values": "使用できない回答が {n} 件",
        "recovered": "読み取ることができた {n} 項目",
        "none": "読み取ることができた回答はありません",
        "backup": "写しとしてこの端末のブラウザに保管しました",
        "no_backup": "写しをこの端末に保管できませんでした",
        "hold": "保存されていたデータは上書きしません",
        "download": "壊れたデータをファイルとして保存する",
        "continue": "読み取れた回答で続ける（保存データを置き換える）",
        "afresh": "新たに回答を始める（保存データを置き換える）",
        "resolved": "保存データを置き換えました",
        "unavailable": "この端末のブラウザに回答を保存できません",
        "full": "ブラウザの保存領域が不足しています",
        "exported": "として書き出しました",
    },
    "en": {
        "json": "are damaged and could not be read",
        "shape": "not in the expected format",
        "items": "include {n} item(s) that are not in this checklist",
        "values": "include {n} answer(s) that are not allowed",
        "recovered": "of {n} item(s) could be read",
        "none": "No answers could be read",
        "backup": "has been kept in this browser",
        "no_backup": "could not be kept on this device",
        "hold": "will not be overwritten until you choose",
        "download": "Save the damaged data as a file",
        "continue": "Continue with the answers that could be read (replace the saved data)",
        "afresh": "Start afresh (replace the saved data)",
        "resolved": "The saved data has been replaced",
        "unavailable": "cannot be saved in this browser",
        "full": "the browser's storage is full",
        "exported": "Exported ",
    },
}
PAGES = {"ja": SCORE_PAGE, "en": f"en/{SCORE_PAGE}"}

# Storage that refuses every write, as a full one does (reads still work).
QUOTA_FULL = """
Storage.prototype.setItem = function () {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};
"""
# Storage that throws on access, as some private modes do.
NO_STORAGE = (
    "Object.defineProperty(window, 'localStorage', { get() {"
    " throw new DOMException('blocked', 'SecurityError'); } });"
)


# ------------------------------------------------------------------------------------ helpers
def _key(build: str, d: dict[str, Any]) -> str:
    """The storage key of ``d``'s answers on a site whose econsec-build mark is ``build``."""
    return f"econsec:v1:{build.split('+')[0]}:{d['id']}@{d['version']}"


def key_of(page, d: dict[str, Any]) -> str:
    return _key(page.get_attribute("meta[name=econsec-build]", "content"), d)


def before_first_visit(
    page, base_url: str, site_dir: Path, path: str = SCORE_PAGE
) -> tuple[dict[str, Any], str]:
    """The definition and storage key of the checklist at ``path``, read from the built page,
    with ``page`` on a light page of the same site (its sitemap): a test puts a stored state
    there before the checklist page first loads (one engine start fewer than opening the page to
    learn them, then reloading it)."""
    html = site_dir / path
    build = re.search(r'<meta name="econsec-build" content="([^"]+)"', html.read_text("utf-8"))
    assert build, f"{html} has no econsec-build mark"
    page.goto(base_url + "sitemap.xml")
    d = checklist_definition(html)
    return d, _key(build.group(1), d)


def raw_storage(page) -> dict[str, str]:
    """Every econsec key in localStorage with its raw text (backups may not be JSON)."""
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage)
            .filter((k) => k.startsWith('econsec:')).map((k) => [k, localStorage.getItem(k)]))"""
    )


def backups(page) -> dict[str, str]:
    return {k: v for k, v in raw_storage(page).items() if k.startswith(BACKUP_PREFIX)}


def put(page, key: str, raw: str) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, raw])


def reopen(page) -> None:
    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")


def damaged_text(page) -> str:
    return page.locator(DAMAGED).inner_text()


def download_text(page, click) -> tuple[str, str]:
    """(suggested file name, text) of the download that ``click()`` starts."""
    with page.expect_download() as info:
        click()
    dl = info.value
    return dl.suggested_filename, open(dl.path(), encoding="utf-8").read()


def record(d: dict, answers: Any, **extra: Any) -> dict[str, Any]:
    return {
        "format": "econsec-answers",
        "format_version": 1,
        "checklist": d["id"],
        "checklist_version": d["version"],
        "saved_at": "2026-11-01T00:00:00Z",
        "answers": answers,
        **extra,
    }


# Each bad stored state: (name, raw value from the definition's item ids, problem, recovered).
def bad_states(d: dict) -> list[tuple[str, str, str, dict[str, str]]]:
    ids = item_ids(d)
    return [
        (
            "not-json",
            '{"format": "econsec-answers", "answers": {"' + ids[0] + '": {"val',
            "json",
            {},
        ),
        ("json-null", "null", "shape", {}),
        ("array", json.dumps([{"value": "yes"}]), "shape", {}),
        ("answers-array", json.dumps(record(d, ["yes", "no"])), "shape", {}),
        ("answers-string", json.dumps(record(d, "yes")), "shape", {}),
        (
            "other-checklist",
            json.dumps({**record(d, {ids[0]: {"value": "yes"}}), "checklist": "x"}),
            "shape",
            {},
        ),
        (
            "unknown-value",
            json.dumps(record(d, {ids[0]: {"value": "maybe"}, ids[1]: {"value": "yes"}})),
            "values",
            {ids[1]: "yes"},
        ),
        (
            "unknown-item",
            json.dumps(record(d, {"no-such-item": {"value": "yes"}, ids[0]: {"value": "no"}})),
            "items",
            {ids[0]: "no"},
        ),
        (
            "note-not-text",
            json.dumps(record(d, {ids[0]: {"value": "partial", "note": 42}, ids[2]: "yes"})),
            "values",
            {ids[0]: "partial", ids[2]: "yes"},
        ),
        (
            "value-wrong-type",
            json.dumps(record(d, {ids[1]: {"value": 1}, ids[2]: ["yes"]})),
            "values",
            {},
        ),
    ]


BAD_NAMES = [
    "not-json",
    "json-null",
    "array",
    "answers-array",
    "answers-string",
    "other-checklist",
    "unknown-value",
    "unknown-item",
    "note-not-text",
    "value-wrong-type",
]


# ------------------------------------------------------------------------------------ damaged
@pytest.mark.parametrize("name", BAD_NAMES)
def test_damaged_saved_state_is_kept_shown_and_replaced_only_with_consent(
    page, base_url, site_dir, name
):
    t = TEXTS["ja"]
    d, key = before_first_visit(page, base_url, site_dir)
    ids = item_ids(d)
    states = {n: (raw, problem, rec) for n, raw, problem, rec in bad_states(d)}
    assert sorted(states) == sorted(BAD_NAMES)
    raw, problem, recovered = states[name]
    put(page, key, raw)
    assert open_checklist(page, base_url) == d
    assert key_of(page, d) == key

    # Told what was wrong, that a copy was kept, what was recovered, that nothing is overwritten.
    text = damaged_text(page)
    n_bad = {"items": 1, "values": 1 if name != "value-wrong-type" else 2}.get(problem, 0)
    assert t[problem].format(n=n_bad) in text
    assert (t["recovered"].format(n=len(recovered)) if recovered else t["none"]) in text
    assert t["backup"] in text and t["hold"] in text
    # The copy sits under a backup key that carry-over never reads, byte for byte.
    copies = backups(page)
    assert list(copies.values()) == [raw]
    assert next(iter(copies)).startswith(f"{BACKUP_PREFIX}{key}:")
    assert checked(page) == recovered
    assert raw_storage(page)[key] == raw

    # Answering goes on in memory; the damaged value stays as it was.
    free = next(i for i in ids if i not in recovered)
    answer(page, free, "yes")
    assert progress(page)[0] == len(recovered) + 1
    wait_score(page, expected_score(d, {**recovered, free: "yes"}))
    assert raw_storage(page)[key] == raw

    # Real buttons, text only; the download gives back the damaged text exactly.
    buttons = page.locator(f"{DAMAGED} button")
    assert buttons.evaluate_all("(bs) => bs.map((b) => b.type)") == ["button", "button"]
    assert buttons.nth(0).inner_text() == t["download"]
    assert buttons.nth(1).inner_text() == (t["continue"] if recovered else t["afresh"])
    filename, content = download_text(page, buttons.nth(0).click)
    assert filename == f"{d['id']}-damaged-" + filename.split("-damaged-")[1]
    assert filename.endswith(".txt") and content == raw
    assert raw_storage(page)[key] == raw

    # Consent by keyboard: the key now holds a sound record of what the form shows.
    buttons.nth(1).focus()
    page.keyboard.press("Enter")
    page.locator(DAMAGED).wait_for(state="detached")
    saved = json.loads(raw_storage(page)[key])
    assert {i: a["value"] for i, a in saved["answers"].items()} == {**recovered, free: "yes"}
    assert t["resolved"] in page.locator(f"{ROOT} [data-message]").inner_text()
    assert list(backups(page).values()) == [raw]  # the copy outlives the repair

    # A fresh visit: no warning, the answers are there and the backup was not carried over.
    reopen(page)
    assert page.locator(DAMAGED).count() == 0
    assert checked(page) == {**recovered, free: "yes"}
    assert [k for k in raw_storage(page) if not k.startswith(BACKUP_PREFIX)] == [key]
    no_outside_requests(page)


def test_damaged_state_in_english_and_backed_up_once(page, base_url, site_dir):
    t = TEXTS["en"]
    d, key = before_first_visit(page, base_url, site_dir, PAGES["en"])
    put(page, key, "{not json")
    assert open_checklist(page, base_url, PAGES["en"]) == d
    text = damaged_text(page)
    for part in ("json", "none", "backup", "hold"):
        assert t[part] in text, part
    assert page.locator(f"{DAMAGED} button").all_inner_texts() == [t["download"], t["afresh"]]
    # Seeing the same damaged value again does not pile up copies.
    reopen(page)
    assert list(backups(page).values()) == ["{not json"]
    assert raw_storage(page)[key] == "{not json"
    no_outside_requests(page)


def test_damaged_state_without_room_for_a_backup_is_never_overwritten(page, base_url, site_dir):
    t = TEXTS["ja"]
    d, key = before_first_visit(page, base_url, site_dir)
    ids = item_ids(d)
    raw = json.dumps(record(d, {ids[0]: {"value": "yes"}, "gone": {"value": "no"}}))
    put(page, key, raw)
    page.add_init_script(QUOTA_FULL)  # from the next visit on, nothing can be written
    open_checklist(page, base_url)

    text = damaged_text(page)
    assert t["no_backup"] in text and t["hold"] in text
    assert t["full"] in page.locator(f"{ROOT} [data-alert]").inner_text()
    assert backups(page) == {}
    assert checked(page) == {ids[0]: "yes"}
    answer(page, ids[1], "no")
    _, content = download_text(page, page.locator(f"{DAMAGED} button").nth(0).click)
    assert content == raw  # the only copy, handed to the user
    page.locator(f"{DAMAGED} button").nth(1).click()
    assert raw_storage(page)[key] == raw  # consent given, but the full storage refused the write
    assert t["full"] in page.locator(f"{ROOT} [data-alert]").inner_text()
    no_outside_requests(page)


# ------------------------------------------------------------------------------------ unavailable / full
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("case", ["unavailable", "full"])
def test_checklist_works_for_the_session_without_storage(page, base_url, site_dir, lang, case):
    t = TEXTS[lang]
    d, key = before_first_visit(page, base_url, site_dir, PAGES[lang])
    ids = item_ids(d)
    if case == "full":
        # Saved before the storage filled up: still read and shown.
        put(page, key, json.dumps(record(d, {ids[2]: {"value": "yes"}})))
    page.add_init_script(NO_STORAGE if case == "unavailable" else QUOTA_FULL)
    open_checklist(page, base_url, PAGES[lang])
    alert = page.locator(f"{ROOT} [data-alert]").inner_text()
    assert t[case] in alert
    assert t["unavailable" if case == "full" else "full"] not in alert

    before = {ids[2]: "yes"} if case == "full" else {}
    assert checked(page) == before
    answer(page, ids[0], "yes")
    answer(page, ids[1], "partial")
    assert checked(page) == {**before, ids[0]: "yes", ids[1]: "partial"}
    assert progress(page) == (len(before) + 2, len(ids))
    wait_score(page, expected_score(d, checked(page)))  # the live score, once the engine is ready

    filename, content = download_text(
        page, page.locator(f'{ROOT} button[data-action="export-json"]').click
    )
    exported = json.loads(content)
    assert {i: a["value"] for i, a in exported["answers"].items()} == checked(page)
    assert t["exported"] in page.locator(f"{ROOT} [data-message]").inner_text()
    assert filename.startswith(d["id"])
    if case == "full":
        assert json.loads(raw_storage(page)[key_of(page, d)])["answers"] == {
            ids[2]: {"value": "yes"}
        }
    no_outside_requests(page)


# ------------------------------------------------------------------------------------ two tabs
def test_two_tabs_share_answers_keep_notes_and_report_damage(context, base_url):
    context.add_init_script(ENGINE_SPY)
    tabs = []
    for _ in range(2):
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        pg.goto(base_url + SCORE_PAGE)
        pg.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
        tabs.append((pg, errors))
    a, b = tabs[0][0], tabs[1][0]
    d = json.loads(a.locator(f"{ROOT} script[data-checklist-def]").text_content())
    ids = item_ids(d)
    key = key_of(a, d)

    def wait_checked(pg, item_id: str, value: str) -> None:
        radio(pg, item_id, value).wait_for(state="attached")
        pg.wait_for_function(
            "([id, v]) => document.querySelector(`[data-item='${id}'] input[value='${v}']`).checked",
            arg=[item_id, value],
        )

    answer(a, ids[0], "yes")
    wait_checked(b, ids[0], "yes")
    answer(b, ids[1], "no")
    wait_checked(a, ids[1], "no")
    assert checked(a) == checked(b) == {ids[0]: "yes", ids[1]: "no"}
    saved = json.loads(raw_storage(a)[key])
    assert {i: x["value"] for i, x in saved["answers"].items()} == {ids[0]: "yes", ids[1]: "no"}

    # A note typed in A (saved 0.4 s after typing stops) survives B's change arriving meanwhile.
    # A records, right after the widget has handled the event, what storage and the form held.
    a.evaluate(
        """([key, id]) => {
          window.__seen = [];
          window.addEventListener("storage", function seen(e) {
            if (e.key !== key) return;
            window.removeEventListener("storage", seen); // only B's next answer is of interest
            const entry = JSON.parse(e.newValue).answers[id];
            window.__seen.push({
              stored: entry ? entry.note || null : null,
              form: document.querySelector(`[data-item='${id}'] textarea[data-note]`).value,
            });
          });
        }""",
        [key, ids[2]],
    )
    note = "担当：情報システム部"
    # Typing and B's click in two quick evaluations, well inside the 0.4 s.
    a.evaluate(
        """([id, note]) => {
          const t = document.querySelector(`[data-item='${id}'] textarea[data-note]`);
          t.value = note;
          t.dispatchEvent(new Event("input", { bubbles: true }));
        }""",
        [ids[2], note],
    )
    b.evaluate(
        "(id) => document.querySelector(`[data-item='${id}'] input[value='partial']`).click()",
        ids[3],
    )
    wait_checked(a, ids[3], "partial")
    seen = a.evaluate("window.__seen")
    assert seen[0] == {"stored": None, "form": note}, seen  # B's record lacked the note
    a.wait_for_function(  # the note is saved shortly after typing stops
        """([k, id, note]) => {
          try { const x = JSON.parse(localStorage[k]).answers[id]; return !!x && x.note === note; }
          catch (e) { return false; }
        }""",
        arg=[key, ids[2], note],
    )
    saved = json.loads(raw_storage(a)[key])
    assert saved["answers"][ids[2]] == {"value": None, "note": note}
    assert {i: x["value"] for i, x in saved["answers"].items() if x["value"]} == {
        ids[0]: "yes",
        ids[1]: "no",
        ids[3]: "partial",
    }
    # B learns of A's saved note from the storage event, which may come after A's write.
    with contextlib.suppress(PlaywrightTimeout):
        b.wait_for_function(
            "([id, note]) => document.querySelector(`[data-item='${id}'] textarea[data-note]`)"
            ".value === note",
            arg=[ids[2], note],
            timeout=10_000,
        )
    assert b.locator(f'[data-item="{ids[2]}"] textarea[data-note]').input_value() == note

    # Damage written by the other tab takes the damaged path in A (kept, shown, not overwritten).
    b.evaluate("(k) => localStorage.setItem(k, '{\"answers\": [')", key)
    a.locator(DAMAGED).wait_for()
    assert TEXTS["ja"]["json"] in damaged_text(a)
    assert list(backups(a).values()) == ['{"answers": [']
    assert checked(a) == {ids[0]: "yes", ids[1]: "no", ids[3]: "partial"}  # the session's answers
    answer(a, ids[4], "unknown")
    assert raw_storage(a)[key] == '{"answers": ['
    a.locator(f"{DAMAGED} button").nth(1).click()
    saved = json.loads(raw_storage(a)[key])
    assert {i: x["value"] for i, x in saved["answers"].items() if x["value"]} == {
        ids[0]: "yes",
        ids[1]: "no",
        ids[3]: "partial",
        ids[4]: "unknown",
    }
    assert saved["answers"][ids[2]]["note"] == note
    wait_checked(b, ids[4], "unknown")  # and B, told by the storage event, follows
    for pg, errors in tabs:
        assert errors == []
        pg.close()
    assert context.request_log.outside() == []
