"""The only place where the programme meets Pelican.

Two phases, as Pelican intends: ``generate_context`` reads and checks the whole
programme (and stops the build with every problem if any), ``generate_output``
renders the page plan (``sunprogramme.pages``) with the theme's templates and
writes the pure writers' bytes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url

from sunprogramme import frenchdates
from sunprogramme.content_files import ContentFileProblem, media_bytes
from sunprogramme.errors import ContentError, Problem
from sunprogramme.fingerprint import Fingerprinter, core_code_digest, tree_digest
from sunprogramme.intake.commands import template_bytes
from sunprogramme.jsonschema import SCHEMA_FILES, schema_bytes
from sunprogramme.listings import events_with_theme
from sunprogramme.loader import load_programme
from sunprogramme.memo import Memo
from sunprogramme.outputs import StagedOutput, read_manifest
from sunprogramme.pages import plan_pages
from sunprogramme.printing import poster_problems, print_jobs, run_jobs
from sunprogramme.publication_state import publication, read_state, session_uid
from sunprogramme.search_shards import search_lots
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.stopwatch import Stopwatch
from sunprogramme.svgcharts import bar_chart
from sunprogramme.urls import SiteUrls
from sunprogramme.vocabularies import vocabulary
from sunprogramme.writers.calendar import CalendarWriter
from sunprogramme.writers.datainclusion import (
    SERVICE_KINDS,
    STRUCTURE_KINDS,
    reference_day,
    service_files,
    structure_files,
)
from sunprogramme.writers.feeds import events_feed, feed_entry, robots, sitemap
from sunprogramme.writers.frab import FRAB_CONFERENCE_TEXT, frab_json, frab_schedule, frab_xml
from sunprogramme.writers.openagenda import openagenda_files
from sunprogramme.writers.opendata import partners_csv, sessions_csv
from sunprogramme.writers.programme_json import PROGRAMME_JSON_SCHEMA, programme_json

from .build_steps import start_search_index
from .fragments import LIST_TABLE, RememberedPieces, RememberExtension

PLUGIN_CODE = Path(__file__).resolve().parent
_ID = re.compile(r'\sid="([^"]*)"')
INDEXED_KINDS = ("event", "partner")  # the pages the search index holds
# What an indexed page shows outside of its search entry (data-pagefind-ignore="all"): a search lot
# is kept when its pages' entries are the same, even if these changed. A partner page lists the
# partner's events, searched on their own pages: an edited event does not reindex its partner's lot.
SEARCH_LEFT_OUT = {"partner": {"events"}}
# Every memo a build may use (``_memo``): ``invoke serve`` loads them all once (sun_site.warm).
MEMO_NAMES = ("lecture", "exports", "fragments", "programme-json", "fils", "calendriers", "seances-csv",
              "openagenda", "frab", "services-inclusion")
# Settings that change from one build to the next without changing what is built.
_RUN_SETTINGS = {"OUTPUT_PATH", "SUN_PROGRESS", "SUN_PUBLISHED", "SUN_WARM"}


class TemplateProgramme:
    """What the templates may read of the programme on every page: the edition and the venues, both
    in every page's fingerprint. Anything else a page shows must be given to it by the page plan
    (sunprogramme/pages.py), so that the page's fingerprint covers it."""

    def __init__(self, programme):
        self.edition, self.venues = programme.edition, programme.venues

    def __getattr__(self, name: str):
        raise RuntimeError(f"un gabarit lit programme.{name} : donnez cette valeur à la page dans "
                           "sunprogramme/pages.py (sinon une reconstruction garderait une page périmée)")


class RecordedSizes(Mapping):
    """The sizes of the files linked from pages (a view, not a copy), recording which ones a page
    looked up: a kept page must be made again when one of them changed size."""

    def __init__(self, sizes: dict[str, int]):
        self.sizes = sizes
        self.seen: dict[str, int | None] = {}

    def __contains__(self, name) -> bool:
        self.seen[name] = self.sizes.get(name)
        return name in self.sizes

    def __getitem__(self, name):
        self.seen[name] = self.sizes.get(name)
        return self.sizes[name]

    def __iter__(self):
        return iter(self.sizes)

    def __len__(self) -> int:
        return len(self.sizes)


