"""``/// start-here | <checklist-id> …``: where a first-time visitor starts, on the home page.

One line per checklist named (in the order given; all of them, in file order, when none is
named): its page, its question count and time (``econsec.engine.effort``) and who should answer
it (``audience``), all from the checklist definitions (``econsec.mdext.check_summaries``). The
page's own heading above the block says what it is (「はじめての方へ」).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

from econsec.mdext.check_summaries import SUMMARY_TEXT, render_count_time, summarise
from econsec.mdext.config import EconsecBlock
from econsec.mdext.elements import el, text_node
from econsec.sources.checklists import load_all, load_checklist_by_id


def render_start_here(
    parent: etree.Element, ids: list[str], checklists_dir: Path, docs_root: Path, lang: str
) -> etree.Element:
    """The list; raises ChecklistError for an unknown id, LookupError for a checklist no page
    holds."""
    checklists = (
        [load_checklist_by_id(cid, checklists_dir) for cid in ids]
        if ids
        else load_all(checklists_dir, None)
    )
    ul = el(parent, "ul", class_="econsec-start-here", data_start_here="")
    for checklist in checklists:
        s = summarise(checklist, docs_root, lang)
        li = el(ul, "li", data_check=s.id)
        el(li, "a", s.name, href=s.href)
        span = render_count_time(li, s.questions, lang)
        if s.audience:
            span.tail = text_node(SUMMARY_TEXT[lang]["list_sep"] + s.audience)
    return ul


class StartHereBlock(EconsecBlock):
    NAME = "start-here"
    ARGUMENT = None  # optional: the checklist ids to list

    def on_create(self, parent: etree.Element) -> etree.Element:
        ids = (self.argument or "").split()
        try:
            return render_start_here(
                parent, ids, self.folder("checklists_dir"), self.folder("docs_root"), self.lang()
            )
        except Exception as exc:
            return self.failed(parent, exc)
