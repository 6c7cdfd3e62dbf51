"""The checked programme: plain, immutable Python objects (no Pelican, no files)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

from .vocabularies import Commune


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    address: str
    postcode: str
    commune: Commune
    partner_id: str  # the partner file that declares it
    coordinates: Coordinates | None = None
    access: str | None = None
    parking: str | None = None
    step_free: bool | None = None
    accessibility: tuple[str, ...] = ()
    acceslibre_url: str | None = None
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    kind: str
    website: str | None = None
    logo: str | None = None
    description_html: str = ""
    contact: Contact | None = None
    communes: tuple[Commune, ...] = ()
    offer: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # slugs of the themes vocabulary
    opening_hours: str | None = None
    venue_ids: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Session:
    start: datetime  # aware, Europe/Paris
    end: datetime
    status: str  # the session's own status, or the event's
    note: str | None = None
    index: int = 0  # 1-based position in the event, stable for ids

    @property
    def duration(self) -> timedelta:
        # Subtracting two datetimes that share a tzinfo gives the wall-clock
        # difference, which is an hour off across a DST change: go through UTC.
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


@dataclass(frozen=True)
class Registration:
    required: bool
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    capacity: int | None = None
    details: str | None = None


@dataclass(frozen=True)
class Image:
    path: str
    alt: str
    credit: str | None = None


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    summary: str
    sessions: tuple[Session, ...]
    organiser_ids: tuple[str, ...]
    themes: tuple[str, ...]
    audiences: tuple[str, ...]
    format: str
    level: str
    status: str
    description_html: str = ""
    easy_read_html: str = ""
    venue_id: str | None = None
    online_url: str | None = None
    registration: Registration | None = None  # None: no registration needed
    price: str | None = None  # None: free
    accessibility: tuple[str, ...] = ()
    bring: tuple[str, ...] = ()
    image: Image | None = None
    contact: Contact | None = None
    source: str = ""

    @property
    def is_free(self) -> bool:
        return self.price is None

    @property
    def first_start(self) -> datetime:
        return self.sessions[0].start


@dataclass(frozen=True)
class Edition:
    name: str
    title: str
    first_day: date
    last_day: date
    intro_html: str = ""
    contact: Contact | None = None
    publisher: str | None = None
    publication_manager: str | None = None
    host: str | None = None
    territory: tuple[str, ...] = ()  # INSEE codes of its communes (sorted); empty: every commune of communes.csv

    @property
    def year(self) -> int:
        return self.first_day.year


@dataclass
class Programme:
    """Everything the outputs need, checked as a whole.

    Built once by the loader and not changed afterwards: the orderings and indexes
    below are computed on first use and kept (a national programme asks for them
    thousands of times).
    """

    edition: Edition
    events: dict[str, Event] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Selections derived from the whole programme (sunprogramme.listings), computed once; not a
        # field, so that a fingerprint of the programme never depends on what was asked so far.
        self._derived: dict = {}

    def derived(self, key, compute):
        """``compute()``, once per programme for ``key`` (the programme does not change once built)."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    @cached_property
    def _sorted(self) -> tuple[Event, ...]:
        return tuple(sorted(self.events.values(), key=lambda e: (e.first_start, e.title, e.id)))

    @cached_property
    def _by_commune(self) -> dict[str, tuple[Event, ...]]:
        index: dict[str, list[Event]] = {}
        for event in self._sorted:
            if (commune := self.event_commune(event)) is not None:
                index.setdefault(commune.insee, []).append(event)
        return {insee: tuple(events) for insee, events in index.items()}

    @cached_property
    def _by_partner(self) -> dict[str, tuple[Event, ...]]:
        index: dict[str, list[Event]] = {}
        for event in self._sorted:
            for partner_id in event.organiser_ids:
                index.setdefault(partner_id, []).append(event)
        return {partner_id: tuple(events) for partner_id, events in index.items()}

    @cached_property
    def _by_venue(self) -> dict[str, tuple[Event, ...]]:
        index: dict[str, list[Event]] = {}
        for event in self._sorted:
            if event.venue_id:
                index.setdefault(event.venue_id, []).append(event)
        return {venue_id: tuple(events) for venue_id, events in index.items()}

    @cached_property
    def sessions_in_order(self) -> tuple[tuple[Event, Session], ...]:
        """Every session with its event, by start (then title, id, position): sorted once."""
        pairs = ((e, s) for e in self.events.values() for s in e.sessions)
        return tuple(sorted(pairs, key=lambda p: (p[1].start, p[0].title, p[0].id, p[1].index)))

    def events_sorted(self) -> list[Event]:
        return list(self._sorted)

    def surroundings(self, event: Event) -> tuple[Venue | None, list[Partner]]:
        """The event's venue (None online) and organisers: with the event, what each export writes
        of it (and what its kept part between builds is keyed on)."""
        return self.venues.get(event.venue_id or ""), [self.partners[p] for p in event.organiser_ids]

    def event_commune(self, event: Event) -> Commune | None:
        """The commune of the territory it takes place in; None online or outside the territory."""
        commune = self.venues[event.venue_id].commune if event.venue_id else None
        return commune if commune is not None and commune.in_territory else None

    def communes_with_events(self) -> list[Commune]:
        return sorted((self.venues[events[0].venue_id or ""].commune for events in self._by_commune.values()),
                      key=lambda c: c.slug)

    def events_in_commune(self, insee: str) -> list[Event]:
        return list(self._by_commune.get(insee, ()))

    def events_by_partner(self, partner_id: str) -> list[Event]:
        return list(self._by_partner.get(partner_id, ()))

    def events_at_venue(self, venue_id: str) -> list[Event]:
        return list(self._by_venue.get(venue_id, ()))

    def media_files(self) -> list[str]:
        """The files of the content folder the site shows (event images, partner logos), as
        written in the programme: the only ones it publishes."""
        images = {event.image.path for event in self.events.values() if event.image}
        return sorted(images | {partner.logo for partner in self.partners.values() if partner.logo})
