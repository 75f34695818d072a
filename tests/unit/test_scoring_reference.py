"""The integer score computation equals the plain Fraction reference of the rule, digit for digit."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from test_engine import make

from econsec.engine.model import SCORED_VALUES
from econsec.engine.scoring import _weighted_score, exact, round_half_up

WEIGHTS = st.sampled_from([1, 2, 3, 0.5, 0.1, 0.25, 1.5, 7, 0.3, 100])
ANSWER = st.sampled_from(["yes", "partial", "no", "unknown", "na", None])


def reference(weights: list[float], answers: list[str | None]) -> float | None:
    total = got = Fraction(0)
    for w, a in zip(weights, answers, strict=True):
        if a in SCORED_VALUES:
            total += exact(w)
            got += exact(w) * Fraction(*SCORED_VALUES[a])
    return None if total == 0 else round_half_up(100 * got / total)


@given(st.lists(st.tuples(WEIGHTS, ANSWER), min_size=1, max_size=40))
def test_integer_score_equals_fraction_reference(rows: list[tuple[float, str | None]]) -> None:
    weights = [w for w, _ in rows]
    checklist = make([weights])
    answers = {item.id: a for item, (_, a) in zip(checklist.items, rows, strict=True) if a}
    assert _weighted_score(checklist.items, answers) == reference(weights, [a for _, a in rows])
