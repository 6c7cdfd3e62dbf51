"""OpenAgenda export: checked against the field rules copied from OpenAgenda's dev-doc (data/openagenda.yaml).

The validator below is written from that data file, not from the writer: required fields, lengths per
language, enumerations, timings (offset, order, 24 hours, no overlap) and location references.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import pytest
import yaml

from sunprogramme.loader import load_programme
from sunprogramme.model import Image, Programme, Session
from sunprogramme.sanitize import markdown_to_safe_html
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.timeutil import PARIS
from sunprogramme.urls import SiteUrls
from sunprogramme.vocabularies import vocabulary
from sunprogramme.writers.markdown_from_html import html_to_markdown
from sunprogramme.writers.openagenda import openagenda_data, openagenda_json
from sunprogramme.writers.openagenda_records import shorten

from conftest import ROOT

SPEC = yaml.safe_load(resources.files("sunprogramme").joinpath("data", "openagenda.yaml").read_text("utf-8"))
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


# -- The validator --------------------------------------------------------------------------------

def _ext_id(item: dict[str, Any], fallback: str) -> str:
    ids = item.get("extIds")
    if isinstance(ids, list) and ids and isinstance(ids[0], dict) and ids[0].get("value"):
        return str(ids[0]["value"])
    return fallback


def _instant(value: Any, where: str, problems: list[str]) -> datetime | None:
    if not isinstance(value, str) or not ISO_WITH_OFFSET.match(value):
        problems.append(f"{where} : date ISO 8601 avec décalage UTC attendue, reçu {value!r}")
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(UTC)


def _check_field(code: str, value: Any, spec: dict[str, Any], where: str, problems: list[str]) -> None:
    kind = spec["type"]
    say = lambda message: problems.append(f"{where} : {code}{message}")  # noqa: E731
    if kind in ("multilingual_text", "multilingual_markdown", "multilingual_list"):
        if not isinstance(value, dict) or not value:
            say(" : objet {langue: valeur} attendu")
            return
        for lang, text in value.items():
            if lang not in SPEC["languages"]:
                say(f" : langue inconnue « {lang} »")
            if kind == "multilingual_list":
                if not isinstance(text, list) or not all(isinstance(t, str) and t for t in text):
                    say(f".{lang} : liste de textes attendue")
                    continue
                text = ", ".join(text)
            elif not isinstance(text, str) or not text.strip():
                say(f".{lang} : texte non vide attendu")
                continue
            if "max_chars_per_lang" in spec and len(text) > spec["max_chars_per_lang"]:
                say(f".{lang} dépasse {spec['max_chars_per_lang']} caractères ({len(text)})")
    elif kind == "text":
        if not isinstance(value, str) or not value.strip():
            say(" : texte non vide attendu")
        elif "max_chars" in spec and len(value) > spec["max_chars"]:
            say(f" dépasse {spec['max_chars']} caractères ({len(value)})")
        elif "pattern" in spec and not re.match(spec["pattern"], value):
            say(f" : valeur {value!r} invalide")
    elif kind == "url":
        if not isinstance(value, str) or not re.match(r"^https?://\S+$", value):
            say(f" : adresse http(s) attendue, reçu {value!r}")
    elif kind == "image":
        if not isinstance(value, dict) or not re.match(r"^https?://\S+$", str(value.get("url", ""))):
            say(" : {url: adresse publique http(s)} attendu")
    elif kind == "ext_ids":
        if not isinstance(value, list) or not all(
                isinstance(i, dict) and set(i) == {"key", "value"} and all(isinstance(v, str) and v for v in i.values())
                for i in value):
            say(" : liste de {key, value} attendue")
    elif kind == "enum":
        if isinstance(value, bool) or value not in spec["values"]:
            say(f" : valeur {value!r} hors de {spec['values']}")
    elif kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int if kind == "integer" else (int, float)):
            say(" : nombre attendu")
        elif not spec.get("min", value) <= value <= spec.get("max", value):
            say(f" : {value} hors de [{spec['min']}, {spec['max']}]")
    elif kind == "accessibility":
        if not isinstance(value, dict):
            say(" : objet attendu")
            return
        for key, flag in value.items():
            if key not in SPEC["accessibility_codes"]:
                say(f" : code inconnu « {key} »")
            elif not isinstance(flag, bool):
                say(f".{key} : booléen attendu, reçu {flag!r}")
    elif kind == "registration":
        if not isinstance(value, list) or not all(
                isinstance(r, dict) and r.get("type") in spec["types"] and isinstance(r.get("value"), str)
                and r["value"] for r in value):
            say(f" : liste de {{type ({'|'.join(spec['types'])}), value}} attendue")
        elif sum(len(r["value"]) for r in value) > spec["max_chars_total"]:
            say(f" dépasse {spec['max_chars_total']} caractères au total")
    elif kind == "age":
        if not (isinstance(value, dict) and all(isinstance(value.get(k), int) for k in ("min", "max"))
                and spec["min"] <= value["min"] <= value["max"] <= spec["max"]):
            say(f" : {{min, max}} entre {spec['min']} et {spec['max']} attendu")
    elif kind == "timings":
        _check_timings(value, spec, where, problems)
    else:
        raise AssertionError(f"type {kind} inconnu du validateur")


def _check_timings(value: Any, spec: dict[str, Any], where: str, problems: list[str]) -> None:
    if not isinstance(value, list) or not value:
        problems.append(f"{where} : timings : liste non vide attendue")
        return
    if len(value) > spec["max_items"]:
        problems.append(f"{where} : timings : plus de {spec['max_items']} plages")
    slots = []
    for n, slot in enumerate(value, start=1):
        if not isinstance(slot, dict) or set(slot) != {"begin", "end"}:
            problems.append(f"{where} : timings[{n}] : {{begin, end}} attendu")
            continue
        begin = _instant(slot["begin"], f"{where} : timings[{n}].begin", problems)
        end = _instant(slot["end"], f"{where} : timings[{n}].end", problems)
        if begin is None or end is None:
            continue
        if end <= begin:
            problems.append(f"{where} : timings[{n}] : la fin n'est pas après le début")
        elif end - begin > timedelta(hours=spec["max_hours_per_slot"]):
            problems.append(f"{where} : timings[{n}] : plage de plus de {spec['max_hours_per_slot']} heures")
        slots.append((begin, end, n))
    slots.sort()
    latest: tuple[datetime, int] | None = None  # the slot that ends last among those already seen
    for begin, end, n in slots:
        if latest is not None and begin < latest[0]:
            problems.append(f"{where} : timings[{latest[1]}] et timings[{n}] se chevauchent")
        if latest is None or end > latest[0]:
            latest = (end, n)


def _check_object(item: Any, fields: dict[str, Any], where: str, problems: list[str],
                  allowed_extra: set[str] = frozenset()) -> None:
    for code in item:
        if code in SPEC["not_editable"]:
            problems.append(f"{where} : champ non modifiable « {code} »")
        elif code not in fields and code not in allowed_extra:
            problems.append(f"{where} : champ inconnu « {code} »")
    for code, spec in fields.items():
        if code not in item:
            if spec.get("required") is True:
                problems.append(f"{where} : champ requis manquant : {code}")
            continue
        _check_field(code, item[code], spec, where, problems)
        if spec.get("only_with") and spec["only_with"] not in item:
            problems.append(f"{where} : {code} sans {spec['only_with']}")


def openagenda_problems(data: dict[str, Any]) -> list[str]:
    """Everything in an export that OpenAgenda's rules (data/openagenda.yaml) refuse, in French."""
    problems: list[str] = []
    event_fields, location_fields = SPEC["event_fields"], SPEC["location_fields"]
    locations: set[str] = set()
    for n, location in enumerate(data.get("locations", []), start=1):
        where = f"lieu {_ext_id(location, f'n°{n}')}"
        _check_object(location, location_fields, where, problems)
        if _ext_id(location, "") in locations:
            problems.append(f"{where} : identifiant externe en double")
        locations.add(_ext_id(location, ""))
    seen: set[str] = set()
    for n, event in enumerate(data.get("events", []), start=1):
        where = f"événement {_ext_id(event, f'n°{n}')}"
        _check_object(event, event_fields, where, problems, allowed_extra=set(SPEC["export_fields"]))
        if _ext_id(event, "") in seen:
            problems.append(f"{where} : identifiant externe en double")
        seen.add(_ext_id(event, ""))
        mode = event.get("attendanceMode", event_fields["attendanceMode"]["default"])
        for code, spec in event_fields.items():
            if mode in spec.get("required_when_attendance_mode", ()):
                substitutes = [name for name, extra in SPEC["export_fields"].items() if extra["replaces"] == code]
                if code not in event and not any(name in event for name in substitutes):
                    problems.append(f"{where} : {code} requis pour attendanceMode {mode}")
        if "location" in event:
            reference = _ext_id(event["location"], "")
            if reference not in locations:
                problems.append(f"{where} : lieu « {reference} » absent de la liste des lieux")
    return problems


