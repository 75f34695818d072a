"""Building the blocks' HTML as an element tree: text is always text, never markup."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.util import AtomicString


def el(parent: etree.Element, tag: str, text: str | None = None, **attrs: str) -> etree.Element:
    """A child element; attribute names use ``_`` for ``-`` (``data_item`` -> ``data-item``).

    Text is an AtomicString, so Markdown never parses data from YAML as inline markup, and its
    ``&`` is escaped here because Markdown's serializer leaves an ``&`` that starts an entity
    alone: YAML text ``&lt;b&gt;`` must show as written, not as ``<b>``.
    """
    child = etree.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    )
    if text is not None:
        child.text = text_node(text)
    return child


def text_node(text: str) -> AtomicString:
    """Plain text for an element's ``text`` or ``tail``: shown exactly as written."""
    return AtomicString(text.replace("&", "&amp;"))
