"""A one-line progress bar for long parallel jobs (site build, store regeneration)."""

from __future__ import annotations

import sys


class Progress:
    """A one-line progress bar on stderr (a plain summary line when not a terminal)."""

    def __init__(self, total: int, label: str, enabled: bool = True) -> None:
        self.total, self.done, self.label = total, 0, label
        self.enabled = enabled and total > 0
        self.tty = sys.stderr.isatty()

    def step(self, what: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "." * (width - filled)
            sys.stderr.write(f"\r{self.label} [{bar}] {self.done}/{self.total} {what:<20}")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif self.done == self.total or self.done % 10 == 0:
            print(f"{self.label}: {self.done}/{self.total}", file=sys.stderr)
