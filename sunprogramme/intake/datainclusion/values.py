"""Values of data·inclusion records in our fields: conversion, comparison with a file's values, territory, themes."""

from __future__ import annotations

from functools import cache
from typing import Any

from ... import schema
from ...fields import SCALARS, FieldValueError
from ...vocabularies import Commune, find_commune, slugify, vocabulary
from ...writers.datainclusion import mapping
from .export_reader import shown_value
from .report import PartnersReport

LIST_FIELDS = ["communes", "offre", "themes"]
COORDINATE_TOLERANCE = 0.0005  # degrees, about 50 m: a rounding is not a change


_FIELDS = {"nom": schema.PARTNER.by_key("nom"), "site": schema.PARTNER.by_key("site"),
           "description": schema.PARTNER.by_key("description"), "horaires": schema.PARTNER.by_key("horaires"),
           "contact.telephone": schema.CONTACT.by_key("telephone"), "contact.email": schema.CONTACT.by_key("email"),
           "offre": schema.PARTNER.by_key("offre").item, "themes": schema.PARTNER.by_key("themes").item,
           "lieu.nom": schema.VENUE.by_key("nom"),
           "lieu.adresse": schema.VENUE.by_key("adresse"), "lieu.code_postal": schema.VENUE.by_key("code_postal"),
           "lieu.acceslibre": schema.VENUE.by_key("acceslibre")}


def _convert(key: str, value: Any) -> Any:
    """A value in our field's canonical form (phones « 01 99 00 12 34 »…); FieldValueError if it does not fit."""
    f = _FIELDS[key]
    return SCALARS[f.kind](value, f)


def canonical(key: str, value: Any) -> Any:
    """The file's current value, comparable with an imported one; None when absent or unreadable as such."""
    if value in (None, "", []):
        return None
    if key in LIST_FIELDS:
        items = value if isinstance(value, list) else [value]
        if key == "communes":
            return [c.insee if (c := find_commune(str(i))) else str(i) for i in items]
        if key == "themes":  # a label typed by hand is its slug
            return [_slug_or_text(i) for i in items]
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


def same(key: str, a: Any, b: Any) -> bool:
    """Equal for the import: coordinates within about 50 m, addresses whatever their accents and hyphens."""
    if key == "lieu.adresse" and isinstance(a, str) and isinstance(b, str):
        return slugify(a) == slugify(b)
    if key == "lieu.coordonnees" and isinstance(a, dict) and isinstance(b, dict):
        try:
            return all(abs(float(a[k]) - float(b[k])) < COORDINATE_TOLERANCE for k in ("lat", "lon"))
        except (KeyError, TypeError, ValueError):
            return False
    return a == b


def _slug_or_text(item: Any) -> str:
    try:
        return _convert("themes", item)
    except FieldValueError:
        return str(item).strip()


@cache
def themes_by_thematique() -> dict[str, str]:
    """data·inclusion thématique → our theme: the reverse of ``data_inclusion`` in ``themes.yaml``; a thématique
    several themes list goes to the first of them, in the vocabulary's order."""
    reverse: dict[str, str] = {}
    for term in vocabulary("themes").terms:
        for thematique in term.extra.get("data_inclusion") or []:
            reverse.setdefault(thematique, term.slug)
    return reverse


def _themes_of(sid: str, services: list[dict[str, Any]], source: str, report: PartnersReport) -> list[str]:
    """Our themes for the services' thématiques, in the vocabulary's order; those without one are told."""
    reverse = themes_by_thematique()
    found: set[str] = set()
    without: dict[str, list[str]] = {}  # thématique → ids of the services that give it
    for service in sorted(services, key=lambda s: s["id"]):
        for thematique in service.get("thematiques") or []:
            if thematique in reverse:
                found.add(reverse[thematique])
            else:
                without.setdefault(str(thematique), []).append(service["id"])
    for thematique, ids in sorted(without.items()):
        which = ("services " if len(ids) > 1 else "service ") + ", ".join(f"« {i} »" for i in ids)
        report.add(source, f"structure « {sid} » : thématique « {thematique} » ({which}) non reprise dans « themes » : "
                           "aucun thème de SUN ne lui correspond")
    return [slug for slug in vocabulary("themes").slugs if slug in found]


def cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rsplit(" ", 1)[0] + "…"


def territory(record: dict[str, Any]) -> Commune | None:
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


def proposed(record: dict[str, Any], commune: Commune, services: list[dict[str, Any]], source: str,
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
                report.add(source, f"structure « {sid} » : {di_field} « {shown_value(value)} » non repris : {error}",
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
    values["themes"] = _themes_of(sid, services, source, report) or None
    if record.get("adresse"):
        address = record["adresse"] + (f", {record['complement_adresse']}" if record.get("complement_adresse") else "")
        values["lieu.nom"] = _convert("lieu.nom", cut(values["nom"], 120))
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


def partner_type(record: dict[str, Any]) -> str | None:
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
