"""Results of pure functions kept between builds, found again by a digest of their inputs.

Used for the file-by-file and event-by-event parts of a build (reading and checking content
files, rendering Markdown, each event's part of the exports and calendars): a rebuild after one
edit redoes only what that edit touched. Each store is one pickle file in the cache folder,
written only when something changed, and only with the entries this build used (so it does not
grow with every edit). It is tied to the code's digest: other code, empty store. A damaged or
unreadable store is ignored, never trusted.

A long-lived process (``invoke serve``) keeps its memos in memory between builds, in a *shelf*
(a plain dict by path): the next build takes them from there instead of loading them again. Every
entry is the result of a pure function found by the digest of its inputs, so whatever the shelf
holds is right, even if another build rewrote the file meanwhile; at worst it lacks an entry.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


Shelf = dict[Path, tuple[str, dict]]  # path → (version, entries)


class Memo:
    def __init__(self, path: Path | None = None, version: str = "", shelf: Shelf | None = None) -> None:
        self.path, self.version, self.shelf = path, version, shelf
        self._old: dict[tuple[str, bytes], Any] = {}
        self._used: dict[tuple[str, bytes], Any] = {}
        self._fresh: dict[tuple[str, bytes], Any] = {}  # computed or put by this build
        self.hits = self.misses = 0
        self.dirty = False
        self.from_shelf = False
        held = shelf.get(path) if shelf is not None and path is not None else None
        if held is not None and held[0] == version:
            self._old, self.from_shelf = held[1], True
        elif path is not None and path.is_file():
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
            value = self._fresh[entry] = compute()
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
            self._fresh[entry] = value
        self._used[entry] = value

    def save(self, keep_unused: bool = False) -> None:
        """Keep this build's entries for the next one (nothing written when nothing changed);
        ``keep_unused``: keep the older entries too (a build stopped half-way did not ask for them all;
        with a shelf, always: a long-lived process may reuse a result without asking its memo)."""
        entries = self._old | self._used if keep_unused or self.shelf is not None else self._used
        if self.shelf is not None and self.path is not None:
            self.shelf[self.path] = (self.version, entries)
        if self.path is None or not (self.dirty or len(entries) != len(self._old)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        with partial.open("wb") as handle:
            pickle.dump((self.version, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)
        self._old, self.dirty = dict(entries), False

    def for_shelf(self) -> tuple[Path | None, str, dict, bool]:
        """What a forked process hands back for its parent's shelf: this build's new entries, or all
        of them when the parent's shelf did not have this memo (last item: complete)."""
        if self.from_shelf:
            return self.path, self.version, dict(self._fresh), False
        return self.path, self.version, self._old | self._used, True


def absorb(shelf: Shelf, handed: tuple[Path | None, str, dict, bool]) -> None:
    """Take into ``shelf`` what ``Memo.for_shelf`` handed back."""
    path, version, entries, complete = handed
    if path is None:
        return
    held = shelf.get(path)
    if complete or held is None or held[0] != version:
        shelf[path] = (version, entries)
    else:
        shelf[path] = (version, held[1] | entries)
