"""Browser figures: page load (A), form usable, bare Pyodide (B), first score and re-score.

Every measurement opens a fresh browser context (its own empty HTTP cache and storage) and reads
its times inside the page (Navigation Timing, performance.now() in an init script), so the
latency of driving Chromium from Python does not enter the figures.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The browser tests' own server (one copy, in tests/support/); Chromium: tests.support.browser.
from bench.throttle import Conditions, WorkerThrottle, apply_to_page
from tests.support.server import serving

JS_DIR = Path(__file__).resolve().parent / "js"
OBSERVER_JS = (JS_DIR / "observer.js").read_text(encoding="utf-8")
RESCORE_JS = (JS_DIR / "rescore.js").read_text(encoding="utf-8")
BARE_TEMPLATE = (JS_DIR / "bare.html").read_text(encoding="utf-8")
BUSY_HTML = (JS_DIR / "busy.html").read_bytes()
BUSY_WORKER_JS = (JS_DIR / "busy-worker.js").read_bytes()

BARE_PAGE = "bench-bare.html"
BUSY_PAGE = "bench-busy.html"  # the throttling check (bench/throttle.py)
PYODIDE_PARENT = "assets/econsec/pyodide"  # holds one folder, named for Pyodide's version

LOAD_END_JS = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  return n && n.loadEventEnd > 0 ? n.loadEventEnd : null;
}"""


# Fail fast instead of waiting for the timeout: a page without the form, or an engine in error.
USABLE_JS = """() => {
  const b = window.__econsecBench;
  if (b && b.usable !== null) return "usable";
  const n = performance.getEntriesByType("navigation")[0];
  const loaded = n && n.loadEventEnd > 0;
  if (loaded && performance.now() > n.loadEventEnd + 2000 && !document.querySelector("[data-item]")) {
    return "no-form";
  }
  return null;
}"""
SCORED_JS = """() => {
  const b = window.__econsecBench;
  if (b.scored !== null) return "scored";
  const root = document.querySelector("[data-checklist]");
  return root && root.getAttribute("data-engine") === "error" ? "engine-error" : null;
}"""


# The observer's record plus the durations the engine bridge reports (EconsecEngine.timings:
# `page` = bridge script start -> ready, and the worker's own `runtime` (loadPyodide) and
# `total` (runtime + engine); the bridge emits no Performance API marks), and its start-up
# milestones on the page's clock (EconsecEngine.startup: bridge script ran, worker created,
# worker script ran, loader imported, runtime up, engine imported) with the wasm request
# (the page's when it hands the body to the worker, else the worker's own), and whether the engine
# started from its snapshot (EconsecEngine.snapshot).
BENCH_RECORD_JS = """() => {
  const api = window.EconsecEngine;
  const startup = (api && api.startup) || null;
  let milestones = null;
  if (startup) {
    milestones = {};
    for (const [k, v] of Object.entries(startup)) if (typeof v === "number") milestones[k] = v;
    const page = performance.getEntriesByType("resource")
      .filter((e) => e.name.split("?")[0].endsWith("/pyodide.asm.wasm"))
      .map((e) => ({ start: e.startTime, end: e.responseEnd }));
    const worker = (startup.resources || []).filter((r) => r.name === "pyodide.asm.wasm");
    const wasm = page[0] || worker[0];
    if (wasm) Object.assign(milestones, { wasmRequest: wasm.start, wasmLoaded: wasm.end });
  }
  return {
    ...window.__econsecBench,
    engineTimings: (api && api.timings) || null,
    engineMode: (api && api.mode) || null,
    engineStartup: milestones,
    engineSnapshot: (api && api.snapshot) || null,
  };
}"""


class MeasureError(RuntimeError):
    """A page did not reach the state a figure needs (the message says what was seen)."""


# --- the local HTTP server -------------------------------------------------------------------


def bare_page_html(site: Path) -> bytes:
    (runtime,) = (site / PYODIDE_PARENT).iterdir()
    pyodide_dir = f"{PYODIDE_PARENT}/{runtime.name}/"
    return BARE_TEMPLATE.replace("__PYODIDE_DIR__", pyodide_dir).encode("utf-8")


