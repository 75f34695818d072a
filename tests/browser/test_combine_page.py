"""The page that combines respondents' answers files (issue 13 §1, §2), in both languages, over
http:// and from the offline bundle: the page shows what ``econsec combine`` prints for the same
files (counts, agreement, proposed consensus, section scores), the consensus can be changed and
exported as an answers file that the self-check imports, and anonymous mode shows counts only —
no file name, respondent's name, note or individual answer — exports a CSV and prints one page.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from runtime_helpers import wait_engine
from test_checklist_widget import answers_record

from econsec.engine.exchange import parse_import
from econsec.engine.model import Checklist
from econsec.mdext.combine_text import COMBINE_TEXT
from econsec.sources.checklists import load_checklist_by_id
from tests.support.cli import run_econsec

pytestmark = [pytest.mark.browser, pytest.mark.warm]

PAGES = {"ja": "checks/combine.html", "en": "en/checks/combine.html"}
BOX = "[data-combine]"
OUT = f'{BOX} [data-result="combined"]'
CH1 = "tech-leakage-ch1"
CHECKLIST = load_checklist_by_id(CH1, Path("checklists"))
D = CHECKLIST.to_dict()
IDS = [i for s in D["sections"] for i in s["items"]]


def record(answers: dict[str, Any], **extra: Any) -> bytes:
    return json.dumps(answers_record(D, answers, **extra), ensure_ascii=False).encode("utf-8")


def anonymous(answers: dict[str, str]) -> bytes:
    data = {
        "format": "econsec-answers",
        "format_version": 2,
        "checklist": CH1,
        "checklist_version": D["version"],
        "anonymous": True,
        "exported_on": "2026-11-29",
        "answers": {k: {"value": v} for k, v in answers.items()},
    }
    return json.dumps(data).encode("utf-8")


# Two firms' people and an attendee's anonymous file; one file of another checklist; one damaged.
FILES = {
    "president.json": record(
        {IDS[0]: {"value": "yes", "note": "規程あり"}, IDS[1]: "yes", IDS[2]: "partial"},
        organisation="経営者",
    ),
    "factory.json": record(
        {
            IDS[0]: {"value": "no", "note": "現場では未周知"},
            IDS[1]: "yes",
            IDS[2]: "unknown",
            IDS[3]: "na",
        }
    ),
    "attendee-anonymous.json": anonymous({IDS[0]: "partial", IDS[1]: "yes", IDS[4]: "no"}),
    "other.json": json.dumps(
        answers_record(load_checklist_by_id("executive", Path("checklists")).to_dict(), {})
    ).encode("utf-8"),
    "broken.json": b'{"format": "econsec-answers", ',
}
LABELS = ["経営者", "factory", "attendee-anonymous"]  # organisation, else the file name


def choose(page, files: dict[str, bytes]) -> None:
    page.locator(f'{BOX} input[type="file"][data-action="combine"]').set_input_files(
        files=[
            {"name": name, "mimeType": "application/json", "buffer": data}
            for name, data in files.items()
        ]
    )


def open_combined(page, base_url: str, lang: str) -> None:
    page.goto(base_url + PAGES[lang])
    wait_engine(page)
    assert page.locator(f'{BOX} input[type="file"][multiple][data-action="combine"]').is_visible()
    choose(page, FILES)
    page.wait_for_selector(f'{OUT}[data-respondents="3"]', state="attached")


def page_rows(page) -> dict[str, dict[str, str]]:
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('[data-item-summary]'))
            .map((r) => [r.dataset.itemSummary, Object.fromEntries(Object.entries(r.dataset))]))"""
    )


