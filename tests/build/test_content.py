"""Site content: every page in both languages, source and translation notes, the data tables,
the anchors that ARCHITECTURE.md promises, and the data loader's file:line errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from econsec.errors import EconsecError
from econsec.sources.datasets import DATASETS, DataError, load_dataset
from econsec.sources.desks import load_desks

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
BAD = ROOT / "tests" / "fixtures" / "data_bad" / "data"
LANGS = ("ja", "en")

# ARCHITECTURE.md, "Pages and anchors".
ANCHORS: dict[str, tuple[str, ...]] = {
    "index.md": (),
    "policy/economic-security.md": ("social-demands", "promotion-act", "action-plan"),
    "policy/prior-report.md": ("dialogue-scheme", "purpose", "designated-technologies", "consult"),
    "policy/outreach.md": ("approach", "events", "visits"),
    "guidance/best-practices.md": (
        "matrix",
        "awareness",
        "governance",
        "tech-classification",
        "staffing",
        "contact-risk",
        "prevent-employees",
        "prevent-leavers",
        "prevent-partners",
        "supply-chain-visibility",
        "supply-chain-risk",
        "prevent-cyber",
        "prevent-sanctions",
        "risk-literacy",
        "company-examples",
    ),
    "guidance/tech-leakage.md": (
        "purpose",
        "structure",
        "case-licensing",
        "core-technology",
        "people-leakage",
        "checklist-planning",
        "check-core-technology",
        "check-info-management",
        "check-partner-country-rules",
        "check-partner-country-interest",
        "check-labour",
        "check-partner-dd",
        "check-stakeholders",
        "second-edition",
    ),
    "guidance/management-guideline.md": (
        "principles",
        "principle-business-scenarios",
        "principle-investment",
        "principle-stakeholders",
        "areas",
        "area-autonomy",
        "area-indispensability",
        "area-governance",
    ),
    "guidance/antimonopoly.md": ("cases", "case-2", "case-6", "case-14"),
    "checks/index.md": (),
    "checks/tech-leakage-ch1.md": (),
    "checks/organisation.md": (),
    "checks/executive.md": (),
    "checks/prior-report-screening.md": (),
    "support.md": ("tics", "expert-dispatch", "inpit", "inpit-experts", "inpit-trade-secrets"),
    "glossary.md": (),
    "about/index.md": ("sources", "reuse", "privacy"),
    "about/accessibility.md": ("target", "scope", "results"),
    "about/performance.md": ("results", "method"),
}
PAGES = tuple(ANCHORS)
CHECKS = ("tech-leakage-ch1", "organisation", "executive", "prior-report-screening")
SOURCE_TITLE = {"ja": "出典", "en": "Source"}
# Extraction errors in the source text that must not reach the site (source README).
EXTRACTION_ERRORS = (
    "ガイドンス",
    "繋がりがねない",
    "取付らず",
    "どのよう存在",
    "情報資産・分析",
    "新工ネ",
)


def html_path(site: Path, lang: str, page: str) -> Path:
    return (site if lang == "ja" else site / "en") / page.replace(".md", ".html")


def content(site: Path, lang: str, page: str) -> str:
    """The page's article (the Markdown content), without theme chrome."""
    text = html_path(site, lang, page).read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', text, re.S)
    assert match, f"{lang}/{page}: no article element"
    return match.group(1)


