"""Compare with an earlier check (issue 12 §1): the page shows what ``econsec compare`` prints.

Each journey answers, exports (the earlier file), changes its answers, exports again (the
current answers as the command line reads them) and loads the earlier file into the comparison;
the numbers and changes on the page must equal the command line's JSON for those two files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from runtime_helpers import wait_engine
from test_accessibility import _violations

from tests.support.cli import run_econsec

pytestmark = [pytest.mark.browser, pytest.mark.warm]

ROOT = "[data-checklist]"
CH1 = "tech-leakage-ch1"
PAGES = {"ja": f"checks/{CH1}.html", "en": f"en/checks/{CH1}.html"}
BOX = f'{ROOT} [data-result="comparison"]'
PICK = f'{ROOT} input[type="file"][data-action="compare"]'
CLEAR = f'{ROOT} [data-action="clear-comparison"]'

SHOWN = """() => {
  const box = document.querySelector('[data-result="comparison"]');
  const attrs = (n) => [n.dataset.before ?? null, n.dataset.after ?? null, n.dataset.delta ?? null];
  return {
    hidden: box.hidden,
    score: attrs(box),
    sections: Object.fromEntries(Array.from(box.querySelectorAll('[data-section]'))
      .map((n) => [n.dataset.section, attrs(n)])),
    items: Object.fromEntries(Array.from(box.querySelectorAll('[data-change]'))
      .map((n) => [n.dataset.change, n.dataset.value])),
  };
}"""


def shown_number(value: float | None) -> str | None:
    """A score as the page writes it in data-* (JavaScript's String of a one-decimal number)."""
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(round(value, 1))


def expected(cli: dict[str, Any]) -> dict[str, Any]:
    """The command line's comparison in the shape SHOWN reads from the page."""
    triple = lambda d: [shown_number(d[k]) for k in ("before", "after", "delta")]  # noqa: E731
    return {
        "hidden": False,
        "score": triple(cli["score"]),
        "sections": {s["id"]: triple(s) for s in cli["sections"]},
        "items": {i["id"]: i["change"] for i in cli["items"]},
    }


def open_ready(page, url: str) -> None:
    page.goto(url)
    wait_engine(page)
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")


def answer(page, index: int, value: str) -> None:
    page.locator(f"{ROOT} [data-item]").nth(index).locator(f'input[value="{value}"]').check()


def settled(page) -> None:
    """The score on screen is the engine's for the current answers (no call in flight)."""
    page.wait_for_function(
        """() => {
          const a = document.querySelectorAll('[data-item] input[type=radio]:checked').length;
          const p = document.querySelector('[data-result="progress"]');
          return p && p.dataset.answered === String(a) && document.querySelector('[data-scored]');
        }"""
    )


def export(page, path: Path) -> Path:
    with page.expect_download() as download:
        page.locator(f'{ROOT} [data-action="export-json"]').click()
    download.value.save_as(path)
    return path


def choose(page, name: str, data: bytes) -> None:
    page.locator(PICK).set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": data}]
    )


def comparison_after(page, score: str | None) -> dict[str, Any]:
    """What the page shows, once its comparison's "now" score is ``score`` (as data-after)."""
    now = "null" if score is None else json.dumps(score)
    page.wait_for_function(
        f"""() => {{
          const box = document.querySelector('[data-result="comparison"]');
          return !box.hidden && (box.dataset.after ?? null) === {now};
        }}""",
        timeout=15_000,
    )
    return page.evaluate(SHOWN)


def cli_compare(before: Path, after: Path) -> dict[str, Any]:
    done = run_econsec("compare", CH1, str(before), str(after))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def stored_record(page) -> dict[str, Any]:
    text = page.evaluate(
        f"""() => Object.keys(localStorage).filter((k) => k.includes(":{CH1}@"))
              .map((k) => localStorage.getItem(k))[0] ?? null"""
    )
    return json.loads(text) if text else {}


def earlier_and_now(page, tmp_path: Path) -> tuple[Path, Path]:
    """Answer, export (earlier), change the answers, export again (now)."""
    for index, value in enumerate(["no", "no", "yes", "partial", "unknown"]):
        answer(page, index, value)
    settled(page)
    before = export(page, tmp_path / "before.json")
    for index, value in [(0, "yes"), (1, "partial"), (2, "no"), (5, "yes"), (4, "na")]:
        answer(page, index, value)
    settled(page)
    return before, export(page, tmp_path / "after.json")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_comparison_is_the_command_lines_and_stays_until_removed(
    page, base_url: str, tmp_path: Path, lang: str
) -> None:
    open_ready(page, base_url + PAGES[lang])
    assert page.locator(f"{ROOT} [data-compare]").is_visible()
    before, after = earlier_and_now(page, tmp_path)
    want = expected(cli_compare(before, after))
    choose(page, "last-year.json", before.read_bytes())
    shown = comparison_after(page, want["score"][1])
    assert shown == want
    assert set(shown["items"].values()) >= {"improved", "worse", "new", "dropped", "same"}
    assert "last-year.json" in page.locator(f"{ROOT} [data-message]").text_content()
    box = page.locator(BOX)
    words = {"ja": ("前回", "今回", "改善", "悪化"), "en": ("before", "now", "Improved", "Worse")}
    assert all(word in box.text_content() for word in words[lang])
    assert stored_record(page)["earlier"]["answers"]  # kept with the answers, without notes
    # The change is said under the overall score too.
    under = page.locator(f"{ROOT} [data-result='score'] + [data-compare-summary]")
    assert under.text_content() == box.locator(".econsec-comparison__score").text_content()
    assert _violations(page) == []  # axe, every rule, with the comparison on screen
    # Reload: the comparison comes back from storage.
    page.reload()
    wait_engine(page)
    assert comparison_after(page, want["score"][1]) == shown
    # A new answer: the comparison follows at once.
    answer(page, 6, "yes")
    new_id = again_id(page, 6)
    page.wait_for_selector(f'{BOX} [data-change="{new_id}"][data-value="new"]', state="attached")
    assert page.evaluate(SHOWN)["score"] != shown["score"]
    # Removed: hidden, and gone from storage.
    page.locator(CLEAR).click()
    page.wait_for_selector(BOX, state="hidden")
    assert not page.locator(CLEAR).is_visible()
    assert "earlier" not in stored_record(page)
    assert page.locator(f"{ROOT} [data-compare-summary]").count() == 0
    page.reload()
    wait_engine(page)
    settled(page)
    assert page.evaluate(SHOWN)["hidden"]
    assert page.request_log.outside() == [] and page.js_errors == []


