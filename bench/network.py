"""First score with and without the engine snapshot, on a throttled network, cold and warm.

The snapshot (econsec/snapshot.py) saves the Python start but adds 6.3 MB to the first visit's
download. bench/run.py serves from localhost, where downloads are nearly free; this script asks
what a slower line does to that trade. Not one of issue 5's eight figures, so not in `make bench`:

    .venv/bin/python bench/network.py --site site --rounds 3

For each network (unthrottled, then Chromium's own throttling via the DevTools protocol, which
covers the worker's requests too) it opens the checklist page in a fresh context and again in
the same context (warm: the HTTP cache holds the files), alternating the site as built with a
copy whose pages name no snapshot, and prints the medians of the first score (ms since navigation)
and their ratio.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import OBSERVER_JS, MeasureError, Opening, fresh_tab, serve, visit_checklist
from tests.support.browser import chromium

PAGE = "checks/tech-leakage-ch1.html"
META = re.compile(r'\s*<meta name="econsec-snapshot" content="[0-9a-f]+">')
# (label, download Mbit/s, round-trip latency ms); None: unthrottled.
NETWORKS = (
    ("localhost", None, 0),
    ("100 Mbit/s, 20 ms", 100, 20),
    ("20 Mbit/s, 40 ms", 20, 40),
    ("5 Mbit/s, 60 ms", 5, 60),
)


def without_snapshot(site: Path, dest: Path) -> Path:
    """A copy of ``site`` whose pages name no snapshot: the engine starts the normal way."""
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns("snapshot"))
    for page in dest.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "econsec-snapshot" in html:
            page.write_text(META.sub("", html), encoding="utf-8")
    return dest


def first_scores(browser: Any, url: str, mbit: float | None, rtt: float, timeout_ms: int):
    """(cold, warm) first score in ms: a fresh context, then the same page again in it."""
    out = []
    with fresh_tab(Opening(browser, timeout_ms), init_script=OBSERVER_JS) as tab:
        if mbit:
            cdp = tab.page.context.new_cdp_session(tab.page)
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": rtt,
                    "downloadThroughput": mbit * 1e6 / 8,
                    "uploadThroughput": mbit * 1e6 / 8,
                },
            )
        for _visit in ("cold", "warm"):
            record = visit_checklist(tab, url, timeout_ms)
            if (record.get("engineSnapshot") == "used") != ("nosnap" not in url):
                raise MeasureError(f"{url}: snapshot state {record.get('engineSnapshot')}")
            out.append(float(record["scored"]))
            tab.page.evaluate("() => localStorage.clear()")  # the warm visit answers afresh too
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--site", type=Path, default=Path("site"), help="a built site (default: site)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per page step")
    p.add_argument("--quick", action="store_true", help="1 round, localhost only: a smoke run")
    args = p.parse_args(argv)
    networks = NETWORKS[:1] if args.quick else NETWORKS
    rounds = 1 if args.quick else args.rounds
    if not (args.site / "assets/econsec/snapshot").is_dir():
        p.error(f"{args.site} has no engine snapshot (build it with the snapshot on)")
    timeout_ms = int(args.timeout * 1000)
    with tempfile.TemporaryDirectory(prefix="econsec-network-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        (root / "snap").symlink_to(args.site.resolve())
        without_snapshot(args.site, root / "nosnap")
        with serve(root) as base, chromium() as browser:
            print(f"first score, ms since navigation (median of {rounds}; cold | warm)")
            for label, mbit, rtt in networks:
                got: dict[str, list[list[float]]] = {"snap": [], "nosnap": []}
                for n in range(rounds):
                    for variant in ("snap", "nosnap") if n % 2 == 0 else ("nosnap", "snap"):
                        url = f"{base}{variant}/{PAGE}"
                        got[variant].append(first_scores(browser, url, mbit, rtt, timeout_ms))
                med = {
                    v: [statistics.median(r[i] for r in runs) for i in (0, 1)]
                    for v, runs in got.items()
                }
                print(
                    f"  {label:20} with snapshot {med['snap'][0]:6.0f} | {med['snap'][1]:6.0f}"
                    f"   without {med['nosnap'][0]:6.0f} | {med['nosnap'][1]:6.0f}"
                    f"   ratio {med['snap'][0] / med['nosnap'][0]:.2f} |"
                    f" {med['snap'][1] / med['nosnap'][1]:.2f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
