"""The notes under the table: where a first score's and a re-score's time goes, from the
timestamps the engine and the observer record (bench/README.md, "Where the time goes")."""

from __future__ import annotations

import statistics
from typing import Any

from bench import report
from bench.collect import Collector


def median(col: Collector, key: str) -> float | None:
    values = col.samples.get(key)
    return statistics.median(values) if values else None


# The bridge's split of each engine call (EconsecEngine.lastCall, worker timestamps): page ->
# worker delivery, Python, worker -> page delivery, the page's JSON.parse.
CALL_PARTS = ("toWorker", "python", "toPage", "parse")
# On one clock, ms after the input event: the worker's reply ready, the reply handled by the page,
# and the first frame after the click (its rAF callbacks, then the first task after its render).
FRAME_PARTS = ("replied", "arrived", "frameStart", "frameEnd")
# EconsecEngine.startup milestones (ms since navigation), in start-up order.
STARTUP_PARTS = (
    ("bridge", "bridge ran"),
    ("worker", "worker created"),
    ("wasmRequest", "wasm requested"),
    ("workerScript", "worker script ran"),
    ("loader", "loader imported"),
    ("wasmLoaded", "wasm loaded"),
    ("snapshot", "snapshot read"),
    ("runtime", "loadPyodide done"),
    ("engine", "engine imported"),
    ("ready", "page told"),
)


def call_part(split: list[dict[str, Any]], part: str) -> list[float]:
    return [float(x["call"][part]) for x in split if (x.get("call") or {}).get(part) is not None]


def rescore_notes(col: Collector, suffix: str) -> tuple[dict[str, Any], list[str]]:
    """Where a re-score's time goes, from the worker's timestamps and the click's frame."""
    extra: dict[str, Any] = {}
    notes: list[str] = []
    cached = col.samples.get(f"cached_{suffix}", [])
    extra["cached"] = sum(cached)
    notes.append(
        f"{sum(cached):.0f} of {len(cached)} changes were answered from the results scored ahead "
        "(no worker round trip)"
    )
    off = col.samples.get(f"rescore_no_ahead_{suffix}", [])
    if off:
        extra["no_ahead_p50"] = report.percentile(off, 50)
        extra["no_ahead_p95"] = report.percentile(off, 95)
        notes.append(
            f"the same changes with scoring ahead off (each to the worker): p95 "
            f"{extra['no_ahead_p95']:.1f} ms, p50 {extra['no_ahead_p50']:.1f} ms "
            f"(n={len(off)}); the split below is of those worker calls"
        )
    calls = {p: col.samples.get(f"call_{p}_{suffix}", []) for p in CALL_PARTS}
    if all(calls.values()):
        extra["call_p50"] = {p: report.percentile(v, 50) for p, v in calls.items()}
        extra["call_p95"] = {p: report.percentile(v, 95) for p, v in calls.items()}
        notes.append(
            "round trip p50/p95: page → worker {a[toWorker]:.1f}/{b[toWorker]:.1f} ms, Python "
            "{a[python]:.1f}/{b[python]:.1f} ms, worker → page {a[toPage]:.1f}/{b[toPage]:.1f} ms, "
            "JSON.parse {a[parse]:.1f}/{b[parse]:.1f} ms".format(
                a=extra["call_p50"], b=extra["call_p95"]
            )
        )
    frames = {p: col.samples.get(f"frame_{p}_{suffix}", []) for p in FRAME_PARTS}
    if all(frames.values()):
        extra["frame_p50"] = {p: report.percentile(v, 50) for p, v in frames.items()}
        waited = col.samples.get(f"call_toPage_{suffix}", [])
        late = col.samples.get(f"frame_late_{suffix}", [])
        notes.append(
            "after the input (p50): the click's own frame {frameStart:.1f} → {frameEnd:.1f} ms, "
            "worker reply ready {replied:.1f} ms, handled {arrived:.1f} ms".format(
                **extra["frame_p50"]
            )
            + f"; {sum(late):.0f} of {len(late)} replies were ready after that frame had started "
            "and waited for it (worker → page"
            + (f" p50 {report.percentile(waited, 50):.1f} ms)" if waited else ")")
        )
    return extra, notes


