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


_VENUE_COLUMNS = {"nom": "Nouveau lieu : nom", "adresse": "Nouveau lieu : adresse", "commune": "Commune",
                  "code_postal": "Nouveau lieu : code postal", "acces": "Nouveau lieu : accès",
                  "hors_territoire": "Nouveau lieu : hors territoire", "departement": "Nouveau lieu : département"}


def described_rows(folder: Path, candidates: list[Candidate]):
    """A function telling, for a problem of a partner file in ``folder``, the candidate, row and column
    of the sheet that described the venue or partner at fault (None: not a file an import changed).
    The files are read now: the function may be called once ``folder`` is gone."""
    venues = {venue_id: (c, row) for c in candidates for venue_id, row in c.venue_rows.items()}
    partners = {partner_id: (c, row) for c in candidates for partner_id, row in c.partner_rows.items()}
    touched = {partner_id: c for c in candidates for partner_id, _v in c.new_venues}
    touched.update({partner_id: c for c in candidates for partner_id in c.new_partners})
    listed: dict[str, list[Any]] = {}
    for partner_id in touched:
        path = _partner_file(folder, partner_id)
        try:
            lieux = read_source(path, str(path)).doc.data.get("lieux") or [] if path else []
        except Exception:  # an unreadable file: its problem is told all the same, below
            lieux = []
        listed[str(path)] = [v.get("id") if isinstance(v, dict) else None for v in lieux]

    def find(problem) -> tuple[Candidate, int, str] | None:
        field, stem = problem.field, Path(problem.path).stem
        if stem not in touched:
            return None
        if field.startswith("lieux["):
            index = int(field[len("lieux["):field.index("]")]) - 1
            ids = listed.get(problem.path, [])
            found = venues.get(ids[index]) if 0 <= index < len(ids) else None
            if found is not None:
                sub = field.partition("].")[2].split(".")[0]
                return found[0], found[1], _VENUE_COLUMNS.get(sub, "Nouveau lieu : nom")
        elif stem in partners:
            candidate, row = partners[stem]
            return candidate, row, "Organisateurs" if field == "nom" else "Nouveau partenaire : type"
        return touched[stem], touched[stem].first_row, ""  # a problem the change brought elsewhere in the file

    return find
