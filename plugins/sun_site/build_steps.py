"""The search index, made by an external program (Pagefind) beside the rest of the build."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from pagefind.service import get_executable

from sunprogramme.search_shards import SearchLot

from .cache import Blob, Cache
from .site_files import files_under


def _pagefind_command() -> list[str]:
    """Pagefind's own program when the package can name it (« python -m pagefind » costs a Python
    start for each lot), else the package's launcher."""
    program = get_executable()
    return [str(program)] if program is not None else [sys.executable, "-m", "pagefind"]


def search_bundle(glob: str, pages: tuple[tuple[str, str], ...]) -> dict[str, Blob]:
    """The files of the Pagefind bundle of the pages ``pages`` ((address, digest of the page's bytes),
    those ``glob`` selects): made by ``SearchIndex``, kept in the build's cache under this name."""
    raise NotImplementedError("made by SearchIndex")


class SearchIndex:
    """Pagefind, run once per lot of pages, one lot after the other (each run holds its lot in memory),
    in the background while the build finishes its other files. A lot whose pages are the same as
    in an earlier build takes its bundle from the cache."""

    def __init__(self, cache: Cache, staging: Path, lots: list[SearchLot], pages: dict[str, Blob]):
        self.cache, self.staging = cache, staging
        self.process: subprocess.Popen | None = None
        self.failure: str | None = None
        self.stopped = False
        self.lock = threading.Lock()  # kill() and the start of the next lot never cross
        self.made: list[tuple[SearchLot, tuple]] = []
        self.bundles: list[str] = []
        for lot in lots:
            values = (lot.glob, tuple((url, pages[f"{url}index.html"].digest) for url in lot.urls))
            found = cache.find(search_bundle, *values)
            if found is None:
                self.made.append((lot, values))
                continue
            for name, blob in found.items():
                cache.place(blob, staging / lot.bundle / name)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            command = _pagefind_command()
            for lot, _values in self.made:
                with self.lock:
                    if self.stopped:
                        return
                    self.process = subprocess.Popen(
                        [*command, "--site", str(self.staging), "--silent", "--glob", lot.glob,
                         "--output-path", str(self.staging / lot.bundle)],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                output, _ = self.process.communicate()
                if self.process.returncode != 0 and not self.stopped:
                    self.failure = output
                    return
        except Exception as error:  # told to the build by finish(), which stops it
            self.failure = f"{type(error).__name__}: {error}"

    def finish(self) -> None:
        """Wait for the lots being indexed; their bundles go into the cache."""
        self.thread.join()
        if self.failure is not None:
            raise RuntimeError(f"Pagefind n'a pas pu indexer le site :\n{self.failure}")
        for lot, values in self.made:
            folder = self.staging / lot.bundle
            blobs = {name: self.cache.store((folder / name).read_bytes()) for name in sorted(files_under(folder))}
            self.cache.keep(blobs, search_bundle, *values)

    def kill(self) -> None:
        with self.lock:
            self.stopped = True
            if self.process is not None:
                self.process.kill()
        self.thread.join()
