"""A sheet's event against its file, column by column, from their base (the event as exported, or as the
last import wrote it): a column changed only in the sheet is taken, only in the file is kept, in both to
the same value is fine, in both to different values is a conflict on that column. What is taken becomes
changes of the file's own lines (``event_edit``), told in the sheet's words."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..sources import read_source
from .candidate import Candidate
from .columns import BY_HEADER
from .event_edit import Change
from .sheet_versions import BASE_HEADERS, SESSION_HEADERS, Base, column_digest, column_values
from .workbook import SHORTHAND, text_rows


@dataclass
class Merge:
    changes: list[Change] = field(default_factory=list)
    said: list[str] = field(default_factory=list)  # what changes, in the sheet's words
    conflicts: list[str] = field(default_factory=list)  # columns changed in both, differently
    hand: list[str] = field(default_factory=list)  # columns changed in the file only (kept)


def file_data(name: str, text: str) -> dict[str, Any]:
    """An event file's fields (a .md file's body as its description)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / name
        path.write_text(text, encoding="utf-8")
        source = read_source(path, name)
    data = dict(source.doc.data)
    if source.body and source.body.strip():
        data["description"] = source.body.strip()
    return data


def merge(candidate: Candidate, current: str, name: str, bases: list[Base]) -> Merge:
    """What the sheet's event changes in the file ``current`` (named ``name``)."""
    sheet, file = column_values(text_rows(name, candidate.text)), column_values(text_rows(name, current))
    result, taken = Merge(), []
    for header in BASE_HEADERS:
        if sheet[header] == file[header]:
            continue
        known = {base.fields[header] for base in bases if header in base.fields}
        if known and column_digest(sheet[header]) in known:
            result.hand.append(header)
        elif known and column_digest(file[header]) in known:
            taken.append(header)
        else:
            result.conflicts.append(header)
    if result.conflicts:
        return result
    data, current_data = candidate.data or {}, file_data(name, current)
    for header in taken:
        if header in SESSION_HEADERS:
            continue
        key, _, sub = BY_HEADER[header].key.partition(".")
        value = data.get(key)
        if sub:
            value = value.get(sub) if isinstance(value, dict) else None
        result.changes.append(((key, sub) if sub else (key,), value))
        result.said.append(header)
    sessions = [h for h in taken if h in SESSION_HEADERS]
    if sessions:
        _sessions(result, sessions, data, current_data)
    return result


def _day(session: dict[str, Any]) -> str:
    date = str(session.get("date") or session.get("du") or "")
    return f"{date[8:10]}/{date[5:7]}" if len(date) == 10 else date


def _session_key(header: str, opening: bool) -> str:
    key = BY_HEADER[header].key.partition(".")[2]
    return "du" if opening and key == "date" else key


def _sessions(result: Merge, headers: list[str], data: dict[str, Any], current: dict[str, Any]) -> None:
    """The sessions' columns taken from the sheet: each changed value at its own line when the file has
    as many sessions in the same form, else the sessions written again."""
    name = "ouverture" if "ouverture" in data else "seances"
    wanted = data.get(name) or []
    held = current.get(name)
    shorthand = name == "seances" and "seances" not in current and "ouverture" not in current
    if shorthand and len(wanted) == 1:
        paths = [((key,), key, 0) for key in SHORTHAND]
        held_sessions = [{key: current[key] for key in SHORTHAND if key in current}]
    elif isinstance(held, list) and len(held) == len(wanted):
        paths = [((name, index, key), key, index) for index in range(len(wanted))
                 for key in dict.fromkeys(_session_key(h, name == "ouverture") for h in headers)]
        held_sessions = held
    else:
        for key in (*SHORTHAND, "seances", "ouverture"):
            if key in current:
                result.changes.append(((key,), None))
        result.changes.append(((name,), wanted))
        count = len(held) if isinstance(held, list) else 1
        result.said.append(", ".join(headers) + f" ({len(wanted)} séance(s) au lieu de {count})")
        return
    words = {_session_key(h, name == "ouverture"): h for h in headers}
    for path, key, index in paths:
        if key not in words:
            continue
        new = wanted[index].get(key)
        old = held_sessions[index].get(key) if isinstance(held_sessions[index], dict) else None
        if _plain(new) != _plain(old):
            result.changes.append((path, new))
            result.said.append(f"{words[key]} (séance du {_day(wanted[index])})")


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if value is None else str(value).strip()
