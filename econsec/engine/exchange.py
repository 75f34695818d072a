"""The answers file (format ``econsec-answers``, version 1): reading it strictly for the command
line (``answers_from_json``) and leniently for the browser import (``parse_import``).

The browser writes the file itself (so that export works before Pyodide has loaded); this module
only reads it. ``parse_import`` never raises: the widget shows its bilingual message and keeps
the current answers untouched when ``ok`` is false.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from econsec.engine.model import Checklist
from econsec.engine.plan import MAX_OWNER_CHARS, clean_entry
from econsec.engine.scoring import AnswersError, check_answers

FORMAT = "econsec-answers"
# 2: an item's entry may hold its action plan, "plan": {"owner", "due", "status"} (plan.py);
# files of version 1 are read as before.
FORMAT_VERSION = 2
MAX_IMPORT_BYTES = 1_000_000  # "1 MB": an export of the largest checklist is a few kB
MAX_NOTE_CHARS = 2000
# The optional top-level "organisation" (whose answers these are): a name, not a description.
MAX_ORGANISATION_CHARS = 100
# An export has one entry per item (the largest checklist has a few dozen). More entries than
# this cannot come from this site; 1 MB of tiny unknown ids (125,000) would otherwise take about
# half a second to list one by one in CPython, and longer in Pyodide.
MAX_ANSWERS = 1000
# An export nests three levels deep. Deeper JSON is refused before parsing: in Pyodide the C
# parser overflows the WebAssembly stack (a JavaScript RangeError) long before Python's
# recursion limit, and the interpreter is not usable afterwards.
MAX_DEPTH = 32
# Every pattern below is linear in the input: possessive quantifiers never backtrack, and a
# string that is not closed runs to the end of the text instead of failing and being retried
# from each later quote (the old expression took seconds on 32 KB of \", minutes on 120 KB).
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")

# Control characters other than tab, LF and CR never occur in an exported file; a file that has
# them (or U+FFFD, what the browser's UTF-8 decoder makes of invalid bytes) is binary.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")

Message = dict[str, str]

_CANNOT_JA = "このファイルは読み込めません。"
_CANNOT_EN = "This file cannot be imported. "

MESSAGES: dict[str, tuple[str, str]] = {
    "too-large": (
        "ファイルが大きすぎます（上限は1MBです）。このサイトで書き出した回答ファイルを選んでください。",
        "It is too large (the limit is 1 MB). Choose an answers file exported from this site.",
    ),
    "binary": (
        "テキスト形式のファイルではありません。このサイトで書き出した回答ファイル（JSON）を選んでください。",
        "It is not a text file. Choose an answers file (JSON) exported from this site.",
    ),
    "empty": (
        "ファイルが空です。",
        "The file is empty.",
    ),
    "not-json": (
        "JSON形式として読み取れません。ファイルが壊れているか、別の種類のファイルです。",
        "It cannot be read as JSON: the file is damaged or of another kind.",
    ),
    "not-object": (
        "このサイトの回答ファイルの形式ではありません。",
        "It is not in the format of this site's answers files.",
    ),
    "wrong-format": (
        "このサイトで書き出した回答ファイルではありません。",
        "It is not an answers file exported from this site.",
    ),
    "newer-version": (
        "より新しい版のサイトで書き出されたファイルです。サイトを最新の状態にしてから読み込んでください。",
        "It was exported by a newer version of this site. Update the site and try again.",
    ),
    "wrong-checklist": (
        "別のチェックリスト（{other}）の回答ファイルです。該当するチェックリストのページで読み込んでください。",
        "It holds answers to another checklist ({other}). Import it on that checklist's page.",
    ),
    "bad-answers": (
        "回答の部分が正しい形式になっていません。",
        "Its answers are not in the expected form.",
    ),
    "too-many": (
        "回答の数が多すぎます（上限は{limit:,}件です）。このサイトで書き出した回答ファイルを選んでください。",
        "It holds too many answers (the limit is {limit:,}). Choose an answers file exported "
        "from this site.",
    ),
}

WARNINGS: dict[str, tuple[str, str]] = {
    "checklist-version": (
        "このファイルはチェックリストの別の版（{other}）で回答されたものです。"
        "項目IDが一致する回答のみを読み込みました。",
        "The file was answered against another version of the checklist ({other}); "
        "answers were carried over by item id.",
    ),
    "plan-owner-cut": (
        "項目 {item} の担当が{limit}文字を超えていたため、{limit}文字までを読み込みました。",
        "The owner on item {item} was longer than {limit} characters and was cut to {limit}.",
    ),
    "plan-bad-due": (
        "項目 {item} の期限が日付（年-月-日）ではないため、期限は読み込みませんでした。",
        "The due date on item {item} is not a date (year-month-day) and was not imported.",
    ),
    "plan-bad-status": (
        "項目 {item} の状況が分からない値のため、「未着手」として読み込みました。",
        "The status on item {item} is not a known value and was imported as “Not started”.",
    ),
    "plan-dropped": (
        "項目 {item} の行動計画は、形式が正しくないため読み込みませんでした。",
        "The action plan on item {item} is not in the right form and was not imported.",
    ),
    "note-dropped": (
        "項目 {item} のメモは、文字列でないか{limit}文字を超えているため、読み込みませんでした。",
        "The note on item {item} was not imported: it is not text or is longer than "
        "{limit} characters.",
    ),
    "organisation-cut": (
        "組織名が{limit}文字を超えていたため、{limit}文字までを読み込みました。",
        "The organisation name was longer than {limit} characters and was cut to {limit}.",
    ),
    "organisation-dropped": (
        "組織名は、文字列でないため読み込みませんでした。",
        "The organisation name was not imported: it is not text.",
    ),
    "no-answers": (
        "このファイルには回答が含まれていません。",
        "The file contains no answers.",
    ),
}
# plan.clean_entry's problems -> the warnings above.
_PLAN_WARNINGS = {
    "owner-cut": "plan-owner-cut",
    "bad-due": "plan-bad-due",
    "bad-status": "plan-bad-status",
    "bad-plan": "plan-dropped",
}
# A file with nothing to use: a warning for an import (the widget refuses it), a refusal elsewhere.
MESSAGES["no-answers"] = WARNINGS["no-answers"]


def _message(table: dict[str, tuple[str, str]], code: str, **fmt: Any) -> Message:
    ja, en = table[code]
    return {"ja": ja.format(**fmt), "en": en.format(**fmt)}


def _refuse(code: str, **fmt: Any) -> dict[str, Any]:
    msg = _message(MESSAGES, code, **fmt)
    return {
        "ok": False,
        "error": {
            "code": code,
            "message": {"ja": _CANNOT_JA + msg["ja"], "en": _CANNOT_EN + msg["en"]},
        },
        "answers": {},
        "ignored": [],
        "warnings": [],
        "organisation": "",
    }


def refusal(code: str, **fmt: Any) -> dict[str, Any]:
    """The ``error`` of a refused file (``{"code", "message": {"ja", "en"}}``), for other readers."""
    return _refuse(code, **fmt)["error"]


def _warning(code: str, **fmt: Any) -> dict[str, Any]:
    return {"code": code, "message": _message(WARNINGS, code, **fmt), **fmt}


def _too_deep(text: str) -> bool:
    """True if brackets outside JSON strings nest deeper than MAX_DEPTH; linear in the text.

    Strings (with their escapes, and an unclosed one up to the end) are cut out, then everything
    but brackets, and one pass counts the depth. It is exact up to the first place where the
    text stops being JSON, which is as far as ``json.loads`` would go; past it, it may only refuse
    more. Fewer than MAX_DEPTH + 1 opening brackets cannot be too deep: no count is needed.
    """
    # Brackets inside strings only add to this count: a flat file (one object of many entries)
    # needs no pass over its strings, which costs as much as a third of json.loads.
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if brackets.count("[") + brackets.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for bracket in brackets:
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _loads(text: str) -> Any:
    """json.loads that refuses deep nesting (and turns RecursionError into ValueError)."""
    if _too_deep(text):
        raise ValueError("nested too deeply")
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc


def parse_import(text: str | bytes, checklist: Checklist) -> dict[str, Any]:
    """Check an imported answers file; never raises.

    Returns ``{"ok", "error", "answers": {id: {"value", "note"}}, "ignored", "warnings"}``.
    Unknown item ids and answers the checklist does not allow are left out and listed in
    ``ignored``; a file of another format, checklist or newer format version is refused whole.
    """
    try:
        return _parse_import(text, checklist)
    except Exception:  # a bug must not break the page: refuse the file instead
        return _refuse("not-json")


def _json_object(text: str | bytes) -> dict[str, Any]:
    """A file's JSON object, or the refusal (``{"ok": False, "error": ...}``) of what it is."""
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_IMPORT_BYTES:
            return _refuse("too-large")
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            return _refuse("binary")
    if not isinstance(text, str):
        return _refuse("not-json")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_IMPORT_BYTES:
        return _refuse("too-large")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return _refuse("empty")
    if _BINARY.search(text):
        return _refuse("binary")
    try:
        data = _loads(text)
    except ValueError:
        return _refuse("not-json")
    if not isinstance(data, dict):
        return _refuse("not-object")
    return {"ok": True, "data": data}


