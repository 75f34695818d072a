"""Issue 17, point 7: no output names the build machine (econsec/build/machine.py).

A pytest fixture plants a made-up machine's project folder, home folder and user name in a small
site, in the forms a build leaks them (a file:// link, JSON-escaped, an environment block inside
a gzip file like the snapshot); the check must name every such file, and the build and the
bundle must fail with that message. The real built site must pass.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from econsec.build import builder, bundle, machine
from econsec.build.runtime import PYODIDE_SRC

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "/srv/checkouts/econsec-7f3e"
HOME = "/home/hanako-k"
USER = "hanako-k"
ESCAPED = PROJECT.replace("/", "\\/")  # as JSON may write it
FAKE = machine.Machine(Path(PROJECT), Path(HOME), USER)
# What the upstream runtime (built elsewhere) may say about *its* machine: not ours to report.
UPSTREAM_TEXT = f"{HOME}/repo/cpython/installs/python-3.14.2/include/object.h".encode()


@pytest.fixture
def upstream(tmp_path: Path) -> machine.Upstream:
    runtime = tmp_path / "project" / PYODIDE_SRC
    runtime.mkdir(parents=True)
    (runtime / "pyodide.asm.wasm").write_bytes(b"\0asm\0" + UPSTREAM_TEXT + b"\0")
    return machine.Upstream(tmp_path / "project")


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A small site with the made-up machine planted in five files, and three clean ones."""
    site = tmp_path / "site"
    (site / "assets" / "snapshot").mkdir(parents=True)
    (site / "en").mkdir()
    files = {
        "index.html": f'<a href="file://{PROJECT}/docs/index.md">source</a>',
        "assets/app.js": json.dumps({"src": f"{PROJECT}/econsec/x.py"}).replace("/", "\\/"),
        "en/index.html": f"<p>cache in {HOME}/.cache/econsec</p>",
        "search.json": json.dumps({"env": f"USER={USER}"}),
        "about.html": f"<p>built by {USER} on Tuesday</p>",
        # clean: the upstream runtime's own path, a longer folder that merely ends like ours,
        # and a word that only contains the user name
        "runtime.js": UPSTREAM_TEXT.decode(),
        "other.html": f"<p>/mnt{PROJECT}-old/x and {USER}s-team</p>",
        "ok.html": "<p>nothing here</p>",
    }
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
    environ = f"USER=web_user\0HOME=/home/pyodide\0_={PROJECT}/econsec/build/snapshot.mjs\0"
    (site / "assets" / "snapshot" / "k.bin.gz").write_bytes(gzip.compress(environ.encode()))
    return site


def test_every_planted_file_is_named(planted: Path, upstream: machine.Upstream) -> None:
    with pytest.raises(machine.MachinePathError) as info:
        machine.check_entries(
            (
                (p.relative_to(planted).as_posix(), p.read_bytes())
                for p in sorted(planted.rglob("*"))
                if p.is_file()
            ),
            FAKE,
            upstream,
        )
    problems = info.value.problems
    assert problems[0].startswith("these outputs name the build machine")
    assert problems[1:] == [
        f"about.html: the user name '{USER}' ({USER})",
        f"assets/app.js: the project folder {PROJECT} ({ESCAPED}\\/econsec\\/x.py)",
        f"assets/snapshot/k.bin.gz (gunzipped): the project folder {PROJECT} "
        f"({PROJECT}/econsec/build/snapshot.mjs)",
        f"en/index.html: the home folder {HOME} ({HOME}/.cache/econsec)",
        f"en/index.html: the user name '{USER}' ({HOME}/.cache/econsec)",
        f"index.html: the project folder {PROJECT} (//{PROJECT}/docs/index.md)",
        f"search.json: the user name '{USER}' (USER={USER})",
    ]


