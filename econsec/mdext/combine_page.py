"""``/// combine | <checklist-id> …``: the page that combines several respondents' answers files
of one of the named checklists (issue 13 §1, §2).

The block writes the controls and empty result regions; ``js/widget/combine.js`` reads the
chosen files, asks the engine (``econsec.engine.combine``, through ``EconsecEngine.combine``:
what ``econsec combine`` prints) and shows the respondents side by side, or in anonymous mode
counts only. The definitions of the named checklists, the strings and the guidance links (written
as ``/guidance/<page>.md#<id>`` so that MkDocs checks and rewrites them) are embedded.
DOM contract: ARCHITECTURE.md, "Combining answers files".
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown.util import AtomicString

from econsec.mdext.combine_text import COMBINE_TEXT
from econsec.mdext.config import EconsecBlock
from econsec.mdext.elements import el, embed_json, switch
from econsec.mdext.ui_text import TEXT
from econsec.mdext.widget_config import widget_config


def combine_ui(lang: str, titles: dict[str, str]) -> dict[str, Any]:
    """The widget's strings and rules, with the page's own (``text.combine``)."""
    ui = widget_config(lang, titles)
    ui["text"]["combine"] = dict(COMBINE_TEXT[lang], question_no=TEXT[lang]["question_no"])
    return ui


def render_combine(
    parent: etree.Element, definitions: dict[str, dict[str, Any]], lang: str
) -> etree.Element:
    """The page's controls and result regions for the checklists ``definitions`` ({id: dict})."""
    t = COMBINE_TEXT[lang]
    root = el(
        parent,
        "div",
        class_="econsec-combine",
        id="ec-combine",
        data_combine=" ".join(definitions),
        data_engine="loading",
        data_search_exclude="",
    )
    el(root, "p", TEXT[lang]["nojs"], class_="econsec-status", role="status", data_engine_status="")
    el(root, "p", t["privacy"], class_="econsec-checklist__privacy")
    controls = el(root, "div", class_="econsec-combine__controls", data_actions="", hidden="")
    box = el(controls, "div", class_="econsec-import")
    el(box, "label", t["choose"], for_="ec-combine-files")
    el(
        box,
        "input",
        None,
        type="file",
        id="ec-combine-files",
        multiple="multiple",
        accept=".json,application/json",
        data_action="combine",
    )
    anon = el(controls, "div", class_="econsec-combine__anonymous")
    label = el(anon, "label", class_="econsec-shared__switch")
    switch(label, "anonymous", "ec-combine-anon")
    el(label, "span", t["anonymous"])
    el(anon, "p", t["anonymous_note"], id="ec-combine-anon", class_="econsec-combine__note")
    el(root, "div", "", class_="econsec-alert", role="alert", data_alert="")
    el(root, "div", "", class_="econsec-message", role="status", data_message="")
    el(root, "section", "", class_="econsec-combined", data_result="combined", hidden="")
    # The guidance of every item, as links MkDocs checks and rewrites for this page.
    links = el(root, "div", hidden="", data_guidance_links="")
    for cid, d in definitions.items():
        for item in d.get("items", []):
            if item.get("guidance"):
                el(
                    links,
                    "a",
                    "",
                    href=str(item["guidance"]),
                    data_guidance_for=f"{cid} {item['id']}",
                )
    defs = el(root, "script", None, type="application/json", data_combine_defs="")
    defs.text = AtomicString(embed_json(definitions))
    titles = {cid: _title(d, lang) for cid, d in definitions.items()}
    ui = el(root, "script", None, type="application/json", data_econsec_ui="")
    ui.text = AtomicString(embed_json(combine_ui(lang, titles)))
    return root


def _title(d: dict[str, Any], lang: str) -> str:
    title = d.get("title") or {}
    return str(title.get(lang) or title.get("ja") or d.get("id", ""))


class CombineBlock(EconsecBlock):
    NAME = "combine"

    def on_create(self, parent: etree.Element) -> etree.Element:
        lang = self.lang()
        ids = (self.argument or "").split()
        try:
            from econsec.sources.checklists import load_checklist_by_id

            folder = self.folder("checklists_dir")
            definitions = {cid: load_checklist_by_id(cid, folder).to_dict() for cid in ids}
        except Exception as exc:
            return self.failed(parent, exc, TEXT[lang]["error"].format(" ".join(ids)))
        return render_combine(parent, definitions, lang)
