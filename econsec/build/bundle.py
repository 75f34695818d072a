"""The offline bundle: the built site as one zip that works from a double-clicked index.html.

``econsec bundle`` (``make bundle`` builds first) packs ``site/`` into
``dist/<name>-offline-<version>-<date>.zip`` with one top folder of the same name, holding:

- the site, minus what only ``http://`` needs or what nobody needs offline: the raw Pyodide
  runtime and ``engine.zip`` (the classic-script wrappers in ``assets/econsec/offline/`` replace
  them on ``file://``), the http engine snapshot (``assets/econsec/snapshot/``; the bundle has its
  own, ``offline/snapshot.js``, ``econsec.build.snapshot``), source maps,
  sitemaps and, when the search is configured for English tokenisation only, Material's unused
  lunr language files;
- every page with a notice at the top that shows only without the site's stylesheet, as when
  the page is opened from inside the zip: unzip first, then open index.html (``unzip_notice``);
  its inline SVG icons get a size of their own for that case;
- ``はじめにお読みください.txt`` and ``README.txt`` (using it, at a seminar too; privacy;
  version; checksums last; ``econsec.build.bundle_text``);
- ``MANIFEST.sha256``: the SHA-256 of every other file (``shasum -a 256 -c MANIFEST.sha256``).

Next to the zip, ``<zip>.sha256`` holds the zip's own SHA-256 in the same format. The zip is
deterministic: sorted entries, fixed timestamps (the build date at 00:00), fixed permissions.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from econsec.build import csp, machine
from econsec.build.bundle_text import MANIFEST, notice_html, readme_texts
from econsec.build.runtime import (
    ENGINE_ZIP,
    OFFLINE_DEST,
    PYODIDE_DEST,
    PYODIDE_FILES,
    offline_script_name,
)
from econsec.build.snapshot import DEST as SNAPSHOT_DEST
from econsec.build.vendor import IFRAME_WORKER_DEST
from econsec.build.zips import ZIP_EPOCH, deterministic_zip
from econsec.errors import EconsecError
from econsec.settings import project_root

DEFAULT_NAME = "econsec-site"
OFFLINE_REQUIRED = (*PYODIDE_FILES, "engine.zip", "engine-worker.js")

_BUILD_META = re.compile(r'<meta name="econsec-build" content="([^"]+)"')
_LANG_META = re.compile(r'<meta name="econsec-lang" content="([a-z]+)"')
_BODY = re.compile(r"<body\b[^>]*>")
# Material's inline icons carry only a viewBox: without its stylesheet a browser draws each as
# wide as the page. width/height attributes are presentational hints, which any rule of the
# stylesheet overrides, so where it loads nothing changes (tests/browser/test_unzip_notice.py).
_SVG = re.compile(r'<svg(?![^>]*\swidth=)([^>]*?)\sviewBox="0 0 ([\d.]+) ([\d.]+)"')
ICON_PX = 24


@dataclass(frozen=True)
class Bundle:
    zip_path: Path
    sha256: str
    top: str
    build_id: str
    files: int
    size: int


def site_build_id(site_dir: Path) -> str:
    """The build id the site shows (``econsec.__version__`` + build date), from its index.html."""
    match = _BUILD_META.search((site_dir / "index.html").read_text(encoding="utf-8"))
    if not match:
        raise EconsecError(
            f'{site_dir / "index.html"} has no <meta name="econsec-build">: rebuild the site'
        )
    return match.group(1)


def _search_langs(site_dir: Path) -> set[str]:
    langs: set[str] = set()
    for index in site_dir.glob("**/search/search_index.json"):
        try:
            langs.update(json.loads(index.read_text(encoding="utf-8"))["config"]["lang"])
        except (OSError, ValueError, KeyError, TypeError):
            return {"?"}  # unknown: keep everything
    return langs


def excluded(rel: PurePosixPath, *, english_search_only: bool) -> bool:
    """Whether a site file (path relative to the site root) stays out of the bundle."""
    parts = rel.parts
    if any(p.startswith(".") for p in parts):
        return True
    if rel.as_posix().startswith(PYODIDE_DEST.as_posix() + "/"):
        return True  # http-only raw runtime; offline/ carries the same files for file://
    if rel.as_posix().startswith(SNAPSHOT_DEST.as_posix() + "/"):
        return True  # the http flavour; offline/snapshot.js is the bundle's own
    if rel.as_posix() == ENGINE_ZIP.as_posix():
        return True  # http-only; offline/engine.zip.js carries it for file:// (0.15 MB)
    if rel.suffix in (".map", ".gz", ".br") or rel.name == "sitemap.xml":
        return True  # .gz/.br: the web server's precompressed copies (econsec.build.precompress)
    # Material's search loads lunr/ language support only for languages other than "en".
    return english_search_only and "javascripts" in parts and "lunr" in parts


def bundle_files(site_dir: Path) -> list[tuple[str, Path]]:
    """(path inside the bundle's top folder, file) for every site file that goes in, sorted."""
    english_only = _search_langs(site_dir) == {"en"}
    out = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = PurePosixPath(path.relative_to(site_dir).as_posix())
        if not excluded(rel, english_search_only=english_only):
            out.append((rel.as_posix(), path))
    return out


def _check_site(site_dir: Path) -> None:
    if not (site_dir / "index.html").is_file():
        raise EconsecError(
            f"{site_dir} holds no built site: run `econsec build` (or `make bundle`) first"
        )
    offline = site_dir / OFFLINE_DEST
    missing = [n for n in OFFLINE_REQUIRED if not (offline / offline_script_name(n)).is_file()]
    if missing:
        raise EconsecError(
            f"{offline}/{offline_script_name(missing[0])} is missing: rebuild the site with `econsec build`"
        )


def _sized_svg(match: re.Match[str]) -> str:
    width, height = float(match.group(2)), float(match.group(3))
    size = f'width="{round(ICON_PX * width / height)}" height="{ICON_PX}"' if height else ""
    return f'<svg{match.group(1)} {size} viewBox="0 0 {match.group(2)} {match.group(3)}"'


def unzip_notice(page: str, top: str) -> str:
    """``page`` with the unzip notice first in its body and a size on every inline icon.

    The notice shows only where the site's stylesheet did not load (it hides it): a page opened
    from inside the zip, whose stylesheet is not beside it. A fragment without ``<body>`` is
    returned as it is.
    """
    body = _BODY.search(page)
    if not body:
        return page
    lang = _LANG_META.search(page)
    notice = notice_html(lang.group(1) if lang else "ja", top)
    page = page[: body.end()] + "\n" + notice + page[body.end() :]
    return _SVG.sub(_sized_svg, page)


def _project_root() -> Path:
    try:
        return project_root()
    except EconsecError:
        return Path.cwd()


def _txt(text: str) -> bytes:
    """Windows Notepad-friendly text: UTF-8 with BOM, CRLF line ends (fine on macOS/Linux too)."""
    return ("\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")).encode("utf-8")


