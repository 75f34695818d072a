"""Compare with an earlier check, and the action plan (econsec.engine.compare / .plan)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from econsec.engine import bridge
from econsec.engine.compare import Answers, checklist_changes, compare, delta, item_change
from econsec.engine.exchange import FORMAT
from econsec.engine.plan import MAX_OWNER_CHARS, clean_entry, plan_csv, plan_rows, valid_date
from econsec.sources.checklists import load_checklist_by_id

ROOT = Path(__file__).resolve().parents[2]
CH1 = load_checklist_by_id("tech-leakage-ch1", ROOT / "checklists")
SCREENING = load_checklist_by_id("prior-report-screening", ROOT / "checklists")
VALUES = ["yes", "partial", "no", "unknown", "na", None]


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("no", "yes", "improved"),
        ("unknown", "partial", "improved"),
        ("yes", "partial", "worse"),
        ("no", "unknown", "same"),  # both rank 0
        ("yes", "yes", "same"),
        (None, "no", "new"),
        ("na", "yes", "new"),
        ("partial", None, "dropped"),
        ("yes", "na", "dropped"),
        ("na", None, "same"),
        (None, None, "same"),
    ],
)
def test_item_rule(before: str | None, after: str | None, change: str) -> None:
    assert item_change(before, after) == change


def test_screening_items_change_or_not() -> None:
    assert item_change("yes", "no", screening=True) == "changed"
    assert item_change("no", "no", screening=True) == "same"
    assert item_change(None, "unknown", screening=True) == "new"
    assert item_change("yes", None, screening=True) == "dropped"


def test_delta_is_exact_to_one_decimal() -> None:
    assert delta(33.3, 66.7) == 33.4 and delta(0.3, 0.1) == -0.2
    assert delta(None, 50.0) is None and delta(50.0, None) is None


def test_compare_a_worked_example() -> None:
    before = Answers({"ch1-1-1": "no", "ch1-1-2": "yes", "ch1-2-1": "na"}, CH1.version)
    after = Answers({"ch1-1-1": "yes", "ch1-1-2": "partial", "ch1-2-1": "no"}, CH1.version)
    result = compare(CH1, before, after)
    assert result["score"] == {"before": 50.0, "after": 50.0, "delta": 0.0}
    changes = {i["id"]: i["change"] for i in result["items"]}
    assert (changes["ch1-1-1"], changes["ch1-1-2"], changes["ch1-2-1"]) == (
        "improved",
        "worse",
        "new",
    )
    assert {i["change"] for i in result["items"][3:]} == {"same"}
    first = result["sections"][0]
    assert first == {"id": CH1.sections[0].id, "before": 50.0, "after": 75.0, "delta": 25.0}
    assert result["checklist_changes"] == {
        "added": [],
        "reworded": [],
        "removed": [],
        "complete": True,
    }


def test_checklist_changes_from_digests_and_without() -> None:
    digests = {item.id: item.digest for item in CH1.items}
    digests["ch1-1-1"] = "000000000000"
    del digests["ch1-1-2"]
    digests["old-item"] = "111111111111"
    changes = checklist_changes(CH1, Answers({}, "0.9.0", digests))
    assert changes == {
        "added": ["ch1-1-2"],
        "reworded": ["ch1-1-1"],
        "removed": ["old-item"],
        "complete": True,
    }
    older = checklist_changes(CH1, Answers({"gone": "yes", "ch1-1-1": "no"}, "0.9.0"))
    assert older == {"added": [], "reworded": [], "removed": ["gone"], "complete": False}


def test_screening_compares_the_outcome() -> None:
    first = SCREENING.items[0].id
    all_no = {i.id: "no" for i in SCREENING.items}
    result = compare(SCREENING, Answers(all_no), Answers({**all_no, first: "yes"}))
    assert result["score"] == {"before": None, "after": None, "delta": None}
    assert result["outcome"]["before"] == "not_indicated"
    assert result["outcome"]["after"] == "may_apply"
    assert result["outcome"]["matched"] == {"before": [], "after": [first]}


answer_sets = st.dictionaries(
    st.sampled_from(CH1.item_ids), st.sampled_from(["yes", "partial", "no", "unknown", "na"])
)


@given(answer_sets)
def test_property_a_file_compared_with_itself_is_all_same(answers: dict[str, str]) -> None:
    result = compare(CH1, Answers(answers), Answers(answers))
    assert {i["change"] for i in result["items"]} == {"same"}
    assert result["score"]["delta"] in (0.0, None)
    assert all(s["delta"] in (0.0, None) for s in result["sections"])


@given(answer_sets, answer_sets)
def test_property_swapping_the_files_flips_every_sign(a: dict[str, str], b: dict[str, str]) -> None:
    ab, ba = compare(CH1, Answers(a), Answers(b)), compare(CH1, Answers(b), Answers(a))
    flip = {"improved": "worse", "worse": "improved", "new": "dropped", "dropped": "new"}
    flip["same"] = "same"
    for x, y in zip(ab["items"], ba["items"], strict=True):
        assert y["change"] == flip[x["change"]]
    if ab["score"]["delta"] is not None:
        assert ab["score"]["delta"] == -ba["score"]["delta"]
    for x, y in zip(ab["sections"], ba["sections"], strict=True):
        assert x["delta"] == (None if y["delta"] is None else -y["delta"])


# -- the earlier file, as the browser and the command line read it ------------------------------


def _export(answers: dict[str, str], **head: object) -> str:
    data = {
        "format": FORMAT,
        "format_version": 1,
        "checklist": CH1.id,
        "checklist_version": CH1.version,
        "exported_at": "2025-11-20T10:00:00+09:00",
        "answers": {k: {"value": v, "note": "メモ"} for k, v in answers.items()},
        **head,
    }
    return json.dumps(data, ensure_ascii=False)


def _compare_json(earlier: str, now: dict[str, str]) -> dict:
    request = json.dumps({"earlier": earlier, "answers": now})
    return json.loads(bridge.compare_json(json.dumps(CH1.to_dict()), request))


def test_compare_json_is_the_engine_comparison_and_keeps_no_notes() -> None:
    before, now = {"ch1-1-1": "no", "ch1-1-2": "yes"}, {"ch1-1-1": "yes"}
    result = _compare_json(_export(before), now)
    assert result["ok"] and result["error"] is None
    assert result["comparison"] == compare(CH1, Answers(before, CH1.version), Answers(now))
    stored = result["earlier"]
    assert stored["answers"] == {k: {"value": v} for k, v in before.items()}
    assert "メモ" not in json.dumps(stored, ensure_ascii=False)  # notes stay out of the copy
    assert stored["exported_at"] == "2025-11-20T10:00:00+09:00"
    # The stored copy reads back to the same comparison (the page keeps it across reloads).
    again = _compare_json(json.dumps(stored), now)
    assert again["comparison"] == result["comparison"] and again["earlier"] == stored


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "not-json"),
        (_export({"ch1-1-1": "no"}, checklist="executive"), "wrong-checklist"),
        (_export({"ch1-1-1": "no"}, format_version=99), "newer-version"),
        (_export({}), "no-answers"),
        ("", "empty"),
    ],
)
def test_compare_json_refuses_what_import_refuses(text: str, code: str) -> None:
    result = _compare_json(text, {"ch1-1-1": "yes"})
    assert not result["ok"] and result["comparison"] is None and result["earlier"] is None
    assert result["error"]["code"] == code
    assert result["error"]["message"]["ja"] and result["error"]["message"]["en"]


def test_an_older_edition_names_its_removed_items_in_browser_and_cli(tmp_path: Path) -> None:
    from contextlib import redirect_stdout

    from econsec.cli import main

    old = _export({"ch1-1-1": "no", "ch1-9-9": "yes"}, checklist_version="1.0.0")
    result = _compare_json(old, {"ch1-1-1": "partial"})
    assert result["ok"]
    assert [w["code"] for w in result["warnings"]] == ["checklist-version"]
    changes = result["comparison"]["checklist_changes"]
    assert changes == {"added": [], "reworded": [], "removed": ["ch1-9-9"], "complete": False}
    assert result["comparison"]["items"][0]["change"] == "improved"
    (tmp_path / "before.json").write_text(old, "utf-8")
    (tmp_path / "after.json").write_text(json.dumps({"ch1-1-1": "partial"}), "utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(
            ["compare", CH1.id, str(tmp_path / "before.json"), str(tmp_path / "after.json")]
        )
    assert status == 0 and json.loads(out.getvalue()) == result["comparison"]


def test_cli_compare_names_the_file_it_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from econsec.cli import main

    (tmp_path / "other.json").write_text(_export({"ch1-1-1": "no"}, checklist="executive"), "utf-8")
    (tmp_path / "now.json").write_text("{}", "utf-8")
    status = main(["compare", CH1.id, str(tmp_path / "other.json"), str(tmp_path / "now.json")])
    err = capsys.readouterr().err
    assert status != 0 and "other.json" in err and "executive" in err and "Traceback" not in err


@given(answer_sets, answer_sets)
def test_property_the_stored_copy_compares_like_the_file(
    a: dict[str, str], b: dict[str, str]
) -> None:
    first = _compare_json(_export(a), b)
    if not a:  # a file without answers is refused, as an import would be
        assert first["error"]["code"] == "no-answers"
        return
    again = _compare_json(json.dumps(first["earlier"]), b)
    assert again["comparison"] == first["comparison"]
    assert first["comparison"] == compare(CH1, Answers(a, CH1.version), Answers(b))


# -- plan ---------------------------------------------------------------------------------------


def test_plan_entries_are_cleaned() -> None:
    assert clean_entry({"owner": " 製造部 ", "due": "2027-03-31", "status": "doing"}) == (
        {"owner": "製造部", "due": "2027-03-31", "status": "doing"},
        [],
    )
    entry, problems = clean_entry({"owner": "x" * 150, "due": "2027-02-30", "status": "later"})
    assert entry == {"owner": "x" * MAX_OWNER_CHARS, "due": "", "status": "todo"}
    assert problems == ["owner-cut", "bad-due", "bad-status"]
    assert clean_entry({"owner": "", "due": "", "status": "todo"}) == (None, [])
    assert clean_entry("todo") == (None, ["bad-plan"])
    assert not valid_date("2027-13-01") and valid_date("2028-02-29")


def test_plan_rows_follow_the_next_steps_sorted_by_due_date() -> None:
    answers = {"ch1-1-1": "no", "ch1-1-2": "partial", "ch1-2-1": "unknown", "ch1-3-1": "yes"}
    plan = {
        "ch1-2-1": {"owner": "A", "due": "2027-01-10", "status": "doing"},
        "ch1-1-2": {"owner": "B", "due": "2026-12-01", "status": "todo"},
        "ch1-3-1": {"owner": "C", "due": "2026-01-01", "status": "todo"},  # not a next step
    }
    rows = plan_rows(CH1, answers, plan, today="2026-12-15")
    assert [r["item"] for r in rows] == ["ch1-1-2", "ch1-2-1", "ch1-1-1"]
    assert [r["overdue"] for r in rows] == [True, False, False]
    text = plan_csv(CH1, answers, plan, "ja", today="2026-12-15")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["項目ID", "区分", "設問", "回答", "担当", "期限", "状況", "期限超過"]
    assert table[1][0] == "ch1-1-2" and table[1][4:] == ["B", "2026-12-01", "未着手", "期限超過"]
    assert table[3][4:] == ["", "", "未着手", ""]
    assert text.endswith("\r\n")


def test_cli_compare_prints_what_the_engine_computes(tmp_path: Path) -> None:
    import json

    from econsec.cli import main

    before = {"ch1-1-1": "no", "ch1-1-2": "yes"}
    export = {
        "format": "econsec-answers",
        "format_version": 1,
        "checklist": CH1.id,
        "checklist_version": CH1.version,
        "answers": {"ch1-1-1": {"value": "yes", "note": "済"}},
    }
    (tmp_path / "a.json").write_text(json.dumps(before), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps(export), "utf-8")
    out = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        status = main(["compare", CH1.id, str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    assert status == 0
    printed = json.loads(out.getvalue())
    expected = compare(CH1, Answers(before), Answers({"ch1-1-1": "yes"}, CH1.version))
    assert printed == expected
    assert printed["score"] == {"before": 50.0, "after": 100.0, "delta": 50.0}


# -- the plan in the answers file (format 2), the page's plan call and `econsec plan` -----------


PLAN_FILE = {
    "format": FORMAT,
    "format_version": 2,
    "checklist": CH1.id,
    "checklist_version": CH1.version,
    "answers": {
        "ch1-1-1": {
            "value": "no",
            "plan": {"owner": "製造部", "due": "2026-12-20", "status": "doing"},
        },
        "ch1-1-2": {"value": "partial", "plan": {"owner": "総務", "due": "2026-01-10"}},
        "ch1-2-1": {"value": "unknown"},
        "ch1-2-2": {
            "value": "yes",
            "plan": {"owner": "x" * 120, "due": "2026-02-30", "status": "?"},
        },
        "ch1-3-1": {"value": "no", "plan": "next week"},
    },
}


def test_format_2_carries_the_plan_and_format_1_still_imports() -> None:
    from econsec.engine.exchange import FORMAT_VERSION, parse_import

    assert FORMAT_VERSION == 2
    result = parse_import(json.dumps(PLAN_FILE), CH1)
    assert result["ok"]
    answers = result["answers"]
    assert answers["ch1-1-1"]["plan"] == {"owner": "製造部", "due": "2026-12-20", "status": "doing"}
    assert answers["ch1-1-2"]["plan"] == {"owner": "総務", "due": "2026-01-10", "status": "todo"}
    assert "plan" not in answers["ch1-2-1"] and "plan" not in answers["ch1-3-1"]
    # Cut, left empty, taken as "todo", dropped: each said once, naming the item.
    assert answers["ch1-2-2"]["plan"] == {
        "owner": "x" * MAX_OWNER_CHARS,
        "due": "",
        "status": "todo",
    }
    codes = [(w["code"], w["item"]) for w in result["warnings"]]
    assert codes == [
        ("plan-owner-cut", "ch1-2-2"),
        ("plan-bad-due", "ch1-2-2"),
        ("plan-bad-status", "ch1-2-2"),
        ("plan-dropped", "ch1-3-1"),
    ]
    assert all(w["message"]["ja"] and w["message"]["en"] for w in result["warnings"])
    old = {**PLAN_FILE, "format_version": 1, "answers": {"ch1-1-1": {"value": "no"}}}
    assert parse_import(json.dumps(old), CH1)["answers"] == {"ch1-1-1": {"value": "no", "note": ""}}


def test_the_page_and_the_command_line_print_the_same_plan(tmp_path: Path) -> None:
    from econsec.mdext.ui_text import TEXT
    from tests.support.cli import run_econsec

    (tmp_path / "answers.json").write_text(json.dumps(PLAN_FILE, ensure_ascii=False), "utf-8")
    for lang in ("ja", "en"):
        request = {
            "answers": PLAN_FILE["answers"],
            "lang": lang,
            "today": "2026-11-28",
            "labels": TEXT[lang]["answers"]["score"],
        }
        page = json.loads(bridge.plan_json(json.dumps(CH1.to_dict()), json.dumps(request)))
        done = run_econsec(
            "plan", CH1.id, str(tmp_path / "answers.json"), "--lang", lang, "--today", "2026-11-28"
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == page["csv"]
        assert "ch1-2-2" in done.stderr  # the file's problems are named, the plan still printed
        # Dated rows by date; undated ones in next-step order (the weakest section's ch1-3-1 first).
        assert [r["item"] for r in page["rows"]] == ["ch1-1-2", "ch1-1-1", "ch1-3-1", "ch1-2-1"]
        assert [r["overdue"] for r in page["rows"]] == [True, False, False, False]
        rows = list(csv.reader(io.StringIO(page["csv"])))
        overdue = "期限超過" if lang == "ja" else "Overdue"
        assert rows[1][0] == "ch1-1-2" and rows[1][-1] == overdue
        assert rows[1][3] == TEXT[lang]["answers"]["score"]["partial"]


def test_econsec_plan_refuses_a_bad_date_and_a_bad_file(tmp_path: Path) -> None:
    from tests.support.cli import run_econsec

    (tmp_path / "a.json").write_text(json.dumps(PLAN_FILE), "utf-8")
    done = run_econsec("plan", CH1.id, str(tmp_path / "a.json"), "--today", "2026-13-01")
    assert done.returncode != 0 and "not a date" in done.stderr
    (tmp_path / "b.json").write_text(json.dumps({**PLAN_FILE, "format_version": 3}), "utf-8")
    done = run_econsec("plan", CH1.id, str(tmp_path / "b.json"))
    assert done.returncode != 0 and "b.json" in done.stderr and "newer" in done.stderr
    assert "Traceback" not in done.stderr
