"""The demo programme's OpenAgenda export: valid by OpenAgenda's rules, event by event, and the rules file."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import pytest

from sunprogramme.loader import load_programme
from sunprogramme.model import Programme
from sunprogramme.sanitize import markdown_to_safe_html
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.vocabularies import vocabulary
from sunprogramme.writers.markdown_from_html import html_to_markdown
from sunprogramme.writers.openagenda import openagenda_json

from conftest import ROOT
from openagenda_rules import SPEC, by_id, ext_id, openagenda_problems


@pytest.fixture(scope="module")
def programme() -> Programme:
    programme, report = load_programme(ROOT / "content")
    assert programme is not None, report
    return programme


@pytest.fixture(scope="module")
def urls() -> SiteUrls:
    return SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))


@pytest.fixture(scope="module")
def exported(programme, urls) -> dict[str, Any]:
    return json.loads(openagenda_json(programme, urls).decode("utf-8"))


def test_demo_export_follows_openagenda_rules(exported):
    assert openagenda_problems(exported) == []
    assert exported["events"] and exported["locations"]


def test_validator_catches_damaged_copies(exported):
    data = copy.deepcopy(exported)
    events = by_id(data)
    night = events["nuit-du-code-citoyen"]
    night["title"]["fr"] = "x" * 141
    night["status"] = 9
    night["timings"][0]["begin"] = "2026-10-24T20:00:00"  # no UTC offset
    tablet = events["atelier-tablette-du-mercredi"]
    del tablet["description"]
    tablet["accessibility"]["xx"] = True
    tablet["accessibility"]["hi"] = "oui"
    tablet["timings"] = [{"begin": "2026-10-14T14:00:00+02:00", "end": "2026-10-15T15:00:00+02:00"},
                         {"begin": "2026-10-15T14:00:00+02:00", "end": "2026-10-15T16:00:00+02:00"}]
    webinar = events["webinaire-sms-frauduleux"]
    del webinar["onlineAccessLink"]
    webinar["attendanceMode"] = 4
    photo = events["initiation-retouche-photo"]
    photo["location"]["extIds"][0]["value"] = "salle-inconnue"
    photo["conditions"]["fr"] = "y" * 256
    photo["uid"] = 12
    photo["imageCredits"] = "Ville d'Igny"
    tablet["keywords"]["en"] = ["tablet"]
    data["locations"][0]["name"] = "z" * 101
    del data["locations"][1]["countryCode"]
    first, second = (ext_id(loc, "") for loc in data["locations"][:2])
    assert sorted(openagenda_problems(data)) == sorted([
        f"lieu {first} : name dépasse 100 caractères (101)",
        f"lieu {second} : champ requis manquant : countryCode",
        "événement webinaire-sms-frauduleux : attendanceMode : valeur 4 hors de [1, 2, 3]",
        "événement atelier-tablette-du-mercredi : champ requis manquant : description",
        "événement atelier-tablette-du-mercredi : keywords : langue inconnue « en »",
        "événement atelier-tablette-du-mercredi : accessibility.hi : booléen attendu, reçu 'oui'",
        "événement atelier-tablette-du-mercredi : accessibility : code inconnu « xx »",
        "événement atelier-tablette-du-mercredi : timings[1] : plage de plus de 24 heures",
        "événement atelier-tablette-du-mercredi : timings[1] et timings[2] se chevauchent",
        "événement initiation-retouche-photo : champ non modifiable « uid »",
        "événement initiation-retouche-photo : conditions.fr dépasse 255 caractères (256)",
        "événement initiation-retouche-photo : imageCredits sans image",
        "événement initiation-retouche-photo : lieu « salle-inconnue » absent de la liste des lieux",
        "événement nuit-du-code-citoyen : title.fr dépasse 140 caractères (141)",
        "événement nuit-du-code-citoyen : timings[1].begin : date ISO 8601 avec décalage UTC attendue, "
        "reçu '2026-10-24T20:00:00'",
        "événement nuit-du-code-citoyen : status : valeur 9 hors de [1, 2, 3, 4, 5, 6]",
    ])
    webinar["attendanceMode"] = 2
    del night["location"]
    problems = openagenda_problems(data)
    assert "événement webinaire-sms-frauduleux : onlineAccessLink requis pour attendanceMode 2" in problems
    assert "événement nuit-du-code-citoyen : locationUid requis pour attendanceMode 1" in problems


def test_export_matches_the_programme(programme, exported):
    assert len(exported["events"]) == len(programme.events)
    assert {e["extIds"][0]["value"] for e in exported["events"]} == set(programme.events)
    # One timing per session, but the cancelled session of an event that goes on (dropped by design).
    sessions = sum(len(e.sessions) for e in programme.events.values())
    dropped = [(e.id, s.index) for e in programme.events.values() if e.status not in ("annule", "reporte")
               for s in e.sessions if s.status in ("annule", "reporte")]
    assert dropped == [("atelier-tablette-du-mercredi", 2)]
    assert sum(len(e["timings"]) for e in exported["events"]) == sessions - len(dropped)
    used = {e["location"]["extIds"][0]["value"] for e in exported["events"] if "location" in e}
    assert [loc["extIds"][0]["value"] for loc in exported["locations"]] == sorted(used)


def test_night_session_across_the_dst_change(exported):
    night = by_id(exported)["nuit-du-code-citoyen"]
    assert night["timings"] == [{"begin": "2026-10-24T20:00:00+02:00", "end": "2026-10-25T06:00:00+01:00"}]
    begin, end = (datetime.fromisoformat(night["timings"][0][k]).astimezone(UTC) for k in ("begin", "end"))
    assert (begin, end) == (datetime(2026, 10, 24, 18, 0, tzinfo=UTC), datetime(2026, 10, 25, 5, 0, tzinfo=UTC))
    assert end - begin == timedelta(hours=11)


def test_statuses(exported):
    events = by_id(exported)
    assert events["initiation-retouche-photo"]["status"] == 6
    assert events["conference-ia-au-quotidien"]["status"] == 4
    assert events["mon-espace-sante"]["status"] == 5
    assert events["nuit-du-code-citoyen"]["status"] == 1
    assert {e["status"] for e in exported["events"]} == {1, 4, 5, 6}
    # The cancelled event keeps its timing: OpenAgenda shows it as cancelled.
    assert len(events["initiation-retouche-photo"]["timings"]) == 1


def test_cancelled_session_of_a_confirmed_event(exported):
    tablet = by_id(exported)["atelier-tablette-du-mercredi"]
    assert tablet["status"] == 1
    assert tablet["timings"] == [{"begin": "2026-10-14T14:00:00+02:00", "end": "2026-10-14T16:00:00+02:00"}]
    assert "Séance du mercredi 21 octobre à 14\u00a0h : annulée." in tablet["conditions"]["fr"]
    assert ("- mercredi 21 octobre, de 14\u00a0h à 16\u00a0h : **annulée** (Séance annulée : la salle commune "
            "est réservée ce jour-là pour les vaccinations.)") in tablet["longDescription"]["fr"]


def test_fields_of_an_event_and_its_location(exported):
    events = by_id(exported)
    night = events["nuit-du-code-citoyen"]
    assert night["extIds"] == [{"key": "sun", "value": "nuit-du-code-citoyen"}]
    assert night["attendanceMode"] == 1 and night["timezone"] == "Europe/Paris"
    assert night["location"] == {"extIds": [{"key": "sun", "value": "campus-numerique-palaiseau"}]}
    assert "locationUid" not in night and "onlineAccessLink" not in night and "age" not in night
    assert night["registration"] == [
        {"type": "link", "value": "https://campus-numerique-palaiseau.example.org/nuit-du-code"},
        {"type": "email", "value": "habitants@campus-numerique.example.org"}]
    assert night["keywords"] == {"fr": ["Création et loisirs numériques", "Numérique et handicap",
                                        "Numérique responsable"]}
    # fauteuil-roulant (mi), sous-titrage and the venue's boucle-magnetique (hi).
    assert night["accessibility"] == {"hi": True, "ii": False, "mi": True, "pi": False, "vi": False}
    assert night["conditions"]["fr"].startswith("Gratuit. Inscription obligatoire (80 places). À partir de 18 ans.")
    long = night["longDescription"]["fr"]
    assert long.startswith("Pour clore les SUN, le Campus numérique de Palaiseau ouvre ses portes **du samedi")
    assert "\n\n- une carte des lieux d'aide numérique lisible sur téléphone ;\n" in long
    assert long.endswith("Page de l'événement sur le site des SUN : "
                         "https://sun.example.org/evenements/nuit-du-code-citoyen/")
    webinar = events["webinaire-sms-frauduleux"]
    assert webinar["attendanceMode"] == 2 and "location" not in webinar
    assert webinar["onlineAccessLink"] == "https://visio.sun.example.org/webinaire-arnaques"
    campus = next(loc for loc in exported["locations"] if loc["extIds"][0]["value"] == "campus-numerique-palaiseau")
    assert campus["countryCode"] == "FR" and campus["timezone"] == "Europe/Paris"
    assert campus["address"] == f"{campus['address'].split(', ')[0]}, {campus['postalCode']} {campus['city']}"
    assert campus["city"] == "Palaiseau" and campus["insee"] == "91477"
    assert isinstance(campus["latitude"], float) and isinstance(campus["longitude"], float)
    assert "Entrée de plain-pied ou avec rampe." in campus["access"]["fr"]


def test_accents_and_same_bytes(programme, urls):
    raw = openagenda_json(programme, urls)
    assert raw == openagenda_json(programme, urls)
    assert raw.endswith(b"}\n") and b"\\u00" not in raw
    text = raw.decode("utf-8")
    assert "Épinay-sur-Orge" in text and "Nuit du code citoyen" in text and "Club des Aînés" in text
    assert json.loads(text)["public_url"] == "https://sun.example.org"


def test_descriptions_read_back_as_the_same_html(programme, exported):
    """The Markdown of longDescription, rendered again, gives the page's HTML (whitespace aside)."""
    def squash(html: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()
    events = by_id(exported)
    for event in programme.events.values():
        markdown = html_to_markdown(event.description_html)
        assert squash(markdown_to_safe_html(markdown)) == squash(event.description_html), event.id
        assert events[event.id]["longDescription"]["fr"].startswith(markdown)


# -- The data file ------------------------------------------------------------------------------

def test_data_file_states_its_source_and_covers_our_vocabularies():
    text = resources.files("sunprogramme").joinpath("data", "openagenda.yaml").read_text("utf-8")
    header = text.split("\n\n")[0]
    assert "OpenAgenda/dev-doc" in header
    assert "docs/evenements/structure.md" in header and "docs/lieux/structure.md" in header
    statuses = SPEC["event_fields"]["status"]["values"]
    assert sorted(SPEC["status_codes"]) == statuses
    assert {t.extra["openagenda"] for t in vocabulary("statuts").terms} <= set(statuses)
    assert {t.extra["openagenda"] for t in vocabulary("accessibilite").terms} <= set(SPEC["accessibility_codes"])
    assert set(SPEC["accessibility_codes"]) == {"hi", "vi", "pi", "mi", "ii"}
    required = {c for c, s in SPEC["event_fields"].items() if s.get("required") is True}
    assert required == {"title", "description", "timings"}
    assert {c for c, s in SPEC["location_fields"].items() if s.get("required") is True} == {
        "name", "address", "countryCode"}
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    assert "data/*.yaml" in package_data["sunprogramme"]
    writer = (ROOT / "sunprogramme" / "writers" / "openagenda.py").read_text("utf-8")
    assert "pelican" not in writer.lower() and "/work/shared" not in writer
