"""``/// checklist | <checklist-id>``: render a self-check as a complete, printable paper form.

Without JavaScript the block is a paper form in the page language: title, description, source,
every section as a fieldset, every item as a radio group with a note field, the provenance of
each item and its next step with a link to the guidance. The widget (``js/widget/``, served as
``assets/econsec/checklist.js``) makes it live (saving, scoring, export/import) and relies on the
DOM contract in ARCHITECTURE.md: the root ``[data-checklist=<id>]`` with ``data-engine``, items
``[data-item=<id>]`` holding ``input[type=radio]``, ``[data-result=score|progress|...]``,
``[data-action=...]`` and ``[role=alert]`` — keep them stable.

All text from the checklist YAML is set as element text (``AtomicString``, so Markdown does not
parse it and etree escapes it); the definition JSON is embedded with ``<``, ``>`` and ``&``
escaped as ``\\u003c`` etc., so no text can end the ``<script>`` element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown.util import AtomicString

from econsec.engine.exchange import MAX_NOTE_CHARS
from econsec.engine.model import ANSWERS
from econsec.mdext.answer_key import GUIDE_PAGE, render_answer_key
from econsec.mdext.check_summaries import Summary, fit_of, render_nothing_counted
from econsec.mdext.comparison import render_comparison
from econsec.mdext.config import EconsecBlock
from econsec.mdext.elements import el as _el
from econsec.mdext.elements import embed_json, text_node, tr
from econsec.mdext.form_head import render_head, render_progress
from econsec.mdext.organisation import render_actions
from econsec.mdext.plan_row import render_plan_results, render_plan_row
from econsec.mdext.screening import render_none_apply, render_outcome_help
from econsec.mdext.shared_device import render_saved_earlier, render_shared_switch
from econsec.mdext.support_desks import desks_of, render_support_results
from econsec.mdext.ui_text import TEXT
from econsec.mdext.widget_config import widget_config
from econsec.sources.desks import DATASET as DESKS_DATASET
from econsec.sources.desks import Desk, desks_source, load_desks


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-") or "x"


def _tail(el: etree.Element, text: str) -> None:
    el.tail = text_node(text)


def provenance_text(prov: dict[str, Any] | None, lang: str) -> str:
    """The item's provenance as one line in the page language."""
    t = TEXT[lang]
    prov = prov or {}
    if prov.get("type") == "derived":
        return t["derived"].format(tr(prov.get("basis"), lang))
    parts = [p for p in (tr(prov.get("document"), lang), tr(prov.get("reference"), lang)) if p]
    return t["source"] + t["source_sep"].join(parts) + t["official_note"]


class ChecklistBlock(EconsecBlock):
    NAME = "checklist"

    def on_create(self, parent: etree.Element) -> etree.Element:
        lang = self.lang()
        checklist_id = (self.argument or "").strip()
        checklists, docs = self.folder("checklists_dir"), self.folder("docs_root")
        try:
            from econsec.sources.checklists import load_checklist_by_id

            definition = load_checklist_by_id(checklist_id, checklists).to_dict()
            desks, source = _desks(definition, self.folder("data_dir"), lang)
            titles = checklist_titles(checklists, lang)
            other = fit_of(definition, checklists, docs, lang)  # the checklist `otherwise` names
        except Exception as exc:
            return self.failed(parent, exc, TEXT[lang]["error"].format(checklist_id))
        # The answer key links the self-check guide where the site has one.
        guide = (docs / lang / GUIDE_PAGE).is_file()
        return render_checklist(parent, definition, lang, desks, source, titles, other, guide=guide)


def checklist_titles(checklists_dir: Path, lang: str) -> dict[str, str]:
    """{id: title} of every checklist of the site: messages name a checklist by its title."""
    from econsec.sources.checklists import available_checklists, load_checklist_by_id

    ids = available_checklists(checklists_dir)
    return {i: tr(load_checklist_by_id(i, checklists_dir).title, lang) for i in ids}


def _desks(definition: dict[str, Any], data_dir: Path, lang: str) -> tuple[list[Desk], str]:
    """The support desks the checklist names, and their source line (none without the file)."""
    if not (data_dir / f"{DESKS_DATASET}.yml").is_file():
        return [], ""
    desks = desks_of(definition, load_desks(data_dir))
    return desks, TEXT[lang]["source"] + desks_source(data_dir)[lang]


@dataclass(frozen=True)
class _Form:
    """What every part of one rendered form shares."""

    base: str  # the id prefix of the form's elements
    lang: str
    kind: str
    values: list[str]  # the answer values offered, in order
    labels: dict[str, str]  # answer value -> label


