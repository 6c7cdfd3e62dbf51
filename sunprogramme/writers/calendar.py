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
- cancelled and postponed events stay in every file, with STATUS and in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cached_property

from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as VEvent

from ..fingerprint import Fingerprinter
from ..listings import event_features
from ..memo import Memo
from ..model import Event, Programme, Session
from ..publication_state import session_uid
from ..urls import SiteUrls
from ..vocabularies import vocabulary

STATUS = {"annule": "CANCELLED", "reporte": "TENTATIVE"}
REFRESH = timedelta(hours=12)


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


def _label(name: str, slug: str) -> str:
    return vocabulary(name)[slug].label


def _description(programme: Programme, event: Event, session: Session, urls: SiteUrls) -> str:
    lines = [event.summary, ""]
    if session.status != "confirme":
        lines.append(f"{_label('statuts', session.status).upper()}.")
    registration = event.registration
    if registration and registration.required:
        ways = [w for w in (registration.phone, registration.email, registration.url) if w]
        lines.append("Inscription obligatoire : " + " ou ".join(ways))
    else:
        lines.append("Sans inscription : venez directement.")
    lines.append("Gratuit" if event.is_free else f"Tarif : {event.price}")
    features = event_features(programme, event)
    if features:
        lines.append("Accessibilité : " + ", ".join(_label("accessibilite", f) for f in features))
    if event.bring:
        lines.append("À apporter : " + ", ".join(event.bring))
    lines.append("Organisé par : " + ", ".join(programme.partners[p].name for p in event.organiser_ids))
    if event.online_url:
        lines.append(f"En ligne : {event.online_url}")
    page = urls.absolute(urls.event(event))
    if page:
        lines.append(f"Plus d'informations : {page}")
    return "\n".join(lines)


def _vevent(programme: Programme, event: Event, session: Session, urls: SiteUrls, sequence: int,
            stamp: datetime) -> VEvent:
    venue = programme.venues.get(event.venue_id or "")
    entry = VEvent()
    entry.add("uid", session_uid(event, session, urls.settings.id_domain))
    entry.add("dtstamp", stamp)
    entry.add("sequence", sequence)
    entry.add("dtstart", session.start)
    entry.add("dtend", session.end)
    prefix = "" if session.status == "confirme" else f"[{_label('statuts', session.status)}] "
    entry.add("summary", prefix + event.title)
    entry.add("status", STATUS.get(session.status, "CONFIRMED"))
    entry.add("description", _description(programme, event, session, urls))
    if venue is not None:
        entry.add("location", f"{venue.name}, {venue.address}, {venue.postcode} {venue.commune.name}")
        if venue.coordinates:
            entry.add("geo", (venue.coordinates.lat, venue.coordinates.lon))
    elif event.online_url:
        entry.add("location", event.online_url)
    page = urls.absolute(urls.event(event))
    if page:
        entry.add("url", page)
    entry.add("categories", [_label("themes", t) for t in event.themes])
    entry.add("class", "PUBLIC")
    return entry


class CalendarWriter:
    """Writes many files from one programme; each session's VEVENT is serialised once and reused
    in every file that holds it (the programme, its commune, its themes, its event)."""

    def __init__(self, programme: Programme, urls: SiteUrls, numbers: dict[str, int], stamp: datetime,
                 memo: Memo | None = None, fingerprint: Fingerprinter | None = None):
        self.programme, self.urls, self.numbers, self.stamp = programme, urls, numbers, stamp.astimezone(UTC)
        self._events: dict[tuple[str, int], bytes] = {}
        self.files = 0
        # With a memo, a rebuild serialises only the sessions whose inputs changed.
        self.memo, self._fingerprint = memo or Memo(), fingerprint or Fingerprinter()

    def _vevent_bytes(self, event: Event, session: Session) -> bytes:
        key = (event.id, session.index)
        if key not in self._events:
            uid = session_uid(event, session, self.urls.settings.id_domain)
            sequence = self.numbers.get(uid, 0)
            inputs = self._fingerprint(event, session, sequence, self.stamp, self.urls.settings,
                                       self.programme.surroundings(event))
            self._events[key] = self.memo.get("vevent", inputs, lambda: _vevent(
                self.programme, event, session, self.urls, sequence, self.stamp).to_ical())
        return self._events[key]

    @cached_property
    def _vtimezone(self) -> bytes:
        return paris_vtimezone().to_ical()

    def file(self, events: Iterable[Event], title: str) -> bytes:
        self.files += 1
        edition = self.programme.edition.name
        head = self.memo.get("calendar head", self._fingerprint(edition, title),
                             lambda: _calendar_head(self.programme, title).to_ical())
        end = b"END:VCALENDAR\r\n"
        assert head.endswith(end)
        head = head[: -len(end)] + self._vtimezone + end
        sessions = sorted(((e, s) for e in events for s in e.sessions),
                          key=lambda p: (p[1].start, p[0].id, p[1].index))
        return head[: -len(end)] + b"".join(self._vevent_bytes(e, s) for e, s in sessions) + end


def _calendar_head(programme: Programme, title: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//SUN Semaines des Usages Numériques//Programme {programme.edition.name}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", title)
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")  # Outlook's name for REFRESH-INTERVAL
    return calendar


def calendar_bytes(programme: Programme, events: Iterable[Event], title: str, urls: SiteUrls,
                   numbers: dict[str, int], stamp: datetime) -> bytes:
    """One .ics file holding every session of ``events``, in start order."""
    return CalendarWriter(programme, urls, numbers, stamp).file(events, title)
