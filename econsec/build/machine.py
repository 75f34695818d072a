"""No output names the machine that built it: the last check of ``econsec build`` and ``bundle``.

A built site, the offline bundle and the engine snapshot (gunzipped) must not contain the
project folder's path, the home folder or the user name of the build machine: they would tell
every visitor where and by whom the site was built, and they made the snapshot's bytes depend on
where the project was cloned (issue 17). Every file is read as bytes (``.gz`` files also
gunzipped) and searched for:

- the project folder (``/work/site``, also as written in JSON, ``\\/work\\/site``), where it
  starts a path;
- the home folder (``/home/hanako``), where it starts a path and is followed by ``/``;
- the user name in the forms a build leaks it: ``USER=<name>``, ``LOGNAME=<name>``,
  ``/home/<name>/``, ``/Users/<name>/``, ``\\Users\\<name>\\``; and as a word of its own, unless
  it is one that ordinary text and code use all the time (``root``, ``user``, …), where only
  those forms are searched.

The Pyodide runtime the site ships was built elsewhere and names *its* build machine's folders
(``/root/repo/cpython/…`` in ``pyodide.asm.wasm``, and so in the snapshot's memory). A finding
whose whole path or word also occurs in those upstream files (``node_modules/pyodide``) is theirs,
not ours, and is not reported; the project folder is always reported.
"""

from __future__ import annotations

import getpass
import gzip
import hashlib
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from econsec.build.cache import keep
from econsec.build.runtime import PYODIDE_FILES, PYODIDE_SRC
from econsec.errors import ProblemsError

# User names that are ordinary words in pages and scripts: searched only in the forms above.
COMMON_NAMES = frozenset(
    {
        "root", "user", "admin", "administrator", "build", "builder", "runner", "node", "ubuntu",
        "debian", "pi", "www-data", "nobody", "docker", "app", "dev", "web", "test", "ci",
    }
)  # fmt: skip
_PATH_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+@%-/\\")
_NAME_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+@%-")
_MAX_SHOWN = 20
COPIES = (".gz", ".br")  # precompressed copies beside their original
LARGE = 1_000_000  # bytes: a .gz this large has its clean verdict cached
VERDICTS = Path("node_modules/.cache/econsec-machine-check")


class MachinePathError(ProblemsError):
    """Outputs that name the build machine, one line each: ``<output>: <what>``."""


@dataclass(frozen=True)
class Needle:
    """Literal forms found with ``bytes.find`` (fast); ``bounded``: not inside a longer name."""

    what: str  # "the project folder /work/site"
    forms: tuple[bytes, ...]
    before: bool  # the byte before must not continue a name
    after: bool  # the byte after must not continue a name
    always: bool  # reported even where the upstream runtime has the same text

    def matches(self, data: bytes) -> Iterator[tuple[int, int]]:
        for form in self.forms:
            at = data.find(form)
            while at != -1:
                end = at + len(form)
                if not (self.before and at > 0 and data[at - 1] in _NAME_CHARS) and not (
                    self.after and end < len(data) and data[end] in _NAME_CHARS
                ):
                    yield at, end
                at = data.find(form, at + 1)


@dataclass(frozen=True)
class Machine:
    project: Path
    home: Path | None
    user: str | None

    @classmethod
    def this(cls, project: Path) -> Machine:
        try:
            user: str | None = getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (some containers)
            user = None
        home = os.path.expanduser("~")
        return cls(Path(project).resolve(), Path(home) if home != "~" else None, user)

    def needles(self) -> list[Needle]:
        out = []
        for path in sorted({str(self.project), str(self.project.resolve())}):
            if len(path.strip("/\\")) >= 2:  # a project at "/" names nothing
                out.append(
                    Needle(f"the project folder {path}", _path_forms(path), True, True, True)
                )
        home = str(self.home) if self.home else ""
        if len(home.strip("/\\")) >= 2:  # a home at "/" names nothing
            forms = _path_forms(home.rstrip("/\\") + "/")
            out.append(Needle(f"the home folder {home}", forms, True, False, False))
        if self.user:
            u = self.user.encode()
            forms = (
                b"USER=" + u,
                b"LOGNAME=" + u,
                b"/home/" + u + b"/",
                b"/Users/" + u + b"/",
                b"\\Users\\" + u + b"\\",
            )
            out.append(Needle(f"the user name {self.user!r}", forms, False, True, False))
            if self.user.lower() not in COMMON_NAMES and len(self.user) >= 3:
                out.append(Needle(f"the user name {self.user!r}", (u,), True, True, False))
        return out


