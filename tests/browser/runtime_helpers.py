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


# Answer many items in one call: each radio's click() in the page, in order, which fires the same
# click, input and change events as a user's click. For tests whose subject is the state the
# answers lead to (axe on an answered form, the score's parity with Python): a Playwright check()
# per item cost about 0.1 s of CPU more (scrolling, waiting for a still frame, the driver), and
# how answers are given is the subject of the widget, keyboard, zoom and phone tests.
CLICK_ANSWERS_JS = """(pairs) => { for (const [item, value] of pairs) {
  const radio = document.querySelector(`[data-item="${item}"] input[type=radio][value="${value}"]`);
  if (!radio) throw new Error(`no answer ${value} for ${item}`);
  radio.click();
} }"""
# Item i gets its (i mod n)-th answer value, n its number of values: every value used.
ROTATING_ANSWERS_JS = """(count) => Array.from(document.querySelectorAll('[data-item]'))
  .slice(0, count === null ? undefined : count).map((item, i) => {
    const radios = item.querySelectorAll('input[type=radio]');
    return [item.dataset.item, radios[i % radios.length].value];
  })"""


def click_answers(page, answers: dict[str, str] | list[tuple[str, str]]) -> None:
    """Click each item's answer in the page, in order (see CLICK_ANSWERS_JS)."""
    pairs = list(answers.items()) if isinstance(answers, dict) else list(answers)
    page.evaluate(CLICK_ANSWERS_JS, pairs)


def click_rotating_answers(page, count: int | None = None) -> list[tuple[str, str]]:
    """Answer the first ``count`` items (all by default), item i with its (i mod n)-th value;
    return the (item, value) pairs clicked."""
    pairs = [tuple(p) for p in page.evaluate(ROTATING_ANSWERS_JS, count)]
    click_answers(page, pairs)
    return pairs
