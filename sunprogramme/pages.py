"""The site's pages as a plan: which template, where, with what data.

Pure: the Pelican generator only renders this plan with the theme. Having it
here lets the sitemap, the tests and later outputs know every page without
running Pelican.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from . import listings, nearby, territory
from .calendar_links import google_link, outlook_link, webcal_link
from .dashboard import build_dashboard
from .french_names import with_de
from .model import Programme, Venue
from .publication_state import Publication
from .urls import SiteUrls, typed_address
from .vocabularies import Commune, Term, find_commune, vocabulary
from .withdrawn import alternatives
from .writers.jsonld import event_jsonld


@dataclass(frozen=True)
class Page:
    kind: str
    template: str
    save_as: str
    url: str
    context: dict[str, Any] = field(default_factory=dict)
    in_sitemap: bool = True
    # The generated files (save_as names) whose presence and size the template looks up in
    # ``file_sizes``: the page is given the sizes of these files only (a file missing here is never
    # linked from the page), and is made again when one of them appears, goes or changes size.
    downloads: tuple[str, ...] = ()
    # Slow values computed from ``context`` only when the page is rendered (a rebuild that keeps
    # the page never computes them): they must depend on nothing but the context and the site.
    derived: Callable[[], dict[str, Any]] | None = field(default=None, compare=False)

    def render_context(self) -> dict[str, Any]:
        return self.context | self.derived() if self.derived else self.context


def _files(urls: SiteUrls, kinds: tuple[str, ...], **params: str) -> tuple[str, ...]:
    return tuple(urls.save_as(kind, **params) for kind in kinds)


# What each kind of page offers to download (see Page.downloads), as urls.save_as kinds.
EVENT_DOWNLOADS = ("event_poster", "event_poster_a3", "event_qr_png", "event_qr_svg")
COMMUNE_DOWNLOADS = ("commune_pack", "commune_poster", "commune_poster_a3", "commune_booklet", "commune_qr_png",
                     "commune_qr_svg")
OPEN_DATA_DOWNLOADS = ("sessions_csv", "partners_csv", "openagenda", "frab_xml", "frab_json",
                       "inclusion_structures_json", "inclusion_structures_csv", "inclusion_services_json",
                       "inclusion_services_csv")


def _terms_with_events(name: str, select) -> list[tuple[Term, int]]:
    return [(term, n) for term in vocabulary(name).terms if (n := len(select(term.slug)))]


def _embed_code(urls: SiteUrls, embed_url: str, title: str) -> str | None:
    """The HTML a webmaster pastes; only with a public URL (an iframe needs an absolute address)."""
    address = urls.absolute(embed_url)
    if address is None:
        return None
    return (f'<iframe src="{escape(address)}" title="{escape(title)}" '
            'style="width: 100%; height: 40rem; border: 1px solid #6b6b6b;" loading="lazy"></iframe>')


def _venues_by_commune(programme: Programme) -> list[tuple[Commune, list[tuple[Venue, int]]]]:
    groups: dict[str, list[tuple[Venue, int]]] = {}
    for venue in sorted(programme.venues.values(), key=lambda v: (v.commune.name, v.name.casefold())):
        groups.setdefault(venue.commune.insee or venue.commune.slug, []).append(
            (venue, len(programme.events_at_venue(venue.id))))
    return [(group[0][0].commune, group) for group in groups.values()]


def _departed_pages(programme: Programme, urls: SiteUrls, published: Publication, communes: list[Commune],
                    themes: list[Term]) -> list[Page]:
    """The pages of events published and no longer in the content (``sunprogramme.withdrawn``), at
    their old addresses: a withdrawn event's « n'est plus au programme » page (its short address
    leads there), a renamed event's redirect to its new page."""
    pages = []
    commune_pages = {c.insee for c in communes}
    theme_pages = {term.slug: term for term in themes}
    for gone in published.withdrawn:
        commune = find_commune(gone.commune) if gone.commune else None
        params = {"id": gone.id}
        pages.append(Page("withdrawn", "withdrawn", urls.save_as("event", **params), urls.url("event", **params),
                          {"withdrawn": gone, "alternatives": alternatives(programme, gone), "commune": commune,
                           "commune_page": commune is not None and commune.insee in commune_pages,
                           "themes": [theme_pages[t] for t in gone.themes if t in theme_pages]},
                          in_sitemap=False))
        if gone.number is not None:
            number = {"number": str(gone.number)}
            pages.append(Page("short", "redirect", urls.save_as("short", **number), urls.url("short", **number),
                              {"event": gone}, in_sitemap=False))
    for old, new in published.moved.items():
        params = {"id": old}
        pages.append(Page("moved", "redirect", urls.save_as("event", **params), urls.url("event", **params),
                          {"event": programme.events[new]}, in_sitemap=False))
    return pages