def _path_forms(path: str) -> tuple[bytes, ...]:
    """As written, and as JSON may escape it (``\\/``)."""
    return tuple(sorted({path.encode(), path.replace("/", "\\/").encode()}))


class Upstream:
    """The upstream runtime files' text, read once, for findings that are theirs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._data: list[bytes] | None = None
        self._seen: dict[bytes, bool] = {}

    def has(self, token: bytes) -> bool:
        if token not in self._seen:
            if self._data is None:
                folder = self.root / PYODIDE_SRC
                self._data = [
                    (folder / n).read_bytes() for n in PYODIDE_FILES if (folder / n).is_file()
                ]
            self._seen[token] = any(_has_whole(data, token) for data in self._data)
        return self._seen[token]


def _has_whole(data: bytes, token: bytes) -> bool:
    """``token`` occurs in ``data`` as a whole path or word, not inside a longer one."""
    at = data.find(token)
    while at != -1:
        end = at + len(token)
        if (at == 0 or data[at - 1] not in _PATH_CHARS) and (
            end == len(data) or data[end] not in _PATH_CHARS
        ):
            return True
        at = data.find(token, at + 1)
    return False


def _token(data: bytes, start: int, end: int) -> bytes:
    """The whole path or word around a finding."""
    while start > 0 and data[start - 1] in _PATH_CHARS:
        start -= 1
    while end < len(data) and data[end] in _PATH_CHARS:
        end += 1
    return data[start:end]


def findings(data: bytes, needles: Iterable[Needle], upstream: Upstream | None) -> list[str]:
    """What ``data`` names of the machine (each kind of finding once)."""
    found: list[str] = []
    named: set[str] = set()
    for needle in needles:
        if needle.what in named:
            continue
        for start, end in needle.matches(data):
            token = _token(data, start, end)
            if needle.always or upstream is None or not upstream.has(token):
                found.append(f"{needle.what} ({token[:120].decode('utf-8', 'replace')})")
                named.add(needle.what)
                break
    return found


def _contents(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    yield name, data
    if name.endswith(".gz"):
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return  # not gzip after all: its bytes were searched as they are
        yield f"{name} (gunzipped)", inner


def check_entries(
    entries: Iterable[tuple[str, bytes]],
    machine: Machine,
    upstream: Upstream | None,
    verdicts: Path | None = None,
) -> None:
    """Raise MachinePathError listing every output (name, bytes) that names ``machine``.

    ``verdicts``: a cache folder remembering that a large ``.gz`` (the 6 MB snapshot, 31 MB
    gunzipped) was clean for these very needles, so that an unchanged one is not gunzipped by
    every build (about 0.2 s).
    """
    needles = machine.needles()
    needles_id = hashlib.sha256(repr([n.forms for n in needles]).encode()).hexdigest()[:16]
    problems = []
    for name, data in entries:
        entry = None
        if verdicts is not None and name.endswith(".gz") and len(data) >= LARGE:
            entry = verdicts / f"{hashlib.sha256(data).hexdigest()[:32]}-{needles_id}.clean"
            if entry.is_file():
                problems += [f"{name}: {what}" for what in findings(data, needles, upstream)]
                continue
        found = []
        for shown, content in _contents(name, data):
            found += [f"{shown}: {what}" for what in findings(content, needles, upstream)]
        if entry is not None and not found:
            keep(entry, b"", "*.clean")
        problems += found
    if problems:
        more = len(problems) - _MAX_SHOWN
        raise MachinePathError(
            [
                "these outputs name the build machine, which no output may "
                "(econsec/build/machine.py):",
                *problems[:_MAX_SHOWN],
                *([f"… and {more} more"] if more > 0 else []),
            ]
        )


def check_site(site_dir: Path, root: Path, machine: Machine | None = None) -> None:
    """Every file under ``site_dir`` (shown relative to its parent, e.g. ``site/…``).

    A ``file.gz`` or ``file.br`` beside ``file`` is the web server's precompressed copy of it
    (econsec/build/precompress.py, MkDocs' ``sitemap.xml.gz``): ``file`` itself is searched, so
    the copy is not unpacked again. A ``.gz`` without its original (the snapshot) is gunzipped.
    """
    site_dir = Path(site_dir)
    every = sorted(p for p in site_dir.rglob("*") if p.is_file())
    names = set(every)
    files = [p for p in every if not (p.suffix in COPIES and p.with_suffix("") in names)]
    base = site_dir.parent
    check_entries(
        ((p.relative_to(base).as_posix(), p.read_bytes()) for p in files),
        machine or Machine.this(root),
        Upstream(root),
        root / VERDICTS,
    )
