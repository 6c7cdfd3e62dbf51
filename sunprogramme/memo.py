"""Results of pure functions kept between builds, found again by a digest of their inputs.

Used for the file-by-file and event-by-event parts of a build (reading and checking content
files, rendering Markdown, each event's part of the exports and calendars): a rebuild after one
edit redoes only what that edit touched. Each store is one pickle file in the cache folder,
written only when something changed, and only with the entries this build used (so it does not
grow with every edit). It is tied to the code's digest: other code, empty store. A damaged or
unreadable store is ignored, never trusted.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self, path: Path | None = None, version: str = "") -> None:
        self.path, self.version = path, version
        self._old: dict[tuple[str, bytes], Any] = {}
        self._used: dict[tuple[str, bytes], Any] = {}
        self.hits = self.misses = 0
        self.dirty = False
        if path is not None and path.is_file():
            try:
                with path.open("rb") as handle:
                    stored_version, entries = pickle.load(handle)
                if stored_version == version:
                    self._old = entries
            except Exception:  # a half-written or foreign file: start empty
                self._old = {}

    def get(self, table: str, key: bytes, compute: Callable[[], T]) -> T:
        """``compute()``, or what it returned for the same ``table`` and ``key`` before."""
        entry = (table, key)
        if entry in self._used:
            return self._used[entry]
        if entry in self._old:
            self.hits += 1
            value = self._old[entry]
        else:
            self.misses += 1
            self.dirty = True
            value = compute()
        self._used[entry] = value
        return value

    def lookup(self, table: str, key: bytes) -> Any | None:
        """What was kept for ``table`` and ``key`` (this build or the one before), or None."""
        entry = (table, key)
        if entry not in self._used and entry in self._old:
            self._used[entry] = self._old[entry]
        return self._used.get(entry)

    def put(self, table: str, key: bytes, value: Any) -> None:
        entry = (table, key)
        if self._old.get(entry, self) != value:
            self.dirty = True
        self._used[entry] = value

    def save(self, keep_unused: bool = False) -> None:
        """Keep this build's entries for the next one (nothing written when nothing changed);
        ``keep_unused``: keep the older entries too (a build stopped half-way did not ask for them all)."""
        entries = self._old | self._used if keep_unused else self._used
        if self.path is None or not (self.dirty or len(entries) != len(self._old)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        with partial.open("wb") as handle:
            pickle.dump((self.version, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)
        self._old, self.dirty = dict(entries), False