def named_checklist(text: str | bytes) -> str | None:
    """The checklist id a file names (its ``checklist``), read as ``parse_import`` reads it; None
    when the file is no JSON object naming one. Never raises."""
    try:
        read = _json_object(text)
    except Exception:  # as parse_import: a file never breaks the caller
        return None
    named = read["data"].get("checklist") if read["ok"] else None
    return named if isinstance(named, str) else None


def _parse_import(text: str | bytes, checklist: Checklist) -> dict[str, Any]:
    read = _json_object(text)
    if not read["ok"]:
        return read
    data = read["data"]
    if data.get("format") != FORMAT:
        return _refuse("wrong-format")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return _refuse("wrong-format")
    if version > FORMAT_VERSION:
        return _refuse("newer-version")
    other = data.get("checklist")
    if not isinstance(other, str):
        return _refuse("wrong-format")
    if other != checklist.id:
        refused = _refuse("wrong-checklist", other=other[:100])
        refused["error"]["other"] = other[:100]  # the page names it by its title if it knows it
        return refused
    raw = data.get("answers")
    if not isinstance(raw, dict):
        return _refuse("bad-answers")
    if len(raw) > MAX_ANSWERS:
        return _refuse("too-many", limit=MAX_ANSWERS)

    answers: dict[str, dict[str, Any]] = {}
    ignored: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    other_version = data.get("checklist_version")
    if isinstance(other_version, str) and other_version != checklist.version:
        warnings.append(_warning("checklist-version", other=other_version[:40]))
    for item_id, entry in raw.items():
        value, note = (
            (entry.get("value"), entry.get("note")) if isinstance(entry, dict) else (entry, None)
        )
        if checklist.item(item_id) is None:
            ignored.append({"item": item_id, "reason": "unknown-item", "value": _shown(value)})
            continue
        if value is not None and value not in checklist.answers:
            ignored.append({"item": item_id, "reason": "bad-value", "value": _shown(value)})
            value = None  # the note, if any, is still worth keeping
        if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE_CHARS):
            warnings.append(_warning("note-dropped", item=item_id, limit=MAX_NOTE_CHARS))
            note = None
        plan, problems = clean_entry(entry.get("plan") if isinstance(entry, dict) else None)
        for code in problems:
            warnings.append(_warning(_PLAN_WARNINGS[code], item=item_id, limit=MAX_OWNER_CHARS))
        if value is None and not note and not plan:
            continue
        answers[item_id] = {"value": value, "note": note or ""}
        if plan:
            answers[item_id]["plan"] = plan
    if not answers and not ignored:
        warnings.append(_warning("no-answers"))
    organisation = clean_organisation(data.get("organisation"), warnings)
    return {
        "ok": True,
        "error": None,
        "answers": answers,
        "ignored": ignored,
        "warnings": warnings,
        "organisation": organisation,
    }


