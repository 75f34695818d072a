"""Compare two sets of answers to one checklist: the earlier check and the current one.

The item rule (README, "Comparing with an earlier check"): rank yes 2, partial 1, no 0,
unknown 0; ``na`` and unanswered are not counted. Counted in both: ``improved`` / ``worse`` /
``same`` by rank; counted now only: ``new``; counted before only: ``dropped``; counted in
neither: ``same``. A screening checklist has no ranks: an item whose answer differs is
``changed``, and the outcome is compared instead of a score.

The browser (through ``bridge.compare_json``) and ``econsec compare`` call the same function, so
the comparison on screen is the one the command line prints.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from econsec.engine.exchange import (
    FORMAT,
    FORMAT_VERSION,
    answers_from_json,
    parse_import,
    refusal,
)
from econsec.engine.model import Checklist
from econsec.engine.scoring import AnswersError, score

RANK = {"yes": 2, "partial": 1, "no": 0, "unknown": 0}
CHANGES = ("improved", "worse", "same", "new", "dropped", "changed")


@dataclass(frozen=True)
class Answers:
    """One side of a comparison."""

    answers: Mapping[str, str]  # {item id: value}, already checked against the checklist
    version: str | None = None  # the checklist version they were given against
    # {item id: question digest} of every item of that version (answers file format 2), if known
    digests: Mapping[str, str] | None = None


def earlier_file(text: str, checklist: Checklist) -> dict[str, Any]:
    """The earlier side for the command line, in the stored form (``earlier_from_import``).

    An answers file of the site is read exactly as the browser reads it (so answers to items an
    older edition had are kept, to be named as removed); a plain ``{item_id: answer}`` file is
    read strictly. Raises ``AnswersError`` with a one-line message for a file it cannot use.
    """
    result = earlier_from_import(text, checklist)
    if result["ok"]:
        return result["earlier"]
    if result["error"]["code"] != "wrong-format":
        raise AnswersError(result["error"]["message"]["en"])
    answers = answers_from_json(text, checklist)  # {item_id: answer}, or it says what is wrong
    return {"checklist_version": "", "answers": {k: {"value": v} for k, v in answers.items()}}


def item_change(before: str | None, after: str | None, *, screening: bool = False) -> str:
    """The change of one item from ``before`` to ``after`` (answer values or None)."""
    if screening:
        counted_before, counted_after = before is not None, after is not None
    else:
        counted_before, counted_after = before in RANK, after in RANK
    if counted_before and counted_after:
        if screening:
            return "same" if before == after else "changed"
        diff = RANK[after] - RANK[before]  # type: ignore[index]
        return "improved" if diff > 0 else "worse" if diff < 0 else "same"
    if counted_after:
        return "new"
    if counted_before:
        return "dropped"
    return "same"


def delta(before: float | None, after: float | None) -> float | None:
    """``after - before`` to one decimal, exactly (both are one-decimal scores); None if either is."""
    if before is None or after is None:
        return None
    return float(Decimal(str(after)) - Decimal(str(before)))


def checklist_changes(checklist: Checklist, before: Answers) -> dict[str, Any]:
    """Items added, reworded and removed between ``before``'s checklist version and this one.

    ``complete`` is False when the earlier file does not list its version's items (format 1 of
    another version): then only removed items that had answers can be named.
    """
    current = {item.id: item.digest for item in checklist.items}
    if before.digests is not None:
        old = dict(before.digests)
        return {
            "added": [i for i in current if i not in old],
            "reworded": [i for i in current if i in old and old[i] != current[i]],
            "removed": [i for i in old if i not in current],
            "complete": True,
        }
    if before.version == checklist.version:
        return {"added": [], "reworded": [], "removed": [], "complete": True}
    return {
        "added": [],
        "reworded": [],
        "removed": [i for i in before.answers if i not in current],
        "complete": False,
    }


def compare(checklist: Checklist, before: Answers, after: Answers) -> dict[str, Any]:
    """The comparison JSON (README, "Comparing with an earlier check"; ARCHITECTURE.md, "Comparison")."""
    known = {item.id for item in checklist.items}
    old = {k: v for k, v in before.answers.items() if k in known and v in checklist.answers}
    new = {k: v for k, v in after.answers.items() if k in known and v in checklist.answers}
    screening = checklist.kind == "screening"
    was, now = score(checklist, old), score(checklist, new)
    sections = [
        {
            "id": a["id"],
            "before": a["score"],
            "after": b["score"],
            "delta": delta(a["score"], b["score"]),
        }
        for a, b in zip(was.sections, now.sections, strict=True)
    ]
    items = [
        {
            "id": item.id,
            "before": old.get(item.id),
            "after": new.get(item.id),
            "change": item_change(old.get(item.id), new.get(item.id), screening=screening),
        }
        for item in checklist.items
    ]
    result: dict[str, Any] = {
        "checklist": checklist.id,
        "version": checklist.version,
        "kind": checklist.kind,
        "score": {"before": was.score, "after": now.score, "delta": delta(was.score, now.score)},
        "sections": sections,
        "items": items,
        "checklist_changes": checklist_changes(checklist, before),
        "outcome": None,
    }
    if screening:
        result["outcome"] = {
            "before": (was.outcome or {}).get("status"),
            "after": (now.outcome or {}).get("status"),
            "matched": {
                "before": (was.outcome or {}).get("matched", []),
                "after": (now.outcome or {}).get("matched", []),
            },
            "unknown": {
                "before": (was.outcome or {}).get("unknown", []),
                "after": (now.outcome or {}).get("unknown", []),
            },
        }
    return result


def earlier_from_import(text: str, checklist: Checklist) -> dict[str, Any]:
    """The earlier side as the browser reads it (never raises): the file is checked like an
    import (``exchange.parse_import``: the same refusals and messages), then kept in a compact
    answers file of its own, without notes, that the page stores with its answers.

    Returns ``{"ok", "error", "warnings", "earlier"}``; ``earlier`` is the stored form, which
    this function reads back unchanged (``compare_stored``).
    """
    parsed = parse_import(text, checklist)
    if not parsed["ok"]:
        return {"ok": False, "error": parsed["error"], "warnings": [], "earlier": None}
    data = json.loads(text.removeprefix("\ufeff"))  # parse_import read it: valid and shallow
    answers = {k: {"value": v["value"]} for k, v in parsed["answers"].items() if v["value"]}
    # Answered items this edition no longer has: the comparison names them as removed.
    for entry in parsed["ignored"]:
        if entry["reason"] == "unknown-item" and isinstance(entry.get("value"), str):
            answers.setdefault(entry["item"], {"value": entry["value"]})
    earlier: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "checklist": checklist.id,
        "checklist_version": _text(data.get("checklist_version")),
        "exported_at": _text(data.get("exported_at")),
        "answers": answers,
    }
    digests = data.get("digests")
    if isinstance(digests, dict):
        earlier["digests"] = {k: v for k, v in digests.items() if isinstance(v, str)}
    if not answers:
        return {"ok": False, "error": refusal("no-answers"), "warnings": [], "earlier": None}
    return {"ok": True, "error": None, "warnings": parsed["warnings"], "earlier": earlier}


def compare_stored(
    earlier: dict[str, Any], checklist: Checklist, now: Mapping[str, str]
) -> dict[str, Any]:
    """The comparison of a stored earlier side (``earlier_from_import``) with ``now``."""
    raw = earlier.get("answers") if isinstance(earlier.get("answers"), dict) else {}
    answers = {
        k: v["value"]
        for k, v in raw.items()
        if isinstance(v, dict) and isinstance(v.get("value"), str)
    }
    digests = earlier.get("digests")
    before = Answers(
        answers,
        _text(earlier.get("checklist_version")) or None,
        digests if isinstance(digests, dict) else None,
    )
    return compare(checklist, before, Answers(dict(now)))


def _text(value: Any) -> str:
    """A string field of a file, cut short; anything else is ""."""
    return value[:40] if isinstance(value, str) else ""
