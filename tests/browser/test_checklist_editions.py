"""A new edition of a checklist: kept answers, removed items listed, reworded items to review.

Two editions of a fixture checklist (tests/fixtures/editions/<version>/edition-check.yml: same
id; edition 2 removes one item, rewords one, keeps two, adds one) are rendered by the package's
own renderer into small standalone pages, served from one origin so that they share
localStorage, with the built site's assets/ (checklist.js) beside them.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_checklist_widget import ROOT, answer, checked, note_box, radio, wait_saved_note

from econsec.mdext.checklist import render_checklist
from econsec.sources.checklists import load_checklist_by_id
from tests.support.browser import new_logged_context, new_logged_page
from tests.support.server import serve_dir

pytestmark = pytest.mark.browser

EDITIONS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "editions"
EDITIONS = ("2026.1.0", "2026.2.0")
CHECKLIST = "edition-check"
BUILD = "0.1.0+test"

TEXTS = {
    "ja": {
        "mark": "改訂された設問です。回答を見直してください。",
        "review": "改訂された設問が 1 項目あります。回答を見直してください：",
        "removed": "以前の版で回答した次の 1 項目は、この版では削除されています",
        "removed_item": "edition-remove（実施していない、メモあり）",
        "migrated": "以前の版（0.1.0 / 2026.1.0）で保存した回答を引き継ぎました。",
        "number": "問2",
    },
    "en": {
        "mark": "This question has been revised. Please review your answer.",
        "review": "1 question(s) have been revised. Please review your answers: ",
        "removed": "These 1 item(s) you answered in an earlier version have been removed",
        "removed_item": "edition-remove (Not implemented, with a note)",
        "migrated": "Answers saved with an earlier version (0.1.0 / 2026.1.0) were carried over.",
        "number": "Q2",
    },
}


def edition_page(definition: dict[str, Any], lang: str, root: str) -> str:
    """A minimal page around the checklist block, with the metas and assets checklist.js uses."""
    holder = etree.Element("div")
    render_checklist(holder, definition, lang)
    body = etree.tostring(holder[0], encoding="unicode", method="html")
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{CHECKLIST} {definition['version']}</title>"
        f'<meta name="econsec-root" content="{root}">'
        f'<meta name="econsec-lang" content="{lang}">'
        f'<meta name="econsec-build" content="{BUILD}">'
        f'<link rel="stylesheet" href="{root}/assets/econsec/econsec.css">'
        f'<script src="{root}/assets/econsec/checklist.js" defer></script>'
        f"</head><body>{body}</body></html>\n"
    )


@pytest.fixture(scope="module")
def editions_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of edition1.html / edition2.html (Japanese) and en/edition{1,2}.html."""
    folder = tmp_path_factory.mktemp("editions")
    (folder / "assets").symlink_to(site_dir / "assets", target_is_directory=True)
    (folder / "en").mkdir()
    for n, version in enumerate(EDITIONS, 1):
        definition = load_checklist_by_id(CHECKLIST, EDITIONS_DIR / version).to_dict()
        assert definition["version"] == version
        (folder / f"edition{n}.html").write_text(edition_page(definition, "ja", "."), "utf-8")
        (folder / "en" / f"edition{n}.html").write_text(
            edition_page(definition, "en", ".."), "utf-8"
        )
    server, url = serve_dir(folder)
    yield url
    server.shutdown()


def open_edition(page, url: str) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    return json.loads(page.locator(f"{ROOT} script[data-checklist-def]").text_content())


