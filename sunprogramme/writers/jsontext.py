"""Indented JSON put together from parts encoded once.

``json.dumps(..., indent=2)`` goes through the encoder written in Python and builds the whole
text as millions of small strings: slow and memory-hungry for a national programme. Here the
big lists (one entry per event or session) are encoded entry by entry, each entry can be kept
between builds (a rebuild encodes only the entries that changed), and the parts are joined
into exactly the bytes ``json.dumps(value, ensure_ascii=False, indent=2)`` would give.
"""

from __future__ import annotations

import json
from typing import Any

INDENT = "  "


class Encoded(str):
    """The JSON text of one value, indented as if it stood alone."""


def encoded(value: Any) -> Encoded:
    return Encoded(json.dumps(value, ensure_ascii=False, indent=2))


def dumps(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, where ``Encoded`` parts stand for
    the values they encode."""
    if isinstance(value, Encoded):
        return value.replace("\n", "\n" + INDENT * level) if level else str(value)
    if type(value) is dict and value and all(type(key) is str for key in value):
        inner = "\n" + INDENT * (level + 1)
        items = [json.dumps(key, ensure_ascii=False) + ": " + dumps(item, level + 1) for key, item in value.items()]
        return "{" + inner + ("," + inner).join(items) + "\n" + INDENT * level + "}"
    if type(value) is list and value:
        inner = "\n" + INDENT * (level + 1)
        return "[" + inner + ("," + inner).join(dumps(item, level + 1) for item in value) + "\n" + INDENT * level + "]"
    if isinstance(value, dict | list | tuple):
        return encoded(value).replace("\n", "\n" + INDENT * level) if level else encoded(value)
    return json.dumps(value, ensure_ascii=False)
