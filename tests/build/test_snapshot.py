"""econsec/snapshot.py: the key, the cache, clear errors, and what the build writes."""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from econsec.build import snapshot
from econsec.build.bundle import excluded
from econsec.build.runtime import PYODIDE_FILES, PYODIDE_SRC, build_engine_zip
from econsec.errors import EconsecError

ROOT = Path(__file__).resolve().parents[2]


def test_key_names_what_the_snapshot_is_made_from(monkeypatch: pytest.MonkeyPatch) -> None:
    key = snapshot.key(ROOT)
    assert re.fullmatch(r"[0-9a-f]{16}", key)
    assert snapshot.key(ROOT) == key  # deterministic
    monkeypatch.setattr(snapshot, "build_engine_zip", lambda root: b"another engine")
    assert snapshot.key(ROOT) != key
    monkeypatch.undo()
    monkeypatch.setattr(snapshot, "pyodide_version", lambda root: "0.0.0")
    assert snapshot.key(ROOT) != key
    monkeypatch.undo()
    # The offline flavour works only with the standard library it was made with.
    monkeypatch.setattr(snapshot, "offline_stdlib", lambda root: b"another standard library")
    assert snapshot.key(ROOT) != key


def test_enabled_unless_turned_off() -> None:
    from mkdocs.config import load_config

    from econsec.settings import Settings

    for given, expected in (({}, True), ({"snapshot": True}, True), ({"snapshot": False}, False)):
        cfg = load_config(str(ROOT / "mkdocs.en.yml"))
        cfg.extra["econsec"] = given
        assert Settings.from_config(cfg).snapshot is expected


def test_cached_snapshot_needs_no_node(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = tmp_path / snapshot.CACHE / snapshot.file_name("abc")
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"cached bytes")
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: None)
    assert snapshot.make(tmp_path, "abc") == b"cached bytes"


def test_no_node_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: None)
    with pytest.raises(EconsecError, match=r"needs Node\.js .*snapshot: false"):
        snapshot.make(tmp_path, "abc")


def test_a_failing_maker_is_a_clear_error(tmp_path: Path) -> None:
    # No Pyodide under tmp_path/node_modules: Node fails, the build says so in one line.
    with pytest.raises(EconsecError, match=r"could not be made \(node snapshot\.mjs, exit [1-9]"):
        snapshot.make(tmp_path, "abc")
    assert not (tmp_path / snapshot.CACHE / snapshot.file_name("abc")).exists()


def test_post_build_writes_only_the_current_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "make", lambda root, key: f"snapshot {key}".encode())
    monkeypatch.setattr(snapshot, "make_offline", lambda root, key: f"offline {key}")
    site = tmp_path / "site"
    (site / snapshot.DEST).mkdir(parents=True)
    (site / snapshot.DEST / "stale.bin.gz").write_bytes(b"old")
    (site / snapshot.OFFLINE_FILE).parent.mkdir(parents=True)
    snapshot.post_build(site, "en", ROOT, "abc")  # the English build writes no runtime assets
    assert (site / snapshot.DEST / "stale.bin.gz").is_file()
    assert not (site / snapshot.OFFLINE_FILE).exists()
    snapshot.post_build(site, "ja", ROOT, "abc")
    assert [p.name for p in (site / snapshot.DEST).iterdir()] == ["abc.bin.gz"]
    assert (site / snapshot.OFFLINE_FILE).read_text(encoding="utf-8") == "offline abc"
    snapshot.post_build(site, "ja", ROOT, "")  # turned off: nothing left behind
    assert not (site / snapshot.DEST).exists()
    assert not (site / snapshot.OFFLINE_FILE).exists()


def test_built_site_names_its_snapshot(site_dir: Path) -> None:
    key = snapshot.key(ROOT)
    data = (site_dir / snapshot.DEST / snapshot.file_name(key)).read_bytes()
    raw = gzip.decompress(data)
    assert len(raw) > 10 << 20  # the interpreter's memory: tens of MB, 6 MB compressed
    assert [p.name for p in (site_dir / snapshot.DEST).iterdir()] == [snapshot.file_name(key)]
    meta = f'<meta name="econsec-snapshot" content="{key}">'
    for page in ("checks/tech-leakage-ch1.html", "en/checks/tech-leakage-ch1.html"):
        assert meta in (site_dir / page).read_text(encoding="utf-8")
    # Only self-check pages start the engine, so only they name the snapshot.
    assert "econsec-snapshot" not in (site_dir / "index.html").read_text(encoding="utf-8")


def test_bundle_leaves_the_http_snapshot_out_and_keeps_its_own() -> None:
    from pathlib import PurePosixPath

    rel = PurePosixPath(snapshot.DEST.as_posix()) / "abc.bin.gz"
    assert excluded(rel, english_search_only=False)
    offline = PurePosixPath(snapshot.OFFLINE_FILE.as_posix())
    assert not excluded(offline, english_search_only=False)


