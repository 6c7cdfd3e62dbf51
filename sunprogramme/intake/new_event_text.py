"""The event file ``invoke new-event`` writes, in the README's own style: fields in the documented
order, times and phones between double quotes (« debut: "14:00" », « telephone: "01 99 00 10 01" »),
short lists between brackets (« themes: [securite, sante] »), sessions as an indented list."""

from __future__ import annotations

from typing import Any

import yaml

from ..jsonschema import schema_comment
from .event_text import EVENT_KEYS

QUOTED_KEYS = ("debut", "fin", "telephone")  # always between double quotes, as the README asks
PLAIN_KEYS = ("date", "date_fin")  # « 2026-10-13 »: as in the README


def _text(value: Any) -> str:
    """A value as written after « name: »: as typed when YAML reads it back unchanged, else between
    double quotes (« titre: "Atelier : les mails" »)."""
    written = yaml.safe_dump({"x": value}, allow_unicode=True, width=10**6)[3:].rstrip("\n")
    if written[:1] in ("'", '"'):
        written = yaml.safe_dump({"x": value}, allow_unicode=True, width=10**6, default_style='"')
        written = written.split(": ", 1)[1].rstrip("\n")
    return written


def _field(key: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, dict):
        return [f"{indent}{key}:", *(line for k, v in value.items() for line in _field(k, v, indent + "  "))]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        lines = [f"{indent}{key}:"]
        for item in value:
            item_lines = [line for k, v in item.items() for line in _field(k, v, indent + "    ")]
            lines.append(f"{indent}  - {item_lines[0].lstrip()}")
            lines.extend(item_lines[1:])
        return lines
    if isinstance(value, list):
        return [f"{indent}{key}: [{', '.join(_text(item) for item in value)}]"]
    if key in QUOTED_KEYS:
        return [f'{indent}{key}: "{value}"']
    if key in PLAIN_KEYS:
        return [f"{indent}{key}: {value}"]
    return [f"{indent}{key}: {_text(value)}"]


def new_event_text(data: dict[str, Any]) -> str:
    """The event file for ``data`` (answers already checked and in their written form)."""
    lines = [line for key in EVENT_KEYS if key in data for line in _field(key, data[key], "")]
    return schema_comment("evenement") + "\n".join(lines) + "\n"
