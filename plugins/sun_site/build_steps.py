"""Steps of the build that run beside Pelican: the search index (an external program)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from sunprogramme.search_shards import SearchLot


class SearchIndex:
    """Pagefind, run once per lot of pages, one lot after the other (each run holds its lot in memory),
    in the background while the build finishes its other files."""

    def __init__(self, site: Path, lots: list[SearchLot]):
        self.site, self.lots = site, lots
        self.process: subprocess.Popen | None = None
        self.failure: str | None = None
        self.stopped = False
        self.lock = threading.Lock()  # kill() and the start of the next lot never cross
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for lot in self.lots:
                with self.lock:
                    if self.stopped:
                        return
                    self.process = subprocess.Popen(
                        [sys.executable, "-m", "pagefind", "--site", str(self.site), "--silent", "--glob", lot.glob,
                         "--output-subdir", lot.bundle],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                output, _ = self.process.communicate()
                if self.process.returncode != 0 and not self.stopped:
                    self.failure = output
                    return
        except Exception as error:  # told to the build by finish(), which stops it
            self.failure = f"{type(error).__name__}: {error}"

    def finish(self) -> None:
        self.thread.join()
        if self.failure is not None:
            raise RuntimeError(f"Pagefind n'a pas pu indexer le site :\n{self.failure}")

    def kill(self) -> None:
        with self.lock:
            self.stopped = True
            if self.process is not None:
                self.process.kill()
        self.thread.join()


def start_search_index(site: Path, lots: list[SearchLot]) -> SearchIndex:
    """Start building the Pagefind full-text index into ``site/<lot.bundle>`` (pages marked data-pagefind-body)."""
    return SearchIndex(site, lots)


def finish_search_index(index: SearchIndex) -> None:
    index.finish()
