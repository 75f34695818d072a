"""Issue 18 §6: what users read says "scoring" (採点), not "engine" (エンジン).

On screen (the widget's strings and those of its parts), in the offline bundle's read-mes and on
the site's pages. The diagnostics that name a file (``engine-bridge.js``) are not prose, and
"WebKit (the engine of Safari)" is about browsers; README.md and ARCHITECTURE.md, written for
developers, keep the word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from econsec.build import bundle_text
from econsec.mdext.comparison import COMPARE_TEXT
from econsec.mdext.plan_row import PLAN_TEXT
from econsec.mdext.screening import SCREENING_TEXT
from econsec.mdext.shared_device import SHARED_TEXT
from econsec.mdext.support_desks import SUPPORT_TEXT
from econsec.mdext.ui_text import TEXT
from econsec.mdext.widget_text import WIDGET_TEXT

ROOT = Path(__file__).resolve().parents[2]
JARGON = re.compile(r"エンジン|\bengines?\b", re.IGNORECASE)
# Diagnostics naming the bridge's file, shown after the status line (not prose).
FILE_NAMES = {"bridge_missing", "bridge_undefined"}
BROWSER_ENGINE = re.compile(r"\(the engine of Safari\)")


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in FILE_NAMES:
                yield from _strings(inner, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, inner in enumerate(value):
            yield from _strings(inner, f"{path}[{i}]")


def test_no_on_screen_string_says_engine() -> None:
    tables = {
        "widget": WIDGET_TEXT,
        "form": TEXT,
        "compare": COMPARE_TEXT,
        "plan": PLAN_TEXT,
        "screening": SCREENING_TEXT,
        "shared": SHARED_TEXT,
        "support": SUPPORT_TEXT,
    }
    found = [(p, s) for name, t in tables.items() for p, s in _strings(t, name) if JARGON.search(s)]
    assert found == []
    # What the status line says while it loads, when ready, on error and after a restart.
    assert WIDGET_TEXT["ja"]["engine"]["ready"].startswith("採点の準備ができました")
    assert WIDGET_TEXT["en"]["engine"]["loading"].startswith("Preparing the scoring")


def test_no_page_or_read_me_says_engine() -> None:
    found = []
    for page in sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "data").glob("*.yml")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            line = BROWSER_ENGINE.sub("", line.replace("internal-combustion engines", ""))
            if JARGON.search(line):
                found.append(f"{page.relative_to(ROOT)}:{number}: {line[:80]}")
    assert found == []
    for name, text in bundle_text.readme_texts("top", "1+2026-01-01").items():
        assert not JARGON.search(text), name
