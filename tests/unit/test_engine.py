"""The engine: model round trip, the score rule by hand-worked examples and by properties."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from econsec.engine import ANSWERS, Checklist, score
from econsec.engine.effort import ROUND_UP_TO_MINUTES, SECONDS_PER_QUESTION, minutes_for
from econsec.engine.model import DefinitionError, text_digest
from econsec.engine.scoring import AnswersError
from econsec.sources.checklists import load_checklist_by_id

ROOT = Path(__file__).resolve().parents[2]
CHECKLISTS = ROOT / "checklists"
REAL_IDS = ["tech-leakage-ch1", "organisation", "executive", "prior-report-screening"]


def make(sections: list[list[float]], kind: str = "score") -> Checklist:
    """A checklist with sections s1, s2, … whose items i1, i2, … have the given weights."""
    items: list[dict[str, Any]] = []
    secs = []
    n = 0
    for s_index, weights in enumerate(sections, 1):
        ids = []
        for w in weights:
            n += 1
            ids.append(f"i{n}")
            items.append(
                {
                    "id": f"i{n}",
                    "section": f"s{s_index}",
                    "text": {"ja": "問", "en": "Q"},
                    "weight": w,
                    "provenance": {"type": "derived", "basis": {"ja": "基", "en": "B"}},
                }
            )
        secs.append({"id": f"s{s_index}", "title": {"ja": "区", "en": "S"}, "items": ids})
    return Checklist.from_dict(
        {
            "id": "t",
            "version": "1.0.0",
            "kind": kind,
            "title": {"ja": "題", "en": "T"},
            "description": {"ja": "説", "en": "D"},
            "source": {},
            "sections": secs,
            "items": items,
            "outcome": None,
        }
    )


# -- model ------------------------------------------------------------------------------------


@pytest.mark.parametrize("checklist_id", REAL_IDS)
def test_definition_round_trip(checklist_id: str) -> None:
    c = load_checklist_by_id(checklist_id, CHECKLISTS)
    d = c.to_dict()
    assert Checklist.from_dict(json.loads(json.dumps(d))) == c
    assert list(d) == [
        "id",
        "version",
        "kind",
        "title",
        "description",
        "source",
        "answers",
        "sections",
        "items",
        "outcome",
        "audience",
        "otherwise",
    ]
    assert set(d["items"][0]) == {
        "id",
        "section",
        "text",
        "weight",
        "provenance",
        "guidance",
        "next_step",
        "digest",
        "support",
    }
    assert d["answers"] == list(ANSWERS[d["kind"]])


# -- text digests (the browser marks answers to reworded questions for review) -----------------


def test_text_digest_is_short_stable_and_covers_both_languages() -> None:
    base = {"ja": "規程を定めていますか。", "en": "Do you have a rule?"}
    d = text_digest(base)
    assert re.fullmatch(r"[0-9a-f]{12}", d)
    # Fixed value: the browser compares digests saved by earlier builds with new ones, so the
    # recipe (sha256 of JSON [ja, en], 12 hex digits) must never change silently.
    assert d == "3f8b7c7c0de3"
    assert text_digest(dict(base)) == d
    assert text_digest({**base, "ja": "規程を定めていますか？"}) != d
    assert text_digest({**base, "en": "Do you have a rule? "}) != d
    # The two texts are kept apart: moving characters from one language to the other counts.
    assert text_digest({"ja": "ab", "en": "c"}) != text_digest({"ja": "a", "en": "bc"})


def test_definition_carries_the_digest_of_each_item_and_reads_back() -> None:
    c = load_checklist_by_id("executive", CHECKLISTS)
    d = json.loads(json.dumps(c.to_dict()))
    for item, raw in zip(c.items, d["items"], strict=True):
        assert raw["digest"] == text_digest(item.text) == item.digest
    assert len({raw["digest"] for raw in d["items"]}) == len(d["items"])
    # The digest is derived from the text: a stale one in the JSON is ignored, not trusted.
    d["items"][0]["digest"] = "000000000000"
    again = Checklist.from_dict(d)
    assert again == c
    assert again.items[0].digest == c.items[0].digest


def test_from_dict_rejects_broken_definitions() -> None:
    d = make([[1, 1]]).to_dict()
    d["sections"][0]["items"].append("ghost")
    with pytest.raises(DefinitionError, match="ghost"):
        Checklist.from_dict(d)
    d = make([[1]]).to_dict()
    d["items"][0]["weight"] = 0
    with pytest.raises(DefinitionError, match="weight"):
        Checklist.from_dict(d)
    with pytest.raises(DefinitionError, match="kind"):
        Checklist.from_dict({**make([[1]]).to_dict(), "kind": "quiz"})


# -- score rule: worked examples ---------------------------------------------------------------


def test_worked_example_mixed_answers() -> None:
    # s1: yes (1) + partial (0.5); s2: no (0) + na (left out); s3: unknown (0) + unanswered.
    # Overall: (1 + 0.5 + 0 + 0) / 4 = 37.5. s1 75.0, s2 0.0, s3 0.0 -> weakest s2 (first).
    c = make([[1, 1], [1, 1], [1, 1]])
    r = score(c, {"i1": "yes", "i2": "partial", "i3": "no", "i4": "na", "i5": "unknown"}).to_dict()
    assert r == {
        "checklist": "t",
        "version": "1.0.0",
        "kind": "score",
        "score": 37.5,
        "progress": {"answered": 5, "total": 6},
        "counts": {"yes": 1, "partial": 1, "no": 1, "unknown": 1, "na": 1, "unanswered": 1},
        "sections": [
            {"id": "s1", "score": 75.0, "answered": 2, "total": 2, "nothing_counted": None},
            {"id": "s2", "score": 0.0, "answered": 2, "total": 2, "nothing_counted": None},
            {"id": "s3", "score": 0.0, "answered": 1, "total": 2, "nothing_counted": None},
        ],
        "weakest_section": "s2",
        "next_steps": [
            {"item": "i3", "section": "s2", "answer": "no", "weight": 1},
            {"item": "i5", "section": "s3", "answer": "unknown", "weight": 1},
            {"item": "i2", "section": "s1", "answer": "partial", "weight": 1},
        ],
        "weakest_sections": ["s2", "s3"],
        "outcome": None,
        "support": [],
        "nothing_counted": None,
    }


def test_nothing_counted_says_why_and_suggests_the_checklist_named_otherwise() -> None:
    c = make([[1, 1], [1]])
    assert score(c, {}).nothing_counted == {"reason": "no_answers", "suggest": None}
    assert score(c, {"i1": "na"}).nothing_counted == {"reason": "only_na", "suggest": None}
    all_na = score(c, {"i1": "na", "i2": "na", "i3": "na"}).to_dict()
    assert all_na["score"] is None
    assert all_na["nothing_counted"] == {"reason": "only_na", "suggest": None}
    # One counted answer is enough for a score, even 0 ("don't know" counts as 0).
    for value in ("yes", "partial", "no", "unknown"):
        assert score(c, {"i1": "na", "i2": value}).to_dict()["nothing_counted"] is None
    # The checklist that fits otherwise comes from the definition, not from the browser.
    d = c.to_dict()
    d["otherwise"] = {"checklist": "organisation", "when": {"ja": "計画がない場合", "en": "If not"}}
    named = Checklist.from_dict(d)
    assert score(named, {"i1": "na"}).nothing_counted == {
        "reason": "only_na",
        "suggest": "organisation",
    }
    assert score(named, {"i1": "no"}).nothing_counted is None
    # A screening has an outcome instead of a score: never "nothing counted".
    assert score(make([[1]], kind="screening"), {}).nothing_counted is None


def test_official_checklist_all_not_applicable_suggests_organisation() -> None:
    c = load_checklist_by_id("tech-leakage-ch1", CHECKLISTS)
    r = score(c, dict.fromkeys(c.item_ids, "na")).to_dict()
    assert r["score"] is None and r["counts"]["na"] == len(c.items)
    assert r["nothing_counted"] == {"reason": "only_na", "suggest": "organisation"}


@pytest.mark.parametrize(
    ("questions", "minutes"),
    [(0, 5), (1, 5), (10, 5), (11, 10), (15, 10), (20, 10), (21, 15), (26, 15), (60, 30)],
)
def test_time_is_30_seconds_a_question_rounded_up_to_5_minutes(
    questions: int, minutes: int
) -> None:
    assert minutes_for(questions) == minutes
    assert (SECONDS_PER_QUESTION, ROUND_UP_TO_MINUTES) == (30, 5)  # as the pages state it


def test_worked_example_weights() -> None:
    # weights 3, 1, 1: yes, no, partial -> (3 + 0 + 0.5) / 5 = 70.0
    c = make([[3, 1, 1]])
    assert score(c, {"i1": "yes", "i2": "no", "i3": "partial"}).score == 70.0
    # weights 2, 1: no, yes -> 1/3 = 33.33 -> 33.3; yes, no -> 2/3 -> 66.7
    c = make([[2, 1]])
    assert score(c, {"i1": "no", "i2": "yes"}).score == 33.3
    assert score(c, {"i1": "yes", "i2": "no"}).score == 66.7


@pytest.mark.parametrize(
    ("n_items", "expected"),
    [(8, 6.3), (16, 3.1), (40, 1.3), (80, 0.6)],  # 6.25, 3.125, 1.25, 0.625: half goes up
)
def test_rounding_is_half_up(n_items: int, expected: float) -> None:
    # One partial among n items: 50 / n. Python's round(6.25, 1) gives 6.2; the rule says 6.3.
    c = make([[1] * n_items])
    answers = {f"i{k}": "no" for k in range(2, n_items + 1)} | {"i1": "partial"}
    assert score(c, answers).score == expected


def test_decimal_weights_are_exact() -> None:
    # 0.1 + 0.2 != 0.3 in floats; with weights 0.1 (yes), 0.2 (no), 0.3 (no), 0.2 (partial):
    # (0.1 + 0.1) / 0.8 = 25.0 exactly. And 0.7 yes / 0.1, 0.1, 0.1 no: 70.0 exactly.
    c = make([[0.1, 0.2, 0.3, 0.2]])
    assert score(c, {"i1": "yes", "i2": "no", "i3": "no", "i4": "partial"}).score == 25.0
    c = make([[0.7, 0.1, 0.1, 0.1]])
    assert score(c, {"i1": "yes", "i2": "no", "i3": "no", "i4": "no"}).score == 70.0
    # 1/16 = 6.25 must round up even when reached through decimal weights: 0.05 partial / 0.4.
    c = make([[0.05, 0.35]])
    assert score(c, {"i1": "partial", "i2": "no"}).score == 6.3


def test_nothing_counts_gives_null() -> None:
    c = make([[1, 1], [1]])
    r = score(c, {"i1": "na"}).to_dict()
    assert r["score"] is None
    assert r["weakest_section"] is None
    assert r["progress"] == {"answered": 1, "total": 3}
    assert [s["score"] for s in r["sections"]] == [None, None]
    assert score(c, {}).to_dict()["next_steps"] == []


def test_next_steps_order() -> None:
    # no/unknown first, then partial; within a group heavier first, then checklist order; the
    # first three of the weakest section (s1: 0.5 of 4 = 12.5, s2: 1.5 of 5 = 30) lead.
    c = make([[1, 2, 1], [3, 2]])
    answers = {"i1": "partial", "i2": "no", "i3": "unknown", "i4": "partial", "i5": "no"}
    steps = [(s["item"], s["answer"]) for s in score(c, answers).next_steps]
    assert steps == [
        ("i2", "no"),
        ("i3", "unknown"),
        ("i1", "partial"),
        ("i5", "no"),
        ("i4", "partial"),
    ]


def test_at_most_three_steps_of_the_weakest_sections_lead() -> None:
    # s1 and s2 tie at 0 (four gaps between them), s3 has a heavier gap: three lead, in order.
    c = make([[1, 1], [1, 1], [5, 1]])
    answers = {"i1": "no", "i2": "no", "i3": "no", "i4": "unknown", "i5": "no", "i6": "yes"}
    r = score(c, answers)
    assert r.weakest_sections == ["s1", "s2"]
    assert [s["item"] for s in r.next_steps] == ["i1", "i2", "i3", "i5", "i4"]


def test_weakest_section_ties_are_all_named_and_the_first_is_weakest_section() -> None:
    c = make([[1], [1], [1]])
    r = score(c, {"i1": "yes", "i2": "partial", "i3": "partial"})
    assert r.weakest_section == "s2"
    assert r.weakest_sections == ["s2", "s3"]


def test_no_weakest_section_without_a_gap() -> None:
    c = make([[1], [1, 1]])
    r = score(c, {"i1": "yes", "i2": "yes", "i3": "na"})
    assert r.score == 100.0
    assert r.weakest_section is None and r.weakest_sections == []


def test_screening_outcomes() -> None:
    c = make([[1, 1, 1]], kind="screening")
    r = score(c, {"i1": "no", "i2": "yes", "i3": "unknown"}).to_dict()
    assert r["score"] is None
    assert r["outcome"] == {"status": "may_apply", "matched": ["i2"], "unknown": ["i3"]}
    assert r["counts"] == {"yes": 1, "no": 1, "unknown": 1, "unanswered": 0}
    assert [s["item"] for s in r["next_steps"]] == ["i2", "i3"]
    assert score(c, {"i1": "no", "i2": "no", "i3": "unknown"}).outcome["status"] == "undetermined"
    assert score(c, {"i1": "no", "i2": "no"}).outcome["status"] == "undetermined"
    done = score(c, {"i1": "no", "i2": "no", "i3": "no"}).outcome
    assert done == {"status": "not_indicated", "matched": [], "unknown": []}
    with pytest.raises(AnswersError, match="partial"):
        score(c, {"i1": "partial"})


def test_unknown_items_and_values_are_refused() -> None:
    c = make([[1]])
    with pytest.raises(AnswersError, match="unknown item 'zz'"):
        score(c, {"zz": "yes"})
    with pytest.raises(AnswersError, match="'maybe' is not one of"):
        score(c, {"i1": "maybe"})


@pytest.mark.parametrize("checklist_id", REAL_IDS)
def test_real_checklists_all_yes_and_all_no(checklist_id: str) -> None:
    c = load_checklist_by_id(checklist_id, CHECKLISTS)
    yes = score(c, dict.fromkeys(c.item_ids, "yes"))
    no = score(c, dict.fromkeys(c.item_ids, "no"))
    assert yes.answered == no.answered == len(c.items)
    if c.kind == "score":
        assert (yes.score, no.score) == (100.0, 0.0)
    else:
        assert yes.outcome["status"] == "may_apply"
        assert no.outcome["status"] == "not_indicated"


def test_engine_runs_from_a_zip_with_the_standard_library_only(tmp_path: Path) -> None:
    """What Pyodide gets: the package's wheel (a zip), with no site-packages beside it."""
    from econsec.build.wheel import engine_wheel

    archive = tmp_path / "engine.zip"
    archive.write_bytes(engine_wheel(ROOT)[1])
    definition = json.dumps(load_checklist_by_id("tech-leakage-ch1", CHECKLISTS).to_dict())
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]);"
        "from econsec.engine.bridge import score_json;"
        "r = json.loads(score_json(sys.argv[2], json.dumps({'ch1-1-1': 'yes', 'ch1-1-2': 'no'})));"
        "bad = sorted(m.split('.')[0] for m in sys.modules"
        " if m.split('.')[0] not in sys.stdlib_module_names and m.split('.')[0] not in ('econsec', '__main__'));"
        "print(json.dumps([r['score'], bad]))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(archive), definition],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == [50.0, []]


