"""Build both language sites into one folder, and serve it with live reload.

MkDocs builds one config at a time; the site is two builds (``mkdocs.yml`` -> ``site/``,
``mkdocs.en.yml`` -> ``site/en/``), so ``mkdocs serve`` alone would show only Japanese. This
module runs both builds and reuses MkDocs' own live-reload server for the combined folder.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from econsec.build import machine, scripts
from econsec.settings import project_root

CONFIGS = (("mkdocs.yml", ""), ("mkdocs.en.yml", "en"))

log = logging.getLogger("mkdocs.plugins.econsec")


def build_site(out: Path | None = None, root: Path | None = None, *, serve: bool = False) -> Path:
    """Build Japanese into ``out`` and English into ``out/en``; return ``out``.

    ``root``: the folder holding the MkDocs configs (default: found from the working folder).
    ``serve``: for ``econsec serve`` only; the pages get no Content-Security-Policy (econsec.build.csp).
    """
    root = project_root(root)
    out = (out or root / "site").resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if out.exists():
        shutil.rmtree(out)
    for config_file, sub in CONFIGS:
        cfg = load_config(str(root / config_file), site_dir=str(out / sub) if sub else str(out))
        ec = dict(cfg.extra.get("econsec") or {})
        if serve:  # live reload injects a changing inline script: see econsec.build.csp
            ec["csp"] = "serve"
        if sub:  # the Japanese build just checked the same input, both languages (configure)
            ec["inputs_checked"] = True
        cfg.extra["econsec"] = ec
        # The Japanese build must not wipe en/ and vice versa: we cleaned `out` once above.
        mkdocs_build(cfg, dirty=False)
    # Last, over the finished output of both builds (the offline plugin writes after our hooks):
    # no file names this machine's project folder, home folder or user name.
    machine.check_site(out, root)
    return out


def serve_site(host: str = "127.0.0.1", port: int = 8000, root: Path | None = None) -> None:
    """Build both languages and serve them with live reload until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    root = project_root(root)
    out = (root / "site").resolve()

    def rebuild() -> None:
        try:
            build_site(out, root, serve=True)
        except Exception as exc:  # keep serving the last good build while the author fixes input
            log.error("build failed: %s", exc)

    rebuild()
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(out))
    for watched in (
        "docs",
        "checklists",
        "data",
        "overrides",
        "econsec",
        "hooks",
        "mkdocs.base.yml",
        "mkdocs.yml",
        "mkdocs.en.yml",
    ):
        path = root / watched
        if path.exists():
            server.watch(str(path))
    server.watch(str(scripts.SOURCE_DIR))  # the widget, bridge and worker sources
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
