"""Content-Security-Policy (econsec.build.csp): the policy text, the built pages and the bundle's variant.

The browser tests (tests/browser/test_csp_browser.py) prove that the site works under the policy and
that the policy bites; these prove what every page carries, without a browser.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from econsec.build import bundle, bundle_text, csp
from econsec.build.vendor import IFRAME_WORKER_DEST

ROOT = Path(__file__).resolve().parents[2]
SHIM = (ROOT / "node_modules/iframe-worker/shim/index.js").read_text(encoding="utf-8")
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
REMOTE = re.compile(r"https?:|wss?:|\*")

PAGE = """<!doctype html>
<html lang="ja">
  <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width,initial-scale=1">
      <script src="assets/x.js"></script>
      <script>__md_scope=new URL(".",location)</script>
      <script id="__config" type="application/json">{"base": ".", "search": "w.js?s"}</script>
  </head>
  <body><table><tr><td style="text-align: left">a</td></tr></table>
  <script type="module">console.log(1)</script></body>
</html>
"""


def directives(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in out, f"{name} twice in {policy}"
        out[name] = sources
    return out


class _Scripts(HTMLParser):
    """An independent reading of a page: the text of every inline script the browser runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.texts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and "src" not in a and a.get("type") in (None, "module"):
            self._open = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.texts.append("".join(self._open))
            self._open = None


def page_hashes(html: str) -> set[str]:
    parser = _Scripts()
    parser.feed(html)
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'"
        for t in parser.texts
    }


def assert_strict(policy: str, *, offline: bool) -> None:
    """What every policy promises: no eval, no inline script/style, nothing remote."""
    d = directives(policy)
    assert d["default-src"] == ["'none'"]
    assert d["base-uri"] == ["'none'"] and d["form-action"] == ["'none'"]
    for name, sources in d.items():
        assert "'unsafe-eval'" not in sources and "'unsafe-inline'" not in sources, name
        assert not [s for s in sources if REMOTE.match(s)], (name, sources)
    if not offline:
        for name in ("script-src", "worker-src", "connect-src", "style-src"):
            assert not {"blob:", "data:", "file:"} & set(d[name]), (name, d[name])


# ------------------------------------------------------------------------------- the policy
def test_hash_source_is_the_csp_spec_form() -> None:
    # The example of the CSP Level 3 spec (§ 2.3.1, hash-source).
    assert csp.sha256_source("alert('Hello, world.');") == (
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    )
    assert csp.sha256_source("a\r\nb") == csp.sha256_source("a\nb")  # the parser's newlines


def test_only_executable_inline_scripts_are_hashed() -> None:
    assert list(csp.inline_scripts(PAGE)) == ['__md_scope=new URL(".",location)', "console.log(1)"]


def test_policy_is_inserted_right_after_charset_once() -> None:
    out = csp.with_policy(PAGE, "http")
    head = out.split("<head>", 1)[1].split()
    assert head[:4] == [
        "<meta",
        'charset="utf-8">',
        "<meta",
        'http-equiv="Content-Security-Policy"',
    ]
    assert csp.with_policy(out, "http") == out  # idempotent: a second build step changes nothing
    assert len(META.findall(csp.with_policy(out, "file", SHIM))) == 1


def test_http_policy() -> None:
    policy = META.search(csp.with_policy(PAGE, "http")).group(1)
    assert_strict(policy, offline=False)
    d = directives(policy)
    assert d["script-src"] == ["'self'", *sorted(page_hashes(PAGE))]
    # The table cell's style attribute: allowed by its hash, not by 'unsafe-inline'.
    assert d["style-src"] == ["'self'", "'unsafe-hashes'", csp.sha256_source("text-align: left")]
    assert d["img-src"] == ["'self'", "data:"]  # Material's icons are data: SVGs in its CSS


def test_engine_pages_add_wasm_and_offline_needs() -> None:
    engine_page = PAGE.replace(  # the build marks self-check pages (econsec.build.events)
        "<body>",
        '<body><meta name="econsec-checklists" content="x">'
        '<script type="application/json" data-checklist-def>{}</script>',
    )
    http = directives(META.search(csp.with_policy(engine_page, "http")).group(1))
    # over http the worker comes from a URL and does not inherit the page's policy
    assert "'wasm-unsafe-eval'" not in http["script-src"]
    assert http["worker-src"] == ["'self'"]
    off = directives(META.search(csp.with_policy(engine_page, "file", SHIM)).group(1))
    assert {"'wasm-unsafe-eval'", "blob:", "file:"} <= set(off["script-src"])
    assert off["worker-src"] == ["'self'", "file:", "data:"]
    plain = directives(META.search(csp.with_policy(PAGE, "file", SHIM)).group(1))
    assert not {"'wasm-unsafe-eval'", "blob:"} & set(plain["script-src"])
    assert plain["worker-src"] == ["'self'", "file:"]
    assert_strict(META.search(csp.with_policy(engine_page, "file", SHIM)).group(1), offline=True)


