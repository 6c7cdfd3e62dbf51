"""Partner files from a data·inclusion export: ``invoke import-partners FILE``.

FILE is a JSON list of structures, a JSON object ``{"structures": [...], "services": [...]}``,
or a folder holding ``structures.json`` (and ``services.json``). Every record is
checked with the schema's own models (package ``data-inclusion-schema``); a record
that fails is reported with its id and field, and skipped.

Each structure of the territory (its ``code_insee``, else its commune, is one of
``communes.csv``) becomes a partner file, or updates the one it was imported into
before, or the one with the same name in the same commune:

- ``nom``, ``site``, ``description``, ``contact`` (``telephone``, ``email``), ``horaires``;
- ``communes``: the structure's, and those of its services (``code_insee``, ``zone_eligibilite``);
- ``offre``: the names of its services;
- a venue under ``lieux`` from its address (name, address, postcode, commune,
  coordinates, acceslibre page).

Each field follows one rule, so that nothing typed by hand is overwritten without a word:
the file's value is replaced when it is empty or still what the last import wrote;
when it was changed by hand and data·inclusion changed too, the file keeps its value
and the report names the conflict (once: the state remembers what data·inclusion
said). The lists ``communes`` and ``offre`` are merged line by line instead: lines
data·inclusion added are added, lines it removed are removed if still there, lines
typed by hand stay. ``type`` and the venue's name are written when the file or the
venue is created, and left to the organisers afterwards.

``imports/data-inclusion.json`` in the content folder remembers, for each structure
(by source and id), its partner, its venue and the values last imported. The
candidate files are checked like ``invoke check`` in a scratch copy before anything
is written; a file that would not pass is not written. Re-importing the same export
writes nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import Severity
from ..fields import SCALARS, FieldValueError
from ..jsonschema import schema_comment
from ..loader import load_programme
from ..vocabularies import Commune, find_commune, slugify
from ..writers.datainclusion import mapping
from ..yamlstrict import YamlProblem, load_mapping
from .importer import ReportLine

STATE_FILE = Path("imports") / "data-inclusion.json"
STATE_VERSION = 1
SCALAR_FIELDS = ["nom", "site", "description", "contact.telephone", "contact.email", "horaires"]
LIST_FIELDS = ["communes", "offre"]
VENUE_FIELDS = ["adresse", "code_postal", "commune", "coordonnees", "acceslibre"]  # tracked after creation
PARTNER_ORDER = ["nom", "type", "site", "logo", "contact", "communes", "offre", "horaires", "description", "lieux"]
VENUE_ORDER = [f.key for f in schema.VENUE.fields]
CONTACT_ORDER = [f.key for f in schema.CONTACT.fields]
FLOW_LISTS = {"communes", "accessibilite"}
QUOTED = {"telephone", "code_postal"}
STRUCTURE_USED = {"source", "id", "nom", "date_maj", "description", "commune", "code_postal", "code_insee", "adresse",
                  "complement_adresse", "longitude", "latitude", "telephone", "courriel", "site_web",
                  "horaires_accueil", "accessibilite_lieu", "reseaux_porteurs"}
SERVICE_USED = {"source", "structure_id", "id", "nom", "date_maj", "code_insee", "zone_eligibilite"}
COORDINATE_TOLERANCE = 0.0005  # degrees, about 50 m: a rounding is not a change


def _name_keys(partner_id: str, name: str) -> set[str]:
    """What a partner may be called in the directory: its file name, its name, or its name's short form
    (« CATON – Cap vers l'Accès… » is « CATON » in DORA)."""
    short = re.split(r" [–—-] | \(|, ", name, maxsplit=1)[0]
    return {partner_id, slugify(name), slugify(short)}


class ExportError(Exception):
    """A file that cannot be read as a data·inclusion export at all: its path and a French message."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path, self.message = path, message


@dataclass
class PartnersReport:
    lines: list[ReportLine] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # partner ids
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # « file: field »
    left_out: list[str] = field(default_factory=list)  # structure ids outside the territory
    refused: list[str] = field(default_factory=list)  # record ids refused by the schema
    unreadable: bool = False
    written: list[str] = field(default_factory=list)  # files written, relative to the content folder

    def add(self, source: str, message: str, level: str = "info") -> None:
        self.lines.append(ReportLine(source, 0, "", message, level))

    def summary(self) -> str:
        return (f"{len(self.created)} créé(s), {len(self.updated)} mis à jour, {len(self.unchanged)} inchangé(s), "
                f"{len(self.conflicts)} conflit(s), {len(self.left_out)} hors du territoire, "
                f"{len(self.refused)} refusé(s)")


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


def _shown_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


def explain(error: dict[str, Any]) -> str:
    """One pydantic error of the schema's models, in French."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    name = next((p for p in reversed(error["loc"]) if isinstance(p, str)), "")
    shown = f"« {_shown_value(value)} »"
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


def _validated(model, records: list[Any], noun: str, source: str, report: PartnersReport) -> list[dict[str, Any]]:
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


# --- values in our fields ----------------------------------------------------------

_FIELDS = {"nom": schema.PARTNER.by_key("nom"), "site": schema.PARTNER.by_key("site"),
           "description": schema.PARTNER.by_key("description"), "horaires": schema.PARTNER.by_key("horaires"),
           "contact.telephone": schema.CONTACT.by_key("telephone"), "contact.email": schema.CONTACT.by_key("email"),
           "offre": schema.PARTNER.by_key("offre").item, "lieu.nom": schema.VENUE.by_key("nom"),
           "lieu.adresse": schema.VENUE.by_key("adresse"), "lieu.code_postal": schema.VENUE.by_key("code_postal"),
           "lieu.acceslibre": schema.VENUE.by_key("acceslibre")}


def _convert(key: str, value: Any) -> Any:
    """A value in our field's canonical form (phones « 01 99 00 12 34 »…); FieldValueError if it does not fit."""
    f = _FIELDS[key]
    return SCALARS[f.kind](value, f)


def _canonical(key: str, value: Any) -> Any:
    """The file's current value, comparable with an imported one; None when absent or unreadable as such."""
    if value in (None, "", []):
        return None
    if key in LIST_FIELDS:
        items = value if isinstance(value, list) else [value]
        if key == "communes":
            return [c.insee if (c := find_commune(str(i))) else str(i) for i in items]
        return [str(i).strip() for i in items]
    if key in ("lieu.commune",):
        commune = find_commune(str(value))
        return commune.insee if commune else str(value)
    if key == "lieu.coordonnees":
        return value if isinstance(value, dict) else None
    if key in _FIELDS:
        try:
            return _convert(key, value)
        except FieldValueError:
            return str(value).strip()
    return value


def _same(key: str, a: Any, b: Any) -> bool:
    """Equal for the import: coordinates within about 50 m, addresses whatever their accents and hyphens."""
    if key == "lieu.adresse" and isinstance(a, str) and isinstance(b, str):
        return slugify(a) == slugify(b)
    if key == "lieu.coordonnees" and isinstance(a, dict) and isinstance(b, dict):
        try:
            return all(abs(float(a[k]) - float(b[k])) < COORDINATE_TOLERANCE for k in ("lat", "lon"))
        except (KeyError, TypeError, ValueError):
            return False
    return a == b


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rsplit(" ", 1)[0] + "…"


def _territory(record: dict[str, Any]) -> Commune | None:
    if record.get("code_insee"):
        return find_commune(record["code_insee"])
    return find_commune(record["commune"]) if record.get("commune") else None


def _communes_of(structure_commune: Commune, services: list[dict[str, Any]]) -> list[str]:
    others = set()
    for service in services:
        codes = [service.get("code_insee"), *(service.get("zone_eligibilite") or [])]
        for code in codes:
            if isinstance(code, str) and len(code) == 5 and (commune := find_commune(code)):
                others.add(commune)
    others.discard(structure_commune)
    return [structure_commune.insee] + [c.insee for c in sorted(others, key=lambda c: c.slug)]


def _proposed(record: dict[str, Any], commune: Commune, services: list[dict[str, Any]], source: str,
              report: PartnersReport) -> dict[str, Any] | None:
    """The values data·inclusion gives for our fields; None when the record cannot make a partner file."""
    sid = record["id"]

    def take(key: str, di_field: str, value: Any) -> Any:
        if value in (None, ""):
            return None
        try:
            return _convert(key, value)
        except FieldValueError as error:
            if key == "nom":
                report.refused.append(sid)
                report.add(source, f"structure « {sid} » refusée : champ « {di_field} » : {error}", "attention")
            else:
                report.add(source, f"structure « {sid} » : {di_field} « {_shown_value(value)} » non repris : {error}",
                           "attention")
            return None

    values: dict[str, Any] = {"nom": take("nom", "nom", record["nom"])}
    if values["nom"] is None:
        return None
    values["site"] = take("site", "site_web", record.get("site_web"))
    values["description"] = take("description", "description", record.get("description"))
    values["contact.telephone"] = take("contact.telephone", "telephone", record.get("telephone"))
    values["contact.email"] = take("contact.email", "courriel", record.get("courriel"))
    values["horaires"] = take("horaires", "horaires_accueil", record.get("horaires_accueil"))
    values["communes"] = _communes_of(commune, services)
    names = sorted(services, key=lambda s: (s["nom"].casefold(), s["id"]))
    offer = [take("offre", f"nom du service « {s['id']} »", s["nom"]) for s in names]
    values["offre"] = list(dict.fromkeys(o for o in offer if o)) or None
    if record.get("adresse"):
        address = record["adresse"] + (f", {record['complement_adresse']}" if record.get("complement_adresse") else "")
        values["lieu.nom"] = _convert("lieu.nom", _cut(values["nom"], 120))
        values["lieu.adresse"] = take("lieu.adresse", "adresse", address)
        values["lieu.code_postal"] = take("lieu.code_postal", "code_postal",
                                          record.get("code_postal") or commune.postcode)
        values["lieu.commune"] = commune.insee
        if record.get("latitude") is not None and record.get("longitude") is not None:
            lat, lon = float(record["latitude"]), float(record["longitude"])
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                values["lieu.coordonnees"] = {"lat": round(lat, 6), "lon": round(lon, 6)}
        values["lieu.acceslibre"] = take("lieu.acceslibre", "accessibilite_lieu", record.get("accessibilite_lieu"))
    return {k: v for k, v in values.items() if v is not None}


def _partner_type(record: dict[str, Any]) -> str | None:
    """Our partner type from the structure's networks, else its name; None when neither says."""
    tables = mapping()
    for network in sorted(record.get("reseaux_porteurs") or []):
        if network in tables["types_par_reseau"]:
            return tables["types_par_reseau"][network]
    name = f"-{slugify(record['nom'])}-"
    for rule in tables["reseaux_par_nom"]:
        if f"-{slugify(rule['mots'])}-" in name:
            return rule["type"]
    return None


# --- partner files, edited line by line ----------------------------------------------

def _scalar(value: Any, key: str = "") -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if key in QUOTED:
        return json.dumps(text, ensure_ascii=False)
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9)
    dumped = dumped.removesuffix("\n...\n").rstrip("\n")
    return text if dumped == text else json.dumps(text, ensure_ascii=False)


