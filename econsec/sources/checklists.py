"""Checklist YAML (``checklists/<id>.yml``) -> ``econsec.engine.model.Checklist``.

The YAML is read through ``econsec.sources.yamlfile`` (line-aware, parsed once per file version):
every problem is reported as ``checklists/<file>.yml:<line>: <what is wrong>``, and
all problems of all files are collected into one ``ChecklistError`` so that an author fixes them
in one pass. The schema is documented in the README ("Authoring checklists").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from econsec.engine.model import Checklist
from econsec.errors import ChecklistError
from econsec.sources import yamlfile
from econsec.sources.checklist_schema import ID_RE, RESERVED_IDS, Validator

__all__ = ["RESERVED_IDS", "load_all", "load_checklist", "load_checklist_by_id"]


def _display_path(path: Path) -> str:
    """``checklists/<file>.yml``: the path relative to the checklists folder's parent."""
    path = path.resolve()
    return path.relative_to(path.parent.parent).as_posix()


def _read(path: Path, validator: Validator) -> Any:
    parsed = yamlfile.read(path)
    if parsed.error:
        line, detail, syntax = parsed.error
        validator.add(line, f"YAML syntax error: {detail}" if syntax else detail)
    return parsed.doc


def _load(
    path: Path, docs_root: Path | None, desks: frozenset[str] | None
) -> tuple[Checklist | None, list[str]]:
    """Load and validate one file: the checklist, or None and the problems found."""
    # `otherwise` may name any checklist file beside this one (ids are the file names).
    known = frozenset(available_checklists(path.parent))
    validator = Validator(docs_root, expected_id=path.stem, desks=desks, checklists=known)
    doc = _read(path, validator)
    definition = None if validator.problems else validator.checklist(doc)
    rel = _display_path(path)
    problems = [f"{rel}:{line}: {msg}" for line, msg in sorted(validator.problems, key=_by_line)]
    if problems or definition is None:
        return None, problems
    return Checklist.from_dict(definition), []


def _by_line(problem: tuple[int, str]) -> int:
    return problem[0]


def load_checklist(
    path: Path, docs_root: Path | None = None, desks: frozenset[str] | None = None
) -> Checklist:
    """Load one checklist file; guidance links are checked when ``docs_root`` (docs/) is given,
    the support desks it names when ``desks`` (``econsec.sources.desks.desk_ids``) is.

    Raises ChecklistError listing every problem as ``checklists/<file>.yml:<line>: <message>``.
    """
    path = Path(path)
    if not path.is_file():
        raise ChecklistError([f"{_display_path(path)}: no such checklist file"])
    checklist, problems = _load(path, docs_root, desks)
    if checklist is None:
        raise ChecklistError(problems)
    return checklist


def available_checklists(checklists_dir: Path) -> list[str]:
    """The ids of the checklists in ``checklists_dir`` (their file names), sorted."""
    return sorted(p.stem for p in Path(checklists_dir).glob("*.yml"))


def load_checklist_by_id(checklist_id: str, checklists_dir: Path) -> Checklist:
    """The checklist ``<checklists_dir>/<id>.yml`` (format-validated; links are not checked)."""
    checklists_dir = Path(checklists_dir)
    if not isinstance(checklist_id, str) or not ID_RE.fullmatch(checklist_id):
        raise ChecklistError([f"bad checklist id {checklist_id!r}: use [a-z0-9-]+"])
    path = checklists_dir / f"{checklist_id}.yml"
    if not path.is_file():
        known = available_checklists(checklists_dir)
        raise ChecklistError(
            [f"unknown checklist '{checklist_id}' (available: {', '.join(known) or 'none'})"]
        )
    return load_checklist(path)


def load_all(
    checklists_dir: Path, docs_root: Path | None, desks: frozenset[str] | None = None
) -> list[Checklist]:
    """Every ``*.yml`` in ``checklists_dir``, in file-name order, fully validated (``desks``: the
    support desk ids items may name; None leaves them unchecked).

    Collects the problems of all files (and duplicate ids across files) into one ChecklistError.
    """
    checklists_dir = Path(checklists_dir)
    if not checklists_dir.is_dir():
        return []
    problems: list[str] = []
    loaded: list[Checklist] = []
    seen: dict[str, Path] = {}
    for path in sorted(checklists_dir.glob("*.yml")):
        checklist, found = _load(path, docs_root, desks)
        problems += found
        if checklist is None:
            continue
        if checklist.id in seen:
            problems.append(
                f"{_display_path(path)}:1: duplicate checklist id '{checklist.id}' "
                f"(also in {_display_path(seen[checklist.id])})"
            )
            continue
        seen[checklist.id] = path
        loaded.append(checklist)
    if problems:
        raise ChecklistError(problems)
    return loaded
