"""Compare with an earlier check: the section of a self-check that holds it, and its strings.

The section is written empty and hidden (it needs the engine, so nothing of it works without
JavaScript); ``js/widget/compare.js`` shows it, reads the chosen answers file through the engine
(``econsec.engine.bridge.compare_json``, the function ``econsec compare`` prints) and fills
``[data-result="comparison"]``. ``COMPARE_TEXT`` reaches the widget as ``text.compare``
(``econsec.mdext.widget_config``). DOM contract: ARCHITECTURE.md, "Comparison".
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from econsec.mdext.elements import el, json_file_input, local_message, script_part

COMPARE_TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "title": "前回の結果と比べる",
        "intro": (
            "以前に書き出した回答ファイル（JSON）を選ぶと、そのときの回答と現在の回答を比べます。"
            "ファイルはこの端末の中で読み込むだけで、どこにも送信しません。"
            "比べた結果は、消去するまで回答と一緒にこの端末へ保存します。印刷にも含めます。"
        ),
        "choose": "比べる回答ファイル（JSON）を選ぶ",
        "clear": "比較をやめる",
        "source": "比べる相手：{date}に書き出した回答（チェックリストの版：{version}）",
        "source_undated": "比べる相手：読み込んだ回答ファイル（チェックリストの版：{version}）",
        "version_unknown": "不明",
        "score": "総合スコア：前回 {before} → 今回 {after}（{change}）",
        "outcome": "判定：前回「{before}」→ 今回「{after}」",
        "points": "{value} 点",
        "up": "{value} 点上昇",
        "down": "{value} 点低下",
        "same": "変化なし",
        "none": "比べられません",
        "sections_caption": "区分ごとの比較（点）",
        "items_caption": "設問ごとの変化",
        "col_section": "区分",
        "col_item": "設問",
        "col_before": "前回",
        "col_after": "今回",
        "col_change": "変化",
        "changes": {
            "improved": "改善",
            "worse": "悪化",
            "same": "変化なし",
            "new": "今回から採点の対象",
            "dropped": "今回は採点の対象外",
            "changed": "回答が変わった",
        },
        "summary": "設問の変化：{list}",
        "summary_part": "{label} {count}",
        "checklist_changes": "前回の版から変わった設問：{list}",
        "checklist_change_kinds": {"added": "追加", "reworded": "文言の変更", "removed": "削除"},
        "checklist_incomplete": (
            "前回のファイルには、その版の設問の一覧が含まれていないため、"
            "追加や文言の変更があっても示すことができません。"
        ),
        "loaded": "「{name}」の回答と比べています。",
        "cleared": "比較をやめました。読み込んだ回答の写しも、この端末から削除しました。",
        "unchanged": "比較の内容は変更していません。",
        "needs_engine": "採点の準備ができてから、もう一度ファイルを選んでください。",
        "failed": "比べることができませんでした（{message}）。",
    },
    "en": {
        "title": "Compare with an earlier check",
        "intro": (
            "Choose an answers file (JSON) that you exported earlier to compare its answers with "
            "your current ones. The file is only read on this device and is not sent anywhere. "
            "The comparison is kept on this device with your answers until you remove it, and it "
            "is included when you print."
        ),
        "choose": "Choose an answers file (JSON) to compare with",
        "clear": "Remove the comparison",
        "source": "Compared with: answers exported on {date} (checklist version {version})",
        "source_undated": "Compared with: the answers file you chose (checklist version {version})",
        "version_unknown": "unknown",
        "score": "Overall score: before {before} → now {after} ({change})",
        "outcome": "Outcome: before “{before}” → now “{after}”",
        "points": "{value}",
        "up": "up {value}",
        "down": "down {value}",
        "same": "no change",
        "none": "cannot be compared",
        "sections_caption": "Comparison by section (points)",
        "items_caption": "Changes by question",
        "col_section": "Section",
        "col_item": "Question",
        "col_before": "Before",
        "col_after": "Now",
        "col_change": "Change",
        "changes": {
            "improved": "Improved",
            "worse": "Worse",
            "same": "No change",
            "new": "Counted from now on",
            "dropped": "No longer counted",
            "changed": "Answer changed",
        },
        "summary": "Changes by question: {list}",
        "summary_part": "{label} {count}",
        "checklist_changes": "Questions changed since the earlier version: {list}",
        "checklist_change_kinds": {"added": "added", "reworded": "reworded", "removed": "removed"},
        "checklist_incomplete": (
            "The earlier file does not list the questions of its version, so questions added or "
            "reworded since then cannot be shown."
        ),
        "loaded": "Comparing with the answers in “{name}”.",
        "cleared": "The comparison is removed, and so is the copy of the earlier answers on this "
        "device.",
        "unchanged": "The comparison has not been changed.",
        "needs_engine": "Please choose the file again once the scoring is ready.",
        "failed": "The files could not be compared ({message}).",
    },
}


def render_comparison(root: etree.Element, base: str, lang: str) -> None:
    """The hidden section the widget shows: the file control, the result and the clear button."""
    t = COMPARE_TEXT[lang]
    box = script_part(
        root,
        "section",
        f"{base}-compare-title",
        role=None,
        class_="econsec-compare",
        data_compare="",
    )
    el(box, "h3", t["title"], id=f"{base}-compare-title", class_="econsec-compare__title")
    el(box, "p", t["intro"], class_="econsec-compare__intro")
    json_file_input(box, t["choose"], f"{base}-compare", "compare")
    el(box, "div", "", class_="econsec-comparison", data_result="comparison", hidden="hidden")
    el(
        box,
        "button",
        t["clear"],
        type="button",
        class_="md-button",
        data_action="clear-comparison",
        hidden="hidden",
    )
    local_message(box)
