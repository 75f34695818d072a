"""Checklist YAML: every malformed fixture gives its exact ``file:line: message``; the four real
checklists follow the schema, the source and the anchor contract in ARCHITECTURE.md."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from econsec.engine.combine import AUTO_ID
from econsec.errors import ChecklistError
from econsec.sources.checklists import (
    RESERVED_IDS,
    load_all,
    load_checklist,
    load_checklist_by_id,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "checklists_bad"
BAD = FIXTURES / "checklists"
DOCS = FIXTURES / "docs"
ECONSEC = ROOT / ".venv" / "bin" / "econsec"
# The support desks the bad fixtures may name (the real ones are in data/support_desks.yml).
DESKS = frozenset({"tics", "inpit-experts"})

EXPECTED: dict[str, list[str]] = {
    "syntax": ["5: YAML syntax error: mapping values are not allowed here"],
    "duplicate-key": [
        '6: YAML syntax error: found duplicate key "en" with value "Again" (original value: "Sample")'
    ],
    "unknown-key": [
        "32: unknown key 'colour' in item 'item-1' "
        "(allowed: id, text, provenance, guidance, next_step, weight, support)"
    ],
    "missing-key": ["22: missing key 'text' in item 'item-1'"],
    "missing-translation": [
        "8: missing translation 'en' in 'description' of the checklist",
        "23: missing translation 'en' in 'text' of item 'item-1'",
    ],
    "duplicate-item": ["35: duplicate item id 'item-1' (first at line 22)"],
    "duplicate-section": ["35: duplicate section id 'basics' (first at line 17)"],
    "bad-weight": [
        "31: bad weight 0: must be a number > 0 and ≤ 100",
        "45: bad weight 'heavy': must be a number > 0 and ≤ 100",
    ],
    "broken-page": [
        "31: broken guidance link '/missing.md#known': page not found: "
        "docs/ja/missing.md, docs/en/missing.md",
        "44: broken guidance link '/only-ja.md#known': page not found: docs/en/only-ja.md",
    ],
    "broken-anchor": [
        "31: broken guidance link '/guide.md#nowhere': no explicit id 'nowhere' in "
        "docs/ja/guide.md, docs/en/guide.md",
        "44: broken guidance link '/guide.md#ja-only': no explicit id 'ja-only' in docs/en/guide.md",
    ],
    "bad-guidance": ["31: bad guidance link 'guide.md': use /<page>.md#<anchor>"],
    "bad-provenance": [
        "27: missing key 'document' in provenance of item 'item-1'",
        "27: missing key 'reference' in provenance of item 'item-1'",
        "28: unknown key 'basis' in provenance of item 'item-1' "
        "(allowed for type official: type, document, reference)",
        "40: bad provenance of item 'item-2': type 'quoted' must be official or derived",
    ],
    "bad-version": ['2: bad version 1.0: use a semantic version X.Y.Z in quotes, e.g. "1.0.0"'],
    "bad-id": [
        "17: bad id 'Basics_1' for section 1: use lowercase letters, digits and hyphens ([a-z0-9-]+)"
    ],
    "reserved-id": [
        "17: reserved id 'constructor' for section 1: it is the name of a property of every "
        "JavaScript object (Object.prototype); choose another id",
        "22: reserved id 'prototype' for item 1 of section '': it is the name of a property of "
        "every JavaScript object (Object.prototype); choose another id",
        "35: reserved id '__proto__' for item 2 of section '': it is the name of a property of "
        "every JavaScript object (Object.prototype); choose another id",
    ],
    "id-mismatch": [
        "1: checklist id 'something-else' does not match the file name (expected 'id-mismatch')"
    ],
    "bad-answers": [
        "16: bad answer set: 'maybe' is not an answer of kind score "
        "(allowed: yes, partial, no, unknown, na)",
        "16: bad answer set: 'yes' is listed twice",
        "16: bad answer set: it must include 'yes' and 'no'",
    ],
    "bad-support": [
        "31: unknown support desk 'nowhere' in item 'item-1' (known: inpit-experts, tics)",
        "31: support desk 'tics' listed twice in item 'item-1'",
        "31: bad support desk 'Bad_Id' in item 'item-1': use a desk id",
        "45: bad support of item 'item-2': must be a list of desk ids, e.g. [tics]",
    ],
    "bad-kind": ["16: bad kind 'quiz': use score or screening"],
    "bad-audience": ["16: 'audience' of the checklist must be a mapping with ja and en"],
    "bad-otherwise": [
        "20: unknown checklist 'nowhere' in otherwise (no checklists/nowhere.yml)",
        "21: missing translation 'en' in 'when' of otherwise",
        "23: unknown key 'colour' in otherwise (allowed: checklist, when)",
    ],
    "otherwise-self": [
        "17: otherwise names this checklist itself ('otherwise-self'): name another one"
    ],
    "screening-no-outcome": [
        "1: missing key 'outcome' in checklist (a screening checklist needs it)"
    ],
    "outcome-on-score": ["16: outcome is only allowed with kind: screening"],
    "empty-items": ["21: items of section 'basics' must be a non-empty list"],
    "empty": ["1: empty file: expected a checklist (id, version, title, …)"],
    "not-a-mapping": ["1: checklist must be a mapping, not a list"],
}


def test_every_fixture_is_covered() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_fixture_reports_file_and_line(name: str) -> None:
    with pytest.raises(ChecklistError) as info:
        load_checklist(BAD / f"{name}.yml", docs_root=DOCS, desks=DESKS)
    assert info.value.problems == [f"checklists/{name}.yml:{m}" for m in EXPECTED[name]]
    assert str(info.value) == "\n".join(info.value.problems)


def test_load_all_collects_every_problem_of_every_file() -> None:
    with pytest.raises(ChecklistError) as info:
        load_all(BAD, docs_root=DOCS, desks=DESKS)
    expected = [
        f"checklists/{name}.yml:{m}"
        for name in sorted(EXPECTED, key=lambda n: f"{n}.yml")  # file-name order
        for m in EXPECTED[name]
    ]
    assert info.value.problems == expected


def _valid_text(checklist_id: str = "sample") -> str:
    return (
        (BAD / "unknown-key.yml")
        .read_text(encoding="utf-8")
        .replace("id: unknown-key", f"id: {checklist_id}", 1)
        .replace("        colour: red\n", "")
    )


def test_valid_checklist_loads_with_defaults(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "sample.yml").write_text(_valid_text(), encoding="utf-8")
    c = load_checklist(folder / "sample.yml", docs_root=DOCS)
    assert (c.id, c.version, c.kind, c.answers) == (
        "sample",
        "1.0.0",
        "score",
        ("yes", "partial", "no", "unknown", "na"),
    )
    assert c.items[0].weight == 1 and c.items[0].section == "basics"
    assert c.items[0].guidance == "/guide.md#known"
    assert [x.id for x in load_all(folder, docs_root=DOCS)] == ["sample"]
    assert load_checklist_by_id("sample", folder) == c


def test_audience_and_otherwise_reach_the_definition(tmp_path: Path) -> None:
    """Both keys are optional; ``otherwise`` may name any checklist file beside this one, and
    both travel in the definition JSON (the widget and the engine read them there)."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "sample.yml").write_text(_valid_text(), encoding="utf-8")
    extra = (
        "audience: {ja: 経営者・役員, en: Executives}\n"
        "otherwise:\n  checklist: sample\n  when: {ja: 計画がない場合, en: If you have no plans}\n"
    )
    text = _valid_text("other").replace("sections:\n", extra + "sections:\n", 1)
    (folder / "other.yml").write_text(text, encoding="utf-8")
    plain, other = load_all(folder, docs_root=DOCS)[::-1]
    assert (plain.audience, plain.otherwise) == (None, None)
    assert other.audience == {"ja": "経営者・役員", "en": "Executives"}
    assert other.otherwise == {
        "checklist": "sample",
        "when": {"ja": "計画がない場合", "en": "If you have no plans"},
    }
    d = other.to_dict()
    assert d["audience"] == other.audience and d["otherwise"] == other.otherwise
    assert type(other).from_dict(d) == other
    # The file it names must exist: removing it turns the same file into an error.
    (folder / "sample.yml").unlink()
    with pytest.raises(ChecklistError, match=r"other\.yml:\d+: unknown checklist 'sample'"):
        load_checklist(folder / "other.yml", docs_root=DOCS)


