"""iCalendar files (RFC 5545): the whole programme, a commune, a theme, one event.

Built with the icalendar package (CRLF, folding at 75 octets on character
boundaries, TEXT escaping), plus what it does not do by default:

- a VTIMEZONE for Europe/Paris written with yearly RRULEs (last Sunday of March
  and of October), which Thunderbird (ical.js), Evolution (libical), vobject and
  Outlook all read right; every local time carries ``TZID=Europe/Paris``;
- one VEVENT per session, with a UID that depends only on the event id, the
  session's position and the configured id domain (never on the site URL);
- SEQUENCE from ``sunprogramme.publication_state``, DTSTAMP from the build's reference
  instant (never the clock);
- cancelled and postponed events stay in every file, with STATUS and in words;
- so do the sessions of an event published and then deleted from the content
  (``sunprogramme.withdrawn``): cancelled, with SEQUENCE raised, in every file that held them.

Each session's VEVENT and each file's head are pure steps (``sunprogramme.steps``): a build
finds them again by the values they are made from, so a VEVENT is serialised once for every
file that holds it (the programme, its commune, its themes, its event) and again only when
its event, venue, organisers, SEQUENCE or the build's instant change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cache

from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as VEvent

from ..listings import event_features
from ..model import Event, Partner, Programme, Session, Venue
from ..publication_state import session_uid
from ..registration_words import NONE_NEEDED, registration_headline
from ..session_words import hours_in_words, opening_in_words
from ..steps import step
from ..urls import SiteUrls
from ..vocabularies import vocabulary
from ..withdrawn import WithdrawnEvent, WithdrawnSession

STATUS = {"annule": "CANCELLED", "reporte": "TENTATIVE"}
REFRESH = timedelta(hours=12)
END = b"END:VCALENDAR\r\n"


def paris_vtimezone() -> Timezone:
    zone = Timezone()
    zone.add("tzid", "Europe/Paris")
    summer = TimezoneDaylight()
    summer.add("dtstart", datetime(1981, 3, 29, 2, 0))  # noqa: DTZ001 (a VTIMEZONE's DTSTART is local)
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzname", "CEST")
    winter = TimezoneStandard()
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))  # noqa: DTZ001
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzname", "CET")
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


@cache
def _vtimezone() -> bytes:
    return paris_vtimezone().to_ical()


def _label(name: str, slug: str) -> str:
    return vocabulary(name)[slug].label


def _description(event: Event, session: Session, partners: tuple[Partner, ...], features: tuple[str, ...],
                 urls: SiteUrls) -> str:
    lines = [event.summary, ""]
    if session.days_to_confirm:
        lines.append(f"Horaires : {opening_in_words(event.openings[session.opening - 1])}.")
    elif session.start is None:
        lines.append(f"Horaires : {hours_in_words(session)} (heures précises non publiées).")
    elif session.end is None:
        lines.append(f"Horaires : {hours_in_words(session)} (heure de fin non publiée).")
    if session.status != "confirme":
        lines.append(f"{_label('statuts', session.status).upper()}.")
    registration = event.registration
    if registration and registration.required:
        ways = [w for w in (registration.phone, registration.email, registration.url) if w]
        if registration.arrangements:
            lines.append(registration_headline(registration, capacity=False) + ".")
        if ways or not registration.arrangements:
            lines.append("Inscription obligatoire : " + " ou ".join(ways))
    else:
        lines.append(f"{NONE_NEEDED}.")
    lines.append("Gratuit" if event.is_free else f"Tarif : {event.price}")
    if features:
        lines.append("Accessibilité : " + ", ".join(_label("accessibilite", f) for f in features))
    if event.bring:
        lines.append("À apporter : " + ", ".join(event.bring))
    lines.append("Organisé par : " + ", ".join(partner.name for partner in partners))
    if event.online_url:
        lines.append(f"En ligne : {event.online_url}")
    page = urls.absolute(urls.event(event))
    if page:
        lines.append(f"Plus d'informations : {page}")
    return "\n".join(lines)


@step
def _vevent(event: Event, session: Session, venue: Venue | None, partners: tuple[Partner, ...],
            features: tuple[str, ...], sequence: int, stamp: datetime, urls: SiteUrls) -> bytes:
    """One session's VEVENT. ``partners``: the event's organisers, in its order; ``features``: the
    accessibility of the event and of its venue (``listings.event_features``); ``stamp``: in UTC."""
    entry = VEvent()
    entry.add("uid", session_uid(event, session, urls.settings.id_domain))
    entry.add("dtstamp", stamp)
    entry.add("sequence", sequence)
    prefix = "" if session.status == "confirme" else f"[{_label('statuts', session.status)}] "
    if session.days_to_confirm:
        # A period whose open days were not published: one all-day entry over the whole period.
        opening = event.openings[session.opening - 1]
        entry.add("dtstart", opening.first_day)
        entry.add("dtend", opening.last_day + timedelta(days=1))
        entry.add("transp", "TRANSPARENT")
        entry.add("summary", f"{prefix}{event.title} ({hours_in_words(session)})")
    elif session.start is not None and session.end is None:
        # A start alone (« à partir de 15 h »): DTSTART and no DTEND, which RFC 5545 allows (3.6.1).
        entry.add("dtstart", session.start)
        entry.add("summary", prefix + event.title)
    elif session.start is None or session.end is None:
        # Published without clock times: an all-day entry (DTSTART;VALUE=DATE, the end day excluded),
        # whose summary says the times as published (« l'après-midi », « horaires à confirmer »).
        assert session.day is not None
        entry.add("dtstart", session.day)
        entry.add("dtend", session.day + timedelta(days=1))
        entry.add("transp", "TRANSPARENT")
        entry.add("summary", f"{prefix}{event.title} ({hours_in_words(session)})")
    else:
        entry.add("dtstart", session.start)
        entry.add("dtend", session.end)
        entry.add("summary", prefix + event.title)
    entry.add("status", STATUS.get(session.status, "CONFIRMED"))
    entry.add("description", _description(event, session, partners, features, urls))
    if venue is not None:
        entry.add("location", f"{venue.name}, {venue.address}, {venue.town}")
        if venue.coordinates:
            entry.add("geo", (venue.coordinates.lat, venue.coordinates.lon))
    elif event.online_url:
        entry.add("location", event.online_url)
    page = urls.absolute(urls.event(event))
    if page:
        entry.add("url", page)
    entry.add("categories", [_label("themes", t) for t in event.themes])
    entry.add("class", "PUBLIC")
    return entry.to_ical()


@step
def _withdrawn_vevent(event: WithdrawnEvent, session: WithdrawnSession, stamp: datetime, urls: SiteUrls) -> bytes:
    """A session of a withdrawn event, as its page tells it: cancelled, no longer on the programme."""
    entry = VEvent()
    entry.add("uid", session.uid)
    entry.add("dtstamp", stamp)
    entry.add("sequence", session.sequence)
    entry.add("dtstart", session.start)
    entry.add("dtend", session.end)
    entry.add("summary", f"[{_label('statuts', 'annule')}] {event.title}")
    entry.add("status", "CANCELLED")
    page = urls.absolute(urls.url("event", id=event.id))
    more = f"\nPlus d'informations : {page}" if page else ""
    entry.add("description", f"Cet événement n'est plus au programme.{more}")
    if page:
        entry.add("url", page)
    entry.add("categories", [_label("themes", t) for t in event.themes if t in vocabulary("themes")])
    entry.add("class", "PUBLIC")
    return entry.to_ical()


@step
def _head(edition_name: str, title: str) -> bytes:
    """A file's VCALENDAR properties and the VTIMEZONE, without its end."""
    calendar = Calendar()
    calendar.add("prodid", f"-//SUN Semaines des Usages Numériques//Programme {edition_name}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", title)
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")  # Outlook's name for REFRESH-INTERVAL
    text = calendar.to_ical()
    assert text.endswith(END)
    return text[: -len(END)] + _vtimezone()


