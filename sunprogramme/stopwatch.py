"""Wall-clock and CPU time per build stage, for the closing summary and the benchmark,
and the hooks a progress display hangs on (the display itself lives with the command line)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol


class StageDisplay(Protocol):
    def start(self, stage: str, total: int | None) -> None: ...
    def advance(self, done: int) -> None: ...
    def end(self, stage: str) -> None: ...


class _Silent:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, done: int) -> None:
        pass

    def end(self, stage: str) -> None:
        pass


@dataclass
class Stopwatch:
    stages: dict[str, tuple[float, float]] = field(default_factory=dict)  # stage → (wall s, CPU s)
    display: StageDisplay = field(default_factory=_Silent)

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        """Times the block; ``total``: how many steps it has, when known. The block is given a
        function to call with the number of steps done since the last call."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.display.start(name, total)
        try:
            yield self.display.advance
        finally:
            previous = self.stages.get(name, (0.0, 0.0))
            self.stages[name] = (previous[0] + time.perf_counter() - wall, previous[1] + time.process_time() - cpu)
            self.display.end(name)
