"""The site under its Content-Security-Policy (econsec.build.csp), over http:// and from file://.

Every test collects violations three ways: a ``securitypolicyviolation`` listener in every frame
(added before the page's scripts run), console messages of the page, its frames and its workers
that name the policy, and uncaught errors that do. The self-checks, search and the language
switch must run with none; the last tests prove the policy bites (so "none" means something).

Playwright's ``wait_for_function`` with a bare expression evaluates it with ``eval`` inside the
page, which the policy refuses: pass an arrow function (``"() => …"``) instead.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from runtime_helpers import READY_TIMEOUT
from search_helpers import search

pytestmark = pytest.mark.browser

CHECK = "checks/tech-leakage-ch1.html"
ROOT = "[data-checklist]"
POLICY = re.compile(r"Content.Security.Policy", re.IGNORECASE)
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
}, true);
"""


class CspWatch:
    """Every CSP violation a page reports (its frames and workers included)."""

    def __init__(self, page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.on("worker", lambda worker: worker.on("console", self._console))
        page.on("pageerror", lambda exc: self._console(str(exc)))

    def _console(self, message) -> None:
        text = message if isinstance(message, str) else message.text
        if POLICY.search(text):
            self.console.append(text)

    def violations(self) -> list[str]:
        events: list[str] = []
        for frame in self.page.frames:
            with contextlib.suppress(Exception):  # a frame that went away meanwhile
                events += frame.evaluate("() => window.__cspViolations || []")
        return events + self.console


@pytest.fixture(params=["http", "file"])
def site(request: pytest.FixtureRequest):
    """(page, root URL with a trailing slash): the local server, or the unzipped bundle."""
    if request.param == "http":
        return request.getfixturevalue("page"), request.getfixturevalue("base_url")
    bundle_dir: Path = request.getfixturevalue("bundle_dir")
    return request.getfixturevalue("file_page"), bundle_dir.as_uri() + "/"


def open_page(site, path: str) -> tuple[object, CspWatch, str]:
    page, root = site
    watch = CspWatch(page)
    page.goto(root + path)
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    # The policy the page runs under is the variant for where it was opened.
    assert ("file:" in policy) == root.startswith("file:"), policy
    return page, watch, policy


def radio(page, item_id: str, value: str):
    return page.locator(f'[data-item="{item_id}"] input[type="radio"][value="{value}"]')


def score_is(page, value: str) -> None:
    page.wait_for_selector(
        f'{ROOT}[data-engine="ready"] [data-result="score"][data-value="{value}"]',
        state="attached",
        timeout=READY_TIMEOUT,
    )


# ------------------------------------------------------------------- works under the policy
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_self_check_runs_in_pyodide_under_the_policy(site, lang: str) -> None:
    page, watch, policy = open_page(site, ("en/" if lang == "en" else "") + CHECK)
    # Only file:// needs it: there the worker starts from a data: URL and inherits the page's
    # policy. Over http the page compiles no WebAssembly and the worker, loaded from a URL, does
    # not inherit the meta policy: the engine below starts and scores without it.
    assert ("'wasm-unsafe-eval'" in policy) == (site[1].startswith("file:")), policy
    first = page.locator(f"{ROOT} [data-item]").first.get_attribute("data-item")
    radio(page, first, "yes").check()
    score_is(page, "100")  # scored by the engine in Pyodide: it started under the policy

    with page.expect_download() as info:
        page.locator(f'{ROOT} [data-action="export-json"]').click()
    exported = Path(info.value.path()).read_bytes()
    assert json.loads(exported)["answers"] == {first: {"value": "yes"}}

    radio(page, first, "no").check()
    score_is(page, "0")
    page.once("dialog", lambda dialog: dialog.accept())  # "replace the current answers?"
    page.locator(f'{ROOT} input[type="file"][data-action="import"]').set_input_files(
        files=[{"name": "answers.json", "mimeType": "application/json", "buffer": exported}]
    )
    score_is(page, "100")  # parsed by the engine, answers replaced, scored again
    assert radio(page, first, "yes").is_checked()
    assert watch.violations() == []
    assert page.request_log.outside() == []


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ja", "コア技術", "guidance/tech-leakage.html"),
        ("en", "core technology", "en/guidance/tech-leakage.html"),
    ],
)
def test_search_works_under_the_policy(site, lang: str, query: str, expected: str) -> None:
    page, watch, _policy = open_page(site, "en/index.html" if lang == "en" else "index.html")
    hits = search(page, query)
    assert [h for h in hits if urlsplit(h).path.endswith("/" + expected)], hits
    assert watch.violations() == []


