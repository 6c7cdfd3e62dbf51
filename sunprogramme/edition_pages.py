"""Where each edition's pages live in one site, and why the addresses of a past edition never move.

An address that names one thing is already unique across editions and stays where it is, in
whatever edition: an event's page, its short address ``/e/N/`` and its calendar (an event id is
used once in the site: ``editions.check_editions``), a day's page (no two editions share a day),
a partner's or a venue's page (shared by every edition). So archiving an edition moves none of
them, and needs no redirect.

Only the pages that list one edition (``urls.EDITION_KINDS``: home, programme, communes, themes,
publics, accessibility, their calendars, the commune embeds) exist per edition: the current
edition's at the root, a past edition's under its year (``2025/``, ``2025/communes/massy/``). When
the current edition is archived, they get their copy under its year, and their root address
shows the new edition: the address people keep (« the festival in Massy ») keeps its meaning. A
root address the new edition does not make (a commune without events yet) leads to the newest
past edition that made it: a redirect page, or for a calendar a copy of that edition's file (a
subscribed calendar cannot follow a redirect on a static host).

A past edition makes its lists, its days, its events with their short addresses and calendars:
the pages shared by the site (partners, venues, search, open data, map…) are the current
edition's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from .model import Edition, Programme
from .pages import Page, plan_pages
from .publication_state import Publication
from .urls import EDITION_KINDS, SiteUrls

ARCHIVE_PAGE_KINDS = EDITION_KINDS | {"event", "day", "short"}  # the pages a past edition makes


@dataclass
class EditionSite:
    """One edition's part of the site: its programme, its addresses and its pages."""

    programme: Programme
    urls: SiteUrls
    pages: list[Page]

    @property
    def current(self) -> bool:
        return not self.urls.prefix


def whole(programme: Programme) -> Programme:
    """Every edition's events in one programme (the current edition's): what the publication state
    numbers (short addresses unique across the site, SEQUENCE of every session published) and what
    tells a deleted event from an archived one."""
    events = {event_id: event for past in programme.archives for event_id, event in past.events.items()}
    return Programme(programme.edition, events | programme.events, programme.partners, programme.venues)


def archive_urls(urls: SiteUrls, edition: Edition) -> SiteUrls:
    """A past edition's addresses: its lists under its year; its home said as after the festival
    (never a preview, never « aujourd'hui »)."""
    settings = replace(urls.settings, today=edition.last_day + timedelta(days=1), preview=False)
    return SiteUrls(settings, prefix=f"{edition.year}/")


def day_years(programme: Programme) -> bool:
    """Whether days are said with their year: several editions in the site, or an edition over a
    new year (« jeudi 10 octobre » would name several days)."""
    editions = (programme.edition, *(past.edition for past in programme.archives))
    return len(editions) > 1 or any(e.first_day.year != e.last_day.year for e in editions)


def _inside(edition: Edition, day: date) -> bool:
    return edition.first_day <= day <= edition.last_day


def plan_site(programme: Programme, urls: SiteUrls, published: Publication) -> list[EditionSite]:
    """The current edition's part (with the redirects of the root addresses it no longer makes),
    then each past edition's, newest first."""
    current = EditionSite(programme, urls, plan_pages(programme, urls, published))
    sites = [current]
    editions = [programme.edition, *(past.edition for past in programme.archives)]
    # A past edition's pages know nothing of the events withdrawn since: those are the current's.
    kept = replace(published, withdrawn=(), moved={})
    for past in programme.archives:
        past_urls = archive_urls(urls, past.edition)
        sites.append(EditionSite(past, past_urls, [p for p in plan_pages(past, past_urls, kept)
                                                   if p.kind in ARCHIVE_PAGE_KINDS]))
    for site in sites:  # a day outside its edition (a warned session) inside another: that edition's page
        own = site.programme.edition
        site.pages = [p for p in site.pages if p.kind != "day" or _inside(own, p.context["day"])
                      or not any(_inside(e, p.context["day"]) for e in editions if e is not own)]
    taken = {page.save_as for site in sites for page in site.pages}
    for site in sites[1:]:
        for page in site.pages:
            root = page.save_as.removeprefix(site.urls.prefix)
            if page.kind in EDITION_KINDS and root not in taken:
                taken.add(root)
                current.pages.append(Page("edition_redirect", "edition_redirect", root,
                                          page.url.removeprefix(site.urls.prefix),
                                          {"target": page.url, "edition": site.programme.edition}, in_sitemap=False))
    return sites


def root_copies(prefixes: list[str], names) -> dict[str, str]:
    """The root names of past editions' list files (calendars: ``names`` under one of ``prefixes``,
    newest edition first) the current edition does not make, each with the file of the newest
    past edition that makes it (root name → that file's name)."""
    copies: dict[str, str] = {}
    for prefix in prefixes:
        for name in sorted(names):
            root = name.removeprefix(prefix)
            if name.startswith(prefix) and root not in names and root not in copies:
                copies[root] = name
    return copies
