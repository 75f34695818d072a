"""Debian's headless Chromium, launched alike by the tests and the benchmark, and browser
contexts that record what they asked for (to prove that nothing leaves the site or the disk).

Two builds of the same Chromium 156 (one Debian source package): the benchmark times what a user
runs, ``chromium`` in its headless mode; the tests drive ``chromium-headless-shell``, the same
Blink and V8 without the desktop browser around them, which Playwright also uses by default for
headless runs. A checklist page with its engine costs the shell about half the CPU time (2.7 s
against 5.2 s, whole process tree, 2 cores), and the whole suite passed on both. The shell also
runs WebAssembly with V8's baseline compiler only (``--liftoff-only``): the same semantics, but no
optimising recompilation of Pyodide's hot functions in the background, which a test's few scores
never repay (a checklist page and ten answers: 4.5 s of CPU against 6.2 s, and the answers were
scored sooner). ARCHITECTURE.md, "Layout", tests/."""

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


# The Debian packages (and executables): what a user runs, and the headless build for the tests.
FULL = "chromium"
SHELL = "chromium-headless-shell"
# What each build gets on top of CHROMIUM_ARGS (the module docstring says why).
BUILD_ARGS = {FULL: [], SHELL: ["--js-flags=--liftoff-only"]}


class NoChromium(RuntimeError):
    """Debian's chromium (or its headless shell) is not installed."""


def launch(playwright: Any, build: str = FULL) -> Any:
    """Debian's Chromium (``build``: FULL or SHELL), headless, from a running Playwright
    (``playwright install`` cannot download a browser here: platform-facts.md). Raises NoChromium
    when that build is missing."""
    exe = shutil.which(build)
    if not exe:
        raise NoChromium(f"Debian's {build} is required (apt-get install {build})")
    args = CHROMIUM_ARGS + BUILD_ARGS[build]
    return playwright.chromium.launch(executable_path=exe, args=args, headless=True)


def launched(playwright: Any, build: str) -> Iterator[Any]:
    """For a pytest fixture: ``launch``, yield, close. A missing build fails the test (browser
    tests never skip)."""
    import pytest

    try:
        browser = launch(playwright, build)
    except NoChromium as exc:
        pytest.fail(f"{exc}: browser tests never skip")
    yield browser
    browser.close()


@contextmanager
def chromium(build: str = FULL) -> Iterator[Any]:
    """``launch`` with a Playwright of its own, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p, build)
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
