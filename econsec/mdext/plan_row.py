"""The action plan on a self-check: one row of controls per item, the plan table, the strings.

Every item gets a hidden row ``[data-plan="<item-id>"]`` (担当 / owner, 期限 / due date,
状況 / status) that the widget shows while the item is among the next steps, as it shows the
next step itself; ``[data-result="plan"]`` in the results lists the rows in due-date order,
as the engine sorts them (``econsec.engine.plan``, which ``econsec plan`` prints as CSV).
``PLAN_TEXT`` reaches the widget as ``text.plan`` (``econsec.mdext.widget_config``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from econsec.engine.plan import MAX_OWNER_CHARS, STATUSES
from econsec.engine.plan import TEXT as ENGINE_PLAN_TEXT
from econsec.mdext.elements import el, local_message, script_part


def _engine_words(lang: str) -> dict[str, Any]:
    """The statuses and the overdue mark in the engine's words (its CSV's), so both say the same."""
    text = ENGINE_PLAN_TEXT[lang]
    return {"statuses": text["status"], "overdue": text["overdue"]}


PLAN_TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "title": "行動計画",
        "owner": "担当",
        "due": "期限",
        "status": "状況",
        **_engine_words("ja"),
        "caption": "行動計画（期限の早い順）",
        "due_overdue": "{due}（期限超過）",
        "intro": (
            "次の一歩を示した設問ごとに、担当、期限及び状況を記入できます。"
            "記入した内容は、回答と一緒にこの端末へ保存します。書き出しと印刷にも含めます。"
        ),
        "col_question": "設問",
        "col_answer": "回答",
        "none": "行動計画の対象となる設問はまだありません。",
        "export": "行動計画を書き出す（CSV）",
        "owner_cut": "担当は{limit}文字までです。超えた部分を切り詰めました。",
        "bad_due": "期限は日付（年-月-日）で入力してください。期限は変更していません。",
        "needs_engine": "採点の準備ができてから、もう一度書き出してください。",
    },
    "en": {
        "title": "Action plan",
        "owner": "Owner",
        "due": "Due date",
        "status": "Status",
        **_engine_words("en"),
        "caption": "Action plan (earliest due date first)",
        "due_overdue": "{due} (overdue)",
        "intro": (
            "For each question with a next step you can record an owner, a due date and a "
            "status. They are kept on this device with your answers and included when you "
            "export or print."
        ),
        "col_question": "Question",
        "col_answer": "Answer",
        "none": "No question needs an action plan yet.",
        "export": "Export the action plan (CSV)",
        "owner_cut": "The owner can be at most {limit} characters; the rest was cut.",
        "bad_due": "Please enter the due date as a date (year-month-day); it was not changed.",
        "needs_engine": "Please export again once the scoring is ready.",
    },
}
for _text in PLAN_TEXT.values():
    _text["owner_cut"] = _text["owner_cut"].replace("{limit}", str(MAX_OWNER_CHARS))


def render_plan_row(item_el: etree.Element, ibase: str, item_id: str, lang: str) -> None:
    """An item's plan controls, hidden until the widget shows them with the next step."""
    t = PLAN_TEXT[lang]
    box = script_part(
        item_el, "div", f"{ibase}-plan-title", class_="econsec-plan", data_plan=item_id
    )
    el(box, "p", t["title"], id=f"{ibase}-plan-title", class_="econsec-plan__title")
    for name, attrs in (
        ("owner", {"type": "text", "autocomplete": "off"}),
        ("due", {"type": "date"}),
    ):
        field = el(box, "div", class_="econsec-plan__field")
        el(field, "label", t[name], for_=f"{ibase}-{name}")
        el(field, "input", None, id=f"{ibase}-{name}", name=name, **attrs)
    field = el(box, "div", class_="econsec-plan__field")
    el(field, "label", t["status"], for_=f"{ibase}-status")
    select = el(field, "select", id=f"{ibase}-status", name="status")
    for value in STATUSES:
        el(select, "option", t["statuses"][value], value=value)


def render_plan_results(results_el: etree.Element, base: str, lang: str) -> None:
    """The plan table in the results (rows written by the widget from the engine's order)."""
    t = PLAN_TEXT[lang]
    box = el(results_el, "div", class_="econsec-plan-table", data_result="plan", hidden="hidden")
    el(box, "h4", t["title"], id=f"{base}-plan-title")
    el(box, "p", t["intro"])
    # Wider than a phone in English: it scrolls in its own focusable region (as data tables do).
    scroller = el(
        box,
        "div",
        class_="econsec-data-table__scroll",
        tabindex="0",
        role="region",
        aria_labelledby=f"{base}-plan-caption",
    )
    table = el(scroller, "table", class_="econsec-table")
    el(table, "caption", t["caption"], id=f"{base}-plan-caption")
    row = el(el(table, "thead"), "tr")
    for key in ("col_question", "col_answer", "owner", "due", "status"):
        el(row, "th", t[key], scope="col")
    el(table, "tbody", "", data_plan_rows="")
    el(box, "p", t["none"], data_plan_empty="")
    el(box, "button", t["export"], type="button", class_="md-button", data_action="export-plan")
    local_message(box)
