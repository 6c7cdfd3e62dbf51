"""Pages rendered from the page plan: a pure step of the page and of what the whole site shows.

A page is rendered with nothing but its own data (``Page``: its context and the files it may
link to, with their sizes) and the site's values (``SiteValues``): the templates cannot read
anything else, so the cache finds an unchanged page again by those values alone. A cold build
renders half of the pages in a forked process (the machine's other core).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pelican.utils import get_relative_path, path_to_url

from sunprogramme.model import Edition, Venue
from sunprogramme.pages import Page
from sunprogramme.urls import SiteUrls

from .cache import Blob, Cache
from .forks import can_fork, in_fork


@dataclass(frozen=True)
class SiteValues:
    """What every page may show besides its own data (the templates see it as ``programme``)."""

    templates: bytes  # digest of the theme's templates: the code of the pages
    edition: Edition
    venues: dict[str, Venue]
    urls: SiteUrls
    site_url: str
    relative_urls: bool
    search_bundles: tuple[str, ...]
    day_years: bool = False  # days said with their year (several editions, or one over a new year)
    # The site's other editions, newest first: (name, address of its home, whether it is the current one).
    editions: tuple[tuple[str, str, bool], ...] = ()

    @property
    def current(self) -> bool:
        """Whether the page belongs to the current edition (a past one's lists live under its year)."""
        return not self.urls.prefix


# The theme's templates, by name (a Pelican generator's ``get_template``), set by the build:
# what ``SiteValues.templates`` digests.
_TEMPLATES: list[Callable[[str], Any]] = []


def use_templates(get_template: Callable[[str], Any]) -> None:
    _TEMPLATES[:] = [get_template]


def render_page(site: SiteValues, page: Page, file_sizes: dict[str, int]) -> bytes:
    """The page's HTML; ``file_sizes``: the size of each file of ``page.downloads`` the build made."""
    site_url = path_to_url(get_relative_path(page.save_as)) if site.relative_urls else site.site_url
    context = {"SITEURL": site_url, "localsiteurl": site_url, "output_file": page.save_as, "programme": site,
               "urls": site.urls, "search_bundles": list(site.search_bundles), "file_sizes": file_sizes,
               "page": page, **page.render_context()}
    return _TEMPLATES[0](page.template).render(context).encode("utf-8")


def render_pages(cache: Cache, site: SiteValues, pages: list[Page], sizes: dict[str, int],
                 advance: Callable[[int], None]) -> dict[str, Blob]:
    """Every page's blob; when many are to be rendered (a cold build), half of them are rendered
    by a forked process."""
    rendering = cache.stored(render_page)
    made, todo = {}, []
    for page in pages:
        file_sizes = {name: sizes[name] for name in page.downloads if name in sizes}
        found = cache.find(rendering, site, page, file_sizes)
        if found is None:
            todo.append((page, file_sizes))
        else:
            made[page.save_as] = found
            advance(1)

    def render(chosen: list[tuple[Page, dict[str, int]]]) -> dict[str, Blob]:
        blobs = {}
        for page, file_sizes in chosen:
            blobs[page.save_as] = cache.output(render_page, site, page, file_sizes)
            advance(1)
        return blobs

    if len(todo) < 400 or not can_fork():
        made |= render(todo)
    else:
        wait = in_fork(cache, lambda: render(todo[1::2]), "pages")
        made |= render(todo[::2]) | wait()
    return {page.save_as: made[page.save_as] for page in pages}
