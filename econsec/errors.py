"""Errors that reach the user as one line of text, never as a traceback."""

from __future__ import annotations


class EconsecError(Exception):
    """Base class for errors in user input (checklists, answers, pages)."""


class ProblemsError(EconsecError):
    """Every problem found in an input, one line each (``path:line: message``)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class ChecklistError(ProblemsError):
    """Problems in checklist YAML, each as ``checklists/<file>.yml:<line>: message``."""