def expected(tmp_path: Path, labels: list[str] | None = None) -> dict[str, Any]:
    """What the command line prints for the same files."""
    paths = []
    for name, data in FILES.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    # "auto": the checklist most of the files answer, which the page picks alike (checklist_of).
    args = ["combine", "auto", *paths]
    for label in labels or []:
        args += ["--label", label]
    done = run_econsec(*args)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["checklist"] == CH1
    return result


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_page_shows_what_the_command_line_computes(page, base_url, lang, tmp_path):
    open_combined(page, base_url, lang)
    cli = expected(tmp_path)
    assert cli["accepted"] == 3
    rows = page_rows(page)
    assert list(rows) == IDS
    for item in cli["items"]:
        row = rows[item["id"]]
        for value, count in item["counts"].items():
            assert row.get(value) == str(count), (item["id"], value, row)
        assert row["agree"] == str(item["agree"]).lower()
        select = page.locator(f'{OUT} select[data-consensus="{item["id"]}"]')
        assert select.input_value() == (item["proposed"] or "")
    # The first question: 実施している / 実施していない / 一部実施 — answers differ, in words.
    first = page.locator(f'{OUT} [data-item-summary="{IDS[0]}"]')
    assert first.get_attribute("data-agree") == "false"
    differ = "意見が分かれています" if lang == "ja" else "Answers differ"
    assert differ in first.inner_text()
    assert (
        page.locator(f'{OUT} [data-item-summary="{IDS[1]}"]').get_attribute("data-agree") == "true"
    )
    # Every respondent's section scores, as the command line gives them.
    for section in cli["sections"]:
        cells = page.locator(f'{OUT} tr[data-section="{section["id"]}"] td').all_inner_texts()
        shown = cells[:3]
        want = ["—" if v is None else f"{v:g}" for v in section["scores"]]
        assert shown == want, (section["id"], shown, want)
    # The two files it could not use are named, with why.
    said = page.locator(f"{BOX} [data-message]").text_content()
    assert "other.json" in said and "broken.json" in said
    assert page.request_log.outside() == [] and page.js_errors == []


def test_the_checklist_most_files_answer_is_combined_not_the_first_files(page, base_url):
    # The engine picks (econsec.engine.combine.checklist_of): two files of CH1 after one of
    # "executive" combine CH1 and list the other file as refused; files of no checklist of the
    # site are refused whole, with why.
    page.goto(base_url + PAGES["ja"])
    wait_engine(page)
    first = {"other.json": FILES["other.json"]}
    choose(page, first | {n: FILES[n] for n in ("president.json", "factory.json")})
    page.wait_for_selector(f'{OUT}[data-respondents="2"]', state="attached")
    assert set(page_rows(page)) == set(IDS)
    assert "other.json" in page.locator(f"{BOX} [data-message]").inner_text()
    choose(page, {"broken.json": FILES["broken.json"], "plain.json": b'{"checklist": "none"}'})
    alert = page.locator(f"{BOX} [data-alert]")
    alert.filter(has_text=COMBINE_TEXT["ja"]["unknown_checklist"]).wait_for()
    assert page.locator(OUT).is_hidden()
    assert page.js_errors == []


