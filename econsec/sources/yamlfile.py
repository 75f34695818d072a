"""One line-aware YAML layer for every source file (checklists, data tables).

Files are read with ruamel.yaml's round-trip loader because it keeps the line of every key and
list entry, so each problem can be reported as ``<file>.yml:<line>: <what is wrong>``. Each file
version (path, mtime, size) is parsed once per process: a build loads every checklist several
times (validation, then each page that shows it, in both languages), and parsing dominated it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError


@dataclass(frozen=True)
class Parsed:
    doc: Any  # the round-trip tree, or None when the file could not be parsed
    error: tuple[int, str, bool] | None = None  # (line, detail, is a YAML syntax error)


def read(path: Path) -> Parsed:
    """The parsed file (cached per file version); raises OSError when it cannot be read."""
    stat = Path(path).stat()
    return _parse(Path(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=96)
def _parse(path: Path, _mtime: int, _size: int) -> Parsed:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Parsed(
            None, (data[: exc.start].count(b"\n") + 1, "the file is not UTF-8 text", False)
        )
    try:
        return Parsed(YAML(typ="rt").load(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        return Parsed(None, (line, str(exc.problem or exc.context or "invalid YAML"), True))
    except YAMLError as exc:
        return Parsed(None, (1, str(exc), True))


def line(node: Any, key: str | int | None = None) -> int:
    """The 1-based line of ``node`` itself, of its mapping key ``key`` or of its list entry."""
    lc = getattr(node, "lc", None)
    try:
        if isinstance(key, int):
            return int(lc.item(key)[0]) + 1
        if key is not None:
            return int(lc.key(key)[0]) + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        pass
    return (lc.line + 1) if lc is not None and lc.line is not None else 1


def show(value: Any) -> str:
    """A YAML value as the author wrote it, briefly (ruamel's scalar types have odd reprs)."""
    if isinstance(value, str):
        return repr(str(value))
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "empty" if value is None else str(value)
