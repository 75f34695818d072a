"""The blank worksheet (issue 13 §4): the checklist as a paper form for attendees without a
device, printed by ``button[data-action=print-blank]`` in the save-and-print group.

The widget (``js/widget/worksheet.js``) builds it from the definition, never from the answers on
screen: item numbers as on the page (so that what is written can be typed in later by number),
a box per answer, lines for a note, and the date, the organisation and who filled it in.
"""

from __future__ import annotations

WORKSHEET_TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "button": "白紙の点検表を印刷",
        "title": "点検表：{title}",
        "version": "チェックリストの版：{version}",
        "fill": "記入日：　　　　年　　月　　日　　組織名：　　　　　　　　　　　　記入者：",
        "intro": (
            "各設問について、当てはまる回答の□に印を付けてください。記入した内容は、後で自己点検の"
            "ページで、設問の番号（問1など）を見ながら入力できます。"
        ),
        "note": "メモ",
        "choice": "□ {label}",  # a box to tick, then the answer
        "footer": "このサイトの自己点検「{title}」を白紙で印刷したものです（サイトの版：{build}）。",
        "printing": "白紙の点検表を印刷します。入力した回答は印刷しません。",
    },
    "en": {
        "button": "Print a blank worksheet",
        "title": "Worksheet: {title}",
        "version": "Checklist version {version}",
        "fill": "Date: ______________   Organisation: ______________________   Filled in by: ______________",
        "intro": (
            "Tick the box of the answer that fits each question. What is written here can be typed "
            "into the self-check later, by the question's number (Q1 and so on)."
        ),
        "note": "Note",
        "choice": "□ {label}",
        "footer": "The self-check “{title}” of this site, printed blank (site version {build}).",
        "printing": "Printing a blank worksheet: the answers given on screen are not printed.",
    },
}
