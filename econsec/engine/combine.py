"""Combine several respondents' answers files to one checklist (issue 13 §1, §2).

One firm's president and shop floor, or a seminar room's attendees, answer the same checklist;
this puts their answers side by side: per item the answers and their counts, whether the counted
answers agree, a proposed consensus (the most cautious counted answer), per section the spread
of the scores, the items most often answered as a gap, and a consensus answers file.

Each file is read exactly as the browser imports it (``exchange.parse_import``: the same
refusals and messages); a refused file is listed with its refusal, never raised. The browser
(``bridge.combine_json``) and ``econsec combine`` call ``combine``, so the page shows what the
command line prints; which checklist a set of files is combined for, where the user does not say,
is ``checklist_of`` (the page; ``econsec combine auto``). Contract: ARCHITECTURE.md, "Combining
files".
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from econsec.engine.compare import RANK
from econsec.engine.exchange import (
    FORMAT,
    FORMAT_VERSION,
    MAX_NOTE_CHARS,
    named_checklist,
    parse_import,
    refusal,
)
from econsec.engine.model import Checklist
from econsec.engine.scoring import score

# The checklist id that asks for ``checklist_of`` (``econsec combine auto``): no checklist may have it.
AUTO_ID = "auto"
# A seminar room is a few dozen people; more files than this is not a use of this page, and
# each costs a parse and a score.
MAX_FILES = 500
# The most-gap list is a starting point for the discussion, not a ranking of everything.
MOST_GAPS = 5
# Answers that mark an item as a gap, per checklist kind (as the next steps: model.NEXT_STEP_ANSWERS).
GAP_ANSWERS = {"score": ("no", "unknown"), "screening": ("yes", "unknown")}
# How a respondent's note is prefixed in the merged note of the consensus file.
NOTE_SEPARATOR = {"ja": "：", "en": ": "}

ERRORS: dict[str, tuple[str, str]] = {
    "no-files": (
        "回答ファイルが選ばれていません。",
        "No answers file was given.",
    ),
    "too-many-files": (
        "ファイルの数が多すぎます（一度にまとめられるのは{limit:,}件までです）。",
        "There are too many files (at most {limit:,} can be combined at once).",
    ),
    "none-accepted": (
        "読み込めた回答ファイルがありません。各ファイルの理由を確認してください。",
        "None of the files could be read; see the reason given for each.",
    ),
}


def _error(code: str, **fmt: Any) -> dict[str, Any]:
    ja, en = ERRORS[code]
    return {"code": code, "message": {"ja": ja.format(**fmt), "en": en.format(**fmt)}}


def read_file(text: str | bytes, checklist: Checklist) -> dict[str, Any]:
    """One file as ``combine`` reads it (never raises): ``parse_import``'s result plus
    ``anonymous`` (the file says ``"anonymous": true``; then it has no organisation). A file
    with no answer at all is refused (``no-answers``), as an earlier check is."""
    parsed = parse_import(text, checklist)
    parsed["anonymous"] = False
    if not parsed["ok"]:
        return parsed
    if not any(entry["value"] for entry in parsed["answers"].values()):
        return {**parsed, "ok": False, "error": refusal("no-answers"), "answers": {}}
    raw = text.decode("utf-8") if isinstance(text, bytes | bytearray) else text
    # parse_import read it (valid JSON, shallow enough) but does not return the flag; most
    # files do not have the word at all (nor an escape that could spell it), and are not
    # decoded twice.
    if "anonymous" in raw or "\\u" in raw:
        data = json.loads(raw.removeprefix("\ufeff"))
        parsed["anonymous"] = data.get("anonymous") is True
    if parsed["anonymous"]:
        parsed["organisation"] = ""
    return parsed


def proposed_answer(answers: Sequence[str | None], kind: str) -> str | None:
    """The most cautious counted answer (ARCHITECTURE.md, "Combining files").

    score: the lowest rank (yes 2, partial 1, no 0, unknown 0); at rank 0 "no" if anyone said
    no, else "unknown"; nothing counted: "na" if anyone said na, else None. screening: "yes" if
    any, else "unknown" if any, else "no" if any, else None.
    """
    given = set(answers)
    if kind == "screening":
        return next((v for v in ("yes", "unknown", "no") if v in given), None)
    counted = [RANK[v] for v in given if v in RANK]
    if not counted:
        return "na" if "na" in given else None
    low = min(counted)
    if low == 0:
        return "no" if "no" in given else "unknown"
    return "partial" if low == 1 else "yes"


def median(values: Sequence[float]) -> float | None:
    """The median of one-decimal scores; of an even count, the mean of the middle two rounded
    half-up to one decimal, as scores are (``scoring.round_half_up``)."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    total = Decimal(str(ordered[mid - 1])) + Decimal(str(ordered[mid]))
    return float((total / 2).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _spread(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {"min": None, "median": None, "max": None, "spread": None}
    low, high = min(values), max(values)
    return {
        "min": low,
        "median": median(values),
        "max": high,
        # exact: both are one-decimal scores (as compare.delta)
        "spread": float(Decimal(str(high)) - Decimal(str(low))),
    }


def _merged_note(notes: list[dict[str, str]], lang: str) -> str:
    """``<label>：<note>`` per line; cut to what an import keeps (exchange.MAX_NOTE_CHARS)."""
    sep = NOTE_SEPARATOR[lang]
    text = "\n".join(f"{n['label']}{sep}{n['note']}" for n in notes)
    return text if len(text) <= MAX_NOTE_CHARS else text[: MAX_NOTE_CHARS - 1] + "…"


def _empty(checklist: Checklist, error: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "ok": False,
        "error": error,
        "checklist": checklist.id,
        "kind": checklist.kind,
        "respondents": [],
        "accepted": 0,
        "items": [],
        "sections": [],
        "most_gaps": [],
        "consensus_file": None,
    }


def checklist_of(texts: Sequence[str | bytes], known: Collection[str]) -> str | None:
    """The checklist most of the files answer: of the ids in ``known`` that the files name
    (``exchange.named_checklist``), the one named most often, of a tie the one named first; None
    when no file names one of them. The files of other checklists are then refused by ``combine``,
    each with its reason."""
    tally: dict[str, int] = {}
    for text in texts:
        named = named_checklist(text)
        if named in known:
            tally[named] = tally.get(named, 0) + 1
    # max() keeps the first of equal counts, and the dict the order the ids were first named.
    return max(tally, key=lambda checklist_id: tally[checklist_id], default=None)


def default_label(organisation: str, file_name: str, n: int) -> str:
    """A respondent's name until someone types one: the file's organisation, else its file name
    without ``.json``, else ``#n`` (the n-th file)."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base[:-5] if base.lower().endswith(".json") else base
    return organisation or stem or f"#{n}"


def combine(
    checklist: Checklist,
    files: Sequence[tuple[str, str | bytes] | tuple[str, str | bytes, str]],
    choices: Mapping[str, str] | None = None,
    lang: str = "ja",
) -> dict[str, Any]:
    """The combined result of ``files`` (``(label, text)`` or ``(label, text, file name)``, in
    the user's order); never raises on a bad file. An empty label becomes ``default_label``.
    ``choices`` ({item id: answer}) overrides the proposed consensus per item."""
    lang = "en" if lang == "en" else "ja"
    if not files:
        return _empty(checklist, _error("no-files"))
    if len(files) > MAX_FILES:
        return _empty(checklist, _error("too-many-files", limit=MAX_FILES))
    respondents: list[dict[str, Any]] = []
    accepted: list[tuple[str, dict[str, Any]]] = []  # (label, answers) of accepted files
    section_scores: list[list[float | None]] = []  # per accepted file, in section order
    for n, (label, text, *name) in enumerate(files, 1):
        parsed = read_file(text, checklist)
        label = str(label) or default_label(parsed["organisation"], "".join(name), n)
        entry: dict[str, Any] = {
            "label": label,
            "ok": parsed["ok"],
            "error": parsed["error"],
            "anonymous": parsed["anonymous"],
            "organisation": parsed["organisation"],
            "score": None,
            "outcome": None,
            "warnings": parsed["warnings"],
        }
        if parsed["ok"]:
            values = {k: e["value"] for k, e in parsed["answers"].items() if e["value"]}
            result = score(checklist, values)
            entry["score"] = result.score
            entry["outcome"] = (result.outcome or {}).get("status")
            accepted.append((label, parsed["answers"]))
            section_scores.append([s["score"] for s in result.sections])
        respondents.append(entry)
    if not accepted:
        result = _empty(checklist, _error("none-accepted"))
        result["respondents"] = respondents
        return result

    allowed = set(checklist.answers)
    gap = GAP_ANSWERS[checklist.kind]
    choices = choices or {}
    items, gaps, file_answers = [], [], {}
    for index, item in enumerate(checklist.items):
        answers: list[str | None] = []
        notes: list[dict[str, str]] = []
        for label, entries in accepted:
            e = entries.get(item.id)
            answers.append(e["value"] if e else None)
            if e and e["note"]:
                notes.append({"label": label, "note": e["note"]})
        counts = {value: 0 for value in checklist.answers}
        unanswered = 0
        for value in answers:
            if value is None:
                unanswered += 1
            else:
                counts[value] += 1
        counts["unanswered"] = unanswered
        counted = {v for v in answers if v is not None and v != "na"}
        proposed = proposed_answer(answers, checklist.kind)
        choice = choices.get(item.id)
        consensus = choice if choice in allowed else proposed
        items.append(
            {
                "id": item.id,
                "section": item.section,
                "answers": answers,
                "counts": counts,
                "agree": len(counted) <= 1,
                "proposed": proposed,
                "consensus": consensus,
                "notes": notes,
            }
        )
        gap_count = sum(counts.get(v, 0) for v in gap)
        if gap_count:
            gaps.append((-gap_count, index, item.id))
        merged = _merged_note(notes, lang) if notes else ""
        if consensus is not None or merged:
            file_answers[item.id] = {"value": consensus, "note": merged}

    sections = []
    for i, section in enumerate(checklist.sections):
        scores = [row[i] for row in section_scores]
        counted_scores = [s for s in scores if s is not None]
        sections.append({"id": section.id, "scores": scores, **_spread(counted_scores)})
    return {
        "ok": True,
        "error": None,
        "checklist": checklist.id,
        "kind": checklist.kind,
        "respondents": respondents,
        "accepted": len(accepted),
        "items": items,
        "sections": sections,
        "most_gaps": [{"id": iid, "count": -c} for c, _, iid in sorted(gaps)[:MOST_GAPS]],
        "consensus_file": {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "checklist": checklist.id,
            "checklist_version": checklist.version,
            "lang": lang,
            "answers": file_answers,
        },
    }
