"""Results of pure functions kept between builds, found again by a digest of their inputs.

Used for the file-by-file and event-by-event parts of a build (reading and checking content
files, rendering Markdown, each event's part of the exports and calendars): a rebuild after one
edit redoes only what that edit touched. Each store is one pickle file in the cache folder,
written only when something changed, and only with the entries this build used (so it does not
grow with every edit). It is tied to the code's digest: other code, empty store. A damaged or
unreadable store is ignored, never trusted.

A long-lived process (``invoke serve``) keeps its memos in memory between builds, in a ``Shelf``:
the next build takes them from there instead of loading them again, and their writing to disk
can wait until the process stops. Every entry is the result of a pure function found by the
digest of its inputs, so whatever the shelf or the disk holds is right, even if another build
rewrote the file meanwhile; at worst it lacks an entry.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def _write(path: Path, version: str, entries: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    with partial.open("wb") as handle:
        pickle.dump((version, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


class Shelf:
    """The memos a long-lived process keeps in memory, by path. With ``defer_writes``, a memo
    saved is written to disk only by ``flush`` (when the process stops), not at every build."""

    def __init__(self, defer_writes: bool = False) -> None:
        self.defer_writes = defer_writes
        self._held: dict[Path, tuple[str, dict]] = {}
        self._unwritten: set[Path] = set()

    def get(self, path: Path, version: str) -> dict | None:
        held = self._held.get(path)
        return held[1] if held is not None and held[0] == version else None

    def hold(self, path: Path, version: str, entries: dict, written: bool) -> None:
        self._held[path] = (version, entries)
        if written:
            self._unwritten.discard(path)
        else:
            self._unwritten.add(path)

    def absorb(self, handed: tuple[Path | None, str, dict, bool]) -> None:
        """Take what ``Memo.for_shelf`` handed back from a forked process (which wrote its memo)."""
        path, version, entries, complete = handed
        if path is None:
            return
        held = self.get(path, version)
        self._held[path] = (version, entries if complete or held is None else held | entries)

    def flush(self) -> None:
        """Write the memos saved since they were last written."""
        for path in sorted(self._unwritten):
            version, entries = self._held[path]
            _write(path, version, entries)
        self._unwritten.clear()

    def clear(self) -> None:
        self._held.clear()
        self._unwritten.clear()


class Memo:
    def __init__(self, path: Path | None = None, version: str = "", shelf: Shelf | None = None,
                 used_only: frozenset[str] = frozenset()) -> None:
        """``used_only``: tables whose entries are kept only when this build used them, whatever
        ``save`` is told (large values, each soon replaced by another: kept, they would pile up).
        Applied where the memo is saved: a forked process hands its new entries back to the shelf
        (``for_shelf``), which adds them to what it holds; used_only memos stay in the main process."""
        self.path, self.version, self.shelf, self.used_only = path, version, shelf, used_only
        self._old: dict[tuple[str, bytes], Any] = {}
        self._used: dict[tuple[str, bytes], Any] = {}
        self._fresh: dict[tuple[str, bytes], Any] = {}  # computed or put by this build
        self.dirty = False
        self.from_shelf = False
        held = shelf.get(path, version) if shelf is not None and path is not None else None
        if held is not None:
            self._old, self.from_shelf = held, True
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
            value = self._old[entry]
        else:
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
        with a shelf, always: a long-lived process may reuse a result without asking its memo), but
        for the ``used_only`` tables."""
        entries = self._old | self._used if keep_unused or self.shelf is not None else self._used
        if self.used_only:
            entries = {entry: value for entry, value in entries.items()
                       if entry[0] not in self.used_only or entry in self._used}
        changed = self.dirty or len(entries) != len(self._old)
        if self.path is None:
            return
        if self.shelf is not None and self.shelf.defer_writes:
            if changed or self.shelf.get(self.path, self.version) is None:
                self.shelf.hold(self.path, self.version, entries, written=not changed and not self.from_shelf)
            self._old, self.dirty = entries, False
            return
        if changed:
            _write(self.path, self.version, entries)
        if self.shelf is not None:
            self.shelf.hold(self.path, self.version, entries, written=True)
        self._old, self.dirty = dict(entries), False

    def for_shelf(self) -> tuple[Path | None, str, dict, bool]:
        """What a forked process hands back for its parent's shelf: this build's new entries, or all
        of them when the parent's shelf did not have this memo (last item: complete)."""
        if self.from_shelf:
            return self.path, self.version, dict(self._fresh), False
        return self.path, self.version, self._old | self._used, True

