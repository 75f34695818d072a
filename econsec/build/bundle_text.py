"""The words of the offline bundle: its two read-mes and the notice for a page opened unzipped.

The read-mes (``はじめにお読みください.txt``, ``README.txt``) open with using the bundle, at a
seminar too: unzip first, which self-check fits, shared-device mode, taking the results home and
erasing them; the checksums come last. Button and switch names are the pages' own strings
(``econsec.mdext.ui_text``, ``econsec.mdext.shared_device``), so the read-me names what the
page shows. The list of self-checks is the self-check index's: each checklist's name, who should
answer it, its question count and time, from the checklist definitions
(``econsec.mdext.check_summaries``).

The notice (``notice_html``) is what ``econsec.build.bundle`` puts at the top of every page of the
bundle: it shows only where the site's stylesheet did not load, which is what happens when a page
is opened from inside the zip (Windows Explorer copies that one file to a temporary folder).
"""

from __future__ import annotations

import html
from pathlib import Path

from econsec.mdext.check_summaries import SUMMARY_TEXT, minutes_text, questions_text, summarise
from econsec.mdext.shared_device import SHARED_TEXT
from econsec.mdext.ui_text import TEXT as FORM_TEXT
from econsec.sources.checklists import load_all

README_JA = "はじめにお読みください.txt"
README_EN = "README.txt"
MANIFEST = "MANIFEST.sha256"
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


# How to unzip, said the same way in the read-mes and in the notice.
EXTRACT = {
    "ja": (
        "Windows：zip ファイルを右クリック →「すべて展開」",
        "macOS：zip ファイルをダブルクリック",
    ),
    "en": (
        'Windows: right-click the zip file, then "Extract All".',
        "macOS: double-click the zip file.",
    ),
}

# The notice: a title, why, and three steps. {top}: the bundle's top folder.
NOTICE: dict[str, dict[str, object]] = {
    "ja": {
        "title": "zip ファイルを展開してから開いてください",
        "why": (
            "この表示が出ている場合は、zip ファイルを展開せずに開いているため、"
            "このサイトは正しく表示・動作しません。次の手順で開き直してください。"
        ),
        "steps": (
            "このページ（ブラウザーのタブ）を閉じます。",
            "ダウンロードした zip ファイルを展開（解凍）します。{extract}",
            "展開してできたフォルダー「{top}」の中の index.html をダブルクリックします。",
        ),
    },
    "en": {
        "title": "Extract the zip file first, then open index.html",
        "why": (
            "If you can see this, the page was opened without extracting the zip file first, "
            "so the site does not display or work properly. Open it again this way:"
        ),
        "steps": (
            "Close this page (the browser tab).",
            "Extract (unzip) the downloaded zip file. {extract}",
            'In the folder "{top}" that this creates, double-click index.html.',
        ),
    },
}

# Inline styles, as no stylesheet is there when the notice shows; the site's stylesheet
# (overrides/assets/econsec/econsec.css) hides the notice, so where it loads nothing shows.
# Each distinct value is one 'unsafe-hashes' source in the page's policy (econsec.build.csp).
NOTICE_CLASS = "econsec-unzip-notice"
_BOX_STYLE = (
    "margin:0 0 16px;padding:12px 16px;border:4px solid #b00020;background:#fff8e1;"
    "color:#000;font-family:sans-serif;font-size:18px;line-height:1.6"
)
_TITLE_STYLE = "margin:0 0 8px;font-size:24px;font-weight:bold"


def _notice_part(lang: str, top: str) -> str:
    words = NOTICE[lang]
    extract = "。".join(EXTRACT[lang]) + "。" if lang == "ja" else " ".join(EXTRACT[lang])
    steps = "".join(
        f"<li>{html.escape(str(s).format(top=top, extract=extract))}</li>"
        for s in words["steps"]  # type: ignore[union-attr]
    )
    return (
        f'<div lang="{lang}">'
        f'<p style="{_TITLE_STYLE}">{html.escape(str(words["title"]))}</p>'
        f"<p>{html.escape(str(words['why']))}</p><ol>{steps}</ol></div>"
    )


def notice_html(page_lang: str, top: str) -> str:
    """The notice for a page in ``page_lang``: both languages, the page's own first."""
    langs = ("en", "ja") if page_lang == "en" else ("ja", "en")
    parts = "".join(_notice_part(lang, top) for lang in langs)
    return (
        f'<div class="{NOTICE_CLASS}" data-econsec-unzip-notice style="{_BOX_STYLE}">{parts}</div>'
    )


def check_lines(lang: str, root: Path) -> list[str]:
    """One line per self-check of the project at ``root``, as the index lists them: name, who
    should answer it, questions and time."""
    t = SUMMARY_TEXT[lang]
    out = []
    for checklist in load_all(root / "checklists", None):
        s = summarise(checklist, root / "docs", lang)
        count_time = t["count_time"].format(
            questions=questions_text(s.questions, lang), minutes=minutes_text(s.questions, lang)
        )
        out.append(f"{s.name}{t['list_sep']}{s.audience or ''}{count_time}")
    return out


def _checks(lang: str, root: Path) -> str:
    bullet = "・" if lang == "ja" else "- "
    return "\n".join(f"   {bullet}{line}" for line in check_lines(lang, root))


