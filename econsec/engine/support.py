"""Which support desks fit the user's gaps: the rule behind the self-check's "where to get help".

An item names the desks that help with it (``support`` in the checklist, validated against
``data/support_desks.yml``). A desk is listed when at least one of its items is among the next
steps, with those items in next-step order; desks come in the order of their first item there,
so the desk for the most important gap comes first. ``scoring.score`` adds the list to every
result, so the browser and ``econsec score`` show the same desks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from econsec.engine.model import Checklist


def support_for(checklist: Checklist, next_steps: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{"desk": <id>, "items": [<item id>, …]}, …]`` for the given next steps (in order)."""
    desks: dict[str, list[str]] = {}
    for step in next_steps:
        item = checklist.item(step["item"])
        for desk in item.support if item is not None else ():
            desks.setdefault(desk, []).append(step["item"])
    return [{"desk": desk, "items": items} for desk, items in desks.items()]
