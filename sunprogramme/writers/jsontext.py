"""Indented JSON put together from parts encoded once.

``json.dumps(..., indent=2)`` goes through the encoder written in Python and builds the whole
text as millions of small strings: slow, and heavy for a national programme. Here the big
lists (one entry per event or session) are encoded entry by entry, each entry by a pure step
that a build finds again between builds (a rebuild encodes only the entries that changed),
and the parts are joined into exactly the bytes
``json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")`` would give. Parts are kept
as UTF-8 bytes: French text with one « — » is stored by Python two bytes a character, so a
national programme's parts would take twice the room as text.
"""

from __future__ import annotations

import json
from typing import Any

INDENT = b"  "
_text = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps(…, ensure_ascii=False) makes one per call
_SCALARS = {str, int, float, bool, type(None)}


def _scalar(value: Any) -> bytes:
    return _text(value).encode("utf-8", "surrogatepass")


class Encoded(bytes):
    """The JSON text (UTF-8) of one value, indented for the depth (``level``) it stands at in its file."""

    level = 0


def encoded(value: Any, level: int = 0) -> Encoded:
    """``value`` as JSON text, indented to stand at depth ``level`` (made where it will be used,
    it goes into the file without being indented again)."""
    text = json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8", "surrogatepass")
    result = Encoded(text.replace(b"\n", b"\n" + INDENT * level) if level else text)
    result.level = level
    return result


def dumps(value: Any, level: int = 0) -> bytes:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` in UTF-8, where ``Encoded`` parts stand
    for the values they encode."""
    if isinstance(value, Encoded):
        if value.level == level:
            return value
        return value.replace(b"\n" + INDENT * value.level, b"\n" + INDENT * level)
    if type(value) is dict and value and all(type(key) is str for key in value):
        inner = b"\n" + INDENT * (level + 1)
        items = [_scalar(key) + b": " + (_scalar(item) if type(item) in _SCALARS else dumps(item, level + 1))
                 for key, item in value.items()]
        return b"{" + inner + (b"," + inner).join(items) + b"\n" + INDENT * level + b"}"
    if type(value) is list and value:
        inner = b"\n" + INDENT * (level + 1)
        if all(type(item) is str for item in value):  # a list of ids: no need to look into each
            items = [_scalar(item) for item in value]
        else:
            items = [dumps(item, level + 1) for item in value]
        return b"[" + inner + (b"," + inner).join(items) + b"\n" + INDENT * level + b"]"
    if isinstance(value, dict | list | tuple):
        return encoded(value, level)
    return _scalar(value)
