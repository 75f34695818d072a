"""What the site says about each self-check before anyone answers it: who should answer it, how
many questions it has and how long it takes, and which checklist fits a reader it is not for.

Everything comes from the checklist definitions (``checklists/<id>.yml``: ``audience`` and
``otherwise``, the items) and the rule of ``econsec.engine.effort``; nothing is typed into the
pages. Used by the blocks ``/// start-here`` (``econsec.mdext.start_here``) and
``/// checks-table`` (``econsec.mdext.checks_table``), and by the checklist block for the line
under its title and the suggestion of a result with nothing counted
(``render_fit``, ``render_suggestion``). A checklist's page and its name are those of the page
that holds its ``/// checklist | <id>`` block (its ``# `` heading); links are written as
``/<page>.md``, which MkDocs checks and rewrites to the page's relative URL.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from econsec.engine.effort import ROUND_UP_TO_MINUTES, SECONDS_PER_QUESTION, minutes_for
from econsec.engine.model import Checklist
from econsec.mdext.elements import el, text_node
from econsec.mdext.page_list import page_title
from econsec.sources.refcheck import checklist_ids

SUMMARY_TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "audience": "回答するとよい方：",
        "sentence_end": "。",  # after the audience when a sentence follows it on the same line
        # {when}: the checklist's otherwise.when; {link}: the other checklist's page.
        "otherwise": "{when}は、{link}をお使いください。",
        "questions": "{count}問",
        "minutes": "約{minutes}分",
        "count_time": "（{questions}・{minutes}）",
        "caption": "自己点検の一覧",
        "col_check": "自己点検",
        "col_audience": "回答するとよい方",
        "col_questions": "設問数",
        "col_minutes": "時間の目安",
        "col_wording": "設問の出典",
        "official": "{document}の文言",
        "derived": "本サイト独自の設問（{document}による）",
        "rule": (
            "時間の目安は、1問につき{seconds}秒として計算し、{step}分単位に切り上げたものです"
            "（本サイトによる目安）。"
        ),
        "list_sep": "：",
    },
    "en": {
        "audience": "Who should answer: ",
        "sentence_end": ".",
        "otherwise": "{when}, use the {link}.",
        "questions": {"one": "{count} question", "other": "{count} questions"},
        "minutes": "about {minutes} minutes",
        "count_time": " ({questions}, {minutes})",
        "caption": "The self-checks",
        "col_check": "Self-check",
        "col_audience": "Who should answer",
        "col_questions": "Questions",
        "col_minutes": "Time",
        "col_wording": "Source of the questions",
        "official": "Wording of {document}",
        "derived": "The project's own questions (based on {document})",
        "rule": (
            "The time is worked out at {seconds} seconds per question, rounded up to the next "
            "{step} minutes (the project's own estimate)."
        ),
        "list_sep": ": ",
    },
}


def _plural(template: str | dict[str, str], count: int) -> str:
    if isinstance(template, dict):
        template = template["one"] if count == 1 else template["other"]
    return template.format(count=count)


def questions_text(count: int, lang: str) -> str:
    """``15問`` / ``15 questions``."""
    return _plural(SUMMARY_TEXT[lang]["questions"], count)


def minutes_text(count: int, lang: str) -> str:
    """The time a checklist of ``count`` questions takes (``econsec.engine.effort``), in words."""
    return SUMMARY_TEXT[lang]["minutes"].format(minutes=minutes_for(count))


def rule_text(lang: str) -> str:
    """The time rule in words, from the constants the time is computed with."""
    return SUMMARY_TEXT[lang]["rule"].format(seconds=SECONDS_PER_QUESTION, step=ROUND_UP_TO_MINUTES)


@lru_cache(maxsize=64)
def _pages(docs_root: str, lang: str, stamp: tuple[tuple[str, float], ...]) -> dict[str, str]:
    """Checklist id -> the page (``checks/x.md``) holding its block; ``stamp`` (file mtimes)
    makes a changed page count during ``econsec serve``."""
    folder = Path(docs_root) / lang
    out: dict[str, str] = {}
    for rel, _ in stamp:
        for cid in checklist_ids((folder / rel).read_text(encoding="utf-8")):
            out.setdefault(cid, rel)
    return out


def checklist_page(docs_root: Path, lang: str, checklist_id: str) -> str | None:
    """The page of ``lang`` that holds ``/// checklist | <checklist_id>``, relative to its docs
    folder, or None."""
    folder = Path(docs_root) / lang
    stamp = tuple(
        sorted((p.relative_to(folder).as_posix(), p.stat().st_mtime) for p in folder.rglob("*.md"))
    )
    return _pages(str(docs_root), lang, stamp).get(checklist_id)


@dataclass(frozen=True)
class Summary:
    """One checklist as the site introduces it."""

    id: str
    name: str  # its page's heading
    href: str  # "/checks/x.md", rewritten by MkDocs
    questions: int
    audience: str | None
    official: bool  # every question is official wording
    document: str  # the source document


def summarise(checklist: Checklist, docs_root: Path, lang: str) -> Summary:
    """Raises LookupError when no page of ``lang`` holds the checklist's block."""
    page = checklist_page(docs_root, lang, checklist.id)
    if page is None:
        raise LookupError(f"no page in docs/{lang} holds /// checklist | {checklist.id}")
    return Summary(
        id=checklist.id,
        name=page_title(Path(docs_root) / lang / page),
        href="/" + page,
        questions=len(checklist.items),
        audience=None if checklist.audience is None else checklist.audience[lang],
        official=all(i.provenance.get("type") == "official" for i in checklist.items),
        document=str(checklist.source.get("document", {}).get(lang, "")),
    )


