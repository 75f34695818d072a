"""The accessibility results page (issue 14 §3, JIS X 8341-3:2016 附属書JB.3.1) cannot drift.

- data/wcag.yml has exactly the 38 success criteria of WCAG 2.0 levels A and AA, with their levels;
- every row's method and result agree with what the tests actually cover: the axe rules it names
  are rules of the axe-core that tests/browser/test_accessibility.py runs, on by default and tagged
  by axe-core with that very criterion; every test it names exists; "no problems found" needs a
  test, "not tested" claims none, "does not apply" comes with its evidence;
- the built page (both languages) shows the 38 rows, lists every page the build wrote (the pages
  the axe test opens) and names the untested criteria in its known issues;
- and the build-time checks the table cites: no media or images, no duplicate ids.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from econsec.sources.datasets import load_dataset

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

# WCAG 2.0 (= JIS X 8341-3:2016) success criteria of levels A and AA.
LEVEL_A = [
    "1.1.1",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "1.3.1",
    "1.3.2",
    "1.3.3",
    "1.4.1",
    "1.4.2",
    "2.1.1",
    "2.1.2",
    "2.2.1",
    "2.2.2",
    "2.3.1",
    "2.4.1",
    "2.4.2",
    "2.4.3",
    "2.4.4",
    "3.1.1",
    "3.2.1",
    "3.2.2",
    "3.3.1",
    "3.3.2",
    "4.1.1",
    "4.1.2",
]
LEVEL_AA = [
    "1.2.4",
    "1.2.5",
    "1.4.3",
    "1.4.4",
    "1.4.5",
    "2.4.5",
    "2.4.6",
    "2.4.7",
    "3.1.2",
    "3.2.3",
    "3.2.4",
    "3.3.3",
    "3.3.4",
]


def _method_of(ref: str) -> str:
    """The method a test stands for: axe scans (test_accessibility.py's *_axe_violation tests and
    test_accessibility_all_rules.py), keyboard, other browser tests, build-time checks."""
    path, _, name = ref.partition("::")
    if path == "browser/test_accessibility_all_rules.py" or (
        path == "browser/test_accessibility.py" and name.endswith("_axe_violation")
    ):
        return "axe"
    if path == "browser/test_keyboard.py" or name.startswith("test_keyboard_only_"):
        return "keyboard"
    return "build" if path.startswith("build/") else "browser"


def _sort_key(sc: str) -> tuple[int, ...]:
    return tuple(int(p) for p in sc.split("."))


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load_dataset("wcag", ROOT / "data").entries


def _axe_rules() -> dict[str, dict]:
    """The rules of the axe-core bundled with axe-playwright-python: id -> tags, enabled."""
    import axe_playwright_python

    source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    rules = {}
    for m in re.finditer(r'\{id:"([a-z0-9-]+)",', source):
        body = source[m.end() : m.end() + 1500].split('{id:"', 1)[0]
        tags = re.match(r"(?:[^{}\[\]]|\[[^\]]*\])*?tags:\[([^\]]*)\]", body)
        if not tags:
            continue  # a check (no tags before the object ends), not a rule
        rules[m.group(1)] = {
            "tags": set(re.findall(r'"([^"]+)"', tags.group(1))),
            "enabled": "enabled:!1" not in body.split("all:", 1)[0],
        }
    return rules


def _axe_options() -> dict:
    tree = ast.parse((TESTS / "browser" / "test_accessibility.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "AXE_OPTIONS" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("AXE_OPTIONS not found in test_accessibility.py")


def _test_exists(ref: str) -> bool:
    path, _, name = ref.partition("::")
    file = TESTS / path
    return file.is_file() and re.search(rf"^def {re.escape(name)}\(", file.read_text(), re.M)


def test_exactly_the_38_criteria_of_levels_a_and_aa(rows) -> None:
    levels = {row["sc"]: row["level"] for row in rows}
    assert len(rows) == 38 == len(levels)
    assert levels == {**dict.fromkeys(LEVEL_A, "A"), **dict.fromkeys(LEVEL_AA, "AA")}
    assert [row["sc"] for row in rows] == sorted(levels, key=_sort_key)
    for row in rows:
        assert row["name"]["ja"] and row["name"]["en"], row["sc"]


def test_axe_rows_name_rules_the_axe_run_covers(rows) -> None:
    options = _axe_options()
    # The run uses axe's default rule set: nothing narrows it or turns rules off.
    assert not {"runOnly", "rules"} & set(options), options
    rules = _axe_rules()
    assert len(rules) > 80, "could not read the rules of axe.min.js"
    for row in rows:
        tag = "wcag" + row["sc"].replace(".", "")
        for rule in row.get("axe", []):
            assert rule in rules, f"{row['sc']}: axe-core has no rule '{rule}'"
            assert rules[rule]["enabled"], f"{row['sc']}: '{rule}' is off by default"
            assert tag in rules[rule]["tags"], f"{row['sc']}: axe-core tags '{rule}' {rules[rule]}"


def test_methods_and_results_match_the_tests(rows) -> None:
    for row in rows:
        sc, methods = row["sc"], row["methods"]
        tests, axe = row.get("tests", []), row.get("axe", [])
        for ref in tests:
            assert _test_exists(ref), f"{sc}: no test {ref}"
        # The methods claimed are exactly the kinds of the tests named (a review is no test).
        assert {_method_of(ref) for ref in tests} == set(methods) - {"review"}, sc
        assert ("axe" in methods) == bool(axe), f"{sc}: axe rules iff the axe method"
        if "review" in methods:
            assert row.get("note"), f"{sc}: a manual review says what was reviewed"
        if row["result"] == "no-problems":
            assert row["applies"] == "yes" and tests, sc
        elif row["result"] == "not-tested":
            assert row["applies"] == "yes" and not methods and not tests and not axe, sc
            assert row.get("note"), f"{sc}: say why it is not tested"
        else:
            assert row["applies"] == "no" and methods and row.get("note"), sc


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_shows_the_table_every_page_and_the_untested(rows, site_dir: Path, lang) -> None:
    root = site_dir if lang == "ja" else site_dir / "en"
    html = (root / "about" / "accessibility.html").read_text(encoding="utf-8")
    table = html.split('data-dataset="wcag"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    assert re.findall(r'<th scope="row">([\d.]+)</th>', body) == [r["sc"] for r in rows]
    # Every page the build wrote (what the axe test opens, 404 aside) is listed, in both languages.
    built = sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if p.name != "404.html" and not {"assets", "search"} & set(p.relative_to(site_dir).parts)
    )
    listing = html.split('class="econsec-page-list"', 1)[1].split("</table>", 1)[0]
    listed = re.findall(r"<td><code>([^<]+)</code></td>", listing)
    assert sorted(listed) == built
    # JB.3.1: date, standard and year, level, degree (WAIC wording), technologies.
    text = _text(html)
    for needed in {
        "ja": ("表明日", "JIS X 8341-3:2016", "適合レベルAA", "配慮", "WebAssembly", "全ページ"),
        "en": ("Date of this statement", "JIS X 8341-3:2016", "Level AA", "配慮", "WebAssembly"),
    }[lang]:
        assert needed in text, needed
    untested = [r["sc"] for r in rows if r["result"] == "not-tested"]
    known = text.split({"ja": "既知の問題", "en": "Known issues"}[lang])[-1]
    assert ", ".join(untested) in known.replace("、", ", ")
    assert {
        "ja": f"38の達成基準のうち{len(untested)}項目は未試験",
        "en": f"{len(untested)} of the 38",
    }[lang] in text


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.media: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("audio", "video", "object", "embed", "iframe", "img", "canvas"):
            self.media.append(tag)
        self.ids.extend(v for k, v in attrs if k == "id" and v)


def _pages(site_dir: Path) -> dict[str, _Elements]:
    out = {}
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir)
        if {"assets", "search"} & set(rel.parts):
            continue
        parser = _Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        out[rel.as_posix()] = parser
    return out


def test_no_media_and_no_images_of_text(site_dir: Path) -> None:
    # WCAG 1.2.x, 1.4.2 and 1.4.5 do not apply because of this (data/wcag.yml).
    pages = _pages(site_dir)
    assert len(pages) > 30
    assert {rel: p.media for rel, p in pages.items() if p.media} == {}


def test_ids_are_unique(site_dir: Path) -> None:
    # WCAG 4.1.1 (data/wcag.yml): axe-core 4.12 retired its duplicate-id rules.
    dups = {}
    for rel, page in _pages(site_dir).items():
        seen: set[str] = set()
        if extra := {i for i in page.ids if i in seen or seen.add(i)}:
            dups[rel] = sorted(extra)
    assert dups == {}
