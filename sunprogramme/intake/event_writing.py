"""An imported event file written into the content folder: created, left as it is, updated (the report
names the fields that changed) or, when edited by hand since its last import, set aside in ``conflits/``."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from ..publication_state import PublicationState
from ..sources import read_source
from .candidate import Candidate
from .event_text import EVENT_KEYS
from .import_report import ImportReport, ReportLine

CONFLICTS = "conflits"


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _changed_fields(old_text: str, new_text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        old_path, new_path = Path(scratch, "old.yaml"), Path(scratch, "new.yaml")
        old_path.write_text(old_text, encoding="utf-8")
        new_path.write_text(new_text, encoding="utf-8")
        old, new = read_source(old_path, "old").doc.data, read_source(new_path, "new").doc.data
    return [key for key in EVENT_KEYS if old.get(key) != new.get(key)]


def existing_event_file(content: Path, event_id: str) -> Path | None:
    """The event's file in ``content``, whatever its suffix, or None."""
    for suffix in (".yaml", ".yml", ".md"):
        if (content / "events" / f"{event_id}{suffix}").exists():
            return content / "events" / f"{event_id}{suffix}"
    return None


def write_event(candidate: Candidate, content: Path, state: PublicationState, report: ImportReport) -> None:
    """Write one checked candidate, unless its file was edited by hand since its last import."""
    existing = existing_event_file(content, candidate.id)
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
