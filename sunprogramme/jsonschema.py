"""JSON Schemas for event, partner and edition files, written from the same field descriptions.

Editors with a YAML language server (VS Code, many others) read them to complete
field names and flag mistakes while organisers type. They are shipped in the
repository (``schemas/``) and published with the site. Labels and help are French.
"""

from __future__ import annotations

import json
from typing import Any

from . import schema
from .content_files import MEDIA_FOLDERS
from .fields import ID_PATTERN, IMAGE_SUFFIXES, MAX_ID_LENGTH, Field, Record
from .vocabularies import communes, vocabulary

SCHEMA_FILES = {"evenement": schema.EVENT, "partenaire": schema.PARTNER, "edition": schema.EDITION}
BASE_ID = "https://sun.example.org/schemas/"

_DATE = r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$"
_TIME = r"^\d{1,2}\s*([:hH]\s*(\d{2})?)?$"
_PHONE = r"^[0-9 .\-+()]+$"


def _scalar(f: Field) -> dict[str, Any]:
    kind = f.kind
    if kind in ("text", "markdown"):
        out: dict[str, Any] = {"type": "string"}
        if kind == "text":  # one line (sunprogramme.cleantext); a block « | » may end with its line break
            out["pattern"] = r"^[^\n]*\n?$"
        if f.max_length:
            out["maxLength"] = f.max_length
        return out
    if kind == "bool":
        return {"enum": [True, False, "oui", "non"]}
    if kind in ("int", "float"):
        out = {"type": "integer" if kind == "int" else "number"}
        if f.minimum is not None:
            out["minimum"] = f.minimum
        if f.maximum is not None:
            out["maximum"] = f.maximum
        return out
    if kind == "date":
        return {"type": "string", "pattern": _DATE}
    if kind == "time":
        return {"type": ["string", "integer"], "pattern": _TIME}
    if kind == "url":
        return {"type": "string", "pattern": r"^https?://[^\s]+$", "format": "uri"}
    if kind == "email":
        return {"type": "string", "format": "email"}
    if kind == "phone":
        return {"type": "string", "pattern": _PHONE}
    if kind == "postcode":
        return {"type": ["string", "integer"], "pattern": r"^\d{5}$"}
    if kind in ("id", "ref"):
        return {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": MAX_ID_LENGTH}
    if kind == "vocab":
        terms = vocabulary(f.vocabulary or "").terms
        return {"enum": [t.slug for t in terms],
                "description": f.label + " : " + " ; ".join(f"{t.slug} = {t.label}" for t in terms)}
    if kind == "commune":
        return {"enum": [c.name for c in communes()]}
    if kind == "place":  # a commune of the territory, or any with hors_territoire: oui
        return {"type": "string", "minLength": 1, "examples": [c.name for c in communes()]}
    if kind == "path":
        return {"type": "string", "pattern": r"^(" + "|".join(MEDIA_FOLDERS) + r")/[^\\:]*(" + "|".join(
            s.replace(".", r"\.") for s in IMAGE_SUFFIXES) + ")$"}
    raise ValueError(kind)


def field_schema(f: Field) -> dict[str, Any]:
    if f.kind == "record":
        assert f.record is not None
        out = record_schema(f.record)
    elif f.kind == "list":
        assert f.item is not None
        item = field_schema(f.item)
        out = {"anyOf": [{"type": "array", "items": item}, item]}  # a single value is a one-item list
        if f.or_words:
            out["anyOf"].append({"enum": list(f.or_words)})
    else:
        out = _scalar(f)
    out.setdefault("title", f.label)
    if f.example is not None:
        out["examples"] = [f.example]
    return out


def record_schema(record: Record) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.key: field_schema(f) for f in record.fields},
        "required": [f.key for f in record.fields if f.required],
        "additionalProperties": False,
    }


def document_schema(name: str) -> dict[str, Any]:
    record = SCHEMA_FILES[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_ID}{name}.schema.json",
        "title": f"Fichier {record.name} du programme SUN",
        **record_schema(record),
    }


def schema_bytes(name: str) -> bytes:
    return (json.dumps(document_schema(name), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def schema_comment(name: str, depth: int = 2) -> str:
    """The first line of a new file: tells YAML language servers which schema applies."""
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{name}.schema.json\n"
