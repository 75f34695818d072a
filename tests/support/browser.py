"""Debian's headless Chromium, launched alike by the tests and the benchmark, and browser
contexts that record what they asked for (to prove that nothing leaves the site or the disk)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-background-networking",  # or Chromium tries the (closed) network at start
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
# What a page opened from the offline bundle may ask for: nothing from any server.
OFFLINE_PREFIXES = ("file:", "data:", "blob:")


def site_prefixes(base_url: str) -> tuple[str, ...]:
    """What a page of the site served at ``base_url`` may ask for."""
    return (f"http://{urlparse(base_url).netloc}/", "file:", "data:", "blob:")


class NoChromium(RuntimeError):
    """Debian's chromium is not installed."""


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright (``playwright install`` cannot download a
    browser here: see docs in platform-facts.md). Raises NoChromium when it is missing."""
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    if not exe:
        raise NoChromium("Debian's chromium is required (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class RequestLog:
    """Every request a context made; ``outside()`` lists those not under an allowed prefix."""

    allowed_prefixes: tuple[str, ...]
    urls: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [u for u in self.urls if not u.startswith(self.allowed_prefixes)]


def new_logged_context(browser: Any, allowed: tuple[str, ...], **kwargs: Any) -> Any:
    """A fresh context recording every request in ``ctx.request_log`` (a RequestLog)."""
    kwargs.setdefault("locale", "ja-JP")
    kwargs.setdefault("accept_downloads", True)
    ctx = browser.new_context(**kwargs)
    log = RequestLog(allowed_prefixes=allowed)
    ctx.on("request", lambda req: log.urls.append(req.url))
    ctx.request_log = log
    return ctx


def new_logged_page(ctx: Any) -> Any:
    """A page of ``ctx`` with ``request_log`` and ``js_errors`` (uncaught page errors)."""
    pg = ctx.new_page()
    pg.request_log = ctx.request_log
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    return pg


def empty_site_storage(pg, base_url: str) -> None:
    """Empty the localStorage of the site served at ``base_url`` for ``pg``'s context, through
    the DevTools protocol before ``pg`` navigates: no extra page of the site is loaded for it (two
    warm modules took 110 s instead of 127 s), and no init script of the test's page (one that
    breaks storage, say) is in the way. A new page has an empty sessionStorage already."""
    cdp = pg.context.new_cdp_session(pg)
    try:
        url = urlparse(base_url)
        cdp.send(
            "Storage.clearDataForOrigin",
            {"origin": f"{url.scheme}://{url.netloc}", "storageTypes": "local_storage"},
        )
    finally:
        cdp.detach()
