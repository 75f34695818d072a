"""The offline bundle: the built site as one zip that works from a double-clicked index.html.

``econsec bundle`` (``make bundle`` builds first) packs ``site/`` into
``dist/<name>-offline-<version>-<date>.zip`` with one top folder of the same name, holding:

- the site, minus what only ``http://`` needs or what nobody needs offline: the raw Pyodide
  runtime (``assets/econsec/pyodide/``; the classic-script wrappers in ``assets/econsec/offline/``
  replace it on ``file://``), the engine snapshot (``assets/econsec/snapshot/``), source maps,
  sitemaps and, when the search is configured for English tokenisation only, Material's unused
  lunr language files;
- ``はじめにお読みください.txt`` and ``README.txt`` (how to open it, privacy, version, checksums);
- ``MANIFEST.sha256``: the SHA-256 of every other file (``shasum -a 256 -c MANIFEST.sha256``).

Next to the zip, ``<zip>.sha256`` holds the zip's own SHA-256 in the same format. The zip is
deterministic: sorted entries, fixed timestamps (the build date at 00:00), fixed permissions.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from econsec.build import csp, machine
from econsec.build.runtime import OFFLINE_DEST, PYODIDE_DEST, PYODIDE_FILES, offline_script_name
from econsec.build.snapshot import DEST as SNAPSHOT_DEST
from econsec.build.vendor import IFRAME_WORKER_DEST
from econsec.build.zips import ZIP_EPOCH, deterministic_zip
from econsec.errors import EconsecError
from econsec.settings import project_root

DEFAULT_NAME = "econsec-site"
README_JA = "はじめにお読みください.txt"
README_EN = "README.txt"
MANIFEST = "MANIFEST.sha256"
OFFLINE_REQUIRED = (*PYODIDE_FILES, "engine.zip", "engine-worker.js")
# Windows PowerShell 5.1 and PowerShell 7: every line of MANIFEST.sha256 ("<sha256>  <path>",
# UTF-8 without BOM, which 5.1 would read as the ANSI code page without -Encoding UTF8) in one
# command. Get-FileHash writes upper case and -ne compares without case; a missing file has no
# hash and is listed too. Prints OK alone when every file matches. Not run here (no PowerShell
# on the build machine): tests/build/test_bundle_texts.py checks its shape against the manifest.
POWERSHELL_CHECK = (
    f"$ng = Get-Content -Encoding UTF8 {MANIFEST} | Where-Object "
    "{ $h, $f = $_ -split '  ', 2; (Get-FileHash -Algorithm SHA256 -LiteralPath $f).Hash -ne $h }; "
    "if ($ng) { $ng } else { 'OK' }"
)

_BUILD_META = re.compile(r'<meta name="econsec-build" content="([^"]+)"')


@dataclass(frozen=True)
class Bundle:
    zip_path: Path
    sha256: str
    top: str
    build_id: str
    files: int
    size: int


def site_build_id(site_dir: Path) -> str:
    """The build id the site shows (``econsec.__version__`` + build date), from its index.html."""
    match = _BUILD_META.search((site_dir / "index.html").read_text(encoding="utf-8"))
    if not match:
        raise EconsecError(
            f'{site_dir / "index.html"} has no <meta name="econsec-build">: rebuild the site'
        )
    return match.group(1)


def _search_langs(site_dir: Path) -> set[str]:
    langs: set[str] = set()
    for index in site_dir.glob("**/search/search_index.json"):
        try:
            langs.update(json.loads(index.read_text(encoding="utf-8"))["config"]["lang"])
        except (OSError, ValueError, KeyError, TypeError):
            return {"?"}  # unknown: keep everything
    return langs


def excluded(rel: PurePosixPath, *, english_search_only: bool) -> bool:
    """Whether a site file (path relative to the site root) stays out of the bundle."""
    parts = rel.parts
    if any(p.startswith(".") for p in parts):
        return True
    if rel.as_posix().startswith(PYODIDE_DEST.as_posix() + "/"):
        return True  # http-only raw runtime; offline/ carries the same files for file://
    if rel.as_posix().startswith(SNAPSHOT_DEST.as_posix() + "/"):
        return True  # http-only speed-up (econsec/snapshot.py); 6 MB would break the size budget
    if rel.suffix in (".map", ".gz", ".br") or rel.name == "sitemap.xml":
        return True  # .gz/.br: the web server's precompressed copies (econsec.build.precompress)
    # Material's search loads lunr/ language support only for languages other than "en".
    return english_search_only and "javascripts" in parts and "lunr" in parts


def bundle_files(site_dir: Path) -> list[tuple[str, Path]]:
    """(path inside the bundle's top folder, file) for every site file that goes in, sorted."""
    english_only = _search_langs(site_dir) == {"en"}
    out = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = PurePosixPath(path.relative_to(site_dir).as_posix())
        if not excluded(rel, english_search_only=english_only):
            out.append((rel.as_posix(), path))
    return out


def _check_site(site_dir: Path) -> None:
    if not (site_dir / "index.html").is_file():
        raise EconsecError(
            f"{site_dir} holds no built site: run `econsec build` (or `make bundle`) first"
        )
    offline = site_dir / OFFLINE_DEST
    missing = [n for n in OFFLINE_REQUIRED if not (offline / offline_script_name(n)).is_file()]
    if missing:
        raise EconsecError(
            f"{offline}/{offline_script_name(missing[0])} is missing: rebuild the site with `econsec build`"
        )


def readme_texts(top: str, build_id: str) -> dict[str, str]:
    """The two read-me files (Japanese, English) for a bundle whose top folder is ``top``."""
    zip_name = f"{top}.zip"
    ja = f"""経済安全保障・技術流出対策 自己点検サイト（オフライン版）
版：{build_id}

■ 開き方
1. ダウンロードした zip ファイル（{zip_name}）を展開（解凍）します。
   Windows：zip ファイルを右クリック →「すべて展開」
   macOS：zip ファイルをダブルクリック
2. 展開してできたフォルダー「{top}」の中の index.html をダブルクリックします。
   いつも使っているブラウザーでサイトが開きます（Chromium（Chrome・Edge と同じ仕組み）、
   Firefox ESR 及び WebKit（Safari と同じ仕組み）で動作を確かめています）。
   ※ zip を展開せずに中の index.html を開くと、正しく表示・動作しません。
3. 自己点検のページでは、採点エンジンの準備に数秒かかります。準備中も回答は入力できます。

■ 通信とデータについて
このサイトはインターネットに接続せずに動作し、入力した回答などの情報を外部に送信しません。
回答とメモは、このパソコンのブラウザーの中（localStorage）に保存されます。
ブラウザーの閲覧データを消去すると回答も消えますので、残したい場合は各ページの
「回答を書き出す（JSON）」で保存してください。

■ 保存した回答についての注意
Chrome や Edge などのブラウザーでは、パソコン上のファイルとして開いたページ（file://）は、
全て同じ保存領域を使います。このため、同じブラウザーで開いた別の HTML ファイル
（メールの添付ファイルなど）からも、保存された回答とメモの読み取り・書き換え・外部への送信が可能です。

■ セミナーなど共用のパソコンで使う場合
始める前に、index.html で開く最初のページにある「共用端末モード（回答を保存しない）」を
オンにしてください（各自己点検のページにもあります）。オンの間、回答はそのタブの中だけに保持され、
タブを閉じると消えます。パソコンには残りません。結果を持ち帰るときは、タブを閉じる前に
「回答を書き出す（JSON）」や印刷（PDF として保存）をしてください。
共用端末モードを使わずに回答した場合は、使い終わったら自己点検ページの「回答を消去して終了」で
消去してください。

■ ファイルが改ざんされていないことの確認（SHA-256）
配布元が zip ファイルと一緒に公開している {zip_name}.sha256 の値と、
お手元の zip ファイルの SHA-256 値が一致することを確かめてください。
  Windows（PowerShell）：Get-FileHash -Algorithm SHA256 {zip_name}
  macOS / Linux（ターミナル）：shasum -a 256 {zip_name}
展開した各ファイルの SHA-256 値は {MANIFEST} に一覧があります。
Windows では、展開したフォルダー「{top}」の中で PowerShell を開き
（フォルダー内で右クリック →「ターミナルで開く」。Windows 10 では Shift キーを押しながら右クリック
→「PowerShell ウィンドウをここで開く」）、次の1行を実行します。
全てのファイルが一致すれば「OK」とだけ表示され、一致しないファイルがあればその行が表示されます。
  {POWERSHELL_CHECK}
macOS / Linux では、ターミナルで同じフォルダーに移動して次を実行すると、全ての行に「OK」と表示されます。
  shasum -a 256 -c {MANIFEST}

本サイトの内容は経済産業省等の公表資料を加工して作成したものです。
"""
    en = f"""Economic security and technology leakage: self-check site (offline edition)
Version: {build_id}

HOW TO OPEN
1. Unzip the downloaded file ({zip_name}).
   Windows: right-click the zip file, then "Extract All".
   macOS: double-click the zip file.
2. In the folder "{top}" that this creates, double-click index.html.
   The site opens in your usual browser (checked with Chromium, the engine of Chrome and Edge,
   Firefox ESR, and WebKit, the engine of Safari).
   Opening index.html from inside the zip without unzipping it does not work.
   The English pages are under "en"; every page has a language switch.
3. On a self-check page the scoring engine takes a few seconds to start; you can answer
   meanwhile.

NETWORK AND DATA
The site works without an internet connection and itself sends nothing anywhere. Your answers
and notes are kept in this computer's browser (localStorage). Clearing the browser's data deletes
them: use "Export answers (JSON)" on a self-check page to keep a copy.

SAVED ANSWERS: A CAUTION
In Chrome, Edge and other Chromium-based browsers, every page opened as a file on the computer
(file://) shares one storage. Another HTML file opened in the same browser (an email attachment,
for example) can therefore read the saved answers and notes, change them or send them away.

ON A SHARED COMPUTER (A SEMINAR, FOR EXAMPLE)
Before you start, turn on "Shared-device mode (answers are not kept)" on the first page that
index.html opens (every self-check page has it too). While it is on, answers are held in
that browser tab and are gone when the tab is closed; nothing is left on the computer. To take
your results home, export them ("Export answers (JSON)") or print them (or save as PDF) before
you close the tab. If you answered without shared-device mode, erase your answers with "Erase
answers and finish" (「回答を消去して終了」 on the Japanese pages) on the self-check page when you
finish.

CHECKING THE FILES (SHA-256)
Compare the SHA-256 of your zip file with the value in {zip_name}.sha256, published next to the
zip:
  Windows (PowerShell):     Get-FileHash -Algorithm SHA256 {zip_name}
  macOS / Linux (Terminal): shasum -a 256 {zip_name}
{MANIFEST} lists the SHA-256 of every unzipped file. To check them all on Windows, open
PowerShell in the folder "{top}" (right-click inside the folder, then "Open in Terminal"; on
Windows 10, Shift + right-click, then "Open PowerShell window here") and run this one line. It
prints only OK when every file matches, and otherwise the lines of the files that do not:
  {POWERSHELL_CHECK}
On macOS or Linux, run this inside the same folder; every line should say OK:
  shasum -a 256 -c {MANIFEST}

The content is edited from METI and other public documents; the English text is the project's
own translation.
"""
    return {README_JA: ja, README_EN: en}


def _project_root() -> Path:
    try:
        return project_root()
    except EconsecError:
        return Path.cwd()


def _txt(text: str) -> bytes:
    """Windows Notepad-friendly text: UTF-8 with BOM, CRLF line ends (fine on macOS/Linux too)."""
    return ("\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")).encode("utf-8")


