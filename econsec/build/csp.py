"""The Content-Security-Policy of every page: a ``<meta http-equiv>`` written as the last build step.

The policy allows the site's own files and exactly what the self-check engine (Pyodide) needs:

- ``default-src 'none'``: everything not named below is refused (frames, media, manifests …).
- ``script-src 'self' 'sha256-…'``: the site's scripts and the SHA-256 of each inline script of
  *this* page (Material's ``__md_scope`` differs with the page's depth), computed from the final
  HTML, so an injected inline script is refused. No ``'unsafe-inline'``, no ``'unsafe-eval'``,
  and over ``http://`` no ``'wasm-unsafe-eval'`` either: the page itself compiles no WebAssembly
  (it only fetches the wasm and the snapshot and hands the bodies over), and the engine worker,
  loaded from a URL, runs under the policy of its own response headers, not the page's meta
  (none from a plain static server; a header that restricts scripts there would have to allow
  ``'wasm-unsafe-eval'``, and deploy/nginx-site.conf sends none that does). Checked in Chromium
  (tests/browser/test_csp_browser.py, test_engine_snapshot.py, test_nginx.py): the http
  self-check starts, with and without the snapshot, scores and imports with no violation.
- ``worker-src 'self'`` (search worker, engine worker), ``connect-src 'self'`` (search index,
  engine.zip, Pyodide's files), ``font-src 'self'``.
- ``img-src 'self' data:``: Material's stylesheet draws its icons as ``data:`` SVGs.
- ``style-src 'self'``: the pages have no ``<style>`` element; if a page has ``style="…"``
  attributes (e.g. aligned Markdown table cells, the offline bundle's notice for a page opened
  without its stylesheet, ``econsec.build.bundle``) their hashes are allowed with
  ``'unsafe-hashes'``, never ``'unsafe-inline'``.
- ``base-uri 'none'``, ``form-action 'none'`` (they do not fall back to ``default-src``).

A meta policy governs only what follows it, so the tag goes right after ``<meta charset>``.

The offline bundle opened from ``file://`` gets a variant (``econsec bundle`` rewrites each page
while zipping): ``file:`` is named next to ``'self'`` (Chromium's ``'self'`` matches ``file:``
URLs, but ``file:`` origins are opaque in the CSP spec and in Firefox); on self-check pages the
engine imports ``pyodide.asm.mjs`` from a ``blob:`` URL (script-src) inside a module worker
started from a ``data:`` URL (worker-src), which inherits the page's policy, so the page's
``script-src`` also needs ``'wasm-unsafe-eval'`` for Pyodide to compile WebAssembly there; and Material's iframe-worker shim runs search in an
iframe whose inline bootstrap script is allowed by its hash (the shim replaces ``Worker`` only
on ``file://``; the http policy allows the same hash, so that ``site/`` itself can still be read
and searched from ``file://`` — its self-checks need the bundle's variant). Workers from
``data:``/``blob:`` URLs and ``about:blank`` iframes inherit the page's policy; a worker loaded from an ``http(s)`` URL gets the policy of its own response
headers instead (none from a plain static server). Checked in Chromium: from ``file://`` the
engine fails without ``blob:``, ``data:`` or ``'wasm-unsafe-eval'``, and search without the
shim's hash; icons are refused without ``img-src data:``.

``econsec serve`` (mode ``serve``) drops the policy: MkDocs' live-reload server injects an inline
script whose text changes, which no hash can allow. ``econsec build`` never does this.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from econsec.build.vendor import IFRAME_WORKER_DEST

Mode = Literal["http", "file", "serve"]

CHARSET_META = '<meta charset="utf-8">'
# A page runs the engine if it embeds a self-check: the build decides that once per page
# (econsec.build.events.mark_page) and overrides/main.html writes it as this meta.
ENGINE_MARKERS = ('<meta name="econsec-checklists"',)
_CSP_META = re.compile(
    r'^[ \t]*<meta http-equiv="Content-Security-Policy" content="[^"]*">\n', re.MULTILINE
)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
# Also matches "style=" in text, which only adds a harmless hash; the exact form is much slower.
_STYLE_ATTR = re.compile(r"""(?<=\s)style\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

# The iframe-worker shim (npm iframe-worker 1.0.4, econsec/vendor.py) writes this inline script
# into the iframe that imitates a Worker on file://; the iframe inherits the page's policy.
# {c} and {d} are the sources of its two functions, {url} what Material passes to new Worker().
_SHIM_TEMPLATE = (
    'postMessage={c};importScripts={d};addEventListener("error",({{error}})=>'
    '{{parent.dispatchEvent(new ErrorEvent("error",{{filename:"{url}",error}}))}})'
)
_SHIM_FUNCTIONS = re.compile(
    r"(function c\(s,n\)\{[^}]*\}).*?(function d\(\.\.\.s\)\{.*?Promise\.resolve\(\)\)\})",
    re.DOTALL,
)


