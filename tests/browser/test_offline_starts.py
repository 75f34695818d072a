"""The offline start does not fail now and then (issue 17): thirty cold starts of the bundle's
self-check from file://, each in a fresh context, three at a time so that the machine is busy
(each start is a whole Pyodide start on a 2-core machine). Every one must reach "ready" without
the bridge's one restart: a restart would hide a failed start from the user, not from this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from runtime_helpers import READY_TIMEOUT

from tests.support.browser import OFFLINE_PREFIXES, new_logged_context, new_logged_page

pytestmark = pytest.mark.browser

STARTS = 30
AT_ONCE = 3
STATE_JS = """() => ({state: EconsecEngine.state, error: EconsecEngine.error,
  restarted: EconsecEngine.restarted, context: EconsecEngine.context,
  ready: EconsecEngine.startup ? EconsecEngine.startup.ready : null})"""


def test_thirty_cold_starts_from_file_all_ready(browser, bundle_dir: Path) -> None:
    url = (bundle_dir / "checks" / "executive.html").as_uri()
    results: list[dict] = []
    for _ in range(STARTS // AT_ONCE):
        contexts = [new_logged_context(browser, OFFLINE_PREFIXES) for _ in range(AT_ONCE)]
        try:
            pages = [new_logged_page(ctx) for ctx in contexts]
            for page in pages:
                page.goto(url, wait_until="commit")  # all three start together
            for page in pages:
                page.wait_for_function(
                    "() => window.EconsecEngine && EconsecEngine.state !== 'loading'",
                    timeout=READY_TIMEOUT,
                )
                results.append(page.evaluate(STATE_JS))
                assert page.request_log.outside() == []
                assert page.js_errors == []
        finally:
            for ctx in contexts:
                ctx.close()
    failed = [r for r in results if r["state"] != "ready" or r["restarted"]]
    assert len(results) == STARTS
    assert failed == [], failed
    slowest = max(r["ready"] for r in results)
    print(
        f"\n{STARTS} cold starts from file://, {AT_ONCE} at a time: slowest ready at {slowest} ms"
    )
