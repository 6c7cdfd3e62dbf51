"""OpenAgenda export of cases the demo does not have: long texts, long sessions, online events, HTML to Markdown."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from sunprogramme.loader import load_programme
from sunprogramme.model import Image, Programme, Session
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.timeutil import PARIS
from sunprogramme.urls import SiteUrls
from sunprogramme.writers.markdown_from_html import html_to_markdown
from sunprogramme.writers.openagenda import openagenda_data
from sunprogramme.writers.openagenda_records import shorten

from conftest import ROOT
from openagenda_rules import by_id, openagenda_problems


@pytest.fixture(scope="module")
def programme() -> Programme:
    programme, report = load_programme(ROOT / "content")
    assert programme is not None, report
    return programme


@pytest.fixture(scope="module")
def urls() -> SiteUrls:
    return SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))


def _with(programme: Programme, *events) -> Programme:
    return Programme(programme.edition, {e.id: e for e in events}, programme.partners, programme.venues)


def _at(day: int, hour: int, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=PARIS)


def test_long_texts_are_shortened_at_a_word(programme, urls):
    event = programme.events["nuit-du-code-citoyen"]
    summary = ("Une très longue présentation " * 12).strip()  # 347 characters
    details = "Précisions " * 40
    long = replace(event, summary=summary, registration=replace(event.registration, details=details),
                   description_html=("<p>" + "Un paragraphe assez long. " * 150 + "</p>") * 3)
    data = openagenda_data(_with(programme, long), urls)
    assert openagenda_problems(data) == []
    (out,) = data["events"]
    description = out["description"]["fr"]
    head = description.removesuffix("…")
    assert len(description) <= 200 and head != description and summary.startswith(head)
    assert summary[len(head)] == " " and len(head) > 180  # cut between two words, close to the limit
    assert len(out["conditions"]["fr"]) <= 255 and out["conditions"]["fr"].endswith("Précisions…")
    assert len(out["longDescription"]["fr"]) <= 10000
    assert out["longDescription"]["fr"].count("Un paragraphe assez long.") == 2 * 150  # two of three kept
    assert "assez long.\n\n…\n\n**Inscription** : Précisions Précisions" in out["longDescription"]["fr"]
    assert shorten("mot " * 100, 20) == "mot mot mot mot mot…"
    assert shorten("anticonstitutionnellement", 10) == "anticonst…"
    assert all(len(shorten("ab cd " * 50, n)) <= n for n in range(1, 80))
    assert shorten("Déjà court", 200) == "Déjà court"


def test_long_session_split_at_midnight_and_overlaps_merged(programme, urls):
    event = programme.events["nuit-du-code-citoyen"]
    # 24 October 10:00 to 26 October 18:00, across the DST change (the 25th lasts 25 hours).
    long = replace(event, id="long", sessions=(Session(_at(24, 10), _at(26, 18), "confirme", index=1),))
    overlapping = replace(event, id="chevauchement", sessions=(
        Session(_at(13, 14), _at(13, 16), "confirme", index=1),
        Session(_at(13, 15), _at(13, 17), "confirme", index=2)))
    data = openagenda_data(_with(programme, long, overlapping), urls)
    assert openagenda_problems(data) == []
    events = by_id(data)
    assert events["long"]["timings"] == [
        {"begin": "2026-10-24T10:00:00+02:00", "end": "2026-10-25T00:00:00+02:00"},
        {"begin": "2026-10-25T00:00:00+02:00", "end": "2026-10-25T23:00:00+01:00"},  # 24 hours
        {"begin": "2026-10-25T23:00:00+01:00", "end": "2026-10-26T00:00:00+01:00"},
        {"begin": "2026-10-26T00:00:00+01:00", "end": "2026-10-26T18:00:00+01:00"},
    ]
    assert events["chevauchement"]["timings"] == [
        {"begin": "2026-10-13T14:00:00+02:00", "end": "2026-10-13T17:00:00+02:00"}]


def test_every_session_cancelled_one_by_one(programme, urls):
    event = programme.events["atelier-tablette-du-mercredi"]
    all_off = replace(event, sessions=tuple(replace(s, status="annule") for s in event.sessions))
    postponed = replace(event, id="reporte", sessions=(replace(event.sessions[0], status="reporte"),
                                                       event.sessions[1]))
    events = by_id(openagenda_data(_with(programme, all_off, postponed), urls))
    assert events["atelier-tablette-du-mercredi"]["status"] == 6
    assert len(events["atelier-tablette-du-mercredi"]["timings"]) == 2
    assert events["reporte"]["status"] == 4 and len(events["reporte"]["timings"]) == 2


def test_online_mixed_and_image(programme, urls):
    event = programme.events["nuit-du-code-citoyen"]
    mixed = replace(event, id="mixte", online_url="https://visio.example.org/nuit",
                    image=Image("images/nuit.jpg", "Des équipes au travail", "Photo : Campus"))
    moved = replace(event, id="en-ligne", status="en-ligne", online_url="https://visio.example.org/nuit",
                    sessions=tuple(replace(s, status="en-ligne") for s in event.sessions))
    data = openagenda_data(_with(programme, mixed, moved), urls)
    assert openagenda_problems(data) == []
    events = by_id(data)
    assert events["mixte"]["attendanceMode"] == 3 and "location" in events["mixte"]
    assert events["mixte"]["onlineAccessLink"] == "https://visio.example.org/nuit"
    assert events["mixte"]["image"] == {"url": "https://sun.example.org/images/nuit.jpg"}
    assert events["mixte"]["imageCredits"] == "Photo : Campus"
    assert events["en-ligne"]["status"] == 3 and events["en-ligne"]["attendanceMode"] == 2
    assert "location" not in events["en-ligne"]
    assert events["en-ligne"]["accessibility"]["mi"] is True  # the event's own fauteuil-roulant
    assert events["en-ligne"]["accessibility"]["hi"] is True  # its own sous-titrage, not the venue's loop
    # Without a public address, no image (OpenAgenda downloads it) and no page link.
    local = openagenda_data(_with(programme, mixed), SiteUrls(ProgrammeSettings()))
    (out,) = local["events"]
    assert "image" not in out and "imageCredits" not in out
    assert "sun.example.org/evenements" not in out["longDescription"]["fr"]
    assert local["public_url"] is None


def test_venue_without_coordinates(programme, urls):
    event = programme.events["nuit-du-code-citoyen"]
    venue = replace(programme.venues[event.venue_id], coordinates=None, name="Salle " * 30)
    changed = Programme(programme.edition, {event.id: event}, programme.partners,
                        {**programme.venues, venue.id: venue})
    data = openagenda_data(changed, urls)
    assert openagenda_problems(data) == []
    (location,) = data["locations"]
    assert "latitude" not in location and "longitude" not in location
    assert len(location["name"]) <= 100 and location["name"].endswith("Salle…")


def test_html_to_markdown():
    html = ('<h3>Au programme</h3>\n<p>Un <em>atelier</em> <strong>gratuit</strong> : '
            '<a href="https://ex.org/a_(b)">le site</a>, 3 * 4 [note].</p>\n'
            '<ul>\n<li>un</li>\n<li>deux<ul>\n<li>deux-un</li>\n</ul>\n</li>\n</ul>\n'
            '<ol>\n<li>\n<p>premier</p>\n</li>\n<li>second</li>\n</ol>\n'
            '<blockquote>\n<p>Citation</p>\n</blockquote>\n<p>Ligne<br>\nsuite</p>\n<hr>\n'
            '<pre><code>code *brut*\n</code></pre>\n<p>- pas une liste &amp; <code>x_y</code></p>'
            '<p>2026. Pas une liste non plus</p>')
    assert html_to_markdown(html) == (
        "### Au programme\n\n"
        "Un *atelier* **gratuit** : [le site](https://ex.org/a_%28b%29), 3 \\* 4 \\[note\\].\n\n"
        "- un\n- deux\n    - deux-un\n\n"
        "1. premier\n2. second\n\n"
        "> Citation\n\n"
        "Ligne  \nsuite\n\n"
        "---\n\n"
        "    code *brut*\n\n"
        "\\- pas une liste & `x_y`\n\n"
        "2026\\. Pas une liste non plus")
