"""Wall-clock and CPU time per build stage, for the closing summary and the benchmark."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Stopwatch:
    stages: dict[str, tuple[float, float]] = field(default_factory=dict)  # stage → (wall s, CPU s)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            previous = self.stages.get(name, (0.0, 0.0))
            self.stages[name] = (previous[0] + time.perf_counter() - wall, previous[1] + time.process_time() - cpu)