def clean_organisation(raw: Any, warnings: list[dict[str, Any]] | None = None) -> str:
    """The file's organisation name: spaces collapsed, at most MAX_ORGANISATION_CHARS, or ""
    (absent, empty or not text); what was cut or dropped is added to ``warnings``."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        if warnings is not None:
            warnings.append(_warning("organisation-dropped"))
        return ""
    name = " ".join(raw.split())
    if len(name) > MAX_ORGANISATION_CHARS:
        name = name[:MAX_ORGANISATION_CHARS].rstrip()
        if warnings is not None:
            warnings.append(_warning("organisation-cut", limit=MAX_ORGANISATION_CHARS))
    return name


def _shown(value: Any) -> str | None:
    """A rejected value as short text for the message (never a whole nested structure)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _quoted(value: Any) -> str:
    """A value for a one-line CLI message: strings quoted, everything short."""
    return repr(_shown(value)) if isinstance(value, str) else str(_shown(value))


def normalise_answers(raw: Any, checklist: Checklist) -> dict[str, str]:
    """Lenient: ``{id: value}`` or ``{id: {"value", ...}}`` (or a whole export) -> ``{id: value}``,
    keeping only known items and allowed answers (answers saved for an older checklist version
    carry forward by item id)."""
    if isinstance(raw, dict) and raw.get("format") == FORMAT:
        raw = raw.get("answers")
    if not isinstance(raw, dict):
        return {}
    out = {}
    for item_id, entry in raw.items():
        value = entry.get("value") if isinstance(entry, dict) else entry
        if checklist.item(item_id) is not None and value in checklist.answers:
            out[item_id] = value
    return out


