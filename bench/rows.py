"""The figure rows of the table and the JSON: each figure's value against its baseline and
target, with the notes that say where the time went."""

from __future__ import annotations

from collections.abc import Callable
from statistics import median

from bench import combining, notes, report, sizes
from bench.collect import THROTTLED, Collector, Plan
from bench.throttle import CPU4, Conditions

CONDITION_KEYS = tuple(sorted((c.key for c in THROTTLED.values()), key=len, reverse=True))


def _row(col: Collector, row: report.Row, key: str, baseline_key: str | None = None) -> report.Row:
    """Fill a row from the samples of ``key`` (median) against ``baseline_key`` (median)."""
    row.samples = col.samples.get(key, [])
    row.value = notes.median(col, key)
    if baseline_key:
        row.baseline = notes.median(col, baseline_key)
    if row.value is None or (baseline_key and row.baseline is None):
        missing = [k for k in (key, baseline_key) if k and not col.samples.get(k)]
        row.error = "; ".join(_why_missing(col, k) for k in missing)
    return row.settle()


def _why_missing(col: Collector, sample_key: str) -> str:
    """The error behind missing samples: the task's own, else the phase it depends on."""
    candidates = [_task_of(sample_key)]
    if "_file" in sample_key:
        candidates.append("bundle")
    candidates += ["browser", "site"]
    for key in candidates:
        if key in col.errors:
            return col.errors[key]
    return f"no samples for {sample_key}"


# Where a checklist was measured, as its sample keys end (`first_http_cpu4`): longest first.
WHERES = tuple(
    sorted(
        {w if c is None else f"{w}_{c}" for w in ("http", "file") for c in (None, *CONDITION_KEYS)},
        key=len,
        reverse=True,
    )
)


def _task_of(sample_key: str) -> str:
    """The task whose samples these are: `A_http_cpu4` and `B_cpu4` are their own tasks,
    `B_loader_cpu4` is `B_cpu4`'s, `first_http_cpu4` is `checklist_http_cpu4`'s."""
    if sample_key.startswith("B"):
        tail = [c for c in CONDITION_KEYS if sample_key.endswith("_" + c)]
        return "B" + (f"_{tail[0]}" if tail else "")
    if sample_key.startswith("A_"):
        return sample_key
    for prefix in ("busy_main_", "busy_worker_", "workers_throttled_busy_"):
        if sample_key.startswith(prefix):
            return "busy_" + sample_key.removeprefix(prefix)
    for where in WHERES:
        if sample_key.endswith("_" + where):
            return f"checklist_{where}"
    return sample_key


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
        more, lines = notes.rescore_notes(col, suffix)
        row.extra.update(more)
        row.notes.extend(lines)
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
    for figure, cond in THROTTLED.items():
        if figure in f:
            rows += _throttled_rows(col, figure, cond)
    return rows


def _throttled_rows(col: Collector, figure: int, cond: Conditions) -> list[report.Row]:
    """Figures 2, 4 and 5 under a slower CPU (and line), each against its baseline measured
    under the same conditions in the same rounds; over file:// too unless there is a line."""
    Row = report.Row
    k, label = cond.key, cond.label
    out: list[report.Row] = []
    for where in ("http",) if cond.line else ("http", "file"):
        s = f"{where}_{k}"
        scheme = "http" if where == "http" else "file://"
        a_id = "A" if where == "http" else "A file"
        out.append(
            _row(
                col,
                Row(figure, f"baseline_a_{s}", f"Baseline A ({scheme}, {label})", "ms"),
                f"A_{s}",
            )
        )
        row = Row(
            figure,
            f"form_usable_{s}",
            f"Form usable ({scheme}, {label})",
            "ms",
            baseline_id=a_id,
            target_ratio=1.1,
        )
        out.append(_row(col, row, f"usable_{s}", f"A_{s}"))
        if where == "http":
            row = Row(figure, f"baseline_b_{k}", f"Baseline B: bare loadPyodide ({label})", "ms")
            out.append(_row(col, row, f"B_{k}"))
        row = Row(
            figure,
            f"first_score_{s}",
            f"First score ({scheme}, {label})",
            "ms",
            baseline_id="B",
            target_ratio=THROTTLED_FIRST_SCORE,
        )
        out.append(_first_score_row(col, row, s, f"B_{k}"))
        out.append(_rescore_row(col, figure, s, f"({scheme}, {label})"))
        slowed = col.samples.get(f"workers_throttled_{s}", [])
        if slowed:
            out[-1].extra["workers_throttled_runs"] = sum(1 for n in slowed if n >= 1)
            out[-1].notes.append(
                f"the engine's worker was slowed with the page in {sum(1 for n in slowed if n >= 1)} "
                f"of {len(slowed)} runs"
            )
    out[0].notes += throttle_notes(col, cond)
    out[0].extra["throttle_check"] = throttle_check(col)
    out[0].extra["throttle_check_fastest"] = throttle_check(col, min)
    out[0].extra["throttle_check_samples"] = throttle_samples(col)
    return out


# Under 4× CPU the first score must come well before bare Pyodide's (issue 16): the engine's
# snapshot saves the Python start, which a slower CPU lengthens most.
THROTTLED_FIRST_SCORE = 0.6


def throttle_check(
    col: Collector, pick: Callable[[list[float]], float] = median
) -> dict[str, float]:
    """The busy-loop check: how many times longer the loop took under 4× CPU than without, on
    the page's main thread and in a worker, over http and from file:// (by default the ratio of
    the medians; ``pick=min``: of the fastest runs, which a busy machine disturbs least)."""
    out = {}
    for where in ("http", "file"):
        for thread in ("main", "worker"):
            slow = col.samples.get(f"busy_{thread}_{where}_{CPU4.key}")
            free = col.samples.get(f"busy_{thread}_{where}")
            if slow and free:
                out[f"{thread}_{where}"] = pick(slow) / pick(free)
    return out


def throttle_samples(col: Collector) -> dict[str, list[float]]:
    return {k: v for k, v in col.samples.items() if k.startswith("busy_")}


def throttle_notes(col: Collector, cond: Conditions) -> list[str]:
    lines = [
        f"{cond.label}: Chromium's Emulation.setCPUThrottlingRate {cond.cpu_rate:g} on the page, "
        f"and each dedicated-worker thread frozen {cond.cpu_rate - 1:g} ms in {cond.cpu_rate:g} "
        "in turn (bench/throttle.py)"
    ]
    if cond.line is not None:
        lines.append(
            f"line: {cond.line.text} (Network.emulateNetworkConditions; the worker's requests "
            "too); no file:// rows: a page opened from file:// makes no request"
        )
    check, fastest = throttle_check(col), throttle_check(col, min)
    if check:
        lines.append(
            "busy-loop check, time under 4× CPU / without, medians (fastest runs): "
            + ", ".join(
                f"{k.replace('_', ' ')} {v:.1f} × ({fastest[k]:.1f} ×)" for k, v in check.items()
            )
        )
    return lines


def _first_score_row(
    col: Collector, row: report.Row, suffix: str, baseline_key: str = "B"
) -> report.Row:
    """Figure 4 (http) or its twins (file://, throttled): the median against baseline B under
    the same conditions, with where the time went (the engine's own milestones)."""
    row = _row(col, row, f"first_{suffix}", baseline_key)
    row.extra = notes.first_score_extra(col, suffix)
    row.notes = notes.first_score_notes(row.extra)
    more, lines = notes.startup_notes(col, suffix)
    row.extra.update(more)
    row.notes.extend(lines)
    return row


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
