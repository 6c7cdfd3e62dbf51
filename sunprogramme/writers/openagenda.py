"""The programme shaped for OpenAgenda (API v2), so that a commune can load it into its own agenda.

One JSON document, ``{"format", "version", "edition", "public_url", "events", "locations"}``:

- ``locations``: one OpenAgenda location per venue that an exported event takes place at, in the
  shape of a location write operation (``POST /v2/agendas/{agendaUID}/locations``), identified by
  ``extIds: [{key: "sun", value: <venue id>}]``;
- ``events``: one OpenAgenda event per SUN event, in the shape of an event write operation
  (``POST /v2/agendas/{agendaUID}/events``), identified by ``extIds: [{key: "sun", value: <event id>}]``.

Why two lists rather than events with their venue inside: an OpenAgenda event points to its place by
``locationUid``, the number OpenAgenda gives a location when it is created in an agenda. This file
cannot know it (it differs from one agenda to the next and does not exist before the import). So an
event carries ``location: {extIds: [{key: "sun", value: <venue id>}]}`` instead, and the import is
two steps: create (or find, by its ``sun`` extId) each location, note its ``uid``, then send each
event with ``locationUid`` in place of ``location``. The extIds also let a later import update
the same events and places instead of duplicating them.

Each event and venue is shaped by openagenda_records (where the choices made to fit OpenAgenda are
told); this module assembles the documents, the whole programme's and each commune's, from each
event shaped and encoded once (a pure step, ``sunprogramme.steps``). Same programme, same bytes:
sorted, no clock.
"""

from __future__ import annotations

import json
from typing import Any

from ..listings import event_features
from ..model import Event, Partner, Programme, Venue
from ..steps import step
from ..urls import SiteUrls
from ..vocabularies import Commune
from .jsontext import Encoded, dumps, encoded
from .openagenda_records import event_record, location_record

FORMAT_VERSION = 1


def _located_at(event: dict[str, Any]) -> str | None:
    """The venue id an exported event refers to, if it takes place on site."""
    return event["location"]["extIds"][0]["value"] if "location" in event else None


def _document(programme: Programme, urls: SiteUrls, events: list[dict[str, Any]] | list[Encoded],
              commune: Commune | None = None, used: set[str] | None = None) -> dict[str, Any]:
    """``used``: the venues the events refer to (given when ``events`` are already encoded)."""
    if used is None:
        used = {venue for venue in map(_located_at, events) if venue}
    data: dict[str, Any] = {
        "format": "sun-openagenda",
        "version": FORMAT_VERSION,
        "edition": programme.edition.name,
        "public_url": urls.settings.public_url or None,
    }
    if commune:
        data["commune"] = {"name": commune.name, "insee": commune.insee}
    return data | {"events": events, "locations": [location_record(programme.venues[v]) for v in sorted(used)]}


def _bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _inputs(programme: Programme, event: Event) -> tuple[Event, Venue | None, tuple[Partner, ...], tuple[str, ...]]:
    """What ``event_record`` makes an event's record from."""
    venue, partners = programme.surroundings(event)
    return event, venue, tuple(partners), event_features(programme, event)


def openagenda_data(programme: Programme, urls: SiteUrls, commune: Commune | None = None) -> dict[str, Any]:
    """The export as Python data: events in programme order, locations by venue id. With ``commune``,
    only that commune's events (what a town hall loads into its own agenda)."""
    chosen = programme.events_in_commune(commune.insee) if commune else programme.events_sorted()
    return _document(programme, urls, [event_record(*_inputs(programme, e), urls) for e in chosen], commune)


def openagenda_json(programme: Programme, urls: SiteUrls, commune: Commune | None = None) -> bytes:
    """The export as UTF-8 JSON (accents as such, indented, newline at the end)."""
    return _bytes(openagenda_data(programme, urls, commune))


def openagenda_files(programme: Programme, urls: SiteUrls) -> dict[Commune | None, bytes]:
    """The whole export (key None) and one per commune with events, each event shaped and encoded
    once for all (``_shaped``)."""
    shaped: dict[str, tuple[Encoded, str | None]] = {}

    def document(events: list[Event], commune: Commune | None = None) -> bytes:
        for event in events:
            if event.id not in shaped:
                shaped[event.id] = _shaped(*_inputs(programme, event), urls)
        entries = [shaped[e.id] for e in events]
        used = {venue for _, venue in entries if venue}
        data = _document(programme, urls, [text for text, _ in entries], commune, used)
        return dumps(data) + b"\n"

    files = {None: document(programme.events_sorted())}
    for commune in programme.communes_with_events():
        files[commune] = document(programme.events_in_commune(commune.insee), commune)
    return files


@step
def _shaped(event: Event, venue: Venue | None, partners: tuple[Partner, ...], features: tuple[str, ...],
            urls: SiteUrls) -> tuple[Encoded, str | None]:
    """An event's record as JSON text where it stands (``data.events[i]``), and the venue it refers to."""
    data = event_record(event, venue, partners, features, urls)
    return encoded(data, 2), _located_at(data)
