"""Make a session's artifact once, however many pytest-xdist workers ask for it.

`make test` runs the suite in several workers (pytest-xdist); each has its own session, so a
session fixture would otherwise build the site or pack the bundle once per worker. The first
worker to ask makes it under a lock in the folder all workers share (the parent of each
worker's base temporary folder); the others wait for the lock and reuse what it made.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from pathlib import Path

import pytest


def shared_root(factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A folder shared by every worker of this run (the base temp itself without xdist)."""
    base = factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def made_once(root: Path, name: str, make: Callable[[Path], Path]) -> Path:
    """``make(folder)`` run once per run under ``root/name``; returns what it returned.

    The path made is recorded in ``root/name.done``; a worker that finds it reuses the path.
    """
    folder = root / name
    done = root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if done.is_file():
            return Path(done.read_text(encoding="utf-8"))
        folder.mkdir(exist_ok=True)
        made = make(folder)
        done.write_text(str(made), encoding="utf-8")
        return made
