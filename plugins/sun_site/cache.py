"""The build's one cache: the results of pure steps, found again by the values they received.

Every result is keyed by a digest of the function (its module and name), of the *values* of
its arguments and of the build's namespace: the digest of the project's code and data, of the
libraries that shape the output (and the poster fonts), and of the settings. Nothing lists what
a result depends on: a step reads only its arguments (``sunprogramme.steps``), so equal keys
give equal results, and a rebuild after one edit redoes only the steps whose values changed.

Two kinds of results:
- values (a checked file, a built event, one VEVENT's bytes…), kept in one pickle file;
- site files (``output``): their bytes are stored once as a *blob* named by their digest, and
  the build links the blob into the site it assembles (no copy, no rewrite of an unchanged page).

A build keeps only the entries it used (and the blobs they name); a build stopped by an error
keeps the older ones too, for the try that follows its fix. ``invoke serve`` keeps the same
``Cache`` in memory from one build to the next, and writes it when it stops.

Values are digested whole, except frozen dataclasses (the model's events, venues…), digested
once per build and remembered by identity: a page listing 500 events digests each event once
for the whole build. The objects are kept alive with their digest, so an id is never reused
while remembered; what a build did not use is forgotten when it ends. A mutable object (the
whole ``Programme``, say) is refused: a step receives the values it reads.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import pickle
import shutil
import weakref
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

INDEX = "steps.pickle"


def _blake(parts: Iterable[bytes]) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
    return digest.digest()


@dataclasses.dataclass(frozen=True)
class Blob:
    """A site file's bytes, stored in the cache under their digest. ``stamp``: the stored file's
    modification time, not part of the value: a file linked into the site and then changed in
    place (by hand) changes the blob too, and is then no longer trusted (see ``Cache.intact``)."""

    digest: str
    size: int
    stamp: int = dataclasses.field(default=0, compare=False)


class Digester:
    """Digests of values (16 bytes); frozen dataclasses remembered by identity while they live (a weak
    reference: the digester must not keep every page or poster of a build alive) and until ``forget_unused``."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[weakref.ref, bytes]] = {}
        self._used: set[int] = set()

    def __call__(self, *values: Any) -> bytes:
        return _blake(self.encode(value) for value in values)

    def encode(self, value: Any) -> bytes:
        # Each encoding starts with a type tag, so that « 1 », « "1" » and « [1] » differ.
        known = self._known.get(id(value))  # a frozen dataclass digested before: the commonest case
        if known is not None and known[0]() is value:
            self._used.add(id(value))
            return known[1]
        kind = type(value)
        if kind is str:
            data = value.encode("utf-8", "surrogatepass")
            return b"s" + str(len(data)).encode() + b":" + data
        encode = _ENCODERS.get(kind)
        if encode is None:
            encode = _ENCODERS[kind] = _encoder_for(kind)
        return encode(self, value)

    def _dataclass(self, value: Any) -> bytes:
        kind = type(value)
        names = _FIELDS.get(kind)
        if names is None:  # fields left out of equality (compare=False) are not part of the value
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value) if f.compare)
        encoded = b"o" + _blake([kind.__module__.encode(), kind.__qualname__.encode(),
                                 *(self.encode(getattr(value, name)) for name in names)])
        self._known[id(value)] = (weakref.ref(value), encoded)
        self._used.add(id(value))
        return encoded

    def forget_unused(self) -> None:
        """Forget the objects not digested since the last call (a build's end)."""
        known = self._known
        self._known = {key: known[key] for key in self._used if key in known and known[key][0]() is not None}
        self._used = set()


_FIELDS: dict[type, tuple[str, ...]] = {}


def _text(_self: Digester, value: str) -> bytes:  # Markup (already escaped) must differ from str
    data = value.encode("utf-8", "surrogatepass")
    return b"M" + str(len(data)).encode() + b":" + data


def _sequence(self: Digester, value: list | tuple) -> bytes:
    encode = self.encode
    return b"[" + b"".join([encode(item) for item in value]) + b"]"


def _mapping(self: Digester, value: dict) -> bytes:
    return b"{" + b"".join([self.encode(k) + self.encode(v) for k, v in value.items()]) + b"}"


def _set(self: Digester, value: set | frozenset) -> bytes:  # set order changes with the hash seed: sort
    return b"<" + b"".join(sorted(self.encode(item) for item in value)) + b">"


def _unknown(_self: Digester, value: Any) -> bytes:
    raise TypeError(f"a step cannot receive a {type(value).__qualname__}: pass the values it reads")


