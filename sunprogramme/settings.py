"""The ``PROGRAMME_*`` settings, read once into a typed object.

A misspelt or mistyped setting stops the build with its name, in French.
Each kind of page has a ``PROGRAMME_<KIND>_URL`` pattern and an optional
``PROGRAMME_<KIND>_SAVE_AS`` (by default the URL, plus ``index.html`` when it
ends with a slash), as in Pelican.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from .timeutil import PARIS

PAGE_URLS = {
    "home": "",
    "programme": "programme/",
    "day": "jours/{date}/",
    "event": "evenements/{id}/",
    "communes": "communes/",
    "commune": "communes/{slug}/",
    "themes": "themes/",
    "theme": "themes/{slug}/",
    "audiences": "publics/",
    "audience": "publics/{slug}/",
    "features": "accessibilite-des-evenements/",
    "feature": "accessibilite-des-evenements/{slug}/",
    "partners": "partenaires/",
    "partner": "partenaires/{id}/",
    "venue": "lieux/{id}/",
    "search": "recherche/",
    "accessibility": "accessibilite/",
    "legal": "mentions-legales/",
    "short": "e/{number}/",  # short address printed under a poster's QR code: a redirect to the event
    "submit": "proposer/",
    "opendata": "donnees/",
    "map": "carte/",
    "dashboard": "coordination/",
    "commune_embed": "integrer/communes/{slug}/",
    "partner_embed": "integrer/partenaires/{id}/",
}
FILE_SAVE_AS = {
    "json": "programme.json",
    "json_schema": "programme.schema.json",
    "feed": "evenements.atom",
    "commune_feed": "fils/communes/{slug}.atom",
    "sitemap": "sitemap.xml",
    "robots": "robots.txt",
    "notfound": "404.html",
    "calendar": "calendriers/programme.ics",
    "event_calendar": "calendriers/evenements/{id}.ics",
    "commune_calendar": "calendriers/communes/{slug}.ics",
    "theme_calendar": "calendriers/themes/{slug}.ics",
    "publication_state": "publication-state.jsonl",  # inside the content folder, not the output
    "schema": "schemas/{name}.schema.json",
    "sessions_csv": "donnees/seances.csv",
    "partners_csv": "donnees/partenaires.csv",
    "openagenda": "donnees/openagenda.json",
    "commune_openagenda": "donnees/openagenda/{slug}.json",
    "frab_xml": "donnees/frab/schedule.xml",
    "frab_json": "donnees/frab/schedule.json",
    "inclusion_structures_json": "donnees/data-inclusion/structures.json",
    "inclusion_services_json": "donnees/data-inclusion/services.json",
    "inclusion_structures_csv": "donnees/data-inclusion/structures.csv",
    "inclusion_services_csv": "donnees/data-inclusion/services.csv",
    "template": "modeles/programme-sun.{format}",
    "event_poster": "affiches/evenements/{id}.pdf",
    "event_poster_a3": "affiches/evenements/{id}-a3.pdf",
    "commune_poster": "affiches/communes/{slug}.pdf",
    "commune_poster_a3": "affiches/communes/{slug}-a3.pdf",
    "commune_pack": "affiches/kits/{slug}.pdf",
    "booklet": "affiches/programme.pdf",
    "commune_booklet": "affiches/programme-{slug}.pdf",
    "event_qr_png": "qr/evenements/{id}.png",
    "event_qr_svg": "qr/evenements/{id}.svg",
    "commune_qr_png": "qr/communes/{slug}.png",
    "commune_qr_svg": "qr/communes/{slug}.svg",
}
_SCALARS = {"PUBLIC_URL", "TODAY", "ID_DOMAIN", "BUILD_CACHE_DIR", "REPOSITORY_URL"}
_SWITCHES = {"POSTERS", "POSTERS_A3", "PREVIEW"}
_NUMBERS = {"SEARCH_LOT_PAGES"}


class SettingsError(ValueError):
    pass


def _given_by(public_url: str, settings: dict[str, Any], environ: dict[str, str]) -> str:
    """Where the organiser wrote the public address: pelicanconf.py and publishconf.py take it from the
    variable SUN_PUBLIC_URL, and publishconf.py's PROGRAMME_PUBLIC_URL is its SITEURL."""
    if public_url == environ.get("SUN_PUBLIC_URL"):
        return "variable SUN_PUBLIC_URL"
    if public_url == settings.get("SITEURL"):
        return "réglage SITEURL"
    return "réglage PROGRAMME_PUBLIC_URL"


def _save_as(url: str) -> str:
    return f"{url}index.html" if url.endswith("/") or not url else url


