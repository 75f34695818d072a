"""Figure 9: combining answers files (``econsec.engine.combine``) in CPython, against reading them.

The files are 200 exports of the largest checklist (most items), every item answered and some
with notes, made from a fixed seed. The baseline is the part of the work nobody can skip:
``parse_import`` of the same files, once each, in the same process. Rounds alternate which of
the two runs first, as the browser figures do.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from econsec.engine.combine import combine
from econsec.engine.exchange import FORMAT, FORMAT_VERSION, parse_import
from econsec.engine.model import Checklist
from econsec.sources.checklists import load_all

FILES = 200


def largest_checklist(root: Path) -> Checklist:
    """The checklist of the project with the most items (ties: the first by file name)."""
    checklists = load_all(root / "checklists", docs_root=None)
    return max(checklists, key=lambda c: len(c.items))


def answers_files(checklist: Checklist, count: int = FILES, seed: int = 13) -> list[str]:
    """``count`` exports of ``checklist``, every item answered, a note on about one in four."""
    rnd = random.Random(seed)
    files = []
    for n in range(count):
        answers = {
            item.id: {
                "value": rnd.choice(checklist.answers),
                "note": f"回答者{n}のメモ" if rnd.random() < 0.25 else "",
            }
            for item in checklist.items
        }
        export = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "checklist": checklist.id,
            "checklist_version": checklist.version,
            "exported_at": "2026-11-29T00:00:00Z",
            "lang": "ja",
            "answers": answers,
        }
        files.append(json.dumps(export, ensure_ascii=False))
    return files


def time_once(checklist: Checklist, files: list[str], first: str) -> dict[str, float]:
    """Milliseconds for one combine of ``files`` and for parsing each of them, in that order
    (``first="combine"``) or the other."""
    labelled = [(f"r{n}", text) for n, text in enumerate(files)]

    def run_combine() -> float:
        start = time.perf_counter()
        result = combine(checklist, labelled)
        elapsed = time.perf_counter() - start
        if result["accepted"] != len(files):  # a broken measurement, not a slow one
            raise RuntimeError(f"combine accepted {result['accepted']} of {len(files)} files")
        return elapsed * 1000

    def run_parse() -> float:
        start = time.perf_counter()
        for text in files:
            parse_import(text, checklist)
        return (time.perf_counter() - start) * 1000

    steps = {"combine": run_combine, "parse": run_parse}
    order = ("combine", "parse") if first == "combine" else ("parse", "combine")
    return {key: steps[key]() for key in order}
