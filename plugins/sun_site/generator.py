"""The only place where the programme meets Pelican.

Two phases, as Pelican intends: ``generate_context`` reads and checks the whole programme (and
stops the build with every problem if any); ``generate_output`` makes every file: the pure
writers' bytes and the pages of the plan (``sunprogramme.pages``) rendered with the theme.

Every pure step runs through the build's one cache (``sun_site.cache``), keyed by the values it
receives: a rebuild redoes what an edit changed, and nothing here says what depends on what.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican.generators import Generator

from sunprogramme import frenchdates
from sunprogramme.content_files import ContentFileProblem, media_bytes
from sunprogramme.edition_pages import plan_site, whole
from sunprogramme.errors import ContentError, Problem
from sunprogramme.french_names import counted
from sunprogramme.jsonschema import SCHEMA_FILES, schema_bytes
from sunprogramme.loader import load_programme
from sunprogramme.printing import poster_problems, print_jobs
from sunprogramme.publication_state import publication, read_state, state_path
from sunprogramme.search_shards import search_lots
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.steps import run_steps_with
from sunprogramme.stopwatch import Stopwatch
from sunprogramme.urls import SiteUrls
from sunprogramme.writers.programme_json import PROGRAMME_JSON_SCHEMA, programme_json

from .build_steps import SearchIndex
from .cache import Blob, Cache, tree_digest
from .drawing import cached_print_pack, draw_print_pack
from .editions import edition_calendars, render_sites, site_values
from .exports import feed_files, frab_files, open_data_files, sheet_template, sitemap_files
from .forks import in_fork
from .page_render import render_pages, use_templates
from .site_files import SiteFiles
from .template_filters import FILTERS, GLOBALS

CODE = [Path(__file__).resolve().parent, Path(frenchdates.__file__).resolve().parent]
INDEXED_KINDS = ("event", "partner")  # the pages the search index holds
# Settings that change from one build to the next without changing what is built.
_RUN_SETTINGS = {"OUTPUT_PATH", "SUN_PROGRESS", "SUN_PUBLISHED", "SUN_CACHES"}


def namespace(settings: dict, digest) -> bytes:
    """What every cached result depends on besides its values: this code and its data, every
    installed library's version (the poster fonts are one) and the settings."""
    chosen = {}
    for key in sorted(k for k in settings if k.isupper() and k not in _RUN_SETTINGS):
        try:
            digest(settings[key])
            chosen[key] = settings[key]
        except TypeError:  # a function or a class: its code is in the digest below, or Pelican's
            chosen[key] = type(settings[key]).__qualname__
    libraries = sorted({entry.name for folder in sys.path if os.path.isdir(folder) for entry in os.scandir(folder)
                        if entry.name.endswith((".dist-info", ".egg-info"))})  # « name-version.dist-info »
    return digest(tree_digest(CODE, (".py", ".yaml", ".json", ".csv")), libraries, chosen)


