"""Benchmark: page readiness, engine start, re-score latency, build time and bundle size.

Usage: ``.venv/bin/python bench/run.py [--quick] [--rounds N] [--profile] ...`` (or ``make
bench``). Prints a table of nine figures, each against its baseline and target, and writes
JSON to bench/results/latest.json. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

if __package__ in (None, ""):  # run as a script: make `bench` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import builds, combining, pages, report, sizes
from tests.support.browser import chromium

ROOT = Path(__file__).resolve().parent.parent
PLAIN_PAGE = "guidance/tech-leakage.html"
CHECKLIST_PAGE = "checks/tech-leakage-ch1.html"
T = TypeVar("T")

# Which measurements each figure needs (the browser tasks and the other phases).
NEEDS: dict[int, set[str]] = {
    1: {"A_http"},
    2: {"A_http", "checklist_http"},
    3: {"B"},
    4: {"B", "checklist_http"},
    5: {"checklist_http"},
    6: {"B", "A_file", "checklist_file", "bundle"},
    7: {"build"},
    8: {"bundle"},
    9: {"combine"},
}


@dataclass
class Plan:
    rounds: int
    warmup: int
    changes: int
    timeout_ms: int
    figures: set[int]
    mode: str
    root: Path = ROOT  # the project whose site figure 7 builds
    # Figure 7's rounds: a build takes seconds, and on a shared machine its median needs more of
    # them to settle than a page does (single runs of 7 rounds gave 1.36 to 1.66 for one commit).
    build_rounds: int = 0  # 0: as many as `rounds`

    @property
    def needs(self) -> set[str]:
        return set().union(*(NEEDS[f] for f in self.figures))


@dataclass
class Collector:
    """Samples per measurement, and the first error of each (a broken task is not retried:
    a page that timed out once would only cost another timeout per round)."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def attempt(self, key: str, fn: Callable[[], T]) -> T | None:
        if key in self.errors:
            return None
        try:
            return fn()
        except Exception as exc:  # report and go on: the other figures are still worth having
            self.errors[key] = f"{type(exc).__name__}: {exc}"
            print(f"  ! {key}: {self.errors[key][:300]}", file=sys.stderr)
            return None

    def add(self, key: str, values: float | list[float], keep: bool) -> None:
        if keep:
            self.samples.setdefault(key, []).extend(
                values if isinstance(values, list) else [values]
            )


# --- phases ----------------------------------------------------------------------------------


def run_builds(plan: Plan, col: Collector, work: Path) -> Path | None:
    """Figure 7, alternating the two builds; returns the folder of the last project build."""
    builds.quiet_mkdocs()
    site = work / "site-econsec"
    for i in range(plan.warmup + (plan.build_rounds or plan.rounds)):
        keep = i >= plan.warmup
        steps: list[tuple[str, Callable[[], float]]] = [
            ("build", lambda: builds.build_econsec(site, plan.root)),
            ("build_plain", lambda: builds.build_plain(work / "site-plain", plan.root)),
        ]
        for key, fn in steps if i % 2 == 0 else reversed(steps):
            seconds = col.attempt(key, fn)
            if seconds is not None:
                col.add(key, seconds, keep)
                print(f"  round {i}{'' if keep else ' (warm-up)'}: {key} {seconds:.2f} s")
    return site if (site / "index.html").is_file() else None


def profile_build(plan: Plan, work: Path, out: Path) -> None:
    print(f"\nbuild profile in {out / 'build.pstats'} (cumulative seconds):")
    try:
        lines = builds.profile_econsec(work / "site-profile", out / "build.pstats", plan.root)
    except Exception as exc:
        print(f"  build profile: {exc}")
        return
    print("\n".join("  " + line for line in lines))


