"""Japanese search at build time: SudachiPy segmentation of the search index (econsec.build.search_ja)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econsec.build.search_ja import (
    ZWSP,
    check_search_worker,
    segment,
    segment_index,
    segment_search_index,
    split_words,
)
from econsec.build.vendor import IFRAME_WORKER_DEST, install_iframe_worker
from econsec.errors import EconsecError

ROOT = Path(__file__).resolve().parents[2]


def words(text: str) -> list[str]:
    return segment(text).split(ZWSP)


@pytest.mark.parametrize(
    ("compound", "expected"),
    [
        ("コア技術", ["コア", "技術"]),
        ("技術流出対策", ["技術", "流出", "対策"]),
        ("事前報告", ["事前", "報告"]),
        ("経済安全保障", ["経済", "安全", "保障"]),
        ("営業秘密", ["営業", "秘密"]),
        ("積層セラミックコンデンサ", ["積層", "セラミック", "コンデンサ"]),
        ("人を通じた技術流出", ["人", "を", "通じ", "た", "技術", "流出"]),
        ("ガイダンス", ["ガイダンス"]),
    ],
)
def test_compounds_are_cut_into_short_units(compound: str, expected: list[str]) -> None:
    assert words(compound) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "自社の重要技術（コア技術）を安易に海外に移転しない。",
        "経済安全保障推進法に基づく事前報告制度の対象技術",
        "技術流出対策ガイダンスを参照し、営業秘密の管理体制を構築する。",
    ],
)
def test_a_compound_is_cut_the_same_way_inside_a_sentence(sentence: str) -> None:
    """The browser cuts a query into the index's words: they must be the same words."""
    cut = segment(sentence)
    for compound in ("コア技術", "事前報告", "技術流出対策", "営業秘密", "経済安全保障"):
        if compound in sentence:
            assert ZWSP.join(words(compound)) in cut, (compound, cut)


def test_numbers_and_latin_words_stay_whole() -> None:
    """SplitMode.A cuts numbers digit by digit; "2026" must stay one word, as in English."""
    assert words("2026年3月時点") == ["2026", "年", "3", "月", "時点"]
    assert words("積層セラミックコンデンサ（MLCC）") == [
        "積層",
        "セラミック",
        "コンデンサ",
        "（",
        "MLCC",
        "）",
    ]


def test_markup_and_character_references_are_untouched() -> None:
    html = (
        '<p class="技術">コア技術 &amp; AI技術</p><a href="../技術流出.html" title="営業秘密">x</a>'
    )
    out = segment(html)
    assert '<p class="技術">' in out
    assert '<a href="../技術流出.html" title="営業秘密">' in out
    assert f"コア{ZWSP}技術 &amp; AI{ZWSP}技術</p>" in out
    assert segment("&lt;技術流出&gt;") == f"&lt;技術{ZWSP}流出&gt;"


def test_text_without_japanese_is_unchanged() -> None:
    text = "<p>Core technology &amp; prior-report scheme (FY2025)</p>"
    assert segment(text) == text


def test_whitespace_is_kept_and_no_character_is_changed() -> None:
    text = "令和７年度 の ＭＬＣＣ\n技術（第２版）　全角スペース"
    out = segment(text)
    assert out.replace(ZWSP, "") == text
    assert "\n" in out and "　" in out  # the full-width space is kept


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("技術流出対策コアのをはガイダンス、。（）ー 　abc<>&;/=\"'\n1２")
        ),
        max_size=60,
    )
)
def test_segmentation_only_inserts_word_breaks(text: str) -> None:
    assert segment(text).replace(ZWSP, "") == text


def test_long_runs_are_cut_before_sudachi_refuses_them() -> None:
    run = "技術流出対策。" * 3000  # 21,000 characters without a space
    out = split_words(run)
    assert "".join(out) == run
    assert out[:4] == ["技術", "流出", "対策", "。"]


def test_segment_index_changes_title_and_text_only() -> None:
    index = {
        "config": {"separator": "[\\s\\u200b\\-]+"},
        "docs": [{"location": "guidance/tech-leakage.html#コア", "title": "コア技術", "text": ""}],
    }
    segment_index(index)
    assert index["docs"][0] == {
        "location": "guidance/tech-leakage.html#コア",
        "title": f"コア{ZWSP}技術",
        "text": "",
    }


def _site(tmp_path: Path, separator: str = "[\\s\\u200b\\-]+") -> Path:
    (tmp_path / "search").mkdir()
    index = {
        "config": {"lang": ["en"], "separator": separator, "pipeline": ["stopWordFilter"]},
        "docs": [{"location": "a.html", "title": "事前報告", "text": "<p>営業秘密</p>"}],
    }
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    return tmp_path


def test_segment_search_index_rewrites_the_file(tmp_path: Path) -> None:
    site = _site(tmp_path)
    figures = segment_search_index(site)
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert data["docs"][0]["title"] == f"事前{ZWSP}報告"
    assert data["docs"][0]["text"] == f"<p>営業{ZWSP}秘密</p>"
    assert figures["segment"] < 5


def test_a_separator_without_zwsp_is_a_clear_error(tmp_path: Path) -> None:
    site = _site(tmp_path, separator="[\\s\\-]+")
    with pytest.raises(EconsecError, match="u200b"):
        segment_search_index(site)


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EconsecError, match="no search index"):
        segment_search_index(tmp_path)


def test_iframe_worker_shim_is_copied(tmp_path: Path) -> None:
    dest = install_iframe_worker(tmp_path, ROOT)
    assert dest == tmp_path / IFRAME_WORKER_DEST
    assert dest.read_bytes() == (ROOT / "node_modules/iframe-worker/shim/index.js").read_bytes()


def test_missing_node_modules_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EconsecError, match="npm ci"):
        install_iframe_worker(tmp_path / "site", tmp_path)


def _page_with_worker(site: Path, url: str) -> None:
    config = json.dumps({"base": ".", "search": url})
    (site / "index.html").write_text(
        f'<script id="__config" type="application/json">{config}</script>', encoding="utf-8"
    )


def test_check_search_worker(tmp_path: Path) -> None:
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "econsec-search.js").write_text("", encoding="utf-8")
    url = "assets/javascripts/workers/econsec-search.js?search.0000.min.js"
    _page_with_worker(tmp_path, url)
    with pytest.raises(EconsecError, match=r"search\.0000\.min\.js"):
        check_search_worker(tmp_path)
    (workers / "search.0000.min.js").write_text("", encoding="utf-8")
    check_search_worker(tmp_path)


def test_built_site_search_is_wired(site_dir: Path) -> None:
    """The built site: segmented Japanese index, wrapper and Material worker, local shim."""
    data = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(ZWSP in doc["text"] for doc in data["docs"])
    js = (site_dir / "search" / "search_index.js").read_text(encoding="utf-8")
    assert ZWSP in js  # the offline plugin wrapped the segmented index
    for sub in (site_dir, site_dir / "en"):
        check_search_worker(sub)
        assert (sub / IFRAME_WORKER_DEST).is_file()
        assert "unpkg.com" not in (sub / "index.html").read_text(encoding="utf-8")
