"""Where to get help, on a self-check: the desks that fit the user's gaps, and the strings.

``[data-result="support"]`` in the results holds one ``[data-desk="<desk-id>"]`` for every desk
the checklist's items name (``data/support_desks.yml``, in that file's order). Without the script
all of them show; the widget (``js/widget/support.js``) shows the desks of the engine's result
(``support`` in ``econsec.engine.scoring.score``: the desks of the next steps, in their order), each
with the questions that led there and a button that prints a one-page 相談メモ for that desk.
``SUPPORT_TEXT`` reaches the widget as ``text.support`` (``econsec.mdext.widget_config``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any

from econsec.mdext.elements import el
from econsec.sources.desks import Desk

SUPPORT_TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "title": "相談できる窓口",
        "intro": (
            "このチェックリストの設問に関係する相談・支援窓口です。回答すると、次の一歩に挙げた"
            "設問に関係する窓口を、その設問とともに示します。"
        ),
        "own": (
            "設問と窓口の対応付けは本サイトによるものです。窓口の説明は、出典資料を加工して"
            "作成しました。"
        ),
        "none": "次の一歩に挙げた設問に関係する窓口はありません。",
        "items": "この窓口に関係する設問",
        "official": "公式ページ",
        "on_site": "このサイトの説明",
        "print": "相談メモを印刷",
        "print_label": "{name}の相談メモを印刷",
        "memo_title": "相談メモ：{name}",
        "memo_intro": "「{checklist}」（チェックリストの版：{version}）の回答のうち、この窓口に関係する設問です。",
        "memo_date": "作成日：{date}",
        "memo_note": "メモ",
        "memo_ask": "相談したいこと",
        "memo_footer": (
            "このメモは、本サイトのセルフチェックで作成したものです。回答はこの端末の中で"
            "処理しており、どこにも送信していません。"
        ),
    },
    "en": {
        "title": "Where to get help",
        "intro": (
            "Support desks related to this checklist's questions. Once you answer, this shows "
            "the desks related to the questions among your next steps, with those questions."
        ),
        "own": (
            "Which desk fits which question is the project's own judgement. The descriptions "
            "of the desks are edited and translated from the source."
        ),
        "none": "None of the questions among your next steps relates to a support desk.",
        "items": "Your questions for this desk",
        "official": "Official page",
        "on_site": "On this site",
        "print": "Print a consultation memo",
        "print_label": "Print a consultation memo for {name}",
        "memo_title": "Consultation memo: {name}",
        "memo_intro": (
            "The questions of “{checklist}” (version {version}) whose answers relate to this desk."
        ),
        "memo_date": "Date: {date}",
        "memo_note": "Note",
        "memo_ask": "What to ask",
        "memo_footer": (
            "Made with this site's self-check. Your answers were processed on this device and "
            "sent nowhere."
        ),
    },
}


def desks_of(definition: dict[str, Any], desks: dict[str, Desk]) -> list[Desk]:
    """The desks the checklist's items name, in the desks file's order."""
    named = {desk for item in definition.get("items", []) for desk in item.get("support") or []}
    return [desk for desk_id, desk in desks.items() if desk_id in named]


def render_support_results(
    results_el: etree.Element, base: str, lang: str, desks: Iterable[Desk], source: str
) -> None:
    """The desks section of the results (``source``: the desks file's source line)."""
    desks = list(desks)
    if not desks:
        return
    t = SUPPORT_TEXT[lang]
    box = el(
        results_el,
        "section",
        class_="econsec-support",
        data_result="support",
        aria_labelledby=f"{base}-support-title",
    )
    el(box, "h4", t["title"], id=f"{base}-support-title")
    el(box, "p", t["intro"])
    el(box, "p", t["none"], data_support_empty="", hidden="hidden")
    listing = el(box, "div", data_desk_list="")
    for desk in desks:
        dbase = f"{base}-desk-{desk.id}"
        # A div with a label, not an <article>: Material's page is one <article> already.
        art = el(
            listing,
            "div",
            role="group",
            id=dbase,
            class_="econsec-desk",
            data_desk=desk.id,
            aria_labelledby=f"{dbase}-name",
        )
        # A heading for assistive technology, but not an <h5>: the page's table of contents
        # lists every heading, and six desk names there would crowd out the page's own parts.
        el(
            art,
            "p",
            desk.name[lang],
            id=f"{dbase}-name",
            class_="econsec-desk__name",
            role="heading",
            aria_level="5",
        )
        el(art, "p", desk.helps[lang], class_="econsec-desk__helps")
        if desk.note:
            el(art, "p", desk.note[lang], class_="econsec-desk__note econsec-explanation")
        links = el(art, "p", class_="econsec-desk__links")
        if desk.url:
            el(links, "a", t["official"], href=desk.url, data_desk_url="")
            el(links, "span", "　" if lang == "ja" else " · ")
        # "/support.md#tics": MkDocs makes it relative to the page, as with guidance links.
        el(links, "a", t["on_site"], href=desk.page, data_desk_page="")
        items = el(art, "div", class_="econsec-desk__items", data_desk_items="", hidden="hidden")
        el(items, "p", t["items"], id=f"{dbase}-items", class_="econsec-desk__items-title")
        el(items, "ul", "", aria_labelledby=f"{dbase}-items")
        el(
            art,
            "button",
            t["print"],
            type="button",
            class_="md-button",
            data_action="print-support",
            aria_label=t["print_label"].replace("{name}", desk.name[lang]),
            hidden="hidden",
        )
    el(box, "p", t["own"], class_="econsec-support__own econsec-explanation")
    el(box, "p", source, class_="econsec-support__source")
