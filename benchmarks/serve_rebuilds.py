"""What ``invoke serve`` does, measured: one long-lived process builds, then an event is edited and
it builds again, several times, keeping its caches in memory as serve does.

Usage: python -m benchmarks.serve_rebuilds SETTINGS CONTENT OUTPUT EDITED TIMES RESULT.json
(run from the project root); writes each rebuild's wall time to RESULT.json.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    settings, content, output, edited, times, result = argv
    sys.path.insert(0, "plugins")
    from sun_site.build import build

    caches: dict = {}
    assert build(settings, content, output, out=io.StringIO(), caches=caches) == 0
    edited_file, walls = Path(edited), []
    for number in range(int(times)):
        text = edited_file.read_text(encoding="utf-8")
        edited_file.write_text(text.replace("titre: ", f"titre: Revu {number} — ", 1), encoding="utf-8")
        os.sync()
        started = time.perf_counter()
        assert build(settings, content, output, out=io.StringIO(), caches=caches) == 0
        walls.append(time.perf_counter() - started)
    for cache in caches.values():
        cache.write_index()
    Path(result).write_text(json.dumps(walls), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
