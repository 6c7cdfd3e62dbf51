"""Where each page lives: relative URLs and output paths from the settings' patterns.

URLs are relative to the site root (no leading slash); templates prefix them
with SITEURL, which Pelican makes relative or absolute.

A past edition's ``SiteUrls`` has a ``prefix`` (« 2025/ »): the pages and files that list an
edition (``EDITION_KINDS``) live under it; every other address names one thing across all
editions (an event, a day, a partner…) and stays where it is (see ``sunprogramme.editions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Event, Partner, Venue
from .settings import ProgrammeSettings
from .vocabularies import Commune

# The addresses that list one edition: the current edition's at the root, a past edition's under
# its year. Any other address is unique across editions (an event's id, a day's date, a partner).
EDITION_KINDS = frozenset({
    "home", "programme", "communes", "commune", "themes", "theme", "audiences", "audience", "features", "feature",
    "commune_embed", "calendar", "commune_calendar", "theme_calendar",
})


@dataclass(frozen=True)
class SiteUrls:
    settings: ProgrammeSettings
    prefix: str = ""  # « 2025/ » for a past edition's pages (EDITION_KINDS); empty for the current one

    def url(self, kind: str, **params: str) -> str:
        url = self.settings.urls[kind].format(**params)
        return self.prefix + url if self.prefix and kind in EDITION_KINDS else url

    def save_as(self, kind: str, **params: str) -> str:
        save_as = self.settings.save_as[kind].format(**params)
        return self.prefix + save_as if self.prefix and kind in EDITION_KINDS else save_as

    def event(self, event: Event) -> str:
        return self.url("event", id=event.id)

    def commune(self, commune: Commune) -> str:
        return self.url("commune", slug=commune.slug, insee=commune.insee)

    def partner(self, partner: Partner) -> str:
        return self.url("partner", id=partner.id)

    def venue(self, venue: Venue) -> str:
        return self.url("venue", id=venue.id)

    def day(self, day: date) -> str:
        return self.url("day", date=day.isoformat())

    def theme(self, slug: str) -> str:
        return self.url("theme", slug=slug)

    def audience(self, slug: str) -> str:
        return self.url("audience", slug=slug)

    def feature(self, slug: str) -> str:
        return self.url("feature", slug=slug)

    def absolute(self, url: str) -> str | None:
        """The public address of a page, or None when no public URL is set."""
        base = self.settings.public_url.rstrip("/")
        return f"{base}/{url}" if base else None


def typed_address(url: str) -> str:
    """« https://sun.example.org/e/42/ » → « sun.example.org/e/42 »: what people type."""
    return url.split("://", 1)[-1].rstrip("/")