def test_a_common_user_name_is_searched_only_in_its_leaking_forms(upstream) -> None:
    root_user = machine.Machine(Path(PROJECT), Path("/root"), "root")
    clean = b'<meta name="econsec-root" content="."> root of the site'
    machine.check_entries([("a.html", clean)], root_user, upstream)
    with pytest.raises(machine.MachinePathError, match=r"b.txt: the user name 'root' \(USER=root"):
        machine.check_entries([("b.txt", b"USER=root\0")], root_user, upstream)


def test_a_clean_large_gz_is_remembered_for_these_needles(tmp_path: Path, monkeypatch) -> None:
    big = gzip.compress(random.Random(17).randbytes(1_100_000), compresslevel=1)
    assert len(big) >= machine.LARGE
    verdicts = tmp_path / "verdicts"
    machine.check_entries([("s.bin.gz", big)], FAKE, None, verdicts)
    assert len(list(verdicts.glob("*.clean"))) == 1
    monkeypatch.setattr(machine.gzip, "decompress", lambda data: pytest.fail("gunzipped again"))
    machine.check_entries([("s.bin.gz", big)], FAKE, None, verdicts)
    other = machine.Machine(Path("/elsewhere/site"), None, None)  # other needles: checked again
    with pytest.raises(pytest.fail.Exception, match="gunzipped again"):
        machine.check_entries([("s.bin.gz", big)], other, None, verdicts)


def test_precompressed_copies_are_not_unpacked_again(tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.js").write_text("clean", encoding="utf-8")
    (site / "a.js.gz").write_bytes(gzip.compress(b"clean"))
    (site / "a.js.br").write_bytes(b"\x8b\x02\x80clean\x03")
    (site / "snap.bin.gz").write_bytes(gzip.compress(f"_={PROJECT}/x".encode()))
    unpacked = []
    real = machine.gzip.decompress
    monkeypatch.setattr(machine.gzip, "decompress", lambda d: unpacked.append(d) or real(d))
    with pytest.raises(machine.MachinePathError, match=r"site/snap\.bin\.gz \(gunzipped\)"):
        machine.check_site(site, tmp_path, FAKE)
    assert len(unpacked) == 1  # the snapshot only: a.js.gz is a copy of a.js


def test_the_build_fails_with_the_list(tmp_path: Path, monkeypatch) -> None:
    """build_site runs the check over both builds' output (MkDocs itself stubbed out)."""
    project = tmp_path / "checkout"
    project.mkdir()
    for name in ("mkdocs.yml", "mkdocs.en.yml", "mkdocs.base.yml"):
        (project / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")

    def fake_build(cfg, dirty: bool) -> None:
        out = Path(cfg.site_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "index.html").write_text(f"<p>{project}/docs/index.md</p>", encoding="utf-8")

    monkeypatch.setattr(builder, "mkdocs_build", fake_build)
    monkeypatch.setattr(builder, "load_config", _fake_config)
    with pytest.raises(machine.MachinePathError) as info:
        builder.build_site(tmp_path / "out", project)
    assert f"out/index.html: the project folder {project.resolve()}" in str(info.value)
    assert f"out/en/index.html: the project folder {project.resolve()}" in str(info.value)


class _Cfg:
    def __init__(self, site_dir: str) -> None:
        self.site_dir = site_dir
        self.extra: dict = {}


def _fake_config(config_file: str, site_dir: str) -> _Cfg:
    return _Cfg(site_dir)


def test_the_bundle_fails_with_the_list(tmp_path: Path) -> None:
    from test_runtime_assets import _fake_site

    site = _fake_site(tmp_path)
    (site / "page.html").write_text(f"<p>{tmp_path}/x</p>", encoding="utf-8")
    with pytest.raises(machine.MachinePathError, match=r"/page\.html: the project folder"):
        bundle.make_bundle(site, tmp_path / "dist", root=tmp_path)
    assert not list((tmp_path / "dist").glob("*.zip"))


def test_the_built_site_names_no_machine(site_dir: Path) -> None:
    machine.check_site(site_dir, ROOT)  # raises with the list
