"""Issue 17, point 6: the privacy text is exactly true offline.

From ``file://`` Chromium gives every local page one storage, so another local HTML file opened
in the same browser can read, change or send away the saved answers and notes. The privacy
section of the about page (both languages, as written and as built) and both read-mes of the
offline bundle say so, advise shared-device mode and erasing the answers on a shared computer
(issue 13 §3), and no longer claim that
the answers are kept *only* in the browser or are never sent anywhere (the site itself sends
nothing; another file may).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from econsec.build import bundle_text

ROOT = Path(__file__).resolve().parents[2]

# What must be said, per language (the read-mes put spaces around Latin words in Japanese).
STATED = {
    "ja": [
        "全て同じ保存領域を使います",
        r"別の ?HTML ?ファイル",
        "保存された回答とメモの読み取り・書き換え・外部への送信が可能です",
        "共用のパソコン",
        "「共用端末モード（回答を保存しない）」をオンにしてください",
        "使い終わったら自己点検ページの「回答を消去して終了」で消去してください",
    ],
    "en": [
        r"every page opened as a file on the computer\s+\(file://\) shares one storage",
        r"Another HTML file opened in the same browser",
        r"read the saved answers and notes, change them or send them away",
        r"turn on \"Shared-device mode \(answers are not kept\)\"",
        r"erase your answers with \"Erase\s+answers and finish\"",
    ],
}
# What claimed more than is true.
OVERCLAIMS = {
    "ja": ["どこにも送信されません", "にだけ保存されます", "の中（localStorage）にだけ"],
    "en": [
        "never sent anywhere",
        "kept only in",
        "sends nothing anywhere. Your answers are kept only",
    ],
}


def _privacy_section(markdown: str) -> str:
    start = markdown.index("{#privacy}")
    end = markdown.find("\n## ", start)
    return markdown[start : end if end != -1 else None]


def _check(text: str, lang: str, where: str) -> None:
    flat = re.sub(r"\s*\n\s*", "\n", text)
    for pattern in STATED[lang]:
        assert re.search(pattern, flat) or re.search(pattern, flat.replace("\n", "")), (
            f"{where}: missing {pattern!r}"
        )
    for claim in OVERCLAIMS[lang]:
        assert claim not in flat.replace("\n", ""), f"{where}: still claims {claim!r}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_privacy_section_states_the_file_url_storage_fact(lang: str) -> None:
    page = ROOT / "docs" / lang / "about" / "index.md"
    _check(_privacy_section(page.read_text(encoding="utf-8")), lang, str(page))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_built_privacy_section_states_it_too(site_dir: Path, lang: str) -> None:
    page = site_dir / ("en/" if lang == "en" else "") / "about" / "index.html"
    text = page.read_text(encoding="utf-8")
    section = text[text.index('id="privacy"') :]
    section = html.unescape(re.sub(r"<[^>]+>", "", section.split("<h2", 1)[0]))
    _check(section, lang, str(page))


def test_both_bundle_read_mes_state_it() -> None:
    texts = bundle_text.readme_texts("econsec-site-offline-9.9.9-2026-01-31", "9.9.9+2026-01-31")
    _check(texts[bundle_text.README_JA], "ja", bundle_text.README_JA)
    _check(texts[bundle_text.README_EN], "en", bundle_text.README_EN)


def test_no_page_claims_that_answers_never_leave_the_device() -> None:
    claims = [
        *OVERCLAIMS["ja"],
        *OVERCLAIMS["en"],
        "端末の外に出ません",
        "外部には送信されません",
        "never leave",
    ]
    found = [
        f"{page.relative_to(ROOT)}: {claim}"
        for page in sorted((ROOT / "docs").rglob("*.md"))
        for claim in claims
        if claim in page.read_text(encoding="utf-8")
    ]
    assert found == []
