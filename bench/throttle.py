"""A slower PC and a slower line for a page: Chromium's CPU throttling, extended to its workers.

`Emulation.setCPUThrottlingRate` (DevTools protocol, sent to the page's session) slows the
page's main thread only. Measured on 2026-11-29 (Chromium 156, 2 shared cores, load 5-10): a busy
loop timed inside the page and inside a dedicated worker, rate 4 against rate 1 in the same page,
alternating, 8 times each: the main thread took 3.6-3.7 × as long, a worker over http:// (a URL)
or from file:// (a `data:` URL, as the offline bundle starts it) 1.6-1.7 × — not the rate asked,
and in fresh pages from 0.9 to 2 ×. The same command sent to the worker's own session
(`Target.setAutoAttach` on the page's session) is refused: "Operation is only supported for
pages, not workers". The engine runs Python in a dedicated worker while baseline B runs
`loadPyodide()` on the main thread, so page throttling alone would slow B 4 × and the engine far
less: a first score and re-scores that flatter.

So `WorkerThrottle` slows every dedicated-worker thread of our Chromium's renderers as Chromium
slows the main thread, by suspending it (rate - 1)/rate of the time: each thread named
`DedicatedWorker` is put, as soon as it appears (/proc polled every 2 ms), into a freezer cgroup
(v1, which takes single threads) that is thawed 2 ms and frozen (rate - 1) × 2 ms in turn.
Chromium's background threads (wasm compilation, the network) are throttled neither for the
page nor for baseline B, as Chromium's own throttling leaves them. This needs a writable
`/sys/fs/cgroup/freezer` (root); without one the worker would run free, so a throttled
measurement fails (`WorkerThrottle.error`) rather than report a flattering figure. Every run
checks the result with the same busy loop (bench/js/busy.html) on the main thread and in a
worker, with and without the throttling.

The line: `Network.emulateNetworkConditions` on the page's session, which covers the worker's
requests too (bench/network.py). A page opened from file:// makes no request: a line changes
nothing there.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CGROUP_FREEZER = Path("/sys/fs/cgroup/freezer")
# The duty cycle (argv: the freezer.state file, the rate, the bench's pid, without which it
# stops): thawed 2 ms, then frozen until the frozen time is (rate - 1) × the thawed time so far,
# both as measured, so that a late wake-up in one phase is made up in the next and the share
# stays 1/rate.
DUTY_CYCLE = """
import os, sys, time
path, rate, parent = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
try:
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
except (OSError, AttributeError):
    pass
thawed = frozen = 0.0
with open(path, "w", buffering=1) as state:
    while os.getppid() == parent:  # ends with the bench, however it ends
        t0 = time.monotonic()
        time.sleep(max(0.0, frozen / (rate - 1) - thawed) + 0.002)
        state.write("FROZEN\\n")
        t1 = time.monotonic()
        thawed += t1 - t0
        time.sleep(max(0.0, (rate - 1) * thawed - frozen))
        state.write("THAWED\\n")
        frozen += time.monotonic() - t1
    state.write("THAWED\\n")
"""
WORKER_THREAD = "DedicatedWorker"  # /proc/<pid>/task/<tid>/comm of Chromium's worker threads
POLL_S = 0.002  # how often new worker threads are looked for
YOUNG_S = 10.0  # how long a new process of ours may take to show it is a renderer (loaded machine)
SETTLED_S = 0.05  # a thread is named as it starts: one not a worker by then never will be


@dataclass(frozen=True)
class Line:
    """An emulated network line (Chromium's `Network.emulateNetworkConditions`)."""

    down_mbit: float
    up_mbit: float
    latency_ms: float

    @property
    def text(self) -> str:
        return (
            f"{self.down_mbit:g} Mbit/s down, {self.up_mbit:g} Mbit/s up, "
            f"{self.latency_ms:g} ms latency"
        )


@dataclass(frozen=True)
class Conditions:
    """A slower PC (CPU slowed `cpu_rate` times: main thread and workers) and optionally a line."""

    key: str  # suffix of the sample keys, e.g. "cpu4"
    label: str  # e.g. "4× CPU"
    cpu_rate: float
    line: Line | None = None


# An office line: 20 Mbit/s down, as the issue says; 10 up and 40 ms, as bench/network.py's.
OFFICE_LINE = Line(down_mbit=20.0, up_mbit=10.0, latency_ms=40.0)
CPU4 = Conditions("cpu4", "4× CPU", 4.0)
CPU4_LINE = Conditions("cpu4line", "4× CPU + 20 Mbit/s", 4.0, OFFICE_LINE)


def apply_to_page(context: Any, page: Any, cond: Conditions) -> Any:
    """Throttle the page's main thread (and its requests, with a line) before it navigates.
    Returns the CDP session, which must live as long as the page."""
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cond.cpu_rate})
    if cond.line is not None:
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": cond.line.latency_ms,
                "downloadThroughput": cond.line.down_mbit * 1e6 / 8,
                "uploadThroughput": cond.line.up_mbit * 1e6 / 8,
            },
        )
    return cdp