def _encoder_for(kind: type) -> Callable[[Digester, Any], bytes]:
    """How values of ``kind`` are encoded, decided once per type (checked in this order)."""
    if hasattr(kind, "__dataclass_fields__") and kind.__dataclass_params__.frozen:
        return Digester._dataclass
    if kind is type(None) or issubclass(kind, bool):
        return lambda _self, value: repr(value).encode()
    if issubclass(kind, str):
        return _text
    if issubclass(kind, bytes):
        return lambda _self, value: b"b" + str(len(value)).encode() + b":" + value
    if issubclass(kind, Enum):
        return lambda self, value: b"e" + self.encode(type(value).__qualname__) + self.encode(value.value)
    if issubclass(kind, int | float):
        return lambda _self, value: b"n" + repr(value).encode() + b";"
    if issubclass(kind, datetime):
        return lambda _self, value: b"t" + value.isoformat().encode() + str(value.tzinfo).encode() + b";"
    if issubclass(kind, date | time | timedelta):
        return lambda _self, value: b"d" + repr(value).encode() + b";"
    if issubclass(kind, Path):
        return lambda self, value: b"p" + self.encode(str(value))
    if issubclass(kind, list | tuple):
        return _sequence
    if issubclass(kind, dict):
        return _mapping
    if issubclass(kind, set | frozenset):
        return _set
    return _unknown


_ENCODERS: dict[type, Callable[[Digester, Any], bytes]] = {}


def tree_digest(roots: Iterable[Path], suffixes: tuple[str, ...]) -> bytes:
    """One digest of every file with one of ``suffixes`` under ``roots`` (names and bytes)."""
    digest = hashlib.blake2b(digest_size=16)
    for root in roots:
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


