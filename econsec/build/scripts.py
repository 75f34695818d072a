"""The site's own scripts, joined from ``js/`` into ``assets/econsec/`` (each language's build).

Each served script is made of ordered classic-script files that share one scope (``js/``; the
ARCHITECTURE.md section "Browser" says why not modules or a bundler): the build joins them, in the
order listed here, inside one function (``"use strict"``, nothing leaks into the page), after the
data they read from Python:

- ``checklist.js`` (every page, ``defer``): the widget. Its strings and rules are not in it: every
  self-check root embeds them (``econsec.mdext.widget_config``).
- ``engine-bridge.js`` (checklist pages, from ``<head>``): ``window.EconsecEngine``, after
  ``const RUNTIME = {...}`` (``econsec.build.runtime.browser_runtime``).
- ``engine-worker.js`` (a module worker): the same ``RUNTIME`` first.

The output is deterministic (the same sources give the same bytes) and one request per script,
as before the split; a header names the source of each part.
"""

from __future__ import annotations

import json
from pathlib import Path

from econsec.build import runtime, snapshot
from econsec.errors import EconsecError

# Beside the package in the checkout (the scripts are the tool's code, the same for every project
# the tool builds), like econsec.build.wheel finds pyproject.toml.
SOURCE_DIR = Path(__file__).resolve().parents[2] / "js"
COMMON = ("common/format.js",)
WIDGET = (
    *COMMON,
    "widget/text.js",
    "widget/storage.js",
    "widget/engine.js",
    "widget/widget.js",
    "widget/records.js",
    "widget/damaged.js",
    "widget/form.js",
    "widget/results.js",
    "widget/chart.js",
    "widget/exchange.js",
    "widget/main.js",
)
BRIDGE = (*COMMON, "bridge/api.js", "bridge/ahead.js", "bridge/start.js")
WORKER = (*COMMON, "worker/streams.js", "worker/engine-worker.js")

# served name -> (parts, whether RUNTIME comes first)
SCRIPTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "checklist.js": (WIDGET, False),
    "engine-bridge.js": (BRIDGE, True),
    runtime.WORKER.name: (WORKER, True),
}


def runtime_constant(root: Path) -> str:
    """``const RUNTIME = {...};``: what the bridge and the worker know of the runtime."""
    snapshot_path = (
        snapshot.DEST.relative_to(runtime.ASSETS) / snapshot.file_name("{key}")
    ).as_posix()
    version = runtime.pyodide_version(root)
    data = json.dumps(runtime.browser_runtime(snapshot_path, version), ensure_ascii=False, indent=1)
    return f"const RUNTIME = {data};\n"


def join(parts: tuple[str, ...], *, with_runtime: bool, source_dir: Path, root: Path) -> str:
    """One classic script: the parts in order, in one function scope."""
    chunks = ["(() => {\n", '"use strict";\n']
    if with_runtime:
        chunks += [
            "// ---- generated from Python: econsec.build.runtime.browser_runtime\n",
            runtime_constant(root),
        ]
    for part in parts:
        path = source_dir / part
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise EconsecError(
                f"{path}: cannot read a part of the site's scripts ({exc})"
            ) from None
        chunks += [f"// ---- js/{part}\n", text if text.endswith("\n") else f"{text}\n"]
    chunks.append("})();\n")
    return "".join(chunks)


def write_scripts(site_dir: Path, source_dir: Path, root: Path) -> list[Path]:
    """Write every joined script under ``site_dir/assets/econsec/`` (``root``: the project's)."""
    dest = site_dir / runtime.ASSETS
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (parts, with_runtime) in SCRIPTS.items():
        target = dest / name
        text = join(parts, with_runtime=with_runtime, source_dir=source_dir, root=root)
        target.write_text(text, "utf-8")
        written.append(target)
    return written


def post_build(site_dir: Path, root: Path) -> None:
    """The build step (both languages), before the runtime wrappers read the worker."""
    write_scripts(site_dir, SOURCE_DIR, root)
