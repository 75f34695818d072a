"""``econsec …`` in this process, with its output captured as a subprocess's would be.

For tests where the exit status of a real process is not the point: no interpreter start, no
imports again. Each kind of failure keeps one test that runs the real command in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import logging
import subprocess
from pathlib import Path

ECONSEC = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "econsec"


def run_econsec(*args: str) -> subprocess.CompletedProcess[str]:
    """``econsec.cli.main(args)``: its status and what it printed and logged (on stderr, in the
    format ``main`` gives the root logger), as ``subprocess.run(..., capture_output=True)``."""
    from econsec import cli

    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)  # as main's basicConfig does in a fresh process
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    return subprocess.CompletedProcess([str(ECONSEC), *args], code, out.getvalue(), err.getvalue())
