"""One SUN event, and one venue, as OpenAgenda (API v2) write records: the event in the shape of
``POST /v2/agendas/{agendaUID}/events``, the venue in that of ``POST /v2/agendas/{agendaUID}/locations``.

Choices, where OpenAgenda and our model differ:

- one status per OpenAgenda event, one per SUN session: a session cancelled or postponed inside an
  event that still takes place is left out of ``timings`` (OpenAgenda would announce it as
  happening) and said in ``conditions`` and ``longDescription``; an event cancelled or postponed as
  a whole keeps all its timings, with status 6 or 4, as OpenAgenda expects;
- a slot may not exceed 24 hours, sessions may last up to 7 days: a longer session is cut at
  local midnights (and every 24 hours at most); overlapping sessions of one event are merged;
- ``description`` (200 characters) is the summary (up to 300), shortened at a word boundary;
  ``longDescription`` is the description turned back into Markdown, then the easy-read text, the
  sessions' notes, registration details, things to bring, organisers and the page's address;
- ``accessibility`` has the five codes, true when the event or its venue offers a matching
  feature (mapping: the ``openagenda`` key of accessibilite.yaml, as on the site);
- ``age`` is left out: only one audience (« Jeunes (16-25 ans) ») states ages, and never alone;
- ``links`` cannot be written (OpenAgenda extracts them from ``longDescription``);
- ``image`` needs a public address: without a public URL in the settings, no image is given;
- a timing needs a begin and an end: a session published without clock times (« l'après-midi »,
  « horaires à confirmer ») is given its whole day (00:00 to 23:59, Paris), the way OpenAgenda
  shows a day without hours, and its times as published are said first in ``conditions``; opening
  hours are said there as one sentence (« du 10 au 24 octobre, du mardi au samedi, de 14 h à 18 h »).

Field codes, limits and enumerations are read from ``data/openagenda.yaml`` (copied from
OpenAgenda's dev-doc).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..frenchdates import clock, day_in_words
from ..model import Event, Partner, Session, Venue
from ..registration_words import registration_headline
from ..session_words import hours_in_words, opening_in_words, when_in_words
from ..timeutil import PARIS
from ..urls import SiteUrls
from ..vocabularies import vocabulary
from .markdown_from_html import escape_markdown, html_to_markdown

EXT_ID_KEY = "sun"
LANGUAGE = "fr"
TIMEZONE = "Europe/Paris"
# Session statuses whose slot does not take place at the announced time.
NOT_HAPPENING = ("annule", "reporte")
# A session's status said of « la séance » (statuts.yaml labels are masculine, for « l'événement »).
SESSION_STATUS_WORDS = {"confirme": "confirmée", "annule": "annulée", "reporte": "reportée",
                        "complet": "complète", "en-ligne": "déplacée en ligne"}
_ELLIPSIS = "…"
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


@cache
def openagenda_fields() -> dict[str, Any]:
    """``data/openagenda.yaml``: OpenAgenda's field codes, limits and enumerations."""
    text = resources.files("sunprogramme").joinpath("data", "openagenda.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _limit(kind: str, code: str) -> int:
    spec = openagenda_fields()[f"{kind}_fields"][code]
    return spec.get("max_chars_per_lang") or spec["max_chars"]


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits, else cut at the last word boundary with « … »: never longer than ``limit``."""
    text = _SPACES.sub(" ", text).strip()  # not str.split(): it would take « 14\u00a0h » apart
    if len(text) <= limit:
        return text
    cut = text[:limit - len(_ELLIPSIS) + 1]  # one more character: is the cut between two words?
    cut = cut[:cut.rindex(" ")] if " " in cut else cut[:-1]
    return cut.rstrip(" ,;:.-–—") + _ELLIPSIS


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


# -- Timings --------------------------------------------------------------------------------------

def _local_midnight_after(moment: datetime) -> datetime:
    """The next midnight in Paris after ``moment`` (UTC in, UTC out)."""
    day = moment.astimezone(PARIS).date() + timedelta(days=1)
    return datetime.combine(day, time(0, 0), tzinfo=PARIS).astimezone(UTC)


def _begin(session: Session) -> datetime:
    return session.span[0]  # without clock times: 00:00 of its day


def _end(session: Session) -> datetime:
    if session.end is not None:
        return session.end
    assert session.day is not None
    return datetime.combine(session.day, time(23, 59), tzinfo=PARIS)


def slots(sessions: list[Session]) -> list[tuple[datetime, datetime]]:
    """OpenAgenda slots for sessions, in UTC: overlapping sessions merged, then anything longer than
    24 hours cut at Paris midnights and every 24 hours at most. All arithmetic is done in UTC: aware
    datetimes in the same ZoneInfo add and compare by wall clock, wrong across a DST change."""
    max_slot = timedelta(hours=openagenda_fields()["event_fields"]["timings"]["max_hours_per_slot"])
    merged: list[list[datetime]] = []
    for start, end in sorted((_begin(s).astimezone(UTC), _end(s).astimezone(UTC)) for s in sessions):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[tuple[datetime, datetime]] = []
    for start, end in merged:
        if end - start <= max_slot:
            out.append((start, end))
            continue
        begin = start
        while begin < end:
            cut = min(end, _local_midnight_after(begin), begin + max_slot)
            out.append((begin, cut))
            begin = cut
    return out


def _iso(moment: datetime) -> str:
    return moment.astimezone(PARIS).isoformat()


# -- Events ---------------------------------------------------------------------------------------

def _status_code(slug: str) -> int:
    return int(vocabulary("statuts")[slug].extra["openagenda"])


def _kept_sessions(event: Event) -> tuple[list[Session], int]:
    """The sessions given as timings, and the event's OpenAgenda status.

    A cancelled or postponed session of an event that goes on is dropped: OpenAgenda has one status
    per event and would show the slot as happening. If no session is left (every one cancelled or
    postponed one by one), the event is cancelled (6), or postponed (4) if some session is.
    """
    if event.status in NOT_HAPPENING:
        return list(event.sessions), _status_code(event.status)
    kept = [s for s in event.sessions if s.status not in NOT_HAPPENING]
    if kept:
        return kept, _status_code(event.status)
    all_cancelled = all(s.status == "annule" for s in event.sessions)
    return list(event.sessions), _status_code("annule" if all_cancelled else "reporte")


def _session_changes(event: Event) -> list[str]:
    """« Séance du mercredi 21 octobre à 14 h : annulée. » for sessions whose status is not the event's."""
    return [f"Séance du {day_in_words(s.day, with_year=False)}"
            + (f" à {clock(s.start)}" if s.start is not None else f" ({hours_in_words(s)})") + " : "
            f"{SESSION_STATUS_WORDS.get(s.status, vocabulary('statuts')[s.status].label.lower())}."
            for s in event.sessions if s.status != event.status]


def _times_as_published(event: Event) -> list[str]:
    """« Horaires : l'après-midi. », « Ouvert du 10 au 24 octobre, … » : what the timings cannot say."""
    if event.openings:
        agreed = vocabulary("formats")[event.format].extra.get("ouvert", "ouvert")
        return [_sentence(f"{agreed.capitalize()} {opening_in_words(o, with_year=False)}") for o in event.openings]
    untimed = [s for s in event.sessions if s.end is None]  # no clock times, or a start alone
    if not untimed:
        return []
    if len(event.sessions) == 1:
        return [_sentence(f"Horaires : {hours_in_words(untimed[0])}")]
    return ["Horaires : " + " ; ".join(when_in_words(s, with_year=False) for s in untimed) + "."]


def _conditions(event: Event) -> str:
    parts = [*_times_as_published(event), "Gratuit." if event.is_free else _sentence(f"Tarif : {event.price}")]
    registration = event.registration
    parts.append(_sentence(registration_headline(registration)))
    parts.extend(_session_changes(event))
    if registration and registration.details:
        parts.append(_sentence(registration.details))  # the least needed: cut first (kept whole below)
    return shorten(" ".join(parts), _limit("event", "conditions"))


def _registration(event: Event) -> list[dict[str, str]]:
    """The ways to register or book, even when registration is optional (booking a seat)."""
    registration = event.registration
    if registration is None:
        return []
    means = [("link", registration.url), ("phone", registration.phone), ("email", registration.email)]
    return [{"type": kind, "value": value} for kind, value in means if value]


def _accessibility(event: Event, features: tuple[str, ...], on_site: bool) -> dict[str, bool]:
    """The five codes, true when the event, or the venue it takes place at, offers a matching feature."""
    features = features if on_site else event.accessibility
    offered = {vocabulary("accessibilite")[slug].extra["openagenda"] for slug in features}
    return {code: code in offered for code in sorted(openagenda_fields()["accessibility_codes"])}


def _keywords(event: Event) -> list[str]:
    limit = _limit("event", "keywords")
    keywords: list[str] = []
    for slug in event.themes:
        label = vocabulary("themes")[slug].label
        if len(", ".join([*keywords, label])) <= limit:
            keywords.append(label)
    return keywords


def _long_description(event: Event, partners: tuple[Partner, ...], urls: SiteUrls) -> str:
    limit = _limit("event", "longDescription")
    body = html_to_markdown(event.description_html) if event.description_html else escape_markdown(event.summary)
    more: list[str] = []
    if event.easy_read_html:
        more.append("**En bref, facile à lire**\n\n" + html_to_markdown(event.easy_read_html))
    if any(s.note or s.status != event.status for s in event.sessions):
        lines = []
        for s in event.sessions:
            line = "- " + escape_markdown(when_in_words(s, with_year=False))
            if s.status != event.status:
                line += " : **" + SESSION_STATUS_WORDS.get(s.status, s.status) + "**"
            if s.note:
                line += " (" + escape_markdown(s.note) + ")"
            lines.append(line)
        more.append("**Séances**\n\n" + "\n".join(lines))
    registration = event.registration
    if registration and registration.details:
        more.append("**Inscription** : " + escape_markdown(registration.details))
    if event.bring:
        more.append("**À apporter**\n\n" + "\n".join("- " + escape_markdown(item) for item in event.bring))
    organisers = ", ".join(partner.name for partner in partners)
    more.append("**Organisé par** : " + escape_markdown(organisers))
    if event.contact and (event.contact.phone or event.contact.email):
        contact = event.contact
        more.append("**Contact** : " + escape_markdown(", ".join(
            x for x in (contact.name, contact.phone, contact.email) if x)))
    page = urls.absolute(urls.event(event))
    if page:
        more.append(f"Page de l'événement sur le site des SUN : {page}")
    tail = "\n\n" + "\n\n".join(more)
    room = limit - len(tail)
    if len(body) > room:  # the description gives way, at a paragraph boundary if one fits
        body = _fit_paragraphs(body, room)
    text = body + tail
    return text if len(text) <= limit else shorten(text, limit)


def _fit_paragraphs(markdown: str, room: int) -> str:
    kept = ""
    for paragraph in markdown.split("\n\n"):
        candidate = f"{kept}\n\n{paragraph}" if kept else paragraph
        if len(candidate) + len("\n\n" + _ELLIPSIS) > room:
            break
        kept = candidate
    return f"{kept}\n\n{_ELLIPSIS}" if kept else shorten(markdown, max(room, len(_ELLIPSIS)))


def event_record(event: Event, venue: Venue | None, partners: tuple[Partner, ...], features: tuple[str, ...],
                 urls: SiteUrls) -> dict[str, Any]:
    """``venue``, ``partners``: the event's venue (None online) and organisers (``Programme.surroundings``);
    ``features``: the accessibility of the event and of its venue (``listings.event_features``)."""
    sessions, status = _kept_sessions(event)
    moved_online = event.status == "en-ligne"  # status 3: only online now, whatever the venue
    on_site = venue is not None and not moved_online
    mode = 3 if on_site and event.online_url else 1 if on_site else 2
    data: dict[str, Any] = {
        "extIds": [{"key": EXT_ID_KEY, "value": event.id}],
        "title": {LANGUAGE: shorten(event.title, _limit("event", "title"))},
        "description": {LANGUAGE: shorten(event.summary, _limit("event", "description"))},
        "longDescription": {LANGUAGE: _long_description(event, partners, urls)},
        "conditions": {LANGUAGE: _conditions(event)},
        "keywords": {LANGUAGE: _keywords(event)},
    }
    if registration := _registration(event):
        data["registration"] = registration
    data["accessibility"] = _accessibility(event, features, on_site)
    data["timings"] = [{"begin": _iso(begin), "end": _iso(end)} for begin, end in slots(sessions)]
    data["attendanceMode"] = mode
    if on_site and venue is not None:
        data["location"] = {"extIds": [{"key": EXT_ID_KEY, "value": venue.id}]}  # → locationUid
    if mode in (2, 3) and event.online_url:
        data["onlineAccessLink"] = event.online_url
    data["timezone"] = TIMEZONE
    data["status"] = status
    image_url = urls.absolute(event.image.path) if event.image else None
    if event.image and image_url:
        data["image"] = {"url": image_url}
        if event.image.credit:
            data["imageCredits"] = shorten(event.image.credit, _limit("event", "imageCredits"))
    return data


# -- Locations ------------------------------------------------------------------------------------

def _access(venue: Venue) -> str:
    parts = [venue.access or ""]
    if venue.parking:
        parts.append(f"Stationnement : {venue.parking}")
    if venue.step_free is True:
        parts.append("Entrée de plain-pied ou avec rampe.")
    elif venue.step_free is False:
        parts.append("Attention : entrée avec marches.")
    if venue.acceslibre_url:
        parts.append(f"Accessibilité détaillée sur acceslibre : {venue.acceslibre_url}")
    text = "\n".join(p.strip() for p in parts if p and p.strip())
    limit = _limit("location", "access")
    if len(text) <= limit:
        return text
    return shorten(text, limit)


def location_record(venue: Venue) -> dict[str, Any]:
    address_limit = _limit("location", "address")
    town = f", {venue.town}"
    data: dict[str, Any] = {
        "extIds": [{"key": EXT_ID_KEY, "value": venue.id}],
        "name": shorten(venue.name, _limit("location", "name")),
        "address": shorten(venue.address, address_limit - len(town)) + town,
        "postalCode": venue.postcode,
        "city": venue.commune.name,
        "insee": venue.commune.insee,
        "countryCode": "FR",
        "timezone": TIMEZONE,
    }
    if not venue.postcode:  # not published for some venues outside the territory: left out, never made up
        del data["postalCode"]
    if venue.coordinates is not None:
        data["latitude"] = venue.coordinates.lat
        data["longitude"] = venue.coordinates.lon
    if access := _access(venue):
        data["access"] = {LANGUAGE: access}
    return data
