"""Runtime assets (econsec.build.runtime) and the offline bundle (econsec.build.bundle), without a browser."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import random
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from econsec.build import bundle, bundle_text
from econsec.build import runtime as assets
from econsec.build.zips import ZIP_EPOCH
from econsec.errors import EconsecError

ROOT = Path(__file__).resolve().parents[2]


def test_engine_archive_is_the_standard_wheel_and_is_deterministic(tmp_path: Path) -> None:
    """engine.zip is the package's py3-none-any wheel, built from pyproject.toml by setuptools."""
    from econsec.build import wheel

    data = assets.build_engine_zip(ROOT)
    assert wheel.wheel_name() == "econsec-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        meta = zf.read("econsec-0.1.0.dist-info/WHEEL").decode()
        assert "Root-Is-Purelib: true" in meta and "Tag: py3-none-any" in meta
        assert "econsec-0.1.0.dist-info/RECORD" in names
        assert {"econsec/__init__.py", "econsec/errors.py", "econsec/engine/bridge.py"} <= set(
            names
        )
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
        assert {zi.date_time for zi in zf.infolist()} == {ZIP_EPOCH}
        assert (
            zf.read("econsec/engine/bridge.py") == (ROOT / "econsec/engine/bridge.py").read_bytes()
        )
    # Built afresh (no cache) from the same sources: the same bytes, and no build/ left behind.
    wheel._BUILT.clear()
    assert wheel.engine_wheel(tmp_path)[1] == data
    assert (tmp_path / wheel.CACHE).is_dir()
    assert not (ROOT / "build").exists()


def _decode_wrapper(text: str) -> tuple[str, bytes]:
    m = re.search(r'\)\["([^"]+)"\] = (\{.*\});\n\Z', text, re.DOTALL)
    assert m, text[:200]
    entry = json.loads(m.group(2))
    if entry["encoding"] == "text":
        data = entry["data"].encode("utf-8")
    else:
        data = base64.b64decode(entry["data"])
        if entry["encoding"] == "gzip+base64":
            data = gzip.decompress(data)
    assert entry["size"] == len(data)
    return m.group(1), data


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"\x00" * 5000, False, "gzip+base64"),  # compresses: gzip
        (random.Random(1).randbytes(3000), False, "base64"),  # does not: plain base64
        (b"console.log('</script>');", True, "text"),
    ],
)
def test_offline_wrapper_round_trip(data: bytes, text: bool, encoding: str) -> None:
    wrapper = assets.offline_wrapper("x.bin", data, text=text)
    assert f'"encoding":"{encoding}"' in wrapper
    assert "</" not in wrapper.split("*/", 1)[1]
    assert _decode_wrapper(wrapper) == ("x.bin", data)


def test_missing_node_modules_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "site/assets/econsec").mkdir(parents=True)
    with pytest.raises(EconsecError, match=r"run `npm ci`") as exc:
        assets.install_runtime(tmp_path / "site", "ja", tmp_path)
    assert "\n" not in str(exc.value)
    assets.install_runtime(tmp_path / "site", "en", tmp_path)  # the English build installs nothing


def test_install_runtime_writes_everything(tmp_path: Path) -> None:
    if not (ROOT / assets.PYODIDE_SRC / "pyodide.asm.wasm").is_file():
        pytest.fail("node_modules/pyodide is missing: run `npm ci`")
    site = tmp_path / "site"
    worker = site / assets.WORKER
    worker.parent.mkdir(parents=True)
    worker.write_text("// worker\n", encoding="utf-8")
    assets.install_runtime(site, "ja", ROOT)
    assert [p.name for p in (site / assets.PYODIDE_DEST).iterdir()] == [
        assets.pyodide_version(ROOT)
    ]
    assert sorted(p.name for p in (site / assets.pyodide_dest(ROOT)).iterdir()) == sorted(
        assets.PYODIDE_FILES
    )
    offline = sorted(p.name for p in (site / assets.OFFLINE_DEST).iterdir())
    assert offline == sorted(
        f"{n}.js" for n in (*assets.PYODIDE_FILES, "engine.zip", "engine-worker.js")
    )
    name, data = _decode_wrapper(
        (site / assets.OFFLINE_DEST / "pyodide.asm.wasm.js").read_text(encoding="utf-8")
    )
    assert name == "pyodide.asm.wasm"
    assert data == (ROOT / assets.PYODIDE_SRC / "pyodide.asm.wasm").read_bytes()
    assert _decode_wrapper(
        (site / assets.OFFLINE_DEST / "engine-worker.js.js").read_text(encoding="utf-8")
    )[1] == (b"// worker\n")