@dataclass(frozen=True)
class ProgrammeSettings:
    public_url: str = ""  # absolute URL of the published site; empty for a local preview
    today: date | None = None  # reference date for « aujourd'hui » (else SOURCE_DATE_EPOCH, else none)
    build_epoch: int | None = None  # SOURCE_DATE_EPOCH: the build's « now » for DTSTAMP and feeds
    posters: bool = True  # the print pack (PDF posters, booklets, QR images)
    posters_a3: bool = False  # A3 versions of the posters, beside the A4 ones
    # A local preview (pelicanconf.py), not the published site (publishconf.py): built outside the
    # festival, its home page is shown as on the first day, with a banner saying so.
    preview: bool = False
    # Pages per search-index run: Pagefind holds a run's pages in memory, and a rebuild indexes again
    # only the lots whose pages changed; the browser merges the lots. Measured at 600 events: an edit
    # in serve takes 1.1–1.2 s with one lot of 660 pages (0.6 s of it indexing), 0.9 s with lots of 500.
    search_lot_pages: int = 500
    build_cache_dir: str = ".cache/construction"  # the build's cache (plugins/sun_site/cache.py)
    repository_url: str = ""  # e.g. https://github.com/org/sun-programme: « propose on GitHub » links
    id_domain: str = "sun.example.org"  # never changes when the site moves: ids in feeds and calendars
    urls: dict[str, str] = field(default_factory=lambda: dict(PAGE_URLS))
    save_as: dict[str, str] = field(default_factory=lambda: {k: _save_as(v) for k, v in PAGE_URLS.items()}
                                    | dict(FILE_SAVE_AS))

    @classmethod
    def from_settings(cls, settings: dict[str, Any], environ: dict[str, str] | None = None) -> ProgrammeSettings:
        environ = os.environ if environ is None else environ
        urls, save_as = dict(PAGE_URLS), {}
        scalars: dict[str, Any] = {}
        for key, value in settings.items():
            if not key.startswith("PROGRAMME_"):
                continue
            name = key.removeprefix("PROGRAMME_")
            if name in _SWITCHES:
                if not isinstance(value, bool):
                    raise SettingsError(f"réglage {key} : True ou False attendu, reçu {value!r}")
                scalars[name.lower()] = value
                continue
            if name in _NUMBERS:
                if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                    raise SettingsError(f"réglage {key} : nombre entier positif attendu, reçu {value!r}")
                scalars[name.lower()] = value
                continue
            if not isinstance(value, str):
                raise SettingsError(f"réglage {key} : texte attendu, reçu {type(value).__name__}")
            if name in _SCALARS:
                scalars[name.lower()] = value
            elif name.endswith("_URL") and name.removesuffix("_URL").lower() in PAGE_URLS:
                urls[name.removesuffix("_URL").lower()] = value
            elif name.endswith("_SAVE_AS") and name.removesuffix("_SAVE_AS").lower() in {*PAGE_URLS, *FILE_SAVE_AS}:
                save_as[name.removesuffix("_SAVE_AS").lower()] = value
            else:
                raise SettingsError(f"réglage inconnu : {key}")
        public_url = scalars.get("public_url", "")
        if public_url and not public_url.startswith(("https://", "http://")):
            raise SettingsError(f"{_given_by(public_url, settings, environ)} : adresse absolue attendue (https://…), "
                                f"reçu « {public_url} »")
        today, build_epoch = None, None
        if environ.get("SOURCE_DATE_EPOCH"):
            try:
                build_epoch = int(environ["SOURCE_DATE_EPOCH"])
            except ValueError:
                raise SettingsError("variable SOURCE_DATE_EPOCH : nombre de secondes attendu") from None
        if scalars.get("today"):
            try:
                today = date.fromisoformat(scalars["today"])
            except ValueError:
                raise SettingsError("réglage PROGRAMME_TODAY : date AAAA-MM-JJ attendue") from None
        elif build_epoch is not None:
            today = datetime.fromtimestamp(build_epoch, UTC).astimezone(PARIS).date()
        all_save_as = {k: _save_as(v) for k, v in urls.items()} | dict(FILE_SAVE_AS) | save_as
        return cls(public_url=public_url, today=today, build_epoch=build_epoch,
                   id_domain=scalars.get("id_domain", cls.id_domain), urls=urls, save_as=all_save_as,
                   posters=scalars.get("posters", True), posters_a3=scalars.get("posters_a3", False),
                   preview=scalars.get("preview", False),
                   search_lot_pages=scalars.get("search_lot_pages", cls.search_lot_pages),
                   build_cache_dir=scalars.get("build_cache_dir", cls.build_cache_dir),
                   repository_url=scalars.get("repository_url", "").rstrip("/"))

    def reference_instant(self, first_day: date) -> datetime:
        """The build's « now », never the clock: SOURCE_DATE_EPOCH, else the reference date, else
        the edition's first day (midnight in Paris), so that one commit always gives the same files."""
        if self.build_epoch is not None:
            return datetime.fromtimestamp(self.build_epoch, UTC)
        return datetime.combine(self.today or first_day, time(0, 0), tzinfo=PARIS).astimezone(UTC)
