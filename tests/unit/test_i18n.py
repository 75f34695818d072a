"""Both languages, always: parity of pages and navigation is enforced by the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from econsec.sources.parity import ParityError, check_parity

ROOT = Path(__file__).resolve().parents[2]


def _tree(
    tmp_path: Path, ja_nav: str, en_nav: str, ja_pages: list[str], en_pages: list[str]
) -> Path:
    (tmp_path / "mkdocs.yml").write_text(f"nav:\n{ja_nav}", encoding="utf-8")
    (tmp_path / "mkdocs.en.yml").write_text(f"nav:\n{en_nav}", encoding="utf-8")
    for lang, pages in (("ja", ja_pages), ("en", en_pages)):
        for page in pages:
            path = tmp_path / "docs" / lang / page
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("# x\n", encoding="utf-8")
    return tmp_path


def test_repository_is_in_parity() -> None:
    check_parity(ROOT)


def test_page_missing_in_english_is_named(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        "  - a: index.md\n",
        "  - a: index.md\n",
        ["index.md", "guide/extra.md"],
        ["index.md"],
    )
    with pytest.raises(ParityError) as err:
        check_parity(root)
    assert "docs/ja/guide/extra.md: no en version (expected docs/en/guide/extra.md)" in str(
        err.value
    )


def test_nav_entry_in_one_language_is_named(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        "  - a: index.md\n  - b: b.md\n",
        "  - a: index.md\n",
        ["index.md", "b.md"],
        ["index.md", "b.md"],
    )
    with pytest.raises(ParityError, match=r"only in mkdocs.yml: b.md"):
        check_parity(root)


def test_nav_order_must_match(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        "  - a: index.md\n  - b: b.md\n",
        "  - b: b.md\n  - a: index.md\n",
        ["index.md", "b.md"],
        ["index.md", "b.md"],
    )
    with pytest.raises(ParityError, match="different order"):
        check_parity(root)


def test_build_fails_without_traceback_when_a_page_is_untranslated(tmp_path: Path) -> None:
    """The real build, on a copy of the project with one Japanese-only page."""
    work = tmp_path / "proj"
    work.mkdir()
    for name in ("mkdocs.base.yml", "mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, work / name)
    for name in ("docs", "overrides", "hooks", "checklists", "data"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, work / name)
    if (ROOT / "node_modules").exists():
        (work / "node_modules").symlink_to(ROOT / "node_modules")
    (work / "docs" / "ja" / "only-ja.md").write_text("# 日本語のみ\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=work,
    )
    assert proc.returncode != 0
    assert "docs/ja/only-ja.md: no en version" in proc.stderr
    assert "Traceback" not in proc.stderr
