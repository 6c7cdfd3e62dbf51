"""Spreadsheets and shared folders into event files, checked exactly like the rest.

Each event of a sheet (its rows share an identifier) becomes ``events/<id>.yaml``.
The candidate files are written into a scratch copy of the content folder and the
whole programme is loaded from it, so an imported row meets every check that
``invoke check`` makes; each problem is then told at the row and column it came
from. An event with a problem writes nothing.

Re-importing the same sheet changes nothing. A changed row updates its event and
the report says what changed. An event file edited since its last import (or
never imported) is not overwritten: the sheet's version goes to
``conflits/<id>.yaml`` and the report says so. The last imported version of each
file is remembered (its fingerprint) in ``publication-state.json``.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import schema
from ..content_files import replace_file
from ..errors import Severity
from ..jsonschema import schema_comment
from ..loader import load_programme
from ..model import Programme
from ..publication_state import PublicationState, read_state
from ..sources import read_source
from ..vocabularies import find_commune, slugify
from ..yamlstrict import Path as YamlPath
from .columns import BY_KEY, COLUMNS
from .sheets import SHEET_SUFFIXES, Sheet, SheetRow, read_sheet

STATE_FILE = "publication-state.json"
CONFLICTS = "conflits"
EVENT_KEYS = [f.key for f in schema.EVENT.fields]


@dataclass(frozen=True)
class ReportLine:
    source: str
    row: int
    column: str
    message: str
    level: str = "erreur"  # « erreur », « attention » or « info »

    def format(self) -> str:
        where = self.source + (f", ligne {self.row}" if self.row else "")
        where += f", colonne « {self.column} »" if self.column else ""
        prefix = {"erreur": "", "attention": "attention : ", "info": ""}[self.level]
        return f"{where} : {prefix}{self.message}"


@dataclass
class ImportReport:
    lines: list[ReportLine] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[ReportLine]:
        return [line for line in self.lines if line.level == "erreur"]

    def summary(self) -> str:
        return (f"{len(self.created)} créé(s), {len(self.updated)} mis à jour, {len(self.unchanged)} inchangé(s), "
                f"{len(self.conflicts)} conflit(s), {len(self.errors)} erreur(s)")


@dataclass
class _Candidate:
    id: str
    source: str
    text: str
    rows: dict[YamlPath, int]  # path in the event file → sheet row
    first_row: int
    new_partners: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → partner file fields
    new_venues: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (partner id, venue fields)


class _Literal(str):
    pass


def _literal(dumper: yaml.SafeDumper, value: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal)


def event_file_text(data: dict[str, Any]) -> str:
    """An event file as the tools write it: schema comment, fields in the documented order."""
    ordered = {key: data[key] for key in EVENT_KEYS if key in data}

    def blocks(value: Any) -> Any:
        if isinstance(value, str) and "\n" in value:
            return _Literal(value.strip("\n") + "\n")
        if isinstance(value, dict):
            return {k: blocks(v) for k, v in value.items()}
        if isinstance(value, list):
            return [blocks(v) for v in value]
        return value

    body = yaml.safe_dump(blocks(ordered), allow_unicode=True, sort_keys=False, width=100)
    return schema_comment("evenement") + body


def _column_of(path: YamlPath) -> str:
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return ""
    key = "seance." + keys[1] if keys[0] == "seances" and len(keys) > 1 else ".".join(keys[:2])
    if key not in BY_KEY:
        key = keys[0]
    return BY_KEY[key].header if key in BY_KEY else keys[0]


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


def normalise_value(key: str, value: str) -> str:
    """Dates, times and phones as the tools write them, when they can be read; else as typed,
    for the checks to report."""
    from ..fields import FieldValueError, format_phone
    from ..timeutil import TimeValueError, parse_date, parse_time

    try:
        if key in ("date", "date_fin"):
            return parse_date(value).isoformat()
        if key in ("debut", "fin"):
            return parse_time(value).strftime("%H:%M")
    except (TimeValueError, FieldValueError):
        return value
    if key.endswith("telephone"):
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) == 10 and digits.startswith("0"):
            return format_phone(digits)
    return value


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


def _candidates(sheet: Sheet, programme: Programme | None, report: ImportReport) -> list[_Candidate]:
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
            if column.key in ("id", "commune") or column.key.startswith(("seance.", "nouveau_")):
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
        candidates.append(_Candidate(event_id, sheet.source, event_file_text(data), rows_of, rows[0].number,
                                     dict(new["partners"]), list(new["venues"])))
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


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _changed_fields(old_text: str, new_text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        old_path, new_path = Path(scratch, "old.yaml"), Path(scratch, "new.yaml")
        old_path.write_text(old_text, encoding="utf-8")
        new_path.write_text(new_text, encoding="utf-8")
        old, new = read_source(old_path, "old").doc.data, read_source(new_path, "new").doc.data
    return [key for key in EVENT_KEYS if old.get(key) != new.get(key)]


def import_path(path: Path, content: Path) -> ImportReport:
    """Import a spreadsheet, or every spreadsheet and event file of a folder, into ``content``."""
    report = ImportReport()
    programme, _ = load_programme(content)
    candidates: list[_Candidate] = []
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        suffix = file.suffix.lower()
        if suffix in SHEET_SUFFIXES:
            sheet = read_sheet(file)
            for row, column, message, is_error in sheet.problems:
                report.lines.append(ReportLine(str(file), row, column, message, "erreur" if is_error else "attention"))
            if not any(is_error for *_, is_error in sheet.problems):
                candidates += _candidates(sheet, programme, report)
        elif suffix in (".md", ".yaml", ".yml") and not file.name.startswith("."):
            text = file.read_text(encoding="utf-8-sig", errors="replace")
            candidates.append(_Candidate(file.stem, str(file), text, {(): 0}, 0))
        elif not file.name.startswith("."):
            report.lines.append(ReportLine(str(file), 0, "", "fichier ignoré : ni tableur (.ods, .xlsx, .csv) ni "
                                                           "fichier d'événement (.md, .yaml)", "attention"))
    seen: dict[str, _Candidate] = {}
    for candidate in candidates:
        if candidate.id in seen:
            report.lines.append(ReportLine(candidate.source, candidate.first_row, "Identifiant",
                                           f"l'événement « {candidate.id} » est déjà dans {seen[candidate.id].source}"))
        else:
            seen[candidate.id] = candidate
    _check_and_write(list(seen.values()), content, report)
    report.lines.sort(key=lambda line: (line.source, line.row))
    return report


def _target(content: Path, event_id: str) -> Path | None:
    for suffix in (".yaml", ".yml", ".md"):
        if (content / "events" / f"{event_id}{suffix}").exists():
            return content / "events" / f"{event_id}{suffix}"
    return None


PARTNER_KEYS = [f.key for f in schema.PARTNER.fields]


def _partner_file(folder: Path, partner_id: str) -> Path | None:
    for suffix in (".yaml", ".yml", ".md"):
        if (folder / "partners" / f"{partner_id}{suffix}").exists():
            return folder / "partners" / f"{partner_id}{suffix}"
    return None


def _dump_partner(data: dict[str, Any], body: str | None, with_comment: bool) -> str:
    ordered = {key: data[key] for key in PARTNER_KEYS if key in data}
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    if body is not None:
        return f"---\n{text}---\n{body}"
    return (schema_comment("partenaire") if with_comment else "") + text


def _apply_partner_changes(folder: Path, candidate: _Candidate) -> list[tuple[Path, str]]:
    """New partner files and new venues in partner files; returns what was written (path, message)."""
    written = []
    for partner_id, fields in candidate.new_partners.items():
        if _partner_file(folder, partner_id) is None:
            path = folder / "partners" / f"{partner_id}.yaml"
            path.write_text(_dump_partner(fields, None, True), encoding="utf-8")
            written.append((path, f"fiche partenaire « {fields['nom']} » créée ({path.name})"))
    for partner_id, venue in candidate.new_venues:
        path = _partner_file(folder, partner_id)
        if path is None:
            continue  # an unknown organiser: reported on its own
        source = read_source(path, str(path))
        data = dict(source.doc.data)
        lieux = list(data.get("lieux") or [])
        if any(isinstance(v, dict) and v.get("id") == venue["id"] for v in lieux):
            continue
        data["lieux"] = [*lieux, venue]
        first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
        path.write_text(_dump_partner(data, source.body, first_line.startswith("# yaml-language-server")),
                        encoding="utf-8")
        written.append((path, f"lieu « {venue['nom']} » ajouté à {path.name}"))
    return written


def _check_and_write(candidates: list[_Candidate], content: Path, report: ImportReport) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "content"
        shutil.copytree(content, trial)
        written: dict[str, _Candidate] = {}
        for candidate in candidates:
            for path, _message in _apply_partner_changes(trial, candidate):
                written[str(path)] = candidate
            existing = _target(trial, candidate.id)
            if existing is not None:
                existing.unlink()
            name = f"{candidate.id}.md" if candidate.source.endswith(".md") else f"{candidate.id}.yaml"
            (trial / "events" / name).write_text(candidate.text, encoding="utf-8")
            written[f"{trial}/events/{name}"] = candidate
        _, checked = load_programme(trial)
    failed: set[str] = set()
    for problem in checked.sorted():
        candidate = written.get(problem.path)
        if candidate is None:
            continue  # the content's own problems are « invoke check »'s business
        level = "erreur" if problem.severity is Severity.ERROR else "attention"
        if level == "erreur":
            failed.add(candidate.id)
        if "/partners/" in problem.path:  # a venue or partner this row describes
            column = "Nouveau lieu : nom" if problem.field.startswith("lieux") else "Nouveau partenaire : type"
            report.lines.append(ReportLine(candidate.source, candidate.first_row, column,
                                           f"{problem.field} : {problem.message}", level))
            continue
        if problem.field == "lieu" and any(v["id"] in problem.message for _p, v in candidate.new_venues):
            continue  # the new venue's own problem is already told, on its columns
        row, column = _locate(candidate, problem)
        report.lines.append(ReportLine(candidate.source, row, column, problem.message, level))
    state_path = content / STATE_FILE
    state = read_state(state_path)
    for candidate in candidates:
        if candidate.id not in failed:
            for _path, message in _apply_partner_changes(content, candidate):
                report.lines.append(ReportLine(candidate.source, candidate.first_row, "", message, "info"))
            _write(candidate, content, state, report)
    replace_file(state_path, state.to_json())


def _field_path(label: str) -> YamlPath:
    """« seances[2].debut » → ("seances", 1, "debut"): the field a problem names."""
    path: list[str | int] = []
    for part in label.replace("]", "").split("."):
        name, _, index = part.partition("[")
        if name:
            path.append(name)
        if index:
            path.append(int(index) - 1)
    return tuple(path)


def _locate(candidate: _Candidate, problem) -> tuple[int, str]:
    """The sheet row and column of a problem found in the candidate file."""
    if candidate.first_row == 0:  # an event file from the folder: its own line
        return problem.line, problem.field
    path = _field_path(problem.field) if problem.field else _paths_by_line(candidate.text).get(problem.line, ())
    row = next((candidate.rows[p] for p in _prefixes(path) if p in candidate.rows), candidate.first_row)
    return row, _column_of(path) if path else ""


def _prefixes(path: YamlPath) -> list[YamlPath]:
    return [path[:n] for n in range(len(path), -1, -1)]


def _paths_by_line(text: str) -> dict[int, YamlPath]:
    from ..yamlstrict import load_mapping

    doc = load_mapping(text)
    by_line: dict[int, YamlPath] = {}
    for path, line in sorted(doc.lines.items(), key=lambda item: len(item[0])):
        by_line[line] = path
    return by_line


def _write(candidate: _Candidate, content: Path, state: PublicationState, report: ImportReport) -> None:
    existing = _target(content, candidate.id)
    suffix = ".md" if candidate.source.endswith(".md") else ".yaml"
    target = existing or content / "events" / f"{candidate.id}{suffix}"
    if existing is None:
        target.write_text(candidate.text, encoding="utf-8")
        state.imports[candidate.id] = _fingerprint(candidate.text)
        report.created.append(candidate.id)
        report.lines.append(ReportLine(candidate.source, candidate.first_row, "",
                                       f"événement « {candidate.id} » créé ({target.name})", "info"))
        return
    current = existing.read_text(encoding="utf-8")
    if current == candidate.text:
        state.imports[candidate.id] = _fingerprint(current)
        report.unchanged.append(candidate.id)
        return
    if state.imports.get(candidate.id) != _fingerprint(current):
        conflict = content / CONFLICTS / f"{candidate.id}{suffix}"
        conflict.parent.mkdir(exist_ok=True)
        conflict.write_text(candidate.text, encoding="utf-8")
        report.conflicts.append(candidate.id)
        report.lines.append(ReportLine(
            candidate.source, candidate.first_row, "",
            f"conflit : {existing.name} a été modifié depuis le dernier import ; il est gardé tel quel, et la "
            f"version du tableur est dans {CONFLICTS}/{conflict.name} : comparez les deux et gardez la bonne",
            "erreur"))
        return
    changed = _changed_fields(current, candidate.text)
    existing.write_text(candidate.text, encoding="utf-8")
    state.imports[candidate.id] = _fingerprint(candidate.text)
    report.updated.append(candidate.id)
    report.lines.append(ReportLine(candidate.source, candidate.first_row, "",
                                   f"événement « {candidate.id} » mis à jour : {', '.join(changed)}", "info"))
