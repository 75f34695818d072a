"""A screening that ends somewhere: "none of these apply", and who to consult about the outcome.

On a screening checklist, ``[data-action="none-apply"]`` answers every item still unanswered
"no" after one confirmation (``js/widget/screening.js``), and the outcome names the desks of the
result's ``support`` (``p[data-outcome-consult]``, linking to their place under "Where to get
help"). The outcome's optional ``judgement`` and ``prepare`` texts (checklist YAML) are the site's
own words: that the site cannot judge what counts as a transfer, and what to take along.
``SCREENING_TEXT`` reaches the widget as ``text.screening`` (``econsec.mdext.widget_config``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from econsec.mdext.elements import action_part, el, text_node, tr

SCREENING_TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "none_apply_intro": (
            "対象技術のうち、移転を計画している技術に該当するものがない場合は、次のボタンで"
            "未回答の設問にまとめて「いいえ」と回答できます。"
        ),
        "none_apply": "該当するものはない",
        "none_apply_confirm": "未回答の {count} 項目に、すべて「いいえ」と回答します。よろしいですか？",
        "none_apply_done": "未回答の {count} 項目に「いいえ」と回答しました。",
        "none_apply_cancelled": "取り消しました。回答は変更していません。",
        "none_apply_nothing": "未回答の設問はありません。回答は変更していません。",
        "consult": "相談先：",
        "consult_sep": "、",
        "prepare_title": "相談の際に用意するとよいもの（本サイトによる）：",
    },
    "en": {
        "none_apply_intro": (
            "If none of the designated technologies is part of the transfer you plan, this "
            "button answers every question not yet answered “No”."
        ),
        "none_apply": "None of these",
        "none_apply_confirm": "Answer “No” to the {count} questions not yet answered?",
        "none_apply_done": "Answered “No” to the {count} questions that were not yet answered.",
        "none_apply_cancelled": "Cancelled. Your answers were not changed.",
        "none_apply_nothing": "Every question is answered already. Your answers were not changed.",
        "consult": "Where to consult: ",
        "consult_sep": ", ",
        "prepare_title": "Worth taking along (this site's suggestion): ",
    },
}


def render_none_apply(root: etree.Element, base: str, lang: str) -> None:
    """The "none of these" control, shown by the script (it needs the script to answer)."""
    t = SCREENING_TEXT[lang]
    action_part(
        root,
        f"{base}-none-apply-intro",
        t["none_apply_intro"],
        t["none_apply"],
        "none-apply",
        class_="econsec-none-apply",
        data_none_apply="",
    )


def render_outcome_help(outcome_el: etree.Element, outcome: dict[str, Any], lang: str) -> None:
    """Under the outcome: who to consult (filled by the script), what the site cannot judge and
    what to take along (the checklist's own optional texts, marked as the site's words)."""
    t = SCREENING_TEXT[lang]
    el(
        outcome_el,
        "p",
        "",
        class_="econsec-outcome__consult",
        data_outcome_consult="",
        hidden="hidden",
    )
    if outcome.get("judgement"):
        el(outcome_el, "p", tr(outcome["judgement"], lang), class_="econsec-explanation")
    if outcome.get("prepare"):
        p = el(outcome_el, "p", class_="econsec-explanation", data_outcome_prepare="")
        el(p, "strong", t["prepare_title"])
        p[-1].tail = text_node(tr(outcome["prepare"], lang))