def manifest(entries: dict[str, bytes]) -> bytes:
    """``<sha256>  <path>`` for every entry, sorted by path (``shasum -a 256 -c`` reads it)."""
    lines = [
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(entries.items())
    ]
    return "".join(lines).encode("utf-8")


def _zip_date(build_id: str) -> tuple[int, int, int, int, int, int]:
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})$", build_id)
    if not match:
        return ZIP_EPOCH
    y, m, d = (int(g) for g in match.groups())
    return (max(y, 1980), m, d, 0, 0, 0)


def _write_zip(zip_path: Path, top: str, entries: dict[str, bytes], date_time) -> None:
    tmp = zip_path.with_name(zip_path.name + ".part")
    tmp.write_bytes(
        deterministic_zip(
            {f"{top}/{name}": data for name, data in entries.items()}, date_time=date_time
        )
    )
    tmp.replace(zip_path)


def make_bundle(
    site_dir: Path, dist_dir: Path, name: str = DEFAULT_NAME, root: Path | None = None
) -> Bundle:
    """Pack ``site_dir`` into ``dist_dir/<name>-offline-<version>-<date>.zip`` (+ ``.sha256``).

    ``root``: the project folder, whose path no file may contain (econsec/build/machine.py);
    default: found from the working folder, else the working folder itself.
    """
    site_dir = Path(site_dir).resolve()
    _check_site(site_dir)
    build_id = site_build_id(site_dir)
    tag = build_id.replace("+", "-")
    top = f"{name}-offline-{tag}"

    entries = {rel: path.read_bytes() for rel, path in bundle_files(site_dir)}
    # file:// needs its own Content-Security-Policy (econsec.build.csp); the manifest lists these bytes.
    entries = csp.offline_pages(entries, IFRAME_WORKER_DEST.as_posix())
    for fname, text in readme_texts(top, build_id).items():
        entries[fname] = _txt(text)
    entries[MANIFEST] = manifest(entries)
    root = Path(root) if root else _project_root()
    machine.check_entries(
        ((f"{top}/{n}", d) for n, d in sorted(entries.items())),
        machine.Machine.this(root),
        machine.Upstream(root),
        root / machine.VERDICTS,
    )

    dist_dir.mkdir(parents=True, exist_ok=True)
    zip_path = dist_dir / f"{top}.zip"
    _write_zip(zip_path, top, entries, _zip_date(build_id))
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    (dist_dir / f"{zip_path.name}.sha256").write_text(
        f"{digest}  {zip_path.name}\n", encoding="utf-8"
    )
    return Bundle(
        zip_path=zip_path,
        sha256=digest,
        top=top,
        build_id=build_id,
        files=len(entries),
        size=zip_path.stat().st_size,
    )
