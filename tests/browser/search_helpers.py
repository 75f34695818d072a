"""Drive Material's search box like a user: real key events, then read the result list.

Material reads the query on `keyup`. Playwright sends characters that are not on a US keyboard
(kana, kanji) as input events only, the way an IME commits text; so after typing we press End,
as a user's last key (or the IME's commit key) would, and Material reads the whole value.
"""

from __future__ import annotations

import re
import time
from urllib.parse import unquote, urlsplit

QUERY = "input[data-md-component=search-query]"
META = ".md-search-result__meta"
ITEMS = ".md-search-result__list > li"
LINKS = ".md-search-result__list a.md-search-result__link"
SCROLL = ".md-search__scrollwrap"
PLACEHOLDER = {"検索キーワードを入力してください", "Type to start searching", "検索を初期化", ""}


def type_query(page, text: str) -> None:
    box = page.locator(QUERY)
    box.click()  # opens the search dialog
    box.press_sequentially(text, delay=15)
    box.press("End")


def _state(page) -> tuple[str, int]:
    return page.evaluate(
        "([m, i]) => [document.querySelector(m)?.textContent ?? '',"
        " document.querySelectorAll(i).length]",
        [META, ITEMS],
    )


def result_count(meta: str) -> int:
    m = re.search(r"\d+", meta)
    if m:
        return int(m.group(0))
    return 0  # "no matching documents"


def search(page, text: str, timeout: float = 20.0) -> list[str]:
    """Type `text` into the search box; return the result pages as site-root-relative paths.

    Waits until the result list shows a count that stays the same for 0.4 s, then scrolls the
    list until every result is rendered (Material renders ten, then more on scroll).
    """
    type_query(page, text)
    deadline = time.monotonic() + timeout
    stable, last = 0, None
    while True:
        state = _state(page)
        ready = state[0].strip() not in PLACEHOLDER
        stable = stable + 1 if ready and state == last else 0
        last = state
        if stable >= 4:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"search for {text!r}: no stable result (meta {state[0]!r})")
        page.wait_for_timeout(100)
    # The count is of matching sections, the list has one entry per page: scroll until the list
    # stops growing (three scrolls in a row add nothing), not until it reaches the count.
    total, still = result_count(last[0]), 0
    shown = _state(page)[1]
    while shown < total and still < 3 and time.monotonic() < deadline:
        page.locator(SCROLL).evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(100)
        now = _state(page)[1]
        still = still + 1 if now == shown else 0
        shown = now
    hrefs = page.eval_on_selector_all(LINKS, "els => els.map(a => a.href)")
    return hrefs


def page_paths(hrefs: list[str], root_url: str) -> list[str]:
    """Absolute result URLs -> paths relative to the site root, without fragments, in order."""
    root = urlsplit(root_url)
    out: list[str] = []
    for href in hrefs:
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc) == (root.scheme, root.netloc), href
        path = unquote(parts.path)
        base = unquote(root.path)
        assert path.startswith(base), (href, root_url)
        rel = path[len(base) :]
        if rel not in out:
            out.append(rel)
    return out
