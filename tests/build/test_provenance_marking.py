"""Provenance in the build (issue 14 §2): the site's own explanation of a source is always marked
the same way, so a reader can tell source from explanation (README, "Authoring pages").

The rule, checked on the built HTML of every page of both languages:

1. An explanation box is an admonition titled exactly 「本サイトによる説明」 / "This site's
   explanation" and it carries the class ``econsec-explanation``; an admonition with that class has
   that title. No other admonition title speaks of the site's own text (「本サイトによる」,
   「本サイトの」, "this site's", "the project's"), apart from the English pages' translation note.
2. A table column of explanations says so in its header (「本サイトによる」 / "this site's
   explanation"); its header and every cell carry the class.
3. Each self-check item's next step (the site's own wording) carries the class.
4. The pages known to hold explanations (below) have them, and both languages mark the same
   number of elements on every page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CLASS = "econsec-explanation"
TITLE = {"ja": "本サイトによる説明", "en": "This site's explanation"}
OWN_TEXT = {
    "ja": re.compile("本サイトによる|本サイトの"),
    "en": re.compile(r"(this site|the project)'s", re.I),
}
COLUMN = {"ja": re.compile("本サイトによる"), "en": re.compile(r"this site's explanation", re.I)}
# Pages whose explanations must not silently disappear (relative to each language's root).
EXPLAINED = (
    "policy/economic-security.html",
    "guidance/best-practices.html",
    "guidance/management-guideline.html",
    "glossary.html",
    "about/accessibility.html",
    "checks/tech-leakage-ch1.html",
    "checks/organisation.html",
    "checks/executive.html",
    "checks/prior-report-screening.html",
)
ADMONITION_RE = re.compile(
    r'<(?:div|details) class="([^"]*\badmonition\b[^"]*)"[^>]*>\s*'
    r'<(?:p|summary) class="admonition-title">(.*?)</(?:p|summary)>',
    re.S,
)
TABLE_RE = re.compile(r"<table>.*?</table>", re.S)
CELL_RE = re.compile(r"<t([hd])([^>]*)>(.*?)</t\1>", re.S)


def _pages(site_dir: Path, lang: str) -> dict[str, str]:
    root = site_dir if lang == "ja" else site_dir / "en"
    out = {}
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root)
        if {"assets", "search", "en"} & set(rel.parts) or rel.name == "404.html":
            continue
        out[rel.as_posix()] = page.read_text(encoding="utf-8")
    return out


def _classes(attrs: str) -> set[str]:
    m = re.search(r'class="([^"]*)"', attrs)
    return set(m.group(1).split()) if m else set()


def _column_problems(html: str, lang: str) -> list[str]:
    problems = []
    for table in TABLE_RE.findall(html):
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
        if not rows:
            continue
        header = CELL_RE.findall(rows[0])
        for index, (_, attrs, text) in enumerate(header):
            if not COLUMN[lang].search(text):
                continue
            if CLASS not in _classes(attrs):
                problems.append(f"column header «{text}» without the class")
            for row in rows[1:]:
                cells = CELL_RE.findall(row)
                if index < len(cells) and CLASS not in _classes(cells[index][1]):
                    problems.append(f"a cell of «{text}» without the class: {cells[index][2][:40]}")
    return problems


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_explanations_are_marked_one_way(site_dir: Path, lang: str) -> None:
    problems = []
    for rel, html in _pages(site_dir, lang).items():
        for classes, title in ADMONITION_RE.findall(html):
            classes, title = set(classes.split()), re.sub(r"<[^>]+>", "", title).strip()
            if "econsec-translation-note" in classes:
                continue
            if title == TITLE[lang] and CLASS not in classes:
                problems.append(f"{rel}: «{title}» box without the class {CLASS}")
            elif CLASS in classes and title != TITLE[lang]:
                problems.append(f"{rel}: class {CLASS} on a box titled «{title}»")
            elif title != TITLE[lang] and OWN_TEXT[lang].search(title):
                problems.append(f"{rel}: box «{title}»: use the title «{TITLE[lang]}»")
        problems += [f"{rel}: {p}" for p in _column_problems(html, lang)]
        for attrs in re.findall(r"<[a-z]+(\s[^>]*)>", html):
            if "econsec-next" in _classes(attrs) and CLASS not in _classes(attrs):
                problems.append(f"{rel}: a next step without the class {CLASS}")
    assert problems == []


def test_explained_pages_keep_their_marking_in_both_languages(site_dir: Path) -> None:
    ja, en = _pages(site_dir, "ja"), _pages(site_dir, "en")
    assert set(ja) == set(en)
    marked = re.compile(rf'class="[^"]*\b{CLASS}\b')
    for rel in EXPLAINED:
        assert marked.search(ja[rel]), f"{rel}: no explanation marked"
    differ = {
        rel: (len(marked.findall(ja[rel])), len(marked.findall(en[rel])))
        for rel in ja
        if len(marked.findall(ja[rel])) != len(marked.findall(en[rel]))
    }
    assert differ == {}
