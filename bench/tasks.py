"""The browser measurements of a round, each recording its samples in the Collector, and the
profiles (`--profile`): one traced run of each page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import pages
from bench.collect import CHECKLIST_PAGE, PLAIN_PAGE, THROTTLED, Collector, Plan
from bench.notes import CALL_PARTS, FRAME_PARTS, call_part
from bench.throttle import Conditions

Task = tuple[str, Callable[[bool], None]]


def _suffix(where: str, cond: Conditions | None) -> str:
    return where if cond is None else f"{where}_{cond.key}"


def record_checklist(col: Collector, suffix: str, run: pages.ChecklistRun, keep: bool) -> None:
    """Figures 2, 4 and 5 (or their twins) from one opening of the checklist page, with the
    split of its first score and re-scores that the notes quote."""
    col.add(f"usable_{suffix}", run.usable, keep)
    col.add(f"first_{suffix}", run.first_score, keep)
    col.add(f"rescore_{suffix}", run.rescore, keep)
    for part in ("toCall", "engine", "render"):
        col.add(f"split_{part}_{suffix}", [float(x[part]) for x in run.split], keep)
    # The split of the worker calls: from the pass with scoring ahead off (every change goes to
    # the worker), and from the main pass's changes that were not scored ahead.
    calls = run.split_no_ahead + [x for x in run.split if not (x.get("call") or {}).get("cached")]
    col.add(f"rescore_no_ahead_{suffix}", run.rescore_no_ahead, keep)
    for part in CALL_PARTS:
        col.add(f"call_{part}_{suffix}", call_part(calls, part), keep)
    for part in FRAME_PARTS:
        values = [float(x[part]) for x in calls if x.get(part) is not None]
        col.add(f"frame_{part}_{suffix}", values, keep)
    # 1 when the worker's reply was ready only after the click's frame had started.
    late = [
        float(x["replied"] > x["frameStart"])
        for x in calls
        if x.get("replied") is not None and x.get("frameStart") is not None
    ]
    col.add(f"frame_late_{suffix}", late, keep)
    cached = [float(bool((x.get("call") or {}).get("cached"))) for x in run.split]
    col.add(f"cached_{suffix}", cached, keep)
    for name, ms in (run.detail.get("engineStartup") or {}).items():
        if isinstance(ms, int | float):
            col.add(f"startup_{name}_{suffix}", float(ms), keep)
    snapshot = run.detail.get("engineSnapshot")
    col.add(f"snapshot_used_{suffix}", float(snapshot == "used"), keep)
    ready = [at for state, at in run.detail.get("engine", []) if state == "ready"]
    col.add(f"engine_ready_{suffix}", ready[:1], keep)
    col.add(f"after_click_{suffix}", run.first_score - run.detail["clicked"], keep)
    col.add(f"reclicks_{suffix}", float(run.detail.get("reclicks", 0)), keep)
    for name, ms in (run.detail.get("engineTimings") or {}).items():
        if isinstance(ms, int | float):
            col.add(f"bridge_{name}_{suffix}", float(ms), keep)
    if run.detail.get("wired") is not None:
        col.add(f"wired_{suffix}", float(run.detail["wired"]), keep)
    if run.workers_throttled is not None:
        col.add(f"workers_throttled_{suffix}", float(run.workers_throttled), keep)


def browser_tasks(
    plan: Plan,
    col: Collector,
    browser: Any,
    base_url: str,
    bundle_root: Path | None,
    busy_file: Path | None = None,
) -> list[Task]:
    """The browser measurements of one round, as (key, run(keep)) pairs: unthrottled, then
    under each throttled figure's conditions. ``busy_file`` is the throttling check's page for
    file:// (written beside the unpacked bundle)."""

    def opening(cond: Conditions | None) -> pages.Opening:
        """Under ``cond``; per page step, a slowed page has as many times longer."""
        timeout_ms = plan.timeout_ms if cond is None else round(plan.timeout_ms * cond.cpu_rate)
        return pages.Opening(browser, timeout_ms, conditions=cond)

    def a_page(suffix: str, url: str, cond: Conditions | None) -> Task:
        def go(keep: bool) -> None:
            ms = pages.page_load(opening(cond), url)
            col.add(f"A_{suffix}", ms, keep)

        return f"A_{suffix}", go

    def bare(cond: Conditions | None) -> Task:
        tail = "" if cond is None else f"_{cond.key}"

        def go(keep: bool) -> None:
            run = pages.bare_run(opening(cond), base_url)
            col.info["pyodide_runtime_version"] = run.version
            col.add("B" + tail, run.ready, keep)
            if run.loader is not None:
                col.add(f"B_loader{tail}", run.loader, keep)
                col.add(f"B_loadpyodide{tail}", run.ready - run.loader, keep)

        return "B" + tail, go

    def checklist(suffix: str, url: str, cond: Conditions | None) -> Task:
        def go(keep: bool) -> None:
            run = pages.checklist_run(opening(cond), url, plan.changes)
            record_checklist(col, suffix, run, keep)

        return f"checklist_{suffix}", go

    def busy(suffix: str, url: str, cond: Conditions | None) -> Task:
        def go(keep: bool) -> None:
            run = pages.busy_run(opening(cond), url)
            col.add(f"busy_main_{suffix}", run.main, keep)
            col.add(f"busy_worker_{suffix}", run.worker, keep)
            if run.workers_throttled is not None:
                col.add(f"workers_throttled_busy_{suffix}", float(run.workers_throttled), keep)

        return f"busy_{suffix}", go

    conditions: list[Conditions | None] = [None, *THROTTLED.values()]
    tasks: list[Task] = []
    for cond in conditions:
        http = _suffix("http", cond)
        tasks += [
            a_page(http, base_url + PLAIN_PAGE, cond),
            checklist(http, base_url + CHECKLIST_PAGE, cond),
            bare(cond),
            busy(http, base_url + pages.BUSY_PAGE, cond),
        ]
        if bundle_root is not None:
            file = _suffix("file", cond)
            tasks += [
                a_page(file, (bundle_root / PLAIN_PAGE).as_uri(), cond),
                checklist(file, (bundle_root / CHECKLIST_PAGE).as_uri(), cond),
            ]
            if busy_file is not None:
                tasks.append(busy(file, busy_file.as_uri(), cond))
    return [(key, fn) for key, fn in tasks if key in plan.needs]


def run_profiles(
    plan: Plan, browser: Any, base_url: str, bundle_root: Path | None, out: Path
) -> None:
    """One traced run of each page: a Chrome trace (open in Perfetto or chrome://tracing) and a
    timeline JSON (requests incl. the worker's, marks, the observer's milestones)."""

    def traced(trace: Path) -> pages.Opening:
        return pages.Opening(browser, plan.timeout_ms, trace)

    runs: list[tuple[str, Callable[[Path], object]]] = [
        ("plain-http", lambda t: pages.page_load(traced(t), base_url + PLAIN_PAGE)),
        ("bare-http", lambda t: pages.bare_run(traced(t), base_url)),
        ("checklist-http", lambda t: pages.checklist_run(traced(t), base_url + CHECKLIST_PAGE, 5)),
    ]
    if bundle_root is not None:
        url = (bundle_root / CHECKLIST_PAGE).as_uri()
        runs.append(("checklist-file", lambda t: pages.checklist_run(traced(t), url, 5)))
    print(f"\nprofiles in {out}:")
    for name, fn in runs:
        trace = out / f"{name}.trace.json"
        try:
            fn(trace)
        except Exception as exc:
            print(f"  {name}: {exc}")
            continue
        print("\n".join(pages.summarise_timeline(out / f"{name}.timeline.json")))
