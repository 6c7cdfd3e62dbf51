"""The coordinator's figures: what the programme covers, and where it has gaps.

Counted from the checked programme only, so the page, the tests and anyone reading
programme.json get the same numbers. Sessions count every date of an event; an
event is counted once per commune, theme, audience or day it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import frenchdates
from .model import Event, Partner, Programme
from .territory import members
from .urls import SiteUrls
from .vocabularies import Commune, slugify, vocabulary


@dataclass(frozen=True)
class Row:
    label: str
    url: str | None
    events: int
    sessions: int


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True)
class Dashboard:
    events: int
    sessions: int
    by_commune: tuple[Row, ...]
    by_theme: tuple[Row, ...]
    by_audience: tuple[Row, ...]
    by_day: tuple[Row, ...]
    shares: tuple[Share, ...]
    partners_without_events: tuple[Partner, ...]
    communes_without_events: tuple[Commune, ...]


def _row(label: str, url: str | None, events: list[Event], sessions: int | None = None) -> Row:
    return Row(label, url, len(events), sum(len(e.sessions) for e in events) if sessions is None else sessions)


def _by_day(programme: Programme, urls: SiteUrls) -> tuple[Row, ...]:
    events: dict[date, set[str]] = {}
    sessions: dict[date, int] = {}
    for event, session in programme.sessions_in_order:
        day = session.day
        events.setdefault(day, set()).add(event.id)
        sessions[day] = sessions.get(day, 0) + 1
    return tuple(Row(frenchdates.day_in_words(day), urls.day(day), len(events[day]), sessions[day])
                 for day in sorted(events))


def build_dashboard(programme: Programme, urls: SiteUrls) -> Dashboard:
    events = programme.events_sorted()
    total = len(events)

    def share(label: str, test) -> Share:
        return Share(label, sum(1 for e in events if test(e)), total)

    by_commune = tuple(_row(c.name, urls.commune(c), programme.events_in_commune(c.insee))
                       for c in programme.communes_with_events())
    online = [e for e in events if e.venue_id is None]
    if online:
        by_commune += (_row("En ligne seulement", None, online),)
    by_theme = tuple(_row(t.label, urls.theme(t.slug), [e for e in events if t.slug in e.themes])
                     for t in vocabulary("themes").terms)
    by_audience = tuple(_row(t.label, urls.audience(t.slug), [e for e in events if t.slug in e.audiences])
                        for t in vocabulary("publics").terms)
    shares = (
        share("Accessibilité indiquée (événement ou lieu)",
              lambda e: bool(e.accessibility) or bool(e.venue_id and _venue_accessibility_known(programme, e))),
        share("Texte « En bref » (facile à lire)", lambda e: bool(e.easy_read_html)),
        share("Inscription précisée", lambda e: e.registration is not None),
        share("Image avec texte alternatif", lambda e: e.image is not None),
    )
    busy = {c.insee for c in programme.communes_with_events()}
    return Dashboard(
        events=total,
        sessions=len(programme.sessions_in_order),
        by_commune=tuple(sorted(by_commune, key=lambda r: (-r.events, slugify(r.label)))),
        by_theme=tuple(r for r in by_theme if r.events),
        by_audience=tuple(r for r in by_audience if r.events),
        by_day=_by_day(programme, urls),
        shares=shares,
        partners_without_events=tuple(sorted((p for p in programme.partners.values()
                                              if not programme.events_by_partner(p.id)),
                                             key=lambda p: p.name.casefold())),
        communes_without_events=tuple(c for c in sorted(members(programme.edition.territory), key=lambda c: c.slug)
                                      if c.insee not in busy),
    )


def _venue_accessibility_known(programme: Programme, event: Event) -> bool:
    venue = programme.venues[event.venue_id or ""]
    return venue.step_free is not None or bool(venue.accessibility)
