"""The action plan: owner (担当), due date (期限) and status (状況) for each next step.

A plan row belongs to an item among the next steps (``scoring.score(...).next_steps``). Plan
entries travel in the answers file (format 2: ``"plan": {"owner", "due", "status"}`` per item),
survive a new checklist edition by item id, and are printed and exported in due-date order.
``econsec plan`` prints :func:`plan_csv`, the same columns as the plan part of the browser's CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from typing import Any

from econsec.engine.model import Checklist
from econsec.engine.scoring import score

STATUSES = ("todo", "doing", "done")
MAX_OWNER_CHARS = 100
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")

TEXT = {
    "ja": {
        "columns": ("項目ID", "区分", "設問", "回答", "担当", "期限", "状況", "期限超過"),
        "status": {"todo": "未着手", "doing": "対応中", "done": "完了"},
        "overdue": "期限超過",
    },
    "en": {
        "columns": ("Item", "Section", "Question", "Answer", "Owner", "Due", "Status", "Overdue"),
        "status": {"todo": "Not started", "doing": "In progress", "done": "Done"},
        "overdue": "Overdue",
    },
}


def valid_date(value: Any) -> bool:
    """A calendar date written ``YYYY-MM-DD`` (what ``input[type=date]`` gives)."""
    if not isinstance(value, str) or not DATE_RE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def clean_entry(raw: Any) -> tuple[dict[str, str] | None, list[str]]:
    """A plan entry from a file or the page: ``({owner, due, status}, problems)``.

    Problems are codes: ``owner-cut`` (longer than MAX_OWNER_CHARS: cut, kept), ``bad-due`` (not
    a date: left empty), ``bad-status`` (unknown: ``todo``), ``bad-plan`` (not an object: dropped).
    """
    if raw is None:
        return None, []
    if not isinstance(raw, dict):
        return None, ["bad-plan"]
    problems: list[str] = []
    owner = raw.get("owner")
    owner = owner.strip() if isinstance(owner, str) else ""
    if len(owner) > MAX_OWNER_CHARS:
        owner = owner[:MAX_OWNER_CHARS]
        problems.append("owner-cut")
    due = raw.get("due") or ""
    if due and not valid_date(due):
        problems.append("bad-due")
        due = ""
    status = raw.get("status") or "todo"
    if status not in STATUSES:
        problems.append("bad-status")
        status = "todo"
    if not owner and not due and status == "todo":
        return None, problems  # an empty row is no plan
    return {"owner": owner, "due": due, "status": status}, problems


def plan_rows(
    checklist: Checklist,
    answers: Mapping[str, str],
    plan: Mapping[str, Mapping[str, str]],
    today: str | None = None,
) -> list[dict[str, Any]]:
    """One row per next step, with its plan; sorted by due date (no date last), then as listed.

    ``overdue`` is True for a row with a due date before ``today`` that is not done.
    """
    steps = score(checklist, answers).next_steps
    rows = []
    for order, step in enumerate(steps):
        entry = plan.get(step["item"]) or {}
        due = entry.get("due", "")
        status = entry.get("status", "todo")
        rows.append(
            {
                "item": step["item"],
                "section": step["section"],
                "answer": step["answer"],
                "owner": entry.get("owner", ""),
                "due": due,
                "status": status,
                "overdue": bool(today and due and due < today and status != "done"),
                "_order": order,
            }
        )
    rows.sort(key=lambda r: (r["due"] == "", r["due"], r["_order"]))
    for row in rows:
        del row["_order"]
    return rows


def plan_csv(
    checklist: Checklist,
    answers: Mapping[str, str],
    plan: Mapping[str, Mapping[str, str]],
    lang: str = "ja",
    today: str | None = None,
    answer_labels: Mapping[str, str] | None = None,
) -> str:
    """The plan as CSV (CRLF lines; the caller adds a BOM for Excel when writing a file)."""
    t = TEXT[lang if lang in TEXT else "ja"]
    sections = {s.id: s.title.get(lang, s.title["ja"]) for s in checklist.sections}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(t["columns"])
    for row in plan_rows(checklist, answers, plan, today):
        item = checklist.item(row["item"])
        assert item is not None  # next steps come from the checklist's own items
        writer.writerow(
            [
                row["item"],
                sections.get(row["section"], row["section"]),
                item.text.get(lang, item.text["ja"]),
                (answer_labels or {}).get(row["answer"], row["answer"]),
                row["owner"],
                row["due"],
                t["status"][row["status"]],
                t["overdue"] if row["overdue"] else "",
            ]
        )
    return out.getvalue()


def plan_of(entries: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """``{item id: plan}`` from answers entries ``{id: {"value", "note", "plan"}}``, cleaned."""
    out: dict[str, dict[str, str]] = {}
    for item_id, entry in entries.items():
        plan, _problems = clean_entry(entry.get("plan") if isinstance(entry, dict) else None)
        if plan:
            out[item_id] = plan
    return out


def plan_result(
    checklist: Checklist,
    answers: Mapping[str, str],
    plan: Mapping[str, Mapping[str, str]],
    lang: str,
    today: str | None,
    answer_labels: Mapping[str, str] | None,
) -> dict[str, Any]:
    """What the page shows and exports: the rows (due-date order) and the CSV of them."""
    return {
        "rows": plan_rows(checklist, answers, plan, today),
        "csv": plan_csv(checklist, answers, plan, lang, today, answer_labels),
    }
