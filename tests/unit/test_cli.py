"""``econsec score`` and ``econsec validate`` as a user runs them: exit status, output, and never
a traceback. ``econsec.cli.main`` runs in this process (tests.support.cli); one test runs the
installed command in a subprocess, whose exit status is then the process's own."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.cli import ECONSEC, run_econsec
from tests.support.hostile import unclosed_escaped_quotes

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "checklists_bad"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    proc = run_econsec(*args)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def run_subprocess(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(ECONSEC), *args], capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def test_score_an_export_file(tmp_path: Path) -> None:
    answers = {
        "format": "econsec-answers",
        "format_version": 1,
        "checklist": "tech-leakage-ch1",
        "checklist_version": "1.0.0",
        "exported_at": "2026-11-25T12:00:00Z",
        "site": "0.1.0+2026-11-25",
        "lang": "ja",
        "answers": {
            "ch1-1-1": {"value": "yes", "note": "規程あり"},
            "ch1-1-2": {"value": "no", "note": ""},
            "ch1-2-1": {"value": "partial", "note": ""},
        },
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    proc = run("score", "tech-leakage-ch1", str(path))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["score"] == 50.0
    assert result["progress"] == {"answered": 3, "total": 15}
    assert result["weakest_section"] == "core-technology"


def test_score_a_plain_mapping_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text("\ufeff" + json.dumps({"tech-03": "yes"}), encoding="utf-8")
    proc = run("score", "prior-report-screening", str(path))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["score"] is None
    assert result["outcome"] == {"status": "may_apply", "matched": ["tech-03"], "unknown": []}


def test_score_bad_answers_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"ch1-1-1": "yes",', encoding="utf-8")
    proc = run("score", "tech-leakage-ch1", str(path))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("Error: answers file is not valid JSON (line 1, column")
    path.write_text(json.dumps({"ch1-1-1": "maybe"}), encoding="utf-8")
    proc = run("score", "tech-leakage-ch1", str(path))
    assert proc.returncode == 1
    assert "Error: checklist 'tech-leakage-ch1': item 'ch1-1-1': answer 'maybe'" in proc.stderr


def test_score_the_120_kb_file_ends_at_once_with_a_clear_error(tmp_path: Path) -> None:
    """Issue 17: an unclosed string of \\" made `econsec score` hang (quadratic depth check)."""
    path = tmp_path / "answers.json"
    path.write_text(unclosed_escaped_quotes(), encoding="utf-8")
    start = time.monotonic()
    try:
        # a subprocess, so that a hang is ended by the timeout instead of stopping the suite
        proc = run_subprocess("score", "tech-leakage-ch1", str(path), timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("econsec score did not finish within 20 s")
    elapsed = time.monotonic() - start
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(
        "Error: answers file is not valid JSON (line 1, column 163: Unterminated string"
    ), proc.stderr
    assert elapsed < 10, f"{elapsed:.1f} s"  # the program's own start is most of it


def test_score_unknown_checklist_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text("{}", encoding="utf-8")
    proc = run_subprocess("score", "no-such-checklist", str(path))
    assert proc.returncode == 1
    assert "Error: unknown checklist 'no-such-checklist' (available: executive," in proc.stderr
    proc = run_subprocess("score", "tech-leakage-ch1", str(tmp_path / "missing.json"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ")


def test_validate_ok(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    text = (FIXTURES / "checklists" / "unknown-key.yml").read_text(encoding="utf-8")
    text = text.replace("id: unknown-key", "id: sample").replace("        colour: red\n", "")
    (folder / "sample.yml").write_text(text, encoding="utf-8")
    proc = run("validate", "--checklists", str(folder), "--docs", str(FIXTURES / "docs"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok sample 1.0.0 (1 items)"


def test_validate_reports_file_and_line() -> None:
    proc = run(
        "validate",
        "--checklists",
        str(FIXTURES / "checklists"),
        "--docs",
        str(FIXTURES / "docs"),
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: checklists/bad-answers.yml:16: bad answer set")
    assert "checklists/syntax.yml:5: YAML syntax error: mapping values are not allowed here" in (
        proc.stderr
    )
