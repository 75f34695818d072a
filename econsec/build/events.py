"""What the MkDocs hooks do (``hooks/econsec_hooks.py`` only forwards to these functions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from econsec import settings as settings_mod
from econsec.build import csp, precompress, runtime, scripts, search_ja, snapshot
from econsec.errors import EconsecError
from econsec.settings import Settings
from econsec.sources import refcheck
from econsec.sources.checklists import load_all
from econsec.sources.desks import load_desks
from econsec.sources.parity import check_parity

# The page meta key that says which self-checks a page embeds (read by overrides/main.html).
CHECKLIST_META = "econsec_checklists"


def configure(config: Any) -> Any:
    """on_config: settings, language parity, every input check, the extension's settings."""
    try:
        settings = Settings.from_config(config)
    except EconsecError as exc:
        raise PluginError(str(exc)) from None
    root = settings.root
    problems: list[str] = []
    # Every input check runs, so that one build reports every problem (file:line) at once. They
    # cover both languages, so build_site's second (English) build skips them.

    def checklists() -> None:
        # The desks file first: its problems are reported, and the checklists are then checked
        # without desk ids rather than with every item's desks reported unknown.
        desks = None
        try:
            # No desks file: no item may name a desk.
            desks = frozenset(load_desks(settings.data_dir, settings.docs_root, missing_ok=True))
        except EconsecError as exc:
            problems.append(str(exc))
        load_all(settings.checklists_dir, docs_root=settings.docs_root, desks=desks)

    checks = (
        lambda: check_parity(root),
        checklists,
        lambda: refcheck.check(root),  # links, anchors, images, blocks, nav
    )
    for check in () if settings.inputs_checked else checks:
        try:
            check()
        except EconsecError as exc:
            problems.append(str(exc))
    if problems:
        raise PluginError("\n".join(problems))
    try:
        scripts.version_widget_urls(config, root)
    except EconsecError as exc:
        raise PluginError(str(exc)) from None
    config.mdx_configs["econsec.mdext"] = {
        "lang": settings.lang,
        "docs_root": str(settings.docs_root),
        "checklists_dir": str(settings.checklists_dir),
        "data_dir": str(settings.data_dir),
    }
    # The pages name the engine snapshot they may start from; "" when it is turned off.
    if not settings.snapshot_key and settings.snapshot:
        settings = settings.with_snapshot_key(snapshot.key(root))
    config.extra["econsec"] = settings
    return config


def mark_page(markdown: str, page: Any) -> str:
    """on_page_markdown: record once per page which self-checks it embeds (template, CSP)."""
    page.meta[CHECKLIST_META] = refcheck.checklist_ids(markdown, combine=True)
    return markdown


def post_build(config: Any) -> None:
    """on_post_build: search, our scripts, runtime assets (shared, written by the Japanese build),
    snapshot."""
    settings = settings_mod.of(config)
    site_dir = Path(config.site_dir)
    try:
        search_ja.post_build(site_dir, settings.lang, settings.root)
        # Before runtime, which wraps the worker for file://.
        scripts.post_build(site_dir, settings.root)
        runtime.post_build(site_dir, settings.lang, settings.root)
        snapshot.post_build(site_dir, settings.lang, settings.root, settings.snapshot_key)
        # Last: the policy hashes the pages' final inline scripts (offline (-100) adds none).
        csp.protect_site(site_dir, settings.csp)
    except EconsecError as exc:
        raise PluginError(str(exc)) from None


def finish(config: Any) -> None:
    """on_post_build after Material's offline plugin: precompressed copies of the final files."""
    settings = settings_mod.of(config)
    if settings.csp == "serve":
        return  # the live-reload server compresses nothing
    try:
        precompress.post_build(Path(config.site_dir), settings.lang, settings.root)
    except EconsecError as exc:
        raise PluginError(str(exc)) from None
