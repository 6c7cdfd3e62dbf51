"""A sheet's rows as candidate event files: the rows of each event gathered, venues and partners
found by id or name (or described as new), and the spreadsheets' usual mistakes told with their fix."""

from __future__ import annotations

from typing import Any

from ..model import Programme
from ..vocabularies import find_commune, slugify
from ..yamlstrict import Path as YamlPath
from .candidate import Candidate
from .columns import COLUMNS, VERSION_HEADER
from .event_text import event_file_text, normalise_value
from .import_report import ImportReport, ReportLine
from .sheet_versions import Base, rows_fingerprint
from .sheets import Sheet, SheetRow


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]


def _resolve(text: str, by_id: dict[str, Any], name_of) -> str:
    """A venue or partner written by id or by name (accents and case ignored)."""
    if text in by_id:
        return text
    wanted = slugify(text)
    for key, value in by_id.items():
        if wanted in (key, slugify(name_of(value))):
            return key
    return text


def _known(sheet: Sheet, row: SheetRow, header: str, text: str, by_id: dict[str, Any], name_of, report,
           what: str, fix: str) -> str:
    """A venue or partner written by id or by name; an unknown one is reported with its fix."""
    found = _resolve(text, by_id, name_of)
    if found not in by_id:
        from ..fields import suggest

        names = [name_of(v) for v in by_id.values()]
        hint = suggest(text, names) or suggest(slugify(text), list(by_id))
        report.lines.append(ReportLine(sheet.source, row.number, header, f"{what} « {text} » inconnu{hint} : {fix}"))
    return found


def _precheck(row: SheetRow, column: str, value: str) -> str | None:
    """Mistakes that spreadsheets make, told with their fix before the general checks run."""
    header = column
    if header in ("Date", "Date de fin"):
        parts = value.split("/")
        if len(parts) == 3 and len(parts[2]) == 2:
            return f"date « {value} » : écrivez l'année en entier ({parts[0]}/{parts[1]}/20{parts[2]})"
    if "téléphone" in header.lower() and value.isdigit() and len(value) == 9 and not value.startswith("0"):
        return (f"numéro « {value} » : le 0 du début a disparu (le tableur l'a pris pour un nombre) ; "
                f"écrivez 0{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:9]}, et formatez la colonne "
                "en « Texte »")
    return None


def sheet_candidates(sheet: Sheet, programme: Programme | None, report: ImportReport) -> list[Candidate]:
    """The candidate event files of a sheet; an event with a problem here gives none."""
    venues = programme.venues if programme else {}
    partners = programme.partners if programme else {}
    new: dict[str, Any] = {"partners": {}, "venues": [], "known_partners": set(), "known_venues": set()}
    groups: dict[str, list[SheetRow]] = {}
    for row in sheet.rows:
        if row.empty:
            continue
        event_id = row.cells.get("Identifiant", "").strip() or slugify(row.cells.get("Titre", ""))[:60].strip("-")
        if not event_id:
            report.lines.append(ReportLine(
                sheet.source, row.number, "Identifiant",
                "ni identifiant ni titre : impossible de savoir de quel événement il s'agit"))
            continue
        groups.setdefault(event_id, []).append(row)
    candidates = []
    for event_id, rows in groups.items():
        before = len(report.errors)
        data: dict[str, Any] = {}
        rows_of: dict[YamlPath, int] = {(): rows[0].number}
        for column in COLUMNS:
            if column.key in ("id", "commune", "version") or column.key.startswith(("seance.", "nouveau_")):
                continue
            chosen, chosen_row = "", rows[0]
            for row in rows:
                value = row.cells.get(column.header, "").strip()
                if value and chosen and value != chosen:
                    report.lines.append(ReportLine(
                        sheet.source, row.number, column.header,
                        f"« {value} » diffère de la ligne {chosen_row.number} (« {chosen} ») pour le même événement : "
                        "une seule valeur par événement"))
                elif value and not chosen:
                    chosen, chosen_row = value, row
            if not chosen:
                continue
            fix = _precheck(chosen_row, column.header, chosen)
            if fix:
                report.lines.append(ReportLine(sheet.source, chosen_row.number, column.header, fix))
                continue
            key, _, sub = column.key.partition(".")
            value: Any = _split(chosen) if column.multiple else normalise_value(sub or key, chosen)
            if key == "lieu":
                value = _known(sheet, chosen_row, column.header, chosen, venues, lambda v: v.name, report, "lieu",
                               "choisissez un lieu de l'onglet Aide, ou décrivez-le dans les colonnes "
                               "« Nouveau lieu »")
            elif key == "organisateurs":
                partner_type = _first(rows, "Nouveau partenaire : type")
                value = [_organiser(sheet, chosen_row, column.header, name, partners, partner_type, report, new)
                         for name in value]
            if sub:
                data.setdefault(key, {})[sub] = value
                rows_of[(key, sub)] = chosen_row.number
            else:
                data[key] = value
                rows_of[(key,)] = chosen_row.number
        commune_text = _first(rows, "Commune")
        venue_name = _first(rows, "Nouveau lieu : nom")
        if venue_name and "lieu" not in data:
            _new_venue(sheet, rows, venue_name, commune_text, data, new, venues, report)
        elif commune_text:
            _check_commune(sheet, rows[0], commune_text, data.get("lieu"), venues, report)
        sessions = []
        for index, row in enumerate(rows):
            session: dict[str, Any] = {}
            for column in COLUMNS:
                if not column.key.startswith("seance."):
                    continue
                value = row.cells.get(column.header, "").strip()
                if not value:
                    continue
                fix = _precheck(row, column.header, value)
                if fix:
                    report.lines.append(ReportLine(sheet.source, row.number, column.header, fix))
                    continue
                session[column.key.removeprefix("seance.")] = normalise_value(column.key.removeprefix("seance."), value)
                rows_of[("seances", index, column.key.removeprefix("seance."))] = row.number
            rows_of[("seances", index)] = row.number
            sessions.append(session)
        data["seances"] = sessions
        rows_of[("seances",)] = rows[0].number
        if len(report.errors) > before:
            continue
        candidates.append(Candidate(event_id, sheet.source, event_file_text(data), rows_of, rows[0].number,
                                     dict(new["partners"]), list(new["venues"]), data,
                                     rows_fingerprint([r.cells for r in rows]),
                                     Base.from_cell(_first(rows, VERSION_HEADER))))
        new["partners"].clear()
        new["venues"].clear()
    return candidates


