"""The engine's way into the browser: the package as a standard ``py3-none-any`` wheel.

Pyodide's documentation prescribes a pure-Python wheel for pure-Python code; ``pyodide-build``
targets compiled packages and first downloads a cross-build environment, which this project
neither needs nor can fetch (README, "Design decisions"). The wheel is built from
``pyproject.toml`` by setuptools' own PEP 517 backend, in a copy of the sources (the checkout gets
no ``build/`` folder), with fixed timestamps so that the same sources give the same bytes, and it
is cached by a digest of its inputs. The worker unpacks it (a wheel is a zip) and imports
``econsec.engine``, which needs nothing outside the standard library.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from econsec.build.cache import keep
from econsec.errors import EconsecError

CACHE = Path("node_modules/.cache/econsec-wheel")
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the installed or checked-out econsec/
# Zip timestamps: 1980-01-01, the earliest the format holds (setuptools reads SOURCE_DATE_EPOCH).
EPOCH = "315532800"
BUILD_TIMEOUT_S = 120
# Installed without -e there is no pyproject.toml beside the package: the same project table,
# from the installed metadata.
_INSTALLED_PYPROJECT = """[build-system]
requires = ["setuptools>=80,<81"]
build-backend = "setuptools.build_meta"

[project]
name = "econsec"
version = "{version}"
requires-python = ">=3.11"

[tool.setuptools.packages.find]
include = ["econsec*"]
"""


def pyproject() -> bytes:
    """The package's ``pyproject.toml``: the checkout's, else one from the installed metadata."""
    checkout = PACKAGE_DIR.parent / "pyproject.toml"
    if checkout.is_file():
        text = checkout.read_text("utf-8")
        if tomllib.loads(text).get("project", {}).get("name") == "econsec":
            return text.encode()
    from importlib.metadata import version

    return _INSTALLED_PYPROJECT.format(version=version("econsec")).encode()


def wheel_name() -> str:
    """``econsec-<version>-py3-none-any.whl``, from ``pyproject.toml``."""
    project = tomllib.loads(pyproject().decode())["project"]
    return f"{project['name']}-{project['version']}-py3-none-any.whl"


def _sources() -> dict[str, bytes]:
    """Every file the wheel is built from, by its path in the source tree."""
    files = {"pyproject.toml": pyproject()}
    for path in sorted(PACKAGE_DIR.rglob("*")):
        rel = path.relative_to(PACKAGE_DIR.parent)
        if path.is_file() and "__pycache__" not in rel.parts and path.suffix != ".pyc":
            files[rel.as_posix()] = path.read_bytes()
    return files


def engine_wheel(root: Path) -> tuple[str, bytes]:
    """(file name, bytes) of the package's wheel; cached under ``root``'s node_modules/."""
    sources = _sources()
    digest = hashlib.sha256()
    for name, data in sorted(sources.items()):
        digest.update(name.encode() + b"\0" + data + b"\0")
    return wheel_name(), _wheel(root, digest.hexdigest()[:16], sources)


_BUILT: dict[str, bytes] = {}  # by digest: one build per process, also where no cache can be kept


def _wheel(root: Path, digest: str, sources: dict[str, bytes]) -> bytes:
    if digest in _BUILT:
        return _BUILT[digest]
    cached = root / CACHE / f"{digest}.whl"
    if cached.is_file():
        _BUILT[digest] = cached.read_bytes()
        return _BUILT[digest]
    with tempfile.TemporaryDirectory(prefix="econsec-wheel-") as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        for name, data in sources.items():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes(data)
        out.mkdir()
        code = (
            "import sys; from setuptools import build_meta as b; print(b.build_wheel(sys.argv[1]))"
        )
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            run = subprocess.run(
                [sys.executable, "-c", code, str(out)],
                cwd=src,
                env=env,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            raise EconsecError(
                f"the engine wheel was not built within {BUILD_TIMEOUT_S} s"
            ) from None
        built = out / run.stdout.strip().splitlines()[-1] if run.returncode == 0 else None
        if built is None or not built.is_file():
            last = (run.stderr or run.stdout).strip().splitlines()[-3:]
            raise EconsecError(
                "the engine wheel could not be built from pyproject.toml (setuptools): "
                + (" / ".join(line[:300] for line in last) or "no output")
            )
        data = _BUILT[digest] = built.read_bytes()
    keep(cached, data, "*.whl")
    return data
