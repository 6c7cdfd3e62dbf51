"""How the report shows an imported field and its values."""

from __future__ import annotations

from typing import Any

from ...vocabularies import find_commune
from .values import cut


def show_value(key: str, value: Any) -> str:
    """A value as the report shows it: commune names, lists on one line, long texts cut."""
    if value is None:
        return "(vide)"
    if key == "communes":
        return ", ".join(c.name if (c := find_commune(i)) else i for i in value)
    if key == "themes":
        return ", ".join(value)
    if key == "lieu.commune":
        return c.name if (c := find_commune(value)) else value
    if key == "lieu.coordonnees" and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lon')}"
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    return cut(str(value).replace("\n", " "), 80)


def field_label(key: str, venue_id: str | None) -> str:
    """A field as the list of conflicts names it."""
    return f"{key.removeprefix('lieu.')} du lieu « {venue_id} »" if key.startswith("lieu.") else key


def field_phrase(key: str, venue_id: str | None) -> str:
    """« champ « horaires » », « champ « adresse » du lieu « mediatheque-gif » »."""
    if key.startswith("lieu."):
        return f"champ « {key.removeprefix('lieu.')} » du lieu « {venue_id} »"
    return f"champ « {key} »"
