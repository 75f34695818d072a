"""What a browser context asked for, to prove that nothing leaves the site (or the disk)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RequestLog:
    """Every request a context made; ``outside()`` lists those not under an allowed prefix."""

    allowed_prefixes: tuple[str, ...]
    urls: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [u for u in self.urls if not u.startswith(self.allowed_prefixes)]
