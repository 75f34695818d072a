"""The engine's memory snapshot: an optional, guarded speed-up of the first score.

Starting Pyodide (wasm compilation plus the Python start) is most of the time to the first score.
Pyodide can instead restore a memory snapshot of an interpreter that has already started and
imported the engine. The build makes one with Node (``econsec/build/snapshot.mjs``, the same runtime
files as the site's) in two flavours, both naming the same key:

- over ``http(s)://``: gzip-compressed in ``assets/econsec/snapshot/<key>.bin.gz``, made with
  Pyodide's full standard library (the one the site serves);
- from ``file://`` (the offline bundle): ``assets/econsec/offline/snapshot.js``, a classic-script
  wrapper like the runtime's (``econsec.build.runtime``), made with the bundle's trimmed standard
  library (``econsec.build.stdlib``; a snapshot works only with the zip it was made with), its
  static data stored as a difference from the runtime's (``econsec.build.snapshot_delta``), gzip
  level 9. About 3.7 MB: with it the bundle stays under 10 MB (README, "Offline bundle").

- Content-addressed: ``<key>`` is a digest of the Pyodide version, engine.zip, the trimmed
  standard library, the maker and the delta, and the pages name it in
  ``<meta name="econsec-snapshot">``; a page never gets a snapshot of another engine. The maker
  stores the key in Python (``econsec._snapshot_key``) and the worker checks it.
- Guarded: any failure to fetch, load, restore or check it makes the page start the engine the
  normal way (js/bridge/api.js), so the snapshot can only make the start faster.
- Small: the maker zeroes the heap's free blocks before taking it (the compiler's garbage).
- Optional: ``extra.econsec.snapshot: false`` in mkdocs.yml builds without either flavour.
- Cached under ``node_modules/.cache/econsec-snapshot`` by key: Node takes several seconds to
  make one, and the bytes are not reproducible (about 5 KB of seeded random state differ between
  runs), so every build of the same engine ships the same cached files.
- Independent of the machine: Node runs in an empty folder with a bare environment (PATH, and
  UTC and C.UTF-8 so that no local time zone or language gets in), and the maker gives Pyodide
  the browser's program name, so no path of the checkout, home folder or user name is inside
  (tests/build/test_snapshot.py makes two from two checkout paths; the build checks every output,
  econsec/build/machine.py).

It relies on Pyodide's private API (``_makeSnapshot``, ``makeMemorySnapshot``, ``_loadSnapshot``,
``API.restoreSnapshot``), which is why it is guarded and pinned with the runtime (README,
"Performance").
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from econsec.build import snapshot_delta
from econsec.build.cache import keep
from econsec.build.runtime import (
    ASSETS,
    ENGINE_DIR,
    OFFLINE_DEST,
    PYODIDE_SRC,
    SNAPSHOT_NAME,
    STDLIB,
    WASM,
    build_engine_zip,
    offline_script_name,
    offline_wrapper,
)
from econsec.build.stdlib import trimmed_stdlib
from econsec.errors import EconsecError

log = logging.getLogger("mkdocs.plugins.econsec")

MAKER = Path(__file__).resolve().parent / "snapshot.mjs"
DELTA = Path(snapshot_delta.__file__)
DEST = ASSETS / "snapshot"
OFFLINE_FILE = OFFLINE_DEST / offline_script_name(SNAPSHOT_NAME)
CACHE = Path("node_modules/.cache/econsec-snapshot")
OFFLINE_SUFFIX = ".offline.js"  # the offline wrapper's name in the cache: <key>.offline.js
MAKE_TIMEOUT_S = 300


def pyodide_version(root: Path) -> str:
    try:
        return str(json.loads((root / PYODIDE_SRC / "package.json").read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError) as exc:
        raise EconsecError(
            f"{root / PYODIDE_SRC / 'package.json'}: cannot read the Pyodide version ({exc}); "
            "run `npm ci` (or `make setup`)"
        ) from None


def key(root: Path) -> str:
    """The snapshot's name: what it was made from (runtime, engine, maker), 16 hex digits."""
    digest = hashlib.sha256()
    parts = (
        pyodide_version(root).encode(),
        build_engine_zip(root),
        offline_stdlib(root),
        MAKER.read_bytes(),
        DELTA.read_bytes(),
    )
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def file_name(snapshot_key: str) -> str:
    return f"{snapshot_key}.bin.gz"


def offline_stdlib(root: Path) -> bytes:
    """The offline bundle's standard library (``econsec.build.stdlib``)."""
    try:
        full = (root / PYODIDE_SRC / STDLIB).read_bytes()
    except OSError as exc:
        raise EconsecError(
            f"{root / PYODIDE_SRC / STDLIB}: cannot read it ({exc}); run `npm ci` (or `make setup`)"
        ) from None
    return trimmed_stdlib(full)


