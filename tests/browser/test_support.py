"""Where to get help (issue 12 §3): the desks that fit the user's gaps, and a 相談メモ per desk.

Which desks show, in which order and with which questions comes from the engine's result
(``support``), the same as ``econsec score`` prints for the answers file the page exports. The
memo is read from Chromium's PDF of the page while its desk's button has it ready to print.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from runtime_helpers import wait_engine
from test_checklist_widget import note_box

from econsec.mdext.support_desks import SUPPORT_TEXT
from tests.support.cli import run_econsec

pytestmark = [pytest.mark.browser, pytest.mark.warm]

ROOT = "[data-checklist]"
CH1 = "tech-leakage-ch1"
PAGES = {"ja": f"checks/{CH1}.html", "en": f"en/checks/{CH1}.html"}
BOX = f'{ROOT} [data-result="support"]'
# Gaps on items 1, 3, 5 and 8 (ch1-1-1: expert dispatch, trade secrets; ch1-2-1: TICS too;
# ch1-3-1: IP experts; ch1-4-2: the regional bureau), the rest of the first eight answered yes.
ANSWERS = ["partial", "yes", "no", "yes", "unknown", "yes", "yes", "no"]


def nfkc(text: str) -> str:
    """As compared with a PDF's text: NFKC (some kanji come out as Kangxi radicals), no spaces
    (the text spaces digits and Latin letters among Japanese)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def open_answered(page, url: str) -> None:
    page.goto(url)
    wait_engine(page)
    items = page.locator(f"{ROOT} [data-item]")
    for index, value in enumerate(ANSWERS):
        items.nth(index).locator(f'input[value="{value}"]').check()
    page.wait_for_function(
        f"""() => document.querySelectorAll('[data-result="support"] [data-desk-item]').length
                  && document.querySelector('[data-result="score"]')?.dataset.value
                  && document.querySelectorAll('[data-checklist] [data-item] input:checked')
                     .length === {len(ANSWERS)}"""
    )


