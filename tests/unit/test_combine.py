"""Combining several respondents' answers files (econsec.engine.combine, bridge, CLI, bench)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import combining
from econsec.engine import bridge
from econsec.engine.bridge import checklist_of_json
from econsec.engine.combine import (
    MAX_FILES,
    checklist_of,
    combine,
    default_label,
    median,
    proposed_answer,
)
from econsec.engine.exchange import (
    FORMAT,
    FORMAT_VERSION,
    MAX_NOTE_CHARS,
    named_checklist,
    parse_import,
)
from econsec.engine.scoring import score
from econsec.sources.checklists import load_checklist_by_id
from tests.support.cli import run_econsec

ROOT = Path(__file__).resolve().parents[2]
CH1 = load_checklist_by_id("tech-leakage-ch1", ROOT / "checklists")
SCREENING = load_checklist_by_id("prior-report-screening", ROOT / "checklists")


def export(answers: dict[str, Any], checklist: Any = CH1, **extra: Any) -> str:
    """An answers file as the site writes it; ``answers``: {id: value | (value, note)}."""
    entries = {
        k: {"value": v[0], "note": v[1]} if isinstance(v, tuple) else {"value": v}
        for k, v in answers.items()
    }
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "checklist": checklist.id,
        "checklist_version": checklist.version,
        "answers": entries,
        **extra,
    }
    return json.dumps(data, ensure_ascii=False)


def item(result: dict[str, Any], item_id: str) -> dict[str, Any]:
    return next(i for i in result["items"] if i["id"] == item_id)


# --- the proposed consensus ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "proposed"),
    [
        (["yes", "yes"], "yes"),
        (["yes", "partial"], "partial"),
        (["yes", "partial", "unknown"], "unknown"),
        (["unknown", "no", "yes"], "no"),  # no and unknown rank alike: no if anyone said no
        (["no", "unknown"], "no"),
        (["unknown", "unknown", "partial"], "unknown"),
        (["na", "yes", None], "yes"),  # na and unanswered are not counted
        (["na", None], "na"),
        ([None, None], None),
        ([], None),
    ],
)
def test_proposed_score_is_the_most_cautious_counted_answer(
    answers: list[str | None], proposed: str | None
) -> None:
    assert proposed_answer(answers, "score") == proposed


@pytest.mark.parametrize(
    ("answers", "proposed"),
    [
        (["no", "yes", "unknown"], "yes"),
        (["no", "unknown"], "unknown"),
        (["no", None], "no"),
        ([None], None),
    ],
)
def test_proposed_screening_yes_then_unknown_then_no(
    answers: list[str | None], proposed: str | None
) -> None:
    assert proposed_answer(answers, "screening") == proposed


# --- items, counts, agreement, notes ---------------------------------------------------------


def test_items_answers_counts_agreement_and_notes() -> None:
    files = [
        ("社長", export({"ch1-1-1": ("yes", "問題なし"), "ch1-1-2": "no", "ch1-2-1": "na"})),
        ("現場", export({"ch1-1-1": ("partial", "図面が共有フォルダにある"), "ch1-1-2": "no"})),
        ("壊れた", "{not json"),
        ("総務", export({"ch1-1-1": "yes", "ch1-2-1": "yes"})),
    ]
    result = combine(CH1, files)
    assert result["ok"] and result["error"] is None and result["accepted"] == 3
    assert (result["checklist"], result["kind"]) == ("tech-leakage-ch1", "score")
    first = item(result, "ch1-1-1")
    assert first["answers"] == ["yes", "partial", "yes"]  # accepted respondents only, in order
    assert first["counts"] == {
        "yes": 2,
        "partial": 1,
        "no": 0,
        "unknown": 0,
        "na": 0,
        "unanswered": 0,
    }
    assert not first["agree"] and first["proposed"] == first["consensus"] == "partial"
    assert first["notes"] == [
        {"label": "社長", "note": "問題なし"},
        {"label": "現場", "note": "図面が共有フォルダにある"},
    ]
    second = item(result, "ch1-1-2")
    assert second["answers"] == ["no", "no", None] and second["agree"]
    assert second["counts"]["unanswered"] == 1 and second["counts"]["no"] == 2
    third = item(result, "ch1-2-1")  # na is not counted: yes alone agrees
    assert third["answers"] == ["na", None, "yes"] and third["agree"]
    assert third["proposed"] == "yes"
    nobody = item(result, "ch1-2-2")
    assert nobody["answers"] == [None, None, None] and nobody["agree"]
    assert nobody["proposed"] is None and nobody["consensus"] is None
    assert [i["id"] for i in result["items"]] == CH1.item_ids


def test_screening_counts_only_its_answers() -> None:
    files = [
        ("a", export({"tech-01": "no", "tech-02": "unknown"}, SCREENING)),
        ("b", export({"tech-01": "yes", "tech-02": "no"}, SCREENING)),
    ]
    result = combine(SCREENING, files)
    assert result["kind"] == "screening"
    first = item(result, "tech-01")
    assert set(first["counts"]) == {"yes", "no", "unknown", "unanswered"}
    assert first["proposed"] == "yes" and not first["agree"]
    assert item(result, "tech-02")["proposed"] == "unknown"
    assert [r["score"] for r in result["respondents"]] == [None, None]
    assert [r["outcome"] for r in result["respondents"]] == ["undetermined", "may_apply"]
    assert all(s["median"] is None and s["spread"] is None for s in result["sections"])
    # Screening gaps are yes and unknown.
    assert result["most_gaps"][:2] == [{"id": "tech-01", "count": 1}, {"id": "tech-02", "count": 1}]


# --- scores and sections ---------------------------------------------------------------------


def test_respondent_scores_and_section_spread_use_the_score_rule() -> None:
    sets = [
        {"ch1-1-1": "yes", "ch1-1-2": "yes", "ch1-2-1": "no"},
        {"ch1-1-1": "yes", "ch1-1-2": "partial", "ch1-2-1": "partial"},
        {"ch1-1-1": "no", "ch1-1-2": "unknown"},
        {"ch1-1-1": "partial", "ch1-1-2": "yes", "ch1-2-1": "yes"},
    ]
    result = combine(CH1, [(f"r{n}", export(s)) for n, s in enumerate(sets)])
    assert [r["score"] for r in result["respondents"]] == [score(CH1, s).score for s in sets]
    core = next(s for s in result["sections"] if s["id"] == "core-technology")
    assert core["scores"] == [100.0, 75.0, 0.0, 75.0]
    assert (core["min"], core["median"], core["max"], core["spread"]) == (0.0, 75.0, 100.0, 100.0)
    info = next(s for s in result["sections"] if s["id"] == "info-management")
    assert info["scores"] == [0.0, 50.0, None, 100.0]
    assert (info["min"], info["median"], info["max"], info["spread"]) == (0.0, 50.0, 100.0, 100.0)
    rules = next(s for s in result["sections"] if s["id"] == "partner-country-rules")
    assert rules["scores"] == [None] * 4 and rules["median"] is None and rules["spread"] is None


def test_median_of_an_even_count_is_rounded_half_up_like_a_score() -> None:
    assert median([66.7, 33.3]) == 50.0
    assert median([0.0, 0.1]) == 0.1  # 0.05 -> 0.1 (a float mean would give 0.05)
    assert median([12.5, 33.4, 90.0]) == 33.4
    assert median([33.3, 66.6]) == 50.0  # 49.95 -> 50.0
    assert median([]) is None


# --- most gaps -------------------------------------------------------------------------------


def test_most_gaps_by_count_then_checklist_order_at_most_five() -> None:
    gaps = ["ch1-1-1", "ch1-1-2", "ch1-2-1", "ch1-2-2", "ch1-3-1", "ch1-3-2"]
    sets = [
        {i: "no" for i in gaps},
        {"ch1-3-2": "unknown", "ch1-2-2": "no", "ch1-1-1": "yes", "ch1-1-2": "partial"},
        {"ch1-3-2": "no"},
    ]
    result = combine(CH1, [(f"r{n}", export(s)) for n, s in enumerate(sets)])
    assert result["most_gaps"] == [
        {"id": "ch1-3-2", "count": 3},
        {"id": "ch1-2-2", "count": 2},
        {"id": "ch1-1-1", "count": 1},
        {"id": "ch1-1-2", "count": 1},
        {"id": "ch1-2-1", "count": 1},
    ]
    clean = combine(CH1, [("a", export({"ch1-1-1": "yes"}))])
    assert clean["most_gaps"] == []  # count > 0 only


# --- refused files, anonymous files ----------------------------------------------------------


def test_refused_files_are_listed_with_the_import_refusal() -> None:
    other = export({"tech-01": "yes"}, SCREENING)
    files: list[tuple[str, str | bytes]] = [
        ("other", other),
        ("damaged", "{"),
        ("binary", b"\x00\x01\xff"),
        ("empty-answers", export({})),
        ("good", export({"ch1-1-1": "no"})),
    ]
    result = combine(CH1, files)
    assert result["ok"] and result["accepted"] == 1
    refused = {r["label"]: r for r in result["respondents"] if not r["ok"]}
    assert [r["label"] for r in result["respondents"]] == [label for label, _ in files]
    for label, text in files[:3]:
        assert refused[label]["error"] == parse_import(text, CH1)["error"]
        assert refused[label]["score"] is None
    assert refused["other"]["error"]["code"] == "wrong-checklist"
    assert refused["empty-answers"]["error"]["code"] == "no-answers"
    assert set(refused["damaged"]["error"]["message"]) == {"ja", "en"}
    assert item(result, "ch1-1-1")["answers"] == ["no"]


def test_nothing_accepted_too_many_and_no_files() -> None:
    none = combine(CH1, [("x", "{"), ("y", "[]")])
    assert not none["ok"] and none["error"]["code"] == "none-accepted"
    assert [r["ok"] for r in none["respondents"]] == [False, False]
    assert none["consensus_file"] is None and none["items"] == []
    many = combine(CH1, [("f", export({"ch1-1-1": "yes"}))] * (MAX_FILES + 1))
    assert not many["ok"] and many["error"]["code"] == "too-many-files"
    assert str(MAX_FILES) in many["error"]["message"]["en"].replace(",", "")
    assert many["respondents"] == []
    assert combine(CH1, [])["error"]["code"] == "no-files"


def test_anonymous_files_have_no_organisation() -> None:
    named = export({"ch1-1-1": "yes"}, organisation="  株式会社 〇〇製作所 ")
    anonymous = export(
        {"ch1-1-1": "no"}, anonymous=True, exported_on="2026-11-29", organisation="漏れた名前"
    )
    escaped = export({"ch1-1-1": "no"}).replace('"answers"', '"\\u0061nonymous": true, "answers"')
    result = combine(CH1, [("a", named), ("b", anonymous), ("c", escaped.encode())])
    assert [(r["anonymous"], r["organisation"]) for r in result["respondents"]] == [
        (False, "株式会社 〇〇製作所"),
        (True, ""),
        (True, ""),
    ]


# --- consensus file, choices, lang -----------------------------------------------------------


def test_consensus_file_imports_back_to_the_same_answers() -> None:
    files = [
        ("社長", export({"ch1-1-1": ("yes", "大丈夫"), "ch1-1-2": "no", "ch1-2-1": "na"})),
        ("現場", export({"ch1-1-1": ("no", "鍵がない\n二行目"), "ch1-2-2": (None, "要確認")})),
    ]
    result = combine(CH1, files)
    data = result["consensus_file"]
    assert set(data) == {
        "format",
        "format_version",
        "checklist",
        "checklist_version",
        "lang",
        "answers",
    }
    assert (data["format_version"], data["checklist_version"], data["lang"]) == (
        FORMAT_VERSION,
        CH1.version,
        "ja",
    )
    assert data["answers"]["ch1-1-1"] == {
        "value": "no",
        "note": "社長：大丈夫\n現場：鍵がない\n二行目",
    }
    parsed = parse_import(json.dumps(data, ensure_ascii=False), CH1)
    assert parsed["ok"] and not parsed["warnings"] and not parsed["ignored"]
    expected = {
        i["id"]: {"value": i["consensus"], "note": data["answers"][i["id"]]["note"]}
        for i in result["items"]
        if i["id"] in data["answers"]
    }
    assert parsed["answers"] == expected
    assert parsed["answers"]["ch1-2-2"] == {"value": None, "note": "現場：要確認"}
    assert "ch1-3-1" not in data["answers"]  # no answer and no note: left out
    english = combine(CH1, files, lang="en")["consensus_file"]
    assert english["lang"] == "en"
    assert english["answers"]["ch1-1-1"]["note"] == "社長: 大丈夫\n現場: 鍵がない\n二行目"


def test_merged_notes_are_cut_to_what_an_import_keeps() -> None:
    files = [(f"r{n}", export({"ch1-1-1": ("no", "x" * 1500)})) for n in range(3)]
    data = combine(CH1, files)["consensus_file"]
    assert len(data["answers"]["ch1-1-1"]["note"]) == MAX_NOTE_CHARS
    assert parse_import(json.dumps(data), CH1)["answers"]["ch1-1-1"]["note"].endswith("…")


def test_choices_override_the_proposal_when_allowed() -> None:
    files = [("a", export({"ch1-1-1": "yes", "ch1-1-2": "no"})), ("b", export({"ch1-1-1": "no"}))]
    choices = {"ch1-1-1": "partial", "ch1-1-2": "maybe", "ch1-9-9": "yes", "ch1-2-1": "na"}
    result = combine(CH1, files, choices)
    assert (item(result, "ch1-1-1")["proposed"], item(result, "ch1-1-1")["consensus"]) == (
        "no",
        "partial",
    )
    assert item(result, "ch1-1-2")["consensus"] == "no"  # not an allowed answer: ignored
    assert item(result, "ch1-2-1")["consensus"] == "na"  # chosen for an item nobody answered
    answers = result["consensus_file"]["answers"]
    assert answers["ch1-1-1"]["value"] == "partial" and answers["ch1-2-1"]["value"] == "na"
    screening = combine(SCREENING, [("a", export({"tech-01": "no"}, SCREENING))], {"tech-01": "na"})
    assert item(screening, "tech-01")["consensus"] == "no"  # na is not a screening answer


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(CH1.item_ids[:6]),
            st.sampled_from(["yes", "partial", "no", "unknown", "na"]),
            min_size=1,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_counts_sum_to_accepted_and_proposed_is_a_given_answer(
    sets: list[dict[str, str]],
) -> None:
    result = combine(CH1, [(f"r{n}", export(s)) for n, s in enumerate(sets)])
    assert result["accepted"] == len(sets)
    for entry in result["items"]:
        assert sum(entry["counts"].values()) == len(sets) == len(entry["answers"])
        assert entry["proposed"] is None or entry["proposed"] in entry["answers"]
        counted = {a for a in entry["answers"] if a not in (None, "na")}
        assert entry["agree"] == (len(counted) <= 1)
    for section in result["sections"]:
        if section["min"] is not None:
            assert section["min"] <= section["median"] <= section["max"]


# --- the bridge and the command line --------------------------------------------------------


def test_combine_json_is_the_engine_result() -> None:
    files = [("社長", export({"ch1-1-1": ("yes", "大丈夫")})), ("現場", export({"ch1-1-1": "no"}))]
    request = {
        "files": [{"label": label, "text": text} for label, text in files] + [{"text": 5}, "x"],
        "choices": {"ch1-1-2": "yes", "ch1-1-1": 3},
        "lang": "en",
    }
    page = json.loads(bridge.combine_json(json.dumps(CH1.to_dict()), json.dumps(request)))
    files += [("", ""), ("", "")]
    assert page == combine(CH1, files, {"ch1-1-2": "yes"}, "en")
    assert [r["label"] for r in page["respondents"]] == ["社長", "現場", "#3", "#4"]


def test_cli_prints_the_combined_json(tmp_path: Path) -> None:
    (tmp_path / "boss.json").write_text(
        export({"ch1-1-1": "yes"}, organisation="株式会社〇〇"), encoding="utf-8"
    )
    (tmp_path / "floor.json").write_text(export({"ch1-1-1": "no"}), encoding="utf-8")
    (tmp_path / "anon.json").write_text(export({"ch1-1-1": "unknown"}, anonymous=True))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    names = [str(tmp_path / n) for n in ("boss.json", "floor.json", "anon.json", "bad.json")]
    done = run_econsec("combine", "tech-leakage-ch1", *names, "--lang", "en")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [r["label"] for r in result["respondents"]] == ["株式会社〇〇", "floor", "anon", "bad"]
    assert item(result, "ch1-1-1")["answers"] == ["yes", "no", "unknown"]
    assert result["consensus_file"]["lang"] == "en"
    labelled = run_econsec("combine", "tech-leakage-ch1", *names[:2], "--label", "社長")
    assert [r["label"] for r in json.loads(labelled.stdout)["respondents"]] == ["社長", "floor"]


def test_cli_fails_with_one_line_when_nothing_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(export({"tech-01": "yes"}, SCREENING), encoding="utf-8")
    done = run_econsec("combine", "tech-leakage-ch1", str(tmp_path / "bad.json"), str(other))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: ")
    assert "not-json" in done.stderr and "wrong-checklist" in done.stderr
    too_many = run_econsec(
        "combine", "tech-leakage-ch1", str(other), "--label", "a", "--label", "b"
    )
    assert too_many.returncode == 1 and "--label" in too_many.stderr


# --- the bench's figure 9, untimed -----------------------------------------------------------


def test_bench_combine_figure_runs_on_the_largest_checklist() -> None:
    checklist = combining.largest_checklist(ROOT)
    assert len(checklist.items) == max(
        len(load_checklist_by_id(p.stem, ROOT / "checklists").items)
        for p in (ROOT / "checklists").glob("*.yml")
    )
    files = combining.answers_files(checklist, 4)
    times = combining.time_once(checklist, files, "parse")
    assert list(times) == ["parse", "combine"] and all(t > 0 for t in times.values())


def test_a_respondent_without_a_name_is_named_by_the_engine() -> None:
    """The one rule the page and `econsec combine` share: the organisation, else the file name
    without .json, else #n; a name typed by the user always wins."""
    assert default_label("株式会社〇〇", "boss.json", 1) == "株式会社〇〇"
    assert default_label("", "C:\\Users\\a\\回答 2026.JSON", 2) == "回答 2026"
    assert default_label("", "dir/notes.txt", 3) == "notes.txt"
    assert default_label("", "", 4) == "#4"
    request = {
        "files": [
            {
                "label": "",
                "name": "boss.json",
                "text": export({"ch1-1-1": "yes"}, organisation="本社"),
            },
            {"name": "floor.json", "text": export({"ch1-1-1": "no"})},
            {
                "label": "現場",
                "name": "x.json",
                "text": export({"ch1-1-1": "no"}, organisation="工場"),
            },
            {"name": "anon.json", "text": export({"ch1-1-1": "no"}, anonymous=True)},
        ]
    }
    page = json.loads(bridge.combine_json(json.dumps(CH1.to_dict()), json.dumps(request)))
    assert [r["label"] for r in page["respondents"]] == ["本社", "floor", "現場", "anon"]


