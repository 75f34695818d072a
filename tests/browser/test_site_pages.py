"""Every page of both languages in a real browser: no outside request, a working language link,
and search from file:// (a copied site in a folder whose name has spaces and Japanese).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from search_helpers import page_paths, search

pytestmark = pytest.mark.browser

LOCAL_ONLY = ("file:", "data:", "blob:")


def _pages(site_dir: Path, lang: str) -> list[str]:
    """Site-root-relative paths of one language's pages, from the built HTML files."""
    base = site_dir / "en" if lang == "en" else site_dir
    paths = []
    for html in sorted(base.rglob("*.html")):
        rel = html.relative_to(base).as_posix()
        if rel == "404.html" or rel.startswith(("assets/", "en/", "search/")):
            continue
        paths.append(("en/" if lang == "en" else "") + rel)
    return paths


def _counterpart(path: str) -> str:
    return path.removeprefix("en/") if path.startswith("en/") else "en/" + path


def _site_path(url: str, base_url: str) -> str:
    parts, base = urlsplit(url), urlsplit(base_url)
    assert parts.netloc == base.netloc, url
    return unquote(parts.path)[len(base.path) :]


def test_both_languages_have_the_same_pages(site_dir: Path) -> None:
    ja, en = _pages(site_dir, "ja"), _pages(site_dir, "en")
    assert len(ja) >= 15, ja
    assert [_counterpart(p) for p in ja] == en


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_loads_only_from_the_site_and_links_the_other_language(
    page, base_url: str, site_dir: Path, lang: str
) -> None:
    problems: list[str] = []
    for path in _pages(site_dir, lang):
        response = page.goto(base_url + path)
        assert response is not None and response.ok, path
        assert page.locator("html").get_attribute("lang") == lang, path
        links = page.locator("a[hreflang]")
        if links.count() != 1:
            problems.append(f"{path}: {links.count()} language links")
            continue
        other = "en" if lang == "ja" else "ja"
        if links.get_attribute("hreflang") != other:
            problems.append(f"{path}: hreflang={links.get_attribute('hreflang')}")
        target = _site_path(links.evaluate("a => a.href"), base_url)
        if target != _counterpart(path):
            problems.append(f"{path}: language link goes to {target}")
            continue
        # Where the link lands is known once the navigation commits; that page's own loading
        # is checked when the other language's case opens it.
        with page.expect_navigation(wait_until="commit"):
            links.click()
        landed = _site_path(page.url, base_url)
        if landed != _counterpart(path):
            problems.append(f"{path}: following the language link landed on {landed}")
    assert problems == []
    assert page.request_log.outside() == [], "requests outside the local server"
    assert page.js_errors == []


@pytest.fixture(scope="module")
def file_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site in a folder whose path has spaces and Japanese characters."""
    dest = tmp_path_factory.mktemp("file site") / "経済安全保障 サイト 写し"
    shutil.copytree(site_dir, dest)
    return dest


def _file_search(page, file_site: Path, start: str, query: str) -> list[str]:
    root = file_site.as_uri() + "/"
    page.goto(root + start)
    assert page.url.startswith("file:")
    return page_paths(search(page, query), root)


def _only_local(page) -> list[str]:
    return [u for u in page.request_log.urls if not u.startswith(LOCAL_ONLY)]


def test_search_from_file_url_japanese_compound(page, file_site: Path) -> None:
    found = _file_search(page, file_site, "index.html", "コア技術")
    assert "guidance/tech-leakage.html" in found, found
    assert not [p for p in found if p.startswith("en/")], found
    assert _only_local(page) == [], "requests outside file:, data:, blob:"
    # the local iframe-worker shim ran the search (no copy from unpkg.com)
    assert any(u.endswith("assets/vendor/iframe-worker/shim.js") for u in page.request_log.urls)
    assert page.js_errors == []


def test_search_from_file_url_english(page, file_site: Path) -> None:
    found = _file_search(page, file_site, "en/index.html", "core technology")
    assert "en/guidance/tech-leakage.html" in found, found
    assert all(p.startswith("en/") for p in found), found
    assert _only_local(page) == [], "requests outside file:, data:, blob:"
    assert page.js_errors == []
