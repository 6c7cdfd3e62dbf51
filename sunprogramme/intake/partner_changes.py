"""The partner files an import changes: a new partner's file, a new venue added to its organiser's file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .. import schema
from ..jsonschema import schema_comment
from ..sources import read_source
from .candidate import Candidate

PARTNER_KEYS = [f.key for f in schema.PARTNER.fields]


def _partner_file(folder: Path, partner_id: str) -> Path | None:
    for suffix in (".yaml", ".yml", ".md"):
        if (folder / "partners" / f"{partner_id}{suffix}").exists():
            return folder / "partners" / f"{partner_id}{suffix}"
    return None


def _dump_partner(data: dict[str, Any], body: str | None, with_comment: bool) -> str:
    ordered = {key: data[key] for key in PARTNER_KEYS if key in data}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    if body is not None:
        return f"---\n{text}---\n{body}"
    return (schema_comment("partenaire") if with_comment else "") + text


def apply_partner_changes(folder: Path, candidate: Candidate) -> list[tuple[Path, str]]:
    """New partner files and new venues in partner files; returns what was written (path, message)."""
    written = []
    for partner_id, fields in candidate.new_partners.items():
        if _partner_file(folder, partner_id) is None:
            path = folder / "partners" / f"{partner_id}.yaml"
            path.write_text(_dump_partner(fields, None, True), encoding="utf-8")
            written.append((path, f"fiche partenaire « {fields['nom']} » créée ({path.name})"))
    for partner_id, venue in candidate.new_venues:
        path = _partner_file(folder, partner_id)
        if path is None:
            continue  # an unknown organiser: reported on its own
        source = read_source(path, str(path))
        data = dict(source.doc.data)
        lieux = list(data.get("lieux") or [])
        if any(isinstance(v, dict) and v.get("id") == venue["id"] for v in lieux):
            continue
        data["lieux"] = [*lieux, venue]
        first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
        path.write_text(_dump_partner(data, source.body, first_line.startswith("# yaml-language-server")),
                        encoding="utf-8")
        written.append((path, f"lieu « {venue['nom']} » ajouté à {path.name}"))
    return written
