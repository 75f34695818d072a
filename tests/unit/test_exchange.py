"""Answers files: strict reading for the CLI, lenient-but-safe import for the browser, bridge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from econsec.engine import score
from econsec.engine.bridge import parse_import_json, score_json
from econsec.engine.exchange import (
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_IMPORT_BYTES,
    MAX_NOTE_CHARS,
    answers_from_json,
    parse_import,
)
from econsec.engine.scoring import AnswersError
from econsec.errors import EconsecError
from econsec.sources.checklists import load_checklist_by_id

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST = load_checklist_by_id("tech-leakage-ch1", ROOT / "checklists")

PLAIN = {"ch1-1-1": "yes", "ch1-1-2": "partial", "ch1-2-1": "no", "ch1-3-1": "na"}


def export(answers: dict[str, Any] | None = None, **over: Any) -> dict[str, Any]:
    """An answers file as the browser writes it."""
    data = {
        "format": "econsec-answers",
        "format_version": 1,
        "checklist": "tech-leakage-ch1",
        "checklist_version": CHECKLIST.version,
        "exported_at": "2026-11-25T12:00:00Z",
        "site": "0.1.0+2026-11-25",
        "lang": "ja",
        "answers": {k: {"value": v, "note": ""} for k, v in PLAIN.items()}
        if answers is None
        else answers,
    }
    data.update(over)
    return data


# -- CLI reading ------------------------------------------------------------------------------


def test_export_and_plain_mapping_score_the_same() -> None:
    from_export = answers_from_json(json.dumps(export(), ensure_ascii=False), CHECKLIST)
    from_plain = answers_from_json(json.dumps(PLAIN), CHECKLIST)
    assert from_export == from_plain == PLAIN
    assert score(CHECKLIST, from_export).to_dict() == score(CHECKLIST, from_plain).to_dict()
    assert score(CHECKLIST, from_plain).score == 50.0  # (1 + 0.5 + 0) / 3


def test_export_with_bom_and_note_only_items() -> None:
    data = export(
        {"ch1-1-1": {"value": "yes", "note": "済"}, "ch1-1-2": {"value": None, "note": "確認中"}}
    )
    assert answers_from_json("\ufeff" + json.dumps(data, ensure_ascii=False), CHECKLIST) == {
        "ch1-1-1": "yes"
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "answers file is empty"),
        ("{", "answers file is not valid JSON (line 1, column 2: "),
        ("[1, 2]", "answers file must be a JSON object"),
        (json.dumps({"ch1-9-9": "yes"}), "unknown item 'ch1-9-9'"),
        (json.dumps({"ch1-1-1": "maybe"}), "item 'ch1-1-1': answer 'maybe' is not one of"),
        (json.dumps({"ch1-1-1": 1}), "item 'ch1-1-1': answer must be a string, not 1"),
        (json.dumps(export(format="other")), "unknown answers file format 'other'"),
        (
            json.dumps(export(format_version=FORMAT_VERSION + 1)),
            f"format_version {FORMAT_VERSION + 1} is newer than this program",
        ),
        (json.dumps(export(format_version="1")), "format_version must be a positive integer"),
        (json.dumps(export(checklist="organisation")), "checklist 'organisation', not"),
        (json.dumps(export(answers=[])), "'answers' must be an object"),
    ],
)
def test_answers_from_json_errors(text: str, message: str) -> None:
    with pytest.raises(AnswersError) as info:
        answers_from_json(text, CHECKLIST)
    assert isinstance(info.value, EconsecError)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


# -- browser import ---------------------------------------------------------------------------

BAD_INPUTS: list[tuple[str, Any]] = [
    ("empty", ""),
    ("empty", "   \n\t "),
    ("empty", "\ufeff"),
    ("not-json", "this is not JSON"),
    ("not-json", '{"format": "econsec-answers",'),
    ("not-json", "[" * 100_000 + "]" * 100_000),  # nested too deeply for the parser
    ("not-json", '{"a":' * 50_000 + "1" + "}" * 50_000),
    ("not-json", json.dumps(export({"ch1-1-1": {"value": json.loads("[" * 40 + "]" * 40)}}))),
    ("not-json", "NaN]"),
    ("not-object", "[]"),
    ("not-object", "42"),
    ("not-object", '"a string"'),
    ("not-object", "null"),
    ("not-object", "\ufeff[]"),
    ("not-object", json.dumps([export()])),
    ("wrong-format", "{}"),
    ("wrong-format", json.dumps(PLAIN)),  # the CLI accepts a plain mapping; the import does not
    ("wrong-format", json.dumps(export(format="csf-assessment"))),
    ("wrong-format", json.dumps(export(format_version="1"))),
    ("wrong-format", json.dumps(export(format_version=0))),
    ("wrong-format", json.dumps(export(checklist=None))),
    ("newer-version", json.dumps(export(format_version=FORMAT_VERSION + 1))),
    ("wrong-checklist", json.dumps(export(checklist="organisation"))),
    ("bad-answers", json.dumps(export(answers=["ch1-1-1"]))),
    ("bad-answers", json.dumps({k: v for k, v in export().items() if k != "answers"})),
    ("too-large", json.dumps(export(site="x" * MAX_IMPORT_BYTES))),
    ("binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("binary", '{"format": "econsec-answers"\x00}'),
    ("binary", "PK\x03\x04\ufffd\ufffd"),  # a zip (e.g. an .xlsx) read as UTF-8 by the browser
    ("binary", b"\xff\xfe{\x00}\x00"),  # bytes that are not UTF-8 (UTF-16)
    ("binary", json.dumps(export()).encode("utf-16-le")),  # UTF-16 without a byte order mark
    ("binary", b'{"format": "econsec-answers", "x": "\xc3\x28"}'),  # invalid UTF-8
    ("too-large", b" " * (MAX_IMPORT_BYTES + 1)),  # bytes are measured before decoding
]


@pytest.mark.parametrize(("code", "text"), BAD_INPUTS)
def test_parse_import_refuses(code: str, text: Any) -> None:
    result = parse_import(text, CHECKLIST)
    assert result["ok"] is False
    assert result["error"]["code"] == code
    message = result["error"]["message"]
    assert message["ja"].startswith("このファイルは読み込めません。")
    assert message["en"].startswith("This file cannot be imported.")
    assert result["answers"] == {} and result["ignored"] == []


def test_parse_import_messages_name_the_other_checklist() -> None:
    result = parse_import(json.dumps(export(checklist="organisation")), CHECKLIST)
    assert "（organisation）" in result["error"]["message"]["ja"]
    assert "(organisation)" in result["error"]["message"]["en"]


def test_parse_import_accepts_an_export() -> None:
    result = parse_import(json.dumps(export(), ensure_ascii=False), CHECKLIST)
    assert result == {
        "ok": True,
        "error": None,
        "answers": {k: {"value": v, "note": ""} for k, v in PLAIN.items()},
        "ignored": [],
        "warnings": [],
        "organisation": "",
    }


def test_parse_import_names_the_other_checklist_by_id_for_the_page() -> None:
    # The page shows the other checklist's title when it knows the id (issue 18 §4).
    result = parse_import(json.dumps(export(checklist="organisation")), CHECKLIST)
    assert result["error"]["other"] == "organisation"


@pytest.mark.parametrize(
    ("raw", "name", "codes"),
    [
        ("  株式会社　東北\n製作所 ", "株式会社 東北 製作所", []),
        ("製" * 101, "製" * 100, ["organisation-cut"]),
        (42, "", ["organisation-dropped"]),
        (None, "", []),
        ("", "", []),
    ],
)
def test_parse_import_reads_the_organisation(raw: object, name: str, codes: list[str]) -> None:
    data = export()
    if raw is not None:
        data["organisation"] = raw
    result = parse_import(json.dumps(data, ensure_ascii=False), CHECKLIST)
    assert result["ok"] is True and result["organisation"] == name
    assert [w["code"] for w in result["warnings"]] == codes


def test_parse_import_keeps_notes_and_strips_bom() -> None:
    data = export(
        {
            "ch1-1-1": {"value": "yes", "note": "規程あり"},
            "ch1-1-2": {"value": None, "note": "要確認"},
        }
    )
    result = parse_import("\ufeff" + json.dumps(data, ensure_ascii=False), CHECKLIST)
    assert result["ok"] is True
    assert result["answers"] == {
        "ch1-1-1": {"value": "yes", "note": "規程あり"},
        "ch1-1-2": {"value": None, "note": "要確認"},
    }


def test_parse_import_partly_accepts() -> None:
    data = export(
        {
            "ch1-1-1": {"value": "yes", "note": ""},
            "ch1-9-9": {"value": "yes", "note": ""},  # not in this checklist
            "ch1-1-2": {"value": "maybe", "note": "keep me"},  # answer not allowed, note kept
            "ch1-2-1": {"value": "no", "note": "x" * (MAX_NOTE_CHARS + 1)},  # note too long
            "ch1-2-2": {"value": "partial", "note": 7},  # note not text
            "ch1-3-1": "unknown",  # a bare value is accepted too
        },
        checklist_version="0.9.0",
    )
    result = parse_import(json.dumps(data), CHECKLIST)
    assert result["ok"] is True and result["error"] is None
    assert result["answers"] == {
        "ch1-1-1": {"value": "yes", "note": ""},
        "ch1-1-2": {"value": None, "note": "keep me"},
        "ch1-2-1": {"value": "no", "note": ""},
        "ch1-2-2": {"value": "partial", "note": ""},
        "ch1-3-1": {"value": "unknown", "note": ""},
    }
    assert result["ignored"] == [
        {"item": "ch1-9-9", "reason": "unknown-item", "value": "yes"},
        {"item": "ch1-1-2", "reason": "bad-value", "value": "maybe"},
    ]
    codes = [w["code"] for w in result["warnings"]]
    assert codes == ["checklist-version", "note-dropped", "note-dropped"]
    assert all(w["message"]["ja"] and w["message"]["en"] for w in result["warnings"])


# Names every JavaScript object has (and "prototype"): in an answers file they are unknown items.
RESERVED_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]


def test_parse_import_ignores_reserved_names_as_unknown_items() -> None:
    answers = {name: {"value": "yes", "note": "x"} for name in RESERVED_KEYS}
    answers["ch1-1-1"] = {"value": "no", "note": ""}
    text = json.dumps(export(answers))
    assert '"__proto__": {"value": "yes"' in text  # a key in the file, not a prototype
    for result in (
        parse_import(text, CHECKLIST),
        json.loads(parse_import_json(json.dumps(CHECKLIST.to_dict()), text)),
    ):
        assert result["ok"] is True, result["error"]
        assert result["answers"] == {"ch1-1-1": {"value": "no", "note": ""}}
        assert result["ignored"] == [
            {"item": name, "reason": "unknown-item", "value": "yes"} for name in RESERVED_KEYS
        ]
    # a bare value, and a reserved name as the value's own key
    text = json.dumps(export({"constructor": "yes", "ch1-1-2": {"__proto__": "yes"}}))
    result = parse_import(text, CHECKLIST)
    assert result["ok"] is True and result["answers"] == {}
    assert [x["item"] for x in result["ignored"]] == ["constructor"]
    with pytest.raises(AnswersError, match="constructor"):  # the CLI names it
        answers_from_json(json.dumps({"constructor": "yes"}), CHECKLIST)


def test_parse_import_note_at_the_limit_is_kept() -> None:
    note = "あ" * MAX_NOTE_CHARS
    result = parse_import(
        json.dumps(export({"ch1-1-1": {"value": "yes", "note": note}})), CHECKLIST
    )
    assert result["answers"]["ch1-1-1"]["note"] == note
    assert result["warnings"] == []


def test_parse_import_screening_refuses_score_answers() -> None:
    screening = load_checklist_by_id("prior-report-screening", ROOT / "checklists")
    data = export(
        {"tech-01": {"value": "partial"}, "tech-02": {"value": "yes"}},
        checklist="prior-report-screening",
    )
    result = parse_import(json.dumps(data), screening)
    assert result["answers"] == {"tech-02": {"value": "yes", "note": ""}}
    assert result["ignored"] == [{"item": "tech-01", "reason": "bad-value", "value": "partial"}]


def test_parse_import_empty_answers_warns() -> None:
    result = parse_import(json.dumps(export({})), CHECKLIST)
    assert result["ok"] is True
    assert [w["code"] for w in result["warnings"]] == ["no-answers"]


# -- bridge ------------------------------------------------------------------------------------


def test_bridge_scores_like_the_engine() -> None:
    definition = json.dumps(CHECKLIST.to_dict(), ensure_ascii=False)
    expected = score(CHECKLIST, PLAIN).to_dict()
    assert json.loads(score_json(definition, json.dumps(PLAIN))) == expected
    nested = {k: {"value": v, "note": "n"} for k, v in PLAIN.items()}
    assert json.loads(score_json(definition, json.dumps(nested))) == expected
    assert json.loads(score_json(definition, json.dumps(export()))) == expected
    # Answers stored for an older version of the checklist: unknown ids/values are dropped.
    stale = PLAIN | {"ch1-0-0": "yes", "ch1-7-1": "maybe"}
    assert json.loads(score_json(definition, json.dumps(stale))) == expected


def test_bridge_parse_import_json() -> None:
    definition = json.dumps(CHECKLIST.to_dict(), ensure_ascii=False)
    assert json.loads(parse_import_json(definition, "not json"))["error"]["code"] == "not-json"
    ok = json.loads(parse_import_json(definition, json.dumps(export())))
    assert ok["ok"] is True and len(ok["answers"]) == len(PLAIN)


def test_parse_import_depth_limit() -> None:
    def nested(depth: int) -> Any:
        value: Any = "yes"
        for _ in range(depth):
            value = [value]
        return value

    # the export itself nests three levels ({ answers: { id: { value ... } } })
    at_limit = export({"ch1-1-1": {"value": nested(MAX_DEPTH - 3)}, "ch1-1-2": "yes"})
    result = parse_import(json.dumps(at_limit), CHECKLIST)
    assert result["ok"] is True
    assert result["answers"] == {"ch1-1-2": {"value": "yes", "note": ""}}
    assert [x["reason"] for x in result["ignored"]] == ["bad-value"]
    too_deep = export({"ch1-1-1": {"value": nested(MAX_DEPTH - 2)}})
    assert parse_import(json.dumps(too_deep), CHECKLIST)["error"]["code"] == "not-json"
    # brackets inside strings are text, not nesting
    note = "[{" * 5000 + '\\"]'
    data = export({"ch1-1-1": {"value": "yes", "note": note[:MAX_NOTE_CHARS]}})
    result = parse_import(json.dumps(data), CHECKLIST)
    assert result["answers"]["ch1-1-1"]["note"] == note[:MAX_NOTE_CHARS]
