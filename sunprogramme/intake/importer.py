"""Spreadsheets and shared folders into event files, checked exactly like the rest, all or nothing.

Each event of a sheet (its rows share an identifier) becomes ``events/<id>.yaml``.
The candidate files are written into a scratch copy of the content folder and the
whole programme is loaded from it, so an imported row meets every check that
``invoke check`` makes; each problem is then told at the row and column it came
from. The whole sheet is checked first: one problem anywhere, and nothing is written.

Re-importing the same sheet, or importing an exported sheet untouched, changes
nothing: an event that says the same thing as its file is left alone. A changed
cell updates its event at that field's lines and the report says what changed.
Each column is compared with the exported one: what only the sheet changed is
taken, what only a hand edit changed is kept; a column both changed differently
is a conflict: the sheet's version goes to ``conflits/<id>.yaml`` and the report
names the column (see ``sheet_versions`` and ``sheet_merge``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..errors import Severity
from ..loader import load_programme
from .candidate import Candidate, in_sheet_words, locate
from .event_writing import Plan, existing_event_file, fit_to_file, plan_event, write_planned
from .import_report import ImportReport, ReportLine
from .partner_changes import apply_partner_changes, described_rows
from .sheet_events import sheet_candidates
from .sheet_versions import file_fingerprint, read_memory, write_memory
from .sheets import SHEET_SUFFIXES, read_sheet


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
            candidates.append(Candidate(file.stem, str(file), text, {(): 0}, 0, rows_hash=file_fingerprint(text)))
        elif not file.name.startswith("."):
            report.lines.append(ReportLine(str(file), 0, "", "fichier ignoré : ni tableur (.ods, .xlsx, .csv) ni "
                                                           "fichier d'événement (.md, .yaml)", "attention"))
    seen: dict[str, Candidate] = {}
    for candidate in candidates:
        if candidate.id in seen:
            report.lines.append(ReportLine(candidate.source, candidate.first_row, "Identifiant",
                                           f"l'événement « {candidate.id} » est déjà dans {seen[candidate.id].source}"))
        else:
            seen[candidate.id] = fit_to_file(candidate, content)
    chosen = list(seen.values())
    _check(chosen, content, report)
    if not report.errors:
        _write(chosen, content, report)
    report.lines.sort(key=lambda line: (line.source, line.row))
    return report


def _check(candidates: list[Candidate], content: Path, report: ImportReport) -> None:
    """Every candidate written into a scratch copy of the content, checked with it; problems told
    at their rows (those already told at the same row and column are not told twice)."""
    told = {(line.source, line.row, line.column) for line in report.errors}
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "content"
        shutil.copytree(content, trial)
        written: dict[str, Candidate] = {}
        for candidate in candidates:
            apply_partner_changes(trial, candidate)
            existing = existing_event_file(trial, candidate.id)
            if existing is not None:
                existing.unlink()
            target = existing or trial / "events" / (
                f"{candidate.id}.md" if candidate.source.endswith(".md") else f"{candidate.id}.yaml")
            target.write_text(candidate.text, encoding="utf-8")
            written[str(target)] = candidate
        _, checked = load_programme(trial)
        described = described_rows(trial, candidates)
        scratch_prefix = f"{trial}/"

    for problem in checked.sorted():
        level = "erreur" if problem.severity is Severity.ERROR else "attention"
        if "/partners/" in problem.path:  # a venue or partner a row describes
            found = described(problem)
            if found is None:
                continue  # the content's own problems are « invoke check »'s business
            candidate, row, column = found
            message = in_sheet_words(problem.message)
            if not column:
                message = f"{Path(problem.path).name} : {problem.field} : {message}"
            line = ReportLine(candidate.source, row, column, message, level)
        else:
            candidate = written.get(problem.path)
            if candidate is None or (candidate.first_row and problem.field.split(".")[0].split("[")[0]
                                     in candidate.told):
                continue
            if problem.field == "lieu" and any(venue in problem.message for venue in candidate.venue_rows):
                continue  # the new venue's own problem is told on its columns
            row, column = locate(candidate, problem)
            message = in_sheet_words(problem.message) if candidate.first_row else problem.message
            if candidate.first_row and not column and message.startswith("identifiant « "):
                column = "Identifiant"
            line = ReportLine(candidate.source, row, column, message.replace(scratch_prefix, f"{content.name}/"),
                              level)
        if level == "erreur" and (line.source, line.row, line.column) in told:
            continue
        report.lines.append(line)


def _write(candidates: list[Candidate], content: Path, report: ImportReport) -> None:
    """The checked import written: partners and venues, events, conflicts set aside, the import's memory."""
    memory = read_memory(content)
    plans: list[Plan] = [plan_event(candidate, content, memory) for candidate in candidates]
    for plan in plans:
        if plan.action != "conflict":
            for _path, message in apply_partner_changes(content, plan.candidate):
                report.lines.append(ReportLine(plan.candidate.source, plan.candidate.first_row, "", message, "info"))
    before = dict(memory)
    for plan in plans:
        write_planned(plan, content, memory, report)
    if memory != before:
        write_memory(content, memory)
