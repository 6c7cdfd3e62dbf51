"""The programme in the frab schedule format: ``schedule.xml`` and ``schedule.json``.

Offline schedule apps (Giggity, EventFahrplan…) read this format, first made by
the frab conference system. The files follow the schemas published by the C3VOC
(github.com/voc/schedule, ``validator/``); the tests check them against copies.

- one frab event per session: an event with three sessions gives three entries;
- days are the festival days that have sessions; a session that goes past
  midnight stays on the day it starts;
- rooms are venues (« Venue, Commune »), and « En ligne » for online sessions;
- durations are computed through UTC, so they stay right across a DST change;
- cancelled or postponed sessions stay in the files, their status written
  before the title (frab has no status field);
- ids never depend on the site URL or on the build: see ``_event_id``;
- frab has no all-day entry and no part of day: a session published without clock times
  (« l'après-midi », « horaires à confirmer ») is given its whole day (start 00:00, the day's
  length), and its times as published in ``subtitle`` and first in ``description``.

Both files are built from one structure, so they always agree, and the same
programme always gives the same bytes. Each session's entry (its JSON and XML
texts) is a pure step (``sunprogramme.steps``).
"""

from __future__ import annotations

import hashlib
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ..listings import session_items
from ..model import Event, Programme, Session, Venue
from ..plaintext import plain_text
from ..publication_state import session_uid
from ..session_words import hours_in_words
from ..steps import step
from ..timeutil import PARIS
from ..urls import SiteUrls
from ..vocabularies import slugify, vocabulary
from .jsontext import Encoded, dumps, encoded

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
ONLINE_ROOM = "En ligne"
TIMESLOT = "00:15"
LANGUAGE = "fr"
MAX_SESSIONS = 1000  # sessions per event that the integer ids leave room for


def _event_id(short_number: int, session: Session) -> int:
    """A positive integer, stable from one build to the next.

    Built from the event's short address number (``/e/42``): given once, never
    reused and unchanged when the title changes (see ``publication_state``),
    times 1000, plus the session's position. Event 42, session 2 → 42002.
    A hash would be stable too, but could collide and means nothing to a reader.
    """
    if not 0 < session.index < MAX_SESSIONS:
        raise ValueError(f"session position {session.index} out of range for a frab id")
    return short_number * MAX_SESSIONS + session.index


def _guid(name: str) -> str:
    # The names are already unique worldwide (they carry the id domain): any fixed
    # namespace will do; NAMESPACE_URL is the one the C3VOC schema suggests for guids.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _person_id(partner_id: str) -> int:
    """A stable positive integer for a partner (they have no number of their own).

    Taken from a hash of the partner id, at most 2**28 so that apps that keep ids
    in 32-bit integers read it; collisions are settled by ``_person_ids``.
    """
    return int(hashlib.sha256(partner_id.encode("utf-8")).hexdigest()[:7], 16) + 1


def _person_ids(programme: Programme) -> dict[str, int]:
    """Every partner's number; when two hashes meet (likely among thousands of partners), the partner
    later in id order takes the next free number: stable as long as those partners stay."""
    ids: dict[str, int] = {}
    taken: set[int] = set()
    for pid in sorted(programme.partners):
        number = _person_id(pid)
        while number in taken:
            number = number % 2**28 + 1
        ids[pid] = number
        taken.add(number)
    return ids


def _room_name(venue: Venue | None, session: Session) -> str:
    # A session moved online (« Déplacé en ligne ») leaves its venue.
    if venue is None or session.status == "en-ligne":
        return ONLINE_ROOM
    return f"{venue.name}, {venue.commune.name}"


def _room_order(name: str) -> tuple[bool, str, str]:
    return (name == ONLINE_ROOM, name.casefold(), name)


def _clock(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")


def _duration(session: Session) -> str:
    if session.start is not None and session.end is None:
        return "00:00"  # a start alone: no end is said (its subtitle says « à partir de »)
    start, end = session.span  # a session without clock times: its whole day
    minutes = int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()) // 60  # through UTC: DST
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _links(event: Event, urls: SiteUrls) -> list[dict[str, str]]:
    page = urls.event(event)
    found = [(urls.absolute(page) or page, "Page de l'événement")]
    if event.registration and event.registration.url:
        found.append((event.registration.url, "Inscription en ligne"))
    if event.online_url:
        found.append((event.online_url, "Participer en ligne"))
    seen: set[str] = set()
    links = []
    for url, title in found:
        if url not in seen:
            seen.add(url)
            links.append({"url": url, "title": title})
    return links


