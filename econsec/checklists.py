"""Placeholder: checklist YAML loading lands with the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load_all(checklists_dir: Path, docs_root: Path) -> list[Any]:
    return []
