"""Ready-made selections and the home page's « today », without Pelican."""

from __future__ import annotations

from datetime import date

import pytest

from sunprogramme import listings
from sunprogramme.loader import check_programme
from sunprogramme.settings import ProgrammeSettings, SettingsError

from conftest import SITE


@pytest.fixture(scope="module")
def programme():
    return check_programme(SITE)[0]


def test_days_cover_the_edition_and_sessions_outside_it(programme):
    days = listings.programme_days(programme)
    assert days[0] == date(2026, 10, 10) and days[-1] == date(2026, 10, 27)
    assert len(days) == 15 + 1  # the 15 days of the edition, and 27 October (a session after it)
    by_day = listings.sessions_by_day(programme)
    assert [i.event.id for i in by_day[date(2026, 10, 13)]] == ["premiers-pas-smartphone", "webinaire-arnaques"]
    assert by_day[date(2026, 10, 11)] == []
    # A night session belongs to the day it starts.
    assert [i.event.id for i in by_day[date(2026, 10, 24)]] == ["nuit-du-code"]


def test_highlights_follow_the_reference_date(programme):
    during = listings.highlights(programme, date(2026, 10, 20))
    assert during.title == "Aujourd'hui et les jours suivants"
    assert [d for d, _ in during.days] == [date(2026, 10, 20)]
    before = listings.highlights(programme, date(2026, 9, 1))
    assert before.title == "Les premiers jours"
    assert [d for d, _ in before.days] == [date(2026, 10, 13), date(2026, 10, 20), date(2026, 10, 24)]
    assert listings.highlights(programme, None).days == before.days
    after = listings.highlights(programme, date(2026, 11, 2))
    assert after.title == "Le festival est terminé" and after.days == []


def test_accessibility_combines_event_and_venue(programme):
    assert listings.event_features(programme, programme.events["premiers-pas-smartphone"]) == (
        "boucle-magnetique", "fauteuil-roulant", "gros-caracteres")  # venue: step-free, hearing loop
    assert [e.id for e in listings.events_with_feature(programme, "fauteuil-roulant")] == [
        "premiers-pas-smartphone"]
    assert [e.id for e in listings.events_for_audience(programme, "seniors")] == [
        "premiers-pas-smartphone", "webinaire-arnaques"]
    assert [e.id for e in listings.events_with_theme(programme, "securite")] == ["webinaire-arnaques"]


def test_reference_date_comes_from_a_setting_or_source_date_epoch():
    assert ProgrammeSettings.from_settings({"PROGRAMME_TODAY": "2026-10-14"}, environ={}).today == date(2026, 10, 14)
    # 1792016400 = 2026-10-14T22:20:00Z, already the 15th in Paris (UTC+2).
    assert ProgrammeSettings.from_settings({}, environ={"SOURCE_DATE_EPOCH": "1792016400"}).today == date(
        2026, 10, 15)
    assert ProgrammeSettings.from_settings({}, environ={}).today is None
    with pytest.raises(SettingsError, match="réglage PROGRAMME_TODAY : date AAAA-MM-JJ attendue"):
        ProgrammeSettings.from_settings({"PROGRAMME_TODAY": "14/10/2026"}, environ={})
