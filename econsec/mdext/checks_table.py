"""``/// checks-table``: the self-check index's table, one row per checklist (file order).

Each row: the checklist's page, who should answer it (``audience``), its question count, the
time it takes (``econsec.engine.effort``) and whether its questions are official wording or the
project's own (from the items' provenance); under the table, the time rule in words, from the
same constants. All from ``econsec.mdext.check_summaries``; nothing is typed into the page.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

from econsec.engine.effort import minutes_for
from econsec.mdext.check_summaries import (
    SUMMARY_TEXT,
    minutes_text,
    questions_text,
    rule_text,
    summarise,
)
from econsec.mdext.config import EconsecBlock
from econsec.mdext.elements import el
from econsec.sources.checklists import load_all


def render_checks_table(
    parent: etree.Element, checklists_dir: Path, docs_root: Path, lang: str
) -> etree.Element:
    t = SUMMARY_TEXT[lang]
    wrap = el(parent, "div", class_="econsec-checks-table", data_checks_table="")
    table = el(wrap, "table")
    el(table, "caption", t["caption"])
    head = el(el(table, "thead"), "tr")
    for key in ("col_check", "col_audience", "col_questions", "col_minutes", "col_wording"):
        el(head, "th", t[key], scope="col")
    body = el(table, "tbody")
    for checklist in load_all(checklists_dir, None):
        s = summarise(checklist, docs_root, lang)
        tr = el(body, "tr", data_check=s.id)
        el(el(tr, "th", scope="row"), "a", s.name, href=s.href)
        el(tr, "td", s.audience or "—")
        el(tr, "td", questions_text(s.questions, lang), data_questions=str(s.questions))
        el(
            tr,
            "td",
            minutes_text(s.questions, lang),
            data_minutes=str(minutes_for(s.questions)),
        )
        el(tr, "td", t["official" if s.official else "derived"].format(document=s.document))
    el(wrap, "p", rule_text(lang), class_="econsec-checks-table__rule", data_time_rule="")
    return wrap


class ChecksTableBlock(EconsecBlock):
    NAME = "checks-table"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        try:
            return render_checks_table(
                parent, self.folder("checklists_dir"), self.folder("docs_root"), self.lang()
            )
        except Exception as exc:
            return self.failed(parent, exc)
