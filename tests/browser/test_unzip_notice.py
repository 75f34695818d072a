"""Issue 18 §6: a page of the bundle opened from inside the zip says "extract first".

Windows Explorer lets a user open ``index.html`` inside a zip without extracting it: it copies
that one file to a temporary folder, so no stylesheet, script or image loads. The bundle's pages
carry a notice, styled inline, that the site's stylesheet hides (econsec/build/bundle.py), and
their icons have a size of their own. Here: the lone start page (Japanese and English, copied
alone into an empty folder) shows the notice first, in both languages, and nothing on it grows
to the size of the screen; the extracted bundle, the bundle over http:// (on screen and in print)
and the hosted site show no notice, with or without JavaScript, and the icons there are exactly
as large as without the fix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from econsec.build.bundle_text import NOTICE
from tests.support.browser import new_logged_context, new_logged_page
from tests.support.server import serve_dir

pytestmark = pytest.mark.browser

NOTICE_SEL = "[data-econsec-unzip-notice]"
VIEWPORT = {"width": 1280, "height": 800}
# Every visible element's box, and the icons' boxes in particular.
BOXES = """() => [...document.querySelectorAll('body *')].map((e) => {
  const r = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), cls: String(e.className.baseVal ?? e.className),
          w: r.width, h: r.height, x: r.x, y: r.y};
}).filter((b) => b.w > 0 && b.h > 0)"""
ICON_BOXES = """() => [...document.querySelectorAll('svg, img')].map((e) => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.x * 10), Math.round(r.y * 10), Math.round(r.width * 10),
          Math.round(r.height * 10)];
})"""


@pytest.mark.parametrize("start", ["index.html", "en/index.html"])
def test_the_lone_start_page_says_extract_first(
    browser, bundle_dir: Path, tmp_path: Path, start: str
) -> None:
    # As Windows Explorer does: only the double-clicked file, in an empty temporary folder.
    lone = tmp_path / "Temp1_econsec-site.zip"
    lone.mkdir()
    shutil.copy(bundle_dir / start, lone / "index.html")
    ctx = new_logged_context(browser, ("file:", "data:", "blob:"), viewport=VIEWPORT)
    try:
        page = new_logged_page(ctx)
        page.goto((lone / "index.html").as_uri())
        notice = page.locator(NOTICE_SEL)
        assert notice.is_visible()
        first, second = ("en", "ja") if start.startswith("en/") else ("ja", "en")
        titles = [
            page.get_by_text(str(NOTICE[lang]["title"]), exact=True) for lang in (first, second)
        ]
        for title in titles:
            assert title.is_visible()
        # First on the page, the page's own language first; its inline styles were applied
        # (the page's Content-Security-Policy allows exactly them).
        box = notice.bounding_box()
        assert box and box["y"] < 40 and box["height"] < VIEWPORT["height"]
        assert titles[0].bounding_box()["y"] < titles[1].bounding_box()["y"]
        assert notice.evaluate("(e) => getComputedStyle(e).borderTopWidth") == "4px"
        assert titles[0].evaluate("(e) => getComputedStyle(e).fontWeight") == "700"
        text = notice.inner_text()
        assert "すべて展開" in text and "Extract All" in text and bundle_dir.name in text
        # Nothing grows to the screen: no icon is larger than an icon, no element taller than
        # the screen, none wider than it.
        boxes = page.evaluate(BOXES)
        icons = [b for b in boxes if b["tag"] in ("svg", "img")]
        assert icons and all(b["w"] <= 48 and b["h"] <= 48 for b in icons), icons[:3]
        assert [b for b in boxes if b["w"] > VIEWPORT["width"] + 1] == []
        logo = page.locator(".md-header__button.md-logo svg")
        assert logo.bounding_box()["height"] <= 48
        page.screenshot(path=str(tmp_path / "lone-start.png"))
        assert (tmp_path / "lone-start.png").stat().st_size > 10_000
        assert page.request_log.outside() == []
    finally:
        ctx.close()


def test_no_notice_where_the_stylesheet_loads(
    browser, bundle_dir: Path, site_dir: Path, base_url: str
) -> None:
    ctx = new_logged_context(browser, ("file:", "data:", "blob:", "http://127.0.0.1"))
    server, bundle_url = serve_dir(bundle_dir)
    try:
        page = new_logged_page(ctx)
        for start in ("index.html", "en/index.html", "checks/tech-leakage-ch1.html"):
            for url in ((bundle_dir / start).as_uri(), bundle_url + start):
                page.goto(url)
                page.wait_for_load_state("load")
                assert page.locator(NOTICE_SEL).count() == 1, url  # it is there …
                assert page.locator(NOTICE_SEL).is_hidden(), url  # … and hidden, on screen
                page.emulate_media(media="print")
                assert page.locator(NOTICE_SEL).is_hidden(), url  # and on paper
                page.emulate_media(media="screen")
        # The hosted site has no notice at all.
        page.goto(base_url + "index.html")
        assert page.locator(NOTICE_SEL).count() == 0
        assert "data-econsec-unzip-notice" not in (site_dir / "index.html").read_text("utf-8")
    finally:
        server.shutdown()
        ctx.close()


@pytest.mark.parametrize("start", ["index.html", "en/index.html"])
def test_icons_keep_their_size_where_the_stylesheet_loads(
    browser, bundle_dir: Path, base_url: str, start: str
) -> None:
    # The icons' width/height attributes are only hints: the stylesheet sizes every icon as
    # before, so the extracted bundle's page lays out its icons exactly as the hosted page.
    ctx = new_logged_context(
        browser, ("file:", "data:", "blob:", "http://127.0.0.1"), viewport=VIEWPORT
    )
    try:
        page = new_logged_page(ctx)
        page.goto((bundle_dir / start).as_uri())
        page.wait_for_load_state("load")
        bundled = page.evaluate(ICON_BOXES)
        assert page.locator("svg[width][height]").count() == len(bundled)
        page.goto(base_url + start)
        page.wait_for_load_state("load")
        hosted = page.evaluate(ICON_BOXES)
        assert page.locator("svg[width]").count() == 0
        assert bundled == hosted
    finally:
        ctx.close()


def test_without_javascript_too(browser, bundle_dir: Path, tmp_path: Path) -> None:
    # The notice needs no script: shown on the lone page and hidden in the extracted bundle
    # with JavaScript turned off as well.
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(bundle_dir / "index.html", lone / "index.html")
    ctx = new_logged_context(browser, ("file:", "data:", "blob:"), java_script_enabled=False)
    try:
        page = new_logged_page(ctx)
        page.goto((lone / "index.html").as_uri())
        assert page.locator(NOTICE_SEL).is_visible()
        page.goto((bundle_dir / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.locator(NOTICE_SEL).count() == 1 and page.locator(NOTICE_SEL).is_hidden()
    finally:
        ctx.close()
