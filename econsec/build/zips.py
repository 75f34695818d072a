"""The one way this project writes a zip: the same entries always give the same bytes."""

from __future__ import annotations

import io
import zipfile

# The earliest timestamp the zip format can hold.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(
    entries: dict[str, bytes], *, date_time: tuple[int, ...] = ZIP_EPOCH
) -> bytes:
    """A zip of ``{name: data}`` with sorted entries, one timestamp and fixed permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permissions below are read
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            zf.writestr(info, entries[name], compresslevel=9)
    return buf.getvalue()
