"""``/// data-table | <dataset>``: render structured data from data/<dataset>.yml as a table.

Placeholder until the data tables land.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from pymdownx.blocks.block import Block, type_string


class DataTableBlock(Block):
    NAME = "data-table"
    ARGUMENT = True
    OPTIONS: dict[str, Any] = {}  # noqa: RUF012 (pymdownx API)

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "econsec-data-table"})


_ = type_string