def test_language_switch_works_under_the_policy(site) -> None:
    page, watch, _policy = open_page(site, CHECK)
    page.locator("a[hreflang=en]").click()
    page.wait_for_url(re.compile(r"/en/" + re.escape(CHECK) + "$"))
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    page.locator("a[hreflang=ja]").click()
    page.wait_for_url(re.compile(r"(?<!/en)/" + re.escape(CHECK) + "$"))
    page.wait_for_selector(f"{ROOT}.econsec-js", state="attached")
    assert watch.violations() == []


# ------------------------------------------------------------------------- the policy bites
def test_injected_inline_script_and_eval_are_refused(site) -> None:
    page, watch, _policy = open_page(site, "index.html")
    # eval inside Playwright's own evaluate() is exempt (DevTools code): run it from a page task.
    ran = page.evaluate(
        """() => new Promise((resolve) => setTimeout(() => {
          const s = document.createElement("script");
          s.textContent = "window.__injected = true";
          document.head.appendChild(s);
          let evalResult;
          try { evalResult = eval("'evaluated'"); } catch (e) { evalResult = e.name; }
          resolve([window.__injected === true, evalResult]);
        }))"""
    )
    assert ran == [False, "EvalError"]
    with pytest.raises(Exception, match=r"(?i)content security policy|refused"):
        page.add_script_tag(content="window.__injected = true")
    assert page.evaluate("() => window.__injected === true") is False
    seen = " ".join(watch.violations())
    assert "script-src" in seen and "inline" in seen and "eval" in seen, seen


def test_remote_scripts_images_and_connections_are_refused(site) -> None:
    page, watch, _policy = open_page(site, "index.html")
    failed: dict[str, str | None] = {}
    page.on("requestfailed", lambda req: failed.__setitem__(req.url, req.failure))
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.src = "https://example.com/x.js";
          document.head.appendChild(s);
          const i = new Image();
          i.src = "https://example.com/x.png";
          fetch("https://example.com/x.json").catch(() => {});
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length >= 3")
    seen = " ".join(watch.violations())
    for directive in ("script-src", "img-src", "connect-src"):
        assert f"{directive}" in seen and "https://example.com" in seen, seen
    # Playwright reports the refused requests, each failed with reason "csp": none left the page.
    refused = {u: why for u, why in failed.items() if u.startswith("https://example.com/")}
    assert refused == dict.fromkeys(
        ("https://example.com/x.js", "https://example.com/x.png"), "csp"
    )
    assert [u for u in page.request_log.outside() if u not in refused] == []


def test_policy_reaches_iframes_and_data_workers(site) -> None:
    """Frames and data:-URL workers inherit the page's policy (the search shim, the engine)."""
    page, watch, policy = open_page(site, "index.html")
    result = page.evaluate(
        """() => new Promise((resolve) => {
          const frame = document.createElement("iframe");
          document.body.appendChild(frame);
          frame.contentDocument.write("<script>parent.__fromFrame = true<\\/script>");
          frame.contentDocument.close();
          // The shim replaces window.Worker on file://: the frame has the browser's own.
          const worker = new frame.contentWindow.Worker("data:text/javascript,postMessage(1)");
          const done = (how) => resolve([window.__fromFrame === true, how]);
          worker.onmessage = () => done("ran");
          worker.onerror = () => done("refused");
          setTimeout(() => done("silent"), 5000);
        })"""
    )
    assert result == [False, "refused"]  # no data: worker on a page without the engine
    assert "data:" not in policy.split("worker-src", 1)[1].split(";")[0]
    seen = " ".join(watch.violations())
    assert "inline script" in seen and "worker" in seen.lower(), seen