def _entries(event: Event) -> list[Session]:
    """The sessions that get an entry: all, except that a period whose open days were not published
    is one entry (on its first session)."""
    seen: set[int] = set()
    kept = []
    for session in event.sessions:
        if session.days_to_confirm:
            if session.opening in seen:
                continue
            seen.add(session.opening)
        kept.append(session)
    return kept


def calendar_file(programme: Programme, urls: SiteUrls, sequences: dict[str, int], stamp: datetime,
                  events: Iterable[Event], title: str, withdrawn: Iterable[WithdrawnEvent] = ()) -> bytes:
    """One .ics file holding every session of ``events`` and of the ``withdrawn`` events, in start
    order. ``sequences``: session UID → SEQUENCE (``Publication.sequences``; 0 when absent);
    ``stamp``: the build's reference instant, the DTSTAMP of every VEVENT."""
    stamp, domain = stamp.astimezone(UTC), urls.settings.id_domain
    sessions = sorted([*((s.span[0], e.id, s.index, e, s) for e in events for s in _entries(e)),
                       *((s.start, e.id, 0, e, s) for e in withdrawn for s in e.sessions)],
                      key=lambda p: (p[0], p[1], p[2], getattr(p[4], "uid", "")))
    parts = [_head(programme.edition.name, title)]
    surroundings: dict[str, tuple[Venue | None, tuple[Partner, ...], tuple[str, ...]]] = {}
    for _start, _id, _index, event, session in sessions:
        if isinstance(event, WithdrawnEvent):
            parts.append(_withdrawn_vevent(event, session, stamp, urls))
            continue
        around = surroundings.get(event.id)
        if around is None:
            venue, partners = programme.surroundings(event)
            around = surroundings[event.id] = (venue, tuple(partners), event_features(programme, event))
        parts.append(_vevent(event, session, *around, sequences.get(session_uid(event, session, domain), 0), stamp,
                             urls))
    parts.append(END)
    return b"".join(parts)
