"""Broken build input fails ``econsec build`` with file, line and the problem, never a traceback.

Each case in tests/fixtures/markdown_bad/cases/ overlays the minimal valid project in
tests/fixtures/markdown_bad/project/ with one kind of broken reference; the test builds a temporary
copy with ``econsec build`` in this process (tests.support.cli), and once with every case at once
in a subprocess, as an author would.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from econsec.sources import datasets, refcheck
from tests.support.cli import ECONSEC, run_econsec

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "markdown_bad"
PROJECT = FIXTURE / "project"
CASES = FIXTURE / "cases"
# What refcheck lists as known: every dataset declared in econsec.sources.datasets.DATASETS.
DATASETS = ", ".join(sorted(datasets.DATASETS))

EXPECTED: dict[str, list[str]] = {
    "missing-page": [
        "docs/ja/index.md:7: link to a page that does not exist: 'guide-old.md' "
        "(docs/ja/guide-old.md)"
    ],
    "missing-anchor": [
        "docs/en/index.md:7: link to an anchor that does not exist: 'guide.md#nowhere' "
        "(no id 'nowhere' in docs/en/guide.md)"
    ],
    "missing-image": [
        "docs/ja/guide.md:7: image that does not exist: 'img/missing.png' (docs/ja/img/missing.png)"
    ],
    "unknown-checklist": [
        "docs/ja/checks/sample.md:3: unknown checklist 'no-such-check' (available: sample)"
    ],
    "unknown-table": [f"docs/en/guide.md:7: unknown data table 'glosary' (known: {DATASETS})"],
    "unknown-option": [
        "docs/en/checks/sample.md:4: unknown option 'columns' in the checklist block "
        "(allowed: attrs)"
    ],
    # The fixture project has no data/support_desks.yml: no item may name a desk.
    "checklist-references": [
        "checklists/sample.yml:31: broken guidance link '/guide.md#nowhere': no explicit id "
        "'nowhere' in docs/ja/guide.md, docs/en/guide.md",
        "checklists/sample.yml:32: unknown support desk 'tics' in item 'item-1' "
        "(known: none: data/support_desks.yml is missing)",
    ],
    "nav-missing-page": [
        "mkdocs.yml:19: nav entry to a page that does not exist: 'old.md' (docs/ja/old.md)",
        "mkdocs.en.yml:16: nav entry to a page that does not exist: 'old.md' (docs/en/old.md)",
    ],
}


def make_project(dest: Path, cases: list[str]) -> Path:
    """A copy of the fixture project, with the repository's build files and the cases' files."""
    shutil.copytree(PROJECT, dest)
    shutil.copy2(ROOT / "mkdocs.base.yml", dest / "mkdocs.base.yml")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # the vendored search shim
    for case in cases:
        shutil.copytree(CASES / case, dest, dirs_exist_ok=True)
    return dest


def build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``econsec build`` in this process: its status, stdout and stderr (with the log)."""
    return run_econsec("build", "--root", str(project), "--out", str(out))


def build_subprocess(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """The real command, as an author runs it."""
    return subprocess.run(
        [str(ECONSEC), "build", "--root", str(project), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_case_is_covered() -> None:
    assert sorted(p.name for p in CASES.iterdir() if p.is_dir()) == sorted(EXPECTED)


def test_fixture_project_builds(tmp_path: Path) -> None:
    # Without this, a case could "fail" for a reason that has nothing to do with its error.
    proc = build(make_project(tmp_path / "repo", []), tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "checks" / "sample.html").is_file()
    assert (tmp_path / "out" / "en" / "guide.html").is_file()
    assert refcheck.check_site(tmp_path / "repo") == []


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_reference_fails_with_file_line_and_problem(tmp_path: Path, case: str) -> None:
    proc = build(make_project(tmp_path / "repo", [case]), tmp_path / "out")
    assert proc.returncode != 0
    for message in EXPECTED[case]:
        assert message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not (tmp_path / "out" / "index.html").exists()  # stopped before writing pages


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    proc = build_subprocess(make_project(tmp_path / "repo", sorted(EXPECTED)), tmp_path / "out")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    reported = [
        line for line in proc.stderr.splitlines() if line.split(":")[0].endswith((".md", ".yml"))
    ]
    expected = [m for messages in EXPECTED.values() for m in messages]
    assert sorted(m for m in expected if m in proc.stderr) == sorted(expected)
    assert len(reported) == len(expected), reported


def test_the_repository_has_no_broken_reference() -> None:
    assert refcheck.check_site(ROOT) == []


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[x](#top)", None),
        ("[x](#gone)", "no id 'gone' in this page"),
        ("[x](/guide.md#known)", None),  # absolute links resolve against docs/<lang>/
        ("[x](/guide.md#gone)", "no id 'gone' in docs/ja/guide.md"),
        ('<a href="guide.md#gone">x</a>', "no id 'gone' in docs/ja/guide.md"),
        ('<img src="img/none.png" alt="x">', "image that does not exist: 'img/none.png'"),
        ("[x][ref]\n\n[ref]: none.md", "link to a page that does not exist: 'none.md'"),
        ("[x](../../outside.md)", "points outside docs/ja/"),
        ("`[x](none.md)` and <https://example.org/none.md>", None),
        ("```\n[x](none.md)\n```", None),
        ("/// note | Title\n    type: warning\n    colour: red\n///", "unknown option 'colour'"),
        ("/// checklist\n///", "checklist block without a checklist id"),
    ],
)
def test_reference_forms(tmp_path: Path, line: str, problem: str | None) -> None:
    project = tmp_path / "repo"
    shutil.copytree(PROJECT, project)
    (project / "docs" / "ja" / "index.md").write_text(f"# Home {{#top}}\n\n{line}\n", "utf-8")
    found = refcheck.check_page(refcheck.Site(project), "ja", project / "docs/ja/index.md")
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found
        assert found[0].startswith("docs/ja/index.md:")


def test_build_sites_english_build_skips_the_checks_already_done(tmp_path: Path) -> None:
    """The checks cover both languages; build_site's English build does not run them again."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from econsec.build.events import configure

    project = make_project(tmp_path / "repo", ["missing-anchor"])  # an English page's problem
    with pytest.raises(PluginError, match="nowhere"):
        configure(load_config(str(project / "mkdocs.en.yml")))  # English alone: checked
    cfg = load_config(str(project / "mkdocs.en.yml"))
    cfg.extra["econsec"] = {"inputs_checked": True}  # what build_site sets after the ja build
    configure(cfg)
