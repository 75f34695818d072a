"""Self-check runtime assets written into the built site (Japanese build only).

Both languages share one copy under the site root's ``assets/econsec/`` (English pages reach it
through ``<meta name="econsec-root">``):

- ``pyodide/<version>/``: the Pyodide core runtime copied from ``node_modules/pyodide`` (npm),
  loaded by URL over ``http(s)://``. Only the files the engine needs: no packages, source maps or
  consoles. The folder is named for the npm version, so a browser's cache can never mix files of
  two versions, and a web server may cache them as immutable (deploy/nginx-site.conf).
- ``engine.zip``: the package's standard ``py3-none-any`` wheel (``econsec.build.wheel``), unpacked
  by the worker with ``pyodide.unpackArchive``; the worker imports ``econsec.engine`` from it.
- ``offline/*.js``: the same files (plus the worker source) as classic scripts that set globals,
  for pages opened from ``file://``, where Chromium blocks ``fetch``, module imports and workers
  from URLs. Binaries are gzip-compressed (level 9, when that helps) and base64-encoded. The
  standard library there is the trimmed one (``econsec.build.stdlib``); ``offline/snapshot.js``,
  the engine snapshot for ``file://``, is written by ``econsec.build.snapshot``.

Everything here is deterministic (fixed zip timestamps, gzip without mtime, sorted entries), so
two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import re
import shutil
import time
from pathlib import Path
from typing import Any

from econsec.build.cache import keep
from econsec.build.engine_text import ENGINE_MESSAGES
from econsec.build.stdlib import trimmed_stdlib
from econsec.build.wheel import engine_wheel
from econsec.errors import EconsecError

log = logging.getLogger("mkdocs.plugins.econsec")

PYODIDE_SRC = Path("node_modules/pyodide")
ASSETS = Path("assets/econsec")
PYODIDE_DEST = ASSETS / "pyodide"  # holds one folder, named for the version (pyodide_dest)
VERSION_RE = re.compile(r"[0-9][0-9A-Za-z.+-]*")
ENGINE_ZIP = ASSETS / "engine.zip"
OFFLINE_DEST = ASSETS / "offline"
WORKER = ASSETS / "engine-worker.js"

# The loader (ES module, imported by the module worker) and what it loads, in the order the worker
# needs them (from file:// the bridge requests their wrappers in this order). pyodide.js (the
# classic script loader) is not needed: the worker is a module worker.
LOADER = "pyodide.mjs"
ASM_MODULE = "pyodide.asm.mjs"
WASM = "pyodide.asm.wasm"
LOCKFILE = "pyodide-lock.json"
STDLIB = "python_stdlib.zip"
PYODIDE_FILES = (LOADER, ASM_MODULE, WASM, LOCKFILE, STDLIB)
# The runtime files the worker receives on file://, in order, and requests first over http.
OFFLINE_FILES = (*PYODIDE_FILES, ENGINE_ZIP.name)
EARLY_FILES = (LOCKFILE, STDLIB)
# Where the worker unpacks engine.zip: the snapshot's sys.path names the same folder.
ENGINE_DIR = "/opt/econsec-engine"
# The engine's entry points (econsec.engine.bridge), by the bridge's operation names.
ENGINE_MODULE = "econsec.engine.bridge"
ENGINE_OPS = {
    "score": "score_json",
    "scoreMany": "score_many_json",
    "parseImport": "parse_import_json",
    "compare": "compare_json",
    "plan": "plan_json",
    "combine": "combine_json",
    "checklistOf": "checklist_of_json",
}
# How long the bridge waits (ms): for any sign of progress while the engine starts (bytes
# arriving, a step done), for a call's answer, and for the snapshot's data before it starts the
# normal way instead. A slow line that keeps delivering never hits the first. The steps in
# COMPUTE_STEPS (once the wasm is compiled: starting Python, importing the engine) only compute,
# with no sign of progress: seconds on an idle PC, but 30 s was passed under load ("start the
# Python runtime" in 4 of 30 cold starts from file:// while other browsers started too on
# 2 cores; each restarted and became ready), so they get compute_idle_ms instead.
DEADLINES = {
    "start_idle_ms": 30000,
    "compute_idle_ms": 120000,
    "call_ms": 30000,
    "snapshot_idle_ms": 8000,
}
COMPUTE_STEPS = ("step_python", "step_engine")  # names in ENGINE_MESSAGES
SNAPSHOT_NAME = "snapshot"  # the name the page hands the snapshot's body to the worker under
# Encoded runtime wrappers, by content hash: gzip + base64 of 12 MB was a third of the build time.
# Under node_modules/ so that `npm ci` (a new runtime) starts it afresh.
WRAPPER_CACHE = Path("node_modules/.cache/econsec-offline")
# The offline wrappers' gzip level: the most deflate gives (the browser's DecompressionStream
# inflates it; formats that compress better, xz or brotli, it cannot undo everywhere).
GZIP_LEVEL = 9
# The global that the offline wrappers fill: {file name: {"encoding", "data"}}.
OFFLINE_GLOBAL = "__econsecOffline"
# The global through which the worker's source talks when it runs in the page instead of a worker
# (WebKit from file://, js/bridge/start.js).
IN_PAGE_PORT = "__econsecEnginePort"


def pyodide_version(root: Path) -> str:
    """Pyodide's npm version (``node_modules/pyodide/package.json``): its folder's name."""
    path = root / PYODIDE_SRC / "package.json"
    try:
        version = json.loads(path.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EconsecError(
            f"{path}: cannot read the Pyodide runtime's version ({exc}): run `npm ci` first"
        ) from None
    if not isinstance(version, str) or not VERSION_RE.fullmatch(version):
        raise EconsecError(f"{path}: the version {version!r} cannot name a folder")
    return version


def pyodide_dest(root: Path) -> Path:
    """Where the runtime goes in the site: ``assets/econsec/pyodide/<version>``."""
    return PYODIDE_DEST / pyodide_version(root)


def build_engine_zip(root: Path) -> bytes:
    """The engine archive the worker unpacks: the package's wheel (econsec.build.wheel)."""
    return engine_wheel(root)[1]


