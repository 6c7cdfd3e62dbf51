"""« Près de chez moi »: every commune of the territory, and for one without events where to go instead.

Pure and deterministic: distances come from the venues' coordinates only (the great-circle distance
between the closest pair of venues of the two communes, said rounded to the kilometre), equal
distances in the order of their names. A commune none of whose venues is located has no distance to
give: it is then pointed to the communes where the partners that serve it (their ``communes``) hold
the most events, else to those of its intercommunalité with the most events (three at most) — each
said as such, never as a distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import Coordinates, Programme
from .vocabularies import Commune

EARTH_RADIUS_KM = 6371.0
NEAREST = 3  # how many communes with events a commune without any is pointed to


@dataclass(frozen=True)
class Choice:
    """One line of the commune chooser."""

    commune: Commune
    count: int  # events in the commune
    nearest: tuple[tuple[Commune, int], ...] = ()  # communes with events and their distance in km, nearest first
    # No distance known: where the partners serving it hold the most events; else the communes of its
    # intercommunalité with the most events.
    served_by: tuple[Commune, ...] = ()
    same_epci: tuple[Commune, ...] = ()


def distance_km(a: Coordinates, b: Coordinates) -> float:
    """Great-circle distance (haversine formula)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _points(programme: Programme, with_events: bool) -> dict[str, list[Coordinates]]:
    """INSEE code → coordinates of its venues (only those holding events when ``with_events``)."""
    points: dict[str, list[Coordinates]] = {}
    for venue in sorted(programme.venues.values(), key=lambda v: v.id):
        if venue.coordinates is None or not venue.commune.in_territory:
            continue
        if with_events and not programme.events_at_venue(venue.id):
            continue
        points.setdefault(venue.commune.insee, []).append(venue.coordinates)
    return points


def choices(programme: Programme, territory: tuple[Commune, ...], nearest: int = NEAREST) -> list[Choice]:
    """Every commune of ``territory`` in alphabetical order (slug), with its number of events, and for
    one without events the communes to go to instead."""
    counts = {c.insee: len(programme.events_in_commune(c.insee)) for c in territory}
    hosts = sorted((c for c in territory if counts[c.insee]), key=lambda c: c.slug)
    located, hosting = _points(programme, False), _points(programme, True)
    partners_by_commune: dict[str, set[str]] = {}
    for partner in programme.partners.values():
        for commune in partner.communes:
            partners_by_commune.setdefault(commune.insee, set()).add(partner.id)
    result = []
    for commune in sorted(territory, key=lambda c: c.slug):
        if counts[commune.insee]:
            result.append(Choice(commune, counts[commune.insee]))
            continue
        mine = located.get(commune.insee, [])
        measured = sorted(
            ((min(distance_km(a, b) for a in mine for b in hosting[host.insee]), host.slug, host)
             for host in hosts if mine and host.insee in hosting), key=lambda t: t[:2])
        if measured:
            closest = tuple((host, round(km)) for km, _slug, host in measured[:nearest])
            result.append(Choice(commune, 0, nearest=closest))
            continue
        serving = partners_by_commune.get(commune.insee, set())
        held: dict[str, int] = {}  # INSEE code → events the partners serving it hold there
        for event in {e.id: e for p in serving for e in programme.events_by_partner(p)}.values():
            if (where := programme.event_commune(event)) is not None:
                held[where.insee] = held.get(where.insee, 0) + 1
        served_by = _most(hosts, held, nearest)
        same = () if served_by else _most(
            [h for h in hosts if h.epci_siren and h.epci_siren == commune.epci_siren], counts, nearest)
        result.append(Choice(commune, 0, served_by=served_by, same_epci=same))
    return result


def _most(hosts: list[Commune], counts: dict[str, int], limit: int) -> tuple[Commune, ...]:
    """The ``limit`` communes of ``hosts`` with the highest ``counts`` (then by name)."""
    ranked = sorted((h for h in hosts if counts.get(h.insee)), key=lambda h: (-counts[h.insee], h.slug))
    return tuple(ranked[:limit])
