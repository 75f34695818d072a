"""Shared-device mode: on a shared PC, answers are kept for the tab only and never left behind.

``/// shared-device`` (the home page, the offline bundle's start page) and every self-check render
the same switch, ``input[type=checkbox][data-action="shared-device"]`` in
``[data-shared-device-box]`` (hidden until the script shows it). While it is on, the widget keeps
answers in ``sessionStorage`` (gone when the tab closes) and writes nothing to ``localStorage``;
the flag itself is in ``sessionStorage``, so it holds for the whole site in that tab
(``js/widget/shared.js``). The strings reach the script as ``text.shared`` in a self-check's
JSON, and in the switch's own ``script[data-econsec-shared]`` on other pages.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown.util import AtomicString

from econsec.mdext.config import EconsecBlock
from econsec.mdext.elements import action_part, el, embed_json, switch

# sessionStorage keys (not localStorage: they must go with the tab).
SHARED_DEVICE_KEY = "econsec:shared-device"
SEEN_PREFIX = "econsec:seen:"  # a saved record this tab has already been told about

SHARED_TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "label": "共用端末モード（回答を保存しない）",
        "help": (
            "セミナー会場などの共用のパソコンでは、オンにしてください。回答はこのタブを閉じるまでの"
            "間だけ保持し、この端末には保存しません。このタブで開くほかのページでも、オンのままです。"
        ),
        "on": "共用端末モードをオンにしました。回答はこのタブを閉じると消えます。",
        "off": "共用端末モードをオフにしました。これからの回答は、この端末に保存します。",
        "unavailable": "このブラウザーでは、共用端末モードを使えません。",
        "saved_earlier": (
            "この端末には、{when}に保存された回答（{count}項目）があります。"
            "ご自身の回答でない場合は、消去してから始めてください。"
        ),
        "clear_all": "回答を消去して終了",
        "clear_all_confirm": (
            "この端末に保存されている、このチェックリストの回答、メモ、行動計画、比較の結果及び"
            "壊れたデータの写しをすべて消去します。よろしいですか？"
        ),
        "clear_all_done": (
            "このチェックリストについて、この端末に保存していたものをすべて消去しました。"
            "ブラウザーのタブを閉じて終了してください。"
        ),
        "clear_all_cancelled": "取り消しました。何も消去していません。",
    },
    "en": {
        "label": "Shared-device mode (answers are not kept)",
        "help": (
            "Turn this on on a shared computer, at a seminar for example. Answers are kept only "
            "until this tab is closed and are not saved on this device. It stays on for the other "
            "pages you open in this tab."
        ),
        "on": "Shared-device mode is on. Your answers will be gone when you close this tab.",
        "off": "Shared-device mode is off. From now on, answers are saved on this device.",
        "unavailable": "Shared-device mode cannot be used in this browser.",
        "saved_earlier": (
            "Answers to {count} questions saved on this device on {when} are shown. If they are "
            "not yours, erase them before you start."
        ),
        "clear_all": "Erase answers and finish",
        "clear_all_confirm": (
            "Erase everything this checklist saved on this device: answers, notes, action plan, "
            "comparison and copies of damaged data?"
        ),
        "clear_all_done": (
            "Everything this checklist saved on this device has been erased. Close the browser "
            "tab to finish."
        ),
        "clear_all_cancelled": "Cancelled. Nothing was erased.",
    },
}


def shared_rules() -> dict[str, str]:
    """The switch's rules, for the widget's JSON and the switch's own."""
    return {"shared_device_key": SHARED_DEVICE_KEY, "seen_prefix": SEEN_PREFIX}


def render_shared_switch(
    parent: etree.Element,
    id_: str,
    lang: str,
    *,
    clear_all: bool = False,
    help_parent: etree.Element | None = None,
) -> etree.Element:
    """The labelled switch with its explanation and a status line (shown by the script); on a
    self-check also "erase and finish" (``clear_all``), and the explanation goes to
    ``help_parent`` (its "about" disclosure) so that the switch takes one line."""
    t = SHARED_TEXT[lang]
    box = el(
        parent,
        "div",
        class_="econsec-shared",
        data_shared_device_box="",
        hidden="hidden",
        data_search_exclude="",
    )
    line = el(box, "p", class_="econsec-shared__switch")
    switch(line, "shared-device", f"{id_}-help", id=id_)
    el(line, "label", t["label"], for_=id_)
    # Still the switch's description where it is shown elsewhere (aria-describedby reads text
    # inside a closed disclosure too).
    el(
        help_parent if help_parent is not None else box,
        "p",
        t["help"],
        id=f"{id_}-help",
        class_="econsec-shared__help",
    )
    if clear_all:
        el(
            box,
            "button",
            t["clear_all"],
            type="button",
            class_="md-button",
            data_action="clear-all",
        )
    el(box, "p", "", role="status", class_="econsec-shared__status", data_local_message="")
    return box


def render_saved_earlier(root: etree.Element, base: str, lang: str) -> None:
    """The notice that answers saved earlier on this device are shown (filled by the script)."""
    text = action_part(
        root,
        f"{base}-saved-earlier",
        "",
        SHARED_TEXT[lang]["clear_all"],
        "clear-all",
        class_="econsec-saved-earlier",
        data_saved_earlier="",
    )
    text.set("data-saved-earlier-text", "")  # the script fills it


class SharedDeviceBlock(EconsecBlock):
    """``/// shared-device``: the switch on a page without a self-check (the start page)."""

    NAME = "shared-device"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        lang = self.settings()["lang"] if self.settings()["lang"] in SHARED_TEXT else "ja"
        box = render_shared_switch(parent, "ec-shared-device", lang)
        data: dict[str, Any] = {"text": SHARED_TEXT[lang], "rules": shared_rules()}
        script = el(box, "script", None, type="application/json", data_econsec_shared="")
        script.text = AtomicString(embed_json(data))
        return box
