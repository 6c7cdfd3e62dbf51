"""The only place where the programme meets Pelican.

Two phases, as Pelican intends: ``generate_context`` reads and checks the whole
programme (and stops the build with every problem if any), ``generate_output``
renders pages with the theme's templates and writes the pure writers' bytes.
"""

from __future__ import annotations

import os

from pelican.generators import Generator

from sunprogramme import frenchdates
from sunprogramme.errors import ContentError
from sunprogramme.loader import load_programme
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.vocabularies import vocabulary
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
        self.context["programme"] = programme
        self.context["urls"] = self.urls

    def _prepare_env(self):
        # Everything contributors wrote is text: escape it all. Only sanitised
        # Markdown (the *_html fields) is marked safe, in the templates.
        self.env.autoescape = True
        self.env.filters.update(
            day_words=frenchdates.day_in_words,
            session_words=frenchdates.session_in_words,
            time_range=frenchdates.time_range,
            clock=frenchdates.clock,
            label=_label,
        )

    def _write(self, writer, save_as: str, template: str, **page):
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            override_output=True,
            page_name=save_as,
            **page,
        )

    def generate_output(self, writer):
        self._prepare_env()
        programme, urls = self.programme, self.urls
        events = programme.events_sorted()
        communes = programme.communes_with_events()
        partners = sorted(programme.partners.values(), key=lambda p: p.name.casefold())
        self._write(writer, "index.html", "home", events=events, communes=communes)
        for event in events:
            self._write(writer, urls.event_save_as(event), "event", event=event,
                        venue=programme.venues.get(event.venue_id or ""),
                        organisers=[programme.partners[p] for p in event.organiser_ids])
        self._write(writer, self.options.communes_save_as, "communes", communes=communes)
        for commune in communes:
            self._write(writer, urls.commune_save_as(commune), "commune", commune=commune,
                        events=programme.events_in_commune(commune.insee))
        self._write(writer, self.options.partners_save_as, "partners", partners=partners)
        for partner in partners:
            self._write(writer, urls.partner_save_as(partner), "partner", partner=partner,
                        events=programme.events_by_partner(partner.id),
                        venues=[programme.venues[v] for v in partner.venue_ids])
        self._write(writer, "404.html", "404")
        target = os.path.join(self.output_path, self.options.json_save_as)
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(programme_json(programme, urls))