def render_checklist(
    parent: etree.Element,
    d: dict[str, Any],
    lang: str,
    desks: list[Desk] | None = None,
    desks_source: str = "",
    titles: dict[str, str] | None = None,
    other: Summary | None = None,
    *,
    guide: bool = True,
) -> etree.Element:
    """Append the paper form for definition ``d`` (definition JSON) to ``parent``; ``desks``: the
    support desks its items name (``econsec.mdext.support_desks``), with their source line;
    ``other``: the checklist its ``otherwise`` names (``econsec.mdext.check_summaries``)."""
    t = TEXT[lang]
    kind = d.get("kind", "score") if d.get("kind") in ANSWERS else "score"
    values = [v for v in ANSWERS[kind] if v in (d.get("answers") or ANSWERS[kind])]
    labels = t["answers"][kind]
    cid = str(d["id"])
    base = "ec-" + _slug(cid)
    shape = _Form(base, lang, kind, values, labels)
    items = {item["id"]: item for item in d.get("items", [])}
    total = len(items)

    root = _el(
        parent,
        "div",
        class_="econsec-checklist",
        id=base,
        data_checklist=cid,
        data_checklist_version=str(d.get("version", "")),
        data_checklist_kind=kind,
        data_engine="loading",
        aria_labelledby=f"{base}-title",
    )
    about = render_head(root, d, base, lang, other)
    # Answers someone saved earlier on this device, and the shared-device switch: before the
    # first question, where the next person at a shared PC looks first.
    render_saved_earlier(root, base, lang)
    render_shared_switch(root, f"{base}-shared", lang, clear_all=True, help_parent=about)
    render_progress(root, base, lang, total)
    # What the answers mean and how they count, right above the first question.
    labels_key = {**labels, "unanswered": t["unanswered"]}
    render_answer_key(root, base, kind, values, labels_key, lang, guide=guide)

    form = _el(root, "div", class_="econsec-form")
    number = 0
    for section in d.get("sections", []):
        sid = str(section["id"])
        fs = _el(
            form,
            "fieldset",
            class_="econsec-section",
            data_section=sid,
            id=f"{base}-s-{_slug(sid)}",
        )
        # Section titles carry their own numbering (① …) in the data.
        _el(fs, "legend", tr(section.get("title"), lang), class_="econsec-section__title")
        for item_id in section.get("items", []):
            item = items.get(item_id)
            if item is None:
                continue
            number += 1
            _render_item(fs, item, number, shape)

    if kind == "screening":
        # After the list: "none of these" is said once every technology has been read.
        render_none_apply(root, base, lang)
    _render_results(root, d, shape)
    render_nothing_counted(root.find("section[@data-results]"), d, other, lang)
    render_support_results(
        root.find("section[@data-results]"), base, lang, desks or [], desks_source
    )

    render_actions(root, base, lang)
    render_comparison(root, base, lang)

    script = _el(root, "script", None, type="application/json", data_checklist_def="")
    script.text = AtomicString(embed_json(d))
    # The widget's strings and rules (data, not code: the page's CSP does not run or hash it).
    ui = _el(root, "script", None, type="application/json", data_econsec_ui="")
    ui.text = AtomicString(embed_json(widget_config(lang, titles)))
    return root


def _render_item(section_el: etree.Element, item: dict[str, Any], number: int, form: _Form) -> None:
    base, lang, kind, values, labels = form.base, form.lang, form.kind, form.values, form.labels
    t = TEXT[lang]
    iid = str(item["id"])
    ibase = f"{base}-{_slug(iid)}"
    fs = _el(
        section_el,
        "fieldset",
        class_="econsec-item",
        data_item=iid,
        id=f"{ibase}-item",
        aria_describedby=f"{ibase}-src",
    )
    legend = _el(fs, "legend", class_="econsec-item__question", id=f"{ibase}-q")
    num = _el(legend, "span", t["question_no"].format(number), class_="econsec-item__num")
    _tail(num, " " + tr(item.get("text"), lang))
    # The answer labels and the note are the same on every item: kept out of the search index,
    # where they only made every self-check match "実施" or "メモ".
    choices = _el(fs, "div", class_="econsec-choices", data_search_exclude="")
    for value in values:
        label = _el(choices, "label", class_="econsec-choice", for_=f"{ibase}-{value}")
        _el(label, "input", None, type="radio", name=f"{ibase}", value=value, id=f"{ibase}-{value}")
        _el(label, "span", labels[value], class_="econsec-choice__text")
    # Where the question comes from: after the choices, so the answers sit right under it.
    src = _el(
        fs,
        "p",
        class_="econsec-item__source",
        id=f"{ibase}-src",
        data_provenance=str((item.get("provenance") or {}).get("type", "official")),
    )
    # The provenance alone is also the CSV export's column (the widget reads it from here).
    prov = _el(src, "span", provenance_text(item.get("provenance"), lang), data_provenance_text="")
    weight = item.get("weight", 1)
    if weight not in (1, 1.0, None):
        _tail(
            prov,
            f"（{t['weight'].format(weight)}）"
            if lang == "ja"
            else f" ({t['weight'].format(weight)})",
        )
    note = _el(fs, "div", class_="econsec-note", data_search_exclude="")
    _el(note, "label", t["note"], for_=f"{ibase}-note", class_="econsec-note__label")
    _el(
        note,
        "textarea",
        "",
        id=f"{ibase}-note",
        name=f"{ibase}-note",
        rows="2",
        maxlength=str(MAX_NOTE_CHARS),
        data_note="",
    )
    if item.get("next_step") or item.get("guidance"):
        nxt = _el(
            fs,
            "div",
            class_="econsec-next econsec-explanation",
            data_next_step="",
            id=f"{ibase}-next",
        )
        p = _el(nxt, "p", class_="econsec-next__text")
        _el(p, "strong", t["next_step"], class_="econsec-next__title")
        when_text = t["next_when"][kind]
        when_text = f"（{when_text}）：" if lang == "ja" else f" ({when_text}): "
        when = _el(p, "span", when_text, class_="econsec-next__when")
        if item.get("next_step"):
            _tail(when, tr(item.get("next_step"), lang))
        if item.get("guidance"):
            # Emitted exactly as the definition says ("/guidance/x.md#id"): MkDocs validates the
            # target and rewrites it to the page's relative .html URL.
            pg = _el(nxt, "p", class_="econsec-next__link")
            _el(pg, "a", t["guidance"], href=str(item["guidance"]), data_guidance="")
    render_plan_row(fs, ibase, iid, lang)