def prepare_bundle(
    args: argparse.Namespace, col: Collector, site: Path | None, work: Path
) -> tuple[Path, Path] | None:
    """The offline zip (``--bundle``, else made from the measured site) and its unpacked site root."""

    def locate() -> tuple[Path, Path]:
        if args.bundle:
            bundle = Path(args.bundle)
        elif site is not None:
            print("bundle: econsec bundle of the measured site …")
            bundle = sizes.make_bundle(site, work / "dist")
        else:
            raise sizes.BundleError("no built site to bundle")
        root = sizes.unpack(bundle, work / "bundle")
        col.info["bundle"] = {"path": str(bundle), "bytes": bundle.stat().st_size}
        return bundle, root

    return col.attempt("bundle", locate)


def browser_tasks(
    plan: Plan, col: Collector, browser: Any, base_url: str, bundle_root: Path | None
) -> list[tuple[str, Callable[[bool], None]]]:
    """The browser measurements of one round, as (key, run(keep)) pairs."""
    timeout = plan.timeout_ms

    def a_http(keep: bool) -> None:
        col.add("A_http", pages.page_load(browser, base_url + PLAIN_PAGE, timeout), keep)

    def bare(keep: bool) -> None:
        run = pages.bare_run(browser, base_url, timeout)
        col.info["pyodide_runtime_version"] = run.version
        col.add("B", run.ready, keep)
        if run.loader is not None:
            col.add("B_loader", run.loader, keep)
            col.add("B_loadpyodide", run.ready - run.loader, keep)

    def checklist(suffix: str, url: str) -> Callable[[bool], None]:
        def go(keep: bool) -> None:
            run = pages.checklist_run(browser, url, plan.changes, timeout)
            col.add(f"usable_{suffix}", run.usable, keep)
            col.add(f"first_{suffix}", run.first_score, keep)
            col.add(f"rescore_{suffix}", run.rescore, keep)
            for part in ("toCall", "engine", "render"):
                col.add(f"split_{part}_{suffix}", [float(x[part]) for x in run.split], keep)
            # The split of the worker calls: from the pass with scoring ahead off (every change
            # goes to the worker), and from the main pass's changes that were not scored ahead.
            calls = run.split_no_ahead + [
                x for x in run.split if not (x.get("call") or {}).get("cached")
            ]
            col.add(f"rescore_no_ahead_{suffix}", run.rescore_no_ahead, keep)
            for part in CALL_PARTS:
                col.add(f"call_{part}_{suffix}", _call_part(calls, part), keep)
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

        return go

    tasks: list[tuple[str, Callable[[bool], None]]] = [
        ("A_http", a_http),
        ("checklist_http", checklist("http", base_url + CHECKLIST_PAGE)),
        ("B", bare),
    ]
    if bundle_root is not None:

        def a_file(keep: bool) -> None:
            url = (bundle_root / PLAIN_PAGE).as_uri()
            col.add("A_file", pages.page_load(browser, url, timeout), keep)

        tasks += [
            ("A_file", a_file),
            ("checklist_file", checklist("file", (bundle_root / CHECKLIST_PAGE).as_uri())),
        ]
    return [(key, fn) for key, fn in tasks if key in plan.needs]


def run_browser(
    plan: Plan, col: Collector, site: Path, bundle_root: Path | None, profile_dir: Path | None
) -> None:
    with pages.serve(site) as base_url, chromium() as browser:
        col.info["chromium"] = browser.version
        tasks = browser_tasks(plan, col, browser, base_url, bundle_root)
        for i in range(plan.warmup + plan.rounds):
            keep = i >= plan.warmup
            # Alternate the order so that drift on a shared machine hits both sides alike.
            for key, fn in tasks if i % 2 == 0 else reversed(tasks):
                col.attempt(key, lambda fn=fn, keep=keep: fn(keep))
            print(f"  round {i}{'' if keep else ' (warm-up)'}: browser done")
        if profile_dir is not None:
            run_profiles(plan, browser, base_url, bundle_root, profile_dir)