def test_offline_policy_allows_the_search_shim_iframe_script() -> None:
    script = csp.shim_script(SHIM, "w.js?s")
    assert script.startswith("postMessage=function c(s,n){") and 'filename:"w.js?s"' in script
    # The shim writes exactly this template, with its two functions' own source and the URL.
    template = csp._SHIM_TEMPLATE.format(c="${c}", d="${d}", url="${e}")
    assert f"<script>{template}<\\/script>" in SHIM
    off = directives(META.search(csp.with_policy(PAGE, "file", SHIM)).group(1))
    assert csp.sha256_source(script) in off["script-src"]
    with pytest.raises(ValueError, match="shim changed"):
        csp.shim_script("window.Worker=1", "w.js")


def test_serve_mode_has_no_policy_and_only_serve_asks_for_it() -> None:
    assert csp.with_policy(csp.with_policy(PAGE, "http"), "serve") == PAGE


# --------------------------------------------------------------------------- the built site
def test_every_built_page_carries_its_policy(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    langs = {p.relative_to(site_dir).parts[0] == "en" for p in pages}
    assert langs == {True, False} and len(pages) > 20
    engine_pages = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policies = META.findall(html)
        assert len(policies) == 1, f"{path}: {len(policies)} policies"
        head = re.search(r"<head>\s*(<[^>]*>)\s*(<[^>]*>)", html)
        assert head and head.group(1) == csp.CHARSET_META, path
        assert head.group(2).startswith('<meta http-equiv="Content-Security-Policy"'), path
        assert_strict(policies[0], offline=False)
        d = directives(policies[0])
        hashes = {s for s in d["script-src"] if s.startswith("'sha256-")}
        # Its own inline scripts, plus the search shim's iframe script (search from file://).
        shim = csp.sha256_source(csp.shim_script(SHIM, csp.search_worker_url(html)))
        assert hashes == page_hashes(html) | {shim}, f"{path}: not the hashes of its scripts"
        engine = "data-checklist-def" in html or "data-combine-defs" in html
        engine_pages += engine
        assert "'wasm-unsafe-eval'" not in d["script-src"], path  # only the file:// variant
    assert engine_pages >= 8  # four self-checks in two languages


# ------------------------------------------------------------------------------- the bundle
def test_bundle_pages_get_the_file_policy_and_the_manifest_lists_them(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for sub in ("assets/econsec/offline", "assets/econsec/pyodide", IFRAME_WORKER_DEST.parent):
        (site / sub).mkdir(parents=True, exist_ok=True)
    for name in bundle.OFFLINE_REQUIRED:
        (site / "assets/econsec/offline" / f"{name}.js").write_text("//", encoding="utf-8")
    (site / IFRAME_WORKER_DEST).write_text(SHIM, encoding="utf-8")
    page = csp.with_policy(
        PAGE.replace("<head>", '<head><meta name="econsec-build" content="9.9.9+2026-01-31">'),
        "http",
    )
    (site / "index.html").write_text(page, encoding="utf-8")
    one = bundle.make_bundle(site, tmp_path / "a")
    two = bundle.make_bundle(site, tmp_path / "b")
    assert one.sha256 == two.sha256  # still deterministic
    with zipfile.ZipFile(one.zip_path) as zf:
        html = zf.read(f"{one.top}/index.html")
        manifest = zf.read(f"{one.top}/{bundle_text.MANIFEST}").decode("utf-8")
    assert html != page.encode() and (site / "index.html").read_text(encoding="utf-8") == page
    policy = META.findall(html.decode("utf-8"))
    assert len(policy) == 1 and "file:" in directives(policy[0])["script-src"]
    assert f"{hashlib.sha256(html).hexdigest()}  index.html" in manifest.splitlines()


def test_real_bundle_has_the_file_policy_on_every_page(site_dir: Path, bundle_zip: Path) -> None:
    with zipfile.ZipFile(bundle_zip) as zf:
        pages = [n for n in zf.namelist() if n.endswith(".html")]
        assert len(pages) == len(list(site_dir.rglob("*.html")))
        for name in pages:
            html = zf.read(name).decode("utf-8")
            policies = META.findall(html)
            assert len(policies) == 1, name
            assert_strict(policies[0], offline=True)
            d = directives(policies[0])
            assert "file:" in d["script-src"], name
            assert page_hashes(html) < set(d["script-src"]), name  # + the search shim's script
            engine = "data-checklist-def" in html or "data-combine-defs" in html
            assert ("blob:" in d["script-src"]) == engine == ("data:" in d["worker-src"]), name


def test_only_the_dev_server_build_drops_the_policy(tmp_path: Path) -> None:
    """``econsec serve`` builds with ``serve=True``: no policy (live reload); ``build`` keeps it."""
    from econsec.build.builder import build_site

    out = build_site(tmp_path / "site", serve=True)
    pages = sorted(out.rglob("*.html"))
    assert pages and (out / "en/index.html") in pages
    assert not [p for p in pages if 'http-equiv="Content-Security-Policy"' in p.read_text("utf-8")]
