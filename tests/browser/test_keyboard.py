"""Keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7, 1.4.11): a self-check is answered, exported and
printed with only Tab, Shift+Tab, arrow keys, Space and Enter (and typing a note), the focused
element is on screen at every step, and every kind of focusable element shows a focus ring of at
least 2 px whose colour has 3:1 against what surrounds it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from runtime_helpers import checklist_definition, wait_engine, wait_rendered

pytestmark = [pytest.mark.browser, pytest.mark.warm]

MAX_TABS = 400  # far more stops than any page has: a loop that never ends is a failure

# The focused element: what it is, and whether it is on screen and not covered by anything
# (the sticky header included).
FOCUSED_JS = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  const hit = inView ? document.elementFromPoint(
    Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1),
    Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1)) : null;
  const label = e.closest('label') || (e.id && document.querySelector(`label[for="${e.id}"]`));
  const uncovered = !!hit && (e.contains(hit) || hit.contains(e) || (!!label && label.contains(hit)));
  const item = e.closest('[data-item]');
  return {
    tag: e.tagName.toLowerCase(), type: e.type || '', value: e.value || '',
    action: e.dataset ? (e.dataset.action || '') : '',
    item: item ? item.dataset.item : '', checked: !!e.checked,
    classes: e.className ? String(e.className) : '',
    text: (e.textContent || '').trim().slice(0, 40),
    visible: e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && inView,
    uncovered,
  };
}"""


def focused(page) -> dict:
    # Some elements fade or slide in on focus (Material's skip link): give them a moment.
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what is wrong
        page.wait_for_function(f"() => ({FOCUSED_JS})().visible", timeout=2_000)
    info = page.evaluate(FOCUSED_JS)
    assert info["visible"], f"the focused element is not on screen: {info}"
    assert info["uncovered"], f"the focused element is covered: {info}"
    return info


def press(page, key: str) -> dict:
    page.keyboard.press(key)
    return focused(page)


def tab_to(page, predicate, key: str = "Tab") -> dict:
    for _ in range(MAX_TABS):
        info = press(page, key)
        if predicate(info):
            return info
    raise AssertionError(f"{key} never reached the element")


