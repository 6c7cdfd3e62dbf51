"""Steps of the build that run beside Pelican: the search index (an external program)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from pagefind.service import get_executable

from sunprogramme.outputs import StagedOutput
from sunprogramme.search_shards import SearchLot

# Reads « source NUL target NUL … » and makes each target a hard link to its source (a copy on a
# file system without hard links), with its folders.
_LINK_FILES = """
import os, shutil, sys
names = sys.stdin.buffer.read().split(b"\\0")[:-1]
for source, target in zip(names[::2], names[1::2]):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
"""


@contextlib.contextmanager
def _scratch_folder(parent: Path, prefix: str) -> Iterator[str]:
    """A temporary folder, removed by a process of its own (see ``SearchIndex._gather``)."""
    folder = tempfile.mkdtemp(dir=parent, prefix=prefix)
    try:
        yield folder
    finally:
        subprocess.run([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                        folder], check=False)


def _pagefind_command() -> list[str]:
    """Pagefind's own program when the package can name it (« python -m pagefind » costs a Python
    start for each lot), else the package's launcher."""
    program = get_executable()
    return [str(program)] if program is not None else [sys.executable, "-m", "pagefind"]


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
            command = _pagefind_command()
            for lot, fingerprint in zip(self.lots, self.fingerprints, strict=True):
                if self.staged.keep_bundle(lot.bundle, fingerprint):
                    continue
                scratch = (_scratch_folder(self.staged.staging.parent, f".{self.staged.staging.name}-")
                           if self.staged.incremental else contextlib.nullcontext())
                with scratch as folder:
                    site = self._gather(lot, Path(folder)) if folder else self.staged.staging
                    with self.lock:
                        if self.stopped:
                            return
                        self.process = subprocess.Popen(
                            [*command, "--site", str(site), "--silent", "--glob", lot.glob,
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
        """The lot's pages, staged or kept, under ``scratch`` at their place in the site. Done by a
        small process of its own: in this thread, a thousand folders and links would wait on the
        build's main thread for Python's lock (2.2 s instead of 0.4 s for 900 pages)."""
        pairs = "".join(f"{self.staged.path(f'{url}index.html')}\0{scratch / f'{url}index.html'}\0" for url in lot.urls)
        done = subprocess.run([sys.executable, "-c", _LINK_FILES], input=pairs.encode("utf-8", "surrogateescape"),
                              capture_output=True)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode("utf-8", "replace"))
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
