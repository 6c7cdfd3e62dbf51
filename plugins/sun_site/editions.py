"""The site's editions put together: each edition's pages rendered with its own values, and the
calendars of the past editions beside the current ones (see ``sunprogramme.edition_pages``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sunprogramme.edition_pages import EditionSite, archive_urls, day_years, root_copies
from sunprogramme.model import Programme
from sunprogramme.pages import Page
from sunprogramme.publication_state import Publication
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls

from .cache import Blob, Cache
from .exports import calendar_files
from .page_render import SiteValues, render_pages


def site_values(sites: list[EditionSite], templates: bytes, site_url: str, relative_urls: bool,
                bundles: tuple[str, ...]) -> list[SiteValues]:
    """What every page of each edition may show besides its own data: its edition, its addresses, and
    the links to the other editions."""
    editions = [(site.programme.edition.name, site.urls.url("home"), site.current) for site in sites]
    years = day_years(sites[0].programme)
    return [SiteValues(templates, site.programme.edition, site.programme.venues, site.urls, site_url, relative_urls,
                       bundles, years, tuple(e for e in editions if e[1] != site.urls.url("home")))
            for site in sites]


def render_sites(cache: Cache, sites: list[EditionSite], values: list[SiteValues], chosen: Callable[[Page], bool],
                 sizes: dict[str, int], advance: Callable[[int], None]) -> dict[str, Blob]:
    """The pages ``chosen`` of every edition, each rendered with its edition's values."""
    made: dict[str, Blob] = {}
    for site, site_values_ in zip(sites, values, strict=True):
        made |= render_pages(cache, site_values_, [page for page in site.pages if chosen(page)], sizes, advance)
    return made


def edition_calendars(cache: Cache, programme: Programme, urls: SiteUrls, published: Publication,
                      options: ProgrammeSettings) -> dict[str, Blob]:
    """Every .ics file of every edition: the current edition's at the root; a past edition's lists
    under its year, its events' at their one address; and at the root, the newest past edition's
    list calendar where the current edition makes none (a subscription keeps working)."""
    files = calendar_files(cache, programme, urls, published, options)
    kept = replace(published, withdrawn=(), moved={})  # withdrawn events are in the current edition's files
    prefixes = []
    for past in programme.archives:
        past_urls = archive_urls(urls, past.edition)
        prefixes.append(past_urls.prefix)
        for name, blob in calendar_files(cache, past, past_urls, kept, options).items():
            files.setdefault(name, blob)
    return files | {root: files[name] for root, name in root_copies(prefixes, files).items()}