def run_profiles(
    plan: Plan, browser: Any, base_url: str, bundle_root: Path | None, out: Path
) -> None:
    """One traced run of each page: a Chrome trace (open in Perfetto or chrome://tracing) and a
    timeline JSON (requests incl. the worker's, marks, the observer's milestones)."""
    timeout = plan.timeout_ms
    runs: list[tuple[str, Callable[[Path], object]]] = [
        ("plain-http", lambda t: pages.page_load(browser, base_url + PLAIN_PAGE, timeout, t)),
        ("bare-http", lambda t: pages.bare_run(browser, base_url, timeout, t)),
        (
            "checklist-http",
            lambda t: pages.checklist_run(browser, base_url + CHECKLIST_PAGE, 5, timeout, t),
        ),
    ]
    if bundle_root is not None:
        url = (bundle_root / CHECKLIST_PAGE).as_uri()
        runs.append(("checklist-file", lambda t: pages.checklist_run(browser, url, 5, timeout, t)))
    print(f"\nprofiles in {out}:")
    for name, fn in runs:
        trace = out / f"{name}.trace.json"
        try:
            fn(trace)
        except Exception as exc:
            print(f"  {name}: {exc}")
            continue
        print("\n".join(pages.summarise_timeline(out / f"{name}.timeline.json")))


def run_combine(plan: Plan, col: Collector) -> None:
    """Figure 9 (bench/combining.py): combine against parse, alternating which runs first."""
    checklist = combining.largest_checklist(plan.root)
    files = combining.answers_files(checklist)
    col.info["combine"] = {"checklist": checklist.id, "items": len(checklist.items)}
    col.info["combine"]["files"] = len(files)
    for i in range(plan.warmup + plan.rounds):
        keep = i >= plan.warmup
        times = combining.time_once(checklist, files, "combine" if i % 2 == 0 else "parse")
        col.add("combine", times["combine"], keep)
        col.add("combine_parse", times["parse"], keep)
    print(f"  combine {times['combine']:.0f} ms, parse {times['parse']:.0f} ms (last round)")


def run_sizes(col: Collector, bundle: tuple[Path, Path] | None) -> sizes.SizeFigure | None:
    if bundle is None:
        col.errors.setdefault("size", "no offline bundle")
        return None
    return col.attempt("size", lambda: sizes.measure_sizes(*bundle))


# --- figures ---------------------------------------------------------------------------------


def _median(col: Collector, key: str) -> float | None:
    values = col.samples.get(key)
    return statistics.median(values) if values else None


def _row(col: Collector, row: report.Row, key: str, baseline_key: str | None = None) -> report.Row:
    """Fill a row from the samples of ``key`` (median) against ``baseline_key`` (median)."""
    row.samples = col.samples.get(key, [])
    row.value = _median(col, key)
    if baseline_key:
        row.baseline = _median(col, baseline_key)
    if row.value is None or (baseline_key and row.baseline is None):
        missing = [k for k in (key, baseline_key) if k and not col.samples.get(k)]
        row.error = "; ".join(_why_missing(col, k) for k in missing)
    return row.settle()


def _why_missing(col: Collector, sample_key: str) -> str:
    """The error behind missing samples: the task's own, else the phase it depends on."""
    candidates = [_task_of(sample_key)]
    if sample_key.endswith("_file"):
        candidates.append("bundle")
    candidates += ["browser", "site"]
    for key in candidates:
        if key in col.errors:
            return col.errors[key]
    return f"no samples for {sample_key}"


def _task_of(sample_key: str) -> str:
    for suffix in ("http", "file"):
        if sample_key.endswith("_" + suffix) and not sample_key.startswith("A_"):
            return f"checklist_{suffix}"
    return sample_key


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


def _call_part(split: list[dict[str, Any]], part: str) -> list[float]:
    return [float(x["call"][part]) for x in split if (x.get("call") or {}).get(part) is not None]


def _rescore_notes(col: Collector, suffix: str) -> tuple[dict[str, Any], list[str]]:
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


