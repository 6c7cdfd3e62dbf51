"""What an import does with each checked event: create it, leave it (it says the same thing), update it
(the report names the fields that changed), keep a file edited by hand when the sheet brings nothing new,
or, when both the file and the sheet changed, set the sheet's version aside in ``conflits/``."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..sources import read_source
from .candidate import Candidate
from .event_text import EVENT_KEYS, event_file_text, event_markdown_text
from .import_report import ImportReport, ReportLine
from .sheet_versions import Base, file_fingerprint, same_event

CONFLICTS = "conflits"
SHEET_LESS_KEYS = ("image",)  # fields an event file may hold that the sheet has no column for


@dataclass
class Plan:
    candidate: Candidate
    action: str  # « create », « unchanged », « kept », « update » or « conflict »
    target: Path  # the event file (relative to the content folder)
    never_imported: bool = False


def _changed_fields(old_text: str, new_text: str, suffix: str) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        old_path, new_path = Path(scratch, f"old{suffix}"), Path(scratch, f"new{suffix}")
        old_path.write_text(old_text, encoding="utf-8")
        new_path.write_text(new_text, encoding="utf-8")
        old_source, new_source = read_source(old_path, "old"), read_source(new_path, "new")
    old, new = dict(old_source.doc.data), dict(new_source.doc.data)
    for data, source in ((old, old_source), (new, new_source)):
        if source.body and source.body.strip():
            data["description"] = source.body.strip()
    return [key for key in EVENT_KEYS if _plain(old.get(key)) != _plain(new.get(key))]


def _plain(value: object) -> object:
    """A value as the sheet shows it: 8 and '8', a block's last line break, are the same."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if value is None else str(value).strip()


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
    bases = [b for b in (candidate.base, memory.get(candidate.id)) if b is not None]
    if any(base.file == file_fingerprint(current) for base in bases):
        return Plan(candidate, "update", target)  # the file is as exported or last imported
    if bases and bases[0].rows == candidate.rows_hash:
        return Plan(candidate, "kept", target)  # edited by hand, and the sheet brings nothing new
    return Plan(candidate, "conflict", target, never_imported=not bases)


def write_planned(plan: Plan, content: Path, memory: dict[str, Base], report: ImportReport) -> None:
    """Carry out a plan (the whole import was checked first)."""
    candidate, path = plan.candidate, content / plan.target
    where = (candidate.source, candidate.first_row, "")
    if plan.action == "unchanged":
        report.unchanged.append(candidate.id)
    elif plan.action == "kept":
        report.unchanged.append(candidate.id)
        report.lines.append(ReportLine(*where, f"{path.name} a été modifié à la main depuis l'export, et sa ligne du "
                                               "tableur n'a pas changé : le fichier est gardé tel quel", "info"))
    elif plan.action == "conflict":
        conflict = content / CONFLICTS / f"{candidate.id}{path.suffix}"
        conflict.parent.mkdir(exist_ok=True)
        conflict.write_text(candidate.text, encoding="utf-8")
        report.conflicts.append(candidate.id)
        since = ("n'a jamais été importé d'un tableur" if plan.never_imported
                 else "a été modifié à la main depuis l'export du tableur (ou le dernier import)")
        report.lines.append(ReportLine(*where, (
            f"{path.name} {since}, et le tableur le change aussi : le fichier est gardé tel quel, la version du "
            f"tableur est dans {CONFLICTS}/{conflict.name} ; comparez les deux, reportez dans l'un ce qui manque, "
            f"puis supprimez {CONFLICTS}/{conflict.name}"), "conflit"))
    else:
        old = path.read_text(encoding="utf-8-sig") if plan.action == "update" else ""
        path.write_text(candidate.text, encoding="utf-8")
        memory[candidate.id] = Base(candidate.rows_hash, file_fingerprint(candidate.text))
        if plan.action == "create":
            report.created.append(candidate.id)
            report.lines.append(ReportLine(*where, f"événement « {candidate.id} » créé ({path.name})", "info"))
        else:
            report.updated.append(candidate.id)
            changed = ", ".join(_changed_fields(old, candidate.text, path.suffix))
            report.lines.append(ReportLine(*where, f"événement « {candidate.id} » mis à jour : {changed}", "info"))
