"""Issue 17, point 1: reading an answers file takes time linear in its size.

Any text up to the import limit (``MAX_IMPORT_BYTES``) is parsed or refused by ``parse_import``
within 200 ms of CPU time in CPython. CPU time (``time.process_time``), not the wall clock, so
that other work on a shared machine does not count. A guard stops a call after 2 s of CPU time
(``SIGPROF``; the regular-expression engine checks for signals), so that a quadratic regression
fails the test instead of hanging it. The generators build whole-limit texts from short units
that slow a careless scanner down: unclosed strings of ``\\"``, runs of backslashes and quotes,
deep and flat brackets, brackets in strings, and the most answer entries that fit.
"""

from __future__ import annotations

import itertools
import json
import signal
import string
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from econsec.engine.exchange import MAX_ANSWERS, MAX_IMPORT_BYTES, parse_import
from econsec.sources.checklists import load_checklist_by_id
from tests.support.hostile import EXPORT_HEAD, unclosed_escaped_quotes

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST = load_checklist_by_id("tech-leakage-ch1", ROOT / "checklists")
LIMIT_S = 0.2
GUARD_S = 2.0

# Pieces of text that make string and bracket scanning work hard.
UNITS = [
    '\\"',  # an escaped quote: inside a string it does not end it
    "\\\\",  # an escaped backslash
    "\\",
    '"',
    "[",
    "]",
    "{",
    "}",
    "[]",
    '{"a":',
    '"[',
    '"]"[',
    "[" * 32 + "]" * 32,
    '"k":0,',
    "技",
    " ",
    "\n",
    "0",
]
PREFIXES = ["", '"', "[", EXPORT_HEAD, '{"format": "econsec-answers", "answers": {"']


class TooSlow(BaseException):  # parse_import turns an Exception into a refusal
    pass


@contextmanager
def cpu_guard(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TooSlow(f"still running after {seconds} s of CPU time")

    old = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def cpu_seconds(text: str | bytes) -> tuple[float, dict]:
    with cpu_guard(GUARD_S):
        start = time.process_time()
        result = parse_import(text, CHECKLIST)
        return time.process_time() - start, result


def fill(prefix: str, unit: str, suffix: str = "") -> str:
    """``prefix`` + ``unit`` repeated + ``suffix``, as close to the import limit as it fits."""
    room = MAX_IMPORT_BYTES - len(prefix.encode()) - len(suffix.encode())
    return prefix + unit * (room // len(unit.encode())) + suffix


def many_entries() -> str:
    """An export with as many distinct tiny unknown ids as 1 MB holds (about 125,000)."""
    head = '{"format": "econsec-answers", "format_version": 1, "checklist": "tech-leakage-ch1", "answers": {'
    alphabet = string.ascii_letters + string.digits
    keys = itertools.chain.from_iterable(
        itertools.product(alphabet, repeat=n) for n in itertools.count(1)
    )
    parts, size = [], len(head) + 2
    for key in keys:
        entry = f'"{"".join(key)}":0'
        if size + len(entry) + 1 > MAX_IMPORT_BYTES:
            break
        parts.append(entry)
        size += len(entry) + 1
    return head + ",".join(parts) + "}}"


units = st.lists(st.sampled_from(UNITS), min_size=1, max_size=6).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), unit=units, scale=st.sampled_from([1, 8, 64]))
@example(prefix=EXPORT_HEAD, unit='\\"', scale=1)
@example(prefix='"', unit='\\"', scale=1)
@example(prefix="", unit="\\", scale=1)
@example(prefix="", unit='"', scale=1)
@example(prefix="", unit="[", scale=1)
@example(prefix="", unit="[" * 32 + "]" * 32, scale=1)
@example(prefix="", unit='"[', scale=1)
def test_any_text_up_to_the_limit_is_answered_within_200_ms(
    prefix: str, unit: str, scale: int
) -> None:
    text = fill(prefix, unit)[: MAX_IMPORT_BYTES // scale]
    assert len(text.encode()) <= MAX_IMPORT_BYTES
    seconds, result = cpu_seconds(text)
    assert isinstance(result["ok"], bool)
    assert seconds < LIMIT_S, f"{seconds * 1000:.0f} ms for {len(text):,} characters of {unit!r}"


def test_the_120_kb_file_is_refused_at_once() -> None:
    text = unclosed_escaped_quotes()
    assert len(text.encode()) == 120_000
    seconds, result = cpu_seconds(text)
    assert result["error"]["code"] == "not-json"
    assert seconds < LIMIT_S
    # the same as bytes, as the bridge may hand it over
    seconds, result = cpu_seconds(text.encode())
    assert result["error"]["code"] == "not-json" and seconds < LIMIT_S


@pytest.mark.parametrize("size", [4_000, 16_000, 64_000, 256_000, MAX_IMPORT_BYTES])
def test_time_grows_linearly(size: int) -> None:
    """Quadrupling the size may at most about quadruple the time (best of three, plus a margin
    for the clock and a busy machine); the quadratic check grew sixteenfold."""
    small = min(cpu_seconds(unclosed_escaped_quotes(size // 4))[0] for _ in range(3))
    large = min(cpu_seconds(unclosed_escaped_quotes(size))[0] for _ in range(3))
    assert large < 6 * small + 0.05, f"{size // 4:,} B: {small:.4f} s, {size:,} B: {large:.4f} s"


def test_too_many_entries_are_refused_within_200_ms() -> None:
    text = many_entries()
    assert len(text.encode()) <= MAX_IMPORT_BYTES
    seconds, result = cpu_seconds(text)
    assert result["error"]["code"] == "too-many"
    assert f"{MAX_ANSWERS:,}" in result["error"]["message"]["ja"]
    assert seconds < LIMIT_S


def test_entries_up_to_the_limit_are_still_read() -> None:
    answers = {f"unknown-{i}": "yes" for i in range(MAX_ANSWERS - 1)} | {"ch1-1-1": "yes"}
    data = {"format": "econsec-answers", "format_version": 1, "checklist": CHECKLIST.id}
    result = parse_import(json.dumps(data | {"answers": answers}), CHECKLIST)
    assert result["ok"] is True, result["error"]
    assert result["answers"] == {"ch1-1-1": {"value": "yes", "note": ""}}
    assert len(result["ignored"]) == MAX_ANSWERS - 1