@pytest.mark.parametrize(
    ("lang", "check"),
    [("ja", "executive"), ("en", "tech-leakage-ch1"), ("ja", "tech-leakage-ch1")],
)
def test_self_check_completed_exported_and_printed_by_keyboard(
    page, base_url: str, site_dir: Path, lang: str, check: str
) -> None:
    prefix = "" if lang == "ja" else "en/"
    definition = checklist_definition(site_dir / prefix / "checks" / f"{check}.html")
    values = list(definition["answers"])
    item_ids = [item["id"] for item in definition["items"]]
    note = "担当：総務部, 2026年度" if lang == "ja" else 'Owner: "General Affairs", FY2026'
    page.add_init_script(
        "window.print = () => { window.__printCalls = (window.__printCalls || 0) + 1; };"
    )
    page.goto(base_url + prefix + f"checks/{check}.html")
    wait_engine(page)

    # From the top of the page: the skip link, then into the content.
    skip = press(page, "Tab")
    assert "md-skip" in skip["classes"]
    press(page, "Enter")

    chosen: dict[str, str] = {}
    noted = False
    info = tab_to(page, lambda i: i["tag"] == "input" and i["type"] == "radio")
    for _ in range(MAX_TABS):
        if info["action"] == "export-json":
            break
        if info["type"] == "radio" and info["item"] not in chosen:
            # Tab lands on the first choice of an unanswered group; Space picks it and the arrow
            # keys move the choice within the group (rotating through every answer value).
            assert not info["checked"] and info["value"] == values[0]
            info = press(page, "Space")
            want = len(chosen) % len(values)
            for _step in range(want):
                info = press(page, "ArrowRight" if _step % 2 == 0 else "ArrowDown")
            assert info["checked"] and info["value"] == values[want], info
            chosen[info["item"]] = values[want]
        elif info["action"] == "open-note" and not noted:
            # 「メモを書く」 opens the item's note box and moves the focus into it.
            info = press(page, "Enter")
            assert info["tag"] == "textarea", info
            page.keyboard.type(note)
            noted = info["item"]
        info = press(page, "Tab")
    else:
        raise AssertionError("Tab never reached the export button")
    assert list(chosen) == item_ids  # every item, in order, by keyboard
    answers_on_page = page.evaluate(
        "[...document.querySelectorAll('[data-item]')].map((i) => i.dataset.answer || '')"
    )
    assert answers_on_page == [chosen[i] for i in item_ids]
    page.wait_for_function(
        "(n) => document.querySelector('[data-result=\"progress\"]').dataset.answered == n",
        arg=str(len(item_ids)),
    )
    page.wait_for_function(
        "() => document.querySelector('[data-result=\"score\"]').hasAttribute('data-value')"
    )

    # Export JSON with Enter: the answers and the note typed above.
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    exported = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert dl.value.suggested_filename.startswith(f"{check}-")
    assert exported["format"] == "econsec-answers" and exported["lang"] == lang
    assert {k: v["value"] for k, v in exported["answers"].items()} == chosen
    assert exported["answers"][noted]["note"] == note

    # Export CSV with Space (after a step back with Shift+Tab and forward again).
    assert press(page, "Tab")["action"] == "export-csv"
    assert press(page, "Shift+Tab")["action"] == "export-json"
    assert press(page, "Tab")["action"] == "export-csv"
    with page.expect_download() as dl:
        page.keyboard.press("Space")
    raw = Path(dl.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert header[:5] == (
        ["区分", "項目ID", "設問", "回答", "メモ"]
        if lang == "ja"
        else ["Section", "Item ID", "Question", "Answer", "Note"]
    )
    assert [r[1] for r in rows] == item_ids
    unanswered = "未回答" if lang == "ja" else "Unanswered"
    assert all(r[3] and r[3] != unanswered for r in rows)
    assert {r[1]: r[4] for r in rows}[noted] == note

    # Print with Enter: window.print is called; the print view shows the answers and results.
    assert press(page, "Tab")["action"] == "print"
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__printCalls === 1")
    page.emulate_media(media="print")
    try:
        assert page.locator(".econsec-choice:has(input:checked)").count() == len(item_ids)
        for i in range(len(item_ids)):
            assert page.locator(".econsec-choice:has(input:checked)").nth(i).is_visible()
        score = page.locator('[data-result="score"]')
        assert score.is_visible()
        assert score.get_attribute("data-value") in score.inner_text()
        assert page.locator('[data-result="sections"]').is_visible()
        assert page.locator(f'[data-item="{noted}"] textarea').is_visible()
        assert not page.locator(".econsec-actions").is_visible()
    finally:
        page.emulate_media(media="screen")
    assert page.js_errors == []
    assert page.request_log.outside() == []


# -- focus visible ------------------------------------------------------------------------------

# The focus indicator of the focused element: outline and box-shadow, and the colour behind the
# ring (the backgrounds of the ancestors that hold it, composited onto the page).
RING_JS = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  // The ring lies outside the element: only ancestors whose box holds the ring's centre line
  // (as far as it is on screen) count.
  const r = e.getBoundingClientRect();
  const out = (parseFloat(s.outlineOffset) || 0) + (parseFloat(s.outlineWidth) || 0) / 2;
  const holds = (a) => {
    const b = a.getBoundingClientRect();
    return a === document.documentElement || (
      b.left <= Math.max(r.left - out, 0) && b.top <= Math.max(r.top - out, 0)
      && b.right >= Math.min(r.right + out, innerWidth)
      && b.bottom >= Math.min(r.bottom + out, innerHeight));
  };
  const layers = [];
  for (let a = e.parentElement; a; a = a.parentElement) {
    if (!holds(a)) continue;
    const c = parse(getComputedStyle(a).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255];
  for (const [r, g, b, al] of layers.reverse()) {
    bg = [r * al + bg[0] * (1 - al), g * al + bg[1] * (1 - al), b * al + bg[2] * (1 - al)];
  }
  return {
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
    outlineColor: parse(s.outlineColor), boxShadow: s.boxShadow, background: bg,
    focusVisible: e.matches(':focus-visible'),
  };
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def kind_of(info: dict) -> str | None:
    """The kind of focusable element the brief names, from FOCUSED_JS' description."""
    classes = info["classes"]
    if "econsec-lang__link" in classes:
        return "language link"
    if "md-search__input" in classes:
        return "header search"
    if "md-nav__link" in classes:
        return "navigation link"
    if info["tag"] == "a":
        return "link"
    if info["tag"] == "input" and info["type"] in ("radio", "file"):
        return info["type"]
    if info["tag"] in ("button", "textarea"):
        return info["tag"]
    return None


@pytest.mark.parametrize(
    ("path", "kinds"),
    [
        (
            "checks/tech-leakage-ch1.html",
            {
                "language link",
                "header search",
                "navigation link",
                "link",
                "radio",
                "textarea",
                "button",
                "file",
            },
        ),
        ("en/checks/executive.html", {"language link", "radio", "textarea", "button", "file"}),
        (
            "guidance/tech-leakage.html",
            {"language link", "header search", "navigation link", "link"},
        ),
        ("en/about/index.html", {"language link", "header search", "navigation link", "link"}),
    ],
)
def test_every_focus_stop_has_a_visible_ring(
    page, base_url: str, path: str, kinds: set[str]
) -> None:
    page.goto(base_url + path)  # waits for the load event
    wait_rendered(page)  # and for the frames drawn after it
    if page.locator('[data-action="open-note"]').count():
        # A note that holds text keeps its box open: then a note box is among the stops too.
        page.locator('[data-action="open-note"]').first.click()
        page.keyboard.type("x")
        page.wait_for_function(
            """() => Object.values(localStorage).some((v) => v.includes('"note":"x"'))"""
        )
        page.reload()
        wait_rendered(page)
    seen: dict[str, int] = {}
    bad: list[str] = []
    stops = 0
    first = None
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED_JS)
        key = (info["tag"], info["classes"], info["text"], info["item"], info["value"])
        if info["tag"] == "body" or key == first:
            break  # once round the page
        first = first or key
        stops += 1
        ring = page.evaluate(RING_JS)
        what = f"{info['tag']}.{info['classes']} «{info['text']}»"
        has_outline = ring["outlineStyle"] != "none" and ring["outlineWidth"] >= 2
        has_shadow = ring["boxShadow"] not in ("", "none")
        if not ring["focusVisible"] or not (has_outline or has_shadow):
            bad.append(f"{what}: no ring ({ring['outlineStyle']} {ring['outlineWidth']}px)")
        elif has_outline and ring["outlineColor"]:
            ratio = contrast(ring["outlineColor"], ring["background"])
            if ratio < 3:
                bad.append(f"{what}: ring contrast {ratio:.2f}:1 on {ring['background']}")
        if kind := kind_of(info):
            seen[kind] = seen.get(kind, 0) + 1
    assert stops > 10
    assert bad == []
    assert kinds <= set(seen), f"never focused: {kinds - set(seen)}"