# -- The demo export ------------------------------------------------------------------------------

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


def _by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["extIds"][0]["value"]: e for e in data["events"]}


def test_demo_export_follows_openagenda_rules(exported):
    assert openagenda_problems(exported) == []
    assert exported["events"] and exported["locations"]


def test_validator_catches_damaged_copies(exported):
    data = copy.deepcopy(exported)
    events = _by_id(data)
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
    first, second = (_ext_id(loc, "") for loc in data["locations"][:2])
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
    night = _by_id(exported)["nuit-du-code-citoyen"]
    assert night["timings"] == [{"begin": "2026-10-24T20:00:00+02:00", "end": "2026-10-25T06:00:00+01:00"}]
    begin, end = (datetime.fromisoformat(night["timings"][0][k]).astimezone(UTC) for k in ("begin", "end"))
    assert (begin, end) == (datetime(2026, 10, 24, 18, 0, tzinfo=UTC), datetime(2026, 10, 25, 5, 0, tzinfo=UTC))
    assert end - begin == timedelta(hours=11)


def test_statuses(exported):
    events = _by_id(exported)
    assert events["initiation-retouche-photo"]["status"] == 6
    assert events["conference-ia-au-quotidien"]["status"] == 4
    assert events["mon-espace-sante"]["status"] == 5
    assert events["nuit-du-code-citoyen"]["status"] == 1
    assert {e["status"] for e in exported["events"]} == {1, 4, 5, 6}
    # The cancelled event keeps its timing: OpenAgenda shows it as cancelled.
    assert len(events["initiation-retouche-photo"]["timings"]) == 1


