"""The site's pages as a plan: which template, where, with what data.

Pure: the Pelican generator only renders this plan with the theme. Having it
here lets the sitemap, the tests and later outputs know every page without
running Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import listings
from .calendar_links import google_link, outlook_link, webcal_link
from .model import Programme
from .publication_state import Publication
from .urls import SiteUrls, typed_address
from .vocabularies import Term, vocabulary
from .writers.jsonld import event_jsonld


@dataclass(frozen=True)
class Page:
    kind: str
    template: str
    save_as: str
    url: str
    context: dict[str, Any] = field(default_factory=dict)
    in_sitemap: bool = True


def _terms_with_events(name: str, select) -> list[tuple[Term, int]]:
    return [(term, n) for term in vocabulary(name).terms if (n := len(select(term.slug)))]


def plan_pages(programme: Programme, urls: SiteUrls, published: Publication) -> list[Page]:
    settings = urls.settings
    pages: list[Page] = []

    def add(page_kind: str, template: str, params: dict[str, str] | None = None, in_sitemap: bool = True,
            **context: Any) -> None:
        params = params or {}
        pages.append(Page(page_kind, template, urls.save_as(page_kind, **params), urls.url(page_kind, **params),
                          context, in_sitemap))

    events = programme.events_sorted()
    by_day = listings.sessions_by_day(programme)
    days = list(by_day)
    communes = programme.communes_with_events()
    themes = _terms_with_events("themes", lambda s: listings.events_with_theme(programme, s))
    audiences = _terms_with_events("publics", lambda s: listings.events_for_audience(programme, s))
    features = _terms_with_events("accessibilite", lambda s: listings.events_with_feature(programme, s))
    partners = sorted(programme.partners.values(), key=lambda p: p.name.casefold())
    shared = {"communes": communes, "themes": themes, "audiences": audiences, "features": features,
              "days": days}

    add("home", "home", **shared, events=events, by_day=by_day,
        highlights=listings.highlights(programme, settings.today))
    add("programme", "programme", by_day=by_day, days=days, calendar_file=urls.save_as("calendar"),
        webcal=webcal_link(urls, urls.save_as("calendar")))
    for index, day in enumerate(days):
        add("day", "day", params={"date": day.isoformat()}, day=day, items=by_day[day],
            previous_day=days[index - 1] if index else None,
            next_day=days[index + 1] if index + 1 < len(days) else None)
    for event in events:
        venue = programme.venues.get(event.venue_id or "")
        short = urls.url("short", number=str(published.short_links[event.id]))
        add("event", "event", params={"id": event.id}, event=event, venue=venue,
            organisers=[programme.partners[p] for p in event.organiser_ids],
            features=listings.event_features(programme, event),
            jsonld=event_jsonld(event, programme, urls),
            calendar_file=urls.save_as("event_calendar", id=event.id),
            short_address=typed_address(urls.absolute(short) or short),
            calendar_links=[(s, google_link(programme, event, s, urls), outlook_link(programme, event, s, urls))
                            for s in event.sessions])
    add("communes", "communes", communes=communes)
    for commune in communes:
        commune_calendar = urls.save_as("commune_calendar", slug=commune.slug, insee=commune.insee)
        add("commune", "commune", params={"slug": commune.slug, "insee": commune.insee}, commune=commune,
            calendar_file=commune_calendar, webcal=webcal_link(urls, commune_calendar),
            events=programme.events_in_commune(commune.insee),
            venues=sorted((v for v in programme.venues.values() if v.commune.insee == commune.insee),
                          key=lambda v: v.name.casefold()))
    for kind, terms, select in (
        ("theme", themes, listings.events_with_theme),
        ("audience", audiences, listings.events_for_audience),
        ("feature", features, listings.events_with_feature),
    ):
        add(f"{kind}s", "terms", kind=kind, terms=terms)
        for term, _count in terms:
            calendar = urls.save_as("theme_calendar", slug=term.slug) if kind == "theme" else None
            add(kind, "term", params={"slug": term.slug}, kind=kind, term=term, events=select(programme, term.slug),
                calendar_file=calendar, webcal=webcal_link(urls, calendar) if calendar else None)
    add("partners", "partners", partners=partners)
    for partner in partners:
        add("partner", "partner", params={"id": partner.id}, partner=partner,
            events=programme.events_by_partner(partner.id),
            venues=[programme.venues[v] for v in partner.venue_ids])
    for venue in sorted(programme.venues.values(), key=lambda v: v.id):
        add("venue", "venue", params={"id": venue.id}, venue=venue,
            partner=programme.partners.get(venue.partner_id),
            events=programme.events_at_venue(venue.id))
    for event in events:
        add("short", "redirect", params={"number": str(published.short_links[event.id])}, in_sitemap=False,
            event=event)
    add("submit", "submit", partners=partners,
        venues=sorted(programme.venues.values(), key=lambda v: (v.commune.name, v.name)),
        vocabularies={name: vocabulary(name).terms for name in ("themes", "publics", "formats", "niveaux",
                                                                "accessibilite")})
    add("opendata", "opendata", communes=communes)
    add("search", "search")
    add("accessibility", "accessibility")
    add("legal", "legal")
    pages.append(Page("notfound", "404", urls.save_as("notfound"), urls.save_as("notfound"), {}, False))
    return pages
