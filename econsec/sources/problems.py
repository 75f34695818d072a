"""What every source validator shares: problems collected by line, and the mapping-shape check."""

from __future__ import annotations

from typing import Any

from econsec.sources import yamlfile


class Problems:
    """Collects ``(line, message)`` problems while a validator walks one file's YAML tree."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def mapping(
        self,
        node: Any,
        line: int,
        what: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        *,
        allowed_note: str = "",
        missing_line: int | None = None,
    ) -> bool:
        """Check that ``node`` is a mapping with exactly the allowed keys; False if not a mapping.

        A missing key is reported at ``missing_line`` (default: the mapping's own first line).
        """
        if not isinstance(node, dict):
            self.add(line, f"{what} must be a mapping, not {yamlfile.show(node)}")
            return False
        allowed = (*required, *optional)
        for key in node:
            if key not in allowed:
                self.add(
                    yamlfile.line(node, key),
                    f"unknown key '{key}' in {what} (allowed{allowed_note}: {', '.join(allowed)})",
                )
        for key in required:
            if key not in node:
                self.add(
                    yamlfile.line(node) if missing_line is None else missing_line,
                    f"missing key '{key}' in {what}",
                )
        return True