def serve(site: Path) -> AbstractContextManager[str]:
    """Serve ``site`` on 127.0.0.1 (a free port, HTTP/1.1 keep-alive as any real server would);
    yield the root URL. Baseline B's page is answered from memory at the site root, so the
    measured site folder is never written to. A folder that holds sites rather than being one
    (bench/network.py serves two) gets no bare page."""
    if not (site / PYODIDE_PARENT).is_dir():
        return serving(site)
    return serving(
        site,
        {
            "/" + BARE_PAGE: ("text/html; charset=utf-8", bare_page_html(site)),
            "/" + BUSY_PAGE: ("text/html; charset=utf-8", BUSY_HTML),
            "/bench-busy-worker.js": ("text/javascript", BUSY_WORKER_JS),
        },
    )


# --- the browser (launched by tests.support.browser.chromium, as the browser tests launch it) -


@dataclass(frozen=True)
class Opening:
    """How every measurement opens its page: in ``browser``, in a fresh context, each step within
    ``timeout_ms``; optionally traced (``trace``: where the Chrome trace goes) and slowed
    (``conditions``: a slower CPU, workers included, and line)."""

    browser: Any
    timeout_ms: int
    trace: Path | None = None
    conditions: Conditions | None = None


@dataclass
class Tab:
    """A page in a fresh context, with what the profile and error messages need."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    # Under throttling (bench/throttle.py): the worker threads slowed as the main thread is.
    workers: WorkerThrottle | None = None
    cdp: Any = None  # the CDP session that throttles the page: it lives as long as the page


@contextmanager
def fresh_tab(how: Opening, init_script: str | None = None) -> Iterator[Tab]:
    """A new context (cold cache, empty storage) with one page; the Chrome trace, and the slower
    CPU (main thread and workers) and line, that ``how`` asks for, applied before it navigates."""
    conditions = how.conditions
    if conditions is None:
        with _tab(how.browser, init_script, how.trace) as tab:
            yield tab
        return
    with (
        WorkerThrottle(conditions.cpu_rate) as workers,
        _tab(how.browser, init_script, how.trace) as tab,
    ):
        tab.workers = workers
        tab.cdp = apply_to_page(tab.page.context, tab.page, conditions)
        yield tab


@contextmanager
def _tab(browser: Any, init_script: str | None, trace: Path | None) -> Iterator[Tab]:
    ctx = browser.new_context(locale="ja-JP")
    page = ctx.new_page()
    tab = Tab(page)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    if init_script:
        page.add_init_script(init_script)
    if trace:
        # Request timing costs a little: record it only when profiling.
        page.on("requestfinished", lambda req: tab.requests.append(_request_row(req)))
        trace.parent.mkdir(parents=True, exist_ok=True)
        browser.start_tracing(page=page, path=str(trace), screenshots=True)
    try:
        yield tab
    finally:
        if trace:
            browser.stop_tracing()
        ctx.close()


def _request_row(req: Any) -> dict[str, Any]:
    t = req.timing  # epoch ms for startTime, the rest relative to it (-1 when not applicable)
    return {
        "url": req.url,
        "start_epoch": t["startTime"],
        "response_end": t["responseEnd"],
        "resource_type": req.resource_type,
    }


def _wait(tab: Tab, expression: str, timeout_ms: int, what: str) -> Any:
    try:
        handle = tab.page.wait_for_function(expression, polling=100, timeout=timeout_ms)
    except Exception as exc:  # Playwright's TimeoutError and page crashes alike
        state = _safe_eval(tab, "() => window.__econsecBench || window.__bench || null")
        raise MeasureError(
            f"{what}: not reached within {timeout_ms} ms on {tab.page.url}; "
            f"in-page state {json.dumps(state)}; page errors {tab.errors[:3]}; {exc}"
        ) from None
    return handle.json_value()


def _safe_eval(tab: Tab, expression: str) -> Any:
    try:
        return tab.page.evaluate(expression)
    except Exception:
        return None


# --- the measurements ------------------------------------------------------------------------


def page_load(how: Opening, url: str) -> float:
    """Baseline A: ms from navigation start to the end of the load event (Navigation Timing)."""
    with fresh_tab(how) as tab:
        tab.page.goto(url, wait_until="load", timeout=how.timeout_ms)
        value = _wait(tab, LOAD_END_JS, how.timeout_ms, "load event")
        if how.trace:
            write_timeline(tab, how.trace, {"load_event_end": value})
        return float(value)


@dataclass
class ChecklistRun:
    """One opening of a checklist page: figures 2, 4 and 5 (or their file:// twins in 6)."""

    usable: float  # ms from navigation start until the first answer could be clicked
    first_score: float  # ms from navigation start until the score showed the first answer
    rescore: list[float]  # ms per answer change, input event -> new score in the DOM
    split: list[dict[str, float]]  # per change: toCall, engine (worker round trip), render
    detail: dict[str, Any]  # the observer's record (engine states, score value)
    # The same changes again with the bridge's scoring ahead off: every change to the worker.
    rescore_no_ahead: list[float] = field(default_factory=list)
    split_no_ahead: list[dict[str, Any]] = field(default_factory=list)
    # Under throttling: worker threads slowed with the page (the engine's, and any probe's).
    workers_throttled: int | None = None


def visit_checklist(tab: Tab, url: str, timeout_ms: int) -> dict[str, Any]:
    """Open the checklist page ``url`` in ``tab`` (whose init script is OBSERVER_JS: it answers
    the first item as soon as it can) until the first score; the observer's record with the
    engine's (BENCH_RECORD_JS). A MeasureError for a page without the form or an engine in error."""
    tab.page.goto(url, wait_until="commit", timeout=timeout_ms)
    state = _wait(tab, USABLE_JS, timeout_ms, "form usable")
    if state == "no-form":
        raise MeasureError(f"{url} has no [data-item] radio 2 s after its load event")
    state = _wait(tab, SCORED_JS, timeout_ms, "first score")
    if state == "engine-error":
        record = _safe_eval(tab, "() => window.__econsecBench")
        raise MeasureError(f"data-engine=error on {url}; {json.dumps(record)}; {tab.errors[:3]}")
    return tab.page.evaluate(BENCH_RECORD_JS)


def checklist_run(how: Opening, url: str, changes: int) -> ChecklistRun:
    with fresh_tab(how, init_script=OBSERVER_JS) as tab:
        record = visit_checklist(tab, url, how.timeout_ms)
        rescore: dict[str, Any] = {"samples": [], "split": []}
        # The re-score run's settings; the second run, with scoring ahead off, adds "ahead".
        args = {"changes": changes, "timeoutMs": how.timeout_ms, "pauseMs": 30}
        if changes:
            try:
                rescore = tab.page.evaluate(RESCORE_JS, args)
            except Exception as exc:
                raise MeasureError(
                    f"re-score on {url}: {exc}; page errors {tab.errors[:3]}"
                ) from None
        no_ahead: dict[str, Any] = {"samples": [], "split": []}
        if changes and tab.page.evaluate("() => 'scoreAhead' in window.EconsecEngine"):
            try:
                no_ahead = tab.page.evaluate(RESCORE_JS, {**args, "ahead": False})
            except Exception as exc:
                raise MeasureError(
                    f"re-score (scoring ahead off) on {url}: {exc}; page errors {tab.errors[:3]}"
                ) from None
        if how.trace:
            write_timeline(tab, how.trace, {**record, "rescore": rescore, "no_ahead": no_ahead})
        return ChecklistRun(
            usable=float(record["usable"]),
            first_score=float(record["scored"]),
            rescore=[float(s) for s in rescore["samples"]],
            split=rescore["split"],
            detail=record,
            rescore_no_ahead=[float(s) for s in no_ahead["samples"]],
            split_no_ahead=no_ahead["split"],
            workers_throttled=_throttled_workers(tab),
        )


def _throttled_workers(tab: Tab) -> int | None:
    """How many worker threads were slowed; a MeasureError when they could not be."""
    if tab.workers is None or tab.workers.rate <= 1:
        return None
    if tab.workers.error:
        raise MeasureError(tab.workers.error)
    return len(tab.workers.throttled)


@dataclass
class BareRun:
    ready: float  # ms from navigation start until loadPyodide() resolved
    version: str
    loader: float | None = None  # ms from navigation start until pyodide.mjs was imported


def bare_run(how: Opening, base_url: str) -> BareRun:
    """Baseline B: the bare page that only runs loadPyodide() with the site's runtime files."""
    with fresh_tab(how) as tab:
        tab.page.goto(base_url + BARE_PAGE, wait_until="commit", timeout=how.timeout_ms)
        _wait(
            tab,
            "() => window.__bench && (window.__bench.ready || window.__bench.error)",
            how.timeout_ms,
            "bare loadPyodide",
        )
        record = tab.page.evaluate("() => window.__bench")
        if record.get("error"):
            raise MeasureError(f"bare loadPyodide failed: {record['error']}")
        if how.trace:
            write_timeline(tab, how.trace, record)
        loader = record.get("loader")
        return BareRun(
            ready=float(record["ready"]),
            version=str(record["version"]),
            loader=float(loader) if isinstance(loader, int | float) else None,
        )


BUSY_ITERATIONS = 20_000_000  # about 0.1 s unthrottled on this machine


@dataclass
class BusyRun:
    main: float  # ms for the busy loop on the page's main thread
    worker: float  # ms for the same loop in a dedicated worker
    workers_throttled: int | None  # worker threads slowed (None: no throttling asked)


def busy_run(how: Opening, url: str, iterations: int = BUSY_ITERATIONS) -> BusyRun:
    """The throttling check: the same busy loop on the main thread and in a worker."""
    with fresh_tab(how) as tab:
        tab.page.goto(url, wait_until="load", timeout=how.timeout_ms)
        tab.page.evaluate("() => window.__busy.start()")
        if tab.workers is not None:
            _wait_for_worker_thread(tab.workers, how.timeout_ms / 1000)
        worker = tab.page.evaluate("(n) => window.__busy.run(n)", iterations)
        main = tab.page.evaluate("(n) => window.__busy.main(n)", iterations)
        return BusyRun(float(main), float(worker), _throttled_workers(tab))


def _wait_for_worker_thread(workers: WorkerThrottle, timeout_s: float) -> None:
    """Until the throttle has put the started worker's thread in its group (or cannot): on a
    loaded machine its poll may come long after the thread started. Not found in time, the run
    reports no worker throttled, and the check fails."""
    deadline = time.monotonic() + timeout_s
    while workers.rate > 1 and not workers.throttled and workers.error is None:
        if time.monotonic() > deadline:
            return
        time.sleep(0.01)


# --- profiles --------------------------------------------------------------------------------

TIMELINE_JS = """() => ({
  timeOrigin: performance.timeOrigin,
  navigation: performance.getEntriesByType("navigation").map((e) => e.toJSON()),
  paint: performance.getEntriesByType("paint").map((e) => e.toJSON()),
  marks: performance.getEntriesByType("mark").map((e) => e.toJSON()),
  measures: performance.getEntriesByType("measure").map((e) => e.toJSON()),
  resources: performance.getEntriesByType("resource").map((e) => ({
    name: e.name, start: e.startTime, end: e.responseEnd, size: e.transferSize || e.encodedBodySize,
  })),
})"""


def write_timeline(tab: Tab, trace: Path, record: Any) -> Path:
    """Next to the Chrome trace: the page's own timing entries and every request (workers
    included, which the page's Resource Timing does not see), relative to navigation start."""
    timeline = _safe_eval(tab, TIMELINE_JS) or {}
    origin = float(timeline.get("timeOrigin") or 0.0)
    requests = []
    for r in tab.requests:
        start = r["start_epoch"] - origin
        end = start + r["response_end"] if r["response_end"] >= 0 else None
        requests.append({"url": r["url"], "type": r["resource_type"], "start": start, "end": end})
    timeline["requests"] = sorted(requests, key=lambda r: r["start"])
    timeline["bench"] = record
    timeline["page_errors"] = tab.errors
    path = trace.with_name(trace.name.replace(".trace.json", ".timeline.json"))
    path.write_text(json.dumps(timeline, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def summarise_timeline(path: Path, limit: int = 12) -> list[str]:
    """A short waterfall: the slowest requests, marks, measures and the observer's milestones."""
    t = json.loads(path.read_text(encoding="utf-8"))
    lines = [f"  {path.name}"]
    for p in t.get("paint", []):
        lines.append(f"    {p['startTime']:8.1f} ms  paint {p['name']}")
    reqs = [r for r in t.get("requests", []) if r.get("end") is not None]
    # The requests that end last are where the wait is; show them in the order they started.
    latest = sorted(reqs, key=lambda r: r["end"], reverse=True)[:limit]
    for r in sorted(latest, key=lambda r: r["start"]):
        name = r["url"].rsplit("/", 1)[-1][:48] or r["url"][:48]
        lines.append(f"    {r['start']:8.1f} → {r['end']:8.1f} ms  {r['type']:<10} {name}")
    for m in t.get("marks", []):
        lines.append(f"    {m['startTime']:8.1f} ms  mark {m['name']}")
    for m in t.get("measures", []):
        lines.append(f"    {m['startTime']:8.1f} ms  measure {m['name']} ({m['duration']:.1f} ms)")
    bench = t.get("bench") or {}
    for key in ("usable", "clicked", "scored", "ready", "load_event_end"):
        if isinstance(bench.get(key), (int, float)):
            lines.append(f"    {bench[key]:8.1f} ms  {key}")
    for state, at in bench.get("engine", []) if isinstance(bench, dict) else []:
        lines.append(f"    {at:8.1f} ms  data-engine={state}")
    return lines