def plan_pages(programme: Programme, urls: SiteUrls, published: Publication) -> list[Page]:
    settings = urls.settings
    pages: list[Page] = []

    def add(page_kind: str, template: str, params: dict[str, str] | None = None, in_sitemap: bool = True,
            derived: Callable[[], dict[str, Any]] | None = None, downloads: tuple[str, ...] = (),
            **context: Any) -> None:
        params = params or {}
        pages.append(Page(page_kind, template, urls.save_as(page_kind, **params), urls.url(page_kind, **params),
                          context, in_sitemap, downloads=downloads, derived=derived))

    def event_extras(event) -> Callable[[], dict[str, Any]]:
        return lambda: {"jsonld": event_jsonld(event, programme, urls),
                        "calendar_links": [(s, google_link(programme, event, s, urls),
                                            outlook_link(programme, event, s, urls)) for s in event.sessions
                                           if not event.openings]}  # opening hours: the .ics file only

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

    week = listings.week(programme, settings.today, preview=settings.preview)
    add("home", "home", **shared, events=events, by_day=by_day,
        highlights=listings.highlights(programme, settings.today, preview=settings.preview),
        week=week, week_days=listings.week_days(programme, week),
        choices=nearby.choices(programme, territory.members(programme.edition.territory)))
    add("programme", "programme", downloads=(urls.save_as("booklet"),), by_day=by_day, days=days,
        calendar_file=urls.save_as("calendar"), webcal=webcal_link(urls, urls.save_as("calendar")))
    for index, day in enumerate(days):
        add("day", "day", params={"date": day.isoformat()}, day=day, items=by_day[day],
            previous_day=days[index - 1] if index else None,
            next_day=days[index + 1] if index + 1 < len(days) else None)
    for event in events:
        venue = programme.venues.get(event.venue_id or "")
        short = urls.url("short", number=str(published.short_links[event.id]))
        add("event", "event", params={"id": event.id}, downloads=_files(urls, EVENT_DOWNLOADS, id=event.id),
            event=event, venue=venue, organisers=[programme.partners[p] for p in event.organiser_ids],
            features=listings.event_features(programme, event),
            calendar_file=urls.save_as("event_calendar", id=event.id),
            short_address=typed_address(urls.absolute(short) or short), derived=event_extras(event))
    add("communes", "communes", communes=communes,
        counts={c.insee: len(programme.events_in_commune(c.insee)) for c in communes},
        elsewhere=[e for e in events if programme.event_commune(e) is None])  # online or outside the territory
    for commune in communes:
        names = {"slug": commune.slug, "insee": commune.insee}
        commune_calendar = urls.save_as("commune_calendar", **names)
        embed = urls.url("commune_embed", **names)
        add("commune", "commune", params=names, downloads=_files(urls, COMMUNE_DOWNLOADS, **names), commune=commune,
            calendar_file=commune_calendar, webcal=webcal_link(urls, commune_calendar),
            feed_file=urls.save_as("commune_feed", **names),
            embed_code=_embed_code(urls, embed, f"{programme.edition.name} {commune.at}"),
            events=programme.events_in_commune(commune.insee),
            week=week, week_items=listings.commune_week(programme, commune.insee, week),
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
    theme_pages = {term.slug for term, _count in themes}  # a theme without events has no page
    for partner in partners:
        embed = urls.url("partner_embed", id=partner.id)
        add("partner", "partner", params={"id": partner.id}, partner=partner,
            embed_code=_embed_code(urls, embed, f"{programme.edition.name} : les événements {with_de(partner.name)}"),
            events=programme.events_by_partner(partner.id),
            venues=[programme.venues[v] for v in partner.venue_ids], theme_pages=theme_pages)
    commune_pages = {c.insee for c in communes}  # a commune without events has no page
    for venue in sorted(programme.venues.values(), key=lambda v: v.id):
        add("venue", "venue", params={"id": venue.id}, venue=venue,
            commune_page=venue.commune.insee in commune_pages,
            partner=programme.partners.get(venue.partner_id),
            events=programme.events_at_venue(venue.id))
    for event in events:
        add("short", "redirect", params={"number": str(published.short_links[event.id])}, in_sitemap=False,
            event=event)
    pages += _departed_pages(programme, urls, published, communes, [term for term, _count in themes])
    add("submit", "submit", downloads=tuple(urls.save_as("template", format=f) for f in ("ods", "xlsx", "csv")),
        partners=partners, venues=sorted(programme.venues.values(), key=lambda v: (v.commune.name, v.name)),
        vocabularies={name: vocabulary(name).terms for name in ("themes", "publics", "formats", "niveaux",
                                                                "accessibilite")})
    # Pages meant for an <iframe> on a commune's or partner's own site: no header, no menu.
    for commune in communes:
        add("commune_embed", "embed", params={"slug": commune.slug, "insee": commune.insee}, in_sitemap=False,
            heading=f"{programme.edition.name} {commune.at}", full_page=urls.commune(commune),
            events=programme.events_in_commune(commune.insee), show_commune=False)
    for partner in partners:
        add("partner_embed", "embed", params={"id": partner.id}, in_sitemap=False,
            heading=f"{programme.edition.name} : les événements {with_de(partner.name)}",
            full_page=urls.partner(partner),
            events=programme.events_by_partner(partner.id), show_commune=True)
    add("map", "map", venues_by_commune=_venues_by_commune(programme))
    add("dashboard", "dashboard", in_sitemap=False, dashboard=build_dashboard(programme, urls))
    add("opendata", "opendata", downloads=_files(urls, OPEN_DATA_DOWNLOADS), communes=communes)
    add("search", "search")
    add("accessibility", "accessibility")
    add("legal", "legal")
    pages.append(Page("notfound", "404", urls.save_as("notfound"), urls.save_as("notfound"), {}, False))
    return pages
