"""Support desks (``data/support_desks.yml``): where a firm gets help with its gaps.

The file is a dataset like the others (``econsec.sources.datasets``: columns, ``file:line``
problems); this module adds what only desks need: each desk's page on this site must exist in both
languages with its anchor, and checklist items name desks by id (``support: [<id>, …]``, checked
by ``econsec.sources.checklist_schema``). The self-check's results list the desks that match the
user's gaps (``econsec.engine.support``) and ``econsec.mdext.support_desks`` renders them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from econsec.sources.datasets import PAGE_RE, DataError, load_dataset
from econsec.sources.pages import page_link_problem

DATASET = "support_desks"


@dataclass(frozen=True)
class Desk:
    id: str
    name: dict[str, str]
    helps: dict[str, str]
    page: str  # /<page>.md#<anchor>, this site's explanation of the desk
    url: str | None = None  # the official page the source gives, where it gives one
    note: dict[str, str] | None = None  # the site's own remark (e.g. that no contact is given)


def load_desks(
    data_dir: Path, docs_root: Path | None = None, *, missing_ok: bool = False
) -> dict[str, Desk]:
    """Every desk by id, in file order; its page checked when ``docs_root`` (docs/) is given.

    Raises ``DataError`` (``data/support_desks.yml:<line>: …``) for any problem; a missing file
    is one too, unless ``missing_ok`` (then there are no desks).
    """
    if missing_ok and not (Path(data_dir) / f"{DATASET}.yml").is_file():
        return {}
    dataset = load_dataset(DATASET, data_dir)
    problems = []
    desks: dict[str, Desk] = {}
    for row, line in zip(dataset.entries, dataset.lines, strict=True):
        match = PAGE_RE.fullmatch(row["page"])
        problem = None
        if docs_root is not None and match is not None:
            page, anchor = match.groups()
            problem = page_link_problem(Path(docs_root), page, anchor, f"page '{row['page']}'")
        if problem:
            at = line.get("page", line[""])
            problems.append(f"{Path(data_dir).name}/{DATASET}.yml:{at}: {problem}")
        desks[row["id"]] = Desk(
            row["id"], row["name"], row["helps"], row["page"], row.get("url"), row.get("note")
        )
    if problems:
        raise DataError(problems)
    return desks


def desk_ids(data_dir: Path) -> frozenset[str] | None:
    """The desk ids checklists may name; None (not checked) where there is no desks file."""
    if not (Path(data_dir) / f"{DATASET}.yml").is_file():
        return None
    return frozenset(load_desks(data_dir))


def desks_source(data_dir: Path) -> dict[str, str]:
    """The desks file's ``source`` line ({ja, en}), shown under the desks."""
    return load_dataset(DATASET, data_dir).source
