"""The ``/// checklist`` block's server-side HTML (no browser): escaping, ids, labels, contract."""

from __future__ import annotations

import copy
import html
import json
import logging
import re
from html.parser import HTMLParser

import markdown
import pytest

import econsec.sources.checklists
from econsec.mdext.widget_config import widget_config


def _t(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


DEF = {
    "id": "demo-check",
    "version": "1.2.0",
    "kind": "score",
    "title": _t("デモ<点検>", "Demo <check>"),
    "description": _t("説明 & *強調ではない*", "Description & *not emphasis*"),
    "source": {
        "document": _t("技術流出対策ガイダンス", "Technology Leakage Countermeasures Guidance"),
        "edition": _t("第1版", "1st edition"),
        "url": "https://www.meti.go.jp/",
    },
    "answers": ["yes", "partial", "no", "unknown", "na"],
    "sections": [
        {"id": "s1", "title": _t("区分1", "Section 1"), "items": ["a-1", "a-2"]},
        {"id": "s2", "title": _t("区分2", "Section 2"), "items": ["b-1"]},
    ],
    "items": [
        {
            "id": "a-1",
            "section": "s1",
            "text": _t("設問</script><script>alert(1)</script>", "Q </script><!-- x"),
            "weight": 2,
            "provenance": {
                "type": "official",
                "document": _t("技術流出対策ガイダンス", "Guidance"),
                "reference": _t("第1章 1-1", "Ch. 1, 1-1"),
            },
            "guidance": "/guidance/tech-leakage.md#check-core-technology",
            "next_step": _t("次に<b>すること</b>", "Do <b>this</b>"),
        },
        {
            "id": "a-2",
            "section": "s1",
            "text": _t("設問2 `コード` [リンク](http://x.invalid)", "Q2"),
            "weight": 1,
            "provenance": {
                "type": "derived",
                "basis": _t("経済安全保障経営ガイドライン", "the Guideline"),
            },
            "guidance": "/guidance/tech-leakage.md#check-info-management",
            "next_step": _t("次の一歩2", "Next 2"),
        },
        {
            "id": "b-1",
            "section": "s2",
            "text": _t("設問3", "Q3"),
            "weight": 1,
            "provenance": {
                "type": "official",
                "document": _t("文書", "Doc"),
                "reference": _t("参照", "Ref"),
            },
            "guidance": None,
            "next_step": None,
        },
    ],
    "outcome": None,
}

SCREENING = {
    **copy.deepcopy(DEF),
    "id": "demo-screen",
    "kind": "screening",
    "answers": ["yes", "no", "unknown"],
    "outcome": {
        "may_apply": _t("対象の可能性", "May apply"),
        "not_indicated": _t("示されない", "Not indicated"),
        "undetermined": _t("判断できない", "Undetermined"),
        "as_of": "2026-03",
        "disclaimer": _t("法的判断ではありません", "Not legal advice"),
    },
}


class _Def:
    def __init__(self, d):
        self._d = d

    def to_dict(self):
        return copy.deepcopy(self._d)


@pytest.fixture
def render(monkeypatch, tmp_path):
    defs = {d["id"]: d for d in (DEF, SCREENING)}

    def load(checklist_id, checklists_dir):
        assert checklists_dir == tmp_path
        if checklist_id not in defs:
            raise econsec.errors.ChecklistError([f"no checklist {checklist_id}"])
        return _Def(defs[checklist_id])

    monkeypatch.setattr(econsec.sources.checklists, "load_checklist_by_id", load, raising=False)

    def _render(checklist_id: str = "demo-check", lang: str = "ja") -> str:
        md = markdown.Markdown(
            extensions=["econsec.mdext"],
            extension_configs={"econsec.mdext": {"lang": lang, "checklists_dir": str(tmp_path)}},
        )
        return md.convert(f"# Page\n\n/// checklist | {checklist_id}\n///\n")

    return _render


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def parse(out: str) -> _Collect:
    p = _Collect()
    p.feed(out)
    return p


def test_definition_json_is_embedded_safely(render):
    out = render()
    # The definition, then the widget's strings and rules (econsec.mdext.widget_config).
    assert out.count("<script") == 2 and out.count("</script>") == 2
    p = parse(out)
    scripts = [a for t, a in p.tags if t == "script"]
    assert scripts == [
        {"type": "application/json", "data-checklist-def": ""},
        {"type": "application/json", "data-econsec-ui": ""},
    ]
    definition, ui = p.script_text
    assert json.loads(definition) == DEF
    assert json.loads(ui) == widget_config("ja")
    assert "<!--" not in "".join(p.script_text)


def test_text_from_yaml_is_text(render):
    out = render()
    assert "<b>" not in out and "<em>" not in out and "<code>" not in out
    assert "デモ&lt;点検&gt;" in out
    assert "次に&lt;b&gt;すること&lt;/b&gt;" in out
    assert "*強調ではない*" in out
    assert "[リンク](http://x.invalid)" in out
    assert 'href="http://x.invalid"' not in out


def test_dom_contract_and_unique_ids(render):
    for lang in ("ja", "en"):
        out = render(lang=lang)
        p = parse(out)
        roots = [a for t, a in p.tags if "data-checklist" in a]
        assert len(roots) == 1
        assert roots[0]["data-checklist"] == "demo-check"
        assert roots[0]["data-engine"] == "loading"
        ids = [a["id"] for _, a in p.tags if a.get("id")]
        assert len(ids) == len(set(ids))
        radios = [a for t, a in p.tags if t == "input" and a.get("type") == "radio"]
        assert len(radios) == 3 * 5
        names = {a["name"] for a in radios}
        assert len(names) == 3
        for name in names:
            assert [a["value"] for a in radios if a["name"] == name] == DEF["answers"]
        for action in ("export-json", "export-csv", "print", "reset"):
            assert (
                sum(1 for t, a in p.tags if t == "button" and a.get("data-action") == action) == 1
            )
        files = [a for t, a in p.tags if t == "input" and a.get("type") == "file"]
        assert files and files[0]["data-action"] == "import"
        assert any(a.get("role") == "alert" for _, a in p.tags)
        for key in ("score", "progress", "sections", "chart", "counts", "weakest", "next-steps"):
            assert sum(1 for _, a in p.tags if a.get("data-result") == key) == 1, key
        progress = next(a for _, a in p.tags if a.get("data-result") == "progress")
        assert (progress["data-answered"], progress["data-total"]) == ("0", "3")
        score = next(a for _, a in p.tags if a.get("data-result") == "score")
        assert "data-value" not in score
        # every form control has a label
        labelled = {a.get("for") for t, a in p.tags if t == "label"}
        controls = [a["id"] for t, a in p.tags if t in ("input", "textarea")]
        assert set(controls) <= labelled


def test_labels_and_provenance_in_each_language(render):
    ja = render(lang="ja")
    for label in ("実施している", "一部実施", "実施していない", "わからない", "該当しない"):
        assert f">{label}<" in ja
    assert "本サイト独自の設問（経済安全保障経営ガイドラインに基づく）" in ja
    assert "出典：技術流出対策ガイダンス　第1章 1-1" in ja
    assert "回答はこの端末のブラウザにのみ保存され、外部には送信されません。" in ja
    en = render(lang="en")
    for label in (
        "Implemented",
        "Partly implemented",
        "Not implemented",
        "Don&#x27;t know",
        "Not applicable",
    ):
        assert f">{label}<" in en or f">{html.unescape(label)}<" in en
    assert "Project&#x27;s own wording, based on the Guideline" in en or (
        "Project's own wording, based on the Guideline" in en
    )
    assert "project&#x27;s own translation" in en or "project's own translation" in en


def test_guidance_href_is_emitted_verbatim(render):
    out = render()
    hrefs = re.findall(r'<a data-guidance="" href="([^"]+)"', out)
    assert hrefs == [
        "/guidance/tech-leakage.md#check-core-technology",
        "/guidance/tech-leakage.md#check-info-management",
    ]


def test_screening_form(render):
    out = render("demo-screen")
    p = parse(out)
    radios = [a for t, a in p.tags if t == "input" and a.get("type") == "radio"]
    assert {a["value"] for a in radios} == {"yes", "no", "unknown"}
    for label in ("はい", "いいえ", "わからない"):
        assert f">{label}<" in out
    assert not any(a.get("data-result") == "score" for _, a in p.tags)
    assert any(a.get("data-result") == "outcome" for _, a in p.tags)
    assert "法的判断ではありません" in out and "2026-03" in out


def test_unknown_checklist_is_logged_as_error(render, caplog):
    with caplog.at_level(logging.ERROR):
        out = render("no-such-checklist")
    assert "no-such-checklist" in caplog.text
    assert "data-checklist" not in out