def _startup_notes(col: Collector, suffix: str) -> tuple[dict[str, Any], list[str]]:
    """The engine's start-up steps against baseline B's: where the first score's time goes."""
    medians = {k: _median(col, f"startup_{k}_{suffix}") for k, _label in STARTUP_PARTS}
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
            + ("" if suffix == "http" else " (the offline bundle's own, offline/snapshot.js)")
        )
    runtime = [
        r - lo
        for r, lo in zip(
            col.samples.get(f"startup_runtime_{suffix}", []),
            col.samples.get(f"startup_loader_{suffix}", []),
            strict=False,
        )
    ]
    b_loader, b_run = _median(col, "B_loader"), _median(col, "B_loadpyodide")
    if runtime and b_loader is not None and b_run is not None:
        extra["worker_loadpyodide_median"] = statistics.median(runtime)
        extra["b_loader_median"], extra["b_loadpyodide_median"] = b_loader, b_run
        notes.append(
            f"loadPyodide() itself: {statistics.median(runtime):.0f} ms in the worker, "
            f"{b_run:.0f} ms in baseline B (whose loader is imported at {b_loader:.0f} ms)"
        )
    return extra, notes


def _rescore_row(col: Collector, figure: int, suffix: str, where: str) -> report.Row:
    key = f"rescore_{suffix}"
    row = report.Row(figure, key, f"Re-score latency {where}", "ms", target_abs=16.0)
    values = col.samples.get(key, [])
    row.samples = values
    if values:
        row.value = report.percentile(values, 95)
        row.extra = {"p50": report.percentile(values, 50), "n": len(values)}
        parts = {
            p: col.samples.get(f"split_{p}_{suffix}", []) for p in ("toCall", "engine", "render")
        }
        if all(parts.values()):
            row.extra["split_p50"] = {p: report.percentile(v, 50) for p, v in parts.items()}
            row.extra["split_p95"] = {p: report.percentile(v, 95) for p, v in parts.items()}
            row.notes.append(
                "p50 split: input → engine call {toCall:.1f} ms, worker round trip {engine:.1f} ms, "
                "render {render:.1f} ms".format(**row.extra["split_p50"])
            )
        more, notes = _rescore_notes(col, suffix)
        row.extra.update(more)
        row.notes.extend(notes)
    else:
        row.error = _why_missing(col, key)
    return row.settle()


def make_rows(plan: Plan, col: Collector, size: sizes.SizeFigure | None) -> list[report.Row]:
    Row = report.Row
    rows: list[Row] = []
    f = plan.figures
    if 1 in f:
        rows.append(
            _row(col, Row(1, "baseline_a", "Baseline A: plain page load (http)", "ms"), "A_http")
        )
    if 2 in f:
        rows.append(
            _row(
                col,
                Row(
                    2, "form_usable", "Form usable (http)", "ms", baseline_id="A", target_ratio=1.1
                ),
                "usable_http",
                "A_http",
            )
        )
    if 3 in f:
        rows.append(
            _row(col, Row(3, "baseline_b", "Baseline B: bare loadPyodide (http)", "ms"), "B")
        )
    if 4 in f:
        row = Row(4, "first_score", "First score (http)", "ms", baseline_id="B", target_ratio=1.0)
        rows.append(_first_score_row(col, row, "http"))
    if 5 in f:
        rows.append(_rescore_row(col, 5, "http", "(http)"))
    if 6 in f:
        rows.append(
            _row(
                col,
                Row(6, "baseline_a_file", "Baseline A: plain page load (file://)", "ms"),
                "A_file",
            )
        )
        rows.append(
            _row(
                col,
                Row(
                    6,
                    "form_usable_file",
                    "Form usable (file://)",
                    "ms",
                    baseline_id="A file",
                    target_ratio=1.1,
                ),
                "usable_file",
                "A_file",
            )
        )
        row = Row(
            6, "first_score_file", "First score (file://)", "ms", baseline_id="B", target_ratio=0.6
        )
        rows.append(_first_score_row(col, row, "file"))
        rows.append(_rescore_row(col, 6, "file", "(file://)"))
    if 7 in f:
        rows.append(
            _row(
                col,
                Row(7, "build", "Build, both languages", "s", baseline_id="C", target_ratio=1.5),
                "build",
                "build_plain",
            )
        )
    if 8 in f:
        rows.extend(_size_rows(col, size))
    if 9 in f:
        label = f"Combine {combining.FILES} answers files, largest checklist (CPython)"
        row = Row(9, "combine", label, "ms", baseline_id="parse", target_abs=1000.0)
        rows.append(_row(col, row, "combine", "combine_parse"))
    return rows


