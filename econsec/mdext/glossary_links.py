"""Glossary terms link to their entry on the glossary page, generated from ``data/glossary.yml``.

A treeprocessor of ``econsec.mdext`` (registered in ``econsec/mdext/__init__.py``): on every page
but the glossary itself (the page holding ``/// data-table | glossary``), the first occurrence of
each term in the page language's text becomes ``a.econsec-term[data-glossary=<id>]`` to
``/glossary.md#term-<id>`` (MkDocs checks the anchor and makes the link relative). The wordings
are the entry's ``link`` forms (``econsec.sources.datasets.link_forms``); the longest wording wins
where two start at one place (「技術流出対策ガイダンス」 before 「技術流出」), and a later wording of a
term already linked stays plain text but is not split into shorter terms either.

Never linked: headings and titles (h1–h6, section legends, table headers and captions, admonition
titles), a self-check's "about" disclosure (closed at first), each question's provenance (a
citation, repeated on every question, and a column of the CSV export), existing links, code, scripts and their JSON, and form controls with their labels
(``label``, ``button``, ``summary``, ``option``): a link inside a radio button's label would take
the click meant for the answer. A question's ``legend`` may hold a link: it names the group of
radios without being one of them, and the link is one more stop for Tab, before the answers.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from econsec.sources.datasets import LANGS, DataError, anchor_prefix, link_forms, load_dataset

DATASET = "glossary"
PAGE = "/glossary.md"
SKIP_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "script", "style",
     "label", "button", "summary", "select", "option", "textarea", "input", "th", "caption",
     "figcaption", "svg", "math"}
)  # fmt: skip
# Titles that are not headings: a section of a self-check, an admonition's title.
# "About this checklist" is closed until opened: a term linked there would leave the visible
# wording of the questions without its link.
SKIP_CLASSES = frozenset(
    {"econsec-section__title", "admonition-title", "headerlink", "econsec-about"}
)
ASCII_WORD = "A-Za-z0-9"


def term_pattern(forms: dict[str, str], lang: str) -> re.Pattern[str] | None:
    """One pattern for every wording (wording -> term id), longest first; words in Latin letters
    only match whole (「DD」 not inside 「ADD」), and English ignores case."""
    parts = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        part = re.escape(form)
        if re.match(f"[{ASCII_WORD}]", form):
            part = f"(?<![{ASCII_WORD}])" + part
        if re.search(f"[{ASCII_WORD}]$", form):
            part += f"(?![{ASCII_WORD}])"
        parts.append(part)
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE if lang == "en" else 0)


def glossary_forms(data_dir: Path, lang: str) -> dict[str, str]:
    """Every wording to link in ``lang`` -> its term's id (none without the data file)."""
    if not (data_dir / f"{DATASET}.yml").is_file() or lang not in LANGS:
        return {}
    dataset = load_dataset(DATASET, data_dir)  # a DataError stops the build, naming the line
    return {form: str(row["id"]) for row in dataset.entries for form in link_forms(row, lang)}


def _skipped(element: etree.Element) -> bool:
    if element.tag in SKIP_TAGS or element.get("data-provenance-text") is not None:
        return True
    classes = set((element.get("class") or "").split())
    return bool(classes & SKIP_CLASSES)


class GlossaryLinks(Treeprocessor):
    """Links the first occurrence of each glossary term on a page (see the module docstring)."""

    def __init__(self, md: Any, settings: dict[str, Any]) -> None:
        super().__init__(md)
        lang = settings.get("lang", "ja")
        forms: dict[str, str] = {}
        # Only where the site has the glossary page to link to.
        if (Path(settings["docs_root"]) / lang / PAGE.lstrip("/")).is_file():
            # A bad file is reported by the data table and the build's own check of it.
            with contextlib.suppress(DataError):
                forms = glossary_forms(Path(settings["data_dir"]), lang)
        self.ids = {form.casefold() if lang == "en" else form: tid for form, tid in forms.items()}
        self.fold = lang == "en"
        self.pattern = term_pattern(forms, lang)

    def run(self, root: etree.Element) -> None:
        if self.pattern is None:
            return
        if any(e.get("data-dataset") == DATASET for e in root.iter("div")):
            return  # the glossary page itself
        self.linked: set[str] = set()
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if _skipped(element):
            return
        self._text(element)
        for child in list(element):
            self._walk(child)
            self._tail(element, child)

    def _links(self, text: str) -> list[tuple[str, str | None]]:
        """``text`` cut into pieces: (text, None) and (wording, term id) for each new link."""
        pieces: list[tuple[str, str | None]] = []
        at = 0
        for m in self.pattern.finditer(text):  # type: ignore[union-attr]
            key = m.group(0).casefold() if self.fold else m.group(0)
            tid = self.ids.get(key)
            if tid is None or tid in self.linked:
                continue
            self.linked.add(tid)
            pieces += [(text[at : m.start()], None), (m.group(0), tid)]
            at = m.end()
        if pieces:
            pieces.append((text[at:], None))
        return pieces

    def _anchor(self, word: str, tid: str) -> etree.Element:
        a = etree.Element(
            "a",
            {
                "href": f"{PAGE}#{anchor_prefix(DATASET)}{tid}",
                "class": "econsec-term",
                "data-glossary": tid,
            },
        )
        a.text = AtomicString(word)
        return a

    def _text(self, element: etree.Element) -> None:
        element.text = self._linked(element.text, element, 0)

    def _tail(self, parent: etree.Element, child: etree.Element) -> None:
        child.tail = self._linked(child.tail, parent, list(parent).index(child) + 1)

    def _linked(self, text: str | None, parent: etree.Element, index: int) -> str | None:
        """What stays of ``text`` where it is once its terms are linked: the links, each with
        the text after it, go into ``parent`` at ``index``."""
        pieces = self._links(text) if text else None
        if not pieces:
            return text
        self._insert(parent, index, pieces[1:])
        return AtomicString(pieces[0][0])

    def _insert(
        self, parent: etree.Element, index: int, pieces: list[tuple[str, str | None]]
    ) -> None:
        """Insert the links at ``index``; the plain piece after each becomes its tail."""
        last: etree.Element | None = None
        for text, tid in pieces:
            if tid is not None:
                last = self._anchor(text, tid)
                parent.insert(index, last)
                index += 1
            elif last is not None:
                last.tail = AtomicString(text)
