"""The offline bundle's trimmed standard library (econsec/build/stdlib.py) is enough for the engine.

Under Node, Pyodide starts with Pyodide's full ``python_stdlib.zip``, unpacks engine.zip and runs
every operation of ``econsec.engine.bridge`` on every checklist, with good and bad input; every
module it then has from the zip must be in ``KEEP``. The same calls with the trimmed zip must give
the very answers CPython gives here.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from econsec.build import stdlib
from econsec.build.runtime import ENGINE_DIR, PYODIDE_SRC, STDLIB, build_engine_zip
from econsec.engine import bridge
from econsec.engine.exchange import FORMAT, FORMAT_VERSION
from econsec.sources.checklists import load_checklist_by_id

ROOT = Path(__file__).resolve().parents[2]
CHECKLISTS = ("tech-leakage-ch1", "prior-report-screening", "organisation", "executive")

PROBE = r"""
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [dir, enginePath, engineDir, callsPath, out, stdlib] = process.argv.slice(2);
const indexURL = `${dir}/`;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const py = await loadPyodide({ indexURL, packages: [], ...(stdlib ? { stdLibURL: stdlib } : {}) });
py.unpackArchive(new Uint8Array(readFileSync(enginePath)), "zip", { extractDir: engineDir });
py.FS.writeFile("/tmp/calls.json", readFileSync(callsPath));
const result = py.runPython(`
import json, sys
sys.path.insert(0, ${JSON.stringify(engineDir)})
from econsec.engine import bridge
answers = [getattr(bridge, fn)(d, a) for fn, d, a in json.load(open("/tmp/calls.json"))]
files = sorted(getattr(m, "__file__", None) or "" for m in list(sys.modules.values()))
json.dumps({"answers": answers, "files": files})
`);
writeFileSync(out, result);
"""


def _calls() -> list[tuple[str, str, str]]:
    """Every bridge operation on every checklist, with good and bad input."""
    calls = []
    for cid in CHECKLISTS:
        checklist = load_checklist_by_id(cid, ROOT / "checklists")
        d = json.dumps(checklist.to_dict(), ensure_ascii=False)
        ids = [i.id for i in checklist.items]
        values = ["yes", "partial", "no", "unknown", "na"]
        answers = {
            i: {"value": values[n % 5], "note": "メモ" if n % 3 == 0 else ""}
            for n, i in enumerate(ids)
        }
        export = json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "checklist": checklist.id,
                "checklist_version": checklist.version,
                "exported_at": "2025-11-20T10:00:00+09:00",
                "answers": answers,
            },
            ensure_ascii=False,
        )
        plan = {i: {"value": "no", "plan": {"owner": "総務", "due": "2026-12-01"}} for i in ids}
        files = [{"label": "a", "text": export}, {"label": "b", "text": "{"}, {"text": export}]
        calls += [
            ("score_json", d, json.dumps(dict.fromkeys(ids, "yes"))),
            ("score_json", d, export),
            ("score_json", d, ""),
            ("score_many_json", d, json.dumps([{ids[0]: "no"}, {ids[0]: "yes"}])),
            ("parse_import_json", d, export),
            ("parse_import_json", d, "{not json"),
            ("parse_import_json", d, "[]"),
            ("parse_import_json", d, json.dumps({"format": "x"})),
            ("parse_import_json", d, export.replace(checklist.id, "other")),
            ("compare_json", d, json.dumps({"earlier": export, "answers": {ids[0]: "no"}})),
            ("compare_json", d, json.dumps({"earlier": "{", "answers": {}})),
            ("plan_json", d, json.dumps({"answers": plan, "lang": "ja", "today": "2026-11-29"})),
            (
                "plan_json",
                d,
                json.dumps({"answers": {ids[0]: {"value": "partial"}}, "today": "2026-01-05"}),
            ),
            ("combine_json", d, json.dumps({"files": files, "choices": {ids[0]: "yes"}})),
            ("combine_json", d, json.dumps({"files": [], "lang": "en"})),
        ]
    return calls


def _run(tmp_path: Path, calls: list, stdlib_zip: bytes | None) -> dict:
    node = shutil.which("node")
    assert node, "these checks need Node.js (as the build's snapshot does)"
    (tmp_path / "probe.mjs").write_text(PROBE, encoding="utf-8")
    (tmp_path / "engine.zip").write_bytes(build_engine_zip(ROOT))
    (tmp_path / "calls.json").write_text(json.dumps(calls), encoding="utf-8")
    args = [node, "probe.mjs", str(ROOT / PYODIDE_SRC), "engine.zip", ENGINE_DIR, "calls.json"]
    args.append("out.json")
    if stdlib_zip is not None:
        (tmp_path / STDLIB).write_bytes(stdlib_zip)
        args.append(str(tmp_path / STDLIB))
    done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def full_zip() -> bytes:
    return (ROOT / PYODIDE_SRC / STDLIB).read_bytes()


def test_trimmed_zip_holds_the_kept_files_stored_and_is_deterministic(full_zip: bytes) -> None:
    trimmed = stdlib.trimmed_stdlib(full_zip)
    assert trimmed == stdlib.trimmed_stdlib(full_zip)
    with zipfile.ZipFile(BytesIO(trimmed)) as zf:
        assert zf.namelist() == stdlib.kept_files()
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
        with zipfile.ZipFile(BytesIO(full_zip)) as full:
            for name in ("json/decoder.py", "decimal.py", "encodings/utf_8.py"):
                assert zf.read(name) == full.read(name)
    # Stored, then gzipped whole by the offline wrapper: well under half of Pyodide's file.
    assert len(gzip.compress(trimmed)) < len(full_zip) // 2 and len(stdlib.kept_files()) > 100


def test_a_kept_file_missing_from_pyodide_is_a_clear_error() -> None:
    empty = BytesIO()
    zipfile.ZipFile(empty, "w").close()
    with pytest.raises(Exception, match=r"update econsec/build/stdlib\.py KEEP"):
        stdlib.trimmed_stdlib(empty.getvalue())


def test_the_engine_imports_only_kept_modules_and_answers_alike_with_them(
    tmp_path: Path, full_zip: bytes
) -> None:
    calls = _calls()
    expected = [getattr(bridge, fn)(d, a) for fn, d, a in calls]  # CPython, here
    (tmp_path / "full").mkdir()
    full = _run(tmp_path / "full", calls, None)
    zipped = re.compile(r"^/lib/python3\d+\.zip/(.+)$")
    used = {m.group(1) for m in map(zipped.match, full["files"]) if m}
    assert used, "no module came from the standard library zip: has Python's version changed?"
    missing = sorted(used - set(stdlib.kept_files()))
    assert not missing, f"add to econsec/build/stdlib.py KEEP: {missing}"
    (tmp_path / "trimmed").mkdir()
    trimmed = _run(tmp_path / "trimmed", calls, stdlib.trimmed_stdlib(full_zip))
    assert [json.loads(a) for a in trimmed["answers"]] == [json.loads(a) for a in expected]
    assert [json.loads(a) for a in full["answers"]] == [json.loads(a) for a in expected]