def _render_results(root: etree.Element, d: dict[str, Any], form: _Form) -> None:
    base, lang, kind, values, labels = form.base, form.lang, form.kind, form.values, form.labels
    t = TEXT[lang]
    res = _el(
        root,
        "section",
        class_="econsec-results",
        data_results="",
        aria_labelledby=f"{base}-results-title",
        data_search_exclude="",
    )
    _el(res, "h3", t["results"], id=f"{base}-results-title", class_="econsec-results__title")
    _el(
        res,
        "p",
        t["results_nojs_screening" if kind == "screening" else "results_nojs"],
        class_="econsec-results__nojs",
        data_nojs="",
    )
    # Polite announcements of new results (short text, set by the script).
    _el(res, "p", "", class_="econsec-sr-only", aria_live="polite", data_announce="")

    if kind == "screening":
        out = _el(res, "div", class_="econsec-outcome", data_result="outcome")
        p = _el(out, "p", class_="econsec-outcome__status")
        _el(
            p,
            "span",
            t["outcome"] + ("：" if lang == "ja" else ": "),
            class_="econsec-outcome__label",
        )
        _el(p, "strong", t["empty"], data_outcome_text="")
        outcome = d.get("outcome") or {}
        if outcome.get("as_of"):
            _el(out, "p", t["as_of"].format(outcome["as_of"]), class_="econsec-outcome__asof")
        if outcome.get("disclaimer"):
            _el(out, "p", tr(outcome.get("disclaimer"), lang), class_="econsec-outcome__disclaimer")
        render_outcome_help(out, outcome, lang)
    else:
        p = _el(res, "p", class_="econsec-score", data_result="score")
        _el(p, "span", t["score"] + ("：" if lang == "ja" else ": "), class_="econsec-score__label")
        _el(p, "strong", t["empty"], class_="econsec-score__value", data_score_text="")
        # What the score is made of, in counts (written by the script with the score).
        _el(res, "p", "", class_="econsec-score-counts", data_score_counts="", hidden="hidden")

        table = _el(res, "table", class_="econsec-table", data_result="sections")
        _el(table, "caption", t["sections_caption"])
        head_row = _el(_el(table, "thead"), "tr")
        for key in ("col_section", "col_score", "col_answered"):
            _el(head_row, "th", t[key], scope="col")
        body = _el(table, "tbody")
        for section in d.get("sections", []):
            row = _el(body, "tr", data_section=str(section["id"]))
            _el(row, "th", tr(section.get("title"), lang), scope="row")
            _el(row, "td", t["empty"], data_cell="score")
            _el(row, "td", f"0 / {len(section.get('items', []))}", data_cell="answered")

        fig = _el(res, "figure", class_="econsec-chart", data_result="chart")
        _el(fig, "figcaption", t["chart"], id=f"{base}-chart-title")
        _el(
            fig,
            "p",
            t["chart_placeholder"],
            class_="econsec-chart__placeholder",
            data_chart_placeholder="",
        )

    counts = _el(res, "table", class_="econsec-table econsec-counts", data_result="counts")
    _el(counts, "caption", t["counts_caption"])
    head_row = _el(_el(counts, "thead"), "tr")
    _el(head_row, "th", t["col_answer"], scope="col")
    _el(head_row, "th", t["col_count"], scope="col")
    body = _el(counts, "tbody")
    for value in [*values, "unanswered"]:
        row = _el(body, "tr", data_count=value)
        _el(row, "th", labels.get(value, t["unanswered"]), scope="row")
        _el(row, "td", "0" if value != "unanswered" else str(len(d.get("items", []))))

    if kind != "screening":
        p = _el(res, "p", class_="econsec-weakest", data_result="weakest")
        _el(p, "span", t["weakest"], class_="econsec-weakest__label")
        _el(p, "strong", t["empty"], data_weakest_text="")

    nxt = _el(res, "div", class_="econsec-next-steps", data_result="next-steps")
    _el(nxt, "h4", t["next_steps"], id=f"{base}-next-title")
    _el(nxt, "p", t["next_steps_empty"], data_next_empty="")
    _el(nxt, "ol", "", aria_labelledby=f"{base}-next-title", data_next_list="")
    render_plan_results(res, base, lang)
