"""Venues and partners in the data·inclusion schema v1, for the national map of digital-mediation places.

Four files: ``structures.json``, ``services.json`` and the same records as CSV
(UTF-8 with a byte-order mark, « ; », CRLF, as ``opendata``; lists joined with « , »).
Field names and values are the schema's (https://gip-inclusion.github.io/data-inclusion-schema/).

Structures — places that receive the public:

- one per venue: its address, commune and coordinates; the telephone, e-mail,
  website, opening hours and description of the partner that declares it; the
  venue's acceslibre page; its page on the site (``lien_source``);
- one per partner without a venue, without an address: it still offers services
  (its ``offre``), and services need a structure. Its local id is
  ``partenaire--<partner id>`` (a venue id never holds « -- », so they cannot clash).

Services:

- one per line of a partner's ``offre``, at each of the partner's structures
  (all its venues, or its own structure): what it offers all year. Its name is the
  line; its themes are the data·inclusion themes of the partner's ``themes``
  (``themes.yaml``), if it has any; nothing else is known about it, so no type or
  audience is guessed;
- one per structure, type of service and mode (in person or online) for the
  edition's events: « Ateliers numériques – Semaines des Usages Numériques 2026 » at
  a venue gathers the workshops held there, with the data·inclusion themes and
  audiences of their themes and publics (``themes.yaml``, ``publics.yaml``), the type
  from their format (``data/datainclusion.yaml``), « gratuit » when all are free.
  Cancelled and postponed events are left out. An online event goes to the first
  structure of its first organiser, « a-distance ». Each event is named with its first
  day that takes place (« Atelier (13/10) »), an exhibition's opening hours with their
  first and last days (« Exposition (du 10/10 au 24/10) »): a service has no field for
  session times, so whether they were published as clock times, as a part of day or
  « à confirmer » is not said there (the site, programme.json and the calendars say it).

Ids follow the schema's rule « producer--local id »: ``sun-essonne--mediatheque-gif``.
The producer (``source``) is the same every year, so that a place keeps its id on
the national map. ``date_maj`` is the ``updated`` date the caller passes: the
build's reference day (``reference_day``: SOURCE_DATE_EPOCH, i.e. the last commit,
else PROGRAMME_TODAY), never the clock, so that one commit gives the same bytes.
data·inclusion refuses a ``date_maj`` in the future.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..model import Event, Partner, Programme, Venue
from ..plaintext import plain_text
from ..settings import ProgrammeSettings
from ..steps import step
from ..timeutil import PARIS
from ..urls import SiteUrls
from ..vocabularies import slugify, vocabulary
from .csvfile import csv_line, spreadsheet_csv

STRUCTURE_COLUMNS = ["source", "id", "nom", "date_maj", "description", "lien_source", "siret", "commune",
                     "code_postal", "code_insee", "adresse", "complement_adresse", "longitude", "latitude",
                     "telephone", "courriel", "site_web", "horaires_accueil", "accessibilite_lieu", "reseaux_porteurs"]
SERVICE_COLUMNS = ["source", "structure_id", "id", "nom", "description", "lien_source", "date_maj", "type",
                   "thematiques", "frais", "frais_precisions", "publics", "publics_precisions", "conditions_acces",
                   "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "longitude", "latitude",
                   "telephone", "courriel", "modes_accueil", "zone_eligibilite", "contact_nom_prenom",
                   "lien_mobilisation", "modes_mobilisation", "mobilisable_par", "mobilisation_precisions",
                   "volume_horaire_hebdomadaire", "nombre_semaines", "horaires_accueil"]
LEFT_OUT_STATUSES = {"annule", "reporte"}
NAME_MAX = 150


@cache
def mapping() -> dict[str, Any]:
    """The correspondence tables of ``data/datainclusion.yaml``."""
    text = resources.files("sunprogramme").joinpath("data", "datainclusion.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def reference_day(settings: ProgrammeSettings, first_day: date) -> date:
    """The build's reference instant as a day in Paris: what to pass as ``updated``."""
    return settings.reference_instant(first_day).astimezone(PARIS).date()


