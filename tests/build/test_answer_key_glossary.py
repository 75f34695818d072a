"""Issue 18 §2 without a browser: the answer key says what the engine does, the glossary's ids and
linked wordings are validated, and terms are linked once per page, longest first, never where a
link does not belong; the built pages carry both."""

from __future__ import annotations

import re
import textwrap
from fractions import Fraction
from pathlib import Path

import markdown
import pytest

from econsec.engine.model import ANSWERS, SCORED_VALUES
from econsec.engine.scoring import score
from econsec.mdext.answer_key import KEY_TEXT, answer_count, key_lines
from econsec.mdext.glossary_links import term_pattern
from econsec.mdext.ui_text import TEXT
from econsec.sources.datasets import DataError, link_forms, load_dataset

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


# ---------------------------------------------------------------- the answer key


def test_points_are_the_engines_values() -> None:
    for value in ANSWERS["score"]:
        expected = SCORED_VALUES.get(value)
        found = answer_count("score", value)
        if expected is None:
            assert found is None, value  # na: left out
        else:
            assert Fraction(found).limit_denominator(100) == Fraction(*expected), value
    assert answer_count("score", None) is None  # unanswered: left out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_score_key_lines_say_the_points(lang: str) -> None:
    labels = {**TEXT[lang]["answers"]["score"], "unanswered": TEXT[lang]["unanswered"]}
    lines = {
        line["value"]: line for line in key_lines("score", list(ANSWERS["score"]), labels, lang)
    }
    assert list(lines) == [*ANSWERS["score"], "unanswered"]
    t = KEY_TEXT[lang]
    assert lines["na"]["count"] == t["excluded"] == lines["unanswered"]["count"]
    for value, (num, den) in SCORED_VALUES.items():
        assert f"{num / den:g}" in lines[value]["count"], (value, lines[value])
        assert lines[value]["label"] == labels[value]


def test_screening_key_follows_the_engines_outcome_rule() -> None:
    """The words of each answer's line describe what the engine does with two questions."""
    from econsec.mdext.answer_key import _one_question

    one = _one_question("screening")
    two_dict = one.to_dict()
    two_dict["sections"][0]["items"] = ["q", "r"]
    two_dict["items"].append({**two_dict["items"][0], "id": "r"})
    two = type(one).from_dict(two_dict)

    def status(answers: dict[str, str]) -> str:
        return (score(two, answers).outcome or {})["status"]

    assert answer_count("screening", "yes") == "may_apply"
    assert status({"q": "yes", "r": "no"}) == "may_apply"  # 「一つでもあれば」
    assert status({"q": "yes", "r": "unknown"}) == "may_apply"
    assert answer_count("screening", "unknown") == "undetermined"
    assert status({"q": "unknown", "r": "no"}) == "undetermined"  # no yes, one unknown
    assert status({"q": "no"}) == "undetermined"  # an unanswered question
    assert answer_count("screening", "no") == "not_indicated"
    assert status({"q": "no", "r": "no"}) == "not_indicated"  # only when every answer is no
    for lang in ("ja", "en"):
        lines = key_lines(
            "screening", list(ANSWERS["screening"]), TEXT[lang]["answers"]["screening"], lang
        )
        assert [line["value"] for line in lines] == list(ANSWERS["screening"])


