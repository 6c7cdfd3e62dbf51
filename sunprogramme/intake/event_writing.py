"""What an import does with each checked event: create it, leave it (it says the same thing), update it
at the lines of the fields the sheet changed (the report names them in the sheet's words), keep what was
edited by hand in the file, or, when the sheet and the file changed a column differently, set the sheet's
version aside in ``conflits/`` and name that column."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..sources import read_source
from .candidate import Candidate
from .event_edit import edit_event_text
from .event_text import event_file_text, event_markdown_text
from .import_report import ImportReport, ReportLine
from .sheet_merge import Merge, merge
from .sheet_versions import Base, fields_cell, file_fingerprint, same_event
from .workbook import text_rows

CONFLICTS = "conflits"
SHEET_LESS_KEYS = ("image",)  # fields an event file may hold that the sheet has no column for


@dataclass
class Plan:
    candidate: Candidate
    action: str  # « create », « unchanged », « kept », « update » or « conflict »
    target: Path  # the event file (relative to the content folder)
    never_imported: bool = False
    merged: Merge = field(default_factory=Merge)
    current: str = ""  # the file's text now


def existing_event_file(content: Path, event_id: str) -> Path | None:
    """The event's file in ``content``, whatever its suffix, or None."""
    for suffix in (".yaml", ".yml", ".md"):
        if (content / "events" / f"{event_id}{suffix}").exists():
            return content / "events" / f"{event_id}{suffix}"
    return None


def fit_to_file(candidate: Candidate, content: Path) -> Candidate:
    """A sheet's event in the form of the file it updates: a .md file stays a .md file (its description
    as the body), and the fields the sheet has no column for (its image) are kept."""
    existing = existing_event_file(content, candidate.id)
    if candidate.data is None or existing is None:
        return candidate
    data = dict(candidate.data)
    current = read_source(existing, str(existing)).doc.data
    for key in SHEET_LESS_KEYS:
        if key in current:
            data[key] = current[key]
    text = event_markdown_text(data) if existing.suffix == ".md" else event_file_text(data)
    return replace(candidate, data=data, text=text)


def plan_event(candidate: Candidate, content: Path, memory: dict[str, Base]) -> Plan:
    """What the import will do with a checked event; nothing is written here."""
    existing = existing_event_file(content, candidate.id)
    if existing is None:
        suffix = ".md" if candidate.source.endswith(".md") else ".yaml"
        return Plan(candidate, "create", Path("events") / f"{candidate.id}{suffix}")
    target = existing.relative_to(content)
    current = existing.read_text(encoding="utf-8-sig")
    if same_event(existing.name, current, existing.name, candidate.text):
        return Plan(candidate, "unchanged", target)
    remembered = memory.get(candidate.id)
    if candidate.data is None:  # an event file from a folder: the whole file
        if remembered is not None and remembered.file == file_fingerprint(current):
            return Plan(candidate, "update", target, current=current)  # the file is as last imported
        if remembered is not None and remembered.rows == candidate.rows_hash:
            return Plan(candidate, "kept", target, current=current)
        return Plan(candidate, "conflict", target, never_imported=remembered is None, current=current)
    bases = [b for b in (candidate.base, remembered) if b is not None and b.fields]
    merged = merge(candidate, current, existing.name, bases)
    action = "conflict" if merged.conflicts else "update" if merged.changes else "kept" if merged.hand else "unchanged"
    return Plan(candidate, action, target, never_imported=not bases, merged=merged, current=current)


def _remember(name: str, text: str, rows: str = "") -> Base:
    """The memory of a file as the import wrote it: its columns (the base of the next import) and itself."""
    cell = Base.from_cell(fields_cell(text_rows(name, text)))
    return Base(cell.fields if cell else {}, file_fingerprint(text), rows)


def write_planned(plan: Plan, content: Path, memory: dict[str, Base], report: ImportReport) -> None:
    """Carry out a plan (the whole import was checked first)."""
    candidate, path = plan.candidate, content / plan.target
    where = (candidate.source, candidate.first_row, "")
    shown = f"{content.name}/{plan.target.as_posix()}"
    if plan.action == "unchanged":
        report.unchanged.append(candidate.id)
    elif plan.action == "kept":
        report.unchanged.append(candidate.id)
        remembered = memory.get(candidate.id)
        fingerprint = file_fingerprint(plan.current)
        if remembered is None or remembered.file != fingerprint:  # told once for each hand edit
            base = remembered or candidate.base or Base()
            memory[candidate.id] = Base(base.fields, fingerprint, base.rows)
            columns = f" ({', '.join(f'« {h} »' for h in plan.merged.hand)})" if plan.merged.hand else ""
            report.lines.append(ReportLine(*where, f"{shown} a été modifié à la main depuis l'export{columns}, et le "
                                                   "tableur ne change pas ce qui a été modifié : le fichier est "
                                                   "gardé tel quel", "info"))
    elif plan.action == "conflict":
        conflict = content / CONFLICTS / f"{candidate.id}{path.suffix}"
        conflict.parent.mkdir(exist_ok=True)
        conflict.write_text(candidate.text, encoding="utf-8")
        report.conflicts.append(candidate.id)
        aside = f"{content.name}/{CONFLICTS}/{conflict.name}"
        since = ("n'a jamais été importé d'un tableur" if plan.never_imported
                 else "a été modifié à la main depuis l'export du tableur (ou le dernier import)")
        columns = ", ".join(f"« {h} »" for h in plan.merged.conflicts)
        what = f"change aussi {columns}, autrement" if columns else "le change aussi"
        report.lines.append(ReportLine(*where, (
            f"{shown} {since}, et le tableur {what} : le fichier est gardé tel quel, la version du tableur est dans "
            f"{aside} ; comparez les deux, reportez dans {shown} ce qu'il faut garder, puis supprimez {aside}"),
            "conflit"))
    elif plan.action == "create":
        path.write_text(candidate.text, encoding="utf-8")
        memory[candidate.id] = _remember(path.name, candidate.text, candidate.rows_hash if not candidate.data else "")
        report.created.append(candidate.id)
        report.lines.append(ReportLine(*where, f"événement « {candidate.id} » créé ({path.name})", "info"))
    else:
        text = candidate.text if candidate.data is None else edit_event_text(plan.current, plan.merged.changes)
        path.write_text(text, encoding="utf-8")
        memory[candidate.id] = _remember(path.name, text, candidate.rows_hash if not candidate.data else "")
        report.updated.append(candidate.id)
        changed = ", ".join(plan.merged.said) if candidate.data is not None else "le fichier entier"
        report.lines.append(ReportLine(*where, f"événement « {candidate.id} » mis à jour : {changed}", "info"))
