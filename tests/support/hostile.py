"""Answers files built to be slow: shared by the unit, CLI and browser tests of the import.

``unclosed_escaped_quotes()`` is issue 17's file: an export whose note is an unclosed string of
``\\"``. The depth check before ``json.loads`` once took quadratic time on it (about 3 s for
32 KB, minutes for 120 KB): the browser's 30 s call timeout ended the engine's worker, and
``econsec score`` hung.
"""

from __future__ import annotations

EXPORT_HEAD = (
    '{"format": "econsec-answers", "format_version": 1, "checklist": "tech-leakage-ch1", '
    '"checklist_version": "1.0.0", "answers": {"ch1-1-1": {"value": "yes", "note": "'
)


def unclosed_escaped_quotes(size: int = 120_000) -> str:
    """An export of exactly ``size`` bytes whose note never closes: ``…"note": "\\"\\"\\"…``."""
    pairs, odd = divmod(size - len(EXPORT_HEAD), 2)
    return EXPORT_HEAD + '\\"' * pairs + " " * odd