def offline_wrapper(
    name: str, data: bytes, *, text: bool = False, extra: dict[str, Any] | None = None
) -> str:
    """A classic script that stores ``data`` as ``self.__econsecOffline[name]``.

    ``text``: store as a JavaScript string (small text files). Otherwise gzip (level 9, when that
    saves at least 10 %) and base64; the bridge decodes the base64, the worker inflates it.
    ``extra``: more fields of the entry (the snapshot's key and delta, js/types/engine.d.ts).
    """
    entry: dict[str, Any]
    if text:
        entry = {"encoding": "text", "data": data.decode("utf-8")}
    else:
        packed = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        if len(packed) <= 0.9 * len(data):
            entry = {"encoding": "gzip+base64", "data": base64.b64encode(packed).decode("ascii")}
        else:
            entry = {"encoding": "base64", "data": base64.b64encode(data).decode("ascii")}
    entry["size"] = len(data)
    entry.update(extra or {})
    payload = json.dumps(entry, ensure_ascii=True, separators=(",", ":"))
    # "</" cannot end anything in a classic script file, but escape it anyway: harmless and safe
    # should anyone ever inline the wrapper into a page.
    payload = payload.replace("</", "<\\/")
    return (
        f"/* econsec offline runtime: {name} ({len(data)} bytes). Generated by econsec/build/runtime.py;"
        f" see README, 'Offline bundle'. */\n"
        f"(self.{OFFLINE_GLOBAL} = self.{OFFLINE_GLOBAL} || {{}})[{json.dumps(name)}] = {payload};\n"
    )


def offline_script_name(name: str) -> str:
    return f"{name}.js"