def test_built_site_has_the_offline_snapshot(site_dir: Path) -> None:
    """offline/snapshot.js: the same key, a delta the worker can undo, level-9 gzip, < 4 MB."""
    text = (site_dir / snapshot.OFFLINE_FILE).read_text(encoding="utf-8")
    entry = json.loads(text.splitlines()[-1].split("] = ", 1)[1].rstrip(";"))
    assert entry["key"] == snapshot.key(ROOT) and entry["encoding"] == "gzip+base64"
    packed = base64.b64decode(entry["data"])
    assert len(packed) < 4_000_000
    raw = gzip.decompress(packed)
    assert len(raw) == entry["size"] and raw[:4] == b"\0snp"
    assert snapshot.key(ROOT).encode() in raw
    start, end = entry["xor"]["start"], entry["xor"]["end"]
    assert 0 < start < end and end - start > 1 << 20 and entry["xor"]["crc"] > 0


def test_configure_names_the_snapshot_and_keeps_the_setting() -> None:
    from mkdocs.config import load_config

    from econsec.build.events import configure

    cfg = configure(load_config(str(ROOT / "mkdocs.en.yml")))
    assert cfg.extra["econsec"].snapshot_key == snapshot.key(ROOT)
    off = load_config(str(ROOT / "mkdocs.en.yml"))
    off.extra["econsec"] = {"snapshot": False}
    for _ in range(2):  # configuring again must not turn it back on
        off = configure(off)
        assert off.extra["econsec"].snapshot is False
        assert off.extra["econsec"].snapshot_key == ""


def test_snapshot_does_not_depend_on_the_checkout_path(tmp_path: Path) -> None:
    """Issue 17, point 7: the snapshot once held the checkout's path (sys.executable, `_=`).

    Two snapshots of the same engine, made from two checkouts at different paths (copies of the
    maker and the runtime), hold no path of either and differ at most in the seeded state that
    differs between any two runs (README, "Design decisions": about 5 KB).
    """
    engine = build_engine_zip(ROOT)
    made = {}
    # Paths of one length: a longer path string moves later allocations (in the parallel suite's
    # longer temporary folders, by megabytes) without any of it staying in the snapshot.
    for name in ("first/checkout-a", "other/checkout-b"):
        checkout = tmp_path / name
        (checkout / "econsec" / "build").mkdir(parents=True)
        maker = checkout / "econsec" / "build" / "snapshot.mjs"
        shutil.copy2(snapshot.MAKER, maker)
        runtime = checkout / PYODIDE_SRC
        runtime.mkdir(parents=True)
        for file in (*PYODIDE_FILES, "package.json"):
            shutil.copy2(ROOT / PYODIDE_SRC / file, runtime / file)
        made[name] = snapshot.run_maker(maker, runtime, engine, "0123456789abcdef")
    a, b = made.values()
    for raw in (a, b):
        assert b"0123456789abcdef" in raw  # it is a snapshot of this engine, with its key
        for leak in (str(tmp_path), "checkout-a", "checkout-b", str(ROOT)):
            assert leak.encode() not in raw, leak
        assert b"./this.program" in raw  # the browser's program name, not the maker's path
    assert len(a) == len(b)
    differing = sum(x != y for x, y in zip(a, b, strict=True))
    assert differing <= 8192, f"{differing} bytes differ"


def _wasm(offset: int, data: bytes) -> bytes:
    """A wasm module with one active data segment at ``offset`` (enough for the parser)."""

    def uleb(n: int) -> bytes:
        out = bytearray()
        while True:
            byte, n = n & 0x7F, n >> 7
            out.append(byte | (0x80 if n else 0))
            if not n:
                return bytes(out)

    def sleb(n: int) -> bytes:
        out = bytearray()
        while True:
            byte, n = n & 0x7F, n >> 7
            done = (n == 0 and not byte & 0x40) or (n == -1 and byte & 0x40)
            out.append(byte | (0 if done else 0x80))
            if done:
                return bytes(out)

    segment = b"\x00\x41" + sleb(offset) + b"\x0b" + uleb(len(data)) + data
    body = uleb(1) + segment
    return b"\0asm\x01\0\0\0" + bytes([11]) + uleb(len(body)) + body


def test_delta_is_undone_by_the_same_memory_and_refused_by_another() -> None:
    from econsec.build import snapshot_delta

    static = bytes(range(256)) * 6000  # 1.5 MB of "static data" at 1024
    wasm = _wasm(1024, static)
    live = bytearray(4 << 20)
    live[1024 : 1024 + len(static)] = static
    live[1024 + len(static) - 10] ^= 0xFF  # the runtime's start changed a byte near the end
    header = 160
    raw = bytearray(b"\0snp" + (header).to_bytes(4, "little") + bytes(header - 8))
    memory = bytearray(live)
    memory[5000:5010] = b"0123456789"  # what the interpreter changed
    raw += memory
    packed, undo = snapshot_delta.delta(bytes(raw), wasm, bytes(live))
    assert undo["start"] == 1024 and undo["end"] == (1024 + len(static) - 10) // 4 * 4
    assert packed.count(0) > raw.count(0) + len(static) // 2  # the unchanged bytes are zeros
    assert snapshot_delta.undelta(packed, bytes(live), undo) == bytes(raw)
    other = bytearray(live)
    other[2000] ^= 1
    with pytest.raises(EconsecError, match="not the one the delta was made on"):
        snapshot_delta.undelta(packed, bytes(other), undo)