def render_count_time(parent: etree.Element, count: int, lang: str) -> etree.Element:
    """``（15問・約10分）`` with the two figures marked for tests and styles."""
    t = SUMMARY_TEXT[lang]
    span = el(parent, "span", class_="econsec-count-time")
    before, rest = t["count_time"].split("{questions}")
    middle, after = rest.split("{minutes}")
    span.text = text_node(before)
    q = el(span, "span", questions_text(count, lang), data_questions=str(count))
    q.tail = text_node(middle)
    m = el(span, "span", minutes_text(count, lang), data_minutes=str(minutes_for(count)))
    m.tail = text_node(after)
    return span


def render_suggestion(
    parent: etree.Element, otherwise: dict[str, Any], other: Summary, lang: str, **attrs: str
) -> etree.Element:
    """``<p>{when}は、<a>{the other checklist}</a>をお使いください。</p>``."""
    before, after = SUMMARY_TEXT[lang]["otherwise"].split("{link}")
    p = el(parent, "p", **attrs)
    p.text = text_node(before.format(when=otherwise["when"][lang]))
    a = el(p, "a", other.name, href=other.href, data_suggest_link=other.id)
    a.tail = text_node(after)
    return p


def fit_of(
    definition: dict[str, Any], checklists_dir: Path, docs_root: Path, lang: str
) -> Summary | None:
    """The checklist ``otherwise`` names, summarised, or None (raises as ``summarise`` does)."""
    from econsec.sources.checklists import load_checklist

    otherwise = definition.get("otherwise")
    if not otherwise:
        return None
    other = load_checklist(Path(checklists_dir) / f"{otherwise['checklist']}.yml")
    return summarise(other, docs_root, lang)


def render_fit(
    head: etree.Element, definition: dict[str, Any], other: Summary | None, lang: str
) -> None:
    """Under a checklist's title: who should answer it and, if it names one, the checklist to
    use otherwise (at most two short lines, above the questions)."""
    audience = definition.get("audience")
    otherwise = definition.get("otherwise")
    if not audience and not (otherwise and other):
        return
    box = el(head, "div", class_="econsec-checklist__fit", data_fit="")
    if audience:
        p = el(box, "p", data_audience="")
        el(p, "strong", SUMMARY_TEXT[lang]["audience"])
        end = SUMMARY_TEXT[lang]["sentence_end"] if otherwise and other else ""
        p[-1].tail = text_node(audience[lang] + end)
    if otherwise and other:
        render_suggestion(box, otherwise, other, lang, data_otherwise=other.id)


def render_nothing_counted(
    results: etree.Element, definition: dict[str, Any], other: Summary | None, lang: str
) -> None:
    """In the results: why there is no score (``[data-nothing-counted-text]``, written by the
    script from the engine's ``nothing_counted.reason``) and the checklist it suggests
    (``p[data-suggest=<id>]``, shown when the engine names that id)."""
    score = results.find("p[@data-result='score']")
    if score is None:  # a screening has an outcome, never "no score"
        return
    box = etree.Element(
        "div",
        {"class": "econsec-nothing-counted", "data-result": "nothing-counted", "hidden": "hidden"},
    )
    results.insert(list(results).index(score) + 1, box)  # right under the score it explains
    el(box, "p", "", data_nothing_counted_text="")
    otherwise = definition.get("otherwise")
    if otherwise and other:
        render_suggestion(box, otherwise, other, lang, data_suggest=other.id, hidden="hidden")
