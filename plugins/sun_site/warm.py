"""What a long-lived build process (``invoke serve``) keeps in memory from one build to the next.

A build started from the command line loads its caches from disk (``sunprogramme.memo``, the
site's manifest) and rebuilds the whole programme from the kept results. ``invoke serve`` stays
alive between edits, so it keeps instead:

- the memos, as they were saved (no unpickling: see ``sunprogramme.memo``); those a build did
  not need are loaded after it (``finish``), so that the first edit finds them all; they are
  written to disk when the process stops (``stop``), not at every build;
- through the memos, the events built from unchanged files, as the same objects;
- the fingerprinter, whose digests are remembered by object: an event taken again is not
  digested again;
- the manifest of the published site, as long as the file on disk is the one this process wrote.

Everything kept was made by the same code and settings: a build made by other ones starts afresh.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sunprogramme.fingerprint import Fingerprinter
from sunprogramme.memo import Memo, Shelf
from sunprogramme.outputs import Manifest


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


@dataclass
class WarmState:
    fingerprinter: Fingerprinter = field(default_factory=Fingerprinter)
    build_digest: str = ""  # of the code and settings the rest was made with
    _expected: list[Path] = field(default_factory=list)  # the memos a build may use
    memos: Shelf = field(default_factory=lambda: Shelf(defer_writes=True))
    _manifests: dict[Path, tuple[tuple[int, int, int] | None, str, Manifest]] = field(default_factory=dict)

    def start(self, build_digest: str, memos: list[Path]) -> None:
        """A build begins: what was made by other code or settings is dropped. ``memos``: the
        paths of the memos it may use."""
        self._expected = memos
        if build_digest != self.build_digest:
            self.memos.flush()
            self.memos.clear()
            self._manifests.clear()
            self.build_digest = build_digest

    def manifest(self, path: Path, site: str) -> Manifest | None:
        """The manifest this process wrote at ``path`` for ``site``, if the file is still that one."""
        held = self._manifests.get(path)
        if held is None or held[1] != site or held[0] != _signature(path):
            return None
        return held[2]

    def keep_manifest(self, path: Path, site: str, manifest: Manifest) -> None:
        self._manifests[path] = (_signature(path), site, manifest)

    def finish(self) -> None:
        """A build ended: let go of the digests of objects no longer in use, and load the memos
        it did not need (the next build, after an edit, will)."""
        self.fingerprinter.forget_unreferenced()
        for path in self._expected:
            if self.memos.get(path, self.build_digest) is None:
                memo = Memo(path, self.build_digest, self.memos)
                memo.save()  # held by the shelf as it is on disk: nothing to write

    def stop(self) -> None:
        """The process stops: what the next ``invoke build`` can reuse is written to disk."""
        self.memos.flush()
