"""The benchmark produces all nine figures (bench/run.py --quick), and bench/network.py compares.

Not a timed test: it asserts that every figure has a numeric value (and a ratio where it has a
baseline), never that a target is met — timings on a shared test machine mean nothing. Both
scripts run once, in their quick mode, in this process (their ``main``), on the session's site and
offline zip; figure 7 builds the small fixture project of test_build_input.py (its code path, not
the site's build time, is what a smoke run proves).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench import network
from bench import run as bench_run

ROOT = Path(__file__).resolve().parents[2]


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@pytest.fixture
def bench_browser(browser, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scripts launch Chromium with tests.support.browser.chromium, as this session did: they
    get the session's browser (one Playwright per thread; each measurement opens its own fresh
    context anyway)."""
    for module in (bench_run, network):
        monkeypatch.setattr(module, "chromium", lambda: contextlib.nullcontext(browser))


@pytest.fixture
def mkdocs_log_levels() -> Iterator[None]:
    """bench.builds.quiet_mkdocs raises MkDocs' log levels: give them back to later tests."""
    names = ("mkdocs", "mkdocs.plugins.econsec")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.browser
@pytest.mark.usefixtures("bench_browser", "mkdocs_log_levels")
def test_quick_bench_produces_every_figure(
    site_dir: Path, bundle_zip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_build_input import make_project

    results = tmp_path / "results"  # not bench/results: keep the last real run's latest.json
    returncode = bench_run.main(
        [
            "--quick",
            "--site",
            str(site_dir),
            "--bundle",
            str(bundle_zip),
            "--root",
            str(make_project(tmp_path / "project", [])),
            "--results-dir",
            str(results),
        ]
    )
    done = capsys.readouterr()
    log = f"stdout:\n{done.out[-4000:]}\nstderr:\n{done.err[-4000:]}"
    assert (results / "latest.json").is_file(), log
    data = json.loads((results / "latest.json").read_text(encoding="utf-8"))

    rows = data["figures"]
    assert sorted({r["figure"] for r in rows}) == list(range(1, 10)), log
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
    assert returncode == 0, log


@pytest.mark.browser
@pytest.mark.usefixtures("bench_browser")
def test_network_script_compares_with_and_without_the_snapshot(
    site_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It checks on every page that the snapshot was used, or not, as the variant says (a
    # MeasureError otherwise, which fails this test).
    returncode = network.main(["--quick", "--site", str(site_dir)])
    done = capsys.readouterr()
    assert returncode == 0, done.out + done.err
    line = re.search(
        r"localhost +with snapshot +(\d+) \| +(\d+) +without +(\d+) \| +(\d+) +ratio ([\d.]+)",
        done.out,
    )
    assert line, done.out
    assert all(int(v) > 0 for v in line.groups()[:4])


@pytest.mark.browser
def test_throttling_reaches_the_worker_over_http_and_from_file(
    browser, site_dir: Path, tmp_path: Path
) -> None:
    """Chromium's CPU throttling slows the page's main thread only; the figures under 4× CPU
    hold the dedicated worker too (bench/throttle.py). The busy-loop page's worker, started from
    a URL over http and from a data: URL over file:// as the engine's is, must be found and
    put in the throttle's freezer group (a MeasureError otherwise), and the busy loop still runs
    on both threads."""
    from bench import pages, throttle

    page = tmp_path / pages.BUSY_PAGE
    page.write_bytes(pages.BUSY_HTML)
    with pages.serve(site_dir) as base:
        for url in (base + pages.BUSY_PAGE, page.as_uri()):
            _no_worker_thread_left(throttle)
            how = pages.Opening(browser, 30_000, conditions=throttle.CPU4)
            run = pages.busy_run(how, url, iterations=100_000)
            assert run.workers_throttled == 1, (url, run)
            assert run.main > 0 and run.worker > 0, (url, run)
    assert not list(throttle.CGROUP_FREEZER.glob(f"econsec-bench-{os.getpid()}-*"))


def _no_worker_thread_left(throttle: Any) -> None:
    """The throttle takes every worker thread of this process's renderers: wait until those of
    earlier pages in the session's browser (closed, their processes ending) are gone, so that
    the one it finds is the busy page's (once, 2 were found instead of 1)."""
    found = throttle.Renderers()
    deadline = time.monotonic() + 15
    while any(
        throttle.is_worker(pid, tid) for pid in found.poll() for tid in throttle.threads(pid)
    ):
        assert time.monotonic() < deadline, "a worker thread of an earlier page did not end"
        time.sleep(0.05)