def again_id(page, index: int) -> str:
    return page.locator(f"{ROOT} [data-item]").nth(index).get_attribute("data-item")


def test_a_refused_file_changes_nothing(page, base_url: str, tmp_path: Path) -> None:
    open_ready(page, base_url + PAGES["ja"])
    before, after = earlier_and_now(page, tmp_path)
    choose(page, "before.json", before.read_bytes())
    shown = comparison_after(page, expected(cli_compare(before, after))["score"][1])
    record = stored_record(page)
    data = json.loads(before.read_text("utf-8"))
    bad = {
        "other.json": json.dumps({**data, "checklist": "executive"}).encode(),
        "damaged.json": b'{"format": "econsec-answers", "answers": {',
        "newer.json": json.dumps({**data, "format_version": 99}).encode(),
        "empty.json": json.dumps({**data, "answers": {}}).encode(),
    }
    for name, content in bad.items():
        choose(page, name, content)
        alert = page.locator(f'{ROOT} [role="alert"]')
        page.wait_for_function(
            """() => document.querySelector('[data-checklist] [role="alert"]')
                       .textContent.includes('比較の内容は変更していません')"""
        )
        assert "読み込めません" in alert.text_content(), (name, alert.text_content())
        assert page.evaluate(SHOWN) == shown, name
        assert stored_record(page)["earlier"] == record["earlier"], name
        page.evaluate("""() => { document.querySelector('[data-checklist] [role="alert"]')
                                   .textContent = ''; }""")
    assert page.js_errors == []


def test_reset_removes_the_comparison_and_print_shows_it(
    page, base_url: str, tmp_path: Path
) -> None:
    open_ready(page, base_url + PAGES["en"])
    section = page.locator(f"{ROOT} [data-compare]")
    page.emulate_media(media="print")
    assert not section.is_visible()  # nothing compared: nothing of it on paper
    page.emulate_media(media="screen")
    before, _ = earlier_and_now(page, tmp_path)
    choose(page, "before.json", before.read_bytes())
    page.wait_for_selector(f"{BOX}:not([hidden])", state="attached")
    page.emulate_media(media="print")
    assert page.locator(BOX).is_visible()
    assert not page.locator(PICK).is_visible() and not page.locator(CLEAR).is_visible()
    page.emulate_media(media="screen")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f'{ROOT} [data-action="reset"]').click()
    page.wait_for_selector(BOX, state="hidden")
    assert stored_record(page) == {}


def test_a_screening_compares_answers_and_outcome(page, base_url: str, tmp_path: Path) -> None:
    open_ready(page, base_url + "checks/prior-report-screening.html")
    for index in range(3):
        answer(page, index, "no")
    settled(page)
    before = export(page, tmp_path / "before.json")
    answer(page, 1, "yes")
    settled(page)
    choose(page, "before.json", before.read_bytes())
    page.wait_for_selector(f"{BOX}:not([hidden])", state="attached")
    shown = page.evaluate(SHOWN)
    changed = again_id(page, 1)
    assert shown["items"][changed] == "changed"
    assert [v for k, v in shown["items"].items() if k != changed] == ["same"] * (
        len(shown["items"]) - 1
    )
    assert shown["score"] == [None, None, None]  # no score on a screening: no data-before…
    assert "判定：前回" in page.locator(BOX).text_content()
    after = export(page, tmp_path / "after.json")
    cli = json.loads(
        run_econsec("compare", "prior-report-screening", str(before), str(after)).stdout
    )
    assert {i["id"]: i["change"] for i in cli["items"]} == shown["items"]


def test_the_comparison_from_the_offline_bundle(file_page, bundle_dir: Path, tmp_path: Path):
    page = file_page
    open_ready(page, (bundle_dir / PAGES["en"]).as_uri())
    before, after = earlier_and_now(page, tmp_path)
    want = expected(cli_compare(before, after))
    choose(page, "before.json", before.read_bytes())
    assert comparison_after(page, want["score"][1]) == want
    assert page.request_log.outside() == [] and page.js_errors == []
