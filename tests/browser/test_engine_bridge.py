"""window.EconsecEngine over http:// (engine-bridge.js + engine-worker.js + Pyodide).

The parity test is the heart: for every checklist and several answer sets, the browser engine's
result equals what ``econsec score <id> <answers.json>`` prints, compared as JSON. Same module,
same numbers, whether it runs in Pyodide or in CPython.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from runtime_helpers import READY_TIMEOUT, checklist_definition, checklist_pages, wait_engine

from tests.support.browser import new_logged_context, new_logged_page
from tests.support.cli import run_econsec
from tests.support.server import serve_dir

pytestmark = pytest.mark.browser

PAGE = "checks/tech-leakage-ch1.html"
RUNTIME_FILES = {
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
}


def answer_sets(d: dict) -> list[dict[str, str]]:
    """Six answer sets for definition ``d``: empty, all first/last value, cycling, random, one."""
    ids = [it["id"] for it in d["items"]]
    values = list(d["answers"])
    rng = random.Random(f"econsec-{d['id']}")
    return [
        {},
        dict.fromkeys(ids, values[0]),
        dict.fromkeys(ids, values[-1]),
        {i: values[n % len(values)] for n, i in enumerate(ids)},
        {i: rng.choice(values) for i in ids if rng.random() < 0.8},
        {ids[-1]: values[1 % len(values)]},
    ]


def cli_score(checklist_id: str, answers: dict[str, str], folder: Path) -> dict:
    """What ``econsec score <id> <answers.json>`` prints, as JSON: the command's ``main`` in this
    process (tests/support/cli.py; tests/unit/test_cli.py runs the installed command itself)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{checklist_id}-answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    done = run_econsec("score", checklist_id, str(path))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_engine_ready_and_widget_sees_it(page, base_url: str) -> None:
    page.goto(base_url + PAGE)
    page.wait_for_selector(
        '[data-checklist][data-engine="ready"]', state="attached", timeout=READY_TIMEOUT
    )
    wait_engine(page)
    assert page.evaluate("EconsecEngine.ready.then((api) => api === EconsecEngine)")
    assert page.evaluate("EconsecEngine.mode") == "http"
    # Only the core runtime and the engine zip, from the site itself; no packages, no micropip.
    host = urlparse(base_url).netloc
    runtime = {
        Path(urlparse(u).path).name
        for u in page.request_log.urls
        if urlparse(u).netloc == host and "/assets/econsec/pyodide/" in u
    }
    assert runtime == RUNTIME_FILES
    assert sum("/assets/econsec/engine.zip" in u for u in page.request_log.urls) == 1
    # The page fetches the wasm and hands its body to the worker: one download, not two.
    assert sum(u.split("?")[0].endswith("/pyodide.asm.wasm") for u in page.request_log.urls) == 1
    # The engine started from the build's snapshot (econsec/snapshot.py), fetched once.
    key = page.evaluate("document.querySelector('meta[name=econsec-snapshot]').content")
    assert page.evaluate("EconsecEngine.snapshot") == "used"
    assert [urlparse(u).path for u in page.request_log.urls if "/snapshot/" in u] == [
        f"/assets/econsec/snapshot/{key}.bin.gz"
    ]
    # The start-up milestones (ms since navigation) are in the order the steps happen.
    startup = page.evaluate("EconsecEngine.startup")
    steps = ["bridge", "worker", "workerScript", "loader", "runtime", "engine", "ready"]
    assert [startup[k] for k in steps] == sorted(startup[k] for k in steps), startup
    assert startup["worker"] <= startup["snapshot"] <= startup["runtime"], startup
    assert page.request_log.outside() == []
    assert page.js_errors == []