def _sizes_unchanged(sizes: dict[str, int]):
    return lambda extra: all(sizes.get(name) == size for name, size in extra.get("sizes", {}).items())


def _start_in_fork(work, what: str):
    """Run ``work`` in a forked process (it inherits the loaded programme); returns a function that
    waits for it and gives its result. Without fork (not POSIX), ``work`` runs here, at once.
    ``what``: what it writes, for the error message."""
    if "fork" not in multiprocessing.get_all_start_methods():
        result = work()
        return lambda: result
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            sender.send(("ok", work()))
        except BaseException as error:  # told to the parent, which stops the build
            sender.send(("error", f"{type(error).__name__}: {error}"))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()

    def wait():
        outcome, value = receiver.recv()
        process.join()
        if outcome != "ok":
            raise RuntimeError(f"écriture des {what} impossible : {value}")
        return value

    return wait


class _Lazy:
    """A value made on first use (a memo that a build keeping every file never loads)."""

    def __init__(self, make):
        self._make, self.made = make, False

    @property
    def value(self):
        if not self.made:
            self._value, self.made = self._make(), True
        return self._value


def _chart(rows, attribute: str, title: str, unit: str = "") -> Markup:
    """An SVG bar chart of ``rows``' ``attribute`` by label; its text is escaped by svgcharts."""
    return Markup(bar_chart([(row.label, getattr(row, attribute)) for row in rows], title, unit))


def _label(slug: str, vocabulary_name: str) -> str:
    return vocabulary(vocabulary_name)[slug].label


