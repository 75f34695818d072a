"""``/// page-list``: every page of the site, in both languages, with its URL.

The accessibility results (about/accessibility.md) name the pages that were tested; JIS X 8341-3
asks for their URLs. The list is made from the page files themselves (``docs/ja`` and
``docs/en``, which the build keeps identical: econsec.sources.parity), so it always matches what
the build writes and what the accessibility tests open. Titles are the pages' own ``# `` headings;
each links to the page through an absolute ``/page.md`` link, which MkDocs resolves and rewrites.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from econsec.mdext.config import EconsecBlock
from econsec.mdext.elements import el as _el

TITLE_RE = re.compile(r"^#\s+(.*?)\s*(?:\{[^}]*\})?\s*$")
TEXT = {
    "ja": {
        "caption": "試験の対象としたページ（日本語版{n}ページ、英語版{n}ページ、計{total}ページ）",
        "page": "ページ",
        "url_ja": "日本語版のURL",
        "url_en": "英語版のURL",
    },
    "en": {
        "caption": "Pages tested ({n} Japanese and {n} English pages, {total} in all)",
        "page": "Page",
        "url_ja": "Japanese URL",
        "url_en": "English URL",
    },
}


def site_pages(docs_root: Path, lang: str) -> list[str]:
    """The pages of one language as paths relative to its docs folder (``guidance/x.md``): the
    home page first, then by folder, each folder's ``index.md`` before its other pages."""
    folder = Path(docs_root) / lang
    pages = [p.relative_to(folder).as_posix() for p in folder.rglob("*.md")]

    def key(rel: str) -> tuple:
        parts = rel.split("/")
        return (len(parts) > 1, parts[:-1], parts[-1] != "index.md", parts[-1])

    return sorted(pages, key=key)


def page_title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := TITLE_RE.match(line):
            return m.group(1)
    return path.stem


def html_path(rel: str) -> str:
    return rel[: -len(".md")] + ".html"


def render_page_list(parent: etree.Element, docs_root: Path, lang: str) -> etree.Element:
    text = TEXT[lang]
    pages = site_pages(docs_root, lang)
    wrap = _el(parent, "div", class_="econsec-page-list")
    table = _el(wrap, "table")
    _el(table, "caption", text["caption"].format(n=len(pages), total=2 * len(pages)))
    head = _el(_el(table, "thead"), "tr")
    for key in ("page", "url_ja", "url_en"):
        _el(head, "th", text[key], scope="col")
    body = _el(table, "tbody")
    for rel in pages:
        tr = _el(body, "tr", data_page=rel)
        th = _el(tr, "th", scope="row")
        _el(th, "a", page_title(Path(docs_root) / lang / rel), href="/" + rel)
        _el(_el(tr, "td"), "code", html_path(rel))
        _el(_el(tr, "td"), "code", "en/" + html_path(rel))
    return wrap


class PageListBlock(EconsecBlock):
    NAME = "page-list"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        return render_page_list(parent, self.folder("docs_root"), self.lang())