def _flow_safe(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return (isinstance(value, str) and _scalar(value) == value and not re.search(r"[,\[\]{}#&*!|>'\"%@`]", value)
            and ": " not in value)


def emit(key: str, value: Any, indent: int = 0) -> list[str]:
    """``key: value`` as the partner files are typed: indented lists, short lists and coordinates on one line."""
    pad = " " * indent
    if isinstance(value, dict):
        if key == "coordonnees" and set(value) == {"lat", "lon"}:
            return [f"{pad}{key}: {{lat: {_scalar(value['lat'])}, lon: {_scalar(value['lon'])}}}"]
        lines = [f"{pad}{key}:"]
        for sub_key, sub_value in value.items():
            lines += emit(sub_key, sub_value, indent + 2)
        return lines
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            lines = [f"{pad}{key}:"]
            for item in value:
                lines += emit_item(item, indent + 2)
            return lines
        if key in FLOW_LISTS and all(_flow_safe(item) for item in value):
            return [f"{pad}{key}: [{', '.join(_scalar(item) for item in value)}]"]
        return [f"{pad}{key}:"] + [f"{pad}  - {_scalar(item, key)}" for item in value]
    if isinstance(value, str) and ("\n" in value or key == "description"):
        return [f"{pad}{key}: |"] + [f"{pad}  {line}" if line.strip() else ""
                                     for line in value.strip("\n").split("\n")]
    return [f"{pad}{key}: {_scalar(value, key)}"]


def emit_item(item: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in item.items():
        lines += emit(key, value, indent + 2)
    lines[0] = " " * indent + "- " + lines[0][indent + 2:]
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _gap_line(line: str, indent: int) -> bool:
    """A blank line, or a comment no deeper than the field above: it stays when the field is rewritten."""
    return not line.strip() or (line.lstrip().startswith("#") and _indent(line) <= indent)


@dataclass
class _Block:
    """Lines of one field (its own lines, then its children's), and the blank or comment lines after it."""

    key: str | int | None
    head: list[str]
    children: list[_Block] = field(default_factory=list)
    gap: list[str] = field(default_factory=list)

    def render(self) -> list[str]:
        out = list(self.head)
        for child in self.children:
            out += child.render()
        return out + self.gap

    def child(self, key: str | int) -> _Block | None:
        return next((c for c in self.children if c.key == key), None)


class PartnerFile:
    """A partner file (.yaml or .md) whose fields can be changed one by one; every other line stays as typed."""

    def __init__(self, text: str, suffix: str):
        self.suffix = suffix
        lines = text.split("\n")
        self.md = suffix == ".md"
        if self.md:
            if lines[0].strip() != "---":
                raise YamlProblem(1, "un fichier .md doit commencer par une ligne « --- »")
            close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
            if close is None:
                raise YamlProblem(len(lines), "les champs ne sont pas refermés par une ligne « --- »")
            self.opening, front, self.closing = lines[0], lines[1:close], lines[close]
            self.body: str | None = "\n".join(lines[close + 1:])
        else:
            self.opening, front, self.closing, self.body = "", lines, "", None
            if front and front[-1] == "":
                front = front[:-1]  # the final newline
        self.doc = load_mapping("\n".join(front) + "\n")
        self.data = self.doc.data
        self.root = self._split(front, 0, len(front), (), None)

    def _split(self, lines: list[str], start: int, end: int, path: tuple, key) -> _Block:
        paths = sorted((self.doc.lines[p] - 1, p) for p in self.doc.lines
                       if len(p) == len(path) + 1 and p[:-1] == path)
        starts = [s for s, _p in paths]
        own_lines = len(set(starts)) == len(starts) and all(start <= s < end for s in starts)
        splittable = key is None or key == "lieux" or (isinstance(key, int) and path[:1] == ("lieux",))
        if not paths or not own_lines or not splittable:
            return _Block(key, lines[start:end])
        item = isinstance(key, int)  # a list item: its first key is on the « - » line, which it keeps
        block = _Block(key, [] if item else lines[start:starts[0]])
        for index, (child_start, child_path) in enumerate(paths):
            child_start = start if index == 0 and item else child_start
            child_end = starts[index + 1] if index + 1 < len(starts) else end
            stop = child_end
            while stop > child_start + 1 and _gap_line(lines[stop - 1], _indent(lines[child_start])):
                stop -= 1
            child = self._split(lines, child_start, stop, child_path, child_path[-1])
            child.gap = lines[stop:child_end]
            block.children.append(child)
        return block

    def text(self) -> str:
        front = "\n".join(self.root.render()) + "\n"
        if not self.md:
            return front
        return f"{self.opening}\n{front}{self.closing}\n{self.body}"

    # -- changes --

    def set(self, key: str, value: Any) -> None:
        """Replace, add (at its usual place) or, when value is None, remove a top-level field."""
        existing = self.root.child(key)
        if value in (None, [], {}):
            if existing is not None:
                self.root.children.remove(existing)
            return
        lines = emit(key, value)
        if existing is not None:
            existing.head, existing.children = lines, []
            return
        order = PARTNER_ORDER.index(key) if key in PARTNER_ORDER else len(PARTNER_ORDER)
        for index, child in enumerate(self.root.children):
            if child.key in PARTNER_ORDER and PARTNER_ORDER.index(child.key) > order:
                self.root.children.insert(index, _Block(key, lines))
                return
        self.root.children.append(_Block(key, lines))

    def set_description(self, text: str | None) -> None:
        if self.md and ((self.body or "").strip() or "description" not in self.data):
            self.body = (text or "").strip("\n") + "\n"
        else:
            self.set("description", text)

    def description(self) -> Any:
        if self.md and ((self.body or "").strip() or "description" not in self.data):
            return (self.body or "").strip() or None
        return self.data.get("description")

    def venue_index(self, venue_id: str) -> int | None:
        venues = self.data.get("lieux")
        if not isinstance(venues, list):
            return None
        return next((i for i, v in enumerate(venues) if isinstance(v, dict) and v.get("id") == venue_id), None)

    def set_venue_field(self, venue_id: str, key: str, value: Any) -> None:
        index = self.venue_index(venue_id)
        assert index is not None
        venue = dict(self.data["lieux"][index])
        if value is None:
            venue.pop(key, None)
        else:
            venue[key] = value
        self.data["lieux"][index] = {k: venue[k] for k in sorted(venue, key=_venue_order)}
        lieux = self.root.child("lieux")
        item = lieux.child(index) if lieux else None
        if item is None or not item.children:  # not written one field a line: the venue is written again
            self._rewrite_venues()
            return
        existing = item.child(key)
        first = item.children[0].head[0]
        indent = len(first) - len(first.lstrip(" -"))  # « ␣␣- id: … »: the keys start after the dash
        lines = emit(key, value, indent) if value is not None else []
        if existing is not None:
            if existing is item.children[0] and lines:  # keep the « - » that starts the item
                lines[0] = first[:indent] + lines[0].lstrip(" ")
            if lines:
                existing.head, existing.children = lines, []
            else:
                item.children.remove(existing)
            return
        if value is None:
            return
        order = _venue_order(key)
        for position, child in enumerate(item.children):
            if isinstance(child.key, str) and _venue_order(child.key) > order and position > 0:
                item.children.insert(position, _Block(key, lines))
                return
        item.children.append(_Block(key, lines))

    def add_venue(self, venue: dict[str, Any]) -> None:
        venues = self.data.get("lieux")
        lieux = self.root.child("lieux")
        if not isinstance(venues, list) or lieux is None:
            self.data["lieux"] = [venue]
            self.set("lieux", [venue])
            return
        venues.append(venue)
        if not lieux.children:
            self._rewrite_venues()
            return
        first = lieux.children[0].render()[0]
        lieux.children.append(_Block(len(venues) - 1, emit_item(venue, _indent(first))))

    def _rewrite_venues(self) -> None:
        self.set("lieux", self.data["lieux"])


def _venue_base(name: str, commune: Commune) -> str:
    """« La Fabrique numérique » in Palaiseau → « la-fabrique-numerique-palaiseau » (the commune once)."""
    base = slugify(name)
    if commune.slug not in base:
        base = f"{base}-{commune.slug}"
    return base[:60].strip("-")


def _venue_order(key: str) -> int:
    return VENUE_ORDER.index(key) if key in VENUE_ORDER else len(VENUE_ORDER)


def new_partner_text(values: dict[str, Any]) -> str:
    """A new partner file: schema comment, then the fields in the order organisers write them."""
    lines: list[str] = []
    for key in PARTNER_ORDER:
        if values.get(key) not in (None, [], {}):
            lines += emit(key, values[key])
    return schema_comment("partenaire") + "\n".join(lines) + "\n"


# --- the import ----------------------------------------------------------------------

@dataclass
class _Existing:
    id: str
    path: Path
    file: PartnerFile


def _scan(content: Path, report: PartnersReport) -> tuple[dict[str, _Existing], set[str], dict[str, str]]:
    """Partner files by id, every venue id, and unreadable files (id → message)."""
    partners: dict[str, _Existing] = {}
    venue_ids: set[str] = set()
    unreadable: dict[str, str] = {}
    folder = content / "partners"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith(".") or path.suffix not in (".yaml", ".yml", ".md"):
            continue
        try:
            file = PartnerFile(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"), path.suffix)
        except YamlProblem as problem:
            unreadable[path.stem] = f"ligne {problem.line} : {problem.message}"
            continue
        except UnicodeDecodeError:
            unreadable[path.stem] = "pas en UTF-8"
            continue
        partners[path.stem] = _Existing(path.stem, path, file)
        for venue in file.data.get("lieux") or []:
            if isinstance(venue, dict) and isinstance(venue.get("id"), str):
                venue_ids.add(venue["id"])
    return partners, venue_ids, unreadable


def _read_state(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"version": STATE_VERSION, "structures": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION or not isinstance(data.get("structures"), dict):
            raise ValueError("version inconnue")
        return data
    except (ValueError, AttributeError) as error:
        raise ExportError(path, f"fichier abîmé ({error}) : reprenez la version du dépôt (git checkout)") from None


def _state_text(state: dict[str, Any]) -> str:
    return json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _unique(base: str, taken: set[str], commune: Commune | None = None) -> str:
    """``base``, else ``base-<commune>`` (when given), else ``base-2``, ``base-3``…"""
    if base not in taken:
        return base
    if commune is not None and f"{base}-{commune.slug}" not in taken:
        return f"{base}-{commune.slug}"
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _show(key: str, value: Any) -> str:
    if value is None:
        return "(vide)"
    if key == "communes":
        return ", ".join(c.name if (c := find_commune(i)) else i for i in value)
    if key == "lieu.commune":
        return c.name if (c := find_commune(value)) else value
    if key == "lieu.coordonnees" and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lon')}"
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    return _cut(str(value).replace("\n", " "), 80)


def _label(key: str, venue_id: str | None) -> str:
    return f"{key.removeprefix('lieu.')} du lieu « {venue_id} »" if key.startswith("lieu.") else key


def _field_phrase(key: str, venue_id: str | None) -> str:
    """« champ « horaires » », « champ « adresse » du lieu « mediatheque-gif » »."""
    if key.startswith("lieu."):
        return f"champ « {key.removeprefix('lieu.')} » du lieu « {venue_id} »"
    return f"champ « {key} »"


def _merge(current: list[str] | None, last: list[str], new: list[str] | None) -> tuple[list[str], list[str], list[str]]:
    """Three-way merge of a list: (result, added, removed)."""
    current, new = list(current or []), list(new or [])
    removed = [item for item in current if item in last and item not in new]
    added = [item for item in new if item not in current and item not in last]
    result = [item for item in current if item not in removed] + added
    return result, added, removed


class _Import:
    def __init__(self, content: Path, report: PartnersReport):
        self.content, self.report = content, report
        self.state = _read_state(content / STATE_FILE)
        self.partners, self.venue_ids, self.unreadable = _scan(content, report)
        self.texts: dict[str, tuple[Path, str]] = {}  # partner id → (path, new text)
        self.entries: dict[str, tuple[str, str, dict[str, Any]]] = {}  # partner id → (source, id, state entry)
        self.lines_of: dict[str, list[ReportLine]] = {}  # partner id → its report lines, told once written
        self.outcome: dict[str, str] = {}  # partner id → created / updated / unchanged
        self.conflicts_of: dict[str, list[str]] = {}
        self.claimed: dict[str, str] = {}  # partner id → structure id, in this import
        self.sources: dict[str, str] = {}  # partner id → the file its structure came from
        self.mapped = {entry["partenaire"]: sid for entries in self.state["structures"].values()
                       for sid, entry in entries.items()}

    def line(self, partner_id: str, message: str, level: str = "info") -> None:
        self.lines_of.setdefault(partner_id, []).append(
            ReportLine(self.sources[partner_id], 0, "", message, level))

    def match(self, record: dict[str, Any], commune: Commune) -> str | None:
        wanted = slugify(record["nom"])
        for partner_id, existing in self.partners.items():
            if wanted not in _name_keys(partner_id, str(existing.file.data.get("nom", ""))):
                continue
            data = existing.file.data
            listed = data.get("communes") or []
            communes = {c.insee for c in (find_commune(str(i)) for i in (listed if isinstance(listed, list)
                                                                          else [listed])) if c}
            communes |= {c.insee for v in data.get("lieux") or [] if isinstance(v, dict)
                         and (c := find_commune(str(v.get("commune", ""))))}
            if not communes or commune.insee in communes:
                return partner_id
        return None

    def structure(self, record: dict[str, Any], commune: Commune, services: list[dict[str, Any]],
                  source: str) -> None:
        sid = record["id"]
        entries = self.state["structures"].get(record["source"], {})
        entry = entries.get(sid)
        partner_id = entry["partenaire"] if entry else self.match(record, commune)
        if entry and partner_id not in self.partners:
            if partner_id in self.unreadable:
                self.report.add(source, f"structure « {sid} » : la fiche {partner_id} est illisible "
                                        f"({self.unreadable[partner_id]}) ; corrigez-la d'abord (invoke check)",
                                "attention")
            else:
                self.report.add(source, f"structure « {sid} » : la fiche {partner_id} a été supprimée depuis le "
                                        "dernier import ; elle n'est pas recréée (pour la recréer, retirez cette "
                                        f"structure de {STATE_FILE.as_posix()})", "attention")
            return
        owner = self.claimed.get(partner_id) or (None if entry else self.mapped.get(partner_id))
        if owner is not None and owner != sid:
            self.report.add(source, f"structure « {sid} » : la fiche {partner_id} reprend déjà la structure "
                                    f"« {owner} » ; non reprise", "attention")
            return
        values = _proposed(record, commune, services, source, self.report)
        if values is None:
            return
        if partner_id is None:
            self.create(record, commune, values, source)
        else:
            self.sources[partner_id] = source
            self.update(record, partner_id, values, entries)

    def create(self, record: dict[str, Any], commune: Commune, values: dict[str, Any], source: str) -> None:
        sid = record["id"]
        taken = set(self.partners) | set(self.texts) | set(self.unreadable)
        partner_id = _unique(slugify(values["nom"])[:50].strip("-") or "partenaire", taken, commune)
        kind = _partner_type(record)
        data: dict[str, Any] = {"nom": values["nom"], "type": kind or mapping()["type_par_defaut"]}
        data["site"] = values.get("site")
        contact = {"telephone": values.get("contact.telephone"), "email": values.get("contact.email")}
        data["contact"] = {k: v for k, v in contact.items() if v}
        data["communes"] = [find_commune(i).name for i in values["communes"]]
        data["offre"] = values.get("offre")
        data["horaires"] = values.get("horaires")
        data["description"] = values.get("description")
        venue_id = None
        if {"lieu.adresse", "lieu.code_postal"} <= values.keys():
            venue_id = _unique(_venue_base(values["lieu.nom"], commune), self.venue_ids)
            self.venue_ids.add(venue_id)
            data["lieux"] = [self.venue(venue_id, values)]
        path = self.content / "partners" / f"{partner_id}.yaml"
        self.sources[partner_id] = source
        self.texts[partner_id] = (path, new_partner_text(data))
        self.claimed[partner_id] = sid
        self.outcome[partner_id] = "created"
        self.entries[partner_id] = (record["source"], sid, self.entry(partner_id, venue_id, values))
        self.line(partner_id, f"partenaire « {values['nom']} » créé : {path.name} (structure « {sid} »)")
        if kind is None:
            self.line(partner_id, f"{path.name} : type « {data['type']} » mis par défaut, data·inclusion ne "
                                  "donne pas le type de structure ; vérifiez-le", "attention")

    @staticmethod
    def venue(venue_id: str, values: dict[str, Any]) -> dict[str, Any]:
        venue = {"id": venue_id, "nom": values["lieu.nom"], "adresse": values["lieu.adresse"],
                 "code_postal": values["lieu.code_postal"], "commune": find_commune(values["lieu.commune"]).name,
                 "coordonnees": values.get("lieu.coordonnees"), "acceslibre": values.get("lieu.acceslibre")}
        return {k: v for k, v in venue.items() if v is not None}

    @staticmethod
    def entry(partner_id: str, venue_id: str | None, values: dict[str, Any]) -> dict[str, Any]:
        kept = {k: v for k, v in values.items() if k != "lieu.nom" and (venue_id or not k.startswith("lieu."))}
        return {"partenaire": partner_id, "lieu": venue_id, "valeurs": kept}

    def find_venue(self, file: PartnerFile, values: dict[str, Any]) -> str | None:
        """The venue of a partner file at the structure's address (first import of a known partner)."""
        for venue in file.data.get("lieux") or []:
            if not isinstance(venue, dict) or not isinstance(venue.get("id"), str):
                continue
            commune = find_commune(str(venue.get("commune", "")))
            if commune is None or commune.insee != values["lieu.commune"]:
                continue
            if slugify(str(venue.get("adresse", ""))) == slugify(values["lieu.adresse"]) or \
                    slugify(str(venue.get("nom", ""))) == slugify(values["lieu.nom"]):
                return venue["id"]
        return None

    def update(self, record: dict[str, Any], partner_id: str, values: dict[str, Any],
               entries: dict[str, Any]) -> None:
        sid = record["id"]
        existing = self.partners[partner_id]
        file, name = existing.file, existing.path.name
        entry = entries.get(sid) or {}
        last: dict[str, Any] = entry.get("valeurs", {})
        changed: list[str] = []
        data = file.data
        contact = dict(data.get("contact") or {}) if isinstance(data.get("contact"), dict) else {}
        current = {"nom": data.get("nom"), "site": data.get("site"), "description": file.description(),
                   "contact.telephone": contact.get("telephone"), "contact.email": contact.get("email"),
                   "horaires": data.get("horaires")}
        for key in SCALAR_FIELDS:
            target = self.decide(key, _canonical(key, current[key]), last.get(key), values.get(key), name,
                                 partner_id, None)
            if target is _KEEP:
                continue
            changed.append(key)
            if key == "description":
                file.set_description(target)
            elif key.startswith("contact."):
                sub = key.removeprefix("contact.")
                contact[sub] = target
                merged = {k: contact[k] for k in sorted(contact, key=lambda k: CONTACT_ORDER.index(k)
                                                        if k in CONTACT_ORDER else 9) if contact[k] is not None}
                file.set("contact", merged or None)
            else:
                file.set(key, target)
        for key in LIST_FIELDS:
            now = _canonical(key, data.get(key))
            result, added, removed = _merge(now, last.get(key, []), values.get(key))
            if added or removed:
                shown = [f"ajout : {_show(key, added)}" if added else "", f"retrait : {_show(key, removed)}"
                         if removed else ""]
                changed.append(f"{key} ({' ; '.join(s for s in shown if s)})")
                file.set(key, [find_commune(i).name if find_commune(i) else i for i in result]
                         if key == "communes" else result)
        venue_id = self.update_venue(file, entry, values, last, name, partner_id, changed)
        self.texts[partner_id] = (existing.path, file.text())
        self.claimed[partner_id] = sid
        self.entries[partner_id] = (record["source"], sid, self.entry(partner_id, venue_id, values))
        if changed:
            self.outcome[partner_id] = "updated"
            self.line(partner_id, f"{name} mis à jour (structure « {sid} ») : {', '.join(changed)}")
        else:
            self.outcome[partner_id] = "unchanged"

    def update_venue(self, file: PartnerFile, entry: dict[str, Any], values: dict[str, Any], last: dict[str, Any],
                     name: str, partner_id: str, changed: list[str]) -> str | None:
        venue_id = entry.get("lieu")
        if "lieu.adresse" not in values or "lieu.code_postal" not in values:
            return venue_id if venue_id and file.venue_index(venue_id) is not None else None
        if venue_id and file.venue_index(venue_id) is None:
            self.line(partner_id, f"{name} : le lieu « {venue_id} » a été retiré à la main depuis le dernier "
                                  "import ; il n'est pas recréé", "attention")
            return venue_id
        if venue_id is None:
            venue_id = self.find_venue(file, values)
        if venue_id is None:
            commune = find_commune(values["lieu.commune"])
            venue_id = _unique(_venue_base(values["lieu.nom"], commune), self.venue_ids)
            self.venue_ids.add(venue_id)
            file.add_venue(self.venue(venue_id, values))
            changed.append(f"lieu « {venue_id} » ajouté")
            return venue_id
        venue = file.data["lieux"][file.venue_index(venue_id)]
        for sub in VENUE_FIELDS:
            key = f"lieu.{sub}"
            target = self.decide(key, _canonical(key, venue.get(sub)), last.get(key), values.get(key), name,
                                 partner_id, venue_id)
            if target is _KEEP:
                continue
            changed.append(_label(key, venue_id))
            shown = find_commune(target).name if key == "lieu.commune" and target else target
            file.set_venue_field(venue_id, sub, shown)
        return venue_id

    def decide(self, key: str, current: Any, last: Any, new: Any, name: str, partner_id: str,
               venue_id: str | None) -> Any:
        """The value to write, or _KEEP: the rule of every imported field."""
        if new is None:
            # data·inclusion gives nothing: the value it gave before goes, if it is still there
            return None if current is not None and last is not None and _same(key, current, last) else _KEEP
        if current is not None and _same(key, current, new):
            return _KEEP
        if current is None or (last is not None and _same(key, current, last)):
            return new
        if last is not None and _same(key, new, last):
            return _KEEP  # changed by hand, data·inclusion did not change: the hand's value stands
        self.conflicts_of.setdefault(partner_id, []).append(f"{name}: {_label(key, venue_id)}")
        self.line(partner_id, f"conflit : {name}, {_field_phrase(key, venue_id)} modifié à la main : la "
                              f"fiche garde « {_show(key, current)} » ; data·inclusion donne « {_show(key, new)} ». "
                              "Si c'est la bonne valeur, recopiez-la dans la fiche (ce conflit n'est signalé qu'une "
                              "fois)", "attention")
        return _KEEP


_KEEP = object()


def _unused(records: list[dict[str, Any]], used: set[str]) -> str:
    counts: dict[str, int] = {}
    for record in records:
        for key, value in record.items():
            if key not in used and value not in (None, "", [], {}):
                counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{key} ({count})" for key, count in sorted(counts.items()))


def import_partners(path: Path, content: Path) -> PartnersReport:
    """Import a data·inclusion export (file or folder) into the partner files of ``content``."""
    report = PartnersReport()
    try:
        export = read_export(path)
        import data_inclusion.schema.v1 as di
    except ExportError as error:
        report.unreadable = True
        report.add(str(error.path), error.message, "erreur")
        return report
    except ImportError:
        report.unreadable = True
        report.add(str(path), "le paquet data-inclusion-schema manque pour vérifier le fichier : installez-le "
                              "(.venv/bin/pip install data-inclusion-schema)", "erreur")
        return report
    structures = _validated(di.Structure, export.structures, "structure", export.structures_source, report)
    services = _validated(di.Service, export.services, "service", export.services_source, report)
    try:
        run = _Import(content, report)
    except ExportError as error:
        report.unreadable = True
        report.add(str(error.path), error.message, "erreur")
        return report
    by_structure: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for service in services:
        by_structure.setdefault((service["source"], service["structure_id"]), []).append(service)
    valid_keys = {(s["source"], s["id"]) for s in structures}
    refused_ids = set(report.refused)
    for service in services:
        key = (service["source"], service["structure_id"])
        if key not in valid_keys:
            why = "est refusée" if service["structure_id"] in refused_ids else "est absente du fichier"
            report.add(export.services_source, f"service « {service['id']} » ignoré : sa structure "
                                               f"« {service['structure_id']} » {why}", "attention")
    taken_structures, taken_services = [], []
    own_source = mapping()["source"]
    for record in structures:
        commune = _territory(record)
        own = by_structure.get((record["source"], record["id"]), [])
        if record["source"] == own_source:
            report.add(export.structures_source, f"structure « {record['id']} » : publiée par ce site (source "
                                                 f"{own_source}), non reprise", "attention")
            continue
        if commune is None:
            where = " ".join(str(record[k]) for k in ("commune", "code_insee") if record.get(k)) or "commune inconnue"
            with_services = ", avec son service" if len(own) == 1 else (f", avec ses {len(own)} services" if own
                                                                         else "")
            report.left_out.append(record["id"])
            report.add(export.structures_source, f"structure « {record['id']} » ({record['nom']}, {where}) : hors du "
                                                 f"territoire de SUN, non reprise{with_services}", "attention")
            continue
        taken_structures.append(record)
        taken_services += own
        run.structure(record, commune, own, export.structures_source)
    _check_and_write(run, content, report)
    for source, records, used, what in ((export.structures_source, taken_structures, STRUCTURE_USED, "structures"),
                                        (export.services_source, taken_services, SERVICE_USED, "services")):
        unused = _unused(records, used)
        if unused:
            head = ("seul le nom des services est repris, dans « offre » ; " if what == "services" else "")
            report.add(source, f"{what} : {head}non repris, faute de champ dans les fiches partenaires : {unused}")
    if not report.written:
        report.add(str(path), "rien n'a changé : aucune fiche écrite")
    return report


def _check_and_write(run: _Import, content: Path, report: PartnersReport) -> None:
    """Check the new files with the whole programme in a scratch copy, then write those that pass."""
    changed = {pid: (path, text) for pid, (path, text) in run.texts.items()
               if not path.exists() or path.read_text(encoding="utf-8-sig").replace("\r\n", "\n") != text}
    failed: set[str] = set()
    if changed:
        with tempfile.TemporaryDirectory() as scratch:
            trial = Path(scratch) / "content"
            shutil.copytree(content, trial)
            shown: dict[str, str] = {}
            for pid, (path, text) in changed.items():
                target = trial / "partners" / path.name
                target.write_text(text, encoding="utf-8")
                shown[str(target)] = pid
            _, checked = load_programme(trial)
        for problem in checked.sorted():
            pid = shown.get(problem.path)
            if pid is None:
                continue
            level = "attention"
            subject = f"{problem.field} : " if problem.field else ""
            if problem.severity is Severity.ERROR:
                failed.add(pid)
                run.line(pid, f"{changed[pid][0].name} non écrite : {subject}{problem.message}", level)
            else:
                run.line(pid, f"{changed[pid][0].name} : {subject}{problem.message}", level)
    for pid in run.texts:
        report.lines += run.lines_of.get(pid, [])
        if pid in failed:
            continue
        outcome = run.outcome[pid]
        {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}[outcome].append(pid)
        report.conflicts += run.conflicts_of.get(pid, [])
        if pid in changed:
            path, text = changed[pid]
            path.write_text(text, encoding="utf-8")
            report.written.append(f"partners/{path.name}")
        source, sid, entry = run.entries[pid]
        run.state["structures"].setdefault(source, {})[sid] = entry
    for source in list(run.state["structures"]):
        if not run.state["structures"][source]:
            del run.state["structures"][source]
        for entry in run.state["structures"].get(source, {}).values():
            if entry.get("lieu") is None:
                entry.pop("lieu", None)
    state_path = content / STATE_FILE
    text = _state_text(run.state)
    stale = not state_path.exists() or state_path.read_text(encoding="utf-8") != text
    if stale and run.state["structures"]:
        state_path.parent.mkdir(parents=True, exist_ok=True)
        state_path.write_text(text, encoding="utf-8")
        report.written.append(STATE_FILE.as_posix())


def run_import_partners(path: str, content: str, out=sys.stdout) -> int:
    """``invoke import-partners``: the report, then a summary; 1 when the file cannot be read."""
    source = Path(path)
    if not source.exists():
        print(f"✗ {path} introuvable", file=out)
        return 1
    report = import_partners(source, Path(content))
    for line in report.lines:
        print(line.format(), file=out)
    if report.unreadable:
        print("\n✗ Import data·inclusion : fichier illisible, rien n'a été importé.", file=out)
        return 1
    print(f"\n✓ Import data·inclusion : {report.summary()}.", file=out)
    return 0
