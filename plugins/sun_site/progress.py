"""Progress of a long build: a bar redrawn in place on a terminal, plain lines in CI logs.

Only stages whose size is known (pages, posters) are shown while they run; the time of
every stage is printed at the end by the build runner.
"""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 30
_TO_DO = {"affiches": "à dessiner"}  # what a stage's steps are, when more telling than « à faire »
REDRAW_EVERY = 0.1  # seconds: redrawing more often only slows the build down


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")  # French thousands separator (narrow no-break space)


class BuildProgress:
    def __init__(self, out: TextIO, live: bool | None = None):
        self.out = out
        self.live = out.isatty() if live is None else live
        self.stage: str | None = None
        self.total = 0
        self.done = 0
        self.drawn_at = 0.0

    def start(self, stage: str, total: int | None, reused: int = 0) -> None:
        """``total``: the steps to make; ``reused``: those the build's cache spares (« … affiches :
        12 à dessiner (238 reprises du cache) », or « … affiches : 250 (reprises du cache) »)."""
        if not total:
            if reused and not self.live:  # nothing to wait for: no bar on a terminal
                print(f"… {stage} : {_number(reused)} (reprises du cache)", file=self.out, flush=True)
            return
        self.stage, self.total, self.done, self.drawn_at = stage, total, 0, 0.0
        if self.live:
            self._draw()
        else:
            kept = f" ({_number(reused)} reprises du cache)" if reused else ""
            print(f"… {stage} : {_number(total)} {_TO_DO.get(stage, 'à faire')}{kept}", file=self.out, flush=True)

    def advance(self, done: int) -> None:
        if self.stage is None:
            return
        self.done += done
        if self.live and time.monotonic() - self.drawn_at >= REDRAW_EVERY:
            self._draw()

    def end(self, stage: str) -> None:
        if stage != self.stage:
            return
        if self.live:
            self.out.write("\r\x1b[2K")  # clear the bar: the stage's time is printed with the summary
            self.out.flush()
        self.stage = None

    def _draw(self) -> None:
        filled = BAR_WIDTH * self.done // self.total
        percent = 100 * self.done // self.total
        self.out.write(f"\r  {self.stage} ▕{'█' * filled}{' ' * (BAR_WIDTH - filled)}▏ "
                       f"{_number(self.done)} / {_number(self.total)} ({percent} %)")
        self.out.flush()
        self.drawn_at = time.monotonic()
