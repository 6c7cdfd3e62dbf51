"""``invoke new-edition 2027``: the current edition goes to the archive, and a new one starts.

The current edition's ``edition.yaml`` and ``events/`` move to ``editions/<its year>/`` (with
``git mv`` inside a git repository, so that git sees renames; a plain move otherwise); a new
``edition.yaml`` is written with its dates to fill, and an empty ``events/``. Partners, venues,
images and logos are shared by every edition, and the publication state keeps every edition's
short addresses and calendar numbers by event id: neither changes. Nothing is moved when the
new edition is refused (it exists already, or the current one cannot be read).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, TextIO

from .editions import ARCHIVE_FOLDER
from .errors import Report
from .loader import _read_edition as read_edition

_YEAR = re.compile(r"^(19|20)[0-9]{2}$")
_WRITTEN_YEAR = re.compile(r"^debut\s*:\s*[\"']?([0-9]{4})-", re.MULTILINE)  # its year, even with « MM-JJ »


def _git(folder: Path, *args: str) -> bool:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False).returncode == 0
    except OSError:  # no git on this machine
        return False


def _move(source: Path, target: Path, content_dir: Path) -> bool:
    """Move ``source`` to ``target``: ``git mv`` when git tracks it, a plain move otherwise. Whether
    git moved it."""
    if (_git(content_dir, "ls-files", "--error-unmatch", "--", str(source.resolve()))
            and _git(content_dir, "mv", "--", str(source.resolve()), str(target.resolve()))):
        return True
    source.rename(target)
    return False


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a YAML double-quoted string


def _named(text: str, old: int, new: int) -> str:
    """« SUN 2026 » → « SUN 2027 »; a name without its year gets it."""
    return text.replace(str(old), str(new)) if str(old) in text else f"{text} {new}"


def edition_text(year: int, previous: int, raw: dict[str, Any]) -> str:
    """The new edition.yaml: name and title from the previous edition's (``raw``: its fields as
    written), dates to fill, and what does not change from year to year (contact, legal notice,
    territory) carried over, to check."""
    lines = [f"# Édition {year}, commencée par « invoke new-edition {year} » : l'édition {previous} est rangée dans",
             f"# content/{ARCHIVE_FOLDER}/{previous}/ (ses pages restent en ligne, aux mêmes adresses).",
             "# À faire : remplacez les dates « MM-JJ » par le premier et le dernier jour du festival, écrivez",
             "# la présentation, puis lancez « invoke check ».",
             f"nom: {_text(_named(str(raw.get('nom', 'SUN')), previous, year))}",
             f"titre: {_text(_named(str(raw.get('titre', 'Semaines des Usages Numériques')), previous, year))}",
             "# Premier jour du festival (AAAA-MM-JJ), à compléter",
             f'debut: "{year}-MM-JJ"',
             "# Dernier jour du festival (AAAA-MM-JJ), à compléter",
             f'fin: "{year}-MM-JJ"',
             f"# Présentation du festival (Markdown), à écrire : celle de {previous} est dans",
             f"# content/{ARCHIVE_FOLDER}/{previous}/edition.yaml",
             "# presentation: |",
             f"#   Du … au … {year}, les Semaines des Usages Numériques reviennent…"]
    carried = [key for key in ("contact", "editeur", "responsable_publication", "hebergement", "territoire")
               if raw.get(key)]
    if carried:
        lines.append(f"# Repris de l'édition {previous} : vérifiez-les")
    for key in carried:
        value = raw[key]
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {inner}: {_text(str(item))}" for inner, item in value.items() if item is not None]
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_text(str(item)) for item in value)}]")
        else:
            lines.append(f"{key}: {_text(str(value))}")
    return "\n".join(lines) + "\n"


def new_edition(content: str | Path, year_text: str, out: TextIO = sys.stdout) -> int:
    """Archive the current edition of ``content`` and start the edition of ``year_text``; 0 when
    done, 1 when refused (said in French, nothing changed)."""
    content_dir = Path(content)
    shown = str(content).rstrip("/")

    def refuse(message: str) -> int:
        print(f"✗ Nouvelle édition refusée : {message}. Rien n'a été modifié.", file=out)
        return 1

    if not _YEAR.match(year_text):
        return refuse(f"« {year_text} » n'est pas une année ; écrivez-la en quatre chiffres, par exemple "
                      "invoke new-edition 2027")
    year = int(year_text)
    path = content_dir / "edition.yaml"
    written = _WRITTEN_YEAR.search(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else None
    if written and written[1] == year_text:  # its dates may still be to fill (« 2027-MM-JJ »)
        return refuse(f"l'édition {year} existe déjà : c'est l'édition en cours ({shown}/edition.yaml)")
    report = Report()
    edition, reporter = read_edition(content_dir, report)
    if edition is None or reporter is None:
        for problem in report.sorted():
            print(problem.format(), file=out)
        return refuse(f"l'édition en cours ({shown}/edition.yaml) doit être lisible pour être rangée ; corrigez-la "
                      "d'abord (invoke check)")
    current = edition.year
    archive = content_dir / ARCHIVE_FOLDER / str(current)
    if year == current:
        return refuse(f"l'édition {year} existe déjà : c'est l'édition en cours ({shown}/edition.yaml)")
    if (content_dir / ARCHIVE_FOLDER / year_text).exists():
        return refuse(f"l'édition {year} existe déjà : {shown}/{ARCHIVE_FOLDER}/{year_text}/")
    if year < current:
        return refuse(f"l'édition en cours est celle de {current} ; une nouvelle édition vient après elle (par "
                      f"exemple invoke new-edition {current + 1})")
    if archive.exists():
        return refuse(f"{shown}/{ARCHIVE_FOLDER}/{current}/ existe déjà : l'édition en cours ({current}) ne peut pas "
                      "y être rangée ; deux éditions la même année ne sont pas prises en charge")
    events = content_dir / "events"
    count = len([p for p in events.iterdir() if not p.name.startswith(".")]) if events.is_dir() else 0
    archive.mkdir(parents=True)
    by_git = _move(content_dir / "edition.yaml", archive / "edition.yaml", content_dir)
    if events.is_dir():
        by_git = _move(events, archive / "events", content_dir) or by_git
    events.mkdir()
    (events / ".gitkeep").write_text("", encoding="utf-8")  # git keeps no empty folder
    (content_dir / "edition.yaml").write_text(edition_text(year, current, reporter.doc.data), encoding="utf-8")
    print(f"✓ Édition {current} rangée dans {shown}/{ARCHIVE_FOLDER}/{current}/ (edition.yaml et {count} "
          f"événement(s){', déplacés avec git mv' if by_git else ''}) : ses pages restent en ligne, aux mêmes "
          f"adresses ; son programme, ses communes et ses calendriers sous /{current}/.", file=out)
    print(f"✓ Édition {year} commencée : {shown}/edition.yaml (dates à compléter) et {shown}/events/ (vide).", file=out)
    print(f"  Les partenaires et les lieux ({shown}/partners/), les images et les logos servent à toutes les "
          "éditions : rien à recopier.", file=out)
    print("  L'état de publication garde les adresses courtes de toutes les éditions : ne le modifiez pas.", file=out)
    print("Et maintenant :", file=out)
    print(f"  1. Dans {shown}/edition.yaml, remplacez « MM-JJ » par les dates du festival et écrivez la "
          "présentation.", file=out)
    print(f"  2. Ajoutez les événements de {year} dans {shown}/events/ (invoke new-event, invoke import…) ; un "
          "identifiant déjà pris par une édition passée est refusé.", file=out)
    print("  3. Vérifiez avec invoke check, puis committez le dossier du programme (git add "
          f"{shown} && git commit).", file=out)
    return 0
