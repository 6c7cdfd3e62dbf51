"""The import of a data·inclusion export into the partner files: ``invoke import-partners FILE``.

Each structure of the territory (its ``code_insee``, else its commune, is one of
``communes.csv``) becomes a partner file, or updates the one it was imported into
before, or the one with the same name in the same commune:

- ``nom``, ``site``, ``description``, ``contact`` (``telephone``, ``email``), ``horaires``;
- ``communes``: the structure's, and those of its services (``code_insee``, ``zone_eligibilite``);
- ``offre``: the names of its services;
- ``themes``: our themes for its services' ``thematiques``, by the reverse of the
  ``data_inclusion`` key of ``themes.yaml`` (a thématique several themes list goes to the
  first of them; one that no theme lists is reported, with its value);
- a venue under ``lieux`` from its address (name, address, postcode, commune,
  coordinates, acceslibre page).

Each field follows one rule, so that nothing typed by hand is overwritten without a word:
the file's value is replaced when it is empty or still what the last import wrote;
when it was changed by hand and data·inclusion changed too, the file keeps its value
and the report names the conflict (once: the state remembers what data·inclusion
said). The lists ``communes``, ``offre`` and ``themes`` are merged line by line
instead: lines data·inclusion added are added, lines it removed are removed if still
there, lines typed by hand stay. ``type`` and the venue's name are written when the
file or the venue is created, and left to the organisers afterwards.

``imports/data-inclusion.json`` in the content folder remembers, for each structure
(by source and id), its partner, its venue and the values last imported. The
candidate files are checked like ``invoke check`` in a scratch copy before anything
is written; a file that would not pass is not written. Re-importing the same export
writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ...writers.datainclusion import mapping
from .export_reader import ExportError, read_export, validated
from .import_run import ImportRun
from .partner_writing import check_and_write
from .report import PartnersReport
from .values import territory

STRUCTURE_USED = {"source", "id", "nom", "date_maj", "description", "commune", "code_postal", "code_insee", "adresse",
                  "complement_adresse", "longitude", "latitude", "telephone", "courriel", "site_web",
                  "horaires_accueil", "accessibilite_lieu", "reseaux_porteurs"}
SERVICE_USED = {"source", "structure_id", "id", "nom", "date_maj", "code_insee", "zone_eligibilite", "thematiques"}


def _unused(records: list[dict[str, Any]], used: set[str]) -> str:
    counts: dict[str, int] = {}
    for record in records:
        for key, value in record.items():
            if key not in used and value not in (None, "", [], {}):
                counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{key} ({count})" for key, count in sorted(counts.items()))


def import_partners(path: Path, content: Path) -> PartnersReport:
    """Import a data·inclusion export (file or folder) into the partner files of ``content``."""
    report = PartnersReport()
    try:
        export = read_export(path)
        import data_inclusion.schema.v1 as di
    except ExportError as error:
        report.unreadable = True
        report.add(str(error.path), error.message, "erreur")
        return report
    except ImportError:
        report.unreadable = True
        report.add(str(path), "le paquet data-inclusion-schema manque pour vérifier le fichier : installez-le "
                              "(.venv/bin/pip install data-inclusion-schema)", "erreur")
        return report
    structures = validated(di.Structure, export.structures, "structure", export.structures_source, report)
    services = validated(di.Service, export.services, "service", export.services_source, report)
    try:
        run = ImportRun(content, report)
    except ExportError as error:
        report.unreadable = True
        report.add(str(error.path), error.message, "erreur")
        return report
    by_structure: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for service in services:
        by_structure.setdefault((service["source"], service["structure_id"]), []).append(service)
    valid_keys = {(s["source"], s["id"]) for s in structures}
    refused_ids = set(report.refused)
    for service in services:
        key = (service["source"], service["structure_id"])
        if key not in valid_keys:
            why = "est refusée" if service["structure_id"] in refused_ids else "est absente du fichier"
            report.add(export.services_source, f"service « {service['id']} » ignoré : sa structure "
                                               f"« {service['structure_id']} » {why}", "attention")
    taken_structures, taken_services = [], []
    own_source = mapping()["source"]
    for record in structures:
        commune = territory(record)
        own = by_structure.get((record["source"], record["id"]), [])
        if record["source"] == own_source:
            report.add(export.structures_source, f"structure « {record['id']} » : publiée par ce site (source "
                                                 f"{own_source}), non reprise", "attention")
            continue
        if commune is None:
            where = " ".join(str(record[k]) for k in ("commune", "code_insee") if record.get(k)) or "commune inconnue"
            with_services = ", avec son service" if len(own) == 1 else (f", avec ses {len(own)} services" if own
                                                                         else "")
            report.left_out.append(record["id"])
            report.add(export.structures_source, f"structure « {record['id']} » ({record['nom']}, {where}) : hors du "
                                                 f"territoire de SUN, non reprise{with_services}", "attention")
            continue
        taken_structures.append(record)
        taken_services += own
        run.structure(record, commune, own, export.structures_source)
    check_and_write(run, content, report)
    for source, records, used, what in ((export.structures_source, taken_structures, STRUCTURE_USED, "structures"),
                                        (export.services_source, taken_services, SERVICE_USED, "services")):
        unused = _unused(records, used)
        if unused:
            head = ("seuls leur nom (dans « offre ») et leurs thématiques (dans « themes ») sont repris ; "
                    if what == "services" else "")
            report.add(source, f"{what} : {head}non repris, faute de champ dans les fiches partenaires : {unused}")
    if not report.written:
        report.add(str(path), "rien n'a changé : aucune fiche écrite")
    return report


def run_import_partners(path: str, content: str, out=sys.stdout) -> int:
    """``invoke import-partners``: the report, then a summary; 1 when the file cannot be read."""
    source = Path(path)
    if not source.exists():
        print(f"✗ {path} introuvable", file=out)
        return 1
    report = import_partners(source, Path(content))
    for line in report.lines:
        print(line.format(), file=out)
    if report.unreadable:
        print("\n✗ Import data·inclusion : fichier illisible, rien n'a été importé.", file=out)
        return 1
    print(f"\n✓ Import data·inclusion : {report.summary()}.", file=out)
    return 0
