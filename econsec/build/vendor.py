"""Third-party browser files copied into the built site (so that nothing loads from a CDN)."""

from __future__ import annotations

import shutil
from pathlib import Path

from econsec.errors import EconsecError

# Material's offline plugin adds https://unpkg.com/iframe-worker/shim (search from file://)
# unless a polyfill whose path contains "iframe-worker" is listed: mkdocs.base.yml lists this one.
IFRAME_WORKER_SRC = Path("node_modules/iframe-worker/shim/index.js")
IFRAME_WORKER_DEST = Path("assets/vendor/iframe-worker/shim.js")


def install_iframe_worker(site_dir: Path, root: Path) -> Path:
    """Copy the iframe-worker shim (npm package) into ``site_dir``; return the copy's path."""
    src = root / IFRAME_WORKER_SRC
    if not src.is_file():
        raise EconsecError(
            f"{src} is missing: run `npm ci` (or `make setup`) first; search from file:// "
            "needs the iframe-worker shim and the site must not load it from the internet"
        )
    dest = site_dir / IFRAME_WORKER_DEST
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    # The licence travels with the file (MIT requires the notice).
    licence = src.parent.parent / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, dest.parent / "LICENSE")
    return dest
