"""``/// checklist | <checklist-id>``: render a self-check. Placeholder until the widget lands."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from pymdownx.blocks.block import Block


class ChecklistBlock(Block):
    NAME = "checklist"
    ARGUMENT = True
    OPTIONS: dict[str, Any] = {}  # noqa: RUF012 (pymdownx API)

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"data-checklist": self.argument})
