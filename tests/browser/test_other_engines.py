"""The main journeys in Firefox ESR and WebKit, over http:// and from the offline bundle's file://.

Chromium runs every browser test; these two engines run what a user does first (issue 15): open a
self-check, answer, see the live score, reload and find the answer kept, export the answers file,
compare with it and give a next step an owner (the engine's comparison, plan and desks), search in
Japanese, and from file:// switch the language. The drivers (tests/support/engines.py)
act through the page's own DOM: a click is ``element.click()``, and the export's download is caught
at the link the widget clicks (the file's content is what is checked, not the browser's download
shelf). What each engine did is printed for the README's browser table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.engines import ENGINES, EngineDriver, wait_for

pytestmark = pytest.mark.browser

CHECK_ID = "tech-leakage-ch1"
ROOT = "[data-checklist]"
READY_S = 120  # a cold start on a busy 2-core machine, WebKit's in-page start included
QUERY = "コア技術"


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> Iterator[EngineDriver]:
    with ENGINES[request.param]() as driver:
        yield driver


def _q(selector: str) -> str:
    return f"document.querySelector({json.dumps(selector)})"


def answer_and_score(drv: EngineDriver) -> str:
    """Answer the first item "yes" (the engine may still be starting); wait for the live score."""
    wait_for(drv, f"{_q(ROOT + '.econsec-js')} !== null", 30, "the widget")
    radio = f"{ROOT} [data-item] input[type=radio][value=yes]"
    item = drv.js(
        f"(() => {{ const r = {_q(radio)}; r.click(); return r.closest('[data-item]').dataset.item; }})()"
    )
    score = f'{ROOT}[data-engine="ready"] [data-result="score"][data-value="100"]'
    state = f"{_q(ROOT)}.dataset.engine"
    wait_for(drv, f"{_q(score)} !== null || {state} === 'error'", READY_S, "the live score")
    assert drv.js(state) == "ready", drv.js("EconsecEngine.error")
    return item


def kept_after_reload(drv: EngineDriver, item: str) -> None:
    drv.reload()
    wait_for(drv, f"{_q(ROOT + '.econsec-js')} !== null", 30, "the widget after reload")
    checked = f'[data-item="{item}"] input[value="yes"]'
    assert drv.js(f"{_q(checked)}.checked") is True


def exported(drv: EngineDriver) -> dict:
    """Click "export JSON"; the file the widget hands to the browser, parsed."""
    drv.js(
        "(() => { window.__econsecTestFiles = []; const click = HTMLAnchorElement.prototype.click;"
        " HTMLAnchorElement.prototype.click = function () {"
        "   if (!this.download) return click.call(this);"
        "   window.__econsecTestFiles.push({name: this.download, href: this.href}); };"
        " const make = URL.createObjectURL.bind(URL);"
        " URL.createObjectURL = (blob) => { const u = make(blob); window.__econsecTestBlobs = {...window.__econsecTestBlobs, [u]: blob}; return u; };"
        " })()"
    )
    drv.js(f"{_q(ROOT + ' [data-action=export-json]')}.click()")
    files = wait_for(drv, "window.__econsecTestFiles.length && window.__econsecTestFiles", 10)
    assert files[0]["name"].startswith(CHECK_ID) and files[0]["name"].endswith(".json")
    text = drv.js(f"window.__econsecTestBlobs[{json.dumps(files[0]['href'])}].text()")
    return json.loads(text)


def compared_and_planned(drv: EngineDriver, earlier: dict, item: str) -> None:
    """Answer a second item "no", compare with the exported file (chosen through the file input,
    as a user's pick arrives) and give that item an owner: the engine's comparison and plan."""
    # After the reload the engine starts again; a file chosen before it is ready is refused.
    wait_for(drv, f"{_q(ROOT)}.dataset.engine === 'ready'", READY_S, "the engine after reload")
    second = drv.js(
        "(() => { const it = document.querySelectorAll('[data-checklist] [data-item]')[1];"
        " it.querySelector('input[value=no]').click(); return it.dataset.item; })()"
    )
    drv.js(
        f"(() => {{ const input = {_q(ROOT + ' input[type=file][data-action=compare]')};"
        " const dt = new DataTransfer();"
        f" dt.items.add(new File([{json.dumps(json.dumps(earlier))}], 'earlier.json',"
        " {type: 'application/json'}));"
        " input.files = dt.files; input.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )
    box = ROOT + ' [data-result="comparison"]'
    new = f'{box} [data-change="{second}"][data-value="new"]'
    wait_for(drv, f"{_q(new)} !== null", 30, "the comparison")
    same = f'{box} [data-change="{item}"]'
    assert drv.js(f"{_q(same)}.dataset.value") == "same"
    owner = f'{ROOT} [data-plan="{second}"] input[name=owner]'
    drv.js(
        f"(() => {{ const i = {_q(owner)};"
        " i.value = '製造部'; i.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )
    row = f'{ROOT} [data-result="plan"] [data-plan-row="{second}"]'
    wait_for(drv, f"({_q(row)}?.textContent || '').includes('製造部')", 30, "the plan's row")
    # The desks of the gap (ch1-1-2: the expert dispatch first), with the question listed.
    desk = f'{ROOT} [data-result="support"] [data-desk]:not([hidden])'
    listed = desk + f' [data-desk-item="{second}"]'
    wait_for(drv, f"{_q(listed)} !== null", 30, "the support desks")
    assert drv.js(f"{_q(desk)}.dataset.desk") == "expert-dispatch"


def search_ja(drv: EngineDriver) -> list[str]:
    """Type the query into Material's search box (input + keyup, as Material reads it)."""
    drv.js(
        "(() => { const t = document.querySelector('input[data-md-toggle=search]');"
        " if (t) { t.checked = true; t.dispatchEvent(new Event('change')); }"
        " const box = document.querySelector('input[data-md-component=search-query]');"
        f" box.focus(); box.value = {json.dumps(QUERY)};"
        " box.dispatchEvent(new Event('input', {bubbles: true}));"
        " box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true})); })()"
    )
    links = ".md-search-result__list a.md-search-result__link"
    return wait_for(
        drv,
        f"(() => {{ const a = [...document.querySelectorAll({json.dumps(links)})].map(x => x.href);"
        " return a.length ? a : null; })()",
        60,
        f"search results for {QUERY}",
    )


def outside(drv: EngineDriver, allowed: tuple[str, ...]) -> list[str]:
    """The page's own requests (Resource Timing) that are not under an allowed prefix."""
    urls = drv.js("performance.getEntriesByType('resource').map((e) => e.name)")
    return [u for u in urls if not u.startswith(allowed)]


def report(drv: EngineDriver, way: str) -> str:
    """Print where the engine ran and when it was ready; return ``EconsecEngine.snapshot``."""
    info = drv.js(
        "({context: EconsecEngine.context, ready: EconsecEngine.startup?.ready,"
        " snapshot: EconsecEngine.snapshot})"
    )
    print(
        f"\n{drv.name} {way}: engine in the {info['context']}, ready at {info['ready']} ms,"
        f" snapshot {info['snapshot']}"
    )
    return str(info["snapshot"])


def test_journey_http(engine: EngineDriver, base_url: str) -> None:
    drv = engine
    drv.goto(f"{base_url}checks/{CHECK_ID}.html")
    item = answer_and_score(drv)
    report(drv, "http")
    kept_after_reload(drv, item)
    data = exported(drv)
    assert data["format"] == "econsec-answers"
    assert data["answers"] == {item: {"value": "yes"}}
    compared_and_planned(drv, data, item)
    hits = search_ja(drv)
    assert any("/guidance/tech-leakage.html" in h for h in hits), hits
    assert outside(drv, (base_url, "blob:", "data:")) == []


def test_journey_file(engine: EngineDriver, bundle_dir: Path) -> None:
    drv = engine
    page = bundle_dir / "checks" / f"{CHECK_ID}.html"
    drv.goto(page.as_uri())
    item = answer_and_score(drv)
    # The bundle's own snapshot (offline/snapshot.js): restored, or given up for the normal start.
    snapshot = report(drv, "file://")
    assert snapshot == "used" or snapshot.startswith("fallback: "), snapshot
    kept_after_reload(drv, item)
    data = exported(drv)
    assert data["answers"] == {item: {"value": "yes"}}
    compared_and_planned(drv, data, item)
    # The language switch: same page in English, same answers.
    drv.js(f"{_q('a[hreflang=en]')}.click()")
    wait_for(drv, f"location.href.endsWith('/en/checks/{CHECK_ID}.html')", 30, "the English page")
    wait_for(drv, f"{_q(ROOT + '.econsec-js')} !== null", 30, "the English widget")
    checked = f'[data-item="{item}"] input[value="yes"]'
    assert drv.js(f"{_q(checked)}.checked") is True
    drv.goto((bundle_dir / "index.html").as_uri())
    hits = search_ja(drv)
    assert any("/guidance/tech-leakage.html" in h for h in hits), hits
    assert outside(drv, ("file:", "blob:", "data:")) == []
