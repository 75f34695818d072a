"""The score rule (ARCHITECTURE.md, "Score rule"), in exact arithmetic.

Weights and answer values are turned into ``Fraction``s so that sums and the final rounding are
exact: a float sum such as 0.1 + 0.2 could push a ``.x5`` score to the wrong side of the
half-up rounding, and the build, the CLI and the browser must agree to the last digit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from math import lcm
from typing import Any

from econsec.engine.model import NEXT_STEP_ANSWERS, SCORED_VALUES, Checklist, Item
from econsec.engine.support import support_for
from econsec.errors import EconsecError

# How many next steps of the weakest sections are listed first (README, "Score rule").
LEAD_STEPS = 3


class AnswersError(EconsecError):
    """Answers that do not fit the checklist (unknown item, answer not allowed)."""


@lru_cache(maxsize=256)
def exact(number: int | float) -> Fraction:
    """A weight as an exact fraction of its decimal spelling (0.1 -> 1/10, not the float)."""
    return Fraction(Decimal(str(number)))


def round_half_up(value: Fraction, places: int = 1) -> float:
    """Round a non-negative fraction half-up to ``places`` decimals."""
    scale = 10**places
    n = (value * scale + Fraction(1, 2)).__floor__()
    return float(Fraction(n, scale))


def _weighted_score(items: list[Item], answers: Mapping[str, str]) -> float | None:
    """The score rule in integers: every re-score in the browser runs this, and Fraction
    arithmetic made it several milliseconds in Pyodide. Equal to round_half_up(100·Σwv/Σw)."""
    pairs = []
    for item in items:
        value = SCORED_VALUES.get(answers.get(item.id, ""))
        if value is not None:  # na and unanswered are left out
            pairs.append((exact(item.weight), value))
    if not pairs:
        return None
    # Work in units of 1/den, where den makes every weight and weight × value whole.
    den = lcm(*(w.denominator * v_den for w, (_, v_den) in pairs))
    total = sum(w.numerator * (den // w.denominator) for w, _ in pairs)
    got = sum(w.numerator * v_num * (den // (w.denominator * v_den)) for w, (v_num, v_den) in pairs)
    # floor(1000·got/total + 1/2) tenths = 100·got/total rounded half-up to one decimal
    return ((2000 * got + total) // (2 * total)) / 10


def _plain(number: int | float) -> int | float:
    return int(number) if float(number).is_integer() else number


@dataclass
class Result:
    checklist: str
    version: str
    kind: str
    score: float | None
    answered: int
    total: int
    counts: dict[str, int]
    sections: list[dict[str, Any]]
    weakest_section: str | None
    next_steps: list[dict[str, Any]]
    weakest_sections: list[str] = field(default_factory=list)  # every section tied lowest
    outcome: dict[str, Any] | None = field(default=None)
    support: list[dict[str, Any]] = field(default_factory=list)  # engine.support.support_for
    # Why a score checklist has no score, and the checklist to suggest (nothing_counted below).
    nothing_counted: dict[str, Any] | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "checklist": self.checklist,
            "version": self.version,
            "kind": self.kind,
            "score": self.score,
            "progress": {"answered": self.answered, "total": self.total},
            "counts": dict(self.counts),
            "sections": [dict(s) for s in self.sections],
            "weakest_section": self.weakest_section,
            "weakest_sections": list(self.weakest_sections),
            "next_steps": [dict(s) for s in self.next_steps],
            "outcome": None if self.outcome is None else dict(self.outcome),
            "support": [{"desk": s["desk"], "items": list(s["items"])} for s in self.support],
            "nothing_counted": None if self.nothing_counted is None else dict(self.nothing_counted),
        }


def check_answers(checklist: Checklist, answers: Mapping[str, str]) -> None:
    """Raise AnswersError naming every unknown item and every answer the checklist forbids."""
    problems = []
    for item_id, value in answers.items():
        if checklist.item(item_id) is None:
            problems.append(f"unknown item '{item_id}'")
        elif value not in checklist.answers:
            problems.append(
                f"item '{item_id}': answer {value!r} is not one of {', '.join(checklist.answers)}"
            )
    if problems:
        raise AnswersError(f"checklist '{checklist.id}': " + "; ".join(problems))


def score(checklist: Checklist, answers: Mapping[str, str]) -> Result:
    """Score ``answers`` ({item_id: answer}) against ``checklist``.

    Raises AnswersError for an unknown item id or an answer the checklist does not allow; callers
    that must be lenient (the browser) filter first (see ``exchange.normalise_answers``).
    """
    check_answers(checklist, answers)
    answered = [i for i in checklist.items if i.id in answers]
    counts = {value: 0 for value in checklist.answers}
    for item in answered:
        counts[answers[item.id]] += 1
    counts["unanswered"] = len(checklist.items) - len(answered)

    screening = checklist.kind == "screening"
    sections = []
    for section in checklist.sections:
        items = [i for i in checklist.items if i.section == section.id]
        section_score = None if screening else _weighted_score(items, answers)
        answered_here = sum(1 for i in items if i.id in answers)
        sections.append(
            {
                "id": section.id,
                "score": section_score,
                "answered": answered_here,
                "total": len(items),
                # Why a section has no score, as for the whole (nothing_counted below).
                "nothing_counted": None
                if screening or section_score is not None
                else ("only_na" if answered_here else "no_answers"),
            }
        )
    scored = [s for s in sections if s["score"] is not None]
    low = min((s["score"] for s in scored), default=None)
    # Every section tied lowest, in checklist order; none when no counted section has a gap
    # (all at 100: nothing is weak).
    weakest = (
        [s["id"] for s in scored if s["score"] == low] if low is not None and low < 100 else []
    )

    next_steps = []
    for group in NEXT_STEP_ANSWERS[checklist.kind]:
        hits = [i for i in checklist.items if answers.get(i.id) in group]
        hits.sort(key=lambda i: -exact(i.weight))  # stable: checklist order within a weight
        next_steps += [
            {
                "item": i.id,
                "section": i.section,
                "answer": answers[i.id],
                "weight": _plain(i.weight),
            }
            for i in hits
        ]
    # The most important steps of the weakest sections lead; the rest keep their order.
    lead = [s for s in next_steps if s["section"] in weakest][:LEAD_STEPS]
    next_steps = lead + [s for s in next_steps if s not in lead]

    total_score = None if screening else _weighted_score(checklist.items, answers)
    return Result(
        checklist=checklist.id,
        version=checklist.version,
        kind=checklist.kind,
        score=total_score,
        answered=len(answered),
        total=len(checklist.items),
        counts=counts,
        sections=sections,
        weakest_section=weakest[0] if weakest else None,
        weakest_sections=weakest,
        next_steps=next_steps,
        outcome=_outcome(checklist, answers) if screening else None,
        support=support_for(checklist, next_steps),
        nothing_counted=nothing_counted(checklist, answers) if total_score is None else None,
    )


def nothing_counted(checklist: Checklist, answers: Mapping[str, str]) -> dict[str, Any] | None:
    """Why a score checklist has no score: ``no_answers`` (nothing answered yet) or ``only_na``
    (every answer given is "not applicable", e.g. a firm with no plans abroad on the official
    checklist), with ``suggest``, the checklist that fits instead (its ``otherwise``), or None.
    None for a screening, which has an outcome instead of a score."""
    if checklist.kind == "screening":
        return None
    reason = "only_na" if any(i.id in answers for i in checklist.items) else "no_answers"
    suggest = checklist.otherwise["checklist"] if checklist.otherwise else None
    return {"reason": reason, "suggest": suggest}


def _outcome(checklist: Checklist, answers: Mapping[str, str]) -> dict[str, Any]:
    matched = [i.id for i in checklist.items if answers.get(i.id) == "yes"]
    unknown = [i.id for i in checklist.items if answers.get(i.id) == "unknown"]
    unanswered = any(i.id not in answers for i in checklist.items)
    if matched:
        status = "may_apply"
    elif unknown or unanswered:
        status = "undetermined"
    else:
        status = "not_indicated"
    return {"status": status, "matched": matched, "unknown": unknown}
