"""The site's scripts joined from js/ (econsec.build.scripts) and the data they get from Python."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from econsec.build import runtime, scripts, snapshot
from econsec.engine.exchange import FORMAT, FORMAT_VERSION, MAX_IMPORT_BYTES
from econsec.engine.model import ANSWERS, NEXT_STEP_ANSWERS
from econsec.mdext.ui_text import TEXT
from econsec.mdext.widget_config import widget_config
from econsec.mdext.widget_text import WIDGET_TEXT

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "js"


def test_every_part_exists_and_no_script_is_long() -> None:
    parts = {part for parts, _ in scripts.SCRIPTS.values() for part in parts}
    on_disk = {p.relative_to(JS).as_posix() for p in JS.rglob("*.js")}
    assert parts == on_disk  # every source is served, every served part exists
    for path in [
        *JS.rglob("*.js"),
        ROOT / "overrides/assets/javascripts/workers/econsec-search.js",
    ]:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path


def test_joined_scripts_parse_and_carry_runtime(tmp_path: Path) -> None:
    written = scripts.write_scripts(tmp_path, JS, ROOT)
    assert [p.name for p in written] == ["checklist.js", "engine-bridge.js", "engine-worker.js"]
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    for path in written:
        subprocess.run([node, "--check", str(path)], check=True)
    bridge = (tmp_path / "assets/econsec/engine-bridge.js").read_text(encoding="utf-8")
    match = re.search(r"const RUNTIME = (\{.*?\n\});\n", bridge, re.DOTALL)
    assert match
    data = json.loads(match.group(1))
    assert data["engine_dir"] == snapshot.ENGINE_DIR == runtime.ENGINE_DIR
    assert data["offline_files"] == [*runtime.PYODIDE_FILES, "engine.zip"]
    assert data["offline_scripts"]["pyodide.asm.wasm"] == "offline/pyodide.asm.wasm.js"
    assert data["snapshot_path"] == "snapshot/{key}.bin.gz"
    # file:// loads the bundle's own snapshot like a runtime file (econsec.build.snapshot).
    assert (
        data["offline_scripts"][data["snapshot_name"]]
        == snapshot.OFFLINE_FILE.relative_to(runtime.ASSETS).as_posix()
    )
    assert "const RUNTIME" not in (tmp_path / "assets/econsec/checklist.js").read_text("utf-8")


def test_sources_define_no_rule_or_string_of_python() -> None:
    """No engine file name, limit or UI string is written in the JavaScript sources."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in JS.rglob("*.js"))
    # String literals (quoted and template), not comments: those may name what they read.
    literals = set(re.findall(r'"([^"\\\n]*)"|`([^`]*)`', sources))
    literals = {text for pair in literals for text in pair if text}
    strings = set()
    for table in (*WIDGET_TEXT.values(), *TEXT.values()):
        stack: list = [table]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack += item.values()
            elif isinstance(item, list):
                stack += item
            elif isinstance(item, str) and len(item) > 3:
                strings.add(item)
    assert not literals & strings
    for rule in (
        *runtime.PYODIDE_FILES,
        runtime.ENGINE_DIR,
        runtime.OFFLINE_GLOBAL,
        FORMAT,
        str(MAX_IMPORT_BYTES),
        "econsec:v1:",
        "econsec:backup:v1:",
    ):
        assert not [text for text in literals if rule in text], rule


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_widget_config(lang: str) -> None:
    config = widget_config(lang)
    assert set(config["text"]) >= set(WIDGET_TEXT[lang])
    assert config["text"]["progress_text"] == TEXT[lang]["progress_text"]
    assert "1 MB" in config["text"]["import_too_large"]
    rules = config["rules"]
    assert rules["format"] == FORMAT and rules["format_version"] == FORMAT_VERSION
    assert rules["max_import_bytes"] == MAX_IMPORT_BYTES
    assert rules["gap_answers"] == {
        "score": ["no", "unknown", "partial"],
        "screening": ["yes", "unknown"],
    }
    for kind, values in rules["gap_answers"].items():
        assert set(values) <= set(ANSWERS[kind])
        assert len(NEXT_STEP_ANSWERS[kind]) == 2


def test_every_page_names_the_widget_files_by_their_content(site_dir: Path) -> None:
    """checklist.js and econsec.css carry ?v=<hash of the bytes served>: a cached widget of
    another build is never run with this build's pages (the names themselves stay fixed)."""
    pattern = re.compile(
        r'(?:src|href)="([^"]*assets/econsec/(?:checklist\.js|econsec\.css)[^"]*)"'
    )
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        urls = pattern.findall(page.read_text(encoding="utf-8"))
        assert len(urls) == 2, page
        for url in urls:
            path, _, version = url.partition("?v=")
            # 404.html names them from the site's root: it is served at any depth.
            file = site_dir / path.lstrip("/") if path.startswith("/") else page.parent / path
            served = file.read_text(encoding="utf-8")
            assert version == scripts.content_version(served), (page, url)
