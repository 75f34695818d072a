"""Helpers for the engine-bridge and offline-bundle browser tests (and anyone else's).

Contexts that log requests, Chromium and the local server: tests/support/ (bench/ uses them too).

Kept out of conftest.py on purpose: with two conftest.py files (tests/ and tests/browser/),
``from conftest import …`` depends on which one pytest imported last.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

READY_TIMEOUT = 90_000  # ms; a start with no progress for 30 s fails (and restarts once)

_DEF_RE = re.compile(
    r'<script data-checklist-def="" type="application/json">(.*?)</script>', re.DOTALL
)


def checklist_definition(html_file: Path) -> dict:
    """The definition JSON a built checklist page embeds (what the browser engine receives)."""
    match = _DEF_RE.search(html_file.read_text(encoding="utf-8"))
    assert match, f"{html_file} embeds no checklist definition"
    return json.loads(match.group(1))


def checklist_pages(site_dir: Path) -> dict[str, Path]:
    """{checklist id: built Japanese page} for every page under checks/ with a checklist block."""
    pages = {}
    for html in sorted((site_dir / "checks").glob("*.html")):
        if "data-checklist-def" in html.read_text(encoding="utf-8"):
            pages[checklist_definition(html)["id"]] = html
    return pages


def wait_engine(page, expect: str = "ready", timeout: float = READY_TIMEOUT) -> None:
    """Wait until window.EconsecEngine leaves "loading"; assert it reached ``expect``."""
    page.wait_for_function(
        "() => window.EconsecEngine && window.EconsecEngine.state !== 'loading'", timeout=timeout
    )
    state, error = page.evaluate("[EconsecEngine.state, EconsecEngine.error]")
    assert state == expect, f"engine state {state}: {error}"


# The real engine (engine-bridge.js, Pyodide in a worker), watched: an init script that wraps
# the EconsecEngine the bridge defines. Every score() call's answers go to
# `window.__econsecScoreCalls`, `window.__econsecScorePending` counts the calls not yet settled,
# and `window.__econsecScoreDelay(n)`, when a test defines it, holds the n-th call's result back
# that many ms (to test that the latest request wins), or until the promise it returns settles
# (HOLD_SCORES: a gate the test opens, whatever the machine's speed). Test only: never ship it.
# Hold every score from now on until `window.__econsecRelease()` (with ENGINE_SPY).
HOLD_SCORES = """() => {
  const gate = new Promise((resolve) => { window.__econsecRelease = resolve; });
  window.__econsecScoreDelay = () => gate;
}"""

ENGINE_SPY = r"""
(() => {
  let engine;
  let calls = 0;
  window.__econsecScoreCalls = [];
  window.__econsecScorePending = 0;
  window.__econsecScoreSettled = [];
  const watch = (api) => {
    if (!api || typeof api.score !== "function" || api.__watched) return;
    const score = api.score.bind(api);
    api.score = (def, answers) => {
      const n = (calls += 1);
      window.__econsecScoreCalls.push(JSON.parse(JSON.stringify(answers || {})));
      window.__econsecScorePending += 1;
      const delay = window.__econsecScoreDelay ? window.__econsecScoreDelay(n) : 0;
      const held = (value) => {
        if (!delay) return value;
        if (typeof delay.then === "function") return delay.then(() => value); // a gate
        return new Promise((resolve) => setTimeout(() => resolve(value), delay));
      };
      const settle = () => {
        window.__econsecScorePending -= 1;
        window.__econsecScoreSettled.push(n);
      };
      return Promise.resolve(score(def, answers))
        .then(held, (err) => held(Promise.reject(err)))
        .finally(settle);
    };
    api.__watched = true;
  };
  Object.defineProperty(window, "EconsecEngine", {
    configurable: true,
    enumerable: true,
    get: () => engine,
    set: (api) => {
      engine = api;
      watch(api);
    },
  });
})();
"""


SETTLED_JS = """() => Array.isArray(window.__econsecScoreCalls)
  && window.__econsecScoreCalls.length > 0 && window.__econsecScorePending === 0"""
FRAMES_JS = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


def wait_rendered(page) -> None:
    """Wait until the page has rendered two frames (what it drew after the last change)."""
    page.evaluate(FRAMES_JS)


def wait_scores_settled(page) -> None:
    """On a page with ENGINE_SPY: wait until every score() call has settled and the result
    has been drawn."""
    page.wait_for_function(SETTLED_JS)
    wait_rendered(page)
