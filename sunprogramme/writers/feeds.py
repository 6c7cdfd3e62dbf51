"""Atom feeds of the events (all, and one per commune), sitemap.xml and robots.txt: programme in, bytes out.

Dates in the feed come from the build's reference instant (SOURCE_DATE_EPOCH or
the edition), never from the clock, so the same programme gives the same bytes.
Entry ids are tag URIs on the configured id domain: moving the site does not
make every entry new in readers. Each event's entry is a pure step (``sunprogramme.steps``),
the same in the feed of every event and in its commune's.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import datetime

import feedgenerator
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

from ..model import Event, Programme, Venue
from ..session_words import opening_in_words, when_in_words
from ..steps import step
from ..urls import SiteUrls
from ..vocabularies import Commune, vocabulary

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _link(urls: SiteUrls, url: str) -> str:
    return urls.absolute(url) or url


class _Feed(feedgenerator.Atom1Feed):
    """An Atom feed dated by the build, never by the clock (feedgenerator dates a feed without
    entries « now »)."""

    def __init__(self, updated: datetime, **kwargs) -> None:
        super().__init__(**kwargs)
        self.updated = updated

    def latest_post_date(self) -> datetime:
        return self.updated


def _writer(out: io.StringIO) -> SimplerXMLGenerator:
    return SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)


@step
def feed_entry(event: Event, venue: Venue | None, year: int, urls: SiteUrls, updated: datetime) -> bytes:
    """One event's ``<entry>`` (UTF-8), the same in the feed of every event and in its commune's.
    ``venue``: the event's (None online); ``year``: the edition's, in the entry's id."""
    when = "; ".join([opening_in_words(o) for o in event.openings]
                     or [when_in_words(s) for s in event.sessions])
    where = f"{venue.name}, {venue.commune.name}" if venue else "En ligne"
    status = "" if event.status == "confirme" else f"[{vocabulary('statuts')[event.status].label}] "
    feed = _Feed(updated, title="", link="", description="")
    feed.add_item(
        title=f"{status}{event.title}",
        link=_link(urls, urls.event(event)),
        description=f"{event.summary}\n{when}\n{where}",
        unique_id=f"tag:{urls.settings.id_domain},{year}:evenement/{event.id}",
        updateddate=updated,
        pubdate=updated,
    )
    out = io.StringIO()
    feed.write_items(_writer(out))
    return out.getvalue().encode("utf-8")


def events_feed(programme: Programme, urls: SiteUrls, updated: datetime, commune: Commune | None = None) -> bytes:
    """The feed of every event, or of one commune's events. Entries keep the same id in both."""
    edition = programme.edition
    if commune is None:
        events, title, page = programme.events_sorted(), f"{edition.name} — les événements", urls.url("home")
        feed_file, feed_id = urls.save_as("feed"), "evenements"
    else:
        events, title, page = (programme.events_in_commune(commune.insee), f"{edition.name} {commune.at}",
                               urls.commune(commune))
        feed_file = urls.save_as("commune_feed", slug=commune.slug, insee=commune.insee)
        feed_id = f"evenements/commune/{commune.insee}"
    feed = _Feed(
        updated,
        title=title,
        link=_link(urls, page) or "./",
        description=edition.title,
        language="fr",
        feed_url=_link(urls, feed_file),
        feed_guid=f"tag:{urls.settings.id_domain},{edition.year}:{feed_id}",
    )
    out = io.StringIO()
    writer = _writer(out)  # what Atom1Feed.write does, with each entry made on its own
    writer.startDocument()
    writer.startElement("feed", feed.root_attributes())
    feed.add_root_elements(writer)
    head = out.getvalue()
    out.seek(0)
    out.truncate()
    writer.endElement("feed")
    entries = [feed_entry(event, programme.venues.get(event.venue_id or ""), edition.year, urls, updated)
               for event in events]
    return b"".join([head.encode("utf-8"), *entries, out.getvalue().encode("utf-8")])


def sitemap(urls: SiteUrls, page_urls: list[str]) -> bytes:
    """Only for a site with a public URL: a sitemap lists absolute addresses."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for url in page_urls:
        entry = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(url)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(urls: SiteUrls) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if urls.settings.public_url:
        lines.append(f"Sitemap: {urls.absolute(urls.save_as('sitemap'))}")
    return ("\n".join(lines) + "\n").encode("ascii")
