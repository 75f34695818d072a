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

from econsec.build import bundle

TOP = "econsec-site-offline-9.9.9-2026-01-31"


def test_both_read_mes_carry_the_one_powershell_line_and_no_certutil() -> None:
    texts = bundle.readme_texts(TOP, "9.9.9+2026-01-31")
    for name, text in texts.items():
        lines = text.splitlines()
        assert f"  {bundle.POWERSHELL_CHECK}" in lines, name  # alone on its line, to copy
        assert f"Get-FileHash -Algorithm SHA256 {TOP}.zip" in text, name
        assert "shasum -a 256 -c MANIFEST.sha256" in text, name
        assert "certutil" not in text, name


def test_the_powershell_line_has_the_expected_shape() -> None:
    cmd = bundle.POWERSHELL_CHECK
    assert "\n" not in cmd and "`" not in cmd and '"' not in cmd  # one line, no escapes to mangle
    assert cmd.startswith(f"$ng = Get-Content -Encoding UTF8 {bundle.MANIFEST} | Where-Object {{")
    assert "$_ -split '  ', 2" in cmd  # the manifest's separator, path kept whole
    assert "Get-FileHash -Algorithm SHA256 -LiteralPath $f" in cmd  # no wildcards in paths
    assert ".Hash -ne $h" in cmd  # PowerShell's -ne ignores case: upper-case hash vs lower-case
    assert cmd.endswith("if ($ng) { $ng } else { 'OK' }")
    for a, b in ("{}", "()"):
        assert cmd.count(a) == cmd.count(b)
    assert cmd.count("'") % 2 == 0
    # the CRLF read-me keeps it intact
    assert cmd.encode("utf-8") in bundle._txt(bundle.readme_texts(TOP, "x")[bundle.README_EN])


def test_the_manifest_reads_the_way_the_command_reads_it(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    (site / "日本語 の名前.html").write_text("<p>x</p>", encoding="utf-8")  # non-ASCII, a space
    made = bundle.make_bundle(site, tmp_path / "dist")
    with zipfile.ZipFile(made.zip_path) as zf:
        zf.extractall(tmp_path / "out")
    folder = tmp_path / "out" / made.top
    raw = (folder / bundle.MANIFEST).read_bytes()
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