def _first_score_row(col: Collector, row: report.Row, suffix: str) -> report.Row:
    """Figure 4 (http) or its file:// twin in 6: the median against baseline B, with where the
    time went (the engine's own milestones)."""
    row = _row(col, row, f"first_{suffix}", "B")
    row.extra = _first_score_extra(col, suffix)
    row.notes = _first_score_notes(row.extra)
    more, notes = _startup_notes(col, suffix)
    row.extra.update(more)
    row.notes.extend(notes)
    return row


def _first_score_notes(extra: dict[str, Any]) -> list[str]:
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


def _first_score_extra(col: Collector, suffix: str) -> dict[str, Any]:
    """Where the first-score time goes: engine ready (data-engine=ready) and click → score."""
    return {
        "engine_ready_median": _median(col, f"engine_ready_{suffix}"),
        "click_to_score_median": _median(col, f"after_click_{suffix}"),
        "widget_wired_median": _median(col, f"wired_{suffix}"),
        # EconsecEngine.timings: bridge start -> ready, worker start -> loadPyodide / engine.
        "bridge_page_median": _median(col, f"bridge_page_{suffix}"),
        "worker_runtime_median": _median(col, f"bridge_runtime_{suffix}"),
        "worker_total_median": _median(col, f"bridge_total_{suffix}"),
        # Answers clicked before the widget ran and then unchecked by it (see observer.js).
        "lost_early_clicks": sum(col.samples.get(f"reclicks_{suffix}", [])),
    }


# Issue 16: the bundle, snapshot included, at most 10 MB (10,000,000 bytes).
BUNDLE_LIMIT_BYTES = 10_000_000