def startup_notes(col: Collector, suffix: str) -> tuple[dict[str, Any], list[str]]:
    """The engine's start-up steps against baseline B's: where the first score's time goes."""
    medians = {k: median(col, f"startup_{k}_{suffix}") for k, _label in STARTUP_PARTS}
    parts = [f"{label} {medians[k]:.0f}" for k, label in STARTUP_PARTS if medians[k] is not None]
    if not parts:
        return {}, []
    notes = ["start-up (medians, ms since navigation): " + ", ".join(parts)]
    extra: dict[str, Any] = {"startup_median": medians}
    used = col.samples.get(f"snapshot_used_{suffix}", [])
    if used:
        extra["snapshot_used"] = sum(used)
        notes.append(
            f"the engine started from its memory snapshot in {sum(used):.0f} of {len(used)} runs"
            + (
                ""
                if suffix.startswith("http")
                else " (the offline bundle's own, offline/snapshot.js)"
            )
        )
    runtime = [
        r - lo
        for r, lo in zip(
            col.samples.get(f"startup_runtime_{suffix}", []),
            col.samples.get(f"startup_loader_{suffix}", []),
            strict=False,
        )
    ]
    # Baseline B under the same conditions: `http_cpu4` is compared with `B_loader_cpu4`.
    tail = "".join("_" + t for t in suffix.split("_")[1:])
    b_loader, b_run = median(col, "B_loader" + tail), median(col, "B_loadpyodide" + tail)
    if runtime and b_loader is not None and b_run is not None:
        extra["worker_loadpyodide_median"] = statistics.median(runtime)
        extra["b_loader_median"], extra["b_loadpyodide_median"] = b_loader, b_run
        notes.append(
            f"loadPyodide() itself: {statistics.median(runtime):.0f} ms in the worker, "
            f"{b_run:.0f} ms in baseline B (whose loader is imported at {b_loader:.0f} ms)"
        )
    return extra, notes


def first_score_notes(extra: dict[str, Any]) -> list[str]:
    def ms(key: str) -> str:
        v = extra.get(key)
        return "—" if v is None else f"{v:.0f} ms"

    notes = [
        f"engine ready {ms('engine_ready_median')}, click → score {ms('click_to_score_median')}, "
        f"widget wired {ms('widget_wired_median')} (medians from navigation start)",
        f"bridge start → ready {ms('bridge_page_median')}; in the worker: loadPyodide "
        f"{ms('worker_runtime_median')}, with the engine {ms('worker_total_median')}",
    ]
    if extra.get("lost_early_clicks"):
        notes.append(
            f"{extra['lost_early_clicks']:.0f} early answer(s) were unchecked by the widget's "
            "start-up and given again (an answer clicked before the widget ran is lost)"
        )
    return notes


def first_score_extra(col: Collector, suffix: str) -> dict[str, Any]:
    """Where the first-score time goes: engine ready (data-engine=ready) and click → score."""
    return {
        "engine_ready_median": median(col, f"engine_ready_{suffix}"),
        "click_to_score_median": median(col, f"after_click_{suffix}"),
        "widget_wired_median": median(col, f"wired_{suffix}"),
        # EconsecEngine.timings: bridge start -> ready, worker start -> loadPyodide / engine.
        "bridge_page_median": median(col, f"bridge_page_{suffix}"),
        "worker_runtime_median": median(col, f"bridge_runtime_{suffix}"),
        "worker_total_median": median(col, f"bridge_total_{suffix}"),
        # Answers clicked before the widget ran and then unchecked by it (see observer.js).
        "lost_early_clicks": sum(col.samples.get(f"reclicks_{suffix}", [])),
    }
