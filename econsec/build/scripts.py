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

import hashlib
import json
from pathlib import Path
from typing import Any

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
    "widget/notes.js",
    "widget/results.js",
    "widget/chart.js",
    "widget/exchange.js",
    "widget/compare.js",
    "widget/plan.js",
    "widget/support.js",
    "widget/screening.js",
    "widget/shared.js",
    "widget/organisation.js",
    "widget/printing.js",
    "widget/worksheet.js",
    "widget/combine.js",
    "widget/combine_view.js",
    "widget/combine_room.js",
    "widget/main.js",
)
BRIDGE = (*COMMON, "bridge/api.js", "bridge/ahead.js", "bridge/start.js")
WORKER = (*COMMON, "worker/streams.js", "worker/files.js", "worker/engine-worker.js")

# served name -> (parts, whether RUNTIME comes first)
SCRIPTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "checklist.js": (WIDGET, False),
    "engine-bridge.js": (BRIDGE, True),
    runtime.WORKER.name: (WORKER, True),
}


# The widget's files as mkdocs.base.yml lists them (extra_javascript, extra_css) and where the
# stylesheet's source is in the theme folder (overrides/).
WIDGET_SCRIPT = (runtime.ASSETS / "checklist.js").as_posix()
WIDGET_STYLE = (runtime.ASSETS / "econsec.css").as_posix()


def content_version(text: str) -> str:
    """A short hash of a file's text: its URL's ``?v=``, new whenever the bytes change."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def version_widget_urls(config: Any, root: Path) -> None:
    """on_config: ``?v=<content hash>`` on the widget's script and stylesheet URLs.

    Their names stay fixed (the offline bundle and the page tests name them), so without a
    version a static host's cache could serve last build's widget to this build's pages, whose
    embedded strings and DOM it no longer matches. Idempotent: both languages' builds call it.
    """
    widget = join(WIDGET, with_runtime=False, source_dir=SOURCE_DIR, root=root)
    for entry in config.extra_javascript:
        if str(entry).split("?")[0] == WIDGET_SCRIPT:
            entry.path = f"{WIDGET_SCRIPT}?v={content_version(widget)}"
    style_path = Path(config.theme.custom_dir or root / "overrides") / WIDGET_STYLE
    try:
        style = style_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EconsecError(f"{style_path}: cannot read the widget's stylesheet ({exc})") from None
    config.extra_css = [
        f"{WIDGET_STYLE}?v={content_version(style)}" if path.split("?")[0] == WIDGET_STYLE else path
        for path in config.extra_css
    ]


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
