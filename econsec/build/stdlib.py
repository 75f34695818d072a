"""The offline bundle's standard library: only the modules the engine's start and calls import.

Pyodide's ``python_stdlib.zip`` holds the whole standard library as sources (614 files, 2.5 MB
compressed). The engine (``econsec.engine``, standard library only) and Pyodide's own start
import about 160 of them. The offline wrappers (``econsec.build.runtime``) and the offline engine
snapshot (``econsec.build.snapshot``) carry this trimmed copy instead; the site served over
``http(s)://`` keeps Pyodide's full file.

``KEEP`` is what ``sys.modules`` names from the zip after Pyodide starts, unpacks engine.zip and
runs every operation of ``econsec.engine.bridge`` on every checklist with good and bad input,
plus the text codecs a ``bytes.decode`` might look up. tests/build/test_stdlib_trim.py runs that
under Node with the full zip and fails if anything imported is missing here, and runs the same
calls with the trimmed zip. The entries are stored, not deflated: the wrapper gzips the whole
file, which compresses better than 160 separate deflate streams.
"""

from __future__ import annotations

import io
import zipfile

from econsec.build.zips import ZIP_EPOCH
from econsec.errors import EconsecError

# {folder inside the zip: its modules (file names without ".py")}; "" is the zip's top level.
KEEP = {
    "": (
        "__future__ _collections_abc _colorize _opcode_metadata _py_warnings _sitebuiltins _ssl "
        "_sysconfigdata__emscripten_wasm32-emscripten _weakrefset abc annotationlib ast base64 "
        "bisect bz2 codecs codeop contextlib contextvars copy copyreg csv dataclasses datetime "
        "decimal dis enum fnmatch fractions functools genericpath glob hashlib heapq inspect io "
        "keyword linecache locale lzma ntpath numbers opcode operator os posixpath random reprlib "
        "selectors shutil signal site socket ssl stat struct subprocess tempfile textwrap "
        "threading token tokenize traceback types typing warnings weakref zipimport"
    ),
    "_pyodide": "__init__ _base _core_docs _future_helper _importhook docs_argspec docstring jsbind",
    "asyncio": (
        "__init__ base_events base_futures base_subprocess base_tasks constants coroutines events "
        "exceptions format_helpers futures graph locks log mixins protocols queues runners "
        "selector_events sslproto staggered streams subprocess taskgroups tasks threads timeouts "
        "transports trsock unix_events"
    ),
    "collections": "__init__",
    "compression": "__init__",
    "compression/_common": "__init__ _streams",
    "compression/zstd": "__init__ _zstdfile",
    "concurrent": "__init__",
    "concurrent/futures": "__init__ _base",
    "encodings": (
        "__init__ aliases ascii cp437 latin_1 raw_unicode_escape unicode_escape utf_16 utf_16_be "
        "utf_16_le utf_32 utf_8 utf_8_sig"
    ),
    "importlib": "__init__ _abc _bootstrap _bootstrap_external abc machinery util",
    "json": "__init__ decoder encoder scanner",
    "logging": "__init__",
    "pathlib": "__init__ _os",
    "pyodide": "__init__ _package_loader _state code common webloop",
    "pyodide/ffi": "__init__",
    "re": "__init__ _casefix _compiler _constants _parser",
    "string": "__init__",
    "zipfile": "__init__",
    "zipfile/_path": "__init__ glob",
}


def kept_files() -> list[str]:
    """The zip paths ``KEEP`` names, sorted."""
    return sorted(
        f"{folder}/{name}.py" if folder else f"{name}.py"
        for folder, names in KEEP.items()
        for name in names.split()
    )


def trimmed_stdlib(full: bytes) -> bytes:
    """A zip of ``full``'s files that ``KEEP`` names (stored, sorted, fixed timestamps).

    A file missing from ``full`` is an error: a new Pyodide moved or dropped a module, and the
    list must be made again (tests/build/test_stdlib_trim.py says which).
    """
    with zipfile.ZipFile(io.BytesIO(full)) as src:
        names = set(src.namelist())
        missing = [name for name in kept_files() if name not in names]
        if missing:
            raise EconsecError(
                f"python_stdlib.zip has no {missing[0]} (and {len(missing) - 1} more): "
                "update econsec/build/stdlib.py KEEP for this Pyodide"
            )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
            for name in kept_files():
                info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                zf.writestr(info, src.read(name))
    return out.getvalue()