def _event(event: Event, session: Session, venue: Venue | None, urls: SiteUrls, short_number: int,
           organisers: tuple[tuple[int, str], ...], acronym: str) -> dict[str, Any]:
    """One session as a frab event, in the shape of schedule.json; ``organisers``: the number and
    name of each of the event's organisers, in its order."""
    text = plain_text(event.description_html)
    status = "" if session.status == "confirme" else f"[{vocabulary('statuts')[session.status].label}] "
    page = urls.event(event)
    untimed = ("" if session.end is not None
               else f"Horaires : {hours_in_words(session)} (heure de fin non publiée)." if session.start is not None
               else f"Horaires : {hours_in_words(session)} (heures précises non publiées).")
    description = "\n\n".join(part for part in (untimed, session.note, text) if part)
    return {
        "id": _event_id(short_number, session),
        "guid": _guid(session_uid(event, session, urls.settings.id_domain)),
        "date": session.span[0].astimezone(PARIS).isoformat(),
        "start": _clock(session.span[0]),
        "duration": _duration(session),
        "room": _room_name(venue, session),
        "slug": f"{acronym}-{event.id}-{session.index}",
        "url": urls.absolute(page) or page,
        "title": status + event.title,
        "subtitle": untimed[:-1],
        "track": vocabulary("themes")[event.themes[0]].label if event.themes else "",
        "type": vocabulary("formats")[event.format].label,
        "language": LANGUAGE,
        "abstract": event.summary,
        "description": description,
        "logo": "",
        "recording_license": "",
        "do_not_record": True,
        "persons": [{"id": number, "public_name": name} for number, name in organisers],
        "links": _links(event, urls),
        "attachments": [],
        "answers": [],
    }


@dataclass(frozen=True)
class _Entry:
    """One frab event as both files write it, made once: its room, its JSON text and its XML text."""

    room: str
    json_text: Encoded
    xml_text: bytes  # UTF-8


@step
def _entry(event: Event, session: Session, venue: Venue | None, urls: SiteUrls, short_number: int,
           organisers: tuple[tuple[int, str], ...], acronym: str) -> _Entry:
    """One session's entry (``_event``'s arguments)."""
    data = _event(event, session, venue, urls, short_number, organisers, acronym)
    return _Entry(data["room"], encoded(data, 7),  # at $.schedule.conference.days[i].rooms[name][j]
                  _xml_event_text(data))


def frab_schedule(programme: Programme, urls: SiteUrls, short_links: dict[str, int]) -> dict[str, Any]:
    """The whole schedule in the shape of schedule.json, plus its conference's JSON text (under
    ``FRAB_CONFERENCE_TEXT``, not a frab key); both files are written from it.
    ``short_links``: event id → short address number (``Publication.short_links``)."""
    edition = programme.edition
    acronym = slugify(edition.name)
    persons = _person_ids(programme)
    by_day: dict[date, list[tuple[Session, _Entry]]] = {}
    for item in session_items(programme):  # in start order
        event = item.event
        if event.id not in short_links:
            raise ValueError(f"no short address number for event {event.id}")
        organisers = tuple((persons[pid], programme.partners[pid].name) for pid in event.organiser_ids)
        entry = _entry(event, item.session, item.venue, urls, short_links[event.id], organisers, acronym)
        by_day.setdefault(item.day, []).append((item.session, entry))
    days = []
    for index, day in enumerate(sorted(by_day), start=1):
        sessions = by_day[day]
        by_room: dict[str, list[_Entry]] = {}
        for _, entry in sessions:
            by_room.setdefault(entry.room, []).append(entry)
        rooms = {name: by_room[name] for name in sorted(by_room, key=_room_order)}
        days.append({
            "index": index,
            "date": day.isoformat(),
            # From the first start to the last end of the sessions that start that day.
            "day_start": min(s.span[0] for s, _ in sessions).astimezone(PARIS).isoformat(),
            "day_end": max(s.span[1] for s, _ in sessions).astimezone(PARIS).isoformat(),
            "rooms": rooms,
        })
    domain = urls.settings.id_domain
    room_names = sorted({name for day in days for name in day["rooms"]}, key=_room_order)
    conference: dict[str, Any] = {
        "acronym": acronym,
        "title": edition.title,
        "start": edition.first_day.isoformat(),
        "end": edition.last_day.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": TIMESLOT,
        "time_zone_name": "Europe/Paris",
    }
    home = urls.absolute(urls.url("home"))
    if home:
        conference["url"] = home
    conference["rooms"] = [{"name": name, "guid": _guid(f"room:{name}@{domain}")} for name in room_names]
    conference["days"] = days
    # The version changes when, and only when, what the file says changes: the digest of the
    # conference as schedule.json writes it, at $.schedule.conference (depth 2). That text is
    # made once, here, and schedule.json takes it as it is.
    text = dumps(_with_texts(conference), 2)
    version = hashlib.sha256(text).hexdigest()[:12]
    return {"version": version, "base_url": home or "", "conference": conference, FRAB_CONFERENCE_TEXT: text}


