"""What a run measures (the plan: figures, rounds) and what it collected (samples, errors)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bench.throttle import CPU4, CPU4_LINE

ROOT = Path(__file__).resolve().parent.parent
PLAIN_PAGE = "guidance/tech-leakage.html"
CHECKLIST_PAGE = "checks/tech-leakage-ch1.html"
T = TypeVar("T")

# The throttled figures: 10 under 4× CPU (http and file://), 11 under 4× CPU and a 20 Mbit/s line
# (http only: a page opened from file:// makes no request, so a line changes nothing there).
THROTTLED = {10: CPU4, 11: CPU4_LINE}
# Which measurements each figure needs (the browser tasks and the other phases). A task's key is
# its sample keys' suffix: `checklist_http_cpu4` records `usable_http_cpu4`, `first_http_cpu4`…
NEEDS: dict[int, set[str]] = {
    1: {"A_http"},
    2: {"A_http", "checklist_http"},
    3: {"B"},
    4: {"B", "checklist_http"},
    5: {"checklist_http"},
    6: {"B", "A_file", "checklist_file", "bundle"},
    7: {"build"},
    8: {"bundle"},
    9: {"combine"},
    # The busy-loop check proves that the worker is slowed as the main thread is (throttle.py).
    10: {
        "A_http_cpu4",
        "B_cpu4",
        "checklist_http_cpu4",
        "A_file_cpu4",
        "checklist_file_cpu4",
        "bundle",
        "busy_http",
        "busy_http_cpu4",
        "busy_file",
        "busy_file_cpu4",
    },
    11: {"A_http_cpu4line", "B_cpu4line", "checklist_http_cpu4line", "busy_http", "busy_http_cpu4"},
}
# A smoke run (--quick) leaves out the throttled figures unless --figures names them: their
# slowed pages take a minute.
QUICK_FIGURES = "1,2,3,4,5,6,7,8,9"
ALL_FIGURES = ",".join(str(f) for f in NEEDS)


@dataclass
class Plan:
    rounds: int
    warmup: int
    changes: int
    timeout_ms: int
    figures: set[int]
    mode: str
    root: Path = ROOT  # the project whose site figure 7 builds
    # Figure 7's rounds: a build takes seconds, and on a shared machine its median needs more of
    # them to settle than a page does (single runs of 7 rounds gave 1.36 to 1.66 for one commit).
    build_rounds: int = 0  # 0: as many as `rounds`

    @property
    def needs(self) -> set[str]:
        return set().union(*(NEEDS[f] for f in self.figures))


@dataclass
class Collector:
    """Samples per measurement, and the first error of each (a broken task is not retried:
    a page that timed out once would only cost another timeout per round)."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def attempt(self, key: str, fn: Callable[[], T]) -> T | None:
        if key in self.errors:
            return None
        try:
            return fn()
        except Exception as exc:  # report and go on: the other figures are still worth having
            self.errors[key] = f"{type(exc).__name__}: {exc}"
            print(f"  ! {key}: {self.errors[key][:300]}", file=sys.stderr)
            return None

    def add(self, key: str, values: float | list[float], keep: bool) -> None:
        if keep:
            self.samples.setdefault(key, []).extend(
                values if isinstance(values, list) else [values]
            )
