"""The files the pure writers make, by name in the site: calendars, open data, feeds, sitemap.

Each writer is called whole; its per-event parts are steps the build's cache finds again
(``sunprogramme.steps``), so remaking a file after one edit joins parts already made.
"""

from __future__ import annotations

from sunprogramme.intake.commands import template_bytes
from sunprogramme.listings import events_with_theme
from sunprogramme.model import Edition, Partner, Programme, Venue
from sunprogramme.pages import Page
from sunprogramme.publication_state import Publication
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.vocabularies import find_commune, vocabulary
from sunprogramme.writers.calendar import calendar_file
from sunprogramme.writers.datainclusion import reference_day, service_files, structure_files
from sunprogramme.writers.feeds import events_feed, robots, sitemap
from sunprogramme.writers.frab import FRAB_CONFERENCE_TEXT, frab_json, frab_schedule, frab_xml
from sunprogramme.writers.openagenda import openagenda_files
from sunprogramme.writers.opendata import partners_csv, sessions_csv

from .cache import Blob, Cache


def calendar_files(cache: Cache, programme: Programme, urls: SiteUrls, published: Publication,
                   options: ProgrammeSettings) -> dict[str, Blob]:
    """Every .ics file: the programme's, each event's, commune's and theme's. A withdrawn event's
    sessions stay, cancelled, in every file that held them (its own, its commune's, its themes')."""
    stamp = options.reference_instant(programme.edition.first_day)
    name = programme.edition.name
    withdrawn = published.withdrawn
    files = {}

    def add(save_as: str, events, title: str, gone=()) -> None:
        files[save_as] = cache.store(calendar_file(programme, urls, published.sequences, stamp, events, title,
                                                   tuple(gone)))

    add(urls.save_as("calendar"), programme.events_sorted(), f"{name} — tout le programme", withdrawn)
    for event in programme.events_sorted():
        add(urls.save_as("event_calendar", id=event.id), [event], f"{name} — {event.title}")
    for event in withdrawn:
        add(urls.save_as("event_calendar", id=event.id), [], f"{name} — {event.title}", [event])
    communes = {c.insee: c for c in programme.communes_with_events()}
    for event in withdrawn:
        if event.commune and event.commune not in communes and (commune := find_commune(event.commune)):
            communes[commune.insee] = commune
    for commune in sorted(communes.values(), key=lambda c: c.slug):
        add(urls.save_as("commune_calendar", slug=commune.slug, insee=commune.insee),
            programme.events_in_commune(commune.insee), f"{name} {commune.at}",
            [e for e in withdrawn if e.commune == commune.insee])
    for theme in vocabulary("themes").terms:
        events = events_with_theme(programme, theme.slug)
        gone = [e for e in withdrawn if theme.slug in e.themes]
        if events or gone:
            add(urls.save_as("theme_calendar", slug=theme.slug), events, f"{name} — {theme.label}", gone)
    return files


def open_data_files(cache: Cache, programme: Programme, urls: SiteUrls, published: Publication,
                    options: ProgrammeSettings) -> dict[str, Blob]:
    """The open-data files (CSV, OpenAgenda, data·inclusion), each stored as soon as it is made."""
    updated = reference_day(options, programme.edition.first_day)
    files = {urls.save_as("sessions_csv"): cache.store(sessions_csv(programme, urls)),
             urls.save_as("partners_csv"): cache.store(partners_csv(programme, urls))}
    for commune, data in openagenda_files(programme, urls).items():
        name = (urls.save_as("openagenda") if commune is None else
                urls.save_as("commune_openagenda", slug=commune.slug, insee=commune.insee))
        files[name] = cache.store(data)
    for make in (structure_files, service_files):
        for kind, data in make(programme, urls, updated).items():
            files[urls.save_as(kind)] = cache.store(data)
    return files


def frab_files(cache: Cache, programme: Programme, urls: SiteUrls, published: Publication) -> dict[str, Blob]:
    """The frab schedule (JSON and XML). Made by a process of its own: a national programme's
    schedule alone weighs hundreds of megabytes, which must not add up with the other exports'."""
    files = {}
    schedule = frab_schedule(programme, urls, published.short_links)
    # One after the other: each is large. schedule.json first: its text, made with the schedule,
    # is let go before schedule.xml is put together.
    files[urls.save_as("frab_json")] = cache.store(frab_json(schedule))
    schedule.pop(FRAB_CONFERENCE_TEXT)
    files[urls.save_as("frab_xml")] = cache.store(frab_xml(schedule))
    return files


def feed_files(cache: Cache, programme: Programme, urls: SiteUrls, options: ProgrammeSettings) -> dict[str, Blob]:
    """The Atom feeds: the programme's and each commune's."""
    updated = options.reference_instant(programme.edition.first_day)
    files = {urls.save_as("feed"): cache.store(events_feed(programme, urls, updated))}
    for commune in programme.communes_with_events():
        files[urls.save_as("commune_feed", slug=commune.slug, insee=commune.insee)] = cache.store(
            events_feed(programme, urls, updated, commune))
    return files


def sitemap_files(cache: Cache, urls: SiteUrls, pages: list[Page]) -> dict[str, Blob]:
    """robots.txt, and the sitemap when the site has a public address (a sitemap lists absolute ones)."""
    files = {urls.save_as("robots"): cache.store(robots(urls))}
    if urls.settings.public_url:
        # In address order: a new title reorders the events, not the sitemap (its order means nothing).
        files[urls.save_as("sitemap")] = cache.store(sitemap(urls, sorted(p.url for p in pages if p.in_sitemap)))
    return files


def sheet_template(kind: str, edition: Edition, venues: dict[str, Venue], partners: dict[str, Partner]) -> bytes:
    """The spreadsheet template of ``kind`` (ods, xlsx, csv); its help sheet lists venues and partners."""
    return template_bytes(kind, Programme(edition, {}, partners, venues))