def manifest(entries: dict[str, bytes]) -> bytes:
    """``<sha256>  <path>`` for every entry, sorted by path (``shasum -a 256 -c`` reads it)."""
    lines = [
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(entries.items())
    ]
    return "".join(lines).encode("utf-8")


def _zip_date(build_id: str) -> tuple[int, int, int, int, int, int]:
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})$", build_id)
    if not match:
        return ZIP_EPOCH
    y, m, d = (int(g) for g in match.groups())
    return (max(y, 1980), m, d, 0, 0, 0)


def _write_zip(zip_path: Path, top: str, entries: dict[str, bytes], date_time) -> None:
    tmp = zip_path.with_name(zip_path.name + ".part")
    tmp.write_bytes(
        deterministic_zip(
            {f"{top}/{name}": data for name, data in entries.items()}, date_time=date_time
        )
    )
    tmp.replace(zip_path)


def make_bundle(
    site_dir: Path, dist_dir: Path, name: str = DEFAULT_NAME, root: Path | None = None
) -> Bundle:
    """Pack ``site_dir`` into ``dist_dir/<name>-offline-<version>-<date>.zip`` (+ ``.sha256``).

    ``root``: the project folder, whose path no file may contain (econsec/build/machine.py);
    default: found from the working folder, else the working folder itself.
    """
    site_dir = Path(site_dir).resolve()
    _check_site(site_dir)
    build_id = site_build_id(site_dir)
    tag = build_id.replace("+", "-")
    top = f"{name}-offline-{tag}"

    entries = {rel: path.read_bytes() for rel, path in bundle_files(site_dir)}
    for rel in [r for r in entries if r.endswith(".html")]:
        entries[rel] = unzip_notice(entries[rel].decode("utf-8"), top).encode("utf-8")
    # file:// needs its own Content-Security-Policy (econsec.build.csp); the manifest lists these bytes.
    entries = csp.offline_pages(entries, IFRAME_WORKER_DEST.as_posix())
    root = Path(root) if root else _project_root()
    for fname, text in readme_texts(top, build_id, root).items():
        entries[fname] = _txt(text)
    entries[MANIFEST] = manifest(entries)
    machine.check_entries(
        ((f"{top}/{n}", d) for n, d in sorted(entries.items())),
        machine.Machine.this(root),
        machine.Upstream(root),
        root / machine.VERDICTS,
    )

    dist_dir.mkdir(parents=True, exist_ok=True)
    zip_path = dist_dir / f"{top}.zip"
    _write_zip(zip_path, top, entries, _zip_date(build_id))
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    (dist_dir / f"{zip_path.name}.sha256").write_text(
        f"{digest}  {zip_path.name}\n", encoding="utf-8"
    )
    return Bundle(
        zip_path=zip_path,
        sha256=digest,
        top=top,
        build_id=build_id,
        files=len(entries),
        size=zip_path.stat().st_size,
    )
