"""Precompressed copies for a web server: ``file.gz`` and ``file.br`` beside each large file.

nginx's ``gzip_static`` / ``brotli_static`` (deploy/nginx-site.conf) then send them to browsers
that accept the encoding, with no compression work per request. Only text and WebAssembly over a
size threshold get copies, and only where a copy saves at least a tenth; the ``file://``
wrappers (``assets/econsec/offline/``, never served over http) and the snapshot (already gzip)
get none, and the offline bundle leaves every copy out. Brotli needs the ``brotli`` package
(a dependency); the runtime's copies are cached by content, since Pyodide's 9.6 MB WebAssembly
takes seconds to compress.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from econsec.build.cache import keep
from econsec.build.runtime import OFFLINE_DEST
from econsec.build.snapshot import DEST as SNAPSHOT_DEST

log = logging.getLogger("mkdocs.plugins.econsec")

SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt", ".zip"}
MIN_BYTES = 1024
MIN_SAVING = 0.1
CACHE = Path("node_modules/.cache/econsec-precompress")
ENCODINGS = ("gz", "br")
SKIPPED = (OFFLINE_DEST.as_posix() + "/", SNAPSHOT_DEST.as_posix() + "/")


def wanted(rel: PurePosixPath, size: int) -> bool:
    """Whether a site file gets precompressed copies."""
    text = rel.as_posix()
    return rel.suffix in SUFFIXES and size >= MIN_BYTES and not text.startswith(SKIPPED)


BIG = 256 * 1024  # the runtime's files: compressed hard once, then taken from the cache


def _compress(data: bytes, encoding: str) -> bytes:
    big = len(data) > BIG
    if encoding == "gz":
        return gzip.compress(data, compresslevel=9 if big else 6, mtime=0)
    import brotli  # build dependency; imported late so the engine never needs it

    return brotli.compress(data, quality=9 if big else 5)  # 11: 10x the time for 12 % less


def copies(data: bytes, root: Path) -> dict[str, bytes]:
    """``{encoding: bytes}`` worth writing for ``data`` (cached by content under ``root``)."""
    digest = hashlib.sha256(data).hexdigest()
    out: dict[str, bytes] = {}
    for encoding in ENCODINGS:
        cached = root / CACHE / f"{digest}.{encoding}"
        if len(data) > BIG and cached.is_file():
            packed = cached.read_bytes()
        else:
            packed = _compress(data, encoding)
            if len(data) > BIG:
                keep(cached, packed, None)
        if len(packed) <= (1 - MIN_SAVING) * len(data):
            out[encoding] = packed
    return out


def precompress_site(site_dir: Path, root: Path, *, skip: tuple[str, ...] = ()) -> int:
    """Write the copies for every wanted file below ``site_dir``; return how many files got one.

    ``skip``: top-level folders left alone (the Japanese build skips ``en/``, built after it).
    """
    todo = []
    for path in sorted(site_dir.rglob("*")):
        rel = PurePosixPath(path.relative_to(site_dir).as_posix())
        if not path.is_file() or rel.parts[0] in skip or rel.suffix in (".gz", ".br"):
            continue
        for encoding in ENCODINGS:  # a copy from an earlier build of a changed file must go
            path.with_name(f"{path.name}.{encoding}").unlink(missing_ok=True)
        if wanted(rel, path.stat().st_size):
            todo.append(path)
    # zlib and brotli leave the GIL while they compress: the runtime's large files (a first
    # build, nothing cached) on every core, about 1.7 times as fast on two.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        made = list(pool.map(lambda path: copies(path.read_bytes(), root), todo))
    for path, packed_copies in zip(todo, made, strict=True):
        for encoding, packed in packed_copies.items():
            path.with_name(f"{path.name}.{encoding}").write_bytes(packed)
    return sum(bool(packed_copies) for packed_copies in made)


def post_build(site_dir: Path, lang: str, root: Path) -> None:
    """The last build step, after Material's offline plugin wrote search_index.js."""
    start = time.perf_counter()
    n = precompress_site(site_dir, root, skip=("en",) if lang == "ja" else ())
    log.info("econsec: %d files precompressed in %.2f s", n, time.perf_counter() - start)
