"""Reading a data·inclusion export, and checking its records with the schema's own models, in French.

FILE is a JSON list of structures, a JSON object ``{"structures": [...], "services": [...]}``,
or a folder holding ``structures.json`` (and ``services.json``). Every record is
checked with the schema's own models (package ``data-inclusion-schema``); a record
that fails is reported with its id and field, and skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .report import PartnersReport


class ExportError(Exception):
    """A file that cannot be read as a data·inclusion export at all: its path and a French message."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path, self.message = path, message


# --- reading the export ------------------------------------------------------------

@dataclass
class _Input:
    structures: list[Any]
    services: list[Any]
    structures_source: str
    services_source: str


def _load_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(path, "fichier qui n'est pas en UTF-8 : ce n'est pas un export data·inclusion") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(path, f"JSON invalide (ligne {error.lineno}, colonne {error.colno}) : vérifiez que c'est "
                                "bien l'export data·inclusion, sans retouche") from None


def read_export(path: Path) -> _Input:
    """The structures and services of a file or folder; ExportError when it is not an export."""
    if path.is_dir():
        structures_path, services_path = path / "structures.json", path / "services.json"
        if not structures_path.is_file():
            raise ExportError(path, "ce dossier ne contient pas de fichier structures.json")
        structures = _load_json(structures_path)
        services = _load_json(services_path) if services_path.is_file() else []
        for file, value in ((structures_path, structures), (services_path, services)):
            if not isinstance(value, list):
                raise ExportError(file, "une liste [ … ] d'enregistrements est attendue")
        return _Input(structures, services, str(structures_path), str(services_path))
    data = _load_json(path)
    if isinstance(data, list):
        return _Input(data, [], str(path), str(path))
    if isinstance(data, dict) and isinstance(data.get("structures"), list):
        services = data.get("services", [])
        if not isinstance(services, list):
            raise ExportError(path, "« services » doit être une liste [ … ] d'enregistrements")
        return _Input(data["structures"], services, str(path), str(path))
    raise ExportError(path, "une liste de structures, ou un objet avec « structures » (et « services »), est "
                            "attendu : ce n'est pas un export data·inclusion")


# --- the schema's checks, told in French -------------------------------------------

_FORMS = {"code_postal": "code postal à 5 chiffres attendu, par exemple 91120",
          "code_insee": "code commune INSEE à 5 caractères attendu, par exemple 91477",
          "siret": "numéro SIRET à 14 chiffres attendu"}


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def shown_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


def explain(error: dict[str, Any]) -> str:
    """One pydantic error of the schema's models, in French."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    name = next((p for p in reversed(error["loc"]) if isinstance(p, str)), "")
    shown = f"« {shown_value(value)} »"
    if kind == "missing":
        return "champ obligatoire manquant"
    if name in _FORMS and kind.startswith("string_"):
        return f"{shown} : {_FORMS[name]}"
    if kind == "string_too_short":
        return f"{shown} trop court (au moins {ctx.get('min_length')} caractères)"
    if kind == "string_too_long":
        return f"texte trop long ({len(str(value))} caractères ; au plus {ctx.get('max_length')})"
    if kind == "string_pattern_mismatch":
        return f"{shown} n'a pas la forme attendue"
    if kind == "string_type":
        return f"texte attendu, pas {shown}"
    if kind == "enum":
        return f"valeur {shown} inconnue du schéma data·inclusion"
    if kind.startswith("url"):
        return f"adresse web {shown} invalide (elle doit commencer par https://)"
    if kind.startswith("date"):
        return f"date {shown} invalide (forme attendue : AAAA-MM-JJ)"
    if kind.startswith(("float", "int")):
        return f"{shown} n'est pas un nombre"
    if kind in ("list_type", "set_type"):
        return f"liste attendue, pas {shown}"
    if kind == "too_short":
        return "liste vide"
    if kind == "value_error" and name == "courriel":
        return f"adresse e-mail {shown} invalide"
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"]).rstrip(".")
    return f"valeur {shown} refusée"


def validated(model, records: list[Any], noun: str, source: str, report: PartnersReport) -> list[dict[str, Any]]:
    """The records the model accepts, each (source, id) once; the others are reported and left out."""
    from pydantic import ValidationError

    refused = "refusée" if noun == "structure" else "refusé"
    valid, seen = [], set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            report.refused.append(f"n°{number}")
            report.add(source, f"{noun} n°{number} {refused} : un objet {{ … }} est attendu", "attention")
            continue
        label = record.get("id") if isinstance(record.get("id"), str) and record.get("id") else f"n°{number}"
        try:
            model.model_validate(record)
        except ValidationError as error:
            report.refused.append(label)
            for problem in error.errors():
                report.add(source, f"{noun} « {label} » {refused} : champ « {_where(problem['loc'])} » : "
                                   f"{explain(problem)}", "attention")
            continue
        key = (record["source"], record["id"])
        if key in seen:
            report.refused.append(label)
            report.add(source, f"{noun} « {label} » {refused} : identifiant déjà utilisé plus haut dans le fichier",
                       "attention")
            continue
        seen.add(key)
        valid.append(record)
    return valid
