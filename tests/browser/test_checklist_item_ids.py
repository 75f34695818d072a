"""Item ids that name Object.prototype's members are ordinary ids; Reset removes every record.

The widget keeps answers, notes and review marks in maps keyed by item id: with plain objects an
unanswered "constructor" item read as answered (Object) and an answer to "__proto__" was dropped.
Reset removes the checklist's records of every namespace and version and the copies of damaged
ones, and its question names them (issue 17).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_checklist_editions import EDITIONS, EDITIONS_DIR, edition_page
from test_checklist_widget import ROOT, answer, checked, note_box, radio, wait_saved_note

from econsec.sources.checklists import load_checklist_by_id
from tests.support.browser import new_logged_context, new_logged_page
from tests.support.server import serve_dir

pytestmark = pytest.mark.browser

RENAMED = {"edition-keep-1": "constructor", "edition-keep-2": "__proto__"}


def renamed(definition: dict) -> dict:
    text = json.dumps(definition)
    for old, new in RENAMED.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    return json.loads(text)


@pytest.fixture(scope="module")
def ids_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("item-ids")
    (folder / "assets").symlink_to(site_dir / "assets", target_is_directory=True)
    definition = renamed(
        load_checklist_by_id("edition-check", EDITIONS_DIR / EDITIONS[0]).to_dict()
    )
    assert {i["id"] for i in definition["items"]} >= set(RENAMED.values())
    (folder / "ids.html").write_text(edition_page(definition, "ja", "."), "utf-8")
    plain = load_checklist_by_id("edition-check", EDITIONS_DIR / EDITIONS[0]).to_dict()
    (folder / "plain.html").write_text(edition_page(plain, "ja", "."), "utf-8")
    server, url = serve_dir(folder)
    yield url
    server.shutdown()


@pytest.fixture
def page_(browser, ids_url) -> Iterator[object]:
    ctx = new_logged_context(browser, (ids_url, "data:", "blob:"))
    yield new_logged_page(ctx)
    ctx.close()


def test_prototype_names_are_plain_item_ids(page_, ids_url):
    page = page_
    page.goto(ids_url + "ids.html")
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    progress = page.locator(f'{ROOT} [data-result="progress"]')
    assert progress.get_attribute("data-answered") == "0"  # nothing answered yet
    assert page.locator(f"{ROOT} [data-item][data-answer]").count() == 0

    answer(page, "__proto__", "yes")
    answer(page, "constructor", "no")
    note_box(page, "__proto__").fill("確認済み")
    wait_saved_note(page, "__proto__", "確認済み")
    assert progress.get_attribute("data-answered") == "2"
    # The raw text: an object handed back by the page would lose its "__proto__" key.
    record = json.loads(
        page.evaluate(
            "() => Object.entries(localStorage).find(([k]) => k.startsWith('econsec:v1:'))[1]"
        )
    )
    assert record["answers"]["__proto__"] == {"value": "yes", "note": "確認済み"}
    assert record["answers"]["constructor"] == {"value": "no"}

    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    # (not checked(): an object handed back by the page loses its "__proto__" key)
    assert radio(page, "__proto__", "yes").is_checked()
    assert radio(page, "constructor", "no").is_checked()
    assert page.locator(f"{ROOT} [data-item] input:checked").count() == 2
    assert page.locator('[data-item="__proto__"] textarea[data-note]').input_value() == "確認済み"
    assert progress.get_attribute("data-answered") == "2"


def test_reset_removes_every_record_of_the_checklist(page_, ids_url):
    page = page_
    page.goto(ids_url + "plain.html")
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    record = {"format": "econsec-answers", "format_version": 1, "checklist": "edition-check"}
    older = {**record, "answers": {"edition-keep-1": {"value": "no"}}}
    other = {**record, "checklist": "other-check", "answers": {"x-1": {"value": "yes"}}}
    backup = "econsec:backup:v1:econsec:v1:0.1.0:edition-check@2026.1.0:2026-11-01T00:00:00.000Z"
    kept = {
        "econsec:v1:0.1.0:other-check@1.0.0": json.dumps(other),
        "econsec:backup:v1:econsec:v1:0.1.0:other-check@1.0.0:2026-11-01T00:00:00.000Z": "{",
        "unrelated": "x",
    }
    seeded = {
        "econsec:v1:0.0.9:edition-check@2025.9.0": json.dumps(older),
        "econsec:v1:bundle-0.1.0+x:edition-check@2026.1.0": json.dumps(older),
        backup: "{broken",
        **kept,
    }
    page.evaluate(
        "(items) => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v))", seeded
    )
    answer(page, "edition-keep-1", "yes")
    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.locator(f'{ROOT} [data-action="reset"]').click()
    assert checked(page) == {}
    assert page.evaluate("() => Object.fromEntries(Object.entries(localStorage))") == kept
    (question,) = dialogs
    assert "この版（2026.1.0）の回答とメモ" in question
    assert "以前の版や別のサイトの版で保存した回答とメモ 2 件" in question
    assert "0.0.9 / 2025.9.0" in question and "bundle-0.1.0+x / 2026.1.0" in question
    assert "壊れたデータの写し 1 件" in question
    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert checked(page) == {}  # nothing older to carry over
