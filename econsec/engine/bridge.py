"""JSON-in, JSON-out entry points for the browser (Pyodide calls these with strings).

The definition JSON comes from the build, so a broken one is a bug and raises. Answers come from
the page's storage and may predate a checklist update: unknown items and answers are dropped
(``normalise_answers``) rather than refused.
"""

from __future__ import annotations

import json
from functools import lru_cache

from econsec.engine.combine import checklist_of, combine
from econsec.engine.compare import compare_stored, earlier_from_import
from econsec.engine.exchange import normalise_answers, parse_import
from econsec.engine.model import Checklist
from econsec.engine.plan import plan_of, plan_result
from econsec.engine.scoring import score


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=8)
def _checklist(def_json: str) -> Checklist:
    """The page sends the same definition with every call: parse it once (re-score latency)."""
    return Checklist.from_dict(json.loads(def_json))


def score_json(def_json: str, answers_json: str) -> str:
    """Result JSON for answers ``{id: value}``, ``{id: {"value", "note"}}`` or a whole export."""
    checklist = _checklist(def_json)
    answers = normalise_answers(json.loads(answers_json or "{}"), checklist)
    return _dumps(score(checklist, answers).to_dict())


def score_many_json(def_json: str, answer_sets_json: str) -> str:
    """Results JSON (a list, in order) for a list of answer sets: one call for many, so the page
    can score the answer sets one change away ahead of the click (engine-bridge.js)."""
    checklist = _checklist(def_json)
    results = [
        score(checklist, normalise_answers(answers, checklist)).to_dict()
        for answers in json.loads(answer_sets_json or "[]")
    ]
    return _dumps(results)


def parse_import_json(def_json: str, text: str) -> str:
    """The import result (see ``exchange.parse_import``) as JSON; never raises on bad ``text``."""
    return _dumps(parse_import(text, _checklist(def_json)))


def compare_json(def_json: str, request_json: str) -> str:
    """An earlier check compared with the current answers, as JSON; never raises on a bad file.

    ``request_json``: ``{"earlier": <text of an answers file the user chose, or the page's stored
    copy of one>, "answers": <the current answers>}``. The earlier file is checked as an import.
    Returns ``{"ok", "error", "warnings", "earlier", "comparison"}`` (``compare.earlier_from_import``).
    """
    checklist = _checklist(def_json)
    request = json.loads(request_json)
    result = earlier_from_import(str(request.get("earlier") or ""), checklist)
    result["comparison"] = None
    if result["ok"]:
        now = normalise_answers(request.get("answers") or {}, checklist)
        result["comparison"] = compare_stored(result["earlier"], checklist, now)
    return _dumps(result)


def plan_json(def_json: str, request_json: str) -> str:
    """The action plan as JSON ``{"rows", "csv"}`` (``plan.plan_result``).

    ``request_json``: ``{"answers": {id: {"value", "plan"}}, "lang", "today": "YYYY-MM-DD",
    "labels": {answer value: label}}``; ``econsec plan`` prints the same CSV.
    """
    checklist = _checklist(def_json)
    request = json.loads(request_json)
    entries = request.get("answers") if isinstance(request.get("answers"), dict) else {}
    answers = normalise_answers(entries, checklist)
    today = request.get("today") if isinstance(request.get("today"), str) else None
    labels = request.get("labels") if isinstance(request.get("labels"), dict) else None
    lang = "en" if request.get("lang") == "en" else "ja"
    return _dumps(plan_result(checklist, answers, plan_of(entries), lang, today, labels))


def combine_json(def_json: str, request_json: str) -> str:
    """Several respondents' answers files combined, as JSON (``combine.combine``); never raises
    on a bad file. ``request_json``: ``{"files": [{"label", "text", "name"}], "choices": {id: answer},
    "lang": "ja" | "en"}``; ``econsec combine`` prints the same result."""
    checklist = _checklist(def_json)
    request = json.loads(request_json)
    request = request if isinstance(request, dict) else {}
    given = request.get("files") if isinstance(request.get("files"), list) else []
    files = [
        (
            f.get("label") if isinstance(f.get("label"), str) else "",
            f.get("text") if isinstance(f.get("text"), str) else "",
            f.get("name") if isinstance(f.get("name"), str) else "",
        )
        for f in (f if isinstance(f, dict) else {} for f in given)
    ]
    raw = request.get("choices") if isinstance(request.get("choices"), dict) else {}
    choices = {k: v for k, v in raw.items() if isinstance(v, str)}
    return _dumps(combine(checklist, files, choices, str(request.get("lang") or "ja")))


def checklist_of_json(known_json: str, texts_json: str) -> str:
    """Which checklist the combine page combines the chosen files for (``combine.checklist_of``),
    as JSON (an id or null). ``known_json``: the page's checklist ids; ``texts_json``: the files'
    texts; ``econsec combine auto`` decides alike."""
    known = json.loads(known_json)
    texts = json.loads(texts_json)
    ids = [k for k in known if isinstance(k, str)] if isinstance(known, list) else []
    files = [t for t in texts if isinstance(t, str)] if isinstance(texts, list) else []
    return _dumps(checklist_of(files, ids))
