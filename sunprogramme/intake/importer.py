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

import shutil
import tempfile
from pathlib import Path

from ..content_files import replace_file
from ..errors import Severity
from ..loader import load_programme
from ..publication_state import read_state
from .candidate import Candidate, locate
from .event_writing import existing_event_file, write_event
from .import_report import ImportReport, ReportLine
from .partner_changes import apply_partner_changes
from .sheet_events import sheet_candidates
from .sheets import SHEET_SUFFIXES, read_sheet

STATE_FILE = "publication-state.json"


def import_path(path: Path, content: Path) -> ImportReport:
    """Import a spreadsheet, or every spreadsheet and event file of a folder, into ``content``."""
    report = ImportReport()
    programme, _ = load_programme(content)
    candidates: list[Candidate] = []
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        suffix = file.suffix.lower()
        if suffix in SHEET_SUFFIXES:
            sheet = read_sheet(file)
            for row, column, message, is_error in sheet.problems:
                report.lines.append(ReportLine(str(file), row, column, message, "erreur" if is_error else "attention"))
            if not any(is_error for *_, is_error in sheet.problems):
                candidates += sheet_candidates(sheet, programme, report)
        elif suffix in (".md", ".yaml", ".yml") and not file.name.startswith("."):
            text = file.read_text(encoding="utf-8-sig", errors="replace")
            candidates.append(Candidate(file.stem, str(file), text, {(): 0}, 0))
        elif not file.name.startswith("."):
            report.lines.append(ReportLine(str(file), 0, "", "fichier ignoré : ni tableur (.ods, .xlsx, .csv) ni "
                                                           "fichier d'événement (.md, .yaml)", "attention"))
    seen: dict[str, Candidate] = {}
    for candidate in candidates:
        if candidate.id in seen:
            report.lines.append(ReportLine(candidate.source, candidate.first_row, "Identifiant",
                                           f"l'événement « {candidate.id} » est déjà dans {seen[candidate.id].source}"))
        else:
            seen[candidate.id] = candidate
    _check_and_write(list(seen.values()), content, report)
    report.lines.sort(key=lambda line: (line.source, line.row))
    return report


def _check_and_write(candidates: list[Candidate], content: Path, report: ImportReport) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "content"
        shutil.copytree(content, trial)
        written: dict[str, Candidate] = {}
        for candidate in candidates:
            for path, _message in apply_partner_changes(trial, candidate):
                written[str(path)] = candidate
            existing = existing_event_file(trial, candidate.id)
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
        row, column = locate(candidate, problem)
        report.lines.append(ReportLine(candidate.source, row, column, problem.message, level))
    state_path = content / STATE_FILE
    state = read_state(state_path)
    for candidate in candidates:
        if candidate.id not in failed:
            for _path, message in apply_partner_changes(content, candidate):
                report.lines.append(ReportLine(candidate.source, candidate.first_row, "", message, "info"))
            write_event(candidate, content, state, report)
    replace_file(state_path, state.to_json())
