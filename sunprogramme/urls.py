"""Where each page lives: relative URLs and output paths from the settings' patterns."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Event, Partner
from .settings import ProgrammeSettings
from .vocabularies import Commune


@dataclass(frozen=True)
class SiteUrls:
    settings: ProgrammeSettings

    def event(self, event: Event) -> str:
        return self.settings.event_url.format(id=event.id)

    def event_save_as(self, event: Event) -> str:
        return self.settings.event_save_as.format(id=event.id)

    def commune(self, commune: Commune) -> str:
        return self.settings.commune_url.format(slug=commune.slug, insee=commune.insee)

    def commune_save_as(self, commune: Commune) -> str:
        return self.settings.commune_save_as.format(slug=commune.slug, insee=commune.insee)

    def partner(self, partner: Partner) -> str:
        return self.settings.partner_url.format(id=partner.id)

    def partner_save_as(self, partner: Partner) -> str:
        return self.settings.partner_save_as.format(id=partner.id)

    def absolute(self, url: str) -> str | None:
        """The public address of a page, or None when no public URL is set."""
        base = self.settings.public_url.rstrip("/")
        return f"{base}/{url}" if base else None
