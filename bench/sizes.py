"""Figure 8 and the offline bundle: find (or make) it, unpack it, and weigh it.

The baseline is what the bundle cannot avoid carrying: the Pyodide core as npm ships it (the
packed tarball of node_modules/pyodide, 6.5 MB for 314.0.7) plus the site itself, zipped the
same way, without the Pyodide runtime and without the offline runtime files (the file://
recipe's script files that carry the same runtime as globals).
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
BUNDLE_GLOB = "*-offline-*.zip"

# Paths (relative to the site root inside the bundle) that are the Pyodide runtime in one form
# or another (econsec/build/runtime.py): pyodide/ is the npm runtime loaded over http, offline/ the same
# files (and the engine zip and worker) as classic scripts for file://. The rest is "the site".
RUNTIME_PATTERNS = (
    "assets/econsec/pyodide/*",
    "assets/econsec/offline/*",
)


class BundleError(RuntimeError):
    pass


def find_bundle(dist: Path) -> Path | None:
    """The newest offline zip in ``dist``, if any."""
    zips = sorted(dist.glob(BUNDLE_GLOB), key=lambda p: p.stat().st_mtime)
    return zips[-1] if zips else None


def make_bundle(site: Path, out_dir: Path) -> Path:
    """``econsec bundle`` of ``site`` into ``out_dir``: the zip always matches the measured site
    (a zip left in dist/ may be older), and the repository's dist/ is not touched."""
    done = subprocess.run(
        [sys.executable, "-m", "econsec.cli", "bundle", "--site", str(site), "--out", str(out_dir)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise BundleError(f"econsec bundle failed: {(done.stderr or done.stdout).strip()[-500:]}")
    found = find_bundle(out_dir)
    if not found:
        raise BundleError(f"econsec bundle wrote no {BUNDLE_GLOB} into {out_dir}")
    return found


def unpack(bundle: Path, into: Path) -> Path:
    """Unzip ``bundle`` into ``into``; return the site root (the shallowest index.html's folder)."""
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(into)
    roots = sorted(into.rglob("index.html"), key=lambda p: len(p.parts))
    if not roots:
        raise BundleError(f"{bundle.name} holds no index.html")
    return roots[0].parent


def is_runtime(rel: str) -> bool:
    return any(fnmatch.fnmatch(rel, pat) for pat in RUNTIME_PATTERNS)


def zip_size(folder: Path, include_runtime: bool) -> int:
    """Bytes of a deflate zip (zlib's default level) of ``folder``'s files."""
    with tempfile.TemporaryDirectory(prefix="econsec-bench-") as tmp:
        out = Path(tmp) / "site.zip"
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                rel = path.relative_to(folder).as_posix()
                if path.is_file() and (include_runtime or not is_runtime(rel)):
                    zf.write(path, rel)
        return out.stat().st_size


def pyodide_version() -> str:
    meta = json.loads((PYODIDE_NPM / "package.json").read_text(encoding="utf-8"))
    return str(meta["version"])


def pyodide_tarball_size() -> int:
    """Size of the npm tarball of the installed Pyodide: ``npm pack --dry-run`` on the local
    folder (no network); a gzip tar of the folder if npm is missing."""
    try:
        done = subprocess.run(
            ["npm", "pack", "--dry-run", "--json"],
            cwd=PYODIDE_NPM,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return int(json.loads(done.stdout)[0]["size"])
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, IndexError):
        return _tgz_size(PYODIDE_NPM)


def _tgz_size(folder: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="econsec-bench-") as tmp:
        out = Path(tmp) / "pkg.tgz"
        with tarfile.open(out, "w:gz") as tf:
            tf.add(folder, arcname="package")
        return out.stat().st_size


@dataclass
class SizeFigure:
    bundle_bytes: int
    pyodide_tarball_bytes: int
    site_zip_bytes: int
    runtime_files: list[str]

    @property
    def baseline_bytes(self) -> int:
        return self.pyodide_tarball_bytes + self.site_zip_bytes


def measure_sizes(bundle: Path, site_root: Path) -> SizeFigure:
    runtime = sorted(
        p.relative_to(site_root).as_posix()
        for p in site_root.rglob("*")
        if p.is_file() and is_runtime(p.relative_to(site_root).as_posix())
    )
    return SizeFigure(
        bundle_bytes=bundle.stat().st_size,
        pyodide_tarball_bytes=pyodide_tarball_size(),
        site_zip_bytes=zip_size(site_root, include_runtime=False),
        runtime_files=runtime,
    )