def _fake_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets/econsec/offline").mkdir(parents=True)
    (site / "assets/econsec/pyodide").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><head><meta name="econsec-build" content="9.9.9+2026-01-31"></head></html>',
        encoding="utf-8",
    )
    for name in bundle.OFFLINE_REQUIRED:
        (site / "assets/econsec/offline" / f"{name}.js").write_text("//", encoding="utf-8")
    (site / "assets/econsec/pyodide/pyodide.asm.wasm").write_bytes(b"\0asm")
    (site / "assets/javascripts").mkdir(parents=True)
    (site / "assets/javascripts/bundle.js.map").write_text("{}", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (site / "en").mkdir()
    (site / "en/index.html").write_text("<html>en</html>", encoding="utf-8")
    return site


def test_bundle_is_deterministic_and_complete(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    one = bundle.make_bundle(site, tmp_path / "a")
    two = bundle.make_bundle(site, tmp_path / "b")
    assert one.zip_path.name == "econsec-site-offline-9.9.9-2026-01-31.zip"
    assert one.sha256 == two.sha256 == hashlib.sha256(one.zip_path.read_bytes()).hexdigest()
    side = one.zip_path.with_name(one.zip_path.name + ".sha256").read_text(encoding="utf-8")
    assert side == f"{one.sha256}  {one.zip_path.name}\n"
    with zipfile.ZipFile(one.zip_path) as zf:
        names = [n.split("/", 1)[1] for n in zf.namelist()]
        assert {zi.date_time for zi in zf.infolist()} == {(2026, 1, 31, 0, 0, 0)}
        manifest = zf.read(f"{one.top}/{bundle_text.MANIFEST}").decode("utf-8")
        readme = zf.read(f"{one.top}/{bundle_text.README_JA}")
    assert names == sorted(names)
    assert "index.html" in names and "en/index.html" in names
    assert bundle_text.README_JA in names and bundle_text.README_EN in names
    assert not [n for n in names if n.startswith("assets/econsec/pyodide/") or n.endswith(".map")]
    assert "sitemap.xml" not in names
    assert len(manifest.splitlines()) == len(names) - 1
    assert (
        readme.startswith("\ufeff".encode()) and b"\r\n" in readme and b"9.9.9+2026-01-31" in readme
    )


def test_bundle_needs_a_built_site(tmp_path: Path) -> None:
    with pytest.raises(EconsecError, match="econsec build"):
        bundle.make_bundle(tmp_path / "nothing", tmp_path / "dist")
    site = _fake_site(tmp_path)
    (site / "assets/econsec/offline/pyodide.asm.wasm.js").unlink()
    with pytest.raises(EconsecError, match=r"pyodide\.asm\.wasm\.js is missing"):
        bundle.make_bundle(site, tmp_path / "dist")


@pytest.mark.parametrize(
    ("path", "english_only", "out"),
    [
        ("assets/econsec/pyodide/pyodide.asm.wasm", False, True),
        ("assets/econsec/offline/pyodide.asm.wasm.js", False, False),
        ("assets/econsec/engine.zip", False, True),
        ("assets/econsec/offline/engine.zip.js", False, False),
        ("assets/econsec/offline/snapshot.js", False, False),
        ("assets/javascripts/lunr/wordcut.js", True, True),
        ("assets/javascripts/lunr/wordcut.js", False, False),
        ("en/assets/javascripts/bundle.js.map", False, True),
        ("sitemap.xml.gz", False, True),
        (".DS_Store", False, True),
        ("checks/tech-leakage-ch1.html", True, False),
    ],
)
def test_bundle_exclusions(path: str, english_only: bool, out: bool) -> None:
    assert bundle.excluded(PurePosixPath(path), english_search_only=english_only) is out


def test_cached_offline_wrappers_are_identical_to_fresh_ones(tmp_path: Path) -> None:
    """The second build copies the encoded runtime from the cache: same bytes as encoding anew."""
    sites = []
    for n in (1, 2):
        site = tmp_path / f"site{n}"
        worker = site / assets.WORKER
        worker.parent.mkdir(parents=True)
        worker.write_text(f"// worker {tmp_path}\n", encoding="utf-8")  # new to the cache
        assets.install_runtime(site, "ja", ROOT)
        sites.append(site / assets.OFFLINE_DEST)
    fresh = assets.offline_wrapper(
        "pyodide.asm.wasm", (ROOT / assets.PYODIDE_SRC / "pyodide.asm.wasm").read_bytes()
    )
    for name in (*assets.PYODIDE_FILES, "engine.zip", "engine-worker.js"):
        first, second = (s / assets.offline_script_name(name) for s in sites)
        assert first.read_bytes() == second.read_bytes(), name
    assert (sites[1] / "pyodide.asm.wasm.js").read_text(encoding="utf-8") == fresh
    cached = list((ROOT / assets.WRAPPER_CACHE).glob("*-1-engine-worker.js.js"))
    assert cached, "the worker wrapper was not cached"


def test_engine_wheel_without_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed without -e (no pyproject.toml beside the package): built from the metadata."""
    from econsec.build import wheel

    installed = tmp_path / "site-packages" / "econsec"
    shutil.copytree(ROOT / "econsec", installed, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(wheel, "PACKAGE_DIR", installed)
    assert (
        b'name = "econsec"' in wheel.pyproject()
        and wheel.pyproject() != (ROOT / "pyproject.toml").read_bytes()
    )
    name, data = wheel.engine_wheel(tmp_path)
    assert name == "econsec-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert (
            zf.read("econsec/engine/scoring.py")
            == (ROOT / "econsec/engine/scoring.py").read_bytes()
        )