def _first(rows: list[SheetRow], header: str) -> str:
    return next((r.cells.get(header, "").strip() for r in rows if r.cells.get(header, "").strip()), "")


def _organiser(sheet: Sheet, row: SheetRow, header: str, name: str, partners, partner_type: str, report,
               new) -> str:
    """A known partner (by id or name), or a new one when the sheet gives its type."""
    found = _resolve(name, partners, lambda p: p.name)
    if found in partners or found in new["known_partners"]:
        return found
    if not partner_type:
        return _known(sheet, row, header, name, partners, lambda p: p.name, report, "partenaire",
                      "choisissez un partenaire de l'onglet Aide, ou donnez son type dans la colonne "
                      "« Nouveau partenaire : type » pour créer sa fiche")
    partner_id = slugify(name)[:50].strip("-")
    new["partners"][partner_id] = {"nom": name, "type": partner_type}
    new["known_partners"].add(partner_id)
    return partner_id


def _new_venue(sheet: Sheet, rows: list[SheetRow], name: str, commune: str, data: dict[str, Any], new, venues,
               report) -> None:
    """A venue described in the « Nouveau lieu » columns, added to the first organiser's file."""
    if not commune or find_commune(commune) is None:
        if commune:
            _check_commune(sheet, rows[0], commune, None, venues, report)
        else:
            report.lines.append(ReportLine(sheet.source, rows[0].number, "Commune",
                                           "indiquez la commune du nouveau lieu"))
        return
    venue_id = slugify(f"{name} {find_commune(commune).name}")[:60].strip("-")
    data["lieu"] = venue_id
    if venue_id in venues or venue_id in new["known_venues"]:
        return  # described again by another row or an earlier import: the address is typed once
    organisers = data.get("organisateurs") or []
    if not organisers:
        report.lines.append(ReportLine(sheet.source, rows[0].number, "Organisateurs",
                                       "un nouveau lieu s'ajoute à la fiche de son organisateur : indiquez-le"))
        return
    venue = {"id": venue_id, "nom": name, "adresse": _first(rows, "Nouveau lieu : adresse"),
             "code_postal": _first(rows, "Nouveau lieu : code postal"), "commune": commune,
             "acces": _first(rows, "Nouveau lieu : accès")}
    new["venues"].append((organisers[0], {k: v for k, v in venue.items() if v}))
    new["known_venues"].add(venue_id)


def _check_commune(sheet: Sheet, row: SheetRow, text: str, venue_id: str | None, venues, report) -> None:
    commune = find_commune(text)
    if commune is None:
        from ..fields import suggest
        from ..vocabularies import communes

        hint = suggest(text, [c.name for c in communes()]) or " (elle n'est pas dans le territoire de SUN)"
        report.lines.append(ReportLine(sheet.source, row.number, "Commune", f"commune « {text} » inconnue{hint}"))
    elif venue_id in venues and venues[venue_id].commune.insee != commune.insee:
        report.lines.append(ReportLine(sheet.source, row.number, "Commune",
                                       f"le lieu « {venues[venue_id].name} » est à {venues[venue_id].commune.name}, "
                                       f"pas à {commune.name}"))