# -- which checklist a set of files is combined for (the page's pick; `econsec combine auto`) ----


def _named(checklist_id: object) -> str:
    return json.dumps({"format": "econsec-answers", "checklist": checklist_id, "answers": {}})


def test_checklist_of_picks_the_one_most_files_answer_of_a_tie_the_first_named() -> None:
    known = ["a", "b", "c"]
    assert checklist_of([_named("b"), _named("a"), _named("a")], known) == "a"
    assert checklist_of([_named("b"), _named("a")], known) == "b"
    assert checklist_of([_named("c"), _named("z"), _named("z"), _named("z")], known) == "c"
    # Bytes as read from disk, with a BOM, count alike; what names no known checklist does not.
    files = [b"\xef\xbb\xbf" + _named("b").encode(), "{not json", "[]", _named(7), _named(None)]
    assert checklist_of(files, known) == "b"
    assert checklist_of(["", "{}", b"\xff\xfe", _named("z")], known) is None
    assert checklist_of([], known) is None


def test_named_checklist_reads_as_the_import_does() -> None:
    assert named_checklist(_named("tech-leakage-ch1")) == "tech-leakage-ch1"
    assert named_checklist("[" * 100_000) is None  # refused as too deep, never raised
    assert named_checklist(b"\x00" * 10) is None


def test_bridge_and_command_line_pick_alike(tmp_path: Path) -> None:
    ids = ["executive", "tech-leakage-ch1"]
    texts = [_named("executive"), _named("tech-leakage-ch1"), _named("tech-leakage-ch1")]
    assert json.loads(checklist_of_json(json.dumps(ids), json.dumps(texts))) == "tech-leakage-ch1"
    assert json.loads(checklist_of_json("{}", "null")) is None  # malformed: nothing picked
    paths = []
    for n, text in enumerate(texts):
        paths.append(tmp_path / f"{n}.json")
        paths[-1].write_text(text, encoding="utf-8")
    done = run_econsec("combine", "auto", *map(str, paths))
    assert json.loads(done.stdout)["checklist"] == "tech-leakage-ch1"
    (tmp_path / "x.json").write_text(_named("nothing-here"), encoding="utf-8")
    none = run_econsec("combine", "auto", str(tmp_path / "x.json"))
    assert none.returncode == 1
    assert "none of the files answers a checklist" in none.stderr
