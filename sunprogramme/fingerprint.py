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
from collections.abc import Iterable
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

    def _encode(self, value: Any) -> bytes:
        # Each encoding starts with a type tag, so that « 1 », « "1" » and « [1] » differ.
        kind = type(value)
        if kind is str:  # the common cases first, by exact type: a national programme asks millions of times
            data = value.encode("utf-8", "surrogatepass")
            return b"s" + str(len(data)).encode() + b":" + data
        if hasattr(kind, "__dataclass_fields__"):
            return b"o" + self._dataclass(value)
        if kind is list or kind is tuple:
            return b"[" + b"".join([self._encode(item) for item in value]) + b"]"
        if value is None or isinstance(value, bool):
            return repr(value).encode()
        if isinstance(value, str):  # Markup (already escaped) must differ from the same text as str
            data = value.encode("utf-8", "surrogatepass")
            return b"M" + str(len(data)).encode() + b":" + data
        if isinstance(value, bytes):
            return b"b" + str(len(value)).encode() + b":" + value
        if isinstance(value, Enum):
            return b"e" + self._encode(type(value).__qualname__) + self._encode(value.value)
        if isinstance(value, int | float):
            return b"n" + repr(value).encode() + b";"
        if isinstance(value, datetime):
            return b"t" + value.isoformat().encode() + str(value.tzinfo).encode() + b";"
        if isinstance(value, date | time | timedelta):
            return b"d" + repr(value).encode() + b";"
        if isinstance(value, Path):
            return b"p" + self._encode(str(value))
        if isinstance(value, list | tuple):
            return b"[" + b"".join(self._encode(item) for item in value) + b"]"
        if isinstance(value, dict):
            return b"{" + b"".join(self._encode(k) + self._encode(v) for k, v in value.items()) + b"}"
        if isinstance(value, set | frozenset):  # set order changes with the hash seed: sort
            return b"<" + b"".join(sorted(self._encode(item) for item in value)) + b">"
        raise TypeError(f"cannot fingerprint a {type(value).__qualname__}")

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
