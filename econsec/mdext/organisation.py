"""The self-check's "save and print" group, and in it whose answers these are (issue 18 §8).

``input[name="organisation"]`` sits with the export and print buttons, because that is where the
name is used: on the printed report, at the top level of the answers file (``"organisation"``,
read by ``econsec.engine.exchange.clean_organisation``) and at the start of every exported file's
name. The widget keeps it on the device with the answers; erasing the answers erases it too.
An anonymous export (``[data-action=export-anonymous]``, for a seminar's facilitator, issue 13 §2)
never carries it: only the answers' values and the date, nothing that tells who or which device.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from econsec.engine.exchange import MAX_ORGANISATION_CHARS
from econsec.mdext.elements import el, json_file_input, local_message, script_part
from econsec.mdext.ui_text import TEXT
from econsec.mdext.worksheet import WORKSHEET_TEXT

ORGANISATION_TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "label": "組織名（任意）",
        "hint": (
            "入力すると、印刷した報告書と書き出すファイル（ファイル名を含む）に表示します。"
            "回答と一緒にこの端末にだけ保存し、外部には送信しません。"
        ),
        "printed": "組織名：{name}",
        "export_anonymous": "匿名で書き出す（JSON）",
        "exported_anonymous": (
            "「{title}」の回答だけを、メモ、行動計画、組織名及び時刻を含めずに {name} として"
            "書き出しました。ファイルは、ブラウザの保存先（通常は「ダウンロード」フォルダ）にあります。"
        ),
    },
    "en": {
        "label": "Organisation name (optional)",
        "hint": (
            "If given, it is shown on the printed report and in the exported files and their "
            "names. It is kept with the answers on this device only and never sent anywhere."
        ),
        "printed": "Organisation: {name}",
        "export_anonymous": "Export anonymously (JSON)",
        "exported_anonymous": (
            "Exported only the answers to “{title}”, without notes, plan, organisation or time of "
            "day, as {name}. The file is where your browser saves downloads (usually the Downloads "
            "folder)."
        ),
    },
}

# Characters that no file name may hold on Windows, macOS or Linux (and control characters):
# replaced by "_" when the name starts an exported file's name, which keeps at most
# FILE_NAME_CHARS of it, so that the checklist id and the date always fit.
FILE_NAME_UNSAFE = r'[\\/:*?"<>|\u0000-\u001f\u007f]+'
FILE_NAME_CHARS = 40


def organisation_rules() -> dict[str, Any]:
    """The rules the widget applies to the name (``rules`` in ``widget_config``)."""
    return {
        "max_organisation_chars": MAX_ORGANISATION_CHARS,
        "file_name_unsafe": FILE_NAME_UNSAFE,
        "file_name_chars": FILE_NAME_CHARS,
    }


def render_organisation(parent: etree.Element, base: str, lang: str) -> None:
    """The labelled text field, with what the name is used for and where it is kept."""
    t = ORGANISATION_TEXT[lang]
    box = el(parent, "div", class_="econsec-organisation")
    el(box, "label", t["label"], for_=f"{base}-organisation")
    el(
        box,
        "input",
        None,
        type="text",
        id=f"{base}-organisation",
        name="organisation",
        autocomplete="organization",
        maxlength=str(MAX_ORGANISATION_CHARS),
        aria_describedby=f"{base}-organisation-hint",
    )
    el(box, "p", t["hint"], id=f"{base}-organisation-hint", class_="econsec-organisation__hint")


def render_print_lines(head: etree.Element) -> None:
    """Lines of the printed report only (filled by the widget): the organisation, and why the
    results are missing when printing started before they were ready (``js/widget/printing.js``)."""
    el(head, "p", "", class_="econsec-print-organisation", data_print_organisation="", hidden="")
    el(head, "p", "", class_="econsec-print-unscored", data_print_unscored_note="")


def render_actions(root: etree.Element, base: str, lang: str) -> None:
    """Organisation name, export, print, the blank worksheet, reset and import (shown by the
    widget: they need it), and the line where it says what the last of them did."""
    t = TEXT[lang]
    actions = script_part(
        root, "div", f"{base}-actions-title", class_="econsec-actions", data_actions=""
    )
    el(actions, "h3", t["actions"], id=f"{base}-actions-title", class_="econsec-actions__title")
    render_organisation(actions, base, lang)
    buttons = el(actions, "div", class_="econsec-actions__buttons")
    for action, label in (
        ("export-json", t["export_json"]),
        ("export-csv", t["export_csv"]),
        ("print", t["print"]),
        ("export-anonymous", ORGANISATION_TEXT[lang]["export_anonymous"]),
        ("print-blank", WORKSHEET_TEXT[lang]["button"]),
        ("reset", t["reset"]),
    ):
        el(buttons, "button", label, type="button", class_="md-button", data_action=action)
    json_file_input(actions, t["import"], f"{base}-import", "import")
    local_message(actions)