def browser_runtime(snapshot_path: str, version: str) -> dict[str, Any]:
    """RUNTIME, what the engine bridge and worker know of the runtime (js/types/engine.d.ts).

    ``snapshot_path``: the snapshot's path under ``assets/econsec/`` with ``{key}``; ``version``:
    Pyodide's (``pyodide_version``).
    """
    return {
        "offline_files": list(OFFLINE_FILES),
        "offline_scripts": {
            name: f"{OFFLINE_DEST.name}/{offline_script_name(name)}"
            for name in (*OFFLINE_FILES, WORKER.name, SNAPSHOT_NAME)
        },
        "offline_global": OFFLINE_GLOBAL,
        "in_page_port": IN_PAGE_PORT,
        "worker_file": WORKER.name,
        "pyodide_dir": f"{PYODIDE_DEST.name}/{version}/",
        "engine_zip": ENGINE_ZIP.name,
        "loader": LOADER,
        "asm_module": ASM_MODULE,
        "lockfile": LOCKFILE,
        "engine_module": ENGINE_MODULE,
        "handoff": WASM,
        "early_files": list(EARLY_FILES),
        "snapshot_path": snapshot_path,
        "snapshot_name": SNAPSHOT_NAME,
        "engine_dir": ENGINE_DIR,
        "ops": dict(ENGINE_OPS),
        "deadlines": dict(DEADLINES),
        "compute_steps": [ENGINE_MESSAGES[name] for name in COMPUTE_STEPS],
        "messages": dict(ENGINE_MESSAGES),
    }


def _pyodide_dir(root: Path) -> Path:
    src = root / PYODIDE_SRC
    missing = [f for f in PYODIDE_FILES if not (src / f).is_file()]
    if missing:
        raise EconsecError(
            f"the Pyodide runtime is missing ({src}/{missing[0]}): run `npm ci` (or `make setup`) "
            "first; the self-checks need it and the site must not load it from the internet"
        )
    return src


def install_runtime(site_dir: Path, lang: str, root: Path) -> None:
    """Write pyodide/<version>/, engine.zip and offline/ under ``site_dir/assets/econsec`` (ja
    build only)."""
    if lang != "ja":
        return
    src = _pyodide_dir(root)
    worker = site_dir / WORKER
    if not worker.is_file():
        raise EconsecError(f"{worker} is missing: econsec.build.scripts writes it first")

    if (site_dir / PYODIDE_DEST).exists():
        shutil.rmtree(site_dir / PYODIDE_DEST)  # no folder of an earlier version stays
    dest = site_dir / pyodide_dest(root)
    dest.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(src / name, dest / name)
    licence = src / "LICENSE"
    if licence.is_file():  # the npm package carries none today; MPL-2.0 per package.json
        shutil.copyfile(licence, dest / "LICENSE")

    engine_zip = build_engine_zip(root)
    (site_dir / ENGINE_ZIP).write_bytes(engine_zip)

    offline = site_dir / OFFLINE_DEST
    if offline.exists():
        shutil.rmtree(offline)
    offline.mkdir(parents=True)
    files: dict[str, tuple[bytes, bool]] = {
        name: ((src / name).read_bytes(), False) for name in PYODIDE_FILES
    }
    # file:// gets only the standard library the engine imports (econsec.build.stdlib).
    files[STDLIB] = (trimmed_stdlib(files[STDLIB][0]), False)
    files[ENGINE_ZIP.name] = (engine_zip, False)
    files[WORKER.name] = (worker.read_bytes(), True)
    cache = root / WRAPPER_CACHE
    # The wrapper's own shape is part of the key: a change to offline_wrapper() makes new ones.
    shape = hashlib.sha256(f"{offline_wrapper('', b'')}{GZIP_LEVEL}".encode()).hexdigest()[:12]
    for name, (data, text) in sorted(files.items()):
        target = offline / offline_script_name(name)
        key = f"{hashlib.sha256(data).hexdigest()}-{shape}-{int(text)}"
        cached = cache / f"{key}-{offline_script_name(name)}"
        if cached.is_file():
            shutil.copyfile(cached, target)
            continue
        target.write_text(offline_wrapper(name, data, text=text), encoding="utf-8")
        keep(cached, target.read_bytes(), f"*-{offline_script_name(name)}")


def post_build(site_dir: Path, lang: str, root: Path) -> None:
    """The build step (``buildsupport._post_build_steps``)."""
    if lang != "ja":
        return
    start = time.perf_counter()
    install_runtime(site_dir, lang, root)
    log.info(
        "econsec: Pyodide runtime, engine.zip and offline/ written in %.2f s",
        time.perf_counter() - start,
    )