class ProgrammeGenerator(Generator):
    def _cache_root(self) -> Path:
        return Path(self.settings.get("PROGRAMME_CACHE_ROOT", os.getcwd()))

    def _cache_path(self, name: str) -> Path:
        return self._cache_root() / self.options.build_cache_dir / name

    def _memo(self, name: str, used_only: frozenset[str] = frozenset()) -> Memo:
        """The memo of one writer (``<build cache>/<name>.pickle``), tied to this code and settings;
        in ``invoke serve``, taken from memory when the last build kept it (sun_site.warm)."""
        return Memo(self._cache_path(f"{name}.pickle"), self.code_digest, self.warm.memos if self.warm else None,
                    used_only)

    def _save(self, memo: Memo) -> None:
        memo.save()
        if self._handed is not None:  # in a forked process: handed back to ``invoke serve`` (see _in_fork)
            self._handed.append(memo.for_shelf())

    def _with_memo(self, name: str, make):
        """``make(memo)`` with the memo ``name``, saved (and let go) at once."""
        memo = self._memo(name)
        made = make(memo)
        self._save(memo)
        return made

    def _in_fork(self, work, what: str):
        """``_start_in_fork``, and the memos the forked process saved go back to this one's shelf."""
        def forked():
            if self.warm:  # this process ends with its work: it writes its memos itself
                self._handed = []
                self.warm.memos.defer_writes = False
            return work(), self._handed or []

        wait = _start_in_fork(forked, what)

        def result():
            value, handed = wait()
            for memo in handed:
                self.warm.memos.absorb(memo)
            return value

        return result

    def _write_calendars(self):
        """Every .ics file; a file whose events (with what it shows of them) and title are those of
        the published one is kept without being assembled again."""
        programme, urls = self.programme, self.urls
        stamp = self.options.reference_instant(programme.edition.first_day)
        name = programme.edition.name
        # Made (and its kept VEVENTs loaded) only when a file has to be made again.
        writer = _Lazy(lambda: CalendarWriter(programme, urls, self.publication.sequences, stamp,
                                              self._memo("calendriers"), self.fingerprint))
        count = 0

        def write(save_as: str, events, title: str) -> None:
            nonlocal count
            count += 1
            self._made(save_as, (stamp, name, title, self._events_key(events)),
                       lambda: writer.value.file(events, title))

        write(urls.save_as("calendar"), programme.events_sorted(), f"{name} — tout le programme")
        for event in programme.events_sorted():
            write(urls.save_as("event_calendar", id=event.id), [event], f"{name} — {event.title}")
        for commune in programme.communes_with_events():
            write(urls.save_as("commune_calendar", slug=commune.slug, insee=commune.insee),
                  programme.events_in_commune(commune.insee), f"{name} à {commune.name}")
        for theme in vocabulary("themes").terms:
            events = events_with_theme(programme, theme.slug)
            if events:
                write(urls.save_as("theme_calendar", slug=theme.slug), events, f"{name} — {theme.label}")
        if writer.made:
            self._save(writer.value.memo)
        return count, self.staged.delta()

    def _event_key(self, event) -> bytes:
        """The digest of everything the exports show of ``event``: itself, its venue and organisers,
        its short address and its sessions' SEQUENCE numbers."""
        key = self._event_keys.get(event.id)
        if key is None:
            published, domain = self.publication, self.options.id_domain
            key = self._event_keys[event.id] = self.fingerprint(
                event, self.programme.surroundings(event), published.short_links.get(event.id),
                [published.sequences.get(session_uid(event, session, domain)) for session in event.sessions])
        return key

    def _events_key(self, events) -> bytes:
        return self.fingerprint([self._event_key(event) for event in events])

    def _fingerprint_of(self, save_as: str, inputs: tuple) -> str:
        return self.fingerprint.hex(save_as, *inputs)

    def _kept(self, save_as: str, inputs: tuple) -> bool:
        """True (and the published file kept) when ``save_as`` was made from the same ``inputs``."""
        return self.staged.reusable(save_as, self._fingerprint_of(save_as, inputs))

    def _made(self, save_as: str, inputs: tuple, make) -> int:
        """Write ``make()`` as ``save_as`` unless the published file was made from the same
        ``inputs`` (everything the file shows besides the code and settings); returns its size."""
        fingerprint = self._fingerprint_of(save_as, inputs)
        entry = self.staged.made_from(save_as, fingerprint)
        if entry is not None:
            self.staged.keep(save_as, entry)
            return entry.size
        data = make()
        self.staged.write(save_as, data, fingerprint)
        return len(data)

    def _made_together(self, names: list[str], inputs: tuple, make) -> dict[str, int]:
        """Like ``_made`` for files made by one call (``make()`` gives each one's bytes by name):
        kept only all together."""
        fingerprints = {name: self._fingerprint_of(name, inputs) for name in names}
        entries = {name: self.staged.made_from(name, fingerprint) for name, fingerprint in fingerprints.items()}
        if all(entries.values()):
            for name, entry in entries.items():
                self.staged.keep(name, entry)
            return {name: entry.size for name, entry in entries.items()}
        files = make()
        assert set(files) == set(names), (sorted(files), sorted(names))
        for name, data in files.items():
            self.staged.write(name, data, fingerprints[name])
        return {name: len(data) for name, data in files.items()}

    def _build_digest(self) -> str:
        """Code, templates and settings: a manifest or memo made by other ones is not trusted."""
        settings = {}
        for key in sorted(k for k in self.settings if k.isupper() and k not in _RUN_SETTINGS):
            value = self.settings[key]
            try:
                self.fingerprint(value)
            except TypeError:  # a function or a class: its code is in the digest below, or Pelican's
                value = type(value).__qualname__
            settings[key] = value
        versions = [metadata.version(name) for name in ("pelican", "jinja2", "markupsafe", "icalendar", "pagefind")]
        code = core_code_digest() + tree_digest([PLUGIN_CODE, Path(self.theme)], (".py", ".html", ".css", ".js"))
        return self.fingerprint.hex(code, versions, settings, self.options)

    def generate_context(self):
        self.options = ProgrammeSettings.from_settings(self.settings)
        self.urls = SiteUrls(self.options)
        # The build runner hands over its progress display (a bar on a terminal, lines in CI logs).
        display = self.settings.get("SUN_PROGRESS")
        self.stopwatch = Stopwatch(display=display) if display else Stopwatch()
        self.context["stopwatch"] = self.stopwatch
        # Run by ``invoke serve``, the state kept from the last build (sun_site.warm), else None.
        self.warm = self.settings.get("SUN_WARM")
        self._handed: list | None = None  # a forked process's memos, for invoke serve's shelf
        self.fingerprint = self.warm.fingerprinter if self.warm else Fingerprinter()
        self.code_digest = self._build_digest()
        if self.warm:
            self.warm.start(self.code_digest, [self._cache_path(f"{name}.pickle") for name in MEMO_NAMES])
        reading = self._memo("lecture")
        with self.stopwatch.stage("lecture et vérification"):
            programme, report = load_programme(self.path, reading, self.fingerprint)
        self.context["programme_report"] = report
        if programme is not None:  # the posters' warnings, as « invoke check » tells them
            report.problems += poster_problems(programme, self.path)
        if programme is None:
            reading.save(keep_unused=True)  # the next try, once the errors are mended, reads only what changed
            raise ContentError(report.sorted())
        # Saved now and let go: the parsed files are not needed past this point (a national
        # programme's would hold a few hundred megabytes until the end of the build).
        reading.save()
        del reading
        gc.freeze()  # the programme lives until the end of the build: no cycle collection scans it (see build)
        self.memo = self._memo("exports")
        self.programme = programme
        self.context.update(programme=programme, urls=self.urls)
        # SEQUENCE numbers and short addresses come from the state kept beside the content;
        # the new state is written back by the build runner only once the whole build succeeded.
        state_path = os.path.join(self.path, self.options.save_as["publication_state"])
        state = read_state(Path(state_path))
        self.publication, new_state = publication(programme, state, self.options.id_domain)
        self.context["publication_state"] = (state_path, new_state.to_json() if new_state != state else None)
        # Run by the build runner, the output is staged beside the published folder and may reuse it;
        # run by plain Pelican, it is written in place, whole.
        published = Path(self.settings.get("SUN_PUBLISHED") or self.output_path)
        manifest = self._cache_path(f"site-{self.fingerprint.hex(str(published))[:16]}.json")
        in_place = published == Path(self.output_path)
        previous = None
        if not in_place:
            previous = self.warm.manifest(manifest, self.code_digest) if self.warm else None
            if previous is None or not published.is_dir():
                previous = read_manifest(manifest, self.code_digest, published)
        self.staged = StagedOutput(Path(self.output_path), published, previous, self.code_digest)
        self.context.update(staged_output=self.staged, manifest_path=manifest, memo=self.memo)

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
            file_size=frenchdates.file_size,
        )
        self.env.globals["chart"] = _chart
        # What every venue is, in one value: a remembered list of event cards names it (see _macros.html).
        self.env.globals["venues_key"] = self.fingerprint(self.programme.venues)
        # Compiled templates are kept beside the other build caches: compiling the theme's templates
        # takes 0.6 s of every build. Jinja finds a template's code by the digest of its source.
        compiled = self._cache_path("gabarits")
        compiled.mkdir(parents=True, exist_ok=True)
        self.env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
        # Event lines and cards rendered once for all the pages that show them (sun_site.fragments).
        self.env.add_extension(RememberExtension)
        # Loaded only if a page is rendered (a rebuild that keeps every page never needs them). A whole
        # list (a day of the programme, a theme's events…) weighs up to megabytes, and each edit makes
        # a new one: lists are kept from one build to the next only if used; lines and cards as the
        # memo's other entries (all of them in a rebuild; in a cold build, those it asked for: the
        # lines of a list found whole are not asked for, and are made again when that list is).
        self.fragments = _Lazy(lambda: self._memo("fragments", used_only=frozenset({LIST_TABLE})))
        self.env.remembered = RememberedPieces(lambda: self.fragments.value, self.fingerprint)

    def _write_bytes(self, save_as: str, data: bytes) -> None:
        self.staged.write(save_as, data)

    def _write_print_pack(self) -> dict[str, int]:
        """Posters, booklets, packs and QR images; returns each file's size for the pages."""
        if not self.options.posters:
            return {}
        jobs = print_jobs(self.programme, self.urls, self.publication, Path(self.path), self.options.posters_a3)
        # One folder per content folder: the cache keeps only what the last build used (see run_jobs).
        cache = self._cache_root() / self.options.cache_dir / self.fingerprint.hex(str(Path(self.path).resolve()))[:16]
        with self.stopwatch.stage("affiches", total=len(jobs), children=True) as advance:
            results, drawn = run_jobs(jobs, cache, progress=advance)
        self.context["print_report"] = (len(jobs), drawn)
        for save_as, data in results.items():
            self._write_bytes(save_as, data)
        return {save_as: len(data) for save_as, data in results.items()}

    def _write_files(self, files: dict[str, bytes]) -> dict[str, int]:
        for save_as, data in files.items():
            self._write_bytes(save_as, data)
        return {save_as: len(data) for save_as, data in files.items()}

    def _write_media(self) -> dict[str, int]:
        """The images and logos the programme shows: the only files copied from content/, read
        without following links and checked again (see sunprogramme.content_files)."""
        try:
            files = media_bytes(Path(self.path), self.programme.media_files())
        except ContentFileProblem as problem:
            raise ContentError([Problem(self.path, 0, "", str(problem))]) from None
        return self._write_files(files)

    def _write_organiser_files(self) -> dict[str, int]:
        """Editors' JSON Schemas and the spreadsheet templates: linked from pages."""
        files = {self.urls.save_as("schema", name=name): schema_bytes(name) for name in SCHEMA_FILES}
        files[self.urls.save_as("json_schema")] = PROGRAMME_JSON_SCHEMA
        programme = self.programme
        for kind in ("ods", "xlsx", "csv"):  # the help sheet lists venues and partners
            inputs = self.fingerprint(self.code_digest, kind, programme.edition, programme.venues, programme.partners)
            files[self.urls.save_as("template", format=kind)] = self.memo.get(
                "template", inputs, lambda kind=kind: template_bytes(kind, programme))
        return self._write_files(files)

    def _write_open_data(self):
        """The open-data files (CSV, OpenAgenda, frab, data·inclusion): they need nothing from the pages.
        Each is made from the whole programme: kept as published when the programme did not change.
        Each file is written as soon as it is made, and each writer's memo is saved and let go at
        once (a national programme's frab entries alone weigh hundreds of megabytes)."""
        programme, urls, fingerprint = self.programme, self.urls, self.fingerprint
        updated = reference_day(self.options, programme.edition.first_day)
        inputs = (self._programme_key, updated)
        sessions, partners = urls.save_as("sessions_csv"), urls.save_as("partners_csv")
        sizes = {sessions: self._made(sessions, inputs, lambda: self._with_memo(
                     "seances-csv", lambda memo: sessions_csv(programme, urls, memo, fingerprint))),
                 partners: self._made(partners, inputs, lambda: partners_csv(programme, urls))}
        # OpenAgenda: the whole programme, and each commune's file, made from its own events.
        agendas = {None: (urls.save_as("openagenda"), inputs)} | {
            commune: (urls.save_as("commune_openagenda", slug=commune.slug, insee=commune.insee),
                      (programme.edition, commune, self._events_key(programme.events_in_commune(commune.insee))))
            for commune in programme.communes_with_events()}
        remade = [commune for commune, (name, made_from) in agendas.items() if not self._kept(name, made_from)]
        if remade:
            for commune, data in self._with_memo("openagenda", lambda memo: openagenda_files(
                    programme, urls, memo, fingerprint, only=remade)).items():
                name, made_from = agendas[commune]
                self._made(name, made_from, lambda data=data: data)
        sizes |= {name: self.staged.entries[name].size for name, _inputs in agendas.values()}
        # data·inclusion: the structures are the partners and their venues, whatever the events.
        def services(programme, urls, updated):
            return self._with_memo("services-inclusion", lambda memo: service_files(programme, urls, updated, memo))

        for kinds, make, made_from in ((STRUCTURE_KINDS, structure_files, (programme.partners, programme.venues)),
                                       (SERVICE_KINDS, services, inputs)):
            sizes |= self._made_together([urls.save_as(kind) for kind in kinds], (*made_from, updated),
                                         lambda make=make: {urls.save_as(kind): data for kind, data
                                                            in make(programme, urls, updated).items()})
        frab = [urls.save_as("frab_xml"), urls.save_as("frab_json")]
        schedule = None
        if not all(self.staged.made_from(name, self._fingerprint_of(name, inputs)) for name in frab):
            schedule = self._with_memo("frab", lambda memo: frab_schedule(
                programme, urls, self.publication.short_links, memo, fingerprint))
        # One after the other: each is large. schedule.json first: its text, made with the schedule,
        # is let go before schedule.xml is put together.
        sizes[frab[1]] = self._made(frab[1], inputs, lambda: frab_json(schedule))
        if schedule is not None:
            schedule.pop(FRAB_CONFERENCE_TEXT)
        sizes[frab[0]] = self._made(frab[0], inputs, lambda: frab_xml(schedule))
        return sizes, self.staged.delta()

    def _page_fingerprint(self, site: bytes, page, context: dict | None = None) -> str:
        """What ``page`` is made from (``context``: instead of the page's own)."""
        return self.fingerprint.hex(site, page.kind, page.template, page.save_as, page.url, page.in_sitemap,
                                    page.context if context is None else context)

    def _render(self, page, site: bytes) -> None:
        """Render ``page``, unless the published one was made from the same data and still links
        to files of the same sizes."""
        fingerprint = self._page_fingerprint(site, page)
        sizes = self.context["file_sizes"]
        if self.staged.reusable(page.save_as, fingerprint, _sizes_unchanged(sizes)):
            return
        context = self.context.copy()
        recorded = RecordedSizes(sizes)
        if self.settings["RELATIVE_URLS"]:
            context["SITEURL"] = context["localsiteurl"] = path_to_url(get_relative_path(page.save_as))
        context.update(output_file=page.save_as, programme=self.template_programme, file_sizes=recorded,
                       page=page, **page.render_context())
        html = self.get_template(page.template).render(context)
        # The ids it holds, so that a rebuild knows when links into a kept page must be checked again.
        ids = self.fingerprint.hex(sorted(set(_ID.findall(html))))
        self.staged.write(page.save_as, html.encode("utf-8"), fingerprint, {"sizes": recorded.seen, "ids": ids})

    def generate_output(self, writer):
        self._prepare_env()
        watch = self.stopwatch
        # Calendars and open-data files need nothing from the pages: forked processes write them
        # while this one draws the posters and renders the pages.
        # Every event, venue and partner digested once, here: the forked processes inherit the digests,
        # and the keys of what each export shows (see _made).
        programme = self.programme
        self._event_keys: dict[str, bytes] = {}
        self._programme_key = self.fingerprint(programme.edition, self._events_key(programme.events_sorted()),
                                               programme.partners, programme.venues)
        calendars = self._in_fork(self._write_calendars, "calendriers")
        open_data = self._in_fork(self._write_open_data, "données ouvertes")
        printed = self._write_print_pack()
        with watch.stage("exports"):
            self.context["file_sizes"] = printed | self._write_organiser_files() | self._write_media()
        with watch.stage("plan des pages"):
            pages = plan_pages(self.programme, self.urls, self.publication)
            # The search page lists the bundles to merge, so the lots are known before it is rendered.
            lots = search_lots([p.url for p in pages if p.kind in INDEXED_KINDS], self.options.search_lot_pages,
                               [self.options.urls[kind].split("/", 1)[0] for kind in INDEXED_KINDS])
            self.context["search_bundles"] = [lot.bundle for lot in lots]
            self.template_programme = TemplateProgramme(self.programme)
            # What every page may show besides its own data (see TemplateProgramme).
            site = self.fingerprint(self.code_digest, self.programme.edition, self.programme.venues,
                                    self.context["search_bundles"])
        # The search index needs the event and partner pages only: they are rendered first, and the
        # index is built by its own process while this one renders the other pages, writes the
        # exports and the forked ones finish. The open-data page shows each file's weight: it is
        # rendered once those files exist.
        indexed = [page for page in pages if page.kind in INDEXED_KINDS]
        others = [page for page in pages if page.kind not in INDEXED_KINDS and page.kind != "opendata"]
        if not indexed:  # Pagefind refuses a site without pages, even for an empty index
            indexed, others = others, []
        with watch.stage("pages", total=len(indexed) + len(others)) as advance:
            for page in indexed:
                advance(1)
                self._render(page, site)
            lot_inputs = self._lot_fingerprints(pages, lots, site)
            self.context["search_index"] = start_search_index(self.staged, lots, lot_inputs)
            for page in others:
                advance(1)
                self._render(page, site)
        urls, programme = self.urls, self.programme
        with watch.stage("exports"):
            # The print files are all known by now: programme.json lists those (not the open data).
            # Each writer's memo is saved and let go once its file is written (see _write_open_data).
            files = sorted(self.context["file_sizes"])
            self._made(urls.save_as("json"), (self._programme_key, files), lambda: self._with_memo(
                "programme-json", lambda memo: programme_json(programme, urls, self.publication.short_links,
                                                              set(files), memo, self.fingerprint)))
            feeds = _Lazy(lambda: self._memo("fils"))
            updated = self.options.reference_instant(programme.edition.first_day)
            self._feed(feeds, urls.save_as("feed"), updated)
            for commune in programme.communes_with_events():
                self._feed(feeds, urls.save_as("commune_feed", slug=commune.slug, insee=commune.insee), updated,
                           commune)
            if feeds.made:
                feeds.value.save()
            del feeds
            self._write_bytes(urls.save_as("robots"), robots(urls))
            if self.options.public_url:  # a sitemap lists absolute addresses only
                # In address order: a new title reorders the events, not the sitemap (its order means nothing).
                listed = sorted(p.url for p in pages if p.in_sitemap)
                self._made(urls.save_as("sitemap"), (listed,), lambda: sitemap(urls, listed))
        with watch.stage("attente des données ouvertes"):
            sizes, delta = open_data()
            self.staged.merge(delta)
            self.context["file_sizes"] |= sizes
            for page in pages:
                if page.kind == "opendata":
                    self._render(page, site)
        with watch.stage("attente des calendriers"):
            calendars, delta = calendars()
            self.staged.merge(delta)
        if self.fragments.made:
            # A rebuild renders a few pages only: the pieces of the pages it kept are kept too, for
            # the next time those are made again (a cold build keeps only the pieces it used).
            self.fragments.value.save(keep_unused=self.staged.incremental)
        printed = self.context.get("print_report", (0, 0))[0]
        self.context["build_summary"] = (f"{len(programme.events)} événements, {len(pages)} pages, "
                                         f"{calendars} calendriers, {printed} affiches et QR codes")

    def _feed(self, memo: _Lazy, save_as: str, updated, commune=None) -> None:
        """A feed, kept when none of its events (or what it shows of them) changed, else assembled
        from each event's entry, made once for the feed of every event and its commune's."""
        programme, urls = self.programme, self.urls
        events = programme.events_in_commune(commune.insee) if commune else programme.events_sorted()

        def entry(event) -> str:
            key = self.fingerprint(programme.edition, updated, self._event_key(event))
            return memo.value.get("feed entry", key, lambda: feed_entry(programme, urls, event, updated).encode(
                "utf-8")).decode("utf-8")

        self._made(save_as, (programme.edition, updated, commune, self._events_key(events)),
                   lambda: events_feed(programme, urls, updated, commune, entry))

    def _search_fingerprint(self, page, site: bytes) -> str:
        """What the page's search entry is made from: its fingerprint, but for what the entry leaves out."""
        left_out = SEARCH_LEFT_OUT.get(page.kind)
        if not left_out:
            return self.staged.entries[page.save_as].fingerprint
        return self._page_fingerprint(site, page, {k: v for k, v in page.context.items() if k not in left_out})

    def _lot_fingerprints(self, pages, lots, site: bytes) -> list[str]:
        """Each search lot's inputs: its pages' search entries (a lot whose entries are all the same is kept)."""
        made_from = {p.url: self._search_fingerprint(p, site) for p in pages if p.kind in INDEXED_KINDS}
        return [self.fingerprint.hex(lot.bundle, lot.glob, [made_from[url] for url in lot.urls]) for lot in lots]
