"""The throttled figures' rows (bench/rows.py), from made-up samples: no browser, no timing.

Figures 10 (4× CPU, http and file://) and 11 (4× CPU and a 20 Mbit/s line, http only) are each
measured against baselines under the same conditions; their targets are issue 16's."""

from __future__ import annotations

import pytest

from bench import collect, rows
from bench.collect import Collector, Plan
from bench.run import make_plan, parse_args


def _collector() -> Collector:
    col = Collector()
    for cond in ("cpu4", "cpu4line"):
        col.samples[f"A_http_{cond}"] = [1000.0, 1200.0]
        col.samples[f"B_{cond}"] = [20_000.0, 22_000.0]
        col.samples[f"usable_http_{cond}"] = [1050.0, 1150.0]
        col.samples[f"first_http_{cond}"] = [7000.0, 8000.0]
        col.samples[f"rescore_http_{cond}"] = [10.0, 12.0, 90.0]
        col.samples[f"workers_throttled_http_{cond}"] = [1.0, 1.0]
    col.samples["A_file_cpu4"] = [2000.0]
    col.samples["usable_file_cpu4"] = [2100.0]
    col.samples["first_file_cpu4"] = [15_000.0]
    col.samples["rescore_file_cpu4"] = [14.0, 15.0]
    for where in ("http", "file"):
        col.samples[f"busy_main_{where}"] = [100.0]
        col.samples[f"busy_worker_{where}"] = [100.0]
        col.samples[f"busy_main_{where}_cpu4"] = [400.0]
        col.samples[f"busy_worker_{where}_cpu4"] = [380.0]
    return col


def test_throttled_rows_compare_with_baselines_under_the_same_conditions() -> None:
    plan = Plan(1, 0, 5, 1000, {10, 11}, "full")
    got = {r.id: r for r in rows.make_rows(plan, _collector(), None)}
    assert {r.figure for r in got.values()} == {10, 11}
    usable = got["form_usable_http_cpu4"]
    assert usable.baseline == 1100.0 and usable.ratio == pytest.approx(1.0)
    assert usable.target_text == "≤ 1.1 × A" and usable.met is True
    first = got["first_score_http_cpu4"]
    assert first.baseline == 21_000.0 and first.target_ratio == 0.6 and first.met is True
    assert got["first_score_file_cpu4"].met is False  # 15,000 against 0.6 × 21,000
    assert got["first_score_http_cpu4line"].baseline == 21_000.0
    rescore = got["rescore_http_cpu4"]
    assert rescore.target_abs == 16.0 and rescore.met is False
    assert got["rescore_file_cpu4"].met is True
    # A line changes nothing from file://: figure 11 has no file:// rows.
    assert not [i for i, r in got.items() if r.figure == 11 and "file" in i]
    check = got["baseline_a_http_cpu4"].extra["throttle_check"]
    assert check == {"main_http": 4.0, "worker_http": 3.8, "main_file": 4.0, "worker_file": 3.8}
    assert any("worker was slowed" in n for n in rescore.notes)
    assert all(r.error is None for r in got.values()), [r.error for r in got.values()]


def test_a_missing_throttled_measurement_names_its_task_error() -> None:
    col = _collector()
    del col.samples["B_cpu4"]
    col.errors["B_cpu4"] = "MeasureError: worker thread not throttled"
    got = {r.id: r for r in rows.make_rows(Plan(1, 0, 5, 1000, {10}, "full"), col, None)}
    assert got["first_score_http_cpu4"].error == "MeasureError: worker thread not throttled"
    assert got["baseline_b_cpu4"].value is None


def test_make_bench_runs_the_throttled_figures_and_quick_leaves_them_out() -> None:
    assert make_plan(parse_args([])).figures == set(collect.NEEDS)
    assert {10, 11} <= make_plan(parse_args([])).figures
    assert make_plan(parse_args(["--quick"])).figures == set(range(1, 10))
    assert make_plan(parse_args(["--quick", "--figures", "10"])).figures == {10}
