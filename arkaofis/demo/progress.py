"""A small progress bar for the terminal (no dependency): one line redrawn in place on a
terminal, one line per phase when the output is a file or a pipe."""

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, *, stream: TextIO | None = None, width: int = 30) -> None:
        self.total = max(1, total)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.phase = ""
        self.started = time.monotonic()
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_drawn = -1

    def start(self, phase: str) -> None:
        self.phase = phase
        if not self.interactive:
            self.stream.write(f"{phase}…\n")
            self.stream.flush()
        self._draw(force=True)

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.total, self.done + steps)
        self._draw()

    def finish(self) -> None:
        self.done = self.total
        self._draw(force=True)
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if not self.interactive:
            return
        percent = self.done * 100 // self.total
        if percent == self._last_drawn and not force:
            return
        self._last_drawn = percent
        filled = self.width * self.done // self.total
        bar = "█" * filled + "·" * (self.width - filled)
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r{bar} {percent:3d}% {elapsed:5.1f}s  {self.phase:<28}")
        self.stream.flush()
