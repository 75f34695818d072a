"""Issue 17, point 5: the read-mes give Windows users one PowerShell command for the whole
``MANIFEST.sha256`` instead of ``certutil`` once per file.

PowerShell could not be installed on the build machine (Debian has no package; npm's ``pwsh``
downloads from github.com, which is not reachable), so the command was not run here. These tests
check its text and check, in Python, the reading of the manifest that the command relies on:
each line split at the first two spaces into an upper-or-lower-case SHA-256 and a path relative
to the bundle's folder, which exists and has that hash.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

from test_runtime_assets import _fake_site

from econsec.build import bundle, csp
from econsec.build.bundle_text import MANIFEST, POWERSHELL_CHECK, README_EN, README_JA, readme_texts
from econsec.mdext.check_summaries import minutes_text, questions_text, summarise
from econsec.sources.checklists import load_all

TOP = "econsec-site-offline-9.9.9-2026-01-31"


def test_both_read_mes_carry_the_one_powershell_line_and_no_certutil() -> None:
    texts = readme_texts(TOP, "9.9.9+2026-01-31")
    for name, text in texts.items():
        lines = text.splitlines()
        assert f"  {POWERSHELL_CHECK}" in lines, name  # alone on its line, to copy
        assert f"Get-FileHash -Algorithm SHA256 {TOP}.zip" in text, name
        assert "shasum -a 256 -c MANIFEST.sha256" in text, name
        assert "certutil" not in text, name


def test_the_powershell_line_has_the_expected_shape() -> None:
    cmd = POWERSHELL_CHECK
    assert "\n" not in cmd and "`" not in cmd and '"' not in cmd  # one line, no escapes to mangle
    assert cmd.startswith(f"$ng = Get-Content -Encoding UTF8 {MANIFEST} | Where-Object {{")
    assert "$_ -split '  ', 2" in cmd  # the manifest's separator, path kept whole
    assert "Get-FileHash -Algorithm SHA256 -LiteralPath $f" in cmd  # no wildcards in paths
    assert ".Hash -ne $h" in cmd  # PowerShell's -ne ignores case: upper-case hash vs lower-case
    assert cmd.endswith("if ($ng) { $ng } else { 'OK' }")
    for a, b in ("{}", "()"):
        assert cmd.count(a) == cmd.count(b)
    assert cmd.count("'") % 2 == 0
    # the CRLF read-me keeps it intact
    assert cmd.encode("utf-8") in bundle._txt(readme_texts(TOP, "x")[README_EN])


def test_the_manifest_reads_the_way_the_command_reads_it(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    (site / "日本語 の名前.html").write_text("<p>x</p>", encoding="utf-8")  # non-ASCII, a space
    made = bundle.make_bundle(site, tmp_path / "dist")
    with zipfile.ZipFile(made.zip_path) as zf:
        zf.extractall(tmp_path / "out")
    folder = tmp_path / "out" / made.top
    raw = (folder / MANIFEST).read_bytes()
    assert not raw.startswith(
        b"\xef\xbb\xbf"
    )  # so -Encoding UTF8 is needed on Windows PowerShell 5.1
    assert "日本語 の名前.html".encode() in raw
    lines = raw.decode("utf-8").splitlines()
    assert len(lines) == len([p for p in folder.rglob("*") if p.is_file()]) - 1
    for line in lines:
        digest, path = line.split("  ", 1)  # $h, $f = $_ -split '  ', 2
        assert re.fullmatch(r"[0-9a-f]{64}", digest)
        target = folder / path  # -LiteralPath, relative to the folder PowerShell was opened in
        assert target.is_file(), path
        assert hashlib.sha256(target.read_bytes()).hexdigest().upper() == digest.upper()


# ---------------------------------------------------------------- issue 18 §6: the first minute

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_read_mes_start_with_using_the_bundle_and_end_with_checksums() -> None:
    texts = readme_texts(TOP, "9.9.9+2026-01-31")
    marks = {
        README_JA: [
            "「すべて展開」",  # unzip first
            "index.html をダブルクリック",
            "「共用端末モード（回答を保存しない）」をオンに",
            "目的に合った自己点検から始めて",
            "「回答を書き出す（JSON）」",  # taking the results home …
            "「印刷する」",
            "使い終わったら自己点検ページの「回答を消去して終了」で消去してください",
            "■ 通信とデータについて",
            "■ 保存した回答についての注意",
            "■ ファイルが改ざんされていないことの確認（SHA-256）",
            f"shasum -a 256 -c {MANIFEST}",
        ],
        README_EN: [
            '"Extract All"',
            "double-click index.html",
            'turn on "Shared-device mode (answers are not kept)"',
            "Start with the self-check that fits your purpose",
            '"Export answers (JSON)"',
            '"Print"',
            'erase your answers with "Erase answers and finish"',
            "NETWORK AND DATA",
            "SAVED ANSWERS: A CAUTION",
            "CHECKING THE FILES (SHA-256)",
            f"shasum -a 256 -c {MANIFEST}",
        ],
    }
    for name, text in texts.items():
        where = [text.find(m) for m in marks[name]]
        assert -1 not in where, (
            name,
            [m for m, w in zip(marks[name], where, strict=True) if w < 0],
        )
        assert where == sorted(where), (name, where)
        # Nothing but the checksum instructions after their heading: no other section follows.
        tail = text[where[-2] :]
        assert "■" not in tail[1:] and "Get-FileHash" in tail and "共用" not in tail, name
        assert "Shared" not in tail and "Export" not in tail and "CAUTION" not in tail, name


def test_read_mes_list_the_self_checks_as_the_checks_page_does() -> None:
    """The read-mes list every self-check as the index does (econsec.mdext.check_summaries):
    name, who should answer it, questions and time, all from the checklist definitions."""
    texts = readme_texts(TOP, "x")
    root = DOCS.parent
    for lang, name, bullet in (("ja", README_JA, "・"), ("en", README_EN, "- ")):
        checklists = load_all(root / "checklists", None)
        assert len(checklists) == 4
        for c in checklists:
            s = summarise(c, DOCS, lang)
            n = len(c.items)
            line = next(x for x in texts[name].splitlines() if x.startswith(f"   {bullet}{s.name}"))
            assert c.audience[lang] in line and questions_text(n, lang) in line, line
            assert minutes_text(n, lang) in line, line
            assert (DOCS / lang / s.href.lstrip("/")).is_file()


def test_read_mes_keep_what_they_said_and_drop_the_jargon() -> None:
    texts = readme_texts(TOP, "9.9.9+2026-01-31")
    ja, en = texts[README_JA], texts[README_EN]
    for needle in (
        "送信しません",
        "localStorage",
        "file://",
        "展開せずに中の index.html を開くと、正しく表示・動作しません",
        "Firefox ESR 及び WebKit",
        "タブを閉じると消えます",
        "パソコンには残りません",
        "準備中も回答は入力できます",
        "経済産業省等の公表資料を加工して作成",
        "zip ファイルを展開してから開いてください",  # what the notice says
    ):
        assert needle in ja, needle
    for needle in (
        "sends nothing anywhere",
        "localStorage",
        "(file://) shares one storage",
        "without unzipping it does not work",
        'The English pages are under "en"',
        "gone when the tab is closed",
        "nothing is left on the computer",
        "you can answer meanwhile",
        "the project's\nown translation",
        "Extract the zip file first, then open index.html",
    ):
        assert needle in en, needle
    assert "エンジン" not in ja
    assert not re.search(r"\bengine\b", en, re.IGNORECASE)


# ---------------------------------------------------------------- the unzip notice in pages

PAGE = (
    '<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
    '<meta name="econsec-lang" content="{lang}">\n'
    '<meta http-equiv="Content-Security-Policy" content="x">\n</head>\n'
    '<body dir="ltr" class="b"><a href="index.html"><svg xmlns="http://www.w3.org/2000/svg" '
    'viewBox="0 0 24 24"><path d="M0"/></svg></a>'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 24"></svg>'
    '<svg width="10" viewBox="0 0 24 24"></svg></body></html>'
)


def test_every_bundle_page_gets_the_notice_first_and_sized_icons() -> None:
    for lang, first, second in (("ja", "ja", "en"), ("en", "en", "ja")):
        out = bundle.unzip_notice(PAGE.format(lang=lang), TOP)
        body = out.index('<body dir="ltr" class="b">')
        notice = out.index("data-econsec-unzip-notice")
        assert out.index("<div", body) < out.index("<a href", body)  # first in the body
        assert body < notice < out.index("<a href")
        assert out.index(f'<div lang="{first}">') < out.index(f'<div lang="{second}">')
        assert TOP in out and 'class="econsec-unzip-notice"' in out
        assert out.count('width="24" height="24" viewBox="0 0 24 24"') == 1
        assert 'width="48" height="24" viewBox="0 0 48 24"' in out
        assert '<svg width="10" viewBox="0 0 24 24">' in out  # a size of its own is kept
    fragment = "<p>no body</p>"
    assert bundle.unzip_notice(fragment, TOP) == fragment


def test_the_notice_styles_are_allowed_by_the_file_policy() -> None:
    page = bundle.unzip_notice(PAGE.format(lang="ja"), TOP)
    out = csp.offline_pages({"index.html": page.encode()}, "none.js")["index.html"].decode()
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', out).group(1)
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src"))
    assert "'unsafe-inline'" not in style_src and "'unsafe-hashes'" in style_src
    styles = csp.style_attributes(page)
    assert len(styles) == 2
    for value in styles:
        assert csp.sha256_source(value) in style_src


def test_the_bundle_carries_the_notice_and_the_site_does_not(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    (site / "index.html").write_text(
        '<html><head><meta name="econsec-build" content="9.9.9+2026-01-31"></head>'
        "<body><p>x</p></body></html>",
        encoding="utf-8",
    )
    made = bundle.make_bundle(site, tmp_path / "dist")
    with zipfile.ZipFile(made.zip_path) as zf:
        index = zf.read(f"{made.top}/index.html").decode("utf-8")
    assert "data-econsec-unzip-notice" in index and made.top in index
    assert "data-econsec-unzip-notice" not in (site / "index.html").read_text(encoding="utf-8")
