"""The checked programme: plain, immutable Python objects (no Pelican, no files)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property

from .timeutil import PARIS
from .vocabularies import Commune, vocabulary


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
    postcode: str  # "" when not published (a venue outside the territory placed by its département)
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

    @property
    def town(self) -> str:
        """« 91300 Massy »; without a published postcode (a venue outside the territory), the commune
        and its département: « Saint-Genest-Lerpt (Loire, 42) »."""
        return f"{self.postcode} {self.commune.name}" if self.postcode else self.commune.with_departement


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
    """One date of an event, with its times as published: clock times (``start``/``end``, or a
    start alone: « à partir de 15 h »), or a part of day (``moment``), or times still to be
    confirmed (``to_confirm``, alone or with a moment). Without clock times, ``start`` and ``end``
    are None: nothing invents them."""

    start: datetime | None  # aware, Europe/Paris; None when no clock time was published
    end: datetime | None  # None when no end was published (a start alone, or no clock times)
    status: str  # the session's own status, or the event's
    note: str | None = None
    index: int = 0  # 1-based position in the event, stable for ids
    day: date | None = None  # the Paris day it takes place (starts); taken from ``start`` when not given
    moment: str | None = None  # slug of the moments vocabulary (matin, apres-midi, soiree, journee)
    to_confirm: bool = False  # « horaires à confirmer »
    opening: int = 0  # the opening-hours record (``ouverture``, 1-based) it comes from; 0: listed in seances
    days_to_confirm: bool = False  # a day of a period whose open days were not published (« jours à confirmer »)

    def __post_init__(self) -> None:
        if self.day is None:
            if self.start is None:
                raise ValueError("a session without clock times needs its day")
            object.__setattr__(self, "day", self.start.astimezone(PARIS).date())

    @property
    def timed(self) -> bool:
        return self.start is not None

    @property
    def duration(self) -> timedelta | None:
        # Subtracting two datetimes that share a tzinfo gives the wall-clock
        # difference, which is an hour off across a DST change: go through UTC.
        if self.start is None or self.end is None:
            return None
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)

    @property
    def span(self) -> tuple[datetime, datetime]:
        """The instants the session falls within: its clock times, or, when none was published, its
        whole day in Paris; a start alone, to the end of its day. For ordering and for the
        publication state only, never shown as times."""
        if self.start is not None and self.end is not None:
            return self.start, self.end
        assert self.day is not None
        midnight = datetime.combine(self.day, time(0, 0), tzinfo=PARIS)
        return self.start or midnight, datetime.combine(self.day + timedelta(days=1), time(0, 0), tzinfo=PARIS)

    @property
    def times_published(self) -> str:
        """What the calendar shows of its times when it has no clock times (« apres-midi », « a_confirmer »),
        or no end (« sans_fin »)."""
        if self.start is not None:
            return "" if self.end is not None else "sans_fin"
        return "|".join(part for part in (self.moment or "", "a_confirmer" if self.to_confirm else "") if part)

    @property
    def sort_key(self) -> tuple[date, int, int, int]:
        """Day, then minutes into the day: a session with clock times at its start; a part of day at
        its anchor (``moments.yaml``: « matin » before any session starting at 06:00 or later);
        times to be confirmed without a part of day at the end of the day. Then an untimed session
        before a timed one at the same minute, then the end."""
        assert self.day is not None
        if self.start is not None:
            local = self.start.astimezone(PARIS)
            length = (int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)
                      if self.end is not None else 24 * 60)  # a start alone after those that end
            return (self.day, local.hour * 60 + local.minute, 1, length)
        if self.moment is not None:
            return (self.day, moment_anchor(self.moment), 0, 0)
        return (self.day, 24 * 60, 0, 0)

    @property
    def uid_key(self) -> str:
        """What tells this session apart in its event's calendar UIDs (``<event id>-<key>@<domain>``):
        its position in ``seances``; for a day of opening hours, the date (« 20261013 », then
        « 20261013.2 » for the second record): adding an exception or moving the first day leaves
        every other day's UID as it was."""
        if self.opening:
            assert self.day is not None
            return f"{self.day:%Y%m%d}" + (f".{self.opening}" if self.opening > 1 else "")
        return str(self.index)


def moment_anchor(slug: str) -> int:
    """Minutes into the day where a part of day is placed among timed sessions (``moments.yaml``)."""
    hours, minutes = str(vocabulary("moments")[slug].extra["anchor"]).split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class Opening:
    """Opening hours (an exhibition): one record that stands for a session on each open day."""

    first_day: date
    last_day: date
    weekdays: tuple[int, ...]  # 0 = Monday … 6 = Sunday, in order
    start: time | None = None  # wall-clock times in Paris, when published
    end: time | None = None
    moment: str | None = None
    to_confirm: bool = False
    except_days: tuple[date, ...] = ()
    days_to_confirm: bool = False  # « jours: a_confirmer »: the period is published, not its open days

    def days(self) -> list[date]:
        """Every open day, in order."""
        count = (self.last_day - self.first_day).days + 1
        found = (self.first_day + timedelta(days=n) for n in range(max(count, 0)))
        return [d for d in found if d.weekday() in self.weekdays and d not in self.except_days]


@dataclass(frozen=True)
class Registration:
    required: bool
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    capacity: int | None = None
    details: str | None = None
    arrangements: str | None = None  # how to register, in words, without a contact: « en mairie »


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
    openings: tuple[Opening, ...] = ()  # opening hours whose days are among ``sessions``

    @property
    def is_free(self) -> bool:
        return self.price is None

    @property
    def first_start(self) -> datetime | None:
        """The first session's start, None when it was published without clock times."""
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
    # The past editions kept in the same site (content/editions/<year>/), newest first: each one a
    # programme of its own, sharing these partners and venues (see sunprogramme.editions).
    archives: tuple[Programme, ...] = ()

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
        return tuple(sorted(self.events.values(), key=lambda e: (e.sessions[0].sort_key, e.title, e.id)))

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
        return tuple(sorted(pairs, key=lambda p: (p[1].sort_key, p[0].title, p[0].id, p[1].index)))

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
