"""Statistics, the figure rows (value, baseline, ratio, target, met), the table and the machine."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), q in [0, 100]."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "p95": percentile(values, 95),
    }


@dataclass
class Row:
    """One figure line. ``value`` is a median over rounds (p95 for re-score); ``ratio`` is
    value / baseline; a target is either a ratio (``target_ratio``) or an absolute bound."""

    figure: int
    id: str
    label: str
    unit: str
    value: float | None = None
    baseline: float | None = None
    baseline_id: str | None = None
    ratio: float | None = None
    target_ratio: float | None = None
    target_abs: float | None = None
    met: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    samples: list[float] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    def settle(self) -> Row:
        """Compute ratio and met from value, baseline and target."""
        if self.value is not None and self.baseline:
            self.ratio = self.value / self.baseline
        if self.target_ratio is not None and self.ratio is not None:
            self.met = self.ratio <= self.target_ratio
        elif self.target_abs is not None and self.value is not None:
            self.met = self.value <= self.target_abs
        return self

    @property
    def target_text(self) -> str:
        if self.target_ratio is not None:
            return f"≤ {self.target_ratio:g} × {self.baseline_id}"
        if self.target_abs is not None:
            return f"≤ {_fmt(self.target_abs, self.unit)}"
        return "baseline"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["target"] = self.target_text
        return d


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "bytes":
        return f"{value / 1e6:.2f} MB"
    return f"{value:g} {unit}"


def table(rows: list[Row]) -> str:
    head = ("#", "figure", "value", "baseline", "ratio", "target", "met")
    lines = [head]
    for r in rows:
        value = _fmt(r.value, r.unit) if r.error is None else "ERROR"
        if r.id.startswith("rescore") and r.value is not None:
            value = f"p95 {value} (p50 {_fmt(r.extra.get('p50'), r.unit)})"
        base = f"{r.baseline_id} {_fmt(r.baseline, r.unit)}" if r.baseline_id else "—"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "—"
        met = {True: "yes", False: "NO", None: "—"}[r.met]
        lines.append((str(r.figure), r.label, value, base, ratio, r.target_text, met))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  figure {r.figure} {r.id}: {n}" for r in rows for n in r.notes]
    if notes:
        out += ["", "notes:", *notes]
    errors = [f"  figure {r.figure} {r.id}: {r.error}" for r in rows if r.error]
    if errors:
        out += ["", "errors:", *errors]
    return "\n".join(out)


# --- the machine -----------------------------------------------------------------------------


def _proc_field(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine_info() -> dict[str, Any]:
    mem = _proc_field("/proc/meminfo", "MemTotal")
    mem_gb = round(int(mem.split()[0]) / 1024 / 1024, 1) if mem else None
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        # The machine may be shared: the load before and after tells how quiet it was.
        "loadavg_start": list(os.getloadavg()),
    }


def header(meta: dict[str, Any]) -> str:
    m = meta["machine"]
    v = meta["versions"]
    return "\n".join(
        [
            f"econsec benchmark — {m['date']} — mode {meta['mode']} "
            f"({meta['rounds']} rounds, {meta.get('build_rounds', meta['rounds'])} of the builds, "
            f"{meta['warmup']} warm-up, {meta['changes']} changes/run)",
            f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; "
            f"load {m['loadavg_start'][0]:.2f} → {m.get('loadavg_end', [0])[0]:.2f}",
            f"Chromium {v.get('chromium')}, Pyodide {v.get('pyodide')}, "
            f"MkDocs {v.get('mkdocs')}, Material {v.get('material')}, Python {m['python']}",
        ]
    )