class _Tables(HTMLParser):
    """Collect ids, and the rows of each data table (by data-dataset)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.tables: dict[str, list[list[str]]] = {}
        self.captions: dict[str, str] = {}
        self._dataset: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_caption = False
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "div" and a.get("data-dataset"):
            self._dataset = str(a["data-dataset"])
            self.tables[self._dataset] = []
            self.captions[self._dataset] = ""
        elif self._dataset and tag == "caption":
            self._in_caption = True
        elif self._dataset and tag == "tbody":
            self._in_body = True
        elif self._dataset and self._in_body and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._dataset:
            self.tables[self._dataset].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._dataset = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption and self._dataset:
            self.captions[self._dataset] += data


def parse(site: Path, lang: str, page: str) -> _Tables:
    parser = _Tables()
    parser.feed(html_path(site, lang, page).read_text(encoding="utf-8"))
    return parser


def table(site: Path, lang: str, page: str, dataset: str) -> list[list[str]]:
    rows = parse(site, lang, page).tables.get(dataset)
    assert rows is not None, f"{lang}/{page}: no data table '{dataset}'"
    return rows


# -- pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_built_and_not_a_stub(site_dir: Path, lang: str, page: str) -> None:
    path = html_path(site_dir, lang, page)
    assert path.is_file(), f"{lang}/{page} was not built"
    assert "(draft)" not in content(site_dir, lang, page), f"{lang}/{page} is still a stub"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_ends_with_source_note(site_dir: Path, lang: str, page: str) -> None:
    html = content(site_dir, lang, page)
    note = f'<div class="admonition note">\n<p class="admonition-title">{SOURCE_TITLE[lang]}</p>'
    assert note in html, f"{lang}/{page}: no source note"
    tail = html[html.rindex(note) :]
    # Nothing of substance after the note: no heading, table, checklist or further admonition.
    assert not re.search(
        r"<h[1-6]|<table|econsec-checklist|class=\"admonition", tail[len(note) :]
    ), f"{lang}/{page}: the source note is not at the end"
    if lang == "ja":
        assert "出典：" in tail and ("加工して作成" in tail or "本サイト" in tail)


@pytest.mark.parametrize("page", PAGES)
def test_english_page_has_translation_note(site_dir: Path, page: str) -> None:
    html = content(site_dir, "en", page)
    marker = "econsec-translation-note"
    assert marker in html, f"en/{page}: no translation note"
    # Pages the project wrote itself (about/) say so instead of calling themselves translations.
    own = ("own translation", "own text")
    assert any(f"project&#x27;s {w}" in html or f"project's {w}" in html for w in own)
    first_h2 = html.find("<h2")
    assert first_h2 == -1 or html.index(marker) < first_h2, f"en/{page}: note is not near the top"
    assert marker not in content(site_dir, "ja", page), f"ja/{page} carries the English note"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p for p in PAGES if ANCHORS[p]])
def test_architecture_anchors_exist(site_dir: Path, lang: str, page: str) -> None:
    ids = parse(site_dir, lang, page).ids
    missing = [a for a in ANCHORS[page] if a not in ids]
    assert not missing, f"{lang}/{page}: missing anchors {missing}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("check", CHECKS)
def test_check_page_has_exactly_one_checklist_block(lang: str, check: str) -> None:
    source = (ROOT / "docs" / lang / "checks" / f"{check}.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^/// checklist \| (\S+)\s*$", source, re.M)
    assert blocks == [check]


@pytest.mark.parametrize("page", PAGES)
def test_no_extraction_errors_in_japanese(site_dir: Path, page: str) -> None:
    html = content(site_dir, "ja", page)
    assert not [e for e in EXTRACTION_ERRORS if e in html]


def test_check_items_quoted_in_official_wording(site_dir: Path) -> None:
    html = content(site_dir, "ja", "guidance/tech-leakage.md")
    for question in (
        "コア技術がどのように存在しているか確認しているか？",
        "社内統一的な情報収集・分析体制を整備しているか？",
        "契約内容を確認した上で、海外技術移転の規模等も考慮し、技術流出リスクと対応状況を丁寧に説明しているか？",
    ):
        assert question in html


# -- data tables ---------------------------------------------------------------------------------


def test_designated_technologies_table_in_both_languages(site_dir: Path) -> None:
    entries = load_dataset("designated_technologies", DATA).entries
    assert len(entries) == 19
    for lang in LANGS:
        parsed = parse(site_dir, lang, "policy/prior-report.md")
        rows = parsed.tables["designated_technologies"]
        assert len(rows) == 19, f"{lang}: {len(rows)} rows"
        for n, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
            number = chr(0x2460 + n - 1) if lang == "ja" else str(n)
            assert row == [number, entry["ja"], entry["en"]]
        as_of = "2026年3月時点" if lang == "ja" else "as of March 2026"
        assert as_of in parsed.captions["designated_technologies"]
    assert "積層セラミックコンデンサ（MLCC）" in str(
        table(site_dir, "ja", "policy/prior-report.md", "designated_technologies")
    )
    assert "Flexible endoscopes" in str(
        table(site_dir, "en", "policy/prior-report.md", "designated_technologies")
    )


def test_outreach_events_table(site_dir: Path) -> None:
    ja = table(site_dir, "ja", "policy/outreach.md", "outreach_events")
    en = table(site_dir, "en", "policy/outreach.md", "outreach_events")
    assert len(ja) == len(en) == 6
    assert ja[0][:2] == ["2025年6月12日", "東北地域産業技術連携推進会議"]
    assert ja[2][:2] == ["2025年8月4日", "中堅企業等合同施策説明会"] and ja[2][-1] == "オンライン"
    assert "80名超" in ja[2][3] and "48社" in ja[5][3]
    assert en[4][0] == "24 October 2025" and "22 universities" in en[4][3]


def test_antimonopoly_cases_table(site_dir: Path) -> None:
    for lang in LANGS:
        rows = table(site_dir, lang, "guidance/antimonopoly.md", "antimonopoly_cases")
        assert len(rows) == 15
        groups = [row[1] for row in rows]
        expected = (
            ["情報交換", "共同行為", "企業結合", "その他"]
            if lang == "ja"
            else ["Information exchange", "Joint conduct", "Business combinations", "Other"]
        )
        assert list(dict.fromkeys(groups)) == expected
        assert [groups.count(g) for g in expected] == [5, 3, 6, 1]
    ja = table(site_dir, "ja", "guidance/antimonopoly.md", "antimonopoly_cases")
    assert ja[1][:3] == ["事例②", "情報交換", "流出を防ぐべき技術範囲に関する情報交換"]
    assert ja[14][0] == "事例⑮"


def test_glossary_table(site_dir: Path) -> None:
    entries = load_dataset("glossary", DATA).entries
    for lang in LANGS:
        rows = table(site_dir, lang, "glossary.md", "glossary")
        assert [r[:2] for r in rows] == [[e["ja"], e["en"]] for e in entries]


def test_english_pages_use_glossary_terms(site_dir: Path) -> None:
    prior = content(site_dir, "en", "policy/prior-report.md")
    for term in ("prior-report scheme", "Foreign Exchange and Foreign Trade Act", "inform"):
        assert term in prior
    plan = content(site_dir, "en", "policy/economic-security.md")
    for term in (
        "Promotion (industrial support measures)",
        "Protection (industrial defence measures)",
    ):
        assert term in plan


# -- data loader ---------------------------------------------------------------------------------


def test_real_data_files_load() -> None:
    counts = {
        name: len(load_dataset(name, DATA).entries)
        for name in ("designated_technologies", "outreach_events", "antimonopoly_cases", "glossary")
    }
    assert counts["designated_technologies"] == 19
    assert counts["antimonopoly_cases"] == 15
    assert counts["outreach_events"] == 6
    assert load_dataset("designated_technologies", DATA).as_of == "2026-03"


def test_malformed_entry_reports_file_and_line() -> None:
    with pytest.raises(DataError) as info:
        load_dataset("designated_technologies", BAD)
    assert isinstance(info.value, EconsecError)
    assert info.value.problems == [
        "data/designated_technologies.yml:10: missing key 'en' in entry 2",
        "data/designated_technologies.yml:12: unknown key 'colour' in entry 2 (allowed: no, ja, en)",
    ]


def test_invalid_yaml_reports_file_and_line() -> None:
    with pytest.raises(DataError) as info:
        load_dataset("glossary", BAD)
    assert str(info.value).startswith("data/glossary.yml:8: not valid YAML")


def test_bad_values_report_every_problem() -> None:
    with pytest.raises(DataError) as info:
        load_dataset("outreach_events", BAD)
    text = str(info.value)
    assert "data/outreach_events.yml:4: 'date' in entry 1" in text
    assert "data/outreach_events.yml:7: missing key 'en' in 'speakers' in entry 1" in text
    assert "data/outreach_events.yml:8: 'format' in entry 1 must be one of" in text


def test_support_desks_report_every_problem_with_its_line() -> None:
    with pytest.raises(DataError) as info:
        load_dataset("support_desks", BAD)
    assert info.value.problems == [
        "data/support_desks.yml:7: 'url' in entry 1 must be an https:// address",
        "data/support_desks.yml:9: duplicate 'id' 'tics'",
        "data/support_desks.yml:12: 'page' in entry 2 must be a page link /<page>.md#<anchor>",
        "data/support_desks.yml:13: 'id' in entry 3 must be an id of a-z, 0-9 and '-'",
    ]


def test_support_desk_pages_must_exist_in_both_languages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    text = (DATA / "support_desks.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if "page: /support.md#tics" in line)
    lines[at] = lines[at].replace("#tics", "#no-such-anchor")
    (data / "support_desks.yml").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_desks(data, ROOT / "docs")
    assert info.value.problems == [
        f"data/support_desks.yml:{at + 1}: broken page '/support.md#no-such-anchor': "
        "no explicit id 'no-such-anchor' in docs/ja/support.md, docs/en/support.md"
    ]
    assert set(load_desks(DATA, ROOT / "docs")) >= {
        "tics",
        "expert-dispatch",
        "inpit-trade-secrets",
        "inpit-experts",
        "prior-report",
        "regional-bureau",
    }


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_one_column_of_each_dataset_heads_its_rows(name: str) -> None:
    heads = [c.key for c in DATASETS[name] if c.heads_row]
    assert len(heads) == 1, f"{name}: the columns heading its rows are {heads}"
    assert all(c.shown for c in DATASETS[name] if c.heads_row)
    assert all(c.kind == "ident" for c in DATASETS[name] if c.anchor)


def test_unknown_dataset_and_missing_file() -> None:
    with pytest.raises(DataError, match=r"^data/nope\.yml:1: unknown dataset 'nope'"):
        load_dataset("nope", DATA)
    with pytest.raises(DataError, match=r"^data/antimonopoly_cases\.yml:1: no such data file"):
        load_dataset("antimonopoly_cases", BAD)


@pytest.mark.parametrize("page", PAGES)
def test_heading_ids_identical_in_both_languages(page: str) -> None:
    ids = {
        lang: re.findall(
            r"^#+ .*\{#([a-z0-9-]+)\}\s*$",
            (ROOT / "docs" / lang / page).read_text(encoding="utf-8"),
            re.M,
        )
        for lang in LANGS
    }
    assert ids["ja"] == ids["en"]
    headings = [
        line
        for lang in LANGS
        for line in (ROOT / "docs" / lang / page).read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    assert all(re.search(r"\{#[a-z0-9-]+\}\s*$", h) for h in headings), (
        "a heading without an explicit id"
    )