def _render(source: str, lang: str = "ja", docs: Path = ROOT / "docs") -> str:
    return markdown.markdown(
        textwrap.dedent(source),
        extensions=["attr_list", "econsec.mdext"],
        extension_configs={
            "econsec.mdext": {
                "lang": lang,
                "docs_root": str(docs),
                "checklists_dir": str(ROOT / "checklists"),
                "data_dir": str(DATA),
            }
        },
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("check", ["tech-leakage-ch1", "prior-report-screening"])
def test_key_sits_right_above_the_first_question(lang: str, check: str) -> None:
    html = _render(f"/// checklist | {check}\n///\n", lang)
    key = html.index("data-answer-key=")
    assert key < html.index('class="econsec-form"') < html.index("data-item=")
    # Nothing between the key and the form but the key itself.
    between = html[key : html.index('class="econsec-form"')]
    assert "data-item" not in between and "<fieldset" not in between
    kind = "screening" if "screening" in check else "score"
    assert f'href="/checks/index.md#{"answers" if kind == "screening" else "score"}"' in between
    for value in ANSWERS[kind]:
        assert f'data-key-answer="{value}"' in between
    # The page's about disclosure holds the description and the shared-device explanation.
    about = html[html.index("<details") : html.index("</details>")]
    assert "econsec-checklist__desc" in about and "econsec-shared__help" in about


def test_key_without_the_guide_page_has_no_link(tmp_path: Path) -> None:
    # A site without checks/index.md, but with the page of the checklist `otherwise` names.
    (tmp_path / "ja" / "checks").mkdir(parents=True)
    (tmp_path / "ja" / "checks" / "organisation.md").write_text(
        "# 組織\n\n/// checklist | organisation\n///\n", encoding="utf-8"
    )
    html = _render("/// checklist | tech-leakage-ch1\n///\n", "ja", tmp_path)
    assert "econsec-checklist-error" not in html
    assert "data-answer-key" in html and "data-key-more" not in html


# ---------------------------------------------------------------- the glossary's data


def test_every_entry_has_an_id_and_its_wordings_are_unique() -> None:
    entries = load_dataset("glossary", DATA).entries
    ids = [row["id"] for row in entries]
    assert len(ids) == len(set(ids))
    for lang in ("ja", "en"):
        forms = [f.casefold() for row in entries for f in link_forms(row, lang)]
        assert len(forms) == len(set(forms)), lang
    by_id = {row["id"]: row for row in entries}
    # The terms the issue names, with the wordings the checklists use.
    assert "DD" in link_forms(by_id["due-diligence"], "ja")
    assert "デューデリジェンス" in link_forms(by_id["due-diligence"], "ja")
    assert "コア技術" in link_forms(by_id["core-technology"], "ja")
    assert link_forms(by_id["identification"], "ja") == []  # 特定: a common word


def _write_glossary(tmp_path: Path, entries: str) -> Path:
    (tmp_path / "glossary.yml").write_text(
        "title: {ja: 用語集, en: Glossary}\nsource: {ja: 出典, en: Source}\nentries:\n"
        + textwrap.dedent(entries),
        encoding="utf-8",
    )
    return tmp_path


def test_bad_ids_and_wordings_are_reported_with_their_lines(tmp_path: Path) -> None:
    data = _write_glossary(
        tmp_path,
        """\
          - id: one
            ja: 技術
            en: technology
            note: {ja: 説明, en: note}
          - id: one
            ja: 技術流出
            en: Technology
            note: {ja: 説明, en: note}
          - id: Bad Id
            ja: 特定
            en: identification
            note: {ja: 説明, en: note}
            link: {ja: 特定}
          - ja: 対処
            en: response
            note: {ja: 説明, en: note}
        """,
    )
    with pytest.raises(DataError) as err:
        load_dataset("glossary", data)
    text = str(err.value)
    assert "glossary.yml:8: duplicate 'id' 'one'" in text
    assert "glossary.yml:12:" in text and "'id' in entry 3 must be an id" in text
    assert "'link' in entry 3 must be a mapping with 'ja' and 'en'" in text
    assert "glossary.yml:17:" in text and "'id'" in text  # entry 4 has none


def test_a_wording_linked_by_two_entries_is_refused(tmp_path: Path) -> None:
    data = _write_glossary(
        tmp_path,
        """\
          - id: one
            ja: 技術
            en: technology
            note: {ja: 説明, en: note}
          - id: two
            ja: 技術流出
            en: Technology
            note: {ja: 説明, en: note}
        """,
    )
    with pytest.raises(DataError, match=r"glossary.yml:8: 'Technology' \(en\) is linked by two"):
        load_dataset("glossary", data)


# ---------------------------------------------------------------- linking


def test_pattern_prefers_the_longest_wording_and_whole_latin_words() -> None:
    forms = {"技術流出": "a", "技術流出対策ガイダンス": "b", "DD": "c"}
    pattern = term_pattern(forms, "ja")
    assert pattern is not None
    assert [m.group(0) for m in pattern.finditer("技術流出対策ガイダンスと技術流出")] == [
        "技術流出対策ガイダンス",
        "技術流出",
    ]
    assert [m.group(0) for m in pattern.finditer("取引先DD、ADDは違う")] == ["DD"]
    en = term_pattern({"due diligence": "c"}, "en")
    assert en is not None and en.search("Due diligence on partners")


def _terms(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-glossary="([^"]+)"[^>]*>([^<]+)</a>', html)


