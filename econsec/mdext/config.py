"""The settings every block of ``econsec.mdext`` receives, with their defaults.

pymdownx checks a block's CONFIG against what it is registered with, so the blocks declare exactly
these keys. The MkDocs build sets them from ``econsec.settings.Settings`` (absolute paths from the
config file's folder); used elsewhere (Zensical, a plain ``markdown.markdown`` call) the folders
default to the working folder's ``docs/``, ``checklists/`` and ``data/``.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

from pymdownx.blocks.block import Block

from econsec.mdext.elements import el

log = logging.getLogger("mkdocs.plugins.econsec")

BLOCK_SETTINGS: dict[str, str] = {
    "lang": "ja",
    "docs_root": "docs",
    "checklists_dir": "checklists",
    "data_dir": "data",
}

DESCRIPTIONS: dict[str, str] = {
    "lang": "page language: ja or en",
    "docs_root": "folder holding docs/ja and docs/en",
    "checklists_dir": "folder of checklist YAML files",
    "data_dir": "folder of structured data YAML files",
}


class EconsecBlock(Block):
    """What every econsec block shares: one argument, no options, no Markdown body."""

    ARGUMENT = True
    OPTIONS: dict[str, Any] = {}  # noqa: RUF012 (pymdownx API)
    # The settings econsec.mdext registers the block with (passed in as ``self.config``).
    CONFIG: dict[str, Any] = dict(BLOCK_SETTINGS)  # noqa: RUF012 (pymdownx API)

    def on_markdown(self) -> str:
        return "raw"

    def settings(self) -> dict[str, Any]:
        return {**self.CONFIG, **(self.config or {})}

    def lang(self) -> str:
        """The page's language: ``ja`` or ``en`` (``ja`` for anything else)."""
        lang = self.settings()["lang"]
        return lang if lang in ("ja", "en") else "ja"

    def folder(self, key: str) -> Path:
        """A folder setting (``docs_root``, ``checklists_dir``, ``data_dir``) as a Path."""
        return Path(self.settings()[key])

    def failed(self, parent: etree.Element, exc: Exception, message: str = "") -> etree.Element:
        """What the block shows when it cannot be made; the error goes to MkDocs' log, so a
        ``--strict`` build fails."""
        log.error("%s block %r: %s", self.NAME, (self.argument or "").strip(), exc)
        box = el(parent, "div", class_="admonition failure econsec-checklist-error")
        if message:
            el(box, "p", message)
        return box
