"""Steps of the build that run beside Pelican: the search index (an external program)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from sunprogramme.outputs import StagedOutput
from sunprogramme.search_shards import SearchLot


class SearchIndex:
    """Pagefind, run once per lot of pages, one lot after the other (each run holds its lot in memory),
    in the background while the build finishes its other files. In a rebuild, a lot whose pages
    are all kept keeps its published bundle; a lot with a changed page is indexed again, from its
    pages gathered (as hard links) in a scratch folder."""

    def __init__(self, staged: StagedOutput, lots: list[SearchLot], fingerprints: list[str]):
        self.staged, self.lots, self.fingerprints = staged, lots, fingerprints
        self.process: subprocess.Popen | None = None
        self.failure: str | None = None
        self.stopped = False
        self.lock = threading.Lock()  # kill() and the start of the next lot never cross
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for lot, fingerprint in zip(self.lots, self.fingerprints, strict=True):
                if self.staged.keep_bundle(lot.bundle, fingerprint):
                    continue
                scratch = (tempfile.TemporaryDirectory(dir=self.staged.staging.parent,
                                                       prefix=f".{self.staged.staging.name}-")
                           if self.staged.incremental else contextlib.nullcontext())
                with scratch as folder:
                    site = self._gather(lot, Path(folder)) if folder else self.staged.staging
                    with self.lock:
                        if self.stopped:
                            return
                        self.process = subprocess.Popen(
                            [sys.executable, "-m", "pagefind", "--site", str(site), "--silent", "--glob", lot.glob,
                             "--output-path", str(self.staged.staging / lot.bundle)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                    output, _ = self.process.communicate()
                if self.process.returncode != 0 and not self.stopped:
                    self.failure = output
                    return
                self.staged.bundles[lot.bundle] = fingerprint
        except Exception as error:  # told to the build by finish(), which stops it
            self.failure = f"{type(error).__name__}: {error}"

    def _gather(self, lot: SearchLot, scratch: Path) -> Path:
        """The lot's pages, staged or kept, under ``scratch`` at their place in the site."""
        for url in lot.urls:
            name = f"{url}index.html"
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = self.staged.path(name)
            try:
                os.link(source, target)
            except OSError:  # another file system, or no hard links: a copy does as well
                shutil.copyfile(source, target)
        return scratch

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


def start_search_index(staged: StagedOutput, lots: list[SearchLot], fingerprints: list[str]) -> SearchIndex:
    """Start building the Pagefind full-text index into ``<staging>/<lot.bundle>`` (pages marked
    data-pagefind-body); ``fingerprints``: each lot's inputs."""
    return SearchIndex(staged, lots, fingerprints)


def finish_search_index(index: SearchIndex) -> None:
    index.finish()
