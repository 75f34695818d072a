"""The checklist engine: standard library only.

The same files run in the build, on the command line and in the browser (zipped with
``econsec/__init__.py`` and ``econsec/errors.py`` and imported by Pyodide), so that all three
score answers identically. Do not import anything outside the standard library and
``econsec.errors`` here.
"""

from econsec.engine.model import ANSWERS, KINDS, Checklist, Item, Section
from econsec.engine.scoring import Result, score

__all__ = ["ANSWERS", "KINDS", "Checklist", "Item", "Result", "Section", "score"]
