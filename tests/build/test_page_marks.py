"""Whether a page has a self-check is decided once per page (econsec.build.events.mark_page)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from econsec.build.events import CHECKLIST_META, mark_page
from econsec.sources.refcheck import checklist_ids

META = re.compile(r'<meta name="econsec-checklists" content="([^"]*)">')


def test_blocks_are_found_outside_code_only() -> None:
    text = "intro\n\n/// checklist | a-check\n///\n\n```md\n/// checklist | not-this\n```\n"
    assert checklist_ids(text) == ("a-check",)
    page = SimpleNamespace(meta={})
    assert mark_page(text, page) == text
    assert page.meta[CHECKLIST_META] == ("a-check",)
    assert checklist_ids("/// checklist\n///\n") == ()


def test_the_combine_page_is_marked_with_the_checklists_it_names() -> None:
    text = "/// combine | a-check b-check\n///\n"
    assert checklist_ids(text) == ()  # not a self-check (the index tables look for those)
    page = SimpleNamespace(meta={})
    mark_page(text, page)
    assert page.meta[CHECKLIST_META] == ("a-check", "b-check")  # but it needs the engine


def test_built_pages_carry_the_mark_exactly_where_a_checklist_is(site_dir: Path) -> None:
    for lang_dir in (site_dir, site_dir / "en"):
        marked = {}
        for html in sorted(lang_dir.glob("**/*.html")):
            if lang_dir == site_dir and html.is_relative_to(site_dir / "en"):
                continue
            text = html.read_text("utf-8")
            m = META.search(text)
            marked[html.relative_to(lang_dir).as_posix()] = m.group(1) if m else None
            # A self-check, or the page that combines answers files: both need the engine.
            assert bool(m) == ("data-checklist-def" in text or "data-combine-defs" in text), html
            assert bool(m) == ('id="econsec-engine-bridge"' in text), html
        assert {k: v for k, v in marked.items() if v} == {
            "checks/tech-leakage-ch1.html": "tech-leakage-ch1",
            "checks/organisation.html": "organisation",
            "checks/executive.html": "executive",
            "checks/prior-report-screening.html": "prior-report-screening",
            "checks/combine.html": "tech-leakage-ch1 organisation executive prior-report-screening",
        }