def test_engine_cli_parity(page, base_url: str, site_dir: Path, tmp_path: Path) -> None:
    pages = checklist_pages(site_dir)
    assert pages, "no checklist page in the built site"
    defs = {cid: checklist_definition(html) for cid, html in pages.items()}
    # The first call goes out before the engine is ready: it must wait, then answer. Pyodide's
    # wasm is held back until that call is made (a fast machine was ready before it).
    held: list = []
    wasm = re.compile(r"/pyodide\.asm\.wasm$")
    page.route(wasm, lambda route: held.append(route))
    page.goto(base_url + PAGE)
    early = page.evaluate(
        "(d) => { window.__early = EconsecEngine.score(d, {}); return EconsecEngine.state; }",
        defs[next(iter(defs))],
    )
    for route in held:
        route.continue_()
    page.unroute(wasm)
    assert early == "loading"
    wait_engine(page)
    assert page.evaluate("window.__early.then((r) => r.progress.answered)") == 0

    checked = 0
    for cid, d in defs.items():
        sets = answer_sets(d)
        browser_results = page.evaluate(
            "([d, sets]) => Promise.all(sets.map((a) => EconsecEngine.score(d, a)))", [d, sets]
        )
        expected = [cli_score(cid, a, tmp_path / f"{cid}-{n}") for n, a in enumerate(sets)]
        for answers, got, want in zip(sets, browser_results, expected, strict=True):
            assert got == want, f"{cid}: browser and CLI differ for {answers}"
            checked += 1
    assert checked == 6 * len(defs)
    assert page.request_log.outside() == []
    assert page.js_errors == []


def neighbour_sets(d: dict, answers: dict[str, str]) -> list[dict[str, str]]:
    """Answer sets one change away from ``answers``: the first and the last item, each answer."""
    ids = [d["items"][0]["id"], d["items"][-1]["id"]]
    return [{**answers, i: v} for i in ids for v in d["answers"] if answers.get(i) != v]


def wait_scored_ahead(page, d: dict, answers: dict[str, str]) -> None:
    """Wait until the bridge remembers the result of every answer set one change away.

    Polled from Python: a string predicate in wait_for_function needs eval in the page, which
    the site's Content-Security-Policy forbids."""
    # The neighbours (each item given each answer it does not have) and ``answers`` itself.
    expected = len(d["items"]) * len(d["answers"]) - len(answers) + 1
    deadline = time.monotonic() + READY_TIMEOUT / 1000
    while (have := page.evaluate("EconsecEngine.scoredAhead")) < expected:
        assert time.monotonic() < deadline, f"scored ahead {have} of {expected}"
        page.wait_for_timeout(100)


def test_scoring_ahead_gives_the_engine_results(page, base_url: str, tmp_path: Path) -> None:
    """After a score, every answer set one change away is answered from memory, and that result
    is what the CLI prints for those answers (a remembered result is never a guess)."""
    page.goto(base_url + PAGE)
    page.wait_for_selector(
        '[data-checklist][data-engine="ready"]', state="attached", timeout=READY_TIMEOUT
    )
    wait_engine(page)
    d = page.evaluate(
        "JSON.parse(document.querySelector('script[data-checklist-def]').textContent)"
    )
    # The widget scores its own answers (none yet) when the engine is ready: use the same base,
    # so that only one set of neighbours is being scored ahead while the test waits.
    page.wait_for_selector("[data-checklist][data-scored]", state="attached")
    base: dict[str, str] = {}
    page.evaluate("([d, a]) => EconsecEngine.score(d, a)", [d, base])
    wait_scored_ahead(page, d, base)
    sets = neighbour_sets(d, base)
    assert sets
    for n, answers in enumerate(sets):
        got, call = page.evaluate(
            "async ([d, a]) => { const r = await EconsecEngine.score(d, a);"
            " return [r, EconsecEngine.lastCall]; }",
            [d, answers],
        )
        assert call == {"cached": True}, f"{answers} went to the worker: {call}"
        assert got == cli_score(d["id"], answers, tmp_path / str(n)), answers
    # A set two changes away was not scored ahead: it goes to the worker, with its split.
    far = {d["items"][1]["id"]: d["answers"][0], d["items"][2]["id"]: d["answers"][0]}
    call = page.evaluate(
        "async ([d, a]) => { await EconsecEngine.score(d, a); return EconsecEngine.lastCall; }",
        [d, far],
    )
    assert "cached" not in call and call["python"] >= 0 and call["toPage"] >= 0, call
    assert page.js_errors == []


