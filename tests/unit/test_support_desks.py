"""Which support desks fit the gaps (econsec.engine.support, part of every score result)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from econsec.engine.scoring import score
from econsec.sources.checklists import load_checklist_by_id
from econsec.sources.desks import load_desks

ROOT = Path(__file__).resolve().parents[2]
CH1 = load_checklist_by_id("tech-leakage-ch1", ROOT / "checklists")
SCREENING = load_checklist_by_id("prior-report-screening", ROOT / "checklists")


def test_desks_come_in_the_order_of_the_next_steps() -> None:
    # ch1-1-1 partial (expert dispatch, trade secrets); ch1-2-1 no (TICS, trade secrets, dispatch)
    result = score(CH1, {"ch1-1-1": "partial", "ch1-2-1": "no", "ch1-1-2": "yes"}).to_dict()
    assert [s["item"] for s in result["next_steps"]] == ["ch1-2-1", "ch1-1-1"]
    assert result["support"] == [
        {"desk": "tics", "items": ["ch1-2-1"]},
        {"desk": "inpit-trade-secrets", "items": ["ch1-2-1", "ch1-1-1"]},
        {"desk": "expert-dispatch", "items": ["ch1-2-1", "ch1-1-1"]},
    ]


def test_no_gaps_no_desks_and_an_item_without_desks_adds_none() -> None:
    assert score(CH1, {i: "yes" for i in CH1.item_ids}).support == []
    assert score(CH1, {"ch1-5-1": "no"}).support == []  # labour law: no desk named


def test_the_screening_sends_yes_and_unknown_to_the_prior_report_consultation() -> None:
    result = score(SCREENING, {"tech-03": "unknown", "tech-07": "yes", "tech-01": "no"})
    assert result.support == [{"desk": "prior-report", "items": ["tech-07", "tech-03"]}]


def test_every_desk_an_item_names_exists() -> None:
    desks = load_desks(ROOT / "data", ROOT / "docs")
    for checklist_id in ("tech-leakage-ch1", "organisation", "executive", "prior-report-screening"):
        checklist = load_checklist_by_id(checklist_id, ROOT / "checklists")
        named = {d for item in checklist.items for d in item.support}
        assert named and named <= set(desks), checklist_id


VALUES = st.sampled_from(["yes", "partial", "no", "unknown", "na", None])


@given(st.lists(VALUES, min_size=len(CH1.items), max_size=len(CH1.items)))
def test_a_desk_lists_exactly_its_items_among_the_next_steps(values: list[str | None]) -> None:
    answers = {i: v for i, v in zip(CH1.item_ids, values, strict=True) if v}
    result = score(CH1, answers)
    steps = [s["item"] for s in result.next_steps]
    listed = {s["desk"]: s["items"] for s in result.support}
    for desk in {d for item in CH1.items for d in item.support}:
        expected = [i for i in steps if desk in CH1.item(i).support]
        assert listed.get(desk, []) == expected
    firsts = [steps.index(items[0]) for items in listed.values()]
    assert firsts == sorted(firsts)  # the desk of the most important gap first
