"""Python-Markdown extension ``econsec.mdext``: the site's custom blocks.

- ``/// checklist | <checklist-id>`` renders a self-check (econsec.mdext.checklist);
- ``/// data-table | <dataset>`` renders structured data from ``data/`` (econsec.mdext.data_table);
- ``/// page-list`` lists every page of both languages with its URL (econsec.mdext.page_list);
- ``/// shared-device`` renders the shared-device switch (econsec.mdext.shared_device);
- ``/// combine | <checklist-id> …`` renders the page that combines answers files
  (econsec.mdext.combine_page);
- ``/// start-here | <id> …`` lists where to start, with questions and time
  (econsec.mdext.start_here);
- ``/// checks-table`` is the self-check index's table (econsec.mdext.checks_table);
- every page but the glossary links the first occurrence of each glossary term to its entry
  (econsec.mdext.glossary_links, a treeprocessor).

Settings (set by the MkDocs hook from the build's config; defaults suit the repository layout):
``lang`` (ja|en), ``docs_root``, ``checklists_dir``, ``data_dir``.
"""

from __future__ import annotations

from typing import Any

from pymdownx.blocks import BlocksExtension

from econsec.mdext.checklist import ChecklistBlock
from econsec.mdext.checks_table import ChecksTableBlock
from econsec.mdext.combine_page import CombineBlock
from econsec.mdext.config import BLOCK_SETTINGS, DESCRIPTIONS
from econsec.mdext.data_table import DataTableBlock
from econsec.mdext.glossary_links import GlossaryLinks
from econsec.mdext.page_list import PageListBlock
from econsec.mdext.shared_device import SharedDeviceBlock
from econsec.mdext.start_here import StartHereBlock


class EconsecExtension(BlocksExtension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {key: [value, DESCRIPTIONS[key]] for key, value in BLOCK_SETTINGS.items()}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Any) -> None:
        super().extendMarkdown(md)
        # After inline parsing (20), the table of contents (5) and attr_list (8); before
        # MkDocs' own link rewriting and checking (0), so the links it adds are checked too.
        md.treeprocessors.register(GlossaryLinks(md, self.getConfigs()), "econsec-glossary", 4)

    def extendMarkdownBlocks(self, md: Any, block_mgr: Any) -> None:
        settings = self.getConfigs()
        block_mgr.register(ChecklistBlock, settings)
        block_mgr.register(DataTableBlock, settings)
        block_mgr.register(PageListBlock, settings)
        block_mgr.register(SharedDeviceBlock, settings)
        block_mgr.register(CombineBlock, settings)
        block_mgr.register(StartHereBlock, settings)
        block_mgr.register(ChecksTableBlock, settings)


def makeExtension(**kwargs: Any) -> EconsecExtension:
    return EconsecExtension(**kwargs)