def make(root: Path, snapshot_key: str) -> bytes:
    """The gzip-compressed snapshot for ``snapshot_key``: from the cache, else made with Node."""
    cache = root / CACHE / file_name(snapshot_key)
    if cache.is_file():
        return cache.read_bytes()
    _node()  # before the engine is packed: the clearer error first
    raw = run_maker(MAKER, root / PYODIDE_SRC, build_engine_zip(root), snapshot_key)
    packed = gzip.compress(raw, compresslevel=6, mtime=0)
    keep(cache, packed, "*.bin.gz")  # one snapshot at a time: the cache never grows
    return packed


def make_offline(root: Path, snapshot_key: str) -> str:
    """The offline flavour's wrapper script for ``snapshot_key``: from the cache, else made."""
    cache = root / CACHE / f"{snapshot_key}{OFFLINE_SUFFIX}"
    if cache.is_file():
        return cache.read_text(encoding="utf-8")
    _node()
    src = root / PYODIDE_SRC
    engine = build_engine_zip(root)
    raw, live = made(MAKER, src, engine, snapshot_key, offline_stdlib(root))
    packed, undo = snapshot_delta.delta(raw, (src / WASM).read_bytes(), live)
    text = offline_wrapper(SNAPSHOT_NAME, packed, extra={"key": snapshot_key, "xor": undo})
    keep(cache, text.encode("utf-8"), f"*{OFFLINE_SUFFIX}")
    return text


def maker_env() -> dict[str, str]:
    """Node's whole environment while it makes the snapshot: nothing of the user's."""
    return {"PATH": os.environ.get("PATH", os.defpath), "TZ": "UTC", "LANG": "C.UTF-8"}


def _node() -> str:
    node = shutil.which("node")
    if not node:
        raise EconsecError(
            "the engine snapshot needs Node.js (`node`), which `npm ci` needs too; install it, or "
            "build without the snapshot (`extra: econsec: snapshot: false` in mkdocs.yml)"
        )
    return node


def run_maker(maker: Path, pyodide_dir: Path, engine_zip: bytes, snapshot_key: str) -> bytes:
    """The raw snapshot, made by ``node maker`` from the runtime in ``pyodide_dir``."""
    return made(maker, pyodide_dir, engine_zip, snapshot_key)[0]


def made(
    maker: Path,
    pyodide_dir: Path,
    engine_zip: bytes,
    snapshot_key: str,
    stdlib: bytes | None = None,
) -> tuple[bytes, bytes]:
    """``node maker``'s raw snapshot and the restoring runtime's memory before the restore
    (``<out>.live``); ``stdlib``: the standard library zip to use instead of Pyodide's."""
    node = _node()
    with tempfile.TemporaryDirectory(prefix="econsec-snapshot-") as tmp:
        engine = Path(tmp) / "engine.zip"
        engine.write_bytes(engine_zip)
        out = Path(tmp) / "snapshot.bin"
        args = [node, str(maker), str(pyodide_dir), str(engine), ENGINE_DIR, snapshot_key, str(out)]
        if stdlib is not None:
            (Path(tmp) / STDLIB).write_bytes(stdlib)
            args.append(str(Path(tmp) / STDLIB))
        try:
            run = subprocess.run(
                args,
                capture_output=True,
                text=True,
                timeout=MAKE_TIMEOUT_S,
                cwd=tmp,
                env=maker_env(),
            )
        except subprocess.TimeoutExpired:
            raise EconsecError(
                f"the engine snapshot was not made within {MAKE_TIMEOUT_S} s (node {maker.name})"
            ) from None
        live = out.with_name(out.name + ".live")
        if run.returncode != 0 or not out.is_file() or not live.is_file():
            last = (run.stderr or run.stdout).strip().splitlines()[-3:]
            raise EconsecError(
                f"the engine snapshot could not be made (node {maker.name}, exit "
                f"{run.returncode}): {' / '.join(line[:300] for line in last) or 'no output'}"
            )
        return out.read_bytes(), live.read_bytes()


def post_build(site_dir: Path, lang: str, root: Path, snapshot_key: str | None) -> None:
    """Write ``assets/econsec/snapshot/<key>.bin.gz`` and ``assets/econsec/offline/snapshot.js``
    (ja build only, when enabled; after ``econsec.build.runtime`` has written offline/)."""
    if lang != "ja":
        return
    dest = site_dir / DEST
    if dest.exists():
        shutil.rmtree(dest)
    (site_dir / OFFLINE_FILE).unlink(missing_ok=True)
    if not snapshot_key:
        return
    dest.mkdir(parents=True)
    # Side by side: each is mostly Node and zlib, which leave the GIL, so a first build (nothing
    # cached) takes the longer of the two instead of their sum.
    with ThreadPoolExecutor(max_workers=2) as pool:
        online = pool.submit(make, root, snapshot_key)
        offline = pool.submit(make_offline, root, snapshot_key)
        packed, wrapper = online.result(), offline.result()
    (dest / file_name(snapshot_key)).write_bytes(packed)
    (site_dir / OFFLINE_FILE).write_text(wrapper, encoding="utf-8")
