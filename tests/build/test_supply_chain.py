"""Supply chain: every browser asset of the site comes, pinned and integrity-checked, from npm.

`npm ci` refuses a tarball whose SHA-512 differs from ``package-lock.json``; these tests make sure
the lock really pins everything, that the installed tree is the locked one, and that the site
serves byte-for-byte copies of those files (nothing fetched, patched or typed in by hand).
The offline bundle's MANIFEST.sha256 is verified file by file in
tests/browser/test_offline_bundle.py.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest

from econsec.build.runtime import PYODIDE_DEST, PYODIDE_FILES, PYODIDE_SRC, pyodide_dest
from econsec.build.vendor import IFRAME_WORKER_DEST, IFRAME_WORKER_SRC

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
LOCK = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
LOCKED = {k: v for k, v in LOCK["packages"].items() if k.startswith("node_modules/")}


def test_direct_dependencies_are_exact_versions() -> None:
    deps = PACKAGE["dependencies"]
    assert set(deps) == {"pyodide", "iframe-worker"}
    for name, spec in deps.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{name} must be pinned exactly, not {spec!r}"
        assert LOCKED[f"node_modules/{name}"]["version"] == spec


@pytest.mark.parametrize("path", sorted(LOCKED))
def test_every_locked_package_has_an_sha512_integrity(path: str) -> None:
    entry = LOCKED[path]
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", entry.get("integrity", "")), path
    resolved = entry.get("resolved")
    assert resolved is None or resolved.startswith("https://registry.npmjs.org/"), resolved


@pytest.mark.parametrize("name", ["pyodide", "iframe-worker"])
def test_installed_tree_is_the_locked_one(name: str) -> None:
    installed = json.loads((ROOT / "node_modules" / name / "package.json").read_text("utf-8"))
    assert installed["version"] == LOCKED[f"node_modules/{name}"]["version"]


def test_site_serves_exact_copies_of_the_npm_files(site_dir: Path) -> None:
    dest = pyodide_dest(ROOT)
    pairs = [(ROOT / PYODIDE_SRC / f, site_dir / dest / f) for f in PYODIDE_FILES]
    pairs.append((ROOT / IFRAME_WORKER_SRC, site_dir / IFRAME_WORKER_DEST))
    for src, copy in pairs:
        assert copy.is_file(), copy
        assert copy.read_bytes() == src.read_bytes(), f"{copy} differs from {src}"
    # Nothing else under the runtime folder: no hand-added or stale files, only the web server's
    # precompressed copies (econsec.build.precompress), each of exactly the npm bytes.
    # One folder, named for the version (a browser never mixes two versions' files).
    assert [p.name for p in (site_dir / PYODIDE_DEST).iterdir()] == [dest.name]
    runtime = site_dir / dest
    names = sorted(p.name for p in runtime.iterdir() if p.suffix not in (".gz", ".br"))
    assert names == sorted(PYODIDE_FILES)
    for packed in sorted(runtime.glob("*.gz")):
        original = (ROOT / PYODIDE_SRC / packed.stem).read_bytes()
        assert gzip.decompress(packed.read_bytes()) == original, packed
        assert brotli.decompress(packed.with_suffix(".br").read_bytes()) == original, packed
