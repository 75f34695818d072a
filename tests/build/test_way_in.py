"""A way in (issue 18 §1), without a browser: the home page's 「はじめての方へ / Start here», the
self-check index's table and the official checklist's "who should answer / otherwise" lines are
generated from the checklist definitions, in both languages; question counts follow the YAML and
times follow the one rule of ``econsec.engine.effort``.
"""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from econsec.engine.effort import minutes_for
from econsec.mdext.check_summaries import SUMMARY_TEXT, rule_text
from econsec.sources.checklists import load_all

ROOT = Path(__file__).resolve().parents[2]
CHECKLISTS = {c.id: c for c in load_all(ROOT / "checklists", docs_root=ROOT / "docs")}
PREFIX = {"ja": "", "en": "en/"}
START = ["executive", "organisation", "tech-leakage-ch1"]


class Rows(HTMLParser):
    """The text, the attributes and the links of every element carrying ``data-check``, and of the
    elements with the attribute ``want``."""

    def __init__(self, want: str = "data-check") -> None:
        super().__init__()
        self.want = want
        self.found: list[dict] = []
        self.open: list[tuple[str, dict]] = []  # (tag, record or None) of the open elements

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        record = None
        if self.want in a:
            record = {"attrs": a, "text": "", "links": [], "cells": {}}
            self.found.append(record)
        if tag not in ("br", "input", "img", "meta", "link"):
            self.open.append((tag, record))
        for _, rec in self.open:
            if rec is not None:
                if tag == "a":
                    rec["links"].append(a.get("href"))
                for key in ("data-questions", "data-minutes"):
                    if key in a:
                        rec["cells"][key] = a[key]

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, rec in self.open:
            if rec is not None:
                rec["text"] += data


def rows(html: str, want: str = "data-check") -> list[dict]:
    parser = Rows(want)
    parser.feed(html)
    return parser.found


def page(site_dir: Path, lang: str, rel: str) -> str:
    return (site_dir / PREFIX[lang] / rel).read_text(encoding="utf-8")