def stored(page) -> dict[str, Any]:
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage)
            .filter((k) => k.startsWith('econsec:v1:')).map((k) => [k, JSON.parse(localStorage[k])]))"""
    )


def key(version: str) -> str:
    return f"econsec:v1:0.1.0:{CHECKLIST}@{version}"


def in_review(page) -> list[str]:
    return page.eval_on_selector_all(
        f"{ROOT} [data-item][data-review]", "(els) => els.map((e) => e.dataset.item)"
    )


def marks(page) -> list[str]:
    return page.locator(f"{ROOT} [data-item] [data-review-mark]").all_inner_texts()


def notice(page, part: str) -> str:
    loc = page.locator(f'{ROOT} [data-notice] [data-notice-part="{part}"]')
    return loc.inner_text() if loc.count() else ""


@pytest.fixture
def edition_page_(browser, editions_url) -> Iterator[object]:
    """A page (with the real engine, though scores are not what these tests are about) whose
    request log allows only the editions' own server."""
    ctx = new_logged_context(browser, (editions_url, "data:", "blob:"))
    yield new_logged_page(ctx)
    ctx.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_new_edition_keeps_lists_removed_and_marks_reworded(edition_page_, editions_url, lang):
    page, t = edition_page_, TEXTS[lang]
    base = editions_url + ("en/" if lang == "en" else "")
    one = open_edition(page, base + "edition1.html")
    digests = {i["id"]: i["digest"] for i in one["items"]}
    answer(page, "edition-keep-1", "yes")
    answer(page, "edition-reword", "partial")
    answer(page, "edition-remove", "no")
    note_box(page, "edition-remove").fill("原本は総務部の金庫")
    answer(page, "edition-keep-2", "unknown")
    wait_saved_note(page, "edition-remove", "原本は総務部の金庫")  # the note's delayed save
    first = stored(page)[key(EDITIONS[0])]
    assert first["digests"] == digests  # each answered item with its question's digest

    two = open_edition(page, base + "edition2.html")
    new_digests = {i["id"]: i["digest"] for i in two["items"]}
    assert new_digests["edition-keep-1"] == digests["edition-keep-1"]
    assert new_digests["edition-reword"] != digests["edition-reword"]
    # Unchanged items keep their answers by id; the added item is unanswered.
    assert checked(page) == {
        "edition-keep-1": "yes",
        "edition-reword": "partial",
        "edition-keep-2": "unknown",
    }
    assert page.locator(f"{ROOT} [data-message]").inner_text() == t["migrated"]
    # The removed item is listed with its answer; the old key still holds it.
    removed = notice(page, "removed")
    assert removed.startswith(t["removed"]) and t["removed_item"] in removed
    assert stored(page)[key(EDITIONS[0])]["answers"]["edition-remove"]["value"] == "no"
    # The reworded item is marked in text (and an attribute), and named in the notice.
    assert in_review(page) == ["edition-reword"]
    assert marks(page) == [t["mark"]]
    mark_id = page.locator("[data-item='edition-reword'] [data-review-mark]").get_attribute("id")
    described = page.locator("[data-item='edition-reword']").get_attribute("aria-describedby")
    assert mark_id in described.split()
    review = notice(page, "review")
    assert review == t["review"] + t["number"]
    link = page.locator(f'{ROOT} [data-notice-part="review"] a')
    assert link.get_attribute("href") == "#" + page.locator(
        "[data-item='edition-reword']"
    ).get_attribute("id")
    # Until reviewed, the record keeps the digest the answer was given to: a reload still marks.
    assert stored(page)[key(EDITIONS[1])]["digests"]["edition-reword"] == digests["edition-reword"]
    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert in_review(page) == ["edition-reword"] and marks(page) == [t["mark"]]

    # Answering the reworded question again clears the mark and the notice. In Japanese with a
    # new answer; in English by choosing the same answer again (a click, no change event).
    radio(page, "edition-reword", "yes" if lang == "ja" else "partial").click()
    assert in_review(page) == [] and marks(page) == []
    assert notice(page, "review") == ""
    saved = stored(page)[key(EDITIONS[1])]
    assert saved["digests"]["edition-reword"] == new_digests["edition-reword"]
    assert saved["answers"]["edition-reword"]["value"] == ("yes" if lang == "ja" else "partial")
    page.reload()
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert in_review(page) == [] and marks(page) == []
    assert page.js_errors == []
    assert page.request_log.outside() == []


def test_records_without_digests_carry_over_without_review_marks(edition_page_, editions_url):
    page = edition_page_
    open_edition(page, editions_url + "edition1.html")
    # As the release before digests saved it: the answers-file shape, no "digests".
    old = {
        "format": "econsec-answers",
        "format_version": 1,
        "checklist": CHECKLIST,
        "checklist_version": EDITIONS[0],
        "saved_at": "2026-11-01T00:00:00Z",
        "site": BUILD,
        "answers": {"edition-reword": {"value": "no"}, "edition-remove": {"value": "yes"}},
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(EDITIONS[0]), json.dumps(old)])
    open_edition(page, editions_url + "edition2.html")
    assert checked(page) == {"edition-reword": "no"}
    assert in_review(page) == [] and marks(page) == []
    assert notice(page, "review") == ""
    assert "edition-remove（実施している）" in notice(page, "removed")
    assert page.js_errors == []
    assert page.request_log.outside() == []