def sha256_source(text: str) -> str:
    """The CSP hash source for an inline script or style text (as the browser parsed it)."""
    digest = hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> Iterator[str]:
    """The text of every inline script the browser would run (JSON data blocks are not run)."""
    for attrs, body in _SCRIPT.findall(html):
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in _JS_TYPES:
            yield body


def style_attributes(html: str) -> set[str]:
    """The value of every ``style`` attribute in the page."""
    # The browser hashes the attribute's value after decoding character references.
    return {html_lib.unescape(a or b) for a, b in _STYLE_ATTR.findall(html)}


def shim_script(shim_source: str, worker_url: str) -> str:
    """The inline script the iframe-worker shim writes for ``new Worker(worker_url)``."""
    match = _SHIM_FUNCTIONS.search(shim_source)
    if not match:
        raise ValueError("the iframe-worker shim changed: update econsec.build.csp._SHIM_FUNCTIONS")
    return _SHIM_TEMPLATE.format(c=match.group(1), d=match.group(2), url=worker_url)


def search_worker_url(html: str) -> str | None:
    """What Material's page passes to ``new Worker()`` for search (its ``__config`` "search")."""
    match = _CONFIG.search(html)
    return json.loads(match.group(1)).get("search") if match else None


def policy(mode: Mode, scripts: Iterable[str], styles: Iterable[str] = (), *, engine: bool) -> str:
    """The policy for a page with these inline scripts and ``style`` attribute values.

    ``engine``: the page runs the self-check engine (Pyodide).
    """
    local = ["'self'", "file:"] if mode == "file" else ["'self'"]
    script = [*local, *sorted({sha256_source(s) for s in scripts})]
    worker = list(local)
    if engine and mode == "file":  # the worker starts from a data: URL and inherits this policy
        script.append("'wasm-unsafe-eval'")  # Pyodide compiles WebAssembly in the worker
        script.append("blob:")  # import() of pyodide.asm.mjs inside the worker
        worker.append("data:")  # the module worker's own source
    style = list(local)
    style_hashes = sorted({sha256_source(s) for s in styles})
    if style_hashes:
        style += ["'unsafe-hashes'", *style_hashes]
    directives = [
        ("default-src", ["'none'"]),
        ("script-src", script),
        ("worker-src", worker),
        ("connect-src", local),
        ("img-src", [*local, "data:"]),
        ("style-src", style),
        ("font-src", local),
        ("base-uri", ["'none'"]),
        ("form-action", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def _without_policy(html: str) -> str:
    # Most pages have none yet: the check is much cheaper than the multi-line search.
    return _CSP_META.sub("", html) if "Content-Security-Policy" in html else html


def page_policy(html: str, mode: Mode, shim_source: str | None = None) -> str:
    """The policy for one final page; ``shim_source`` allows the search iframe on file://."""
    html = _without_policy(html)
    scripts = list(inline_scripts(html))
    url = search_worker_url(html)
    if shim_source and url:
        scripts.append(shim_script(shim_source, url))
    engine = any(marker in html for marker in ENGINE_MARKERS)
    return policy(mode, scripts, style_attributes(html), engine=engine)


def with_policy(html: str, mode: Mode, shim_source: str | None = None) -> str:
    """``html`` with its policy meta right after ``<meta charset>`` (replacing an older one)."""
    html = _without_policy(html)
    if mode == "serve" or CHARSET_META not in html:
        return html  # serve: MkDocs' live-reload script changes; a fragment: nothing to protect
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy(html, mode, shim_source)}">'
    return html.replace(CHARSET_META, f"{CHARSET_META}\n      {meta}", 1)


def protect_site(site_dir: Path, mode: Mode = "http") -> int:
    """Write the policy into every HTML page under ``site_dir``; return how many pages."""
    shim_path = _site_root(site_dir) / IFRAME_WORKER_DEST
    shim = shim_path.read_text(encoding="utf-8") if shim_path.is_file() else None
    pages = sorted(site_dir.rglob("*.html"))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        new = with_policy(text, mode, shim)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return len(pages)


def _site_root(site_dir: Path) -> Path:
    """The shared site root: the English build writes to ``<root>/en`` (vendor files at the root)."""
    if (site_dir / IFRAME_WORKER_DEST).is_file() or site_dir.name != "en":
        return site_dir
    return site_dir.parent


def offline_pages(entries: dict[str, bytes], shim_path: str) -> dict[str, bytes]:
    """The bundle's files with every protected page switched to the ``file://`` policy."""
    shim = entries.get(shim_path, b"").decode("utf-8") or None
    out = dict(entries)
    for name, data in entries.items():
        if name.endswith(".html") and b'http-equiv="Content-Security-Policy"' in data:
            out[name] = with_policy(data.decode("utf-8"), "file", shim).encode("utf-8")
    return out
