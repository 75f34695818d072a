"""What the live widget needs from Python, embedded in every self-check root as JSON.

``<script type="application/json" data-econsec-ui>`` (written by ``econsec.mdext.checklist``) is
data, not code, the way Material hands its translations to its JavaScript in ``__config``: the
page language's strings (``widget_text``, plus the paper-form strings the widget shares) and the
rules the widget applies without the engine. The JavaScript (``js/widget/``) defines none of them.
"""

from __future__ import annotations

from typing import Any

from econsec.engine.exchange import FORMAT, FORMAT_VERSION, MAX_IMPORT_BYTES
from econsec.engine.model import NEXT_STEP_ANSWERS
from econsec.engine.plan import DATE_RE, MAX_OWNER_CHARS, STATUSES
from econsec.mdext.comparison import COMPARE_TEXT
from econsec.mdext.organisation import ORGANISATION_TEXT, organisation_rules
from econsec.mdext.plan_row import PLAN_TEXT
from econsec.mdext.screening import SCREENING_TEXT
from econsec.mdext.shared_device import SHARED_TEXT, shared_rules
from econsec.mdext.support_desks import SUPPORT_TEXT
from econsec.mdext.ui_text import TEXT
from econsec.mdext.widget_text import SHARED_FORM_KEYS, WIDGET_TEXT
from econsec.mdext.worksheet import WORKSHEET_TEXT

# localStorage key scheme (README, "Storage"): econsec:v1:<namespace>:<checklist-id>@<version>.
STORAGE_PREFIX = "econsec:v1:"
# Copies of damaged saved values: outside STORAGE_PREFIX, so carry-over never reads them.
BACKUP_PREFIX = "econsec:backup:v1:"


def _size(limit: int) -> str:
    """``1_000_000`` -> ``"1 MB"`` (decimal units, as the limit is written in the docs)."""
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit / 1000:g} kB"


def widget_config(lang: str, titles: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON object the widget reads from ``script[data-econsec-ui]`` on a ``lang`` page;
    ``titles``: {checklist id: title} of the site's checklists, for messages that name one."""
    text = dict(WIDGET_TEXT[lang])
    text.update({key: TEXT[lang][key] for key in SHARED_FORM_KEYS})
    text["import_too_large"] = text["import_too_large"].replace("{limit}", _size(MAX_IMPORT_BYTES))
    text["compare"] = COMPARE_TEXT[lang]
    text["plan"] = PLAN_TEXT[lang]
    text["support"] = SUPPORT_TEXT[lang]
    text["screening"] = SCREENING_TEXT[lang]
    text["shared"] = SHARED_TEXT[lang]
    text["organisation"] = ORGANISATION_TEXT[lang]
    text["worksheet"] = WORKSHEET_TEXT[lang]
    text["checklist_titles"] = dict(titles or {})
    text["answer_labels"] = TEXT[lang]["answers"]
    text["weakest_label_one"] = TEXT[lang]["weakest"]  # the paper form's label of the line
    return {
        "lang": lang,
        "text": text,
        "rules": {
            # Answers that show an item's next step, per checklist kind.
            "gap_answers": {
                kind: [value for group in groups for value in group]
                for kind, groups in NEXT_STEP_ANSWERS.items()
            },
            "max_import_bytes": MAX_IMPORT_BYTES,
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "storage_prefix": STORAGE_PREFIX,
            "backup_prefix": BACKUP_PREFIX,
            "plan_statuses": list(STATUSES),
            "max_owner_chars": MAX_OWNER_CHARS,
            "date_pattern": DATE_RE.pattern,  # what input[type=date] gives: YYYY-MM-DD
            **shared_rules(),  # the sessionStorage keys of shared-device mode
            **organisation_rules(),
        },
    }
