"""Search in a real browser over http://: Japanese compounds, English, one language per site.

Japanese queries are typed with key events (see search_helpers). Each expected page is checked
first to contain the query, so a content change makes the test say "pick another query" rather
than pass or fail for the wrong reason. Every test proves that the page made no request outside
the local server.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from search_helpers import page_paths, search

from econsec.build.search_ja import ZWSP, segment, split_words

pytestmark = pytest.mark.browser

# (query, a page that contains it) — chosen from the pages in docs/ja.
JA_QUERIES = [
    ("コア技術", "guidance/tech-leakage.html"),
    ("技術流出対策", "guidance/tech-leakage.html"),
    ("人を通じた技術流出", "guidance/tech-leakage.html"),
    ("事前報告", "policy/prior-report.html"),
    ("積層セラミックコンデンサ", "policy/prior-report.html"),
    ("経済安全保障", "policy/economic-security.html"),
    ("営業秘密", "support.html"),
    ("サプライチェーン", "guidance/best-practices.html"),
    ("技術", "guidance/tech-leakage.html"),
    ("ガイダンス", "guidance/tech-leakage.html"),
]
EN_QUERIES = [
    ("core technology", "en/guidance/tech-leakage.html"),
    ("prior report", "en/policy/prior-report.html"),
    ("leakage", "en/guidance/tech-leakage.html"),
]
TAG = re.compile(r"<[^>]*>")


@cache
def _index(site_dir: Path, sub: str) -> dict[str, str]:
    """Searchable text of each page (all its sections), from the built search index."""
    path = site_dir / sub / "search" / "search_index.json"
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    pages: dict[str, str] = {}
    for doc in docs:
        page = sub + doc["location"].split("#")[0]
        text = TAG.sub(" ", f"{doc['title']} {doc['text']}").replace(ZWSP, "")
        pages[page] = pages.get(page, "") + " " + text
    return pages


def _words(query: str) -> list[str]:
    """The words a page must contain for a Japanese query (particles dropped, as in the browser)."""
    return [w for w in split_words(query) if not re.fullmatch(r"[\u3040-\u309f]", w)]


def _check_no_outside_requests(page) -> None:
    assert page.request_log.outside() == []
    assert page.js_errors == []


@pytest.mark.parametrize(("query", "expected"), JA_QUERIES)
def test_japanese_query_finds_the_page(page, base_url, site_dir, query, expected) -> None:
    pages = _index(site_dir, "")
    assert expected in pages, f"{expected} is not in the Japanese search index"
    assert query in pages[expected], f"{expected} no longer contains {query!r}: pick another query"

    page.goto(base_url + "index.html")
    found = page_paths(search(page, query), base_url)

    assert expected in found, f"{query!r} -> {found}"
    assert not [p for p in found if p.startswith("en/")], found
    # Every listed page holds every word of the query (all words are required terms).
    for path in found:
        missing = [w for w in _words(query) if w.lower() not in pages[path].lower()]
        assert not missing, f"{query!r} listed {path}, which lacks {missing}"
    _check_no_outside_requests(page)


@pytest.mark.parametrize(("query", "expected"), EN_QUERIES)
def test_english_query_finds_the_page(page, base_url, site_dir, query, expected) -> None:
    pages = _index(site_dir, "en/")
    assert query.lower() in pages[expected].lower(), f"{expected} lacks {query!r}"

    page.goto(base_url + "en/index.html")
    found = page_paths(search(page, query), base_url)

    assert expected in found, f"{query!r} -> {found}"
    assert all(p.startswith("en/") for p in found), found
    _check_no_outside_requests(page)


def test_japanese_query_on_the_english_site_lists_no_japanese_page(page, base_url) -> None:
    page.goto(base_url + "en/index.html")
    found = page_paths(search(page, "コア技術"), base_url)
    assert all(p.startswith("en/") for p in found), found
    _check_no_outside_requests(page)


def test_english_query_on_the_japanese_site_lists_no_english_page(page, base_url) -> None:
    page.goto(base_url + "index.html")
    found = page_paths(search(page, "prior report"), base_url)
    assert not [p for p in found if p.startswith("en/")], found
    _check_no_outside_requests(page)


def test_a_word_in_no_page_finds_nothing(page, base_url) -> None:
    page.goto(base_url + "index.html")
    assert search(page, "量子暗号通信衛星網") == []
    assert page.locator(".md-search-result__meta").inner_text() == "何も見つかりませんでした"
    _check_no_outside_requests(page)


# The wrapper with a small index of its own, talking to the worker directly: what the query
# becomes (the result's `terms`), and that Material's own greedy kanji segmentation does not undo
# it (the trap page holds the single kanji 技 and 術 as words, but not 技術).
WORKER_SCRIPT = """
async ([docs, queries]) => {
  const url = JSON.parse(document.getElementById("__config").textContent).search
  const worker = new Worker(url)
  const send = (message) => new Promise((resolve) => {
    worker.onmessage = (ev) => resolve(ev.data)
    worker.postMessage(message)
  })
  const config = {
    lang: ["en"], separator: "[\\\\s\\\\u200b\\\\-]+", pipeline: ["stopWordFilter"],
    fields: {title: {boost: 1000}, text: {boost: 1}, tags: {boost: 1000000}}
  }
  await send({type: 0, data: {config, docs, options: {suggest: false}}})
  const out = {}
  for (const q of queries) {
    const result = await send({type: 2, data: q})
    out[q] = result.data.items.map((group) => ({
      page: group[0].location, terms: Object.keys(group[0].terms).sort()
    }))
  }
  worker.terminate()
  return out
}
"""


def test_worker_rewrites_japanese_queries_into_index_words(page, base_url) -> None:
    docs = [
        {"location": "core.html", "title": "", "text": segment("自社のコア技術を特定する")},
        {"location": "people.html", "title": "", "text": segment("人を通じた技術流出への対策")},
        {"location": "trap.html", "title": "", "text": f"技{ZWSP}術{ZWSP}コア{ZWSP}流出"},
        {"location": "english.html", "title": "", "text": "core technology"},
    ]
    queries = ["コア技術", "技術", "人を通じた技術流出", "技術流出対", "未知語", "core", "AI技術"]
    page.goto(base_url + "index.html")
    out = page.evaluate(WORKER_SCRIPT, [docs, queries])

    assert out["コア技術"] == [{"page": "core.html", "terms": ["コア", "技術"]}]
    assert sorted(r["page"] for r in out["技術"]) == ["core.html", "people.html"]
    assert [r["page"] for r in out["人を通じた技術流出"]] == ["people.html"]
    assert out["人を通じた技術流出"][0]["terms"] == ["人", "技術", "流出", "通じ"]
    assert [r["page"] for r in out["技術流出対"]] == ["people.html"]  # 対 → 対策 while typing
    assert out["未知語"] == []
    assert [r["page"] for r in out["core"]] == ["english.html"]  # ASCII left to Material
    assert sorted(r["page"] for r in out["AI技術"]) == ["core.html", "people.html"]
    _check_no_outside_requests(page)


# Over http the index is built only at the first real query (on a checklist page it would compete
# with the scoring engine's start: bench figure 4). Search must work there all the same, over http
# and from file:// (where the iframe-worker shim runs the worker).
CHECKLIST = "checks/tech-leakage-ch1.html"
CHECKLIST_QUERIES = [
    ("", "コア技術", "guidance/tech-leakage.html"),
    ("en/", "core technology", "en/guidance/tech-leakage.html"),
]


def _worker_url(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")


@pytest.mark.parametrize(("sub", "query", "expected"), CHECKLIST_QUERIES)
def test_search_on_a_checklist_page(page, base_url, sub, query, expected) -> None:
    page.goto(base_url + sub + CHECKLIST)
    assert "/econsec-search.js?" in _worker_url(page)  # our wrapper, which holds the index back
    found = page_paths(search(page, query), base_url)
    assert expected in found, f"{query!r} -> {found}"
    assert all(p.startswith("en/") == bool(sub) for p in found), found  # this language only
    _check_no_outside_requests(page)


@pytest.mark.parametrize(("sub", "query", "expected"), CHECKLIST_QUERIES)
def test_search_on_a_checklist_page_from_file(file_page, bundle_dir, sub, query, expected) -> None:
    file_page.goto((bundle_dir / sub / CHECKLIST).as_uri())
    assert "/econsec-search.js?" in _worker_url(file_page)
    found = page_paths(search(file_page, query), bundle_dir.as_uri() + "/")
    assert expected in found, f"{query!r} -> {found}"
    assert file_page.js_errors == []


def test_lazy_worker_answers_ready_at_once_and_builds_at_the_first_query(page, base_url) -> None:
    """The wrapper as every page names it, directly: READY before any index, empty queries
    answered empty, then the first real query (and one sent right after it) finds the pages."""
    docs = [
        {"location": "core.html", "title": "", "text": segment("自社のコア技術を特定する")},
        {"location": "english.html", "title": "", "text": "core technology"},
    ]
    page.goto(base_url + "index.html")
    out = page.evaluate(
        """async (docs) => {
          const url = JSON.parse(document.getElementById("__config").textContent).search
          const worker = new Worker(url)
          const replies = []
          const next = () => new Promise((resolve) => {
            worker.onmessage = (ev) => { replies.push(ev.data); resolve(ev.data) }
          })
          const config = {
            lang: ["en"], separator: "[\\\\s\\\\u200b\\\\-]+", pipeline: ["stopWordFilter"],
            fields: {title: {boost: 1000}, text: {boost: 1}, tags: {boost: 1000000}}
          }
          let reply = next()
          worker.postMessage({type: 0, data: {config, docs, options: {suggest: false}}})
          const ready = await reply
          reply = next()
          worker.postMessage({type: 2, data: ""})
          const empty = await reply
          const pages = (r) => r.data.items.map((group) => group[0].location).sort()
          reply = next()
          worker.postMessage({type: 2, data: "コア技術"})
          worker.postMessage({type: 2, data: "core"})
          const first = await reply
          reply = next()
          const second = await reply
          worker.terminate()
          return {ready: ready.type, empty, first: pages(first), second: pages(second),
                  types: replies.map((r) => r.type)}
        }""",
        docs,
    )
    assert out["ready"] == 1
    assert out["empty"] == {"type": 3, "data": {"items": []}}
    assert out["first"] == ["core.html"]
    assert out["second"] == ["english.html"]
    assert out["types"] == [1, 3, 3, 3]  # Material's own READY is not passed on
    _check_no_outside_requests(page)


def test_a_page_load_builds_no_search_index(page, base_url) -> None:
    """A content page's worker holds the index back until the first real query: given one that
    Material's worker cannot build, it still answers READY at once (a worker that built the index
    on SETUP, as Material's own does, fails quietly there and never answers READY)."""
    page.goto(base_url + "index.html")
    first = page.evaluate(
        """async () => {
          const url = JSON.parse(document.getElementById("__config").textContent).search
          const worker = new Worker(url)
          const reply = new Promise((resolve) => {
            worker.onmessage = (ev) => resolve(ev.data)
            setTimeout(() => resolve("no reply in 10 s"), 10000)
          })
          const config = {lang: ["en"], separator: "[\\s]+", pipeline: [], fields: {}}
          worker.postMessage({type: 0, data: {config, docs: null, options: {}}})
          const first = await reply
          worker.terminate()
          return first
        }"""
    )
    assert first == {"type": 1}
    _check_no_outside_requests(page)
