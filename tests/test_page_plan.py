"""The page plan names every generated file a page links with its weight (``Page.downloads``).

A page is given the sizes of its ``downloads`` only: a name its template looks up in
``file_sizes`` but missing from the plan would make the link silently disappear. Each page of the
fixture programme is rendered with the theme's templates (plain Jinja, set up as the generator
does) and a ``file_sizes`` that records every name asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader

from sun_site.template_filters import FILTERS, GLOBALS
from sunprogramme.loader import check_programme
from sunprogramme.pages import Page, plan_pages
from sunprogramme.publication_state import publication, read_state
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls

from conftest import ROOT, SITE


class AskedSizes(Mapping):
    """``file_sizes`` for one render: every name is there (``present``) or none is; records the
    names asked for. Listing it is refused: a page sees only the sizes the plan gives it."""

    def __init__(self, present: bool):
        self.present = present
        self.asked: list[str] = []

    def __contains__(self, name) -> bool:
        self.asked.append(name)
        return self.present

    def __getitem__(self, name) -> int:
        self.asked.append(name)
        if not self.present:
            raise KeyError(name)
        return 45_000

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("un gabarit parcourt file_sizes : il ne doit y chercher que des noms")

    def __len__(self) -> int:
        raise AssertionError("un gabarit compte file_sizes : il ne doit y chercher que des noms")


def _environment() -> Environment:
    """The theme's templates with the generator's filters and globals (pelicanconf.py's Jinja options)."""
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), trim_blocks=True,
                      lstrip_blocks=True, autoescape=True)
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


@pytest.fixture(scope="module")
def plan() -> tuple[list[Page], SiteUrls, SimpleNamespace]:
    programme, _ = check_programme(SITE)
    urls = SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))
    state = read_state(SITE / urls.settings.save_as["publication_state"])
    published, _ = publication(programme, state, urls.settings.id_domain)
    # What templates may read of the site (the generator's SiteValues, given as « programme »).
    shown = SimpleNamespace(edition=programme.edition, venues=programme.venues, current=True, editions=(),
                            day_years=False)
    return plan_pages(programme, urls, published), urls, shown


def _asked(env: Environment, page: Page, urls: SiteUrls, programme: SimpleNamespace, present: bool) -> list[str]:
    sizes = AskedSizes(present)
    context = {"SITENAME": "SUN 2026 — Semaines des Usages Numériques", "SITEURL": "", "urls": urls,
               "search_bundles": ["recherche/lot-1"], "output_file": page.save_as, "programme": programme,
               "file_sizes": sizes, "page": page, **page.render_context()}
    env.get_template(f"{page.template}.html").render(context)
    return sizes.asked


def test_every_file_a_page_links_is_in_its_downloads(plan) -> None:
    pages, urls, programme = plan
    env = _environment()
    missing, unused = {}, {}
    for page in pages:
        assert len(set(page.downloads)) == len(page.downloads), page.save_as
        declared = set(page.downloads)
        # Every file there: each link and what depends on one (an A3 poster beside the A4) is asked
        # for; no file there: whatever a template would show instead.
        shown = set(_asked(env, page, urls, programme, present=True))
        hidden = set(_asked(env, page, urls, programme, present=False))
        if (shown | hidden) - declared:
            missing[page.save_as] = sorted((shown | hidden) - declared)
        if declared - shown:
            unused[page.save_as] = sorted(declared - shown)
    assert missing == {}, "noms cherchés dans file_sizes mais absents de Page.downloads"
    assert unused == {}, "noms de Page.downloads qu'aucun gabarit ne cherche"


def test_the_pages_with_downloads(plan) -> None:
    """The kinds of page that offer files, and what an event's page offers."""
    pages, urls, _ = plan
    assert {p.kind for p in pages if p.downloads} == {"programme", "event", "commune", "submit", "opendata"}
    event = next(p for p in pages if p.kind == "event")
    event_id = event.render_context()["event"].id
    assert event.downloads == tuple(urls.save_as(kind, id=event_id) for kind in (
        "event_poster", "event_poster_a3", "event_qr_png", "event_qr_svg"))