FRAB_CONFERENCE_TEXT = "_conference_text"  # not a frab key: schedule.json is written from it


def _with_texts(conference: dict[str, Any]) -> dict[str, Any]:
    """The conference with each event given by the JSON text made with it."""
    days = [{**day, "rooms": {name: [entry.json_text for entry in entries] for name, entries in day["rooms"].items()}}
            for day in conference["days"]]
    return {**conference, "days": days}


_PLACE = b"\0conference\0"  # where the conference's text goes (no JSON text holds a NUL byte)


def frab_json(schedule: dict[str, Any]) -> bytes:
    """``schedule.json``, from ``frab_schedule``; the conference is the text made with it, put in
    place with one copy (a national programme's schedule weighs a hundred megabytes)."""
    place = Encoded(_PLACE)
    place.level = 2  # at $.schedule.conference
    shell = dumps({"$schema": SCHEMA_URL, "schedule": {"version": schedule["version"],
                                                       "base_url": schedule["base_url"], "conference": place}})
    head, tail = shell.split(_PLACE)
    return b"".join((head, schedule[FRAB_CONFERENCE_TEXT], tail, b"\n"))


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _is_http(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def _xml_event(parent: ET.Element, entry: dict[str, Any]) -> None:
    event = _add(parent, "event", id=str(entry["id"]), guid=entry["guid"])
    for tag in ("date", "start", "duration", "room", "slug"):
        _add(event, tag, entry[tag])
    if _is_http(entry["url"]):  # the schema wants an absolute address here
        _add(event, "url", entry["url"])
    recording = _add(event, "recording")
    _add(recording, "license", entry["recording_license"])
    _add(recording, "optout", "true" if entry["do_not_record"] else "false")
    for tag in ("title", "subtitle", "track", "type", "language", "abstract", "description"):
        _add(event, tag, entry[tag])
    persons = _add(event, "persons")
    for person in entry["persons"]:
        _add(persons, "person", person["public_name"], id=str(person["id"]))
    links = _add(event, "links")
    for link in entry["links"]:
        _add(links, "link", link["title"], href=link["url"])


def _xml_event_text(entry: dict[str, Any]) -> str:
    """One ``<event>``, indented as it stands in the file (schedule > day > room > event)."""
    room = ET.Element("room")
    _xml_event(room, entry)
    ET.indent(room[0], space="  ", level=3)
    return ET.tostring(room[0], encoding="unicode").encode("utf-8")


def _start_tag(tag: str, **attributes: str) -> str:
    """« <tag a="…"> », its attributes escaped by ElementTree."""
    empty = ET.tostring(ET.Element(tag, attributes), encoding="unicode")
    return empty.removesuffix(" />") + ">"


def frab_xml(schedule: dict[str, Any]) -> bytes:
    """``schedule.xml``, from ``frab_schedule``: the head through ElementTree, then the days put
    together from each event's text (the bytes ElementTree would write for the whole tree)."""
    conference = schedule["conference"]
    root = ET.Element("schedule")
    _add(root, "version", schedule["version"])
    head = _add(root, "conference")
    for tag in ("title", "acronym", "start", "end"):
        _add(head, tag, conference[tag])
    _add(head, "days", str(conference["daysCount"]))
    _add(head, "timeslot_duration", conference["timeslot_duration"])
    if _is_http(schedule["base_url"]):
        _add(head, "base_url", schedule["base_url"])
    _add(head, "time_zone_name", conference["time_zone_name"])
    ET.indent(root, space="  ")
    head = ET.tostring(root, encoding="unicode").removesuffix("\n</schedule>")
    parts = [b"<?xml version='1.0' encoding='utf-8'?>\n", head.encode("utf-8")]
    for day in conference["days"]:
        parts.append(b"\n  " + _start_tag("day", date=day["date"], start=day["day_start"], end=day["day_end"],
                                          index=str(day["index"])).encode("utf-8"))
        for name, entries in day["rooms"].items():
            parts.append(b"\n    " + _start_tag("room", name=name).encode("utf-8"))
            parts += [b"\n      " + entry.xml_text for entry in entries]
            parts.append(b"\n    </room>")
        parts.append(b"\n  </day>")
    parts.append(b"\n</schedule>\n")
    return b"".join(parts)