def test_click_shows_the_new_score_without_a_worker_round_trip(page, base_url: str) -> None:
    """Once scored ahead, an answer's new score is in the DOM before the browser runs another
    task (only microtasks in between): it shows in the click's own frame."""
    page.goto(base_url + PAGE)
    page.wait_for_selector(
        '[data-checklist][data-engine="ready"]', state="attached", timeout=READY_TIMEOUT
    )
    wait_engine(page)
    page.wait_for_selector("[data-checklist][data-scored]", state="attached")
    d = page.evaluate(
        "JSON.parse(document.querySelector('script[data-checklist-def]').textContent)"
    )
    wait_scored_ahead(page, d, {})
    before, after, last = page.evaluate(
        """async () => {
          const score = () => document.querySelector('[data-result="score"]').getAttribute("data-value");
          const before = score();
          document.querySelector('[data-item] input[type="radio"][value="no"]').click();
          for (let i = 0; i < 5; i += 1) await Promise.resolve(); // microtasks only, no task
          // Read in the same task: the plan's call that follows each score may answer later.
          return [before, score(), EconsecEngine.lastCall];
        }"""
    )
    assert after not in (None, "", before), (before, after)
    assert last == {"cached": True}
    assert page.js_errors == []


def test_parse_import(page, base_url: str, site_dir: Path) -> None:
    d = checklist_definition(site_dir / PAGE)
    page.goto(base_url + PAGE)
    wait_engine(page)
    item = d["items"][0]["id"]
    bad_inputs = ["this is not JSON", "", "[1, 2, 3]", json.dumps({"format": "something-else"})]
    for text in bad_inputs:
        result = page.evaluate("([d, t]) => EconsecEngine.parseImport(d, t)", [d, text])
        assert result["ok"] is False, text
        assert result["error"]["code"], text
        assert result["error"]["message"]["ja"] and result["error"]["message"]["en"]
    good = {
        "format": "econsec-answers",
        "format_version": 1,
        "checklist": d["id"],
        "checklist_version": d["version"],
        "answers": {item: {"value": "yes", "note": "メモ"}, "no-such-item": {"value": "yes"}},
    }
    result = page.evaluate("([d, t]) => EconsecEngine.parseImport(d, t)", [d, json.dumps(good)])
    assert result["ok"] is True, result
    assert result["answers"][item] == {"value": "yes", "note": "メモ"}
    assert [x["item"] for x in result["ignored"]] == ["no-such-item"]
    # A definition the engine cannot read rejects the call with a message; the engine stays up.
    message = page.evaluate("EconsecEngine.score({id: 'x'}, {}).then(() => '', (e) => e.message)")
    assert message
    assert page.evaluate("EconsecEngine.state") == "ready"
    assert page.request_log.outside() == []
    assert page.js_errors == []


def test_english_page_uses_the_shared_runtime(page, base_url: str) -> None:
    page.goto(base_url + "en/" + PAGE)
    wait_engine(page)
    urls = [urlparse(u).path for u in page.request_log.urls]
    assert "/assets/econsec/engine-bridge.js" in urls
    assert "/assets/econsec/engine.zip" in urls
    assert [u for u in urls if u.startswith("/en/assets/econsec/") and "engine" in u] == []
    assert page.request_log.outside() == []
    assert page.js_errors == []


def test_broken_runtime_gives_error_and_the_page_still_works(
    browser, site_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site_dir, broken, ignore=shutil.ignore_patterns("pyodide.asm.wasm"))
    server, url = serve_dir(broken)
    ctx = new_logged_context(browser, (url, "data:", "blob:"))
    try:
        page = new_logged_page(ctx)
        page.goto(url + PAGE)
        page.wait_for_selector(
            '[data-checklist][data-engine="error"]', state="attached", timeout=READY_TIMEOUT
        )
        state, error = page.evaluate("[EconsecEngine.state, EconsecEngine.error]")
        assert state == "error"
        assert "pyodide.asm.wasm" in error
        assert (
            page.evaluate("EconsecEngine.ready.then(() => 'resolved', (e) => e.message)") == error
        )
        assert (
            page.evaluate("EconsecEngine.score({}, {}).then(() => '', (e) => e.message)") == error
        )
        # The page still works: answering is saved and counted without the engine.
        page.locator('[data-checklist] [data-item] input[type="radio"][value="yes"]').first.check()
        page.wait_for_selector('[data-result="progress"][data-answered="1"]', state="attached")
        assert page.request_log.outside() == []
        assert page.js_errors == []
    finally:
        ctx.close()
        server.shutdown()
