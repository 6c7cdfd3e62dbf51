"""« Où ? » and « quand ? » on the home and commune pages, without Pelican: every commune of the
territory in the chooser, where to go from a commune without events, and « cette semaine »."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sunprogramme import listings, nearby, territory
from sunprogramme.loader import load_programme
from sunprogramme.model import Coordinates, Programme, Venue
from sunprogramme.vocabularies import find_commune

from conftest import ROOT


@pytest.fixture(scope="module")
def demo() -> Programme:
    programme, report = load_programme(ROOT / "content")
    assert programme is not None, report
    return programme


def _names(communes) -> list[str]:
    return [c.name for c in communes]


def test_chooser_lists_every_commune_of_the_territory_with_its_events(demo):
    choices = nearby.choices(demo, territory.members(demo.edition.territory))
    assert len(choices) == 41  # communes.csv: 27 of Paris-Saclay and 14 of the Pays de Limours
    assert [c.commune.slug for c in choices] == sorted(c.commune.slug for c in choices)
    counts = {c.commune.name: c.count for c in choices if c.count}
    assert counts == {c.name: len(demo.events_in_commune(c.insee)) for c in demo.communes_with_events()}
    assert len(counts) == 12


def test_commune_without_events_is_pointed_where_its_partners_hold_events(demo):
    choices = {c.commune.name: c for c in nearby.choices(demo, territory.members(demo.edition.territory))}
    bures = choices["Bures-sur-Yvette"]  # served by CATON and the France Services des Ulis; no venue of its own
    assert (bures.count, bures.nearest, bures.same_epci) == (0, (), ())
    assert _names(bures.served_by) == ["Les Ulis", "Longjumeau", "Orsay"]
    # No partner comes to Angervilliers: the communes of its intercommunalité that have events.
    angervilliers = choices["Angervilliers"]
    assert (angervilliers.served_by, _names(angervilliers.same_epci)) == ((), ["Briis-sous-Forges", "Limours"])
    assert all(c.nearest or c.served_by or c.same_epci for c in choices.values() if not c.count)


def test_commune_with_a_located_venue_gets_the_nearest_communes_in_km(demo):
    bures = find_commune("Bures-sur-Yvette")
    assert bures is not None
    venue = Venue("salle-bures", "Salle des fêtes", "1 rue de l'Exemple", "91440", bures, "caton",
                  coordinates=Coordinates(48.6960, 2.1640))
    programme = Programme(demo.edition, demo.events, demo.partners, demo.venues | {venue.id: venue})
    choices = {c.commune.name: c for c in nearby.choices(programme, territory.members(demo.edition.territory))}
    nearest = [(c.name, km) for c, km in choices["Bures-sur-Yvette"].nearest]
    assert nearest == [("Les Ulis", 1), ("Orsay", 2), ("Gif-sur-Yvette", 2)]  # 1.49, 1.74 and 2.38 km
    assert choices["Bures-sur-Yvette"].served_by == ()
    assert all(choices[host.name].count for choice in choices.values() for host, _km in choice.nearest)


def test_nearest_is_the_same_whatever_the_order_venues_were_read(demo):
    bures = find_commune("Bures-sur-Yvette")
    assert bures is not None
    venue = Venue("salle-bures", "Salle", "1 rue", "91440", bures, "caton", coordinates=Coordinates(48.6960, 2.1640))
    forward = Programme(demo.edition, demo.events, demo.partners, demo.venues | {venue.id: venue})
    backward = Programme(demo.edition, demo.events, demo.partners,
                         {k: demo.venues[k] for k in reversed(list(demo.venues))} | {venue.id: venue})
    members = territory.members(demo.edition.territory)
    assert nearby.choices(forward, members) == nearby.choices(backward, members)


def test_distance_is_the_great_circle_one():
    paris, lyon = Coordinates(48.8566, 2.3522), Coordinates(45.7640, 4.8357)
    assert abs(nearby.distance_km(paris, lyon) - 391.5) < 0.1  # Paris to Lyon, as the crow flies
    assert nearby.distance_km(paris, paris) == 0


def test_week_follows_the_build_reference_date(demo):
    during = listings.week(demo, date(2026, 10, 13))
    assert during == listings.Week(date(2026, 10, 13), date(2026, 10, 19), date(2026, 10, 13))
    assert during.title == "Cette semaine"
    before = listings.week(demo, date(2026, 9, 1))
    assert before == listings.week(demo, None) == listings.Week(date(2026, 10, 10), date(2026, 10, 16), None)
    assert before.title == "La première semaine du festival"
    assert listings.week(demo, date(2026, 11, 2)) is None  # the published site after the festival
    # A preview outside the festival is shown as on its first day, like the home's highlights.
    assert listings.week(demo, date(2026, 11, 2), preview=True) == listings.Week(
        date(2026, 10, 10), date(2026, 10, 16), date(2026, 10, 10))


def test_week_days_and_a_commune_week(demo):
    week = listings.week(demo, date(2026, 10, 13))
    days = listings.week_days(demo, week)
    assert [d for d, _n in days] == [date(2026, 10, d) for d in range(13, 20) if listings.sessions_by_day(demo)[
        date(2026, 10, d)]]
    assert all(n == len(listings.sessions_by_day(demo)[d]) for d, n in days)
    ulis = find_commune("Les Ulis")
    assert ulis is not None
    items = listings.commune_week(demo, ulis.insee, week)
    assert [(i.event.id, i.day.day) for i in items if i.event.id == "permanence-numerique-caton"] == [
        ("permanence-numerique-caton", 13), ("permanence-numerique-caton", 15)]
    assert all(i.venue is not None and i.venue.commune.insee == ulis.insee and i.day in week for i in items)
    assert listings.commune_week(demo, ulis.insee, None) == [] == listings.week_days(demo, None)


def test_a_venue_outside_the_territory_is_in_no_commune_week(demo):
    week = listings.week(demo, None)
    ulis = find_commune("Les Ulis")
    assert ulis is not None and week is not None
    moved = {k: replace(v, commune=replace(v.commune, in_territory=False)) if v.commune.insee == ulis.insee else v
             for k, v in demo.venues.items()}
    programme = Programme(demo.edition, demo.events, demo.partners, moved)
    assert listings.commune_week(programme, ulis.insee, week) == []
