"""Build caches under ``node_modules/.cache/`` (so that ``npm ci``, a new runtime, clears them).

A cache is never a requirement: a read-only ``node_modules`` just means no speed-up. Each cache
keeps one entry per name pattern, or is keyed by content and cleared by `npm ci`.
"""

from __future__ import annotations

from pathlib import Path


def keep(entry: Path, data: bytes, stale: str | None) -> None:
    """Store ``data`` as ``entry`` after removing the older entries matching ``stale``.

    ``stale`` None: entries are keyed by content and only replaced with node_modules itself.
    """
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        for old in entry.parent.glob(stale) if stale else ():
            old.unlink()
        entry.write_bytes(data)
    except OSError:
        pass
