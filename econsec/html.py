"""Building the blocks' HTML as an element tree: text is always text, never markup."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.util import AtomicString


def el(parent: etree.Element, tag: str, text: str | None = None, **attrs: str) -> etree.Element:
    """A child element; attribute names use ``_`` for ``-`` (``data_item`` -> ``data-item``).

    Text is an AtomicString, so Markdown never parses data from YAML as inline markup.
    """
    child = etree.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    )
    if text is not None:
        child.text = AtomicString(text)
    return child