def test_real_checklists_say_who_should_answer() -> None:
    """Every real checklist says who should answer it; the official one (for firms planning to
    move production abroad) names the checklist to use otherwise, which exists."""
    loaded = {c.id: c for c in load_all(ROOT / "checklists", docs_root=ROOT / "docs")}
    assert all(c.audience and c.audience["ja"] and c.audience["en"] for c in loaded.values())
    otherwise = loaded["tech-leakage-ch1"].otherwise
    assert otherwise is not None and otherwise["checklist"] in loaded
    assert otherwise["checklist"] != "tech-leakage-ch1"


def test_html_ids_and_attr_list_forms_count_as_anchors(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    text = _valid_text().replace("/guide.md#known", "/guide.md#html-anchor")
    (folder / "sample.yml").write_text(text, encoding="utf-8")
    assert (
        load_checklist(folder / "sample.yml", docs_root=DOCS)
        .items[0]
        .guidance.endswith("#html-anchor")
    )


def test_load_checklist_by_id_errors(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match=r"unknown checklist 'nope' \(available: "):
        load_checklist_by_id("nope", ROOT / "checklists")
    with pytest.raises(ChecklistError, match="bad checklist id"):
        load_checklist_by_id("../etc/passwd", ROOT / "checklists")


@pytest.mark.parametrize("name", ["constructor", "prototype"])
def test_reserved_checklist_id_is_refused(tmp_path: Path, name: str) -> None:
    """Only these two reserved names also pass [a-z0-9-]+; the checklist id is the file name."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    text = (BAD / "bad-id.yml").read_text(encoding="utf-8")
    (folder / f"{name}.yml").write_text(
        text.replace("id: bad-id", f"id: {name}").replace("Basics_1", "basics"), encoding="utf-8"
    )
    with pytest.raises(ChecklistError) as info:
        load_checklist(folder / f"{name}.yml")
    assert info.value.problems == [
        f"checklists/{name}.yml:1: reserved id '{name}' for the checklist: it is the name of a "
        "property of every JavaScript object (Object.prototype); choose another id"
    ]


def test_the_id_that_asks_the_command_line_to_pick_is_refused(tmp_path: Path) -> None:
    """`econsec combine auto` picks the checklist most files answer: no checklist is "auto"."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    text = (BAD / "bad-id.yml").read_text(encoding="utf-8")
    (folder / f"{AUTO_ID}.yml").write_text(
        text.replace("id: bad-id", f"id: {AUTO_ID}").replace("Basics_1", "basics"),
        encoding="utf-8",
    )
    with pytest.raises(ChecklistError) as info:
        load_checklist(folder / f"{AUTO_ID}.yml")
    assert info.value.problems == [
        f"checklists/{AUTO_ID}.yml:1: reserved id '{AUTO_ID}' for the checklist: "
        f"`econsec combine {AUTO_ID}` picks the checklist most of the files answer; "
        "choose another id"
    ]


def test_reserved_ids_are_every_name_of_object_prototype() -> None:
    """The list is JavaScript's own (Node runs the build's snapshot, so it is there)."""
    node = shutil.which("node")
    assert node, "node is needed (npm ci needs it too)"
    names = subprocess.run(
        [node, "-e", "console.log(JSON.stringify(Object.getOwnPropertyNames(Object.prototype)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert set(json.loads(names)) | {"prototype"} == RESERVED_IDS


def test_missing_checklists_folder_is_empty(tmp_path: Path) -> None:
    assert load_all(tmp_path / "none", docs_root=DOCS) == []


# -- the build fails with the file and line, and no traceback ----------------------------------


def test_build_fails_cleanly_on_a_bad_checklist(tmp_path: Path) -> None:
    site = tmp_path / "repo"
    site.mkdir()
    for name in ("mkdocs.yml", "mkdocs.en.yml", "mkdocs.base.yml"):
        shutil.copy2(ROOT / name, site / name)
    for folder in ("docs", "overrides", "hooks", "data"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, site / folder)
    (site / "checklists").mkdir()
    shutil.copy2(BAD / "bad-weight.yml", site / "checklists" / "bad-weight.yml")
    proc = subprocess.run(
        [str(ECONSEC), "build", "--root", str(site), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode != 0
    assert "checklists/bad-weight.yml:31: bad weight 0" in proc.stderr
    assert "checklists/bad-weight.yml:45: bad weight 'heavy'" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


# -- the four checklists ------------------------------------------------------------------------


def anchor_contract() -> dict[str, set[str]]:
    """ARCHITECTURE.md's "Pages and anchors" table: page -> anchor ids."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = {}
    for page, anchors in re.findall(r"^\| `([^`]+\.md)` \| ([^|]*) \|$", text, flags=re.M):
        table[page] = set(re.findall(r"`([a-z0-9-]+)`", anchors))
    return table


def real(checklist_id: str):
    return load_checklist_by_id(checklist_id, ROOT / "checklists")


def test_real_checklists_follow_the_schema_and_file_names() -> None:
    loaded = load_all(ROOT / "checklists", docs_root=None)
    assert [c.id for c in loaded] == [
        "executive",
        "organisation",
        "prior-report-screening",
        "tech-leakage-ch1",
    ]


@pytest.mark.parametrize(
    "checklist_id", ["tech-leakage-ch1", "organisation", "executive", "prior-report-screening"]
)
def test_real_guidance_links_are_in_the_anchor_contract(checklist_id: str) -> None:
    contract = anchor_contract()
    for item in real(checklist_id).items:
        page, anchor = item.guidance.removeprefix("/").split("#")
        assert anchor in contract[page], f"{item.id}: {item.guidance}"


def test_real_guidance_links_resolve_in_the_docs() -> None:
    """Against the real pages (written alongside): fails until every anchor exists."""
    assert len(load_all(ROOT / "checklists", docs_root=ROOT / "docs")) == 4


def test_tech_leakage_ch1_is_the_official_checklist() -> None:
    c = real("tech-leakage-ch1")
    assert c.kind == "score"
    assert [s.id for s in c.sections] == [
        "core-technology",
        "info-management",
        "partner-country-rules",
        "partner-country-interest",
        "labour",
        "partner-dd",
        "stakeholders",
    ]
    assert [len(s.items) for s in c.sections] == [2, 2, 2, 2, 3, 3, 1]
    texts = [i.text["ja"] for i in c.items]
    assert "コア技術がどのように存在しているか確認しているか？" in texts
    assert "社内統一的な情報収集・分析体制を整備しているか？" in texts
    assert all(t.endswith("か？") for t in texts)
    for n, section in enumerate(c.sections, 1):
        assert section.title["ja"].startswith("①②③④⑤⑥⑦"[n - 1])
        for k, item_id in enumerate(section.items, 1):
            item = c.item(item_id)
            assert item.id == f"ch1-{n}-{k}"
            assert item.weight == 1
            assert item.provenance["type"] == "official"
            assert item.provenance["reference"]["ja"] == f"第1章 1 {'①②③④⑤⑥⑦'[n - 1]}"
            assert "技術流出対策チェックリスト" in item.provenance["document"]["ja"]
            assert item.guidance == f"/guidance/tech-leakage.md#check-{section.id}"


def test_derived_checklists_are_marked_derived() -> None:
    bases = {
        "organisation": "民間ベストプラクティス集」第2.0版",
        "executive": "経済安全保障経営ガイドライン」第1版",
        "prior-report-screening": "19技術",
    }
    for checklist_id, basis in bases.items():
        for item in real(checklist_id).items:
            assert item.provenance["type"] == "derived"
            assert basis in item.provenance["basis"]["ja"]


def test_organisation_follows_the_best_practice_matrix() -> None:
    c = real("organisation")
    assert [s.id for s in c.sections] == [
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
    ]
    assert all(1 <= len(s.items) <= 3 for s in c.sections)
    assert all(i.guidance.startswith("/guidance/best-practices.md#") for i in c.items)


def test_executive_follows_the_guideline() -> None:
    c = real("executive")
    assert [s.id for s in c.sections] == [
        "principle-business-scenarios",
        "principle-investment",
        "principle-stakeholders",
        "area-autonomy",
        "area-indispensability",
        "area-governance",
    ]
    assert all(2 <= len(s.items) <= 3 for s in c.sections)
    for s in c.sections:
        assert {c.item(i).guidance for i in s.items} == {
            f"/guidance/management-guideline.md#{s.id}"
        }


def test_prior_report_screening_lists_the_19_technologies_in_order() -> None:
    c = real("prior-report-screening")
    assert c.kind == "screening" and c.answers == ("yes", "no", "unknown")
    assert [i.id for i in c.items] == [f"tech-{n:02d}" for n in range(1, 20)]
    names = [re.search(r"「(.+)」", i.text["ja"]).group(1) for i in c.items]
    assert names[0] == "積層セラミックコンデンサ（MLCC）"
    assert names[9] == "走査型/透過型電子顕微鏡（SEM/TEM）"
    assert names[16] == "TADF材料（有機EL次世代発光材料）"
    assert names[18] == "軟性内視鏡"
    assert all(i.guidance == "/policy/prior-report.md#designated-technologies" for i in c.items)
    assert c.outcome["as_of"] == "2026-03"
    assert "経済産業省" in c.outcome["may_apply"]["ja"]
    assert "法的に判断するものではありません" in c.outcome["disclaimer"]["ja"]


def test_readme_example_is_a_valid_checklist(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Authoring checklists") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "sample-check.yml").write_text(example, encoding="utf-8")
    # Its `otherwise` names a real checklist, which must be beside it.
    shutil.copy(ROOT / "checklists" / "organisation.yml", folder)
    c = load_checklist(folder / "sample-check.yml")
    assert [i.provenance["type"] for i in c.items] == ["official", "derived"]
    assert c.audience is not None and c.otherwise["checklist"] == "organisation"
