"""The ``PROGRAMME_*`` settings, read once into a typed object.

A misspelt or mistyped setting stops the build with its name, in French.
URL patterns come in ``*_URL`` / ``*_SAVE_AS`` pairs, as in Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class ProgrammeSettings:
    public_url: str = ""  # absolute URL of the published site; empty for a local preview
    event_url: str = "evenements/{id}/"
    event_save_as: str = "evenements/{id}/index.html"
    commune_url: str = "communes/{slug}/"
    commune_save_as: str = "communes/{slug}/index.html"
    communes_url: str = "communes/"
    communes_save_as: str = "communes/index.html"
    partner_url: str = "partenaires/{id}/"
    partner_save_as: str = "partenaires/{id}/index.html"
    partners_url: str = "partenaires/"
    partners_save_as: str = "partenaires/index.html"
    json_save_as: str = "programme.json"

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> ProgrammeSettings:
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in settings.items():
            if not key.startswith("PROGRAMME_"):
                continue
            name = key.removeprefix("PROGRAMME_").lower()
            if name not in known:
                raise SettingsError(f"réglage inconnu : {key}")
            if not isinstance(value, str):
                raise SettingsError(f"réglage {key} : texte attendu, reçu {type(value).__name__}")
            values[name] = value
        result = cls(**values)
        if result.public_url and not result.public_url.startswith(("https://", "http://")):
            raise SettingsError("réglage PROGRAMME_PUBLIC_URL : adresse absolue attendue (https://…)")
        return result