def test_consensus_changed_exported_and_imported(page, base_url, tmp_path):
    open_combined(page, base_url, "ja")
    page.locator(f"{OUT} input[data-respondent]").nth(1).fill("製造部")
    page.locator(f'{OUT} select[data-consensus="{IDS[2]}"]').select_option("no")
    # The header follows the name typed.
    assert "製造部" in page.locator(f"{OUT} thead").first.inner_text()
    with page.expect_download() as info:
        page.locator(f'{OUT} [data-action="export-consensus"]').click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["checklist"] == CH1 and "organisation" not in data
    answers = data["answers"]
    assert answers[IDS[0]]["value"] == "no"  # the most cautious counted answer
    assert answers[IDS[2]]["value"] == "no"  # changed by hand
    note = answers[IDS[0]]["note"]
    assert "経営者：規程あり" in note and "製造部：現場では未周知" in note
    # It is an answers file the self-check imports.
    imported = parse_import(text, Checklist.from_dict(D))
    assert imported["ok"] and imported["answers"][IDS[2]]["value"] == "no"
    page.goto(base_url + "checks/tech-leakage-ch1.html")
    wait_engine(page)
    page.locator('[data-checklist] input[type="file"][data-action="import"]').set_input_files(
        files=[{"name": "consensus.json", "mimeType": "application/json", "buffer": text.encode()}]
    )
    page.wait_for_function(
        "(id) => document.querySelector(`[data-item='${id}'] input[value=no]`).checked", arg=IDS[2]
    )
    assert page.locator(f'[data-item="{IDS[0]}"] textarea[data-note]').input_value() == note
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_anonymous_mode_shows_counts_only(page, base_url, lang, tmp_path):
    open_combined(page, base_url, lang)
    page.locator(f'{BOX} input[type="checkbox"][data-action="anonymous"]').check()
    page.wait_for_selector(f"{OUT} [data-most-gaps]", state="attached")
    page.wait_for_function(
        "() => !document.querySelector('[data-combine] [data-message]').textContent.includes('.json')"
    )
    shown = page.locator(BOX).inner_text()  # the results and every message
    for private in ("経営者", "factory", "attendee", "規程あり", "現場では未周知", ".json"):
        assert private not in shown, private
    assert page.locator(f"{OUT} input[data-respondent], {OUT} select").count() == 0
    cli = expected(tmp_path)
    rows = page_rows(page)
    for item in cli["items"]:
        for value, count in item["counts"].items():
            assert rows[item["id"]].get(value) == str(count)
    for section in cli["sections"]:
        cells = page.locator(f'{OUT} tr[data-section="{section["id"]}"] td').all_inner_texts()
        want = [
            "—" if v is None else f"{v:g}"
            for v in (section["min"], section["median"], section["max"])
        ]
        assert cells == want
    gaps = page.locator(f"{OUT} [data-gap-item]")
    assert [gaps.nth(i).get_attribute("data-gap-item") for i in range(gaps.count())] == [
        g["id"] for g in cli["most_gaps"]
    ]
    href = gaps.first.locator("a[data-guidance]").get_attribute("href")
    assert href.startswith("../guidance/") and ".html#" in href
    # The CSV holds counts and ranges, no names.
    with page.expect_download() as info:
        page.locator(f'{OUT} [data-action="export-room-csv"]').click()
    body = Path(info.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(body)))
    assert len(table[1 : 1 + len(IDS)]) == len(IDS)
    assert all(private not in body for private in ("経営者", "factory", "規程あり"))
    # One A4 page for the projector or the handout.
    page.evaluate("() => { window.print = () => {}; }")
    page.locator(f'{OUT} [data-action="print-room"]').click()
    page.emulate_media(media="print")
    try:
        pdf = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1, len(pages)
    assert "経営者" not in pages[0].extract_text()
    assert page.js_errors == []


def test_combining_from_the_offline_bundle(file_page, bundle_dir: Path):
    page = file_page
    page.goto((bundle_dir / PAGES["ja"]).as_uri())
    wait_engine(page)
    choose(page, FILES)
    page.wait_for_selector(f'{OUT}[data-respondents="3"]', state="attached")
    assert (
        page.locator(f'{OUT} [data-item-summary="{IDS[0]}"]').get_attribute("data-agree") == "false"
    )
    assert page.request_log.outside() == [] and page.js_errors == []


def test_the_self_check_index_links_the_page(page, base_url):
    page.goto(base_url + "checks/index.html")
    link = page.locator('main a[href="combine.html"]').first
    assert link.is_visible()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_largest_checklists_summary_fits_one_a4_page(page, base_url, lang):
    """The longest case: the checklist with most questions, its five longest questions the gaps."""
    d = load_checklist_by_id("organisation", Path("checklists")).to_dict()
    items = d["items"]
    longest = {i["id"] for i in sorted(items, key=lambda i: -len(i["text"][lang]))[:5]}
    values = ["yes", "partial", "unknown", "na"]
    files = {}
    for n in range(12):
        answers = {
            i["id"]: "no" if i["id"] in longest else values[(n + k) % 4]
            for k, i in enumerate(items)
        }
        files[f"r{n}.json"] = json.dumps(answers_record(d, answers)).encode("utf-8")
    page.goto(base_url + PAGES[lang])
    wait_engine(page)
    choose(page, files)
    page.wait_for_selector(f'{OUT}[data-respondents="12"]', state="attached")
    page.locator(f'{BOX} input[type="checkbox"][data-action="anonymous"]').check()
    gaps = page.locator(f"{OUT} [data-gap-item]")
    assert {gaps.nth(i).get_attribute("data-gap-item") for i in range(5)} == longest
    page.evaluate("() => { window.print = () => {}; }")
    page.locator(f'{OUT} [data-action="print-room"]').click()
    page.emulate_media(media="print")
    try:
        pdf = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
