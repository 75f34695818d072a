"""Python-Markdown extension ``econsec.mdext``: the site's custom blocks.

- ``/// checklist | <checklist-id>`` renders a self-check (econsec.blocks_checklist);
- ``/// data-table | <dataset>`` renders structured data from ``data/`` (econsec.blocks_data).

Settings (set by the MkDocs hook from the build's config; defaults suit the repository layout):
``lang`` (ja|en), ``docs_root``, ``checklists_dir``, ``data_dir``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pymdownx.blocks import BlocksExtension

ROOT = Path(__file__).resolve().parent.parent


# The settings every block receives from this extension (pymdownx checks a block's CONFIG
# against what it is registered with, so the blocks declare exactly these keys).
BLOCK_SETTINGS: dict[str, str] = {
    "lang": "ja",
    "docs_root": "",
    "checklists_dir": "",
    "data_dir": "",
}


class EconsecExtension(BlocksExtension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "lang": ["ja", "page language: ja or en"],
            "docs_root": [str(ROOT / "docs"), "folder holding docs/ja and docs/en"],
            "checklists_dir": [str(ROOT / "checklists"), "folder of checklist YAML files"],
            "data_dir": [str(ROOT / "data"), "folder of structured data YAML files"],
        }
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Any, block_mgr: Any) -> None:
        from econsec.blocks_checklist import ChecklistBlock
        from econsec.blocks_data import DataTableBlock

        settings = self.getConfigs()
        block_mgr.register(ChecklistBlock, settings)
        block_mgr.register(DataTableBlock, settings)


def makeExtension(**kwargs: Any) -> EconsecExtension:
    return EconsecExtension(**kwargs)