def test_cancelled_session_of_a_confirmed_event(exported):
    tablet = _by_id(exported)["atelier-tablette-du-mercredi"]
    assert tablet["status"] == 1
    assert tablet["timings"] == [{"begin": "2026-10-14T14:00:00+02:00", "end": "2026-10-14T16:00:00+02:00"}]
    assert "Séance du mercredi 21 octobre à 14\u00a0h : annulée." in tablet["conditions"]["fr"]
    assert ("- mercredi 21 octobre, de 14\u00a0h à 16\u00a0h : **annulée** (Séance annulée : la salle commune "
            "est réservée ce jour-là pour les vaccinations.)") in tablet["longDescription"]["fr"]


def test_fields_of_an_event_and_its_location(exported):
    events = _by_id(exported)
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
    events = _by_id(exported)
    for event in programme.events.values():
        markdown = html_to_markdown(event.description_html)
        assert squash(markdown_to_safe_html(markdown)) == squash(event.description_html), event.id
        assert events[event.id]["longDescription"]["fr"].startswith(markdown)


# -- Cases the demo does not have -----------------------------------------------------------------

def _with(programme: Programme, *events) -> Programme:
    return Programme(programme.edition, {e.id: e for e in events}, programme.partners, programme.venues)


def _at(day: int, hour: int, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=PARIS)


def test_long_texts_are_shortened_at_a_word(programme, urls):
    event = programme.events["nuit-du-code-citoyen"]
    summary = ("Une très longue présentation " * 12).strip()  # 347 characters
    details = "Précisions " * 40
    long = replace(event, summary=summary, registration=replace(event.registration, details=details),
                   description_html=("<p>" + "Un paragraphe assez long. " * 150 + "</p>") * 3)
    data = openagenda_data(_with(programme, long), urls)
    assert openagenda_problems(data) == []
    (out,) = data["events"]
    description = out["description"]["fr"]
    head = description.removesuffix("…")
    assert len(description) <= 200 and head != description and summary.startswith(head)
    assert summary[len(head)] == " " and len(head) > 180  # cut between two words, close to the limit
    assert len(out["conditions"]["fr"]) <= 255 and out["conditions"]["fr"].endswith("Précisions…")
    assert len(out["longDescription"]["fr"]) <= 10000
    assert out["longDescription"]["fr"].count("Un paragraphe assez long.") == 2 * 150  # two of three kept
    assert "assez long.\n\n…\n\n**Inscription** : Précisions Précisions" in out["longDescription"]["fr"]
    assert shorten("mot " * 100, 20) == "mot mot mot mot mot…"
    assert shorten("anticonstitutionnellement", 10) == "anticonst…"
    assert all(len(shorten("ab cd " * 50, n)) <= n for n in range(1, 80))
    assert shorten("Déjà court", 200) == "Déjà court"


def test_long_session_split_at_midnight_and_overlaps_merged(programme, urls):
    event = programme.events["nuit-du-code-citoyen"]
    # 24 October 10:00 to 26 October 18:00, across the DST change (the 25th lasts 25 hours).
    long = replace(event, id="long", sessions=(Session(_at(24, 10), _at(26, 18), "confirme", index=1),))
    overlapping = replace(event, id="chevauchement", sessions=(
        Session(_at(13, 14), _at(13, 16), "confirme", index=1),
        Session(_at(13, 15), _at(13, 17), "confirme", index=2)))
    data = openagenda_data(_with(programme, long, overlapping), urls)
    assert openagenda_problems(data) == []
    events = _by_id(data)
    assert events["long"]["timings"] == [
        {"begin": "2026-10-24T10:00:00+02:00", "end": "2026-10-25T00:00:00+02:00"},
        {"begin": "2026-10-25T00:00:00+02:00", "end": "2026-10-25T23:00:00+01:00"},  # 24 hours
        {"begin": "2026-10-25T23:00:00+01:00", "end": "2026-10-26T00:00:00+01:00"},
        {"begin": "2026-10-26T00:00:00+01:00", "end": "2026-10-26T18:00:00+01:00"},
    ]
    assert events["chevauchement"]["timings"] == [
        {"begin": "2026-10-13T14:00:00+02:00", "end": "2026-10-13T17:00:00+02:00"}]


