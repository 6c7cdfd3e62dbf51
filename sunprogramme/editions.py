"""Several editions in one content folder: the current one, and the archive of past ones.

Layout::

    edition.yaml, events/            the current edition
    editions/<year>/edition.yaml     a past edition; <year> is the year of its first day
    editions/<year>/events/          its events
    partners/, images/, logos/       shared by every edition (a venue is typed once, for all years)
    publication-state.jsonl          shared: a short address is never given twice in the site

Every edition is read and checked as the current one is (``loader``); then together
(``check_editions``): a past edition is older than the current one and sits in the folder of its
year, no two editions share a day (a day's page is the site's, at ``jours/<date>/``), and an
event id is used once in the whole site (its page, short address and calendar entries keep
naming that event after it is archived). Where the pages of each edition live:
``edition_pages``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from .errors import Report
from .model import Edition, Event
from .reading import LINK_REFUSED, FileReporter, shown_path

ARCHIVE_FOLDER = "editions"
ARCHIVE_ENTRIES = {"edition.yaml", "events"}
_YEAR = re.compile(r"^(19|20)[0-9]{2}$")
_WHERE = ("une édition passée se range dans editions/<année>/ (par exemple editions/2025/), avec son edition.yaml et "
          "son dossier events/")


@dataclass(frozen=True)
class EditionRead:
    """One edition as the loader read it: None for an edition whose file holds an error."""

    edition: Edition | None
    reporter: FileReporter | None  # of its edition.yaml
    events: dict[str, Event]
    folder: Path  # the content folder (current edition) or editions/<year>/
    year: int | None = None  # the folder's year; None for the current edition


def archive_folders(content_dir: Path, report: Report) -> list[tuple[int, Path]]:
    """The folders of the past editions, newest first; anything else under editions/ is an error
    (its events would silently be left out), anything else in an edition's folder a warning."""
    root = content_dir / ARCHIVE_FOLDER
    if root.is_symlink():
        report.error(shown_path(content_dir, ARCHIVE_FOLDER), 0, "", LINK_REFUSED)
        return []
    if not root.exists():
        return []
    if not root.is_dir():
        report.error(shown_path(content_dir, ARCHIVE_FOLDER), 0, "", f"doit être un dossier : {_WHERE}")
        return []
    found = []
    for entry in sorted(root.iterdir()):
        shown = shown_path(content_dir, ARCHIVE_FOLDER, entry.name)
        if entry.name.startswith(".") or entry.name.lower().startswith("readme"):
            continue
        if entry.is_symlink():
            report.error(shown, 0, "", LINK_REFUSED)
        elif not entry.is_dir() or not _YEAR.match(entry.name):
            report.error(shown, 0, "", f"non lu : {_WHERE}")
        else:
            for inner in sorted(entry.iterdir()):
                if not inner.name.startswith(".") and inner.name not in ARCHIVE_ENTRIES:
                    report.warning(shown_path(content_dir, ARCHIVE_FOLDER, entry.name, inner.name), 0, "",
                                   "ignoré : une édition passée ne contient que edition.yaml et events/ (partenaires, "
                                   "lieux, images et logos sont communs à toutes les éditions)")
            found.append((int(entry.name), entry))
    return sorted(found, reverse=True)


def _days(edition: Edition) -> str:
    return f"du {edition.first_day:%d/%m/%Y} au {edition.last_day:%d/%m/%Y}"


def check_editions(editions: list[EditionRead], report: Report) -> None:
    """What the editions must be together (``editions[0]``: the current one, then the past ones):
    each past edition in the folder of its year and older than the current one, no day shared by
    two editions, no event id used by two editions (the newer file is told)."""
    current = editions[0].edition
    misplaced = set()  # told already: its dates are not compared with the others'
    for read in editions[1:]:
        if read.edition is None or read.reporter is None or read.year is None:
            continue
        if read.edition.year != read.year or (current is not None and read.year >= current.year):
            misplaced.add(read.year)
        if read.edition.year != read.year:
            read.reporter(("debut",), "debut", f"cette édition commence en {read.edition.year} : rangez-la dans "
                                               f"editions/{read.edition.year}/ (le dossier porte l'année de son "
                                               "premier jour)")
        elif current is not None and read.year >= current.year:
            read.reporter(("debut",), "debut", f"l'édition en cours (edition.yaml) commence en {current.year} : une "
                                               "édition passée est d'une année antérieure")
    dated = sorted((r for r in editions if r.edition is not None and r.reporter is not None
                    and r.year not in misplaced),
                   key=lambda r: r.edition.first_day)  # type: ignore[union-attr]
    for older, newer in pairwise(dated):
        assert older.edition is not None and newer.edition is not None and newer.reporter is not None
        if newer.edition.first_day <= older.edition.last_day:
            newer.reporter(("debut",), "debut", f"dates qui chevauchent celles de l'édition {older.edition.name} "
                                                f"({_days(older.edition)}) : deux éditions n'ont aucun jour en "
                                                "commun (chaque jour a une seule page dans le site)")
    seen: dict[str, str] = {}  # event id → its file, from the oldest edition to the newest
    for read in sorted(editions, key=lambda r: r.year if r.year is not None else 10_000):
        for event in read.events.values():
            shown = shown_path(read.folder, event.source)
            if event.id in seen:
                name = Path(event.source).name
                report.error(shown, 0, "", f"identifiant « {event.id} » déjà utilisé par une autre édition "
                                           f"({seen[event.id]}) : sa page, son adresse courte et ses calendriers "
                                           f"restent les siens ; renommez ce fichier (par exemple "
                                           f"{event.id}-{_year_of(read)}{Path(name).suffix})")
            else:
                seen[event.id] = shown


def _year_of(read: EditionRead) -> str:
    return str(read.edition.year) if read.edition is not None else "bis"
