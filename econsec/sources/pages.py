"""The explicit ids a Markdown page defines, which checklists and other pages link to."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from econsec.engine.languages import LANGS

# Explicit ids in a page: attr_list ("{#id}", "{: #id .cls}") and HTML ("id="id"").
ATTR_LIST_RE = re.compile(r"\{:?([^{}\n]*)\}")
ATTR_ID_RE = re.compile(r"(?:^|\s)#([A-Za-z0-9_:.-]+)")
HTML_ID_RE = re.compile(r"""\bid\s*=\s*["']([^"'\s]+)["']""")


def page_ids(path: Path) -> frozenset[str]:
    """The explicit ids in a Markdown page (cached per file version)."""
    stat = path.stat()
    return _page_ids(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _page_ids(path: Path, _mtime: int, _size: int) -> frozenset[str]:
    text = path.read_text(encoding="utf-8")
    ids = {m for block in ATTR_LIST_RE.findall(text) for m in ATTR_ID_RE.findall(block)}
    ids.update(HTML_ID_RE.findall(text))
    return frozenset(ids)


def page_link_problem(docs_root: Path, page: str, anchor: str, what: str) -> str | None:
    """Why ``/<page>#<anchor>`` is broken in either language's docs (None when it is fine).

    ``what`` names the link in the message ("guidance link '/x.md#y'").
    """
    docs = docs_root.name
    missing = [lang for lang in LANGS if not (docs_root / lang / page).is_file()]
    if missing:
        where = ", ".join(f"{docs}/{lang}/{page}" for lang in missing)
        return f"broken {what}: page not found: {where}"
    no_anchor = [lang for lang in LANGS if anchor not in page_ids(docs_root / lang / page)]
    if no_anchor:
        where = ", ".join(f"{docs}/{lang}/{page}" for lang in no_anchor)
        return f"broken {what}: no explicit id '{anchor}' in {where}"
    return None
