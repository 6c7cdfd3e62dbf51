"""How a plain YAML scalar becomes a value: null, ``true``/``false``, and numbers that keep the text as typed.

Only three plain forms are typed: ``true``/``false``, decimal integers without a leading zero, and
decimal numbers. Everything else stays a string. The numbers remember their text, and are written
back (the spreadsheet import, the partner files it updates) exactly as typed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# Longer digit runs stay text (Python refuses to read an integer of over 4,300 digits; no field
# wants one): the field's own check then says what it expects.
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]{0,17})$")
_FLOAT = re.compile(r"^[-+]?[0-9]{1,18}\.[0-9]{1,18}$")
_NULL = {"", "~", "null", "Null", "NULL"}


class TypedInt(int):
    """An integer read from a plain scalar, with the text as typed (« +5 » stays itself)."""

    typed: str


class TypedFloat(float):
    """A decimal number read from a plain scalar, with the text as typed: a text field given
    ``tarif: 1.10`` gets « 1.10 », not « 1.1 »."""

    typed: str


def typed_text(value: int | float) -> str:
    """The number as the organiser typed it (``str(value)`` for numbers made elsewhere)."""
    return getattr(value, "typed", None) or str(value)


# Written back (the spreadsheet import, the partner files it updates) exactly as typed.
yaml.representer.SafeRepresenter.add_representer(
    TypedInt, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:int", value.typed))
yaml.representer.SafeRepresenter.add_representer(
    TypedFloat, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", value.typed))


def _number(kind: type, text: str) -> Any:
    number = kind(text)
    number.typed = text
    return number


def scalar_value(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block scalar: always text (plain is None, or "" from libyaml)
        return text
    if text in _NULL:
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.match(text):
        return _number(TypedInt, text)
    if _FLOAT.match(text):
        return _number(TypedFloat, text)
    return text
