"""What ``invoke import``, ``invoke export-sheet`` and ``invoke template`` do."""

from __future__ import annotations

import sys
from pathlib import Path

from ..loader import load_programme
from ..model import Programme
from .columns import EXAMPLE_ROW_TITLE
from .event_writing import CONFLICTS
from .importer import import_path
from .workbook import help_rows, programme_rows, workbook_bytes

TEMPLATE_NAME = "programme-sun"


def run_import(path: str, content: str, out=sys.stdout) -> int:
    source = Path(path)
    if not source.exists():
        print(f"✗ {path} introuvable", file=out)
        return 1
    report = import_path(source, Path(content))
    for line in report.lines:
        print(line.format(), file=out)
    failed = bool(report.errors or report.conflicts)
    print(f"\n{'✗' if failed else '✓'} Import : {report.summary()}.", file=out)
    if report.errors:
        print("Rien n'a été écrit : corrigez ces erreurs dans le tableur, puis relancez l'import.", file=out)
    elif report.conflicts:
        events, aside = f"{Path(content).name}/events/", f"{Path(content).name}/{CONFLICTS}/"
        print(f"Les conflits n'ont rien écrit dans {events} : pour chacun, comparez le fichier de {events} et la "
              f"version du tableur dans {aside}, reportez dans {events} ce qu'il faut garder, puis supprimez le "
              f"fichier de {aside}.", file=out)
    return 1 if failed else 0


def _help(programme: Programme | None) -> list[list[str]]:
    venues = sorted((v.id, f"{v.name} ({v.commune.name})") for v in programme.venues.values()) if programme else []
    partners = sorted((p.id, p.name) for p in programme.partners.values()) if programme else []
    return help_rows(venues, partners)


def export_sheet(content: str, output: str, out=sys.stdout) -> int:
    target = Path(output)
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("ods", "xlsx", "csv"):
        print("✗ choisissez un fichier .ods, .xlsx ou .csv", file=out)
        return 1
    rows = programme_rows(Path(content))
    target.write_bytes(workbook_bytes(kind, rows, _help(load_programme(Path(content))[0])))
    print(f"✓ {len(rows)} séances écrites dans {target}", file=out)
    return 0


def template_bytes(kind: str, programme: Programme | None) -> bytes:
    """An empty template with one example row; the help sheet lists the programme's venues and partners."""
    example = {"Identifiant": "", "Titre": EXAMPLE_ROW_TITLE, "Date": "13/10/2026", "Début": "14:00", "Fin": "16:00",
               "Résumé": "Allumer son téléphone, appeler, envoyer un message.", "Format": "atelier",
               "Thèmes": "smartphone-tablette", "Publics": "seniors", "Inscription obligatoire": "oui",
               "Téléphone d'inscription": "01 99 00 12 34"}
    from .columns import HEADERS

    return workbook_bytes(kind, [[example.get(h, "") for h in HEADERS]], _help(programme))


def write_templates(content: str, folder: str, out=sys.stdout) -> int:
    Path(folder).mkdir(parents=True, exist_ok=True)
    programme, _ = load_programme(Path(content))
    for kind in ("ods", "xlsx", "csv"):
        target = Path(folder) / f"{TEMPLATE_NAME}.{kind}"
        target.write_bytes(template_bytes(kind, programme))
        print(f"✓ {target}", file=out)
    return 0