def test_every_session_cancelled_one_by_one(programme, urls):
    event = programme.events["atelier-tablette-du-mercredi"]
    all_off = replace(event, sessions=tuple(replace(s, status="annule") for s in event.sessions))
    postponed = replace(event, id="reporte", sessions=(replace(event.sessions[0], status="reporte"),
                                                       event.sessions[1]))
    events = _by_id(openagenda_data(_with(programme, all_off, postponed), urls))
    assert events["atelier-tablette-du-mercredi"]["status"] == 6
    assert len(events["atelier-tablette-du-mercredi"]["timings"]) == 2
    assert events["reporte"]["status"] == 4 and len(events["reporte"]["timings"]) == 2


def test_online_mixed_and_image(programme, urls):
    event = programme.events["nuit-du-code-citoyen"]
    mixed = replace(event, id="mixte", online_url="https://visio.example.org/nuit",
                    image=Image("images/nuit.jpg", "Des équipes au travail", "Photo : Campus"))
    moved = replace(event, id="en-ligne", status="en-ligne", online_url="https://visio.example.org/nuit",
                    sessions=tuple(replace(s, status="en-ligne") for s in event.sessions))
    data = openagenda_data(_with(programme, mixed, moved), urls)
    assert openagenda_problems(data) == []
    events = _by_id(data)
    assert events["mixte"]["attendanceMode"] == 3 and "location" in events["mixte"]
    assert events["mixte"]["onlineAccessLink"] == "https://visio.example.org/nuit"
    assert events["mixte"]["image"] == {"url": "https://sun.example.org/images/nuit.jpg"}
    assert events["mixte"]["imageCredits"] == "Photo : Campus"
    assert events["en-ligne"]["status"] == 3 and events["en-ligne"]["attendanceMode"] == 2
    assert "location" not in events["en-ligne"]
    assert events["en-ligne"]["accessibility"]["mi"] is True  # the event's own fauteuil-roulant
    assert events["en-ligne"]["accessibility"]["hi"] is True  # its own sous-titrage, not the venue's loop
    # Without a public address, no image (OpenAgenda downloads it) and no page link.
    local = openagenda_data(_with(programme, mixed), SiteUrls(ProgrammeSettings()))
    (out,) = local["events"]
    assert "image" not in out and "imageCredits" not in out
    assert "sun.example.org/evenements" not in out["longDescription"]["fr"]
    assert local["public_url"] is None


def test_venue_without_coordinates(programme, urls):
    event = programme.events["nuit-du-code-citoyen"]
    venue = replace(programme.venues[event.venue_id], coordinates=None, name="Salle " * 30)
    changed = Programme(programme.edition, {event.id: event}, programme.partners,
                        {**programme.venues, venue.id: venue})
    data = openagenda_data(changed, urls)
    assert openagenda_problems(data) == []
    (location,) = data["locations"]
    assert "latitude" not in location and "longitude" not in location
    assert len(location["name"]) <= 100 and location["name"].endswith("Salle…")


def test_html_to_markdown():
    html = ('<h3>Au programme</h3>\n<p>Un <em>atelier</em> <strong>gratuit</strong> : '
            '<a href="https://ex.org/a_(b)">le site</a>, 3 * 4 [note].</p>\n'
            '<ul>\n<li>un</li>\n<li>deux<ul>\n<li>deux-un</li>\n</ul>\n</li>\n</ul>\n'
            '<ol>\n<li>\n<p>premier</p>\n</li>\n<li>second</li>\n</ol>\n'
            '<blockquote>\n<p>Citation</p>\n</blockquote>\n<p>Ligne<br>\nsuite</p>\n<hr>\n'
            '<pre><code>code *brut*\n</code></pre>\n<p>- pas une liste &amp; <code>x_y</code></p>'
            '<p>2026. Pas une liste non plus</p>')
    assert html_to_markdown(html) == (
        "### Au programme\n\n"
        "Un *atelier* **gratuit** : [le site](https://ex.org/a_%28b%29), 3 \\* 4 \\[note\\].\n\n"
        "- un\n- deux\n    - deux-un\n\n"
        "1. premier\n2. second\n\n"
        "> Citation\n\n"
        "Ligne  \nsuite\n\n"
        "---\n\n"
        "    code *brut*\n\n"
        "\\- pas une liste & `x_y`\n\n"
        "2026\\. Pas une liste non plus")


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
