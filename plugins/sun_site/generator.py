"""The only place where the programme meets Pelican.

Two phases, as Pelican intends: ``generate_context`` reads and checks the whole
programme (and stops the build with every problem if any), ``generate_output``
renders the page plan (``sunprogramme.pages``) with the theme's templates and
writes the pure writers' bytes.
"""

from __future__ import annotations

import os

from pelican.generators import Generator

from sunprogramme import frenchdates
from sunprogramme.errors import ContentError
from sunprogramme.loader import load_programme
from sunprogramme.pages import plan_pages, reference_instant
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.vocabularies import vocabulary
from sunprogramme.writers.feeds import events_feed, robots, sitemap
from sunprogramme.writers.programme_json import programme_json


def _label(slug: str, vocabulary_name: str) -> str:
    return vocabulary(vocabulary_name)[slug].label


class ProgrammeGenerator(Generator):
    def generate_context(self):
        self.options = ProgrammeSettings.from_settings(self.settings)
        self.urls = SiteUrls(self.options)
        programme, report = load_programme(self.path)
        self.context["programme_report"] = report
        if programme is None:
            raise ContentError(report.sorted())
        self.programme = programme
        self.context.update(programme=programme, urls=self.urls)

    def _prepare_env(self):
        # Everything contributors wrote is text: escape it all. Only sanitised
        # Markdown (the *_html fields) and JSON-LD are marked safe, in the templates.
        self.env.autoescape = True
        self.env.filters.update(
            day_words=frenchdates.day_in_words,
            short_day=frenchdates.short_day,
            session_words=frenchdates.session_in_words,
            time_range=frenchdates.time_range,
            clock=frenchdates.clock,
            label=_label,
        )

    def _write_bytes(self, save_as: str, data: bytes) -> None:
        target = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)

    def generate_output(self, writer):
        self._prepare_env()
        pages = plan_pages(self.programme, self.urls)
        for page in pages:
            writer.write_file(page.save_as, self.get_template(page.template), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], override_output=True,
                              page=page, **page.context)
        urls, programme = self.urls, self.programme
        self._write_bytes(urls.save_as("json"), programme_json(programme, urls))
        self._write_bytes(urls.save_as("feed"),
                          events_feed(programme, urls, reference_instant(self.options, programme)))
        self._write_bytes(urls.save_as("robots"), robots(urls))
        if self.options.public_url:  # a sitemap lists absolute addresses only
            self._write_bytes(urls.save_as("sitemap"), sitemap(urls, [p.url for p in pages if p.in_sitemap]))
