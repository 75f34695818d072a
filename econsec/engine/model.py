"""Checklist definitions as dataclasses, and their dict form (the "definition JSON").

The dict form is the contract between the build (which embeds it in the page) and the browser
engine (which reads it back): ``Checklist.from_dict(c.to_dict()) == c`` always holds.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

from econsec.errors import EconsecError

KINDS = ("score", "screening")
# Allowed answers per kind, in display order.
ANSWERS: dict[str, tuple[str, ...]] = {
    "score": ("yes", "partial", "no", "unknown", "na"),
    "screening": ("yes", "no", "unknown"),
}
# Answers that count towards a score, and their value (exact fractions: see scoring.py).
SCORED_VALUES: dict[str, tuple[int, int]] = {
    "yes": (1, 1),
    "partial": (1, 2),
    "no": (0, 1),
    "unknown": (0, 1),
}
# Answers that make an item a next step, per kind, in the order the next steps are listed
# (scoring.py): first group before the second. The widget shows an item's next-step box for any of
# them (econsec.mdext.widget_config hands the browser this table).
NEXT_STEP_ANSWERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "score": (("no", "unknown"), ("partial",)),
    # A "yes" (the scheme may apply) comes before an "unknown" (still to check).
    "screening": (("yes",), ("unknown",)),
}
MAX_WEIGHT = 100
DIGEST_CHARS = 12  # 48 bits: enough to tell two wordings of one item apart, short in storage

Text = dict[str, str]  # {"ja": ..., "en": ...}


class DefinitionError(EconsecError):
    """A definition JSON that does not follow the contract (a build bug, not user input)."""


def _text(d: Any, where: str) -> Text:
    if not isinstance(d, dict) or not all(isinstance(d.get(k), str) for k in ("ja", "en")):
        raise DefinitionError(f"definition: {where} must be {{ja, en}} text")
    return {"ja": d["ja"], "en": d["en"]}


def _opt_text(d: Any, where: str) -> Text | None:
    return None if d is None else _text(d, where)


def text_digest(text: Text) -> str:
    """A short, stable digest of an item's question text in both languages.

    The browser stores it with each answer and compares it with the one in a newer edition's
    definition, so that an answer to a question whose wording changed is marked for review.
    JSON of [ja, en] keeps the two texts apart unambiguously; no other normalisation, so that any
    change an author makes to the wording counts.
    """
    raw = json.dumps([text.get("ja", ""), text.get("en", "")], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def _get(d: dict[str, Any], key: str, where: str) -> Any:
    if not isinstance(d, dict) or key not in d:
        raise DefinitionError(f"definition: {where} has no '{key}'")
    return d[key]


def _weight(value: Any, where: str) -> int | float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not 0 < value <= MAX_WEIGHT:
        raise DefinitionError(f"definition: {where} weight must be a number > 0 and ≤ 100")
    return int(value) if float(value).is_integer() else float(value)


@dataclass
class Item:
    id: str
    section: str
    text: Text
    provenance: dict[str, Any]
    weight: int | float = 1
    guidance: str | None = None
    next_step: Text | None = None
    support: list[str] = field(default_factory=list)  # support desk ids (data/support_desks.yml)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Item:
        iid = str(_get(d, "id", "item"))
        where = f"item '{iid}'"
        return cls(
            id=iid,
            section=str(_get(d, "section", where)),
            text=_text(_get(d, "text", where), f"{where} text"),
            provenance=dict(_get(d, "provenance", where)),
            weight=_weight(d.get("weight", 1), where),
            guidance=None if d.get("guidance") is None else str(d["guidance"]),
            next_step=_opt_text(d.get("next_step"), f"{where} next_step"),
            support=[str(desk) for desk in d.get("support") or []],
        )

    @property
    def digest(self) -> str:
        """``text_digest(self.text)``; derived, so ``from_dict`` ignores a ``digest`` key."""
        return text_digest(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "text": dict(self.text),
            "digest": self.digest,
            "weight": self.weight,
            "provenance": self.provenance,
            "guidance": self.guidance,
            "next_step": None if self.next_step is None else dict(self.next_step),
            "support": list(self.support),
        }


@dataclass
class Section:
    id: str
    title: Text
    items: list[str] = field(default_factory=list)  # item ids, in order

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Section:
        sid = str(_get(d, "id", "section"))
        items = _get(d, "items", f"section '{sid}'")
        if not isinstance(items, list):
            raise DefinitionError(f"definition: section '{sid}' items must be a list of ids")
        return cls(
            id=sid,
            title=_text(_get(d, "title", f"section '{sid}'"), f"section '{sid}' title"),
            items=[str(i) for i in items],
        )

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": dict(self.title), "items": list(self.items)}


@dataclass
class Checklist:
    id: str
    version: str
    title: Text
    description: Text
    source: dict[str, Any]
    sections: list[Section]
    items: list[Item]
    kind: str = "score"
    answers: tuple[str, ...] = ANSWERS["score"]
    outcome: dict[str, Any] | None = None
    audience: Text | None = None  # who should answer it
    # {"checklist": <id>, "when": Text}: the checklist that fits a reader this one is not for;
    # the score suggests it when nothing is counted (scoring.py, nothing_counted).
    otherwise: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self._by_id = {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    @property
    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Checklist:
        if not isinstance(d, dict):
            raise DefinitionError("definition: expected a JSON object")
        cid = str(_get(d, "id", "checklist"))
        kind = d.get("kind", "score")
        if kind not in KINDS:
            raise DefinitionError(f"definition: kind must be one of {', '.join(KINDS)}")
        answers = d.get("answers") or ANSWERS[kind]
        if not isinstance(answers, list | tuple) or not set(answers) <= set(ANSWERS[kind]):
            raise DefinitionError(f"definition: answers must be a subset of {ANSWERS[kind]}")
        sections = [Section.from_dict(s) for s in _get(d, "sections", cid)]
        items = [Item.from_dict(i) for i in _get(d, "items", cid)]
        known = {i.id for i in items}
        for s in sections:
            missing = [i for i in s.items if i not in known]
            if missing:
                raise DefinitionError(f"definition: section '{s.id}' lists unknown {missing}")
        return cls(
            id=cid,
            version=str(_get(d, "version", cid)),
            kind=kind,
            title=_text(_get(d, "title", cid), "title"),
            description=_text(_get(d, "description", cid), "description"),
            source=dict(d.get("source") or {}),
            # Canonical order, whatever order the definition lists them in.
            answers=tuple(a for a in ANSWERS[kind] if a in answers),
            sections=sections,
            items=items,
            outcome=None if d.get("outcome") is None else dict(d["outcome"]),
            audience=_opt_text(d.get("audience"), "audience"),
            otherwise=_otherwise(d.get("otherwise")),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "kind": self.kind,
            "title": dict(self.title),
            "description": dict(self.description),
            "source": self.source,
            "answers": list(self.answers),
            "sections": [s.to_dict() for s in self.sections],
            "items": [i.to_dict() for i in self.items],
            "outcome": self.outcome,
            "audience": None if self.audience is None else dict(self.audience),
            "otherwise": None
            if self.otherwise is None
            else {"checklist": self.otherwise["checklist"], "when": dict(self.otherwise["when"])},
        }


def _otherwise(d: Any) -> dict[str, Any] | None:
    if d is None:
        return None
    target = d.get("checklist") if isinstance(d, dict) else None
    if not isinstance(target, str) or not target:
        raise DefinitionError("definition: otherwise must name a checklist")
    return {"checklist": target, "when": _text(d.get("when"), "otherwise when")}
