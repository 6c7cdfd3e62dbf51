"""The partner files of an import checked with the whole programme in a scratch copy, then those that
pass written, with the import's state."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ...content_files import replace_file
from ...errors import Severity
from ...loader import load_programme
from .import_run import ImportRun
from .import_state import STATE_FILE, state_text
from .report import PartnersReport


def check_and_write(run: ImportRun, content: Path, report: PartnersReport) -> None:
    """Check the new files with the whole programme in a scratch copy, then write those that pass."""
    changed = {pid: (path, text) for pid, (path, text) in run.texts.items()
               if not path.exists() or path.read_text(encoding="utf-8-sig").replace("\r\n", "\n") != text}
    failed: set[str] = set()
    if changed:
        with tempfile.TemporaryDirectory() as scratch:
            trial = Path(scratch) / "content"
            shutil.copytree(content, trial)
            shown: dict[str, str] = {}
            for pid, (path, text) in changed.items():
                target = trial / "partners" / path.name
                target.write_text(text, encoding="utf-8")
                shown[str(target)] = pid
            _, checked = load_programme(trial)
        for problem in checked.sorted():
            pid = shown.get(problem.path)
            if pid is None:
                continue
            level = "attention"
            subject = f"{problem.field} : " if problem.field else ""
            if problem.severity is Severity.ERROR:
                failed.add(pid)
                run.line(pid, f"{changed[pid][0].name} non écrite : {subject}{problem.message}", level)
            else:
                run.line(pid, f"{changed[pid][0].name} : {subject}{problem.message}", level)
    for pid in run.texts:
        report.lines += run.lines_of.get(pid, [])
        if pid in failed:
            continue
        outcome = run.outcome[pid]
        {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}[outcome].append(pid)
        report.conflicts += run.conflicts_of.get(pid, [])
        if pid in changed:
            path, text = changed[pid]
            path.write_text(text, encoding="utf-8")
            report.written.append(f"partners/{path.name}")
        source, sid, entry = run.entries[pid]
        run.state["structures"].setdefault(source, {})[sid] = entry
    for source in list(run.state["structures"]):
        if not run.state["structures"][source]:
            del run.state["structures"][source]
        for entry in run.state["structures"].get(source, {}).values():
            if entry.get("lieu") is None:
                entry.pop("lieu", None)
    state_path = content / STATE_FILE
    text = state_text(run.state)
    stale = not state_path.exists() or state_path.read_text(encoding="utf-8") != text
    if stale and run.state["structures"]:
        state_path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(state_path, text)
        report.written.append(STATE_FILE.as_posix())
