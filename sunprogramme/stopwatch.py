"""Wall-clock and CPU time per build stage, for the closing summary and the benchmark,
and the hooks a progress display hangs on (the display itself lives with the command line)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

try:
    import resource
except ImportError:  # not POSIX
    resource = None


class StageDisplay(Protocol):
    def start(self, stage: str, total: int | None, reused: int = 0) -> None: ...
    def advance(self, done: int) -> None: ...
    def end(self, stage: str) -> None: ...


class _Silent:
    def start(self, stage: str, total: int | None, reused: int = 0) -> None:
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
    def stage(self, name: str, total: int | None = None, children: bool = False,
              reused: int = 0) -> Iterator[Callable[[int], None]]:
        """Times the block; ``total``: how many steps it has, when known. The block is given a
        function to call with the number of steps done since the last call. ``children``: its CPU
        time includes that of the processes it started and waited for (the poster drawers).
        ``reused``: how many more the cache spares (shown, not counted in ``total``). A stage entered
        again adds to its times."""
        wall, cpu = time.perf_counter(), _cpu(children)
        self.display.start(name, total, reused)
        try:
            yield self.display.advance
        finally:
            previous = self.stages.get(name, (0.0, 0.0))
            self.stages[name] = (previous[0] + time.perf_counter() - wall, previous[1] + _cpu(children) - cpu)
            self.display.end(name)


def _cpu(children: bool) -> float:
    if not children or resource is None:
        return time.process_time()
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + waited.ru_utime + waited.ru_stime
