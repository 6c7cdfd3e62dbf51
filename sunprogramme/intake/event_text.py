"""An event file as the tools write it: fields in the documented order, long texts as blocks,
dates, times and phones in their written form."""

from __future__ import annotations

from typing import Any

import yaml

from .. import schema
from ..jsonschema import schema_comment

EVENT_KEYS = [f.key for f in schema.EVENT.fields]


class _Literal(str):
    pass


def _literal(dumper: yaml.SafeDumper, value: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal)


def event_file_text(data: dict[str, Any]) -> str:
    """An event file as the tools write it: schema comment, fields in the documented order."""
    return schema_comment("evenement") + _fields_text(data)


def event_markdown_text(data: dict[str, Any]) -> str:
    """A .md event file: the fields between two « --- » lines, then the description as its body."""
    fields = {key: value for key, value in data.items() if key != "description"}
    body = str(data.get("description") or "").strip("\n")
    return f"---\n{_fields_text(fields)}---\n" + (f"\n{body}\n" if body else "")


def _fields_text(data: dict[str, Any]) -> str:
    ordered = {key: data[key] for key in EVENT_KEYS if key in data}

    def blocks(value: Any) -> Any:
        if isinstance(value, str) and "\n" in value:
            return _Literal(value.strip("\n") + "\n")
        if isinstance(value, dict):
            return {k: blocks(v) for k, v in value.items()}
        if isinstance(value, list):
            return [blocks(v) for v in value]
        return value

    return yaml.safe_dump(blocks(ordered), allow_unicode=True, sort_keys=False, width=100)


def normalise_value(key: str, value: str) -> str:
    """Dates, times and phones as the tools write them, when they can be read; else as typed,
    for the checks to report."""
    from ..fields import FieldValueError, format_phone
    from ..timeutil import TimeValueError, parse_date, parse_time

    try:
        if key in ("date", "date_fin"):
            return parse_date(value).isoformat()
        if key in ("debut", "fin"):
            return parse_time(value).strftime("%H:%M")
    except (TimeValueError, FieldValueError):
        return value
    if key.endswith("telephone"):
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) == 10 and digits.startswith("0"):
            return format_phone(digits)
    return value