def readme_texts(top: str, build_id: str, root: Path | None = None) -> dict[str, str]:
    """The two read-me files (Japanese, English) for a bundle whose top folder is ``top``, made
    from the project at ``root`` (default: the one this package is in)."""
    root = Path(root) if root else Path(__file__).resolve().parents[2]
    # The texts the read-mes quote from the pages, as <lang>_<name> for the templates below.
    names: dict[str, str] = {"top": top, "zip_name": f"{top}.zip", "build_id": build_id}
    names |= {"MANIFEST": MANIFEST, "POWERSHELL_CHECK": POWERSHELL_CHECK}
    for lang in ("ja", "en"):
        form, shared = FORM_TEXT[lang], SHARED_TEXT[lang]
        quoted = {
            "checks": _checks(lang, root),
            "clear_all": shared["clear_all"],
            "label": shared["label"],
            **{key: form[key] for key in ("export_csv", "export_json", "import", "print")},
        }
        names |= {f"{lang}_{key}": value for key, value in quoted.items()}
        names[f"extract_{lang}_0"], names[f"extract_{lang}_1"] = EXTRACT[lang][:2]
        names[f"notice_{lang}_title"] = NOTICE[lang]["title"]
    ja = """経済安全保障・技術流出対策 自己点検サイト（オフライン版）
版：{build_id}
本サイトの内容は経済産業省等の公表資料を加工して作成したものです。

■ 使い方（セミナー会場などで使う場合も、まずお読みください）
1. ダウンロードした zip ファイル（{zip_name}）を展開（解凍）します。
   {extract_ja_0}
   {extract_ja_1}
   ※ zip を展開せずに中の index.html を開くと、正しく表示・動作しません。
     その場合は、ページの先頭に「{notice_ja_title}」と表示されます。
2. 展開してできたフォルダー「{top}」の中の index.html をダブルクリックします。
   いつも使っているブラウザーでサイトが開きます（Chromium（Chrome・Edge と同じ仕組み）、
   Firefox ESR 及び WebKit（Safari と同じ仕組み）で動作を確かめています）。
   英語のページは「en」フォルダーにあります。各ページ上部の「English」で切り替えられます。
3. セミナー会場などの共用のパソコンでは、始める前に、index.html で開く最初のページにある
   「{ja_label}」をオンにしてください（各自己点検のページにもあります）。
   オンの間、回答はそのタブの中だけに保持され、タブを閉じると消えます。パソコンには残りません。
4. 目的に合った自己点検から始めてください。自己点検は次の4種類です
   （サイトの「自己点検の使い方」のページ（checks/index.html）にも一覧があります）。
{ja_checks}
5. 自己点検のページでは、採点の準備に数秒かかります。準備中も回答は入力できます。
6. 結果を持ち帰るときは、ブラウザーのタブを閉じる前に、自己点検のページの
   「{ja_export_json}」、「{ja_export_csv}」又は「{ja_print}」
   （PDF として保存することもできます）を使ってください。書き出した JSON ファイルは、
   別のパソコンでも、同じ自己点検のページの「{ja_import}」を使うと、
   続きから回答できます。
7. 共用端末モードを使わずに回答した場合は、
   使い終わったら自己点検ページの「{ja_clear_all}」で消去してください。

■ 通信とデータについて
このサイトはインターネットに接続せずに動作し、入力した回答などの情報を外部に送信しません。
回答とメモは、このパソコンのブラウザーの中（localStorage）に保存されます。
ブラウザーの閲覧データを消去すると回答も消えますので、残したい場合は各ページの
「{ja_export_json}」で保存してください。

■ 保存した回答についての注意
Chrome や Edge などのブラウザーでは、パソコン上のファイルとして開いたページ（file://）は、
全て同じ保存領域を使います。このため、同じブラウザーで開いた別の HTML ファイル
（メールの添付ファイルなど）からも、保存された回答とメモの読み取り・書き換え・外部への送信が可能です。

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
""".format(**names)
    en = """Economic security and technology leakage: self-check site (offline edition)
Version: {build_id}
The content is edited from METI and other public documents; the English text is the project's
own translation.

HOW TO USE IT (AT A SEMINAR TOO: READ THIS FIRST)
1. Unzip the downloaded file ({zip_name}).
   {extract_en_0}
   {extract_en_1}
   Opening index.html from inside the zip without unzipping it does not work: the page then
   says "{notice_en_title}" at the top.
2. In the folder "{top}" that this creates, double-click index.html.
   The site opens in your usual browser (checked with Chromium, on which Chrome and Edge are built,
   Firefox ESR, and WebKit, on which Safari is built).
   The English pages are under "en"; every page has a language switch ("English" at the top).
3. On a shared computer (at a seminar, for example), before you start,
   turn on "{en_label}" on the first page that
   index.html opens (every self-check page has it too). While it is on, answers are held in that
   browser tab and are gone when the tab is closed; nothing is left on the computer.
4. Start with the self-check that fits your purpose. There are four (the site's page "How the
   self-checks work", checks/index.html, lists them too):
{en_checks}
5. On a self-check page the scoring takes a few seconds to get ready; you can answer meanwhile.
6. To take your results home, use "{en_export_json}", "{en_export_csv}" or
   "{en_print}" (or save as PDF) on the self-check page before you close the browser tab.
   On another computer, "{en_import}" on the same self-check page reads the
   exported JSON file back, and you can go on from there.
7. If you answered without shared-device mode, erase your answers with "{en_clear_all}"
   (「{ja_clear_all}」 on the Japanese pages) on the self-check page when you finish.

NETWORK AND DATA
The site works without an internet connection and itself sends nothing anywhere. Your answers
and notes are kept in this computer's browser (localStorage). Clearing the browser's data deletes
them: use "{en_export_json}" on a self-check page to keep a copy.

SAVED ANSWERS: A CAUTION
In Chrome, Edge and other Chromium-based browsers, every page opened as a file on the computer
(file://) shares one storage. Another HTML file opened in the same browser (an email attachment,
for example) can therefore read the saved answers and notes, change them or send them away.

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
""".format(**names)
    return {README_JA: ja, README_EN: en}
