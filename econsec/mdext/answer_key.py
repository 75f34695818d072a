"""The answer key above a self-check's first question: what each answer means and how it counts.

A few lines, in the page language, with a link to the full explanation on the self-check guide
(``checks/index.md``). The counts are never written here by hand: each answer's points (score
checklists) or the outcome it leads to (screening) are asked of the engine itself, by scoring a
one-question checklist with that answer (``econsec.engine.scoring.score``), so the key says what
the engine does. Only the words around them are defined here. Rendered by
``econsec.mdext.checklist`` as ``div[data-answer-key]``, one ``li[data-key-answer=<value>]`` per
answer offered.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import lru_cache
from typing import Any

from econsec.engine.model import ANSWERS, Checklist
from econsec.engine.scoring import score
from econsec.mdext.elements import el, text_node

# The guide's sections that explain the answers in full (ids of docs/*/checks/index.md).
GUIDE_PAGE = "checks/index.md"
GUIDE = {"score": f"/{GUIDE_PAGE}#score", "screening": f"/{GUIDE_PAGE}#answers"}

KEY_TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "title": {"score": "回答の意味と点数", "screening": "回答の意味と判定"},
        "more": {"score": "点数の計算方法", "screening": "回答の仕方"},
        "sep": "：",
        # What the answer means, in the site's own words.
        "meaning": {
            "score": {
                "yes": "取り組んでいる",
                "partial": "一部だけ取り組んでいる",
                "no": "取り組んでいない",
                "unknown": "取り組んでいるか確認できない",
                "na": "自社には当てはまらない",
            },
            "screening": {
                "yes": "移転を計画している技術に含まれる",
                "no": "含まれない",
                "unknown": "含まれるかどうか判断できない",
            },
        },
        # {points} is the engine's value of the answer; None: left out of the score.
        "points": "{points}点",
        "excluded": "点数の計算から除く",
        "unanswered": "まだ回答していない",
        # What a screening answer leads to, by the outcome the engine gives it.
        "leads_to": {
            "may_apply": "一つでもあれば、判定は「対象となる可能性がある」",
            "undetermined": "「はい」がなく、これか未回答が一つでもあれば、判定は「まだ判定できない」",
            "not_indicated": "すべての設問がこの回答のときに限り、判定は「対象技術は含まれない」",
        },
        # How the meaning and the count are joined, per kind.
        "line": {"score": "{meaning}（{count}）", "screening": "{meaning}。{count}。"},
    },
    "en": {
        "title": {
            "score": "What the answers mean and how they count",
            "screening": "What the answers mean and what they lead to",
        },
        "more": {"score": "How the score is calculated", "screening": "How to answer"},
        "sep": ": ",
        "meaning": {
            "score": {
                "yes": "you do this",
                "partial": "in part, or for part of the scope",
                "no": "you do not do this",
                "unknown": "you cannot confirm it",
                "na": "it does not apply to you",
            },
            "screening": {
                "yes": "the technology you plan to transfer includes it",
                "no": "it does not",
                "unknown": "you cannot tell",
            },
        },
        "points": "{points} point",
        "points_other": "{points} points",
        "excluded": "left out of the score",
        "unanswered": "not answered yet",
        "leads_to": {
            "may_apply": "One is enough for the outcome “the scheme may apply”",
            "undetermined": (
                "With no “Yes”, one of these or an unanswered question makes the outcome "
                "“no conclusion yet”"
            ),
            "not_indicated": "Only when every answer is “No” is the outcome “not indicated”",
        },
        "line": {"score": "{meaning} ({count})", "screening": "{meaning}. {count}."},
    },
}


def _one_question(kind: str) -> Checklist:
    """The smallest checklist of ``kind``: one section, one question of weight 1."""
    text = {"ja": "-", "en": "-"}
    return Checklist.from_dict(
        {
            "id": "answer-key",
            "version": "0",
            "kind": kind,
            "title": text,
            "description": text,
            "sections": [{"id": "s", "title": text, "items": ["q"]}],
            "items": [{"id": "q", "section": "s", "text": text, "provenance": {"type": "derived"}}],
        }
    )


@lru_cache(maxsize=16)
def answer_count(kind: str, value: str | None) -> float | str | None:
    """What the engine makes of one answer (``None``: unanswered). Score checklists: the
    answer's points (1 = full marks), or None when it is left out; screening: the outcome's
    status."""
    result = score(_one_question(kind), {} if value is None else {"q": value})
    if kind == "screening":
        return str((result.outcome or {}).get("status"))
    return None if result.score is None else result.score / 100


def _points(points: float | None, lang: str) -> str:
    t = KEY_TEXT[lang]
    if points is None:
        return t["excluded"]
    template = t["points"] if points == 1 or "points_other" not in t else t["points_other"]
    return template.format(points=f"{points:g}")


def key_lines(kind: str, values: list[str], labels: dict[str, str], lang: str) -> list[dict]:
    """One line per answer offered: ``{value, label, count, meaning}`` (count: the points or
    what the answer leads to, from the engine); on a score checklist a last line for a question
    not answered (value ``unanswered``, label from ``labels``), which the score leaves out too."""
    t = KEY_TEXT[lang]
    lines = []
    if kind == "score" and "unanswered" in labels:
        values = [*values, "unanswered"]
    for value in values:
        found = answer_count(kind, None if value == "unanswered" else value)
        if kind == "screening":
            count = t["leads_to"][str(found)]
        else:
            count = _points(found if isinstance(found, float) else None, lang)
        lines.append(
            {
                "value": value,
                "label": labels[value],
                "count": count,
                "meaning": t["unanswered"] if value == "unanswered" else t["meaning"][kind][value],
            }
        )
    return lines


def render_answer_key(
    parent: etree.Element,
    base: str,
    kind: str,
    values: list[str],
    labels: dict[str, str],
    lang: str,
    *,
    guide: bool = True,
) -> etree.Element:
    """Append the key: a titled note with one line per answer and a link to the guide (where the
    site has the guide, ``guide``)."""
    t = KEY_TEXT[lang]
    kind = kind if kind in ANSWERS else "score"
    box = el(
        parent,
        "div",
        class_="econsec-key",
        role="note",
        aria_labelledby=f"{base}-key-title",
        data_answer_key=kind,
    )
    head = el(box, "p", class_="econsec-key__title")
    el(head, "strong", t["title"][kind], id=f"{base}-key-title")
    if guide:
        head[-1].tail = text_node(" ")
        # Written as the site's page and anchor: MkDocs checks the target and makes it relative.
        el(head, "a", t["more"][kind], href=GUIDE[kind], data_key_more="")
    items = el(box, "ul", class_="econsec-key__list")
    for line in key_lines(kind, values, labels, lang):
        li = el(items, "li", data_key_answer=line["value"])
        el(li, "strong", line["label"], class_="econsec-key__answer")
        # The meaning is this site's own wording; the count is the engine's.
        before, after = t["line"][kind].split("{count}")
        li[-1].tail = text_node(t["sep"] + before.format(meaning=line["meaning"]))
        count = el(li, "span", line["count"], class_="econsec-key__count", data_key_count="")
        count.tail = text_node(after)
    return box
