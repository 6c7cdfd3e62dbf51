"""``programme.json``: the contract between the build and everything that reads it.

Every event with its sessions (ISO 8601 with the UTC offset of the day), venue
(address, commune name and INSEE code), organisers, themes and audiences; every
commune and partner with its page URL. Stable order and formatting, so the same
programme always gives the same bytes. Each event's entry, the venues and the partners
are encoded by pure steps (``sunprogramme.steps``).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from ..listings import events_with_theme
from ..model import Event, Partner, Programme, Venue
from ..publication_state import session_uid
from ..session_words import hours_in_words, opening_in_words, time_kind
from ..steps import step
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
        "postcode": venue.postcode or None,
        "commune": {"name": venue.commune.name, "insee": venue.commune.insee or None,
                    "departement": venue.commune.departement or None, "in_territory": venue.commune.in_territory},
        "coordinates": ({"lat": venue.coordinates.lat, "lon": venue.coordinates.lon}
                        if venue.coordinates else None),
        "access": venue.access,
        "parking": venue.parking,
        "step_free": venue.step_free,
        "accessibility": list(venue.accessibility),
        "acceslibre_url": venue.acceslibre_url,
        "partner": venue.partner_id,
    }


def _event(event: Event, venue: Venue | None, partners: tuple[Partner, ...], urls: SiteUrls,
           short_number: int | None, printed: dict[str, str]) -> dict[str, Any]:
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
            "arrangements": registration.arrangements,
        },
        "bring": list(event.bring),
        "online_url": event.online_url,
        "sessions": [
            {
                "uid": session_uid(event, s, urls.settings.id_domain),
                "date": s.day.isoformat() if s.day else None,
                "time_kind": time_kind(s),
                "moment": s.moment,
                "times_to_confirm": s.to_confirm,
                "times": hours_in_words(s),
                "start": s.start.isoformat() if s.start else None,
                "end": s.end.isoformat() if s.end else None,
                "start_utc": utc_iso(s.start) if s.start else None,
                "end_utc": utc_iso(s.end) if s.end else None,
                "opening": s.opening or None,
                "status": s.status,
                "note": s.note,
            }
            for s in event.sessions
        ],
        "openings": [
            {
                "first_day": o.first_day.isoformat(),
                "last_day": o.last_day.isoformat(),
                "weekdays": [vocabulary("jours").terms[d].slug for d in o.weekdays],
                "days_to_confirm": o.days_to_confirm,
                "start": o.start.strftime("%H:%M") if o.start else None,
                "end": o.end.strftime("%H:%M") if o.end else None,
                "moment": o.moment,
                "times_to_confirm": o.to_confirm,
                "except_days": [d.isoformat() for d in o.except_days],
                "text": opening_in_words(o),
            }
            for o in event.openings
        ],
        "venue": _venue(venue) if venue else None,
        "organisers": [{"id": partner.id, "name": partner.name, "url": urls.partner(partner)} for partner in partners],
        "has_easy_read": bool(event.easy_read_html),
        "image": None if event.image is None else {"path": event.image.path, "alt": event.image.alt},
        "source": event.source,
    }


def _files(urls: SiteUrls, printed: set[str], kinds: dict[str, str], **params: str) -> dict[str, str]:
    """The print files that this build made, by role."""
    found = {role: urls.save_as(kind, **params) for role, kind in kinds.items()}
    return {role: path for role, path in found.items() if path in printed}


@step
def _event_entry(event: Event, venue: Venue | None, partners: tuple[Partner, ...], urls: SiteUrls,
                 short_number: int | None, printed: dict[str, str]) -> Encoded:
    """An event's entry as JSON text where it stands (``events[i]``); ``venue``, ``partners``: the
    event's venue (None online) and organisers; ``printed``: its print files, by role."""
    return encoded(_event(event, venue, partners, urls, short_number, printed), 2)


@step
def _venues(venues: tuple[Venue, ...]) -> Encoded:
    """Every venue (in id order), as JSON text where it stands (``venues``)."""
    return encoded([_venue(v) for v in venues], 1)


@step
def _partners(partners: tuple[Partner, ...], event_ids: tuple[tuple[str, ...], ...], urls: SiteUrls) -> Encoded:
    """Every partner (in id order) with the ids of its events, as JSON text where it stands (``partners``)."""
    return encoded([
        {"id": p.id, "name": p.name, "kind": p.kind, "url": urls.partner(p),
         "embed": urls.url("partner_embed", id=p.id), "website": p.website,
         "communes": [c.insee for c in p.communes], "venues": list(p.venue_ids), "themes": list(p.themes),
         "events": list(ids)}
        for p, ids in zip(partners, event_ids, strict=True)], 1)


def _events(programme: Programme, urls: SiteUrls, short_links: dict[str, int], printed: set[str]) -> list[Encoded]:
    entries = []
    for event in programme.events_sorted():
        files = _files(urls, printed, {"poster": "event_poster", "poster_a3": "event_poster_a3",
                                       "qr_png": "event_qr_png", "qr_svg": "event_qr_svg"}, id=event.id)
        venue, partners = programme.surroundings(event)
        entries.append(_event_entry(event, venue, tuple(partners), urls, short_links.get(event.id), files))
    return entries


def programme_json(programme: Programme, urls: SiteUrls, short_links: dict[str, int],
                   printed: set[str] | None = None) -> bytes:
    """``short_links``: event id → short address number (``Publication.short_links``); ``printed``:
    the print-pack files this build wrote (posters may be switched off)."""
    printed = printed or set()
    events = _events(programme, urls, short_links, printed)
    edition = programme.edition
    partners = tuple(sorted(programme.partners.values(), key=lambda p: p.id))
    partner_events = tuple(tuple(e.id for e in programme.events_by_partner(p.id)) for p in partners)
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
        "venues": _venues(tuple(sorted(programme.venues.values(), key=lambda v: v.id))),
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
        "partners": _partners(partners, partner_events, urls),
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
