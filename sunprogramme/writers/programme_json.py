"""``programme.json``: the contract between the build and everything that reads it.

Every event with its sessions (ISO 8601 with the UTC offset of the day), venue
(address, commune name and INSEE code), organisers, themes and audiences; every
commune and partner with its page URL. Stable order and formatting, so the same
programme always gives the same bytes.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from ..fingerprint import Fingerprinter
from ..listings import events_with_theme
from ..memo import Memo
from ..model import Event, Programme, Venue
from ..publication_state import session_uid
from ..timeutil import utc_iso
from ..urls import SiteUrls
from ..vocabularies import VOCABULARY_FILES, Commune, vocabulary
from .jsontext import Encoded, dumps, encoded

FORMAT_VERSION = 1
# The contract, documented as a JSON Schema and published beside programme.json.
# The open-data files published beside programme.json, by their FILE_SAVE_AS name.
OPEN_DATA_FILES = ("feed", "sessions_csv", "partners_csv", "openagenda", "frab_xml", "frab_json",
                   "inclusion_structures_json", "inclusion_services_json", "inclusion_structures_csv",
                   "inclusion_services_csv")
PROGRAMME_JSON_SCHEMA = resources.files("sunprogramme").joinpath("data", "programme.schema.json").read_bytes()


def _commune(commune: Commune) -> dict[str, Any]:
    return {"name": commune.name, "insee": commune.insee, "slug": commune.slug,
            "postcode": commune.postcode, "epci": commune.epci}


def _venue(venue: Venue) -> dict[str, Any]:
    return {
        "id": venue.id,
        "name": venue.name,
        "address": venue.address,
        "postcode": venue.postcode,
        "commune": {"name": venue.commune.name, "insee": venue.commune.insee},
        "coordinates": ({"lat": venue.coordinates.lat, "lon": venue.coordinates.lon}
                        if venue.coordinates else None),
        "access": venue.access,
        "parking": venue.parking,
        "step_free": venue.step_free,
        "accessibility": list(venue.accessibility),
        "acceslibre_url": venue.acceslibre_url,
        "partner": venue.partner_id,
    }


def _event(event: Event, programme: Programme, urls: SiteUrls, short_number: int | None,
           printed: dict[str, str]) -> dict[str, Any]:
    url = urls.event(event)
    short = urls.url("short", number=str(short_number)) if short_number is not None else None
    registration = event.registration
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary,
        "status": event.status,
        "url": url,
        "public_url": urls.absolute(url),
        "short_url": short,
        "public_short_url": urls.absolute(short) if short else None,
        "calendar": urls.save_as("event_calendar", id=event.id),
        "print": printed,
        "format": event.format,
        "level": event.level,
        "themes": list(event.themes),
        "audiences": list(event.audiences),
        "accessibility": list(event.accessibility),
        "free": event.is_free,
        "price": event.price,
        "registration": None if registration is None else {
            "required": registration.required,
            "phone": registration.phone,
            "email": registration.email,
            "url": registration.url,
            "capacity": registration.capacity,
            "details": registration.details,
        },
        "bring": list(event.bring),
        "online_url": event.online_url,
        "sessions": [
            {
                "uid": session_uid(event, s, urls.settings.id_domain),
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "start_utc": utc_iso(s.start),
                "end_utc": utc_iso(s.end),
                "status": s.status,
                "note": s.note,
            }
            for s in event.sessions
        ],
        "venue": _venue(programme.venues[event.venue_id]) if event.venue_id else None,
        "organisers": [{"id": pid, "name": programme.partners[pid].name,
                        "url": urls.partner(programme.partners[pid])} for pid in event.organiser_ids],
        "has_easy_read": bool(event.easy_read_html),
        "image": None if event.image is None else {"path": event.image.path, "alt": event.image.alt},
        "source": event.source,
    }


def _files(urls: SiteUrls, printed: set[str], kinds: dict[str, str], **params: str) -> dict[str, str]:
    """The print files that this build made, by role."""
    found = {role: urls.save_as(kind, **params) for role, kind in kinds.items()}
    return {role: path for role, path in found.items() if path in printed}


def _encoded_events(programme: Programme, urls: SiteUrls, short_links: dict[str, int], printed: set[str],
                    memo: Memo, fingerprint: Fingerprinter) -> list[Encoded]:
    """Each event's entry, encoded once; kept in ``memo`` under a digest of what it is made from
    (the event, its venue and organisers, its short number and print files; the code and settings
    are the memo's version)."""
    entries = []
    for event in programme.events_sorted():
        files = _files(urls, printed, {"poster": "event_poster", "poster_a3": "event_poster_a3",
                                       "qr_png": "event_qr_png", "qr_svg": "event_qr_svg"}, id=event.id)
        short_number = short_links.get(event.id)
        inputs = fingerprint(event, programme.surroundings(event), short_number, files)
        entries.append(memo.get("programme.json", inputs, lambda event=event, short_number=short_number, files=files:
                                encoded(_event(event, programme, urls, short_number, files), 2)))
    return entries


def programme_json(programme: Programme, urls: SiteUrls, short_links: dict[str, int] | None = None,
                   printed: set[str] | None = None, memo: Memo | None = None,
                   fingerprint: Fingerprinter | None = None) -> bytes:
    """``printed``: the print-pack files this build wrote (posters may be switched off); ``memo``:
    event entries kept from an earlier build."""
    short_links, printed = short_links or {}, printed or set()
    memo, fingerprint = memo or Memo(), fingerprint or Fingerprinter()
    events = _encoded_events(programme, urls, short_links, printed, memo, fingerprint)
    edition = programme.edition
    # The venues and partners, each list encoded once and kept while they (and, for the partners,
    # the ids of their events) stay the same.
    partners = sorted(programme.partners.values(), key=lambda p: p.id)
    partner_events = [[e.id for e in programme.events_by_partner(p.id)] for p in partners]
    data = {
        "format": "sun-programme",
        "version": FORMAT_VERSION,
        "edition": {
            "name": edition.name,
            "title": edition.title,
            "first_day": edition.first_day.isoformat(),
            "last_day": edition.last_day.isoformat(),
            "timezone": "Europe/Paris",
            "public_url": urls.settings.public_url or None,
        },
        "events": events,
        "venues": memo.get("programme.json venues", fingerprint(programme.venues), lambda: encoded(
            [_venue(v) for v in sorted(programme.venues.values(), key=lambda v: v.id)], 1)),
        "communes": [
            {**_commune(c), "url": urls.commune(c),
             "calendar": urls.save_as("commune_calendar", slug=c.slug, insee=c.insee),
             "feed": urls.save_as("commune_feed", slug=c.slug, insee=c.insee),
             "openagenda": urls.save_as("commune_openagenda", slug=c.slug, insee=c.insee),
             "embed": urls.url("commune_embed", slug=c.slug, insee=c.insee),
             "print": _files(urls, printed, {"poster": "commune_poster", "poster_a3": "commune_poster_a3",
                                             "pack": "commune_pack", "booklet": "commune_booklet",
                                             "qr_png": "commune_qr_png", "qr_svg": "commune_qr_svg"},
                             slug=c.slug, insee=c.insee),
             "events": [e.id for e in programme.events_in_commune(c.insee)]}
            for c in programme.communes_with_events()
        ],
        "partners": memo.get("programme.json partners", fingerprint(partners, partner_events), lambda: encoded([
            {"id": p.id, "name": p.name, "kind": p.kind, "url": urls.partner(p),
             "embed": urls.url("partner_embed", id=p.id), "website": p.website,
             "communes": [c.insee for c in p.communes], "venues": list(p.venue_ids), "themes": list(p.themes),
             "events": event_ids}
            for p, event_ids in zip(partners, partner_events, strict=True)], 1)),
        "print": _files(urls, printed, {"booklet": "booklet"}),
        "pages": {kind: urls.url(kind) for kind in ("map", "dashboard", "opendata")},
        "exports": {kind: urls.save_as(kind) for kind in OPEN_DATA_FILES},
        "calendars": {
            "programme": urls.save_as("calendar"),
            "themes": {slug: urls.save_as("theme_calendar", slug=slug) for slug in vocabulary("themes").slugs
                       if events_with_theme(programme, slug)},
        },
        "vocabularies": {
            name: [{"slug": t.slug, "label": t.label} for t in vocabulary(name).terms]
            for name in VOCABULARY_FILES
        },
    }
    return dumps(data) + b"\n"
