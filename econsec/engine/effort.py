"""How long a self-check takes: one rule, from its number of questions (README, "Authoring
checklists").

The start page and the self-check index show it next to each checklist's question count
(``econsec.mdext.check_summaries``), and the index states the rule in words from these
constants. Why 30 seconds: IPA's 「5分でできる！情報セキュリティ自社診断」 allows 12 seconds for
each of its 25 short questions; ours are one or two longer sentences with up to five answers,
some to be thought over, so more than twice that; rounding up to whole 5 minutes keeps it an
estimate on the safe side rather than a promise.
"""

from __future__ import annotations

SECONDS_PER_QUESTION = 30
ROUND_UP_TO_MINUTES = 5


def minutes_for(questions: int) -> int:
    """``questions`` × 30 s, rounded up to the next 5 minutes (at least 5)."""
    step = ROUND_UP_TO_MINUTES * 60
    seconds = max(questions, 1) * SECONDS_PER_QUESTION
    return -(-seconds // step) * ROUND_UP_TO_MINUTES