def shown_desks(page) -> list[dict]:
    """The desks on screen, in their order, each with its questions."""
    page.wait_for_function(
        """() => { const w = document.querySelector('[data-checklist]');
                   return w.dataset.engine === 'ready'; }"""
    )
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-result="support"] [data-desk]'))
            .filter((d) => !d.hidden)
            .map((d) => ({desk: d.dataset.desk,
                          items: Array.from(d.querySelectorAll('[data-desk-item]'))
                            .map((li) => li.dataset.deskItem)}))"""
    )


def export(page, path: Path) -> Path:
    with page.expect_download() as dl:
        page.locator(f'{ROOT} [data-action="export-json"]').click()
    dl.value.save_as(path)
    return path


def assert_desks_are_the_command_lines(page, tmp_path: Path) -> list[dict]:
    exported = export(page, tmp_path / "answers.json")
    done = run_econsec("score", CH1, str(exported))
    assert done.returncode == 0, done.stderr
    expected = json.loads(done.stdout)["support"]
    # The last answer's score is on screen once the desks have its gap.
    page.wait_for_function(
        f"""() => Array.from(document.querySelectorAll('[data-desk-item]'))
                  .filter((li) => !li.closest('[data-desk]').hidden).length
                  === {sum(len(d["items"]) for d in expected)}"""
    )
    shown = shown_desks(page)
    assert shown == expected
    return shown


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_desks_of_the_gaps_as_the_command_line_lists_them(
    page, base_url: str, tmp_path: Path, lang: str
) -> None:
    open_answered(page, base_url + PAGES[lang])
    shown = assert_desks_are_the_command_lines(page, tmp_path)
    ids = [d["desk"] for d in shown]
    # The most important gap (a "no") leads: item 3's desks before item 1's ("partial").
    assert ids[:3] == ["tics", "inpit-trade-secrets", "expert-dispatch"]
    assert set(ids) == {
        "tics",
        "inpit-trade-secrets",
        "expert-dispatch",
        "regional-bureau",
        "inpit-experts",
    }
    hidden = page.locator(f"{BOX} [data-desk][hidden]")
    assert hidden.count() == 1 and hidden.get_attribute("data-desk") == "prior-report"
    desk = page.locator(f'{BOX} [data-desk="tics"]')
    assert desk.locator('[data-action="print-support"]').is_visible()
    # The official page, and the site's own page about the desk, linked inside the site.
    assert (
        desk.locator("a[data-desk-url]").get_attribute("href").startswith("https://www.meti.go.jp/")
    )
    on_site = desk.locator("a[data-desk-page]").get_attribute("href")
    assert on_site.endswith("support/#tics") or on_site.endswith("support.html#tics"), on_site
    assert SUPPORT_TEXT[lang]["own"] in page.locator(BOX).text_content()
    # Every gap answered yes: no desk, and the page says so.
    items = page.locator(f"{ROOT} [data-item]")
    for index in (0, 2, 4, 7):
        items.nth(index).locator('input[value="yes"]').check()
    page.wait_for_function(
        """() => !document.querySelector('[data-result="support"] [data-support-empty]').hidden"""
    )
    assert shown_desks(page) == []
    assert page.request_log.outside() == [] and page.js_errors == []


def test_focus_in_a_desk_stays_there_when_the_answers_are_scored_again(page, base_url: str) -> None:
    # A keyboard user reading the desks while the scores change (answers scored ahead, a late
    # engine): the desks are put in the new order without taking the focus away. Answers are
    # changed with click() in the page, which does not move the focus.
    open_answered(page, base_url + PAGES["en"])
    link = page.locator(f'{BOX} [data-desk="expert-dispatch"] a[data-desk-page]')
    link.focus()
    focused = (
        "() => document.activeElement?.matches('[data-desk=\"expert-dispatch\"] a[data-desk-page]')"
    )
    assert page.evaluate(focused)
    order = [d["desk"] for d in shown_desks(page)]
    # Item 1 becomes a "no": its desks (expert dispatch among them) move up.
    page.locator(f'{ROOT} [data-item="ch1-1-1"] input[value="no"]').evaluate("(e) => e.click()")
    page.wait_for_function(
        """() => document.querySelector('[data-desk="expert-dispatch"] [data-desk-item="ch1-1-1"]')
                  ?.textContent.includes('No')"""
    )
    assert [d["desk"] for d in shown_desks(page)] != order  # a desk was moved...
    assert page.evaluate(focused)  # ...and the focus is where it was
    # A score that leaves the desks' order as it was (a ninth answer, "yes").
    score = page.locator(f'{ROOT} [data-result="score"]').get_attribute("data-value")
    page.locator(f"{ROOT} [data-item]").nth(8).locator('input[value="yes"]').evaluate(
        "(e) => e.click()"
    )
    page.wait_for_function(
        f"""() => document.querySelector('[data-checklist] [data-result="score"]')
                  ?.dataset.value !== {json.dumps(score)}"""
    )
    assert page.evaluate(focused)
    # Every gap answered yes: the desk is hidden, and the focus goes to the section's heading.
    for index in (0, 2, 4, 7):
        radio = page.locator(f"{ROOT} [data-item]").nth(index).locator('input[value="yes"]')
        radio.evaluate("(e) => e.click()")
    page.wait_for_function(
        """() => !document.querySelector('[data-result="support"] [data-support-empty]').hidden"""
    )
    assert page.evaluate(
        """() => document.activeElement === document.querySelector('[data-result="support"] h4')"""
    )
    assert page.js_errors == []


def pdf_text(page) -> list[str]:
    page.emulate_media(media="print")
    try:
        data = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    return [nfkc(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def test_a_memo_per_desk_holds_the_questions_answers_notes_and_plan(page, base_url: str) -> None:
    t = SUPPORT_TEXT["ja"]
    open_answered(page, base_url + PAGES["ja"])
    note_box(page, "ch1-2-1").fill("規程は2019年のまま")
    plan = page.locator(f'{ROOT} [data-plan="ch1-2-1"]')
    plan.locator('input[name="owner"]').fill("総務部 佐藤")
    plan.locator('input[name="due"]').fill("2027-01-31")
    page.wait_for_function("""() => JSON.stringify(localStorage).includes('総務部 佐藤')""")
    # The browser's print dialog is the user's; here, print() only records what it would print.
    page.evaluate(
        """() => { window.__printed = [];
                   window.print = () => window.__printed.push(
                     document.documentElement.getAttribute('data-econsec-print')); }"""
    )
    page.locator(f'{BOX} [data-desk="tics"] [data-action="print-support"]').click()
    assert page.evaluate("() => window.__printed") == ["memo"]
    memo = page.locator('[data-support-memo="tics"]')
    assert memo.count() == 1
    assert memo.locator("h1").text_content() == "相談メモ：技術情報管理認証制度（TICS）"
    pages = pdf_text(page)
    text = "".join(pages)
    assert len(pages) == 1, pages  # one page to take along
    assert nfkc("相談メモ：技術情報管理認証制度（TICS）") in text
    assert nfkc("情報管理規程を策定し、社内研修を実施しているか") in text
    assert all(nfkc(part) in text for part in ("規程は2019年のまま", "総務部 佐藤", "2027-01-31"))
    assert nfkc(t["memo_ask"]) in text
    assert nfkc("総合スコア") not in text  # the memo alone, not the report
    # Only this desk's questions: ch1-3-1 (IP experts) is not in it.
    assert nfkc("相手国の制度の確認・リスク分析") not in text
    # After printing, the page is as it was; a report printed later has the desks after the plan.
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert memo.count() == 0
    assert (
        page.evaluate("() => document.documentElement.hasAttribute('data-econsec-print')") is False
    )
    report = "".join(pdf_text(page))
    assert nfkc("総合スコア") in report and nfkc(t["title"]) in report
    assert report.index(nfkc("行動計画（期限の早い順）")) < report.index(nfkc(t["title"]))
    assert page.js_errors == []


def test_the_screening_points_to_the_prior_report_consultation(page, base_url: str) -> None:
    page.goto(base_url + "en/checks/prior-report-screening.html")
    wait_engine(page)
    items = page.locator(f"{ROOT} [data-item]")
    items.nth(2).locator('input[value="yes"]').check()
    items.nth(5).locator('input[value="unknown"]').check()
    page.wait_for_function(
        """() => document.querySelectorAll('[data-desk="prior-report"] [data-desk-item]')
                  .length === 2"""
    )
    desks = shown_desks(page)
    ids = [items.nth(i).get_attribute("data-item") for i in (2, 5)]
    assert desks == [{"desk": "prior-report", "items": ids}]
    desk = page.locator(f'{BOX} [data-desk="prior-report"]')
    assert "no office or contact" in desk.text_content()  # the source gives none: said, not made up
    assert desk.locator("a[data-desk-url]").count() == 0
    assert page.js_errors == []


def test_the_desks_in_the_offline_bundle(file_page, bundle_dir: Path, tmp_path: Path) -> None:
    page = file_page
    open_answered(page, (bundle_dir / PAGES["ja"]).as_uri())
    assert_desks_are_the_command_lines(page, tmp_path)
    href = page.locator(f'{BOX} [data-desk="tics"] a[data-desk-page]').get_attribute("href")
    assert href.endswith("support.html#tics"), href  # a file the bundle has
    # On paper, a memo names web addresses only, not a path on this PC.
    page.evaluate("() => { window.print = () => {}; }")
    page.locator(f'{BOX} [data-desk="tics"] [data-action="print-support"]').click()
    memo = page.locator('[data-support-memo="tics"]').text_content()
    assert "https://www.meti.go.jp/" in memo and "file:" not in memo
    assert page.request_log.outside() == [] and page.js_errors == []
