"""« Ajouter à mon agenda » links: Google Agenda, Outlook.com, and webcal:// subscriptions.

Times are given in UTC (« Z »), so the services place them right whatever the
visitor's own time zone.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from urllib.parse import urlencode

from .model import Event, Programme, Session
from .session_words import hours_in_words
from .urls import SiteUrls


def _place(programme: Programme, event: Event) -> str:
    venue = programme.venues.get(event.venue_id or "")
    if venue is not None:
        return f"{venue.name}, {venue.address}, {venue.town}"
    return event.online_url or ""


def _details(event: Event, urls: SiteUrls) -> str:
    page = urls.absolute(urls.event(event))
    return f"{event.summary}\n{page}" if page else event.summary


def _all_day(session: Session) -> tuple[date, date]:
    """An untimed session's day and the next: the form of an all-day entry (end excluded)."""
    assert session.day is not None
    return session.day, session.day + timedelta(days=1)


def google_link(programme: Programme, event: Event, session: Session, urls: SiteUrls) -> str:
    details = _details(event, urls)
    if session.start is None or session.end is None:  # an all-day entry, saying the times as published
        first, after = _all_day(session)
        dates = f"{first:%Y%m%d}/{after:%Y%m%d}"
        details = f"{hours_in_words(session).capitalize()}.\n{details}"
    else:
        dates = (f"{session.start.astimezone(UTC):%Y%m%dT%H%M%SZ}/"
                 f"{session.end.astimezone(UTC):%Y%m%dT%H%M%SZ}")
    query = {"action": "TEMPLATE", "text": event.title, "dates": dates,
             "details": details, "location": _place(programme, event), "ctz": "Europe/Paris"}
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_link(programme: Programme, event: Event, session: Session, urls: SiteUrls) -> str:
    query = {"path": "/calendar/action/compose", "rru": "addevent", "subject": event.title}
    if session.start is None or session.end is None:
        first, after = _all_day(session)
        query |= {"startdt": first.isoformat(), "enddt": after.isoformat(), "allday": "true",
                  "body": f"{hours_in_words(session).capitalize()}.\n{_details(event, urls)}"}
    else:
        query |= {"startdt": session.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "enddt": session.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "body": _details(event, urls)}
    query["location"] = _place(programme, event)
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def webcal_link(urls: SiteUrls, save_as: str) -> str | None:
    """A subscription address for a feed: needs the site's public address."""
    absolute = urls.absolute(save_as)
    if absolute is None:
        return None
    return "webcal://" + absolute.split("://", 1)[1]