def e164(phone: str) -> str:
    """« 01 99 00 12 34 » → « +33199001234 », the form the schema prefers."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "+33" + digits[1:] if len(digits) == 10 and digits.startswith("0") else phone


def _name(text: str) -> str:
    """A service or structure name within the schema's 150 characters, cut at a word."""
    if len(text) <= NAME_MAX:
        return text
    return text[: NAME_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _words(text: str) -> str:
    return f"-{slugify(text)}-"


def networks(partner: Partner) -> list[str]:
    """The data·inclusion « réseaux porteurs » a partner honestly belongs to (by type, then by name)."""
    tables = mapping()
    found = set(tables["reseaux_par_type"].get(partner.kind, []))
    name = _words(partner.name)
    for rule in tables["reseaux_par_nom"]:
        if rule.get("reseau") and _words(rule["mots"]) in name:
            found.add(rule["reseau"])
    return sorted(found)


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Absent values left out; sets as sorted lists."""
    return {k: (sorted(v) if isinstance(v, set) else v) for k, v in record.items() if v not in (None, "", set(), [])}


class _Export:
    def __init__(self, programme: Programme, urls: SiteUrls, updated: date):
        self.programme, self.urls, self.updated = programme, urls, updated.isoformat()
        self.source = mapping()["source"]

    def id(self, *local: str) -> str:
        return "--".join((self.source, *local))

    def page(self, url: str) -> str | None:
        return self.urls.absolute(url)

    def contact(self, partner: Partner) -> dict[str, Any]:
        contact = partner.contact
        return {"telephone": e164(contact.phone) if contact and contact.phone else None,
                "courriel": contact.email if contact else None}

    @staticmethod
    def address(venue: Venue | None) -> dict[str, Any]:
        if venue is None:
            return {}
        coordinates = venue.coordinates
        return {"commune": venue.commune.name, "code_postal": venue.postcode or None, "code_insee": venue.commune.insee,
                "adresse": venue.address, "longitude": coordinates.lon if coordinates else None,
                "latitude": coordinates.lat if coordinates else None}

    def structures_of(self, partner: Partner) -> list[tuple[str, Venue | None]]:
        """(local id, venue) of each structure a partner has: its venues, or itself."""
        if partner.venue_ids:
            return [(venue_id, self.programme.venues[venue_id]) for venue_id in partner.venue_ids]
        return [(f"partenaire--{partner.id}", None)]

    def structure(self, local: str, partner: Partner, venue: Venue | None) -> dict[str, Any]:
        description = plain_text(partner.description_html)
        name = venue.name if venue else partner.name
        return _clean({
            "source": self.source,
            "id": self.id(local),
            "nom": _name(name if len(name) >= 3 else f"{name} – {partner.name}"),
            "date_maj": self.updated,
            "description": description if len(description) >= 5 else None,
            "lien_source": self.page(self.urls.venue(venue) if venue else self.urls.partner(partner)),
            **self.address(venue),
            **self.contact(partner),
            "site_web": partner.website,
            "horaires_accueil": partner.opening_hours,
            "accessibilite_lieu": venue.acceslibre_url if venue else None,
            "reseaux_porteurs": networks(partner),
        })

    def structures(self) -> list[dict[str, Any]]:
        records = []
        for partner in self.programme.partners.values():
            for local, venue in self.structures_of(partner):
                records.append(self.structure(local, partner, venue))
        return sorted(records, key=lambda r: r["id"])

    @staticmethod
    def thematiques(theme_slugs: Iterable[str]) -> set[str]:
        """The data·inclusion thématiques of our themes (``themes.yaml``)."""
        themes = vocabulary("themes")
        return {slug for t in theme_slugs for slug in themes[t].extra.get("data_inclusion") or []}

    def offer_services(self) -> list[dict[str, Any]]:
        records = []
        for partner in self.programme.partners.values():
            thematiques = self.thematiques(partner.themes)
            for local, venue in self.structures_of(partner):
                for number, line in enumerate(partner.offer, start=1):
                    records.append(_clean({
                        "source": self.source,
                        "structure_id": self.id(local),
                        "id": self.id(local, f"offre-{number}"),
                        "nom": _name(line),
                        "description": f"{line.rstrip('.')}. Proposé toute l'année par {partner.name}.",
                        "lien_source": self.page(self.urls.partner(partner)),
                        "date_maj": self.updated,
                        "thematiques": thematiques,
                        **self.address(venue),
                        **self.contact(partner),
                    }))
        return records

    def event_home(self, event: Event) -> tuple[str, Venue | None, Partner, str]:
        """Where an event's service goes: (structure local id, venue, partner, mode). An event moved
        online (« en-ligne ») no longer receives anyone at its venue."""
        if event.venue_id and event.status != "en-ligne":
            venue = self.programme.venues[event.venue_id]
            return venue.id, venue, self.programme.partners[venue.partner_id], "en-presentiel"
        partner = self.programme.partners[event.organiser_ids[0]]
        local, venue = self.structures_of(partner)[0]
        return local, venue, partner, "a-distance"

    def event_services(self) -> list[dict[str, Any]]:
        tables = mapping()
        edition = self.programme.edition
        groups: dict[tuple[str, str, str], list[Event]] = {}
        homes: dict[str, tuple[Venue | None, Partner]] = {}
        first_day: dict[str, datetime] = {}  # the first session that still takes place
        for event in self.programme.events_sorted():
            happening = [s for s in event.sessions if s.status not in LEFT_OUT_STATUSES]
            if event.status in LEFT_OUT_STATUSES or not happening:  # cancelled as a whole or date by date
                continue
            first_day[event.id] = min(s.span[0] for s in happening)  # a day without clock times: its 00:00
            local, venue, partner, mode = self.event_home(event)
            kind = tables["types_de_services"][event.format]
            groups.setdefault((local, kind, mode), []).append(event)
            homes[local] = (venue, partner)
        records = []
        publics = vocabulary("publics")
        for (local, kind, mode), events in groups.items():
            venue, partner = homes[local]
            online = mode == "a-distance"
            wanted = {a for e in events for a in e.audiences}
            audiences = [term for term in publics.terms if term.slug in wanted]
            targets = {term.extra["data_inclusion"] for term in audiences}
            if "tous-publics" in targets:
                targets = {"tous-publics"}  # the schema does not combine it with other audiences
            prices = [f"{e.title} : {e.price}" for e in events if not e.is_free]
            listed = " ; ".join(f"{e.title} ({_days(e, first_day[e.id])})" for e in events)
            place = (f"{partner.name} propose en ligne" if online or venue is None
                     else f"le lieu « {venue.name} » ({venue.commune.name}) accueille")
            records.append(_clean({
                "source": self.source,
                "structure_id": self.id(local),
                "id": self.id(local, f"sun-{edition.year}-{kind}" + ("-en-ligne" if online else "")),
                "nom": _name(f"{tables['noms_de_services'][kind]}{' en ligne' if online else ''} – {edition.title}"),
                "description": f"Pendant les {edition.title}, du {edition.first_day:%d/%m/%Y} au "
                               f"{edition.last_day:%d/%m/%Y}, {place} : {listed}.",
                "lien_source": self.page(self.urls.venue(venue) if venue and not online
                                         else self.urls.partner(partner)),
                "date_maj": self.updated,
                "type": kind,
                "thematiques": self.thematiques(t for e in events for t in e.themes),
                "frais": "payant" if prices else "gratuit",
                "frais_precisions": " ; ".join(prices) or None,
                "publics": targets,
                "publics_precisions": (", ".join(term.label for term in audiences)
                                       if wanted != {"tout-public"} else None),
                **({} if online else self.address(venue)),
                **self.contact(partner),
                "modes_accueil": {mode},
            }))
        return records

    def services(self) -> list[dict[str, Any]]:
        return sorted(self.offer_services() + self.event_services(), key=lambda r: r["id"])


def structure_records(programme: Programme, urls: SiteUrls, updated: date) -> list[dict[str, Any]]:
    """Every structure as a dict of the schema's fields (absent ones left out), sorted by id."""
    return _Export(programme, urls, updated).structures()


def service_records(programme: Programme, urls: SiteUrls, updated: date) -> list[dict[str, Any]]:
    """Every service as a dict of the schema's fields (absent ones left out), sorted by id."""
    return _Export(programme, urls, updated).services()


def _json(records: list[dict[str, Any]]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _csv(columns: list[str], records: list[dict[str, Any]]) -> bytes:
    return spreadsheet_csv(columns, [[_cell(record.get(column)) for column in columns] for record in records])


def structures_json(programme: Programme, urls: SiteUrls, updated: date) -> bytes:
    return _json(structure_records(programme, urls, updated))


def services_json(programme: Programme, urls: SiteUrls, updated: date) -> bytes:
    return _json(service_records(programme, urls, updated))


def structures_csv(programme: Programme, urls: SiteUrls, updated: date) -> bytes:
    return _csv(STRUCTURE_COLUMNS, structure_records(programme, urls, updated))


def services_csv(programme: Programme, urls: SiteUrls, updated: date) -> bytes:
    return _csv(SERVICE_COLUMNS, service_records(programme, urls, updated))


STRUCTURE_KINDS = ("inclusion_structures_json", "inclusion_structures_csv")
SERVICE_KINDS = ("inclusion_services_json", "inclusion_services_csv")


def structure_files(programme: Programme, urls: SiteUrls, updated: date) -> dict[str, bytes]:
    """The structures' JSON and CSV, by FILE_SAVE_AS name: made from the partners and venues only."""
    structures = structure_records(programme, urls, updated)
    return dict(zip(STRUCTURE_KINDS, (_json(structures), _csv(STRUCTURE_COLUMNS, structures)), strict=True))


def service_files(programme: Programme, urls: SiteUrls, updated: date) -> dict[str, bytes]:
    """The services' JSON and CSV, by FILE_SAVE_AS name: the same bytes as ``_json`` and ``_csv``,
    each record's texts made by a step (``_record_texts``) rather than by Python's slow indenting
    encoder for the whole list."""
    texts = [_record_texts(record) for record in service_records(programme, urls, updated)]
    data = b"[\n " + b",\n ".join(text for text, _line in texts) + b"\n]\n" if texts else b"[]\n"
    return dict(zip(SERVICE_KINDS, (data, spreadsheet_csv(SERVICE_COLUMNS, [line for _text, line in texts])),
                    strict=True))


@step
def _record_texts(record: dict[str, Any]) -> tuple[bytes, str]:
    """A record's JSON text as it stands in the list (indented one space more) and its CSV line."""
    text = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ").encode("utf-8")
    return text, csv_line([_cell(record.get(column)) for column in SERVICE_COLUMNS])


def _days(event: Event, first: datetime) -> str:
    """« 13/10 », or for opening hours « du 10/10 au 24/10 » (their first day that takes place)."""
    if event.openings:
        last = max(s.day for s in event.sessions if s.day is not None and s.status not in LEFT_OUT_STATUSES)
        return f"du {first.astimezone(PARIS):%d/%m} au {last:%d/%m}"
    return f"{first.astimezone(PARIS):%d/%m}"
