"""Japanese search: segment the search index with SudachiPy at build time.

Material's lunr search splits text only on ``config.separator``; Japanese has no spaces, and the
TinySegmenter that ``search: {lang: ja}`` would load splits compounds differently in text and
query, so 「コア技術」 finds nothing. Instead, after the search plugin has written
``search/search_index.json`` (and before the offline plugin copies it into ``search_index.js``),
every run of text that contains Japanese is cut into SudachiPy short units (``SplitMode.A``, core
dictionary) joined with U+200B, which the Japanese build's ``separator`` treats as a word
boundary. Markup (``<tag …>``) and character references (``&amp;``) are left untouched, and the
text is not normalised, so what the result list shows is the page's own text.

In the browser, ``overrides/assets/econsec/search-worker.js`` cuts the query into the index's own
words. :func:`check_search_worker` makes the build fail if the worker that the wrapper loads
is not in the built site (e.g. after a Material upgrade renamed it).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

from econsec.errors import EconsecError

ZWSP = "\u200b"

# Characters that make a run "Japanese": kana, the prolonged sound mark, kanji (incl. 々〆〇),
# half-width katakana. Keep in step with JA_CHAR in overrides/assets/econsec/search-worker.js.
_JA_CHARS = (
    "\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff"
)
_HAS_JA = re.compile(f"[{_JA_CHARS}]")
# A tag, a character reference, or a run of text without whitespace (the separator's job).
_PIECE = re.compile(r"<[^>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);|[^\s<&\u200b]+")
_ALNUM = re.compile(r"[0-9A-Za-z._\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# SudachiPy refuses very long inputs (about 48 KiB); cut long runs after a full stop first.
_MAX_RUN = 4000
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")

log = logging.getLogger("mkdocs.plugins.econsec")

CONFIG_RE = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


@functools.cache
def _tokenizer() -> Any:
    """One SudachiPy tokenizer per process (the dictionary load is the expensive part)."""
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError:  # pragma: no cover - a broken install
        raise EconsecError(
            "Japanese search needs SudachiPy: run `make setup` "
            "(pip install -e . installs sudachipy and sudachidict-core)"
        ) from None
    try:
        dictionary = Dictionary(dict="core")
    except Exception as exc:  # the dictionary package is missing or broken
        raise EconsecError(
            f"Japanese search needs the SudachiPy core dictionary (sudachidict-core): {exc}"
        ) from None
    return dictionary.tokenizer(mode=SplitMode.A, fields={"surface"})


def split_words(run: str) -> list[str]:
    """Cut one run of text (no whitespace, no markup) into SudachiPy short units."""
    if len(run) > _MAX_RUN:
        parts, current = [], ""
        for sentence in _SENTENCE_END.split(run):
            while len(sentence) > _MAX_RUN:
                parts.append(sentence[:_MAX_RUN])
                sentence = sentence[_MAX_RUN:]
            if len(current) + len(sentence) > _MAX_RUN:
                parts.append(current)
                current = ""
            current += sentence
        parts.append(current)
        return [w for part in parts if part for w in split_words(part)]
    words: list[str] = []
    for m in _tokenizer().tokenize(run):
        word = m.surface()
        if not word or word.isspace():
            continue
        # SplitMode.A cuts numbers digit by digit ("2026" -> 2|0|2|6): keep ASCII and
        # full-width letters and digits together, so that "2026" or "MLCC" is one word.
        if words and _ALNUM.fullmatch(word) and _ALNUM.fullmatch(words[-1]):
            words[-1] += word
        else:
            words.append(word)
    if "".join(words) != run:  # never lose or change a character
        return [run]
    return words


def segment(text: str, seen: dict[str, str] | None = None) -> str:
    """Join the words of every Japanese run in ``text`` (plain text or HTML) with U+200B.

    Tags and character references are copied as they are; runs without Japanese are unchanged.
    ``seen``: runs already segmented (run -> result), shared by the caller across texts.
    """
    seen = {} if seen is None else seen

    def piece(m: re.Match[str]) -> str:
        s = m.group(0)
        if s[0] in "<&" or not _HAS_JA.search(s):
            return s
        if s not in seen:
            seen[s] = ZWSP.join(split_words(s))
        return seen[s]

    return _PIECE.sub(piece, text)


def segment_index(index: dict[str, Any]) -> dict[str, Any]:
    """Segment ``title`` and ``text`` of every document of a search index, in place."""
    seen: dict[str, str] = {}  # a third of the runs repeat (titles, sources, link texts)
    for doc in index.get("docs", []):
        for field in ("title", "text"):
            value = doc.get(field)
            if isinstance(value, str) and value:
                doc[field] = segment(value, seen)
    return index


def segment_search_index(site_dir: Path) -> dict[str, float]:
    """Rewrite ``site_dir/search/search_index.json``; return timing figures (seconds)."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        raise EconsecError(f"{path}: no search index (is the search plugin enabled?)")
    t0 = time.perf_counter()
    _tokenizer()
    t1 = time.perf_counter()
    index = json.loads(path.read_text(encoding="utf-8"))
    separator = index.get("config", {}).get("separator", "")
    if "\\u200b" not in separator and ZWSP not in separator:
        raise EconsecError(
            "mkdocs.yml: the Japanese search separator must include \\u200b "
            f"(found {separator!r}); Japanese search relies on it"
        )
    segment_index(index)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    t2 = time.perf_counter()
    return {"dictionary": t1 - t0, "segment": t2 - t1}


def check_search_worker(site_dir: Path) -> None:
    """Fail if the search worker named in the page config, or the worker it wraps, is missing."""
    page = site_dir / "index.html"
    if not page.is_file():
        return
    m = CONFIG_RE.search(page.read_text(encoding="utf-8"))
    if not m:
        raise EconsecError(f"{page}: no Material __config block (overrides/main.html)")
    url = json.loads(m.group(1)).get("search", "")
    path, _, query = url.partition("?")
    wrapper = (site_dir / path).resolve()
    if not wrapper.is_file():
        raise EconsecError(f"{page}: search worker {path!r} is not in the site")
    target = query.split("#")[0]  # the wrapper loads Material's worker named after "?"
    if target and not (wrapper.parent / target).resolve().is_file():
        raise EconsecError(
            f"{page}: the search worker wraps {target!r}, which this Material version does not "
            "ship; copy the new `config` block from material/templates/base.html into "
            "overrides/main.html"
        )


def post_build(site_dir: Path, lang: str, root: Path) -> None:
    """Search for one language's build (the hook runs once per build).

    Both builds get the local iframe-worker shim (search from file://) and check the worker
    wiring; the Japanese build also segments its index.
    """
    from econsec.build.vendor import install_iframe_worker

    install_iframe_worker(site_dir, root)
    if lang == "ja":
        figures = segment_search_index(site_dir)
        log.info(
            "econsec: Japanese search index segmented in %.2f s (dictionary %.2f s)",
            figures["segment"],
            figures["dictionary"],
        )
    check_search_worker(site_dir)
