"""Errors that reach the user as one line of text, never as a traceback."""

from __future__ import annotations


class EconsecError(Exception):
    """Base class for errors in user input (checklists, answers, pages)."""


class ChecklistError(EconsecError):
    """One or more problems in checklist YAML, each as ``path:line: message``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
