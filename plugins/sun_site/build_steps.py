"""The search index, made by an external program (Pagefind) beside the rest of the build."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from pagefind.service import get_executable

from sunprogramme.search_shards import SearchLot

from .cache import Blob
from .site_files import SiteFiles, files_under

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


def _pagefind_command() -> list[str]:
    """Pagefind's own program when the package can name it (« python -m pagefind » costs a Python
    start for each lot), else the package's launcher."""
    program = get_executable()
    return [str(program)] if program is not None else [sys.executable, "-m", "pagefind"]


def search_bundle(glob: str, pages: tuple[tuple[str, bytes], ...]) -> dict[str, Blob]:
    """The files of the Pagefind bundle of the pages ``pages`` ((address, ``search_view`` of the
    page), those ``glob`` selects): made by ``SearchIndex``, kept in the build's cache under this name."""
    raise NotImplementedError("made by SearchIndex")


_REMOVALS: list[subprocess.Popen] = []  # scratch folders being removed

_IGNORED = re.compile(r'<(\w+)[^>]*\sdata-pagefind-ignore="all"[^>]*>')


def _without_ignored(text: str) -> str:
    """``text`` without its elements marked data-pagefind-ignore="all" (with what they hold): each
    one runs to the end tag that closes it, counting the elements of the same name it holds (our
    templates write well-formed HTML, and a « < » in text is always escaped)."""
    while (found := _IGNORED.search(text)) is not None:
        tag, depth, end = found[1], 1, found.end()
        for inner in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(text, found.end()):
            depth += -1 if inner[1] else 1
            if depth == 0:
                end = inner.end()
                break
        else:
            end = len(text)
        text = text[:found.start()] + text[end:]
    return text


def search_view(path: str, _blob: Blob) -> bytes:
    """The digest of what Pagefind may read of the page stored as ``_blob`` at ``path``: the page
    but for its data-pagefind-ignore="all" elements (a partner's list of events, found on their own
    pages). Two pages with the same view give the same bundle: an edited event does not index again
    the lot of its partner's page."""
    text = _without_ignored(Path(path).read_text(encoding="utf-8"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class SearchIndex:
    """Pagefind, run once per lot of pages, one lot after the other (each run holds its lot in memory),
    in the background while the build finishes its other files. A lot whose pages are the same as
    in an earlier build takes its bundle from the cache. A first build indexes the staged site; a
    later one, the pages of each lot to index again, gathered (as links) in a scratch folder."""

    def __init__(self, files: SiteFiles, lots: list[SearchLot]):
        self.files = files
        self.process: subprocess.Popen | None = None
        self.failure: str | None = None
        self.stopped = False
        self.lock = threading.Lock()  # kill() and the start of the next lot never cross
        self.made: list[tuple[SearchLot, tuple]] = []
        self.scratch = files.cache.folder / f"recherche-{os.getpid()}"  # made only if needed
        for lot in lots:
            values = (lot.glob, tuple((url, files.cache.call(search_view, str(files.path(f"{url}index.html")),
                                                             files.blobs[f"{url}index.html"])) for url in lot.urls))
            found = files.cache.find(search_bundle, *values)
            if found is None:
                self.made.append((lot, values))
            else:
                files.put_all({f"{lot.bundle}/{name}": blob for name, blob in found.items()})
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _output(self, lot: SearchLot) -> Path:
        return (self.files.staging if self.files.fresh else self.scratch) / lot.bundle

    def _run(self) -> None:
        try:
            command = _pagefind_command()
            site = self.files.staging if self.files.fresh else self.scratch / "site"
            for lot, _values in self.made:
                if not self.files.fresh:  # the lot's pages, where Pagefind can read them
                    self._gather(lot, site)
                with self.lock:
                    if self.stopped:
                        return
                    self.process = subprocess.Popen(
                        [*command, "--site", str(site), "--silent", "--glob", lot.glob,
                         "--output-path", str(self._output(lot))],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                output, _ = self.process.communicate()
                if self.process.returncode != 0 and not self.stopped:
                    self.failure = output
                    return
        except Exception as error:  # told to the build by finish(), which stops it
            self.failure = f"{type(error).__name__}: {error}"

    def _gather(self, lot: SearchLot, site: Path) -> None:
        """Link the lot's pages under ``site`` at their place in the site. Done by a small process
        of its own: in this thread, a thousand folders and links would wait on the build's main
        thread for Python's lock."""
        pairs = "".join(f"{self.files.path(f'{url}index.html')}\0{site / f'{url}index.html'}\0" for url in lot.urls)
        done = subprocess.run([sys.executable, "-c", _LINK_FILES], input=pairs.encode("utf-8", "surrogateescape"),
                              capture_output=True)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode("utf-8", "replace"))

    def finish(self) -> None:
        """Wait for the lots being indexed; their bundles become files of the site, kept by the cache."""
        self.thread.join()
        if self.failure is not None:
            raise RuntimeError(f"Pagefind n'a pas pu indexer le site :\n{self.failure}")
        cache = self.files.cache
        for lot, values in self.made:
            folder = self._output(lot)
            blobs = {}
            for name in sorted(files_under(folder)):
                blobs[name] = cache.store((folder / name).read_bytes())
                if self.files.fresh:  # the staged file becomes a link to its blob, as every other
                    (folder / name).unlink()
            cache.keep(blobs, search_bundle, *values)
            self.files.put_all({f"{lot.bundle}/{name}": blob for name, blob in blobs.items()})
        self.remove_scratch()

    def remove_scratch(self) -> None:
        """Remove the scratch folder, in a process of its own (removing thousands of folders is slow)."""
        for process in _REMOVALS[:]:  # the removals of earlier builds that are over
            if process.poll() is not None:
                _REMOVALS.remove(process)
        if self.scratch.exists():  # renamed first: the next build (invoke serve) may make its own
            gone = self.scratch.with_name(f"{self.scratch.name}-{time.monotonic_ns()}")
            self.scratch.rename(gone)
            remove = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
            _REMOVALS.append(subprocess.Popen([sys.executable, "-c", remove, str(gone)], stdin=subprocess.DEVNULL,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

    def kill(self) -> None:
        with self.lock:
            self.stopped = True
            if self.process is not None:
                self.process.kill()
        self.thread.join()
        self.remove_scratch()
