"""schema.org ``Event`` JSON-LD for an event page, safe to place inside ``<script>``.

A title holding ``</script>`` or ``<!--`` must not end the script element: ``<``,
``>`` and ``&`` are written as JSON ``\\u`` escapes, which every JSON parser
reads back as the same characters.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Event, Programme, Session
from ..urls import SiteUrls
from ..vocabularies import vocabulary

_ATTENDANCE = {
    (True, False): "https://schema.org/OfflineEventAttendanceMode",
    (False, True): "https://schema.org/OnlineEventAttendanceMode",
    (True, True): "https://schema.org/MixedEventAttendanceMode",
}


def script_safe_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _start(session: Session) -> str:
    """A date and time, or only the date when the times were not published (schema.org allows both)."""
    return session.start.isoformat() if session.start else f"{session.day:%Y-%m-%d}"


def _end(session: Session) -> str:
    return session.end.isoformat() if session.end else f"{session.day:%Y-%m-%d}"


def event_jsonld(event: Event, programme: Programme, urls: SiteUrls) -> str:
    venue = programme.venues.get(event.venue_id or "")
    status = vocabulary("statuts")[event.status].extra["schema_org"]
    page = urls.absolute(urls.event(event))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": _start(event.sessions[0]),
        "endDate": _end(max(event.sessions, key=lambda s: s.span[1])),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": _ATTENDANCE[(venue is not None, event.online_url is not None)],
        "inLanguage": "fr",
        "isAccessibleForFree": event.is_free,
        "organizer": [
            {"@type": "Organization", "name": programme.partners[p].name,
             **({"url": programme.partners[p].website} if programme.partners[p].website else {})}
            for p in event.organiser_ids
        ],
    }
    if page:
        data["url"] = page
    locations: list[dict[str, Any]] = []
    if venue is not None:
        place: dict[str, Any] = {
            "@type": "Place",
            "name": venue.name,
            "address": {"@type": "PostalAddress", "streetAddress": venue.address,
                        **({"postalCode": venue.postcode} if venue.postcode else {}),
                        "addressLocality": venue.commune.name, "addressCountry": "FR"},
        }
        if venue.coordinates:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.coordinates.lat,
                            "longitude": venue.coordinates.lon}
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.is_free:
        offer: dict[str, Any] = {"@type": "Offer", "price": 0, "priceCurrency": "EUR",
                                 "availability": "https://schema.org/"
                                                 + ("SoldOut" if event.status == "complet" else "InStock")}
        if page:
            offer["url"] = page
        data["offers"] = offer
    if len(event.sessions) > 1:
        data["subEvent"] = [
            {"@type": "Event", "name": event.title, "startDate": _start(s),
             "endDate": _end(s),
             "eventStatus": "https://schema.org/" + vocabulary("statuts")[s.status].extra["schema_org"]}
            for s in event.sessions
        ]
    return script_safe_json(data)
