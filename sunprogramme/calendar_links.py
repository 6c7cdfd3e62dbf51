"""« Ajouter à mon agenda » links: Google Agenda, Outlook.com, and webcal:// subscriptions.

Times are given in UTC (« Z »), so the services place them right whatever the
visitor's own time zone.
"""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlencode

from .model import Event, Programme, Session
from .urls import SiteUrls


def _place(programme: Programme, event: Event) -> str:
    venue = programme.venues.get(event.venue_id or "")
    if venue is not None:
        return f"{venue.name}, {venue.address}, {venue.postcode} {venue.commune.name}"
    return event.online_url or ""


def _details(event: Event, urls: SiteUrls) -> str:
    page = urls.absolute(urls.event(event))
    return f"{event.summary}\n{page}" if page else event.summary


def google_link(programme: Programme, event: Event, session: Session, urls: SiteUrls) -> str:
    start = session.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    end = session.end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    query = {"action": "TEMPLATE", "text": event.title, "dates": f"{start}/{end}",
             "details": _details(event, urls), "location": _place(programme, event), "ctz": "Europe/Paris"}
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_link(programme: Programme, event: Event, session: Session, urls: SiteUrls) -> str:
    query = {"path": "/calendar/action/compose", "rru": "addevent", "subject": event.title,
             "startdt": session.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "enddt": session.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "body": _details(event, urls), "location": _place(programme, event)}
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def webcal_link(urls: SiteUrls, save_as: str) -> str | None:
    """A subscription address for a feed: needs the site's public address."""
    absolute = urls.absolute(save_as)
    if absolute is None:
        return None
    return "webcal://" + absolute.split("://", 1)[1]
