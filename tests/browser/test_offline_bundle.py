"""The offline bundle: unzipped below a path with spaces and Japanese, opened from file://.

Every request must be file:, data: or blob: — nothing may leave the machine, not even to a local
server. The search, the language switch and the full widget flow from file:// are tested by their
own tests, which reuse the ``bundle_dir`` / ``file_page`` fixtures (tests/browser/conftest.py).
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from runtime_helpers import READY_TIMEOUT, wait_engine

from econsec.build.bundle_text import MANIFEST, README_EN, README_JA

pytestmark = pytest.mark.browser

PAGE = "checks/tech-leakage-ch1.html"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_bundle_layout_and_checksums(bundle_zip: Path, bundle_dir: Path) -> None:
    # <zip>.sha256 beside the zip, in `shasum -a 256 -c` format.
    side = bundle_zip.with_name(bundle_zip.name + ".sha256")
    assert side.read_text(encoding="utf-8") == f"{sha256(bundle_zip)}  {bundle_zip.name}\n"
    # One top folder named like the zip; the path we unzipped into has spaces and Japanese.
    assert bundle_dir.name == bundle_zip.stem
    assert " " in str(bundle_dir) and "資料" in str(bundle_dir)
    with zipfile.ZipFile(bundle_zip) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {n.split("/")[0] for n in names} == {bundle_zip.stem}
        assert {zi.date_time for zi in zf.infolist()} == {zf.infolist()[0].date_time}
    # MANIFEST.sha256 lists every other file with its hash, and nothing else.
    listed = {}
    for line in (bundle_dir / MANIFEST).read_text(encoding="utf-8").splitlines():
        digest, rel = line.split("  ", 1)
        listed[rel] = digest
    files = {p.relative_to(bundle_dir).as_posix() for p in bundle_dir.rglob("*") if p.is_file()}
    assert set(listed) == files - {MANIFEST}
    for rel, digest in listed.items():
        assert sha256(bundle_dir / rel) == digest, rel
    # Read-me files in both languages with the version; no http-only runtime, no source maps.
    ja = (bundle_dir / README_JA).read_text(encoding="utf-8-sig")
    en = (bundle_dir / README_EN).read_text(encoding="utf-8-sig")
    for text in (ja, en):
        assert "index.html" in text and "Get-FileHash" in text and "shasum -a 256" in text
    assert "送信しません" in ja and "sends nothing" in en
    assert not [
        f
        for f in files
        if f.startswith(("assets/econsec/pyodide/", "assets/econsec/snapshot/"))
        or f.endswith(".map")
        or f == "assets/econsec/engine.zip"  # offline/engine.zip.js carries it
    ]
    assert (bundle_dir / "assets/econsec/offline/snapshot.js").is_file()
    assert (bundle_dir / "assets/econsec/offline/pyodide.asm.wasm.js").is_file()


def test_checklist_scores_from_file_url(file_page, bundle_dir: Path) -> None:
    page = file_page
    page.goto((bundle_dir / "index.html").as_uri())
    page.wait_for_selector("h1, .md-content", state="attached")
    page.goto((bundle_dir / PAGE).as_uri())
    page.wait_for_selector(
        '[data-checklist][data-engine="ready"]', state="attached", timeout=READY_TIMEOUT
    )
    wait_engine(page)
    assert page.evaluate("EconsecEngine.mode") == "file"
    # The bundle's own snapshot (offline/snapshot.js), restored from its delta (issue 16).
    assert page.evaluate("EconsecEngine.snapshot") == "used"
    radio = page.locator('[data-checklist] [data-item] input[type="radio"][value="yes"]').first
    radio.check()
    # One item answered "yes": the engine's score for it is 100 (shown as "100").
    page.wait_for_selector(
        '[data-result="score"][data-value="100"]', state="attached", timeout=30_000
    )
    page.wait_for_selector('[data-result="progress"][data-answered="1"]', state="attached")
    assert page.request_log.outside() == [], page.request_log.outside()
    assert all(u.startswith(("file:", "data:", "blob:")) for u in page.request_log.urls)
    assert page.js_errors == []


def test_english_checklist_from_file_url(file_page, bundle_dir: Path) -> None:
    page = file_page
    page.goto((bundle_dir / "en" / PAGE).as_uri())
    wait_engine(page)
    urls = page.request_log.urls
    assert (bundle_dir / "assets/econsec/offline/pyodide.asm.wasm.js").as_uri() in urls
    assert page.request_log.outside() == []
    assert page.js_errors == []


def test_incomplete_bundle_gives_error_and_the_page_still_works(
    file_page, bundle_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "壊れた 展開先" / bundle_dir.name
    shutil.copytree(bundle_dir, broken, ignore=shutil.ignore_patterns("pyodide.asm.wasm.js"))
    page = file_page
    page.goto((broken / PAGE).as_uri())
    page.wait_for_selector(
        '[data-checklist][data-engine="error"]', state="attached", timeout=READY_TIMEOUT
    )
    wait_engine(page, expect="error")
    assert "pyodide.asm.wasm.js" in page.evaluate("EconsecEngine.error")
    page.locator('[data-checklist] [data-item] input[type="radio"][value="no"]').first.check()
    page.wait_for_selector('[data-result="progress"][data-answered="1"]', state="attached")
    assert page.request_log.outside() == []
    assert page.js_errors == []
