"""Benchmark: page readiness, engine start, re-score latency, build time and bundle size.

Usage: ``.venv/bin/python bench/run.py [--quick] [--rounds N] [--profile] ...`` (or ``make
bench``). Prints a table of nine figures, each against its baseline and target, and writes
JSON to bench/results/latest.json. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import builds, combining, pages, report, sizes
from bench.collect import (
    ALL_FIGURES,
    CHECKLIST_PAGE,
    NEEDS,
    PLAIN_PAGE,
    QUICK_FIGURES,
    ROOT,
    Collector,
    Plan,
)
from bench.rows import make_rows
from bench.tasks import browser_tasks, run_profiles
from tests.support.browser import chromium

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


def run_browser(
    plan: Plan, col: Collector, site: Path, bundle_root: Path | None, profile_dir: Path | None
) -> None:
    busy_file = None
    if bundle_root is not None:  # the throttling check's page for file://, beside the bundle
        busy_file = bundle_root.parent / "busy" / pages.BUSY_PAGE
        busy_file.parent.mkdir(exist_ok=True)
        busy_file.write_bytes(pages.BUSY_HTML)
    with pages.serve(site) as base_url, chromium() as browser:
        col.info["chromium"] = browser.version
        tasks = browser_tasks(plan, col, browser, base_url, bundle_root, busy_file)
        for i in range(plan.warmup + plan.rounds):
            keep = i >= plan.warmup
            # Alternate the order so that drift on a shared machine hits both sides alike.
            for key, fn in tasks if i % 2 == 0 else reversed(tasks):
                col.attempt(key, lambda fn=fn, keep=keep: fn(keep))
            print(f"  round {i}{'' if keep else ' (warm-up)'}: browser done")
        if profile_dir is not None:
            run_profiles(plan, browser, base_url, bundle_root, profile_dir)


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
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds a page may take per step (× the rate under CPU throttling)",
    )
    p.add_argument(
        "--figures",
        help=f"comma-separated figure numbers (default {ALL_FIGURES}; --quick: {QUICK_FIGURES})",
    )
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
    chosen = args.figures or (QUICK_FIGURES if args.quick else ALL_FIGURES)
    figures = {int(x) for x in chosen.split(",") if x.strip()}
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
        if plan.needs - {"build", "bundle", "combine"}:
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