def answers_from_json(text: str, checklist: Checklist) -> dict[str, str]:
    """Strict, for the command line: an export file or ``{item_id: value}`` -> ``{id: value}``.

    Raises AnswersError with a one-line message for anything it cannot use.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise AnswersError("answers file is empty")
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise AnswersError(
            f"answers file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:
        raise AnswersError(f"answers file is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise AnswersError(
            "answers file must be a JSON object: the site's export or {item_id: answer}"
        )
    if "format" in data:
        data = _export_answers(data, checklist)
    answers: dict[str, str] = {}
    for item_id, entry in data.items():
        value = entry.get("value") if isinstance(entry, dict) else entry
        if value is None:  # unanswered (an export keeps items that only have a note)
            continue
        if not isinstance(value, str):
            raise AnswersError(f"item '{item_id}': answer must be a string, not {_quoted(value)}")
        answers[item_id] = value
    check_answers(checklist, answers)
    return answers


def _export_answers(data: Mapping[str, Any], checklist: Checklist) -> Mapping[str, Any]:
    if data.get("format") != FORMAT:
        raise AnswersError(f"unknown answers file format {_quoted(data.get('format'))}")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise AnswersError(f"format_version must be a positive integer, not {_quoted(version)}")
    if version > FORMAT_VERSION:
        raise AnswersError(
            f"format_version {version} is newer than this program reads ({FORMAT_VERSION})"
        )
    if data.get("checklist") != checklist.id:
        raise AnswersError(
            f"the file holds answers to checklist {_quoted(data.get('checklist'))}, "
            f"not '{checklist.id}'"
        )
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise AnswersError("'answers' must be an object {item_id: {value, note}}")
    return answers