class Cache:
    """The results of one content folder's builds, kept under ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.blobs = folder / "blobs"
        self._blob_folder = str(self.blobs)
        self.namespace = b""
        self.digest = Digester()
        self._entries: dict[bytes, Any] = {}  # loaded, or made by an earlier build of this process
        self._used: dict[bytes, Any] = {}  # asked for by this build
        self._new: dict[bytes, Any] = {}  # made by this build (and not yet written)
        self.made = self.found = 0  # steps this build ran, and results it found again
        self._dropped = False  # entries left out since the index was written
        self._stored: set[str] = set()  # the blobs this build stored or named: the files of its site

    # --- a build ------------------------------------------------------------------------------

    def begin(self, namespace: bytes) -> None:
        """A build starts: what other code, libraries or settings made is dropped."""
        if namespace != self.namespace:
            self._entries, self._new = {}, {}
            self.namespace = namespace
            self._load()
        self._used, self.made, self.found, self._stored = {}, 0, 0, set()

    def _load(self) -> None:
        self._entries = self._read(self.folder / INDEX)

    def _read(self, path: Path) -> dict[bytes, Any]:
        """The entries of an index file made in this namespace; none if it is absent, foreign or damaged."""
        collecting = gc.isenabled()
        gc.disable()  # millions of objects made at once: no cycle collection in between (twice faster)
        try:
            with path.open("rb") as handle:
                namespace, entries = pickle.load(handle)
        except Exception:  # never trusted: started afresh
            return {}
        finally:
            if collecting:
                gc.enable()
        return entries if namespace == self.namespace and isinstance(entries, dict) else {}

    def key(self, function: Callable, values: tuple) -> bytes:
        return self.digest(self.namespace, function.__module__, function.__qualname__, values)

    def call(self, function: Callable, *values: Any) -> Any:
        """``function(*values)``, or its result kept for the same values (a ``sunprogramme.steps`` runner)."""
        key = self.key(function, values)
        if key in self._used:
            return self._used[key]
        if key in self._entries and self._present(self._entries[key]):
            value = self._entries[key]
            self.found += 1
        else:
            value = self._entries[key] = self._new[key] = function(*values)
            self.made += 1
        self._used[key] = value
        return value

    def output(self, function: Callable[..., bytes], *values: Any) -> Blob:
        """The blob of the site file ``function(*values)`` makes (made and stored only when new)."""
        return self.call(self.stored(function), *values)

    def stored(self, function: Callable[..., bytes]) -> Callable[..., Blob]:
        """``function``, whose bytes are stored as a blob: what ``output`` calls."""
        return _Stored(function, self)

    def find(self, function: Callable, *values: Any) -> Any | None:
        """The result kept for ``function(*values)``, or None (nothing is made)."""
        key = self.key(function, values)
        value = self._used.get(key, self._entries.get(key))
        if value is None or not self._present(value):
            return None
        self._used[key] = value
        self.found += 1
        return value

    def keep(self, value: Any, function: Callable, *values: Any) -> None:
        """Record ``value`` as the result of ``function(*values)``, made elsewhere (a process pool)."""
        key = self.key(function, values)
        self._used[key] = self._entries[key] = self._new[key] = value
        self.made += 1

    def _present(self, value: Any) -> bool:
        """False when a blob the value names is gone (pruned by another build of this folder) or changed."""
        return all(self.intact(blob) for blob in _blobs_in(value))

    def intact(self, blob: Blob) -> bool:
        try:  # a string path: pathlib costs more than the stat for a national programme's files
            status = os.stat(f"{self._blob_folder}/{blob.digest[:2]}/{blob.digest[2:]}")
        except OSError:
            return False
        return status.st_size == blob.size and status.st_mtime_ns == blob.stamp

    # --- blobs ----------------------------------------------------------------------------------

    def blob_path(self, blob: Blob) -> Path:
        return self.blobs / blob.digest[:2] / blob.digest[2:]

    def store(self, data: bytes) -> Blob:
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        path = self.blobs / digest[:2] / digest[2:]
        try:
            status = os.stat(path)
        except FileNotFoundError:
            status = None
        self._stored.add(digest)
        if status is not None and status.st_size == len(data) and path.read_bytes() == data:
            return Blob(digest, len(data), status.st_mtime_ns)  # stored before (or by another process)
        if status is None:
            try:  # a new blob, read-only: linked into the site, an edit in place would change the cache
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
            except FileExistsError:  # stored meanwhile by another process of the build
                return self.store(data)
            with open(handle, "wb") as file:
                file.write(data)
        else:  # changed by hand through a link: a new file, the linked one is left as it is
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            partial.write_bytes(data)
            partial.replace(path)
        return Blob(digest, len(data), os.stat(path).st_mtime_ns)

    def read(self, blob: Blob) -> bytes:
        return self.blob_path(blob).read_bytes()

    def place(self, blob: Blob, target: Path) -> None:
        """Put the blob's bytes at ``target`` (a hard link; a copy where links are impossible)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.blob_path(blob), target)
        except OSError:
            shutil.copy2(self.blob_path(blob), target)  # with its date: see SiteFiles.publish

    # --- forked processes -------------------------------------------------------------------------

    def forked(self, part: str | None = None) -> None:
        """In a forked process: from now on, record only what this process makes and uses. With
        ``part``, the process keeps its results in an index file of its own (``steps-<part>.pickle``),
        loaded and written by the process that makes that part of the site: the calendars' and open
        data's per-event pieces never weigh on the main process (a national programme's weigh
        gigabytes in memory)."""
        self._new, self._used, self.made, self.found, self._stored = {}, {}, 0, 0, set()
        self._part = part
        if part is not None:
            self._part_size = len(loaded := self._read(self.folder / f"steps-{part}.pickle"))
            self._entries.update(loaded)

    def changes(self) -> tuple[dict[bytes, Any], set[bytes], int, int, set[str]]:
        """What a forked process made, used and stored, for the process that forked it (``absorb``);
        for a part with an index of its own, that index is written here, and only the blobs its
        entries name go back (to be kept by the main process's pruning)."""
        if getattr(self, "_part", None) is None:
            return self._new, set(self._used), self.made, self.found, self._stored
        if self._new or len(self._used) != self._part_size:
            self._write(self.folder / f"steps-{self._part}.pickle", self._used)
        named = {blob.digest for value in self._used.values() for blob in _blobs_in(value)}
        return {}, set(), self.made, self.found, self._stored | named

    def absorb(self, changes: tuple[dict[bytes, Any], set[bytes], int, int, set[str]]) -> None:
        new, used, made, found, stored = changes
        self.found += found
        self._stored |= stored
        self._new.update(new)
        self._entries.update(new)
        for key in used:
            self._used[key] = self._entries.get(key)
        self.made += made

    # --- the end of a build -----------------------------------------------------------------------

    def finish(self, complete: bool, write: bool = True) -> None:
        """Keep what this build used (with ``complete``; else everything known, for the next try),
        forget the digests of objects it did not use, and write the index unless told not to
        (``invoke serve`` writes it when it stops: ``write_index``)."""
        if complete:
            kept = {key: self._entries[key] for key in self._used if key in self._entries}
            self._dropped = self._dropped or len(kept) != len(self._entries)
            self._entries = kept
        self.digest.forget_unused()
        self._used = {}
        if write:
            self.write_index(prune=complete)

    def write_index(self, prune: bool = True) -> None:
        """Write the entries kept (when any changed) and, with ``prune``, remove the blobs they do not name."""
        if not self._new and not self._dropped and (self.folder / INDEX).is_file():
            return
        self._write(self.folder / INDEX, self._entries)
        self._new, self._dropped = {}, False
        if prune and self.blobs.is_dir():
            named = self._stored | {blob.digest for value in self._entries.values() for blob in _blobs_in(value)}
            for entry in os.scandir(self.blobs):
                for blob in os.scandir(entry.path):
                    if entry.name + blob.name not in named:
                        os.unlink(blob.path)

    def _write(self, path: Path, entries: dict[bytes, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        with partial.open("wb") as handle:
            pickle.dump((self.namespace, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)


def _blobs_in(value: Any) -> list[Blob]:
    """The blobs a cached value names: itself, or the values of a dict (a search bundle's files)."""
    if isinstance(value, Blob):
        return [value]
    if isinstance(value, dict):
        return [item for item in value.values() if isinstance(item, Blob)]
    return []


class _Stored:
    """``function``, whose bytes are stored as a blob (``Cache.output``): keyed as ``function`` itself."""

    def __init__(self, function: Callable[..., bytes], cache: Cache):
        self.function, self.cache = function, cache
        self.__module__ = function.__module__
        self.__qualname__ = f"{function.__qualname__}→blob"

    def __call__(self, *values: Any) -> Blob:
        return self.cache.store(self.function(*values))