class ProgrammeGenerator(Generator):
    def generate_context(self):
        self.options = ProgrammeSettings.from_settings(self.settings)
        self.urls = SiteUrls(self.options)
        # The build runner hands over its progress display (a bar on a terminal, lines in CI logs).
        display = self.settings.get("SUN_PROGRESS")
        self.stopwatch = Stopwatch(display=display) if display else Stopwatch()
        self.context["stopwatch"] = self.stopwatch
        # The build runner holds the caches (and writes them once the build is over); ``invoke serve``
        # keeps them in memory from one build to the next. Plain Pelican: this build's own.
        caches = self.settings.get("SUN_CACHES", {})
        folder = self._cache_folder()
        self.cache = caches.setdefault(folder, caches.get(folder) or Cache(folder))
        self.cache.begin(namespace(self.settings, self.cache.digest))
        gc.freeze()  # the index just loaded lives until the end of the build: see sun_site.build
        with run_steps_with(self.cache.call), self.stopwatch.stage("lecture et vérification"):
            programme, report = load_programme(self.path)
        self.context["programme_report"] = report
        if programme is None:
            raise ContentError(report.sorted())
        self.programme = programme
        gc.freeze()  # as the cache's index
        self.context.update(programme=programme, urls=self.urls)
        # SEQUENCE numbers, short addresses and withdrawn events come from the committed state kept
        # beside the content, read here and handed to the steps as values. Only a publication writes
        # the new state (``invoke publish``: see sun_site.build), once the whole build succeeded.
        state_name = self.options.save_as["publication_state"]
        state = read_state(state_path(Path(self.path), state_name))
        # Numbered over every edition of the site: an archived event keeps its short address.
        self.publication, new_state = publication(whole(programme), state, self.options.id_domain)
        self.context["publication_state"] = (Path(self.path), state_name, new_state)
        # Run by the build runner, the site is made beside the published folder; by plain Pelican, in place.
        published = Path(self.settings.get("SUN_PUBLISHED") or self.output_path)
        self.files = SiteFiles(Path(self.output_path), published, self.cache)
        self.context["site_files"] = self.files

    def _cache_folder(self) -> Path:
        """One folder per content folder (builds of two programmes do not evict each other)."""
        root = Path(self.settings.get("PROGRAMME_CACHE_ROOT", os.getcwd())) / self.options.build_cache_dir
        content = str(Path(self.path).resolve()).encode("utf-8", "surrogateescape")
        return root / hashlib.blake2b(content, digest_size=8).hexdigest()

    def _prepare_env(self):
        # Everything contributors wrote is text: escape it all. Only sanitised
        # Markdown (the *_html fields) and JSON-LD are marked safe, in the templates.
        self.env.autoescape = True
        self.env.filters.update(FILTERS)
        self.env.globals.update(GLOBALS)
        # Compiled templates are kept beside the build's cache: Jinja finds a template's code by
        # the digest of its source. The code is compiled for these filters (one that reads the
        # page's context is called with it): one folder per namespace, the cache's code digest.
        compiled = self.cache.folder / "gabarits" / hashlib.blake2b(self.cache.namespace, digest_size=8).hexdigest()
        for other in compiled.parent.glob("*") if compiled.parent.is_dir() else ():
            if other != compiled and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        compiled.mkdir(parents=True, exist_ok=True)
        self.env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
        use_templates(self.get_template)

    def generate_output(self, writer):
        self._prepare_env()
        with run_steps_with(self.cache.call):
            self._generate_output()
        if "SUN_CACHES" not in self.settings:  # run by plain Pelican: nobody else keeps the cache
            self.cache.finish(complete=True)

    def _generate_output(self):
        watch, programme, urls, files, cache = self.stopwatch, self.programme, self.urls, self.files, self.cache
        # Calendars and open-data files need nothing from the pages: forked processes make them
        # while this one draws the posters and renders the pages.
        published, options = self.publication, self.options
        calendars = in_fork(cache, lambda: edition_calendars(cache, programme, urls, published, options),
                            "calendriers", "calendriers")
        open_data = in_fork(cache, lambda: open_data_files(cache, programme, urls, published, options),
                            "données ouvertes", "donnees-ouvertes")
        schedule = in_fork(cache, lambda: frab_files(cache, programme, urls, published), "programmes frab", "frab")
        organiser_files = in_fork(cache, lambda: self._organiser_files(), "modèles", "modeles")
        # The posters' warnings, as « invoke check » tells them (laid out, not drawn: see printing).
        warnings = in_fork(cache, lambda: poster_problems(programme, self.path), "avertissements des affiches",
                           "affiches")
        printed = {}
        if self.options.posters:
            jobs = print_jobs(programme, urls, self.publication, Path(self.path), self.options.posters_a3)
            with watch.stage("affiches", children=True):  # the cache first: the log says what is to draw
                cached = cached_print_pack(cache, jobs)
            with watch.stage("affiches", total=len(cached[1]), reused=len(jobs) - len(cached[1]),
                             children=True) as advance:
                printed, drawn = draw_print_pack(cache, jobs, advance, cached=cached)
            files.put_all(printed)
            self.context["print_report"] = (len(jobs), drawn)
        with watch.stage("exports"):
            self._write_media()
        with watch.stage("plan des pages"):
            sites = plan_site(programme, urls, self.publication)  # the current edition, then the past ones
            pages = [page for site in sites for page in site.pages]
            # The search page lists the bundles to merge, so the lots are known before it is rendered.
            lots = search_lots([p.url for p in pages if p.kind in INDEXED_KINDS], self.options.search_lot_pages,
                               [self.options.urls[kind].split("/", 1)[0] for kind in INDEXED_KINDS])
            values = site_values(sites, tree_digest([Path(self.theme) / "templates"], (".html",)),
                                 self.settings.get("SITEURL", ""), bool(self.settings["RELATIVE_URLS"]),
                                 tuple(lot.bundle for lot in lots))
        # The search index needs the event and partner pages only: they are rendered first, and the
        # index is built by its own process while this one renders the other pages. The open-data
        # page shows each file's weight: it is rendered once those files exist.
        def indexed(page) -> bool:
            return page.kind in INDEXED_KINDS

        if not any(indexed(page) for page in pages):  # Pagefind refuses a site without pages, even for an empty index
            def indexed(page) -> bool:
                return page.kind != "opendata"

        def others(page) -> bool:
            return not indexed(page) and page.kind != "opendata"

        with watch.stage("pages", total=sum(page.kind != "opendata" for page in pages)) as advance:
            files.put_all(render_sites(cache, sites, values, indexed, files.sizes(), advance))
            self.context["search_index"] = SearchIndex(files, lots)
            files.put_all(organiser_files())  # the submit page shows their weight
            files.put_all(render_sites(cache, sites, values, others, files.sizes(), advance))
        with watch.stage("exports"):
            # programme.json lists the print files (posters may be switched off).
            files.put(urls.save_as("json"), cache.store(programme_json(programme, urls, published.short_links,
                                                                        set(printed))))
            files.put_all(feed_files(cache, programme, urls, options))
            files.put_all(sitemap_files(cache, urls, pages))
        with watch.stage("attente des données ouvertes"):
            files.put_all(open_data())
            files.put_all(schedule())
            opendata = [page for page in sites[0].pages if page.kind == "opendata"]
            files.put_all(render_pages(cache, values[0], opendata, files.sizes(), lambda _n: None))
        with watch.stage("attente des calendriers"):
            made = files.put_all(calendars())
            self.context["programme_report"].problems += warnings()
        printed_count = self.context.get("print_report", (0, 0))[0]
        self.context["build_summary"] = (f"{counted(len(programme.events), 'événement')}, "
                                         f"{counted(len(pages), 'page')}, {counted(len(made), 'calendrier')}, "
                                         f"{printed_count} affiches et QR codes")

    def _write_media(self) -> None:
        """The images and logos the programme shows: the only files copied from content/, read
        without following links and checked again (see sunprogramme.content_files)."""
        try:
            media = media_bytes(Path(self.path), self.programme.media_files())
        except ContentFileProblem as problem:
            raise ContentError([Problem(self.path, 0, "", str(problem))]) from None
        for save_as, data in media.items():
            self.files.put(save_as, self.cache.store(data))

    def _organiser_files(self) -> dict[str, Blob]:
        """Editors' JSON Schemas and the spreadsheet templates: linked from pages."""
        urls, cache, programme = self.urls, self.cache, self.programme
        files = {urls.save_as("schema", name=name): cache.store(schema_bytes(name)) for name in SCHEMA_FILES}
        files[urls.save_as("json_schema")] = cache.store(PROGRAMME_JSON_SCHEMA)
        for kind in ("ods", "xlsx", "csv"):  # the help sheet lists venues and partners
            files[urls.save_as("template", format=kind)] = cache.output(
                sheet_template, kind, programme.edition, programme.venues, programme.partners)
        return files