def _size_rows(col: Collector, size: sizes.SizeFigure | None) -> list[report.Row]:
    """Figure 8: the zip against the 10 MB limit (the target), and against npm+site (as before)."""
    limit = report.Row(
        8,
        "size",
        "Offline zip size",
        "bytes",
        baseline_id="npm+site",
        target_abs=BUNDLE_LIMIT_BYTES,
    )
    ratio = report.Row(
        8, "size_ratio", "Offline zip size", "bytes", baseline_id="npm+site", target_ratio=1.15
    )
    rows = [limit, ratio]
    for row in rows:
        if size is None:
            row.error = col.errors.get("size") or col.errors.get("bundle", "no offline bundle")
            continue
        row.value = float(size.bundle_bytes)
        row.baseline = float(size.baseline_bytes)
        row.extra = {
            "pyodide_tarball_bytes": size.pyodide_tarball_bytes,
            "site_zip_bytes": size.site_zip_bytes,
            "runtime_files": size.runtime_files,
        }
        row.settle()
    return rows


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--quick",
        action="store_true",
        help="1 round, no warm-up, 5 changes: proves every figure is produced",
    )
    p.add_argument("--rounds", type=int, default=7, help="measured rounds (default 7)")
    p.add_argument("--warmup", type=int, default=1, help="warm-up rounds, not counted (default 1)")
    p.add_argument(
        "--build-rounds",
        type=int,
        default=None,
        help="measured rounds of figure 7's two builds (default 3 × --rounds)",
    )
    p.add_argument(
        "--changes", type=int, default=50, help="answer changes per checklist run (default 50)"
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds a page may take per step")
    p.add_argument("--figures", default="1,2,3,4,5,6,7,8,9", help="comma-separated figure numbers")
    p.add_argument(
        "--site",
        default=os.environ.get("ECONSEC_SITE"),
        help="built site to measure (default: $ECONSEC_SITE, else the site built for figure 7)",
    )
    p.add_argument(
        "--bundle",
        help="offline zip to measure (default: `econsec bundle` of the measured site, in a temp folder)",
    )
    p.add_argument(
        "--results-dir",
        default=str(ROOT / "bench" / "results"),
        help="where latest.json (and profiles) go",
    )
    p.add_argument("--copy", help="also write the JSON here")
    p.add_argument(
        "--root", default=str(ROOT), help="project folder to build (default: this repository)"
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="after the rounds, one traced run per page: Chrome traces and timelines in <results-dir>/profile/",
    )
    return p.parse_args(argv)


def make_plan(args: argparse.Namespace) -> Plan:
    figures = {int(x) for x in args.figures.split(",") if x.strip()}
    if not figures <= set(NEEDS):
        raise SystemExit(f"unknown figures: {sorted(figures - set(NEEDS))}")
    root = Path(args.root).resolve()
    timeout = int(args.timeout * 1000)
    if args.quick:
        return Plan(1, 0, 5, timeout, figures, "quick", root)
    build_rounds = args.build_rounds if args.build_rounds is not None else 3 * args.rounds
    return Plan(
        args.rounds, args.warmup, max(args.changes, 1), timeout, figures, "full", root, build_rounds
    )


def versions(col: Collector) -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "chromium": col.info.get("chromium") or "not run",
        "pyodide": col.info.get("pyodide_runtime_version") or sizes.pyodide_version(),
        "pyodide_npm": sizes.pyodide_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = make_plan(args)
    col = Collector()
    machine = report.machine_info()
    results_dir = Path(args.results_dir)
    with tempfile.TemporaryDirectory(prefix="econsec-bench-") as tmp:
        work = Path(tmp)
        built = None
        if "build" in plan.needs:
            print("builds:")
            built = run_builds(plan, col, work)
            if args.profile:
                profile_build(plan, work, results_dir / "profile")
        elif not args.site and plan.needs - {"combine"}:
            builds.quiet_mkdocs()
            built = work / "site-econsec"
            col.attempt("site", lambda: builds.build_econsec(built, plan.root))
        site = Path(args.site) if args.site else built
        bundle = prepare_bundle(args, col, site, work) if "bundle" in plan.needs else None
        if plan.needs & {"A_http", "B", "checklist_http", "A_file", "checklist_file"}:
            print(f"browser ({site}):")
            if site is None:
                col.errors.setdefault("A_http", "no built site")
            else:
                profile = results_dir / "profile" if args.profile else None
                col.attempt(
                    "browser",
                    lambda: run_browser(plan, col, site, bundle[1] if bundle else None, profile),
                )
        size = run_sizes(col, bundle) if 8 in plan.figures else None
        if "combine" in plan.needs:
            print("combine:")
            col.attempt("combine", lambda: run_combine(plan, col))
    machine["loadavg_end"] = list(os.getloadavg())
    rows = make_rows(plan, col, size)
    meta = {
        "mode": plan.mode,
        "rounds": plan.rounds,
        "build_rounds": plan.build_rounds or plan.rounds,
        "warmup": plan.warmup,
        "changes": plan.changes,
        "machine": machine,
        "versions": versions(col),
        "site": str(site) if site else None,
        "pages": {"plain": PLAIN_PAGE, "checklist": CHECKLIST_PAGE},
        "baseline_c": builds.describe_plain(),
        "info": col.info,
        "errors": col.errors,
    }
    print()
    print(report.header(meta))
    print(report.table(rows))
    write_json(results_dir, args.copy, {**meta, "figures": [r.to_json() for r in rows]})
    return 0 if all(r.value is not None for r in rows) else 1


def write_json(results_dir: Path, copy: str | None, data: dict[str, Any]) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "latest.json").write_text(text, encoding="utf-8")
    print(f"\nwrote {results_dir / 'latest.json'}")
    if copy:
        Path(copy).parent.mkdir(parents=True, exist_ok=True)
        Path(copy).write_text(text, encoding="utf-8")
        print(f"wrote {copy}")


if __name__ == "__main__":
    sys.exit(main())
