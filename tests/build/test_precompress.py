"""Precompressed copies for the web server (econsec.build.precompress), and the bundle without them."""

from __future__ import annotations

import gzip
from pathlib import Path, PurePosixPath

import brotli

from econsec.build.bundle import bundle_files
from econsec.build.precompress import precompress_site, wanted


def test_what_gets_copies() -> None:
    assert wanted(PurePosixPath("assets/econsec/pyodide/pyodide.asm.wasm"), 9_000_000)
    assert wanted(PurePosixPath("search/search_index.js"), 200_000)
    assert not wanted(PurePosixPath("assets/econsec/offline/pyodide.asm.wasm.js"), 9_000_000)
    assert not wanted(PurePosixPath("assets/econsec/snapshot/ab12.bin.gz"), 6_000_000)
    assert not wanted(PurePosixPath("index.html"), 100)  # too small to be worth it
    assert not wanted(PurePosixPath("assets/images/logo.png"), 50_000)


def test_built_site_has_faithful_copies(site_dir: Path) -> None:
    wasm = next((site_dir / "assets/econsec/pyodide").glob("*/pyodide.asm.wasm"))
    raw = wasm.read_bytes()
    assert gzip.decompress(wasm.with_name(wasm.name + ".gz").read_bytes()) == raw
    assert brotli.decompress(wasm.with_name(wasm.name + ".br").read_bytes()) == raw
    for page in (site_dir / "index.html", site_dir / "en/checks/tech-leakage-ch1.html"):
        assert gzip.decompress(page.with_name(page.name + ".gz").read_bytes()) == page.read_bytes()
    assert not list((site_dir / "assets/econsec/offline").glob("*.gz"))
    assert not list((site_dir / "assets/econsec/snapshot").glob("*.br"))


def test_copies_follow_their_file_and_stay_out_of_the_bundle(
    site_dir: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>" + "経済安全保障 " * 400 + "</p>", "utf-8")
    (tmp_path / "stale.css.gz").write_bytes(b"old")  # a copy whose file is gone stays harmless
    assert precompress_site(tmp_path, tmp_path) == 1
    page.write_text("<p>short</p>", "utf-8")
    precompress_site(tmp_path, tmp_path)
    assert not page.with_name("page.html.gz").exists()  # no copy of an older version survives
    names = [name for name, _ in bundle_files(site_dir)]
    assert names and not [n for n in names if n.endswith((".gz", ".br"))]
