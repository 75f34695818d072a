"""Both languages, always: the build fails when a page or nav entry exists in one language only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from econsec.errors import EconsecError

LANGS = {"ja": "mkdocs.yml", "en": "mkdocs.en.yml"}


class ParityError(EconsecError):
    pass


def _pages(docs: Path) -> set[str]:
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}


def _nav_paths(nav: Any) -> list[str]:
    """Flatten a MkDocs nav into its page paths, in order."""
    out: list[str] = []
    if isinstance(nav, str):
        out.append(nav)
    elif isinstance(nav, list):
        for entry in nav:
            out.extend(_nav_paths(entry))
    elif isinstance(nav, dict):
        for value in nav.values():
            out.extend(_nav_paths(value))
    return out


def _load_nav(config_file: Path) -> list[str]:
    # The per-language files hold no Python tags (those live in mkdocs.base.yml).
    data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    return _nav_paths(data.get("nav", []))


def check_parity(root: Path) -> None:
    """Raise ParityError naming every page or nav entry that exists in only one language."""
    problems: list[str] = []
    pages = {lang: _pages(root / "docs" / lang) for lang in LANGS}
    for lang, other in (("ja", "en"), ("en", "ja")):
        for page in sorted(pages[lang] - pages[other]):
            problems.append(
                f"docs/{lang}/{page}: no {other} version (expected docs/{other}/{page})"
            )
    navs = {lang: _load_nav(root / cfg) for lang, cfg in LANGS.items()}
    if navs["ja"] != navs["en"]:
        only_ja = [p for p in navs["ja"] if p not in navs["en"]]
        only_en = [p for p in navs["en"] if p not in navs["ja"]]
        detail = []
        if only_ja:
            detail.append(f"only in mkdocs.yml: {', '.join(only_ja)}")
        if only_en:
            detail.append(f"only in mkdocs.en.yml: {', '.join(only_en)}")
        if not detail:
            detail.append("same pages in a different order")
        problems.append("navigation differs between languages: " + "; ".join(detail))
    if problems:
        raise ParityError("\n".join(problems))
