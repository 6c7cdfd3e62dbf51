"""Digests of the data an output is made from, so that a rebuild can tell what changed.

A fingerprint covers the value itself, recursively: model objects (frozen dataclasses),
lists, dicts, text, dates… Two values with the same fingerprint render the same page.
Types it does not know are refused (TypeError) rather than skipped: a value left out of a
fingerprint would let a rebuild keep a stale page.

Frozen dataclasses are digested once per build and remembered by identity (the object is
kept alive with its digest, so its id cannot be reused): a commune page that lists 500
events hashes each event's digest, not the event again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Any


def _blake(parts: Iterable[bytes]) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
    return digest.digest()


_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once per class


class Fingerprinter:
    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, bytes]] = {}

    def __call__(self, *values: Any) -> bytes:
        """The digest of ``values`` (16 bytes)."""
        return _blake(self._encode(value) for value in values)

    def hex(self, *values: Any) -> str:
        return self(*values).hex()

    def digest_of(self, value: Any) -> bytes:
        """The digest a frozen dataclass is known by (what ``remember`` takes back)."""
        return self._dataclass(value)

    def remember(self, value: Any, digest: bytes) -> None:
        """Take ``digest`` as the digest of the frozen dataclass ``value``: one this code computed,
        for an equal value, and kept with it (a build reusing the object does not compute it again)."""
        assert value.__dataclass_params__.frozen
        self._known[id(value)] = (value, digest)

    def forget_unreferenced(self) -> int:
        """Forget the values held by nothing but this fingerprinter; returns how many."""
        forgotten = 0
        while True:  # an event let go lets its sessions go in the next round
            # Three references: the entry's tuple, ``value`` here and getrefcount's own argument.
            unheld = [key for key, (value, _digest) in self._known.items() if sys.getrefcount(value) <= 3]
            if not unheld:
                return forgotten
            for key in unheld:
                del self._known[key]
            forgotten += len(unheld)

    def _encode(self, value: Any) -> bytes:
        # Each encoding starts with a type tag, so that « 1 », « "1" » and « [1] » differ.
        kind = type(value)
        if kind is str:  # the common cases first, by exact type: a national programme asks millions of times
            data = value.encode("utf-8", "surrogatepass")
            return b"s" + str(len(data)).encode() + b":" + data
        encode = _ENCODERS.get(kind)
        if encode is None:
            encode = _ENCODERS[kind] = _encoder_for(kind)
        return encode(self, value)

    def _dataclass(self, value: Any) -> bytes:
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        parts = [type(value).__qualname__.encode()]
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
        parts += [self._encode(getattr(value, name)) for name in names]
        digest = _blake(parts)
        if value.__dataclass_params__.frozen:  # a mutable one may change under us: not remembered
            self._known[id(value)] = (value, digest)
        return digest


def _text(_self: Fingerprinter, value: str) -> bytes:  # Markup (already escaped) must differ from str
    data = value.encode("utf-8", "surrogatepass")
    return b"M" + str(len(data)).encode() + b":" + data


def _sequence(self: Fingerprinter, value: list | tuple) -> bytes:
    return b"[" + b"".join([self._encode(item) for item in value]) + b"]"


def _mapping(self: Fingerprinter, value: dict) -> bytes:
    return b"{" + b"".join([self._encode(k) + self._encode(v) for k, v in value.items()]) + b"}"


def _set(self: Fingerprinter, value: set | frozenset) -> bytes:  # set order changes with the hash seed: sort
    return b"<" + b"".join(sorted(self._encode(item) for item in value)) + b">"


def _unknown(_self: Fingerprinter, value: Any) -> bytes:
    raise TypeError(f"cannot fingerprint a {type(value).__qualname__}")


def _encoder_for(kind: type) -> Callable[[Fingerprinter, Any], bytes]:
    """How values of ``kind`` are encoded, decided once per type (checked in this order)."""
    if hasattr(kind, "__dataclass_fields__"):
        return lambda self, value: b"o" + self._dataclass(value)
    if kind is type(None) or issubclass(kind, bool):
        return lambda _self, value: repr(value).encode()
    if issubclass(kind, str):
        return _text
    if issubclass(kind, bytes):
        return lambda _self, value: b"b" + str(len(value)).encode() + b":" + value
    if issubclass(kind, Enum):
        return lambda self, value: b"e" + self._encode(type(value).__qualname__) + self._encode(value.value)
    if issubclass(kind, int | float):
        return lambda _self, value: b"n" + repr(value).encode() + b";"
    if issubclass(kind, datetime):
        return lambda _self, value: b"t" + value.isoformat().encode() + str(value.tzinfo).encode() + b";"
    if issubclass(kind, date | time | timedelta):
        return lambda _self, value: b"d" + repr(value).encode() + b";"
    if issubclass(kind, Path):
        return lambda self, value: b"p" + self._encode(str(value))
    if issubclass(kind, list | tuple):
        return _sequence
    if issubclass(kind, dict):
        return _mapping
    if issubclass(kind, set | frozenset):
        return _set
    return _unknown


_ENCODERS: dict[type, Callable[[Fingerprinter, Any], bytes]] = {}


def tree_digest(roots: Iterable[Path], suffixes: tuple[str, ...]) -> str:
    """One digest of every file with one of ``suffixes`` under ``roots`` (paths and bytes)."""
    digest = hashlib.blake2b(digest_size=16)
    for root in roots:
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


CORE_CODE = Path(__file__).resolve().parent


def core_code_digest() -> str:
    """The digest of this package's own code and data: a cached result is only reused by the same code."""
    return tree_digest([CORE_CODE], (".py", ".yaml", ".json", ".csv"))
