"""Building the blocks' HTML as an element tree: text is always text, never markup."""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from typing import Any

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


def tr(value: Any, lang: str) -> str:
    """A {ja, en} text in the page language (falls back to the other one), or a plain string."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("ja") or value.get("en") or "")
    return "" if value is None else str(value)


def script_part(
    parent: etree.Element, tag: str, labelled_by: str, role: str | None = "group", **attrs: str
) -> etree.Element:
    """A part of a block that only the widget can work, so it shows it: hidden until then, named
    by the element ``labelled_by``, and left out of the search index."""
    if role:
        attrs["role"] = role
    return el(
        parent, tag, hidden="hidden", aria_labelledby=labelled_by, data_search_exclude="", **attrs
    )


def action_part(
    parent: etree.Element, text_id: str, text: str, label: str, action: str, **attrs: str
) -> etree.Element:
    """A ``script_part`` offering one action: a paragraph (``text_id``, which names the part), its
    button (``data-action=<action>``) and the ``local_message`` line; ``attrs`` go on the part.
    Returns the paragraph."""
    box = script_part(parent, "div", text_id, **attrs)
    paragraph = el(box, "p", text, id=text_id)
    el(box, "button", label, type="button", class_="md-button", data_action=action)
    local_message(box)
    return paragraph


def switch(parent: etree.Element, action: str, described_by: str, **attrs: str) -> etree.Element:
    """A checkbox that the widget acts on (``data-action``), described by ``described_by``."""
    return el(
        parent,
        "input",
        None,
        type="checkbox",
        data_action=action,
        aria_describedby=described_by,
        **attrs,
    )


def json_file_input(parent: etree.Element, label: str, id_: str, action: str) -> etree.Element:
    """A labelled ``input[type=file][data-action=<action>]`` for an answers file (JSON)."""
    box = el(parent, "div", class_="econsec-import")
    el(box, "label", label, for_=id_)
    el(box, "input", None, type="file", id=id_, accept=".json,application/json", data_action=action)
    return box


def local_message(parent: etree.Element) -> etree.Element:
    """Where the widget says what an action in ``parent`` did, next to its control. Not a live
    region: the same words go to the root's alert or status region, which screen readers hear."""
    return el(parent, "p", "", class_="econsec-local-message", data_local_message="")


def text_node(text: str) -> AtomicString:
    """Plain text for an element's ``text`` or ``tail``: shown exactly as written."""
    return AtomicString(text.replace("&", "&amp;"))


def embed_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survive literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
