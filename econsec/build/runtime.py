"""Self-check runtime assets written into the built site (Japanese build only).

Both languages share one copy under the site root's ``assets/econsec/`` (English pages reach it
through ``<meta name="econsec-root">``):

- ``pyodide/``: the Pyodide core runtime copied from ``node_modules/pyodide`` (npm), loaded by URL
  over ``http(s)://``. Only the files the engine needs: no packages, source maps or consoles.
- ``engine.zip``: the engine's Python sources (``econsec/__init__.py``, ``econsec/errors.py``,
  ``econsec/engine/*.py``), unpacked by the worker with ``pyodide.unpackArchive``.
- ``offline/*.js``: the same files (plus the worker source) as classic scripts that set globals,
  for pages opened from ``file://``, where Chromium blocks ``fetch``, module imports and workers
  from URLs. Binaries are gzip-compressed (when that helps) and base64-encoded.

Everything here is deterministic (fixed zip timestamps, gzip without mtime, sorted entries), so
two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import logging
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

from econsec.build.engine_text import ENGINE_MESSAGES
from econsec.errors import EconsecError

log = logging.getLogger("mkdocs.plugins.econsec")

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # econsec/
PYODIDE_SRC = Path("node_modules/pyodide")
ASSETS = Path("assets/econsec")
PYODIDE_DEST = ASSETS / "pyodide"
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
}
SNAPSHOT_NAME = "snapshot"  # the name the page hands the snapshot's body to the worker under
# Fixed timestamp for zip entries (the zip format cannot go earlier than 1980).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Encoded runtime wrappers, by content hash: gzip + base64 of 12 MB was a third of the build time.
# Under node_modules/ so that `npm ci` (a new runtime) starts it afresh.
WRAPPER_CACHE = Path("node_modules/.cache/econsec-offline")
# The global that the offline wrappers fill: {file name: {"encoding", "data"}}.
OFFLINE_GLOBAL = "__econsecOffline"


def engine_sources(package_dir: Path = PACKAGE_DIR) -> list[tuple[str, Path]]:
    """(archive name, path) of every file that goes into engine.zip, sorted by name."""
    files = [package_dir / "__init__.py", package_dir / "errors.py"]
    files += sorted((package_dir / "engine").glob("*.py"))
    missing = [str(f) for f in files if not f.is_file()]
    if missing or len(files) < 3:
        raise EconsecError(
            f"engine sources missing: {', '.join(missing) or package_dir / 'engine'}"
        )
    return sorted((f"econsec/{f.relative_to(package_dir).as_posix()}", f) for f in files)


def deterministic_zip(entries: list[tuple[str, bytes]], *, date_time=ZIP_EPOCH) -> bytes:
    """A zip of ``(name, data)`` with sorted entries, fixed timestamps and fixed permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            info.create_system = 3  # Unix, so that the permissions above are read
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def build_engine_zip(package_dir: Path = PACKAGE_DIR) -> bytes:
    """engine.zip: ``econsec/__init__.py``, ``econsec/errors.py``, ``econsec/engine/*.py``."""
    return deterministic_zip(
        [(name, path.read_bytes()) for name, path in engine_sources(package_dir)]
    )


def offline_wrapper(name: str, data: bytes, *, text: bool = False) -> str:
    """A classic script that stores ``data`` as ``self.__econsecOffline[name]``.

    ``text``: store as a JavaScript string (small text files). Otherwise gzip (when that saves at
    least 10 %) and base64; the bridge decodes the base64, the worker inflates it.
    """
    if text:
        entry = {"encoding": "text", "data": data.decode("utf-8")}
    else:
        packed = gzip.compress(data, compresslevel=6, mtime=0)
        if len(packed) <= 0.9 * len(data):
            entry = {"encoding": "gzip+base64", "data": base64.b64encode(packed).decode("ascii")}
        else:
            entry = {"encoding": "base64", "data": base64.b64encode(data).decode("ascii")}
    entry["size"] = len(data)
    payload = json.dumps(entry, ensure_ascii=True, separators=(",", ":"))
    # "</" cannot end anything in a classic script file, but escape it anyway: harmless and safe
    # should anyone ever inline the wrapper into a page.
    payload = payload.replace("</", "<\\/")
    return (
        f"/* econsec offline runtime: {name} ({len(data)} bytes). Generated by econsec/assets.py;"
        f" see README, 'Offline bundle'. */\n"
        f"(self.{OFFLINE_GLOBAL} = self.{OFFLINE_GLOBAL} || {{}})[{json.dumps(name)}] = {payload};\n"
    )


def offline_script_name(name: str) -> str:
    return f"{name}.js"


def browser_runtime(snapshot_path: str) -> dict[str, Any]:
    """RUNTIME, what the engine bridge and worker know of the runtime (js/types/engine.d.ts).

    ``snapshot_path``: the snapshot's path under ``assets/econsec/`` with ``{key}``.
    """
    return {
        "offline_files": list(OFFLINE_FILES),
        "offline_scripts": {
            name: f"{OFFLINE_DEST.name}/{offline_script_name(name)}"
            for name in (*OFFLINE_FILES, WORKER.name)
        },
        "offline_global": OFFLINE_GLOBAL,
        "worker_file": WORKER.name,
        "pyodide_dir": f"{PYODIDE_DEST.name}/",
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
    """Write pyodide/, engine.zip and offline/ under ``site_dir/assets/econsec`` (ja build only)."""
    if lang != "ja":
        return
    src = _pyodide_dir(root)
    worker = site_dir / WORKER
    if not worker.is_file():
        raise EconsecError(f"{worker} is missing: econsec.build.scripts writes it first")

    dest = site_dir / PYODIDE_DEST
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(src / name, dest / name)
    licence = src / "LICENSE"
    if licence.is_file():  # the npm package carries none today; MPL-2.0 per package.json
        shutil.copyfile(licence, dest / "LICENSE")

    engine_zip = build_engine_zip()
    (site_dir / ENGINE_ZIP).write_bytes(engine_zip)

    offline = site_dir / OFFLINE_DEST
    if offline.exists():
        shutil.rmtree(offline)
    offline.mkdir(parents=True)
    files: dict[str, tuple[bytes, bool]] = {
        name: ((src / name).read_bytes(), False) for name in PYODIDE_FILES
    }
    files[ENGINE_ZIP.name] = (engine_zip, False)
    files[WORKER.name] = (worker.read_bytes(), True)
    cache = root / WRAPPER_CACHE
    for name, (data, text) in sorted(files.items()):
        target = offline / offline_script_name(name)
        cached = (
            cache / f"{hashlib.sha256(data).hexdigest()}-{int(text)}-{offline_script_name(name)}"
        )
        if cached.is_file():
            shutil.copyfile(cached, target)
            continue
        target.write_text(offline_wrapper(name, data, text=text), encoding="utf-8")
        try:  # a cache, not a requirement: a read-only node_modules just means no speed-up
            cache.mkdir(parents=True, exist_ok=True)
            for stale in cache.glob(f"*-{offline_script_name(name)}"):
                stale.unlink()  # one entry per file name: the cache never grows
            shutil.copyfile(target, cached)
        except OSError:
            pass


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