def check_row(row: dict, lang: str, rel_from: str, site_dir: Path) -> None:
    """Count, time, audience and a link that resolves to the checklist's own page."""
    c = CHECKLISTS[row["attrs"]["data-check"]]
    n = len(c.items)
    assert row["cells"] == {"data-questions": str(n), "data-minutes": str(minutes_for(n))}
    t = SUMMARY_TEXT[lang]
    questions = t["questions"]
    questions = questions if isinstance(questions, str) else questions["other"]
    assert questions.format(count=n) in row["text"]
    assert t["minutes"].format(minutes=minutes_for(n)) in row["text"]
    assert c.audience[lang] in row["text"]
    href = row["links"][0]
    target = (site_dir / PREFIX[lang] / rel_from).parent / href
    assert target.resolve() == (site_dir / PREFIX[lang] / "checks" / f"{c.id}.html").resolve()
    assert f'data-checklist="{c.id}"' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_start_here_on_the_home_page(site_dir: Path, lang: str) -> None:
    html = page(site_dir, lang, "index.html")
    heading = {"ja": "はじめての方へ", "en": "Start here"}[lang]
    start = html.index('id="start-here"')
    assert heading in html[start : start + 200]
    # Near the top: the first heading of the page's body after the title.
    assert html.index("<h2") == html.index('<h2 id="start-here"')
    found = rows(html)
    assert [r["attrs"]["data-check"] for r in found] == START
    for row in found:
        check_row(row, lang, "index.html", site_dir)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_checks_index_table_and_the_time_rule(site_dir: Path, lang: str) -> None:
    html = page(site_dir, lang, "checks/index.html")
    found = rows(html)
    assert [r["attrs"]["data-check"] for r in found] == sorted(CHECKLISTS)  # file order
    for row in found:
        check_row(row, lang, "checks/index.html", site_dir)
    # The rule is stated on the page, from the constants the times are computed with.
    stated = rows(html, "data-time-rule")
    assert [r["text"] for r in stated] == [rule_text(lang)]
    assert re.search(r"30", rule_text(lang)) and re.search(r"5", rule_text(lang))
    # The official checklist is marked as official wording, the others as the site's own.
    official = {r["attrs"]["data-check"]: r["text"] for r in found}
    assert "の文言" in official["tech-leakage-ch1"] or "Wording of" in official["tech-leakage-ch1"]
    assert all(
        ("本サイト独自" in text or "project's own" in text)
        for cid, text in official.items()
        if cid != "tech-leakage-ch1"
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_official_checklist_says_who_it_is_for_and_where_to_go(site_dir: Path, lang: str) -> None:
    html = page(site_dir, lang, "checks/tech-leakage-ch1.html")
    c = CHECKLISTS["tech-leakage-ch1"]
    other = c.otherwise["checklist"]
    (fit,) = rows(html, "data-fit")
    assert c.audience[lang] in fit["text"]
    assert c.otherwise["when"][lang] in fit["text"]
    # The checklist to use otherwise (a glossary term in the line may link to the glossary too).
    assert [h for h in fit["links"] if "glossary.html" not in h] == [f"{other}.html"]
    # Above the questions.
    assert html.index("data-fit") < html.index("data-item=")
    # The results carry the same suggestion, hidden until the engine names it.
    (box,) = rows(html, "data-nothing-counted-text")
    (suggest,) = rows(html, "data-suggest")
    assert suggest["attrs"]["data-suggest"] == other and "hidden" in suggest["attrs"]
    assert suggest["links"] == [f"{other}.html"]
    assert box["text"] == ""


def render(text: str, lang: str, checklists: Path, docs: Path) -> str:
    md = markdown.Markdown(
        extensions=["econsec.mdext"],
        extension_configs={
            "econsec.mdext": {
                "lang": lang,
                "checklists_dir": str(checklists),
                "docs_root": str(docs),
            }
        },
    )
    return md.convert(textwrap.dedent(text))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_counts_and_times_follow_the_definitions(tmp_path: Path, lang: str) -> None:
    """Add questions to a checklist: its count and time change with no page edited."""
    checklists, docs = tmp_path / "checklists", tmp_path / "docs"
    checklists.mkdir()
    src = (ROOT / "checklists" / "executive.yml").read_text(encoding="utf-8")
    (checklists / "executive.yml").write_text(src, encoding="utf-8")
    for lg in ("ja", "en"):
        (docs / lg / "checks").mkdir(parents=True)
        (docs / lg / "checks" / "executive.md").write_text(
            "# 経営層 {#top}\n\n/// checklist | executive\n///\n", encoding="utf-8"
        )
    before = rows(render("/// checks-table\n///\n", lang, checklists, docs))[0]["cells"]
    n = len(CHECKLISTS["executive"].items)
    assert before == {"data-questions": str(n), "data-minutes": str(minutes_for(n))}
    # Six more questions (copies of the last item with new ids): 21 → one more 5-minute step.
    last = src[src.rindex("      - id: ") :]
    extra = "".join(re.sub(r"- id: (\S+)", rf"- id: \1-copy{k}", last, count=1) for k in range(6))
    (checklists / "executive.yml").write_text(src + extra, encoding="utf-8")
    after = rows(render("/// start-here | executive\n///\n", lang, checklists, docs))[0]
    assert after["cells"] == {"data-questions": str(n + 6), "data-minutes": str(minutes_for(n + 6))}
    assert minutes_for(n + 6) != minutes_for(n)


def test_unknown_checklist_in_start_here_fails_the_build(caplog: pytest.LogCaptureFixture) -> None:
    html = render("/// start-here | nowhere\n///\n", "ja", ROOT / "checklists", ROOT / "docs")
    assert "data-start-here" not in html
    assert any(
        "start-here block" in r.getMessage() and r.levelname == "ERROR" for r in caplog.records
    )
