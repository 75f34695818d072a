"""Figure 7: the project's build against baseline C, plain MkDocs + Material on the same pages.

Both run in this process, timed with a monotonic clock, so interpreter start-up and imports are
not part of either figure (the warm-up round pays for the imports).
"""

from __future__ import annotations

import cProfile
import io
import logging
import os
import pstats
import shutil
import time
from pathlib import Path
from typing import Any

from econsec.build.builder import CONFIGS  # the two builds of the site: (config, subfolder)

ROOT = Path(__file__).resolve().parent.parent


def quiet_mkdocs() -> None:
    """MkDocs logs every build at INFO; keep warnings (strict mode counts them) and errors."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.plugins.econsec").setLevel(logging.WARNING)


def build_econsec(out: Path, root: Path = ROOT) -> float:
    """The full site build (both languages, hooks, extension, runtime assets); seconds."""
    from econsec.build.builder import build_site

    start = time.perf_counter()
    build_site(out, root)
    return time.perf_counter() - start


def plain_overrides(config_file: Path) -> dict[str, Any]:
    """Baseline C's config for one language: the project's config with no hooks and without
    ``econsec.mdext``. Docs, theme (with its overrides folder), nav and the plugins search and
    offline stay. The ``/// checklist`` and ``/// data-table`` blocks then stay as text, and
    strict mode is off because the text they leave may warn; neither changes the work done."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open(encoding="utf-8") as f:
        raw = yaml_load(f)  # follows INHERIT, as MkDocs does
    extensions = [
        ext
        for ext in raw.get("markdown_extensions", [])
        if not _extension_name(ext).startswith("econsec")
    ]
    return {"hooks": [], "markdown_extensions": extensions, "strict": False}


def _extension_name(ext: str | dict[str, Any]) -> str:
    return ext if isinstance(ext, str) else next(iter(ext))


def build_plain(out: Path, root: Path = ROOT) -> float:
    """Baseline C: plain MkDocs + Material, both languages, into ``out``; seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    # Reading the configs is part of a build, as it is in build_site.
    start = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    for config_file, sub in CONFIGS:
        path = root / config_file
        cfg = load_config(
            str(path), site_dir=str(out / sub if sub else out), **plain_overrides(path)
        )
        mkdocs_build(cfg, dirty=False)
    return time.perf_counter() - start


def describe_plain() -> dict[str, Any]:
    """What baseline C changes, for the JSON report."""
    return {
        "configs": [c for c, _ in CONFIGS],
        "removed": ["hooks", "markdown_extensions: econsec.mdext"],
        "strict": False,
    }


def profile_econsec(out: Path, stats_file: Path, root: Path = ROOT, top: int = 15) -> list[str]:
    """One project build under cProfile: writes ``stats_file`` (open with ``python -m pstats`` or
    snakeviz) and returns the functions with the most cumulative time, the project's first."""
    from econsec.build.builder import build_site

    stats_file.parent.mkdir(parents=True, exist_ok=True)
    profiler = cProfile.Profile()
    profiler.runcall(build_site, out, root)
    profiler.dump_stats(str(stats_file))
    lines: list[str] = []
    for pattern in ("econsec", ""):  # the project's own code, then everything
        buf = io.StringIO()
        stats = pstats.Stats(str(stats_file), stream=buf).sort_stats("cumulative")
        stats.print_stats(pattern, top) if pattern else stats.print_stats(top)
        lines += [line for line in buf.getvalue().splitlines() if line.strip()][-top - 1 :]
        lines.append("")
    return lines
