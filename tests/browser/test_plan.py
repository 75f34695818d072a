"""The action plan (issue 12 §2): rows per next step, kept with the answers, in every export.

The plan's order and its CSV come from the engine; the CSV the page writes must be the bytes
``econsec plan`` prints for the answers file the page exports (same date for "overdue").
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from runtime_helpers import wait_engine

from econsec.engine.plan import MAX_OWNER_CHARS
from tests.support.cli import run_econsec

pytestmark = [pytest.mark.browser, pytest.mark.warm]

ROOT = "[data-checklist]"
CH1 = "tech-leakage-ch1"
PAGES = {"ja": f"checks/{CH1}.html", "en": f"en/checks/{CH1}.html"}
TABLE = f'{ROOT} [data-result="plan"]'
WORDS = {
    "ja": {
        "overdue": "期限超過",
        "doing": "対応中",
        "owner_cut": "切り詰めました",
        "bad_due": "日付",
    },
    "en": {"overdue": "overdue", "doing": "In progress", "owner_cut": "was cut", "bad_due": "date"},
}


def open_ready(page, url: str) -> None:
    page.goto(url)
    wait_engine(page)
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")


def item_id(page, index: int) -> str:
    return page.locator(f"{ROOT} [data-item]").nth(index).get_attribute("data-item")


def answer(page, index: int, value: str) -> None:
    page.locator(f"{ROOT} [data-item]").nth(index).locator(f'input[value="{value}"]').check()


def fill_plan(page, item: str, owner: str, due: str, status: str) -> None:
    row = page.locator(f'{ROOT} [data-plan="{item}"]')
    row.locator('input[name="owner"]').fill(owner)
    row.locator('input[name="due"]').fill(due)
    row.locator('select[name="status"]').select_option(status)


ROWS_JS = """() => Array.from(document.querySelectorAll('[data-result="plan"] [data-plan-row]'))
    .map((r) => ({item: r.dataset.planRow, status: r.dataset.status,
                  overdue: r.hasAttribute('data-overdue'), text: r.textContent}))"""


def plan_rows(page, items: list[str]) -> list[dict[str, str]]:
    """The plan table's rows once they are ``items`` in that order. The table is redrawn after
    each answer and each plan field, so a count alone can be met before the last due date is in;
    a timeout fails on the order it last showed."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"() => ({ROWS_JS})().map((r) => r.item).join() === {json.dumps(','.join(items))}",
            timeout=15_000,
        )
    rows = page.evaluate(ROWS_JS)
    assert [r["item"] for r in rows] == items
    return rows


def download(page, action: str, path: Path) -> Path:
    with page.expect_download() as dl:
        page.locator(f'{ROOT} [data-action="{action}"]').click()
    dl.value.save_as(path)
    return path


def planned_page(page, url: str) -> list[str]:
    """Answer four items (three are next steps) and plan two of them; the plan's item ids."""
    open_ready(page, url)
    for index, value in enumerate(["no", "partial", "yes", "unknown"]):
        answer(page, index, value)
    ids = [item_id(page, i) for i in range(4)]
    fill_plan(page, ids[0], "製造部 山田", "2026-12-20", "doing")
    fill_plan(page, ids[1], "総務", "2020-01-10", "todo")  # long past: overdue on any day
    return ids


def today(page) -> str:
    return page.evaluate(
        """() => { const d = new Date(), p = (n) => String(n).padStart(2, '0');
                   return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }"""
    )