# -- score rule: properties --------------------------------------------------------------------

WEIGHTS = st.sampled_from([1, 2, 3, 5, 0.5, 0.1, 0.25, 1.5, 7, 100])
SCORE_VALUES = ANSWERS["score"]


@st.composite
def checklist_and_answers(draw: st.DrawFn) -> tuple[Checklist, dict[str, str]]:
    sections = draw(st.lists(st.lists(WEIGHTS, min_size=1, max_size=5), min_size=1, max_size=4))
    c = make(sections)
    answers = {}
    for item_id in c.item_ids:
        value = draw(st.sampled_from((*SCORE_VALUES, None)))
        if value is not None:
            answers[item_id] = value
    return c, answers


def reference_score(c: Checklist, answers: dict[str, str]) -> float | None:
    """The rule written independently, with Decimal at high precision."""
    values = {"yes": Decimal(1), "partial": Decimal("0.5"), "no": Decimal(0), "unknown": Decimal(0)}
    num = den = Decimal(0)
    for item in c.items:
        if answers.get(item.id) in values:
            w = Decimal(str(item.weight))
            num += w * values[answers[item.id]]
            den += w
    if den == 0:
        return None
    from decimal import localcontext

    with localcontext() as ctx:
        ctx.prec = 60
        return float((100 * num / den).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@given(checklist_and_answers())
def test_property_matches_reference_and_bounds(case: tuple[Checklist, dict[str, str]]) -> None:
    c, answers = case
    r = score(c, answers)
    assert r.score == reference_score(c, answers)
    if r.score is not None:
        assert 0 <= r.score <= 100
        assert abs(r.score * 10 - round(r.score * 10)) < 1e-9  # one decimal
    for s in r.sections:
        assert s["score"] is None or 0 <= s["score"] <= 100


@given(checklist_and_answers())
def test_property_progress_and_counts(case: tuple[Checklist, dict[str, str]]) -> None:
    c, answers = case
    r = score(c, answers).to_dict()
    assert r["progress"] == {"answered": len(answers), "total": len(c.items)}
    assert sum(r["counts"].values()) == len(c.items)
    assert r["counts"]["na"] == sum(1 for v in answers.values() if v == "na")
    assert sum(s["answered"] for s in r["sections"]) == len(answers)
    assert {s["item"] for s in r["next_steps"]} == {
        k for k, v in answers.items() if v in ("no", "unknown", "partial")
    }


@given(checklist_and_answers(), st.data())
def test_property_na_and_unanswered_do_not_change_score(
    case: tuple[Checklist, dict[str, str]], data: st.DataObject
) -> None:
    c, answers = case
    before = score(c, answers).score
    blanks = [i for i in c.item_ids if i not in answers]
    if blanks:
        marked = data.draw(st.lists(st.sampled_from(blanks), unique=True))
        assert score(c, answers | dict.fromkeys(marked, "na")).score == before
    counted = {k: v for k, v in answers.items() if v != "na"}
    assert score(c, counted).score == before


@given(checklist_and_answers())
def test_property_all_yes_is_100_all_no_is_0(case: tuple[Checklist, dict[str, str]]) -> None:
    c, _ = case
    assert score(c, dict.fromkeys(c.item_ids, "yes")).score == 100.0
    assert score(c, dict.fromkeys(c.item_ids, "no")).score == 0.0
    assert score(c, dict.fromkeys(c.item_ids, "unknown")).score == 0.0
    assert score(c, dict.fromkeys(c.item_ids, "na")).score is None


@given(checklist_and_answers(), st.data())
def test_property_monotonic(case: tuple[Checklist, dict[str, str]], data: st.DataObject) -> None:
    c, answers = case
    better = {"no": "partial", "unknown": "partial", "partial": "yes"}
    candidates = [k for k, v in answers.items() if v in better]
    if not candidates:
        return
    item = data.draw(st.sampled_from(candidates))
    improved = answers | {item: better[answers[item]]}
    assert score(c, improved).score >= score(c, answers).score


@given(checklist_and_answers(), st.sampled_from([2, 3, 4, 10]))
def test_property_weight_scaling_invariance(
    case: tuple[Checklist, dict[str, str]], factor: int
) -> None:
    c, answers = case
    d = c.to_dict()
    for item in d["items"]:
        item["weight"] = float(Decimal(str(item["weight"])) * factor) / 100  # shrink, stay > 0
    scaled = Checklist.from_dict(d)
    assert score(scaled, answers).score == score(c, answers).score
