"""What a self-check shows above its first question, kept short (issue 18 §2).

The title; "about this checklist", a disclosure (``details[data-about]``) holding what is not
needed to answer (the description, the source, the translation note, where answers are kept),
which the print stylesheet opens; the engine's status; the message regions; and the progress
bar. ``econsec.mdext.checklist`` adds the saved-earlier notice, the shared-device switch and the
answer key (``econsec.mdext.answer_key``) after it, then the form.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from econsec.mdext.check_summaries import Summary, render_fit
from econsec.mdext.elements import el, text_node, tr
from econsec.mdext.organisation import render_print_lines
from econsec.mdext.ui_text import TEXT

ABOUT_TEXT: dict[str, str] = {
    "ja": "このチェックリストについて（出典、回答の保存）",
    "en": "About this checklist (source, where answers are kept)",
}


def render_head(
    root: etree.Element, d: dict[str, Any], base: str, lang: str, other: Summary | None = None
) -> etree.Element:
    """The title, who should answer (and ``other``, the checklist to use otherwise), the "about"
    disclosure (returned: the shared-device switch puts its explanation there), the print lines
    and the message regions."""
    t = TEXT[lang]
    head = el(root, "div", class_="econsec-checklist__head")
    el(head, "h2", tr(d.get("title"), lang), id=f"{base}-title", class_="econsec-checklist__title")
    render_fit(head, d, other, lang)  # who should answer, and what to use otherwise
    about = el(head, "details", class_="econsec-about", data_about="")
    el(about, "summary", ABOUT_TEXT[lang], class_="econsec-about__summary")
    if d.get("description"):
        el(about, "p", tr(d.get("description"), lang), class_="econsec-checklist__desc")
    source = d.get("source") or {}
    if source.get("document"):
        p = el(about, "p", t["source"], class_="econsec-checklist__source")
        doc = tr(source.get("document"), lang)
        url = source.get("url")
        a = el(p, "a", doc, href=str(url)) if url else el(p, "span", doc)
        if source.get("edition"):
            a.tail = text_node(t["edition"].format(tr(source.get("edition"), lang)))
    if t["translation"]:
        el(about, "p", t["translation"], class_="econsec-checklist__translation")
    el(about, "p", t["privacy"], class_="econsec-checklist__privacy")
    el(head, "p", "", class_="econsec-print-meta", data_print_meta="")
    render_print_lines(head)
    el(root, "div", "", class_="econsec-alert", role="alert", data_alert="")
    el(root, "div", "", class_="econsec-message", role="status", data_message="")
    # Lasting notices of the saved state (a new edition's removed and reworded items), kept
    # apart from [data-message], which each action overwrites.
    el(root, "div", "", class_="econsec-notice", role="status", data_notice="")
    return about


def render_progress(root: etree.Element, base: str, lang: str, total: int) -> None:
    """The progress bar (sticky on a screen tall enough), ``[data-result=progress]``, with the
    engine's status at its end: one line where there is room, and in view while answering."""
    t = TEXT[lang]
    prog = el(
        root,
        "div",
        class_="econsec-progress",
        data_result="progress",
        data_answered="0",
        data_total=str(total),
        data_search_exclude="",
    )
    el(
        prog,
        "span",
        t["progress_label"],
        id=f"{base}-progress-label",
        class_="econsec-progress__label",
    )
    el(
        prog,
        "progress",
        "",
        max=str(max(total, 1)),
        value="0",
        aria_labelledby=f"{base}-progress-label",
        aria_describedby=f"{base}-progress-text",
    )
    el(
        prog,
        "span",
        t["progress_text"].format(answered=0, total=total),
        id=f"{base}-progress-text",
        class_="econsec-progress__text",
        data_progress_text="",
    )
    el(
        prog,
        "span",
        t["nojs"],
        class_="econsec-status",
        role="status",
        data_engine_status="",
    )
