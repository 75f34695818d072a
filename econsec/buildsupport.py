"""What the MkDocs hooks do, kept here so that it is testable and moves with the package."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from econsec import __version__, assets, csp, refcheck, search_ja, snapshot
from econsec.errors import EconsecError
from econsec.i18n import check_parity

ROOT = Path(__file__).resolve().parent.parent


def build_date() -> str:
    """The build date, reproducible when SOURCE_DATE_EPOCH is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def configure(config: Any) -> Any:
    """on_config: language parity, checklist validation, extension settings, version."""
    root = Path(config.config_file_path).resolve().parent
    lang = config.theme["language"]
    from econsec.checklists import load_all

    problems: list[str] = []
    # Every input check runs, so that one build reports every problem (file:line) at once. They
    # cover both languages, so build_site's second (English) build skips them.
    checks = (
        lambda: check_parity(root),
        lambda: load_all(root / "checklists", docs_root=root / "docs"),
        lambda: refcheck.check(root),  # links, anchors, images, blocks, nav
    )
    if (config.extra.get("econsec") or {}).get("inputs_checked") is True:
        checks = ()
    for check in checks:
        try:
            check()
        except EconsecError as exc:
            problems.append(str(exc))
    if problems:
        raise PluginError("\n".join(problems))
    config.mdx_configs["econsec.mdext"] = {
        "lang": lang,
        "docs_root": str(root / "docs"),
        "checklists_dir": str(root / "checklists"),
        "data_dir": str(root / "data"),
    }
    ec = dict(config.extra.get("econsec") or {})
    ec.setdefault("version", __version__)
    ec.setdefault("build_date", build_date())
    ec.setdefault("build_id", f"{ec['version']}+{ec['build_date']}")
    # The pages name the engine snapshot they may start from; "" when it is turned off. Kept
    # apart from the author's `snapshot` setting, which it must never overwrite.
    ec["snapshot_key"] = snapshot.key(root) if snapshot.enabled(config.extra) else ""
    config.extra["econsec"] = ec
    return config


def post_build(config: Any) -> None:
    """on_post_build: runtime assets (shared, written by the Japanese build) and search."""
    site_dir = Path(config.site_dir)
    lang = config.theme["language"]
    try:
        root = Path(config.config_file_path).resolve().parent
        _post_build_steps(
            site_dir, lang, root, (config.extra.get("econsec") or {}).get("snapshot_key")
        )
        # Last: the policy hashes the pages' final inline scripts (offline (-100) adds none).
        csp.protect_site(site_dir, csp.build_mode(config.extra))
    except EconsecError as exc:
        raise PluginError(str(exc)) from None


def _post_build_steps(site_dir: Path, lang: str, root: Path, snapshot_key: str | None) -> None:
    # Each step lives in its own module; add new ones here.
    search_ja.post_build(site_dir, lang, root)
    assets.post_build(site_dir, lang, root)  # Pyodide runtime, engine.zip, offline/ (ja only)
    snapshot.post_build(site_dir, lang, root, snapshot_key)  # the engine snapshot (ja only)
