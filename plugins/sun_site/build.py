"""Build the site into a staging folder, check it, then put it in place.

A failed build (bad content, a template error, a broken link, anything) leaves the previous
output folder exactly as it was: Pelican writes into ``<output>.partial-<pid>``, and only a
complete, checked build replaces ``<output>``, whole (see ``sun_site.site_files``).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from pelican import Pelican, signals
from pelican.log import console
from pelican.settings import read_settings

from sunprogramme.errors import ContentError, Severity
from sunprogramme.publication_state import write_state
from sunprogramme.settings import SettingsError

from .cache import Cache
from .forks import in_fork
from .links import broken_links
from .progress import BuildProgress
from .verify import missing_files


class StagingError(Exception):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(", ".join(missing))


class BrokenLinksError(Exception):
    def __init__(self, broken: list[str]):
        self.broken = broken
        super().__init__(", ".join(broken))


def _stop_search(contexts: list[dict]) -> None:
    for context in contexts:
        if "search_index" in context:
            context["search_index"].kill()


def _printable(problem, content_dir: str, given: str) -> str:
    """A problem as printed, with the content folder written as the user typed it."""
    return problem.format().replace(content_dir, given.rstrip("/"), 1)


def build(settings_file: str, content: str | None = None, output: str | None = None,
          out=sys.stdout, timings: dict | None = None, caches: dict[Path, Cache] | None = None,
          publishing: bool = False, overrides: dict | None = None) -> int:
    """Run Pelican; return 0 on success, 1 when the content or settings hold errors.
    ``timings``, when given, receives each stage's (wall, CPU) seconds; ``caches``: the build
    caches a long-lived process keeps in memory from one build to the next (``invoke serve``),
    written to disk when it stops (``Cache.write_index``). Without, they are written at once.
    ``publishing`` (``invoke publish`` only): the publication state in the content folder is
    updated once the site is in place; any other build only reads it, and never writes into
    the content folder. ``overrides``: settings that replace the file's (``invoke publish``'s address
    without its trailing slash)."""
    kept = caches is not None
    caches = caches if kept else {}
    succeeded = False
    # Python's collector of reference cycles scans every object at each full pass: with a national
    # programme and its cache in memory, seconds a build, for cycles the build hardly makes. What
    # exists now (a cache kept by « invoke serve ») and, later, the cache's index and the programme
    # are set aside from its passes until the build ends (an edit at 6,000 events in serve: 9.6 s
    # without, 5.5 s with; see docs/performance.md).
    gc.freeze()
    try:
        succeeded = _build(settings_file, content, output, out, timings, caches, publishing,
                           overrides or {}) == 0
        return 0 if succeeded else 1
    finally:
        for cache in caches.values():
            cache.finish(complete=succeeded, write=not kept)
        gc.unfreeze()


def _build(settings_file: str, content: str | None, output: str | None, out, timings: dict | None,
           caches: dict[Path, Cache], publishing: bool = False, overrides: dict | None = None) -> int:
    started_build = time.perf_counter()
    logging.getLogger("pelican").setLevel(logging.WARNING)
    console.quiet = True  # Pelican's own « Done: Processed 0 articles » line says nothing useful here
    if content and not Path(content).is_dir():
        print(f"✗ Dossier de contenu introuvable : {content}", file=out)
        return 1
    overrides = {**(overrides or {}), **({"PATH": str(Path(content).resolve())} if content else {})}
    try:
        settings = read_settings(settings_file, override=overrides)
    except ValueError as error:  # Pelican refuses a missing content folder or theme
        print(f"✗ Réglages impossibles à lire ({settings_file}) : {error}", file=out)
        return 1
    target = Path(output or settings["OUTPUT_PATH"]).resolve()
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    if partial.exists():
        shutil.rmtree(partial)
    settings["OUTPUT_PATH"] = str(partial)
    settings["SUN_PUBLISHED"] = str(target)
    settings["SUN_PROGRESS"] = BuildProgress(out)
    settings["SUN_CACHES"] = caches
    reports, states, printed = [], [], []

    def keep_report(generators):
        for generator in generators:
            if hasattr(generator, "programme"):
                reports.append(generator.context["programme_report"])
                printed.append(generator.context)
                states.append(generator.context["publication_state"])

    signals.all_generators_finalized.connect(keep_report)
    try:
        Pelican(settings).run()
        # The staged site is checked while the search index is being built on the other core.
        for context in printed:
            files = context["site_files"]
            with context["stopwatch"].stage("vérification du site"):
                files.take_staged()  # the theme's files, which Pelican wrote
                missing = missing_files(files.path("programme.json"), files.blobs)
                if missing:
                    raise StagingError(missing)
                # By a forked process, with the links of each page in an index of its own (see Cache.forked).
                broken = in_fork(files.cache, lambda files=files: broken_links(
                    None, settings.get("SITEURL", ""), cache=files.cache, pages=files.blobs), "liens", "liens")()
                if broken:
                    raise BrokenLinksError(broken)
        for context in printed:
            started = time.perf_counter()
            context["search_index"].finish()
            context["stopwatch"].stages["attente de la recherche (Pagefind)"] = (time.perf_counter() - started, 0.0)
    except (StagingError, BrokenLinksError) as error:
        _stop_search(printed)
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, StagingError):
            print(f"✗ Construction incomplète : {len(error.missing)} fichier(s) annoncé(s) dans programme.json "
                  f"manquent ({', '.join(error.missing[:5])}). Le dossier {target} n'a pas été modifié.", file=out)
        else:
            print(f"✗ Construction arrêtée : {len(error.broken)} lien(s) interne(s) mènent nulle part "
                  f"({', '.join(error.broken[:5])}). Le dossier {target} n'a pas été modifié.", file=out)
        return 1
    except ContentError as error:
        shutil.rmtree(partial, ignore_errors=True)
        for problem in error.problems:
            print(_printable(problem, settings["PATH"], content or "content"), file=out)
        print(f"\n✗ Construction arrêtée : {len([p for p in error.problems if p.severity is Severity.ERROR])} "
              f"erreur(s). Le dossier {target} n'a pas été modifié.", file=out)
        return 1
    except SettingsError as error:
        shutil.rmtree(partial, ignore_errors=True)
        print(f"✗ {error}", file=out)
        return 1
    except BaseException:
        _stop_search(printed)
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        signals.all_generators_finalized.disconnect(keep_report)
    for context in printed:
        with context["stopwatch"].stage("mise en place"):
            context["site_files"].publish()
    for cache in caches.values():
        print(f"Cache : {cache.made} étape(s) refaite(s), {cache.found} reprise(s) telle(s) quelle(s).", file=out)
    for folder, name, new_state in states if publishing else ():
        if write_state(folder, new_state, name):  # a session changed, an event came or went
            shown = str(folder / name).replace(settings["PATH"], (content or "content").rstrip("/"), 1)
            print(f"État de publication mis à jour ({shown}) : committez ce fichier avec le contenu.", file=out)
    for report in reports:
        for problem in report.sorted():
            print(_printable(problem, settings["PATH"], content or "content"), file=out)
    summary = ""
    for context in printed:
        if timings is not None:
            timings.update(context["stopwatch"].stages)
        for stage, (wall, _cpu) in context["stopwatch"].stages.items():
            print(f"  {stage} : {wall:.1f} s".replace(".", ","), file=out)
        if "print_report" in context:
            total, drawn = context["print_report"]
            print(f"Affiches et QR codes : {total} fichiers, dont {drawn} dessinés (les autres repris du cache).",
                  file=out)
        summary = context.get("build_summary", "")
    elapsed = f"{time.perf_counter() - started_build:.1f}".replace(".", ",")
    print(f"✓ Site construit dans {target}{' : ' + summary if summary else ''}, en {elapsed} s.", file=out)
    return 0