@dataclass
class Renderers:
    """Chromium renderer processes among the descendants of this process: only our own
    browser's, never another program's on the same machine. A process's parent is read once,
    and only our new processes are looked at again, so a poll every 2 ms costs little more than
    one listing of /proc."""

    root: int = field(default_factory=os.getpid)
    ours: set[int] = field(default_factory=set)  # our descendants
    seen: set[int] = field(default_factory=set)
    found: list[int] = field(default_factory=list)
    young: dict[int, float] = field(default_factory=dict)  # our processes not yet named renderer

    def __post_init__(self) -> None:
        self.ours.add(self.root)

    def poll(self) -> list[int]:
        pids = {int(n) for n in os.listdir("/proc") if n.isdigit()}
        parents: dict[int, int] = {}
        for pid in pids - self.seen:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
                parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue  # gone, or not readable yet: looked at again next time
        # A new process and its new parent may both be in this listing: until nothing changes.
        grew = True
        while grew:
            new = [
                pid for pid, ppid in parents.items() if ppid in self.ours and pid not in self.ours
            ]
            self.ours.update(new)
            grew = bool(new)
        now = time.monotonic()
        for pid in parents:
            self.seen.add(pid)
            if pid in self.ours:
                self.young[pid] = now
        # A process forked by Chromium's zygote shows the zygote's command line until it sets its
        # own: our young processes are looked at again, for a second.
        for pid, born in list(self.young.items()):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                cmdline = b""
            if b"--type=renderer" in cmdline:
                self.found.append(pid)
            if cmdline == b"" or b"--type=renderer" in cmdline or now - born > YOUNG_S:
                del self.young[pid]
        self.found = [p for p in self.found if p in pids]
        return self.found


def threads(pid: int) -> list[int]:
    try:
        return [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return []


def is_worker(pid: int, tid: int) -> bool:
    try:
        comm = Path(f"/proc/{pid}/task/{tid}/comm").read_text(encoding="utf-8")
    except OSError:
        return False
    return comm.startswith(WORKER_THREAD)


@dataclass
class WorkerThrottle:
    """While entered, every dedicated-worker thread of our Chromium's renderers is frozen
    (rate - 1) / rate of the time, as Chromium suspends the page's main thread: it runs 2 ms,
    then is frozen (rate - 1) × 2 ms (a freezer cgroup per throttle, removed on exit)."""

    rate: float
    throttled: set[int] = field(default_factory=set)  # the worker threads put in the cgroup
    error: str | None = None  # why workers could not be throttled (then they run free)
    _dir: Path | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _duty: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> WorkerThrottle:
        if self.rate <= 1:
            return self
        try:
            self._dir = CGROUP_FREEZER / f"econsec-bench-{os.getpid()}-{id(self):x}"
            self._dir.mkdir()
            (self._dir / "freezer.state").write_text("THAWED")
        except OSError as exc:
            self.error = f"no cgroup for the worker ({exc}): workers not throttled"
            self._dir = None
            return self
        self._thread = threading.Thread(target=self._poll, name="worker-throttle", daemon=True)
        self._thread.start()
        # The freezing and thawing runs in its own small process, at real-time priority when
        # allowed: on a busy machine a thread of this one woke too late (and the GIL with it).
        self._duty = subprocess.Popen(
            [
                sys.executable,
                "-c",
                DUTY_CYCLE,
                str(self._dir / "freezer.state"),
                str(self.rate),
                str(os.getpid()),
            ],
            stdin=subprocess.DEVNULL,
        )
        return self

    def _poll(self) -> None:
        assert self._dir is not None
        tasks = self._dir / "tasks"
        found = Renderers()
        seen: dict[int, float] = {}  # thread -> when first seen; dropped once settled
        settled: set[int] = set()  # threads that are not workers (or already throttled)
        while not self._stop.is_set():
            now = time.monotonic()
            for pid in found.poll():
                for tid in threads(pid):
                    if tid in settled:
                        continue
                    if not is_worker(pid, tid):
                        if now - seen.setdefault(tid, now) > SETTLED_S:
                            settled.add(tid)
                        continue
                    try:
                        tasks.write_text(str(tid))
                    except OSError as exc:  # the thread ended meanwhile, or no permission
                        if Path(f"/proc/{pid}/task/{tid}").exists():
                            self.error = f"worker thread {tid} not throttled: {exc}"
                        continue
                    self.throttled.add(tid)
                    settled.add(tid)
            time.sleep(POLL_S)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._duty is not None:
            self._duty.terminate()
            self._duty.wait()
        if self._dir is None:
            return
        (self._dir / "freezer.state").write_text("THAWED")
        # Threads still alive go back to the parent group; an emptied group can be removed. A
        # worker thread that is exiting cannot be moved but stays listed until it is gone (on a
        # busy machine, seconds after its page closed): try again for up to 10 s.
        parent = self._dir.parent / "tasks"
        for _ in range(200):
            for tid in (self._dir / "tasks").read_text().split():
                with contextlib.suppress(OSError):
                    parent.write_text(tid)
            try:
                self._dir.rmdir()
                return
            except OSError:
                time.sleep(0.05)
        print(f"  ! {self._dir} could not be removed (still busy)", file=sys.stderr)
