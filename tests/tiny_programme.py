"""The tiny valid programme of the property tests (an edition, two partners, two events) and its YAML writer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sunprogramme import schema
from sunprogramme.fields import Record

from conftest import SITE


class Raw(str):
    """A YAML fragment written as it is after « key: » (its next lines indented under the key)."""


@dataclass(frozen=True)
class Key:
    """A mapping key written as ``name`` (``copy`` tells apart a key written twice)."""

    name: str
    copy: int = 0


# --- The tiny valid programme ---------------------------------------------------------------

EDITION = {
    "nom": "SUN 2026",
    "titre": "Semaines des Usages Numériques 2026",
    "debut": Raw("2026-10-10"),
    "fin": Raw("2026-10-24"),
    "presentation": Raw("|\n  Des ateliers **gratuits** pour apprendre le numérique."),
    "contact": {"nom": "Coordination SUN", "telephone": "01 99 00 00 00", "email": "contact@sun.example.org"},
    "editeur": "Association SUN, 1 rue de la Paix, 91300 Massy",
    "responsable_publication": "Camille Martin",
    "hebergement": "Hébergeur Exemple, 2 rue du Serveur, 75000 Paris",
}

CATON = {
    "nom": "CATON",
    "type": "association",
    "site": "https://caton.example.org",
    "logo": "logos/caton.png",
    "contact": {"nom": "Accueil", "telephone": "01 99 00 10 00", "email": "accueil@caton.example.org"},
    "communes": ["Les Ulis", "Massy"],
    "offre": ["Permanences d'aide au numérique le mardi"],
    "themes": ["premiers-pas"],
    "horaires": "Du lundi au vendredi, de 9 h à 17 h",
    "description": Raw("|\n  Cap vers l'Accès de Tous aux Outils Numériques."),
    "lieux": [{
        "id": "maison-des-associations-ulis",
        "nom": "Maison des associations",
        "adresse": "3 avenue de Bourgogne",
        "code_postal": "91940",
        "commune": "Les Ulis",
        "coordonnees": {"lat": Raw("48.6819"), "lon": Raw("2.1697")},
        "acces": "Bus 9, arrêt Centre commercial",
        "stationnement": "Parking gratuit",
        "plain_pied": Raw("oui"),
        "accessibilite": ["boucle-magnetique"],
        "acceslibre": "https://acceslibre.beta.gouv.fr/app/91-les-ulis/a/association/erp/maison/",
    }],
}

MEDIATHEQUE = {
    "nom": "Médiathèque Jean Cocteau",
    "type": "mediatheque",
    "communes": ["Massy"],
    "lieux": [{
        "id": "mediatheque-cocteau",
        "nom": "Médiathèque Jean Cocteau",
        "adresse": "2 rue de la Poterne",
        "code_postal": "91300",
        "commune": "Massy",
    }],
}

ATELIER = {
    "titre": "Premiers pas avec son smartphone",
    "resume": "Allumer, appeler, envoyer un message.",
    "en_bref": Raw("|\n  Vous avez un téléphone.\n  Nous vous aidons à l'utiliser."),
    "seances": [
        {"date": Raw("2026-10-13"), "debut": "14:00", "fin": "16:00", "note": "Salle du premier étage"},
        {"date": Raw("2026-10-20"), "debut": "14:00", "fin": "16:30", "statut": "complet"},
    ],
    "lieu": "maison-des-associations-ulis",
    "organisateurs": ["caton"],
    "themes": ["smartphone-tablette"],
    "publics": ["seniors"],
    "format": "atelier",
    "niveau": "debutant",
    "inscription": {"obligatoire": Raw("oui"), "telephone": "0199001001", "email": "inscription@caton.example.org",
                    "lien": "https://caton.example.org/inscription", "places": Raw("8"),
                    "precisions": "Appelez le matin"},
    "tarif": "2 € l'atelier",
    "accessibilite": ["gros-caracteres"],
    "a_apporter": ["Votre smartphone chargé"],
    "image": {"fichier": "images/atelier.png", "alt": "Deux personnes devant un téléphone",
              "credit": "CATON"},
    "contact": {"nom": "Lou", "telephone": "01 99 00 10 01", "email": "lou@caton.example.org"},
}

WEBINAIRE = {
    "titre": "Repérer les arnaques en ligne",
    "resume": "Un webinaire pour reconnaître les faux messages.",
    "date": Raw("2026-10-14"),
    "debut": "18:00",
    "fin": "19:00",
    "en_ligne": "https://visio.example.org/arnaques",
    "organisateurs": ["mediatheque-massy", "caton"],
    "themes": ["securite"],
    "publics": ["tout-public", "seniors"],
    "format": "webinaire",
    "statut": "confirme",
    "description": Raw("|\n  Les **arnaques** les plus courantes, et comment les reconnaître."),
}

# name in the content folder: (kind's record, fields, Markdown body for a .md file)
PROGRAMME: dict[str, tuple[Record, dict, str | None]] = {
    "edition.yaml": (schema.EDITION, EDITION, None),
    "partners/caton.yaml": (schema.PARTNER, CATON, None),
    "partners/mediatheque-massy.md": (schema.PARTNER, MEDIATHEQUE, "La médiathèque prête des **tablettes**.\n"),
    "events/atelier-smartphone.md": (schema.EVENT, ATELIER, "Un atelier en petit groupe.\n"),
    "events/webinaire-arnaques.yaml": (schema.EVENT, WEBINAIRE, None),
}
IMAGES = {"images/atelier.png": SITE / "logos" / "caton.png", "logos/caton.png": SITE / "logos" / "caton.png"}


# --- Writing YAML with damage in it -----------------------------------------------------------

def _scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _entry(head: str, value: Any, indent: int) -> list[str]:
    """``head`` (« key: » or « - ») followed by ``value``, nested lines indented by ``indent + 2``."""
    pad = " " * (indent + 2)
    if isinstance(value, dict) and value:
        return [head, *_mapping(value, indent + 2)]
    if isinstance(value, list) and value:
        return [head, *(line for item in value for line in _entry(pad + "-", item, indent + 2))]
    if isinstance(value, (dict, list)):
        return [f"{head} {'{}' if isinstance(value, dict) else '[]'}"]
    first, *rest = _scalar(value).split("\n")
    return [f"{head} {first}".rstrip(" ") if first else head, *(" " * indent + line for line in rest)]


def _mapping(mapping: dict, indent: int = 0) -> list[str]:
    lines = []
    for key, value in mapping.items():
        name = key.name if isinstance(key, Key) else key
        lines += _entry(" " * indent + f"{name}:", value, indent)
    return lines


def render(fields: dict, body: str | None) -> bytes:
    text = "\n".join(_mapping(fields)) + "\n"
    if body is not None:
        text = f"---\n{text}---\n{body}"
    return text.encode("utf-8")
