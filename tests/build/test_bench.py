"""The benchmark produces all eight figures (bench/run.py --quick).

Not a timed test: it asserts that every figure has a numeric value (and a ratio where it has a
baseline), never that a target is met — timings on a shared test machine mean nothing.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@pytest.mark.browser
def test_quick_bench_produces_every_figure(site_dir: Path, tmp_path: Path) -> None:
    results = tmp_path / "results"  # not bench/results: keep the last real run's latest.json
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--site",
            str(site_dir),
            "--results-dir",
            str(results),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    log = f"stdout:\n{done.stdout[-4000:]}\nstderr:\n{done.stderr[-4000:]}"
    assert (results / "latest.json").is_file(), log
    data = json.loads((results / "latest.json").read_text(encoding="utf-8"))

    rows = data["figures"]
    assert sorted({r["figure"] for r in rows}) == list(range(1, 9)), log
    missing = [(r["figure"], r["id"], r["error"]) for r in rows if not _numeric(r["value"])]
    assert not missing, f"figures without a value: {missing}\n{log}"
    for r in rows:
        if r["baseline_id"]:
            assert _numeric(r["baseline"]) and _numeric(r["ratio"]), r
        assert r["target"], r
        assert r["met"] in (True, False, None), r
    rescore = [r for r in rows if r["id"].startswith("rescore")]
    assert len(rescore) == 2 and all(r["extra"]["n"] >= 5 for r in rescore), rescore
    # The split the README quotes: how many changes were scored ahead, and the start-up steps
    # on the page's clock (the worker's own timestamps), in the order they happen.
    assert all(_numeric(r["extra"]["cached"]) for r in rescore), rescore
    # ...and the same changes with scoring ahead off, whose worker calls the notes split.
    assert all(_numeric(r["extra"]["no_ahead_p95"]) for r in rescore), rescore
    assert all(_numeric(r["extra"]["call_p50"]["python"]) for r in rescore), rescore
    for r in rows:
        if r["id"] in ("first_score", "first_score_file"):
            steps = r["extra"]["startup_median"]
            order = [steps[k] for k in ("worker", "workerScript", "loader", "runtime", "engine")]
            assert all(_numeric(v) for v in order) and order == sorted(order), r
    assert data["versions"]["chromium"] and data["versions"]["pyodide"], data["versions"]
    assert data["machine"]["cores"] and data["machine"]["cpu"], data["machine"]
    assert done.returncode == 0, log


@pytest.mark.browser
def test_network_script_compares_with_and_without_the_snapshot(site_dir: Path) -> None:
    # It checks on every page that the snapshot was used, or not, as the variant says.
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "network.py"), "--quick", "--site", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    line = re.search(
        r"localhost +with snapshot +(\d+) \| +(\d+) +without +(\d+) \| +(\d+) +ratio ([\d.]+)",
        done.stdout,
    )
    assert line, done.stdout
    assert all(int(v) > 0 for v in line.groups()[:4])