def test_first_occurrence_only_and_never_in_headings_links_or_code() -> None:
    html = _render(
        """\
        # コア技術の特定 {#top}

        [コア技術](https://example.org/)は `コア技術` です。
        取引先DDとデューデリジェンス、技術流出対策ガイダンス。技術流出。コア技術。コア技術。
        """
    )
    found = _terms(html)
    ids = [tid for tid, _ in found]
    assert len(ids) == len(set(ids)), found  # each term once
    assert ("due-diligence", "DD") in found and ("core-technology", "コア技術") in found
    assert ("tech-leakage-guidance", "技術流出対策ガイダンス") in found
    assert ("technology-leakage", "技術流出") in found  # the later, separate occurrence
    assert "<h1" in html and "data-glossary" not in html[: html.index("</h1>")]
    assert "<code>コア技術</code>" in html
    assert html.count('href="/glossary.md#term-') == len(found)


def test_english_pages_link_english_terms_and_the_glossary_page_links_none() -> None:
    en = _render("Core technology and due diligence (DD), 技術流出.\n", "en")
    assert [tid for tid, _ in _terms(en)] == ["core-technology", "due-diligence"]
    page = _render("コア技術\n\n/// data-table | glossary\n///\n")
    assert "data-glossary=" not in page and 'id="term-core-technology"' in page


def test_checklist_questions_link_but_labels_provenance_and_about_do_not() -> None:
    html = _render("/// checklist | tech-leakage-ch1\n///\n")
    legend = re.search(r'<legend class="econsec-item__question"[^>]*>.*?</legend>', html).group(0)
    assert 'data-glossary="core-technology"' in legend  # 問1 names コア技術
    about = html[html.index("<details") : html.index("</details>")]
    assert "data-glossary" not in about
    for label in re.findall(r"<label.*?</label>", html, re.S):
        assert "data-glossary" not in label
    for prov in re.findall(r"<span data-provenance-text[^>]*>.*?</span>", html):
        assert "<a" not in prov
    for legend in re.findall(r'<legend class="econsec-section__title".*?</legend>', html):
        assert "<a" not in legend


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Path:
    return site_dir


@pytest.mark.parametrize("lang", ["", "en/"])
def test_built_glossary_rows_and_links_resolve(site: Path, lang: str) -> None:
    glossary = (site / lang / "glossary.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'<tr id="(term-[a-z0-9-]+)"', glossary))
    assert len(ids) == len(load_dataset("glossary", DATA).entries)
    check = (site / lang / "checks" / "tech-leakage-ch1.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./glossary\.html#(term-[a-z0-9-]+)"', check)
    assert "term-core-technology" in links and "term-due-diligence" in links
    assert set(links) <= ids
    guide = (site / lang / "guidance" / "tech-leakage.html").read_text(encoding="utf-8")
    assert set(re.findall(r'glossary\.html#(term-[a-z0-9-]+)"', guide)) <= ids
    assert 'href="index.html#score"' in check  # the key's link to the guide