def assert_csv_is_the_command_lines(page, tmp_path: Path, lang: str) -> None:
    exported = download(page, "export-json", tmp_path / "answers.json")
    plan_csv = download(page, "export-plan", tmp_path / "plan.csv").read_bytes()
    assert plan_csv.startswith(b"\xef\xbb\xbf")  # for Excel
    done = run_econsec("plan", CH1, str(exported), "--lang", lang, "--today", today(page))
    assert done.returncode == 0, done.stderr
    assert plan_csv.decode("utf-8-sig") == done.stdout


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_plan_is_kept_ordered_and_exported_as_the_command_line_prints_it(
    page, base_url: str, tmp_path: Path, lang: str
) -> None:
    ids = planned_page(page, base_url + PAGES[lang])
    shown = [page.locator(f'{ROOT} [data-plan="{i}"]').is_visible() for i in ids]
    assert shown == [True, True, False, True]  # a row for each next step only
    rows = plan_rows(page, [ids[1], ids[0], ids[3]])  # by due date, undated last
    assert rows[0]["overdue"] and WORDS[lang]["overdue"] in rows[0]["text"]  # said in words
    assert rows[1]["status"] == "doing" and WORDS[lang]["doing"] in rows[1]["text"]
    assert_csv_is_the_command_lines(page, tmp_path, lang)
    data = json.loads((tmp_path / "answers.json").read_text("utf-8"))
    assert data["format_version"] == 2
    assert data["answers"][ids[0]]["plan"] == {
        "owner": "製造部 山田",
        "due": "2026-12-20",
        "status": "doing",
    }
    table = download(page, "export-csv", tmp_path / "all.csv").read_text("utf-8-sig")
    assert f"{ids[0]}," in table and "製造部 山田,2026-12-20," in table
    # Reload, then the other language (one record for both): the plan is still there.
    other = "en" if lang == "ja" else "ja"
    for url in (base_url + PAGES[lang], base_url + PAGES[other]):
        open_ready(page, url)
        row = page.locator(f'{ROOT} [data-plan="{ids[0]}"]')
        assert row.locator('input[name="owner"]').input_value() == "製造部 山田"
        assert row.locator('input[name="due"]').input_value() == "2026-12-20"
        assert row.locator('select[name="status"]').input_value() == "doing"
        plan_rows(page, [ids[1], ids[0], ids[3]])
    assert page.request_log.outside() == [] and page.js_errors == []


def test_bad_plan_input_is_cut_or_refused_with_a_message(page, base_url: str) -> None:
    ids = planned_page(page, base_url + PAGES["ja"])
    row = page.locator(f'{ROOT} [data-plan="{ids[0]}"]')
    owner = row.locator('input[name="owner"]')
    owner.fill("山" * (MAX_OWNER_CHARS + 20))
    owner.blur()
    page.wait_for_function(
        f"""() => document.querySelector('[data-plan="{ids[0]}"] input[name="owner"]')
                  .value.length === {MAX_OWNER_CHARS}"""
    )
    assert WORDS["ja"]["owner_cut"] in page.locator(f"{ROOT} [data-message]").text_content()
    # A browser without a date picker gives free text: it is refused and the date stays.
    due = row.locator('input[name="due"]')
    due.evaluate("(input) => { input.type = 'text'; }")
    due.fill("12/31/2026")
    due.dispatch_event("change")
    assert WORDS["ja"]["bad_due"] in page.locator(f'{ROOT} [role="alert"]').text_content()
    assert due.input_value() == "2026-12-20"
    stored = page.evaluate(
        f"""() => JSON.parse(localStorage.getItem(Object.keys(localStorage)
                   .find((k) => k.includes(":{CH1}@"))))"""
    )
    assert stored["answers"][ids[0]]["plan"]["due"] == "2026-12-20"
    assert len(stored["answers"][ids[0]]["plan"]["owner"]) == MAX_OWNER_CHARS
    assert page.js_errors == []


def test_import_reset_and_print(page, base_url: str, tmp_path: Path) -> None:
    ids = planned_page(page, base_url + PAGES["en"])
    exported = download(page, "export-json", tmp_path / "answers.json")
    page.emulate_media(media="print")
    try:
        assert page.locator(TABLE).is_visible()
        assert not page.locator(f'{TABLE} [data-action="export-plan"]').is_visible()
    finally:
        page.emulate_media(media="screen")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f'{ROOT} [data-action="reset"]').click()
    page.wait_for_function(
        "() => !document.querySelector('[data-result=\"plan\"] [data-plan-row]')"
    )
    assert page.locator(f'{ROOT} [data-plan="{ids[0]}"] input[name="owner"]').input_value() == ""
    # The exported file brings the plan back, and a bad plan in it is named, not fatal.
    data = json.loads(exported.read_text("utf-8"))
    data["answers"][ids[3]]["plan"] = {"owner": "x", "due": "soon", "status": "doing"}
    page.locator(f'{ROOT} input[data-action="import"]').set_input_files(
        files=[
            {"name": "a.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()}
        ]
    )
    plan_rows(page, [ids[1], ids[0], ids[3]])
    assert ids[3] in page.locator(f"{ROOT} [data-message]").text_content()  # the bad due date
    assert page.js_errors == []


def test_the_plan_from_the_offline_bundle(file_page, bundle_dir: Path, tmp_path: Path) -> None:
    page = file_page
    ids = planned_page(page, (bundle_dir / PAGES["ja"]).as_uri())
    plan_rows(page, [ids[1], ids[0], ids[3]])
    assert_csv_is_the_command_lines(page, tmp_path, "ja")
    assert page.request_log.outside() == [] and page.js_errors == []
