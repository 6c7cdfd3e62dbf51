"""What an import needs to tell, column by column, who changed what: the sheet, the file, or both.

* « unchanged » needs no memory: the sheet's event and the file's event are read by the
  loader and compared (``same_event``), whatever the file's form (.md or .yaml, quotes, order).
* « who changed it » needs a base: the event as the sheet's rows were made from it. An exported
  sheet carries it in its « Version » column (``fields_cell``): a short fingerprint of each
  column of the event's rows as exported (a column of the sessions: its values on every row).
  A column whose sheet value matches its base was not changed in the sheet; a column whose file
  value (the file's rows, as an export would write them) matches it was not changed in the file.
  A sheet made from the template has none: then the base is what the last import wrote, kept
  in ``imports/tableur.json`` (this module's own file), which also notes the version of a file
  edited by hand that the import told about, so that it is told once.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content_files import replace_file
from ..loader import build_event
from .columns import COLUMNS, HEADERS, VERSION_HEADER

MEMORY_FILE = Path("imports") / "tableur.json"
MEMORY_VERSION = 2
CELL_PREFIX = "v2:"
SESSION_HEADERS = tuple(c.header for c in COLUMNS if c.key.startswith(("seance.", "ouverture.")))
BASE_HEADERS = tuple(h for h in HEADERS if h not in (VERSION_HEADER, "Identifiant"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _short(text: str) -> str:
    """Four characters (24 bits) for one column's value."""
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode("utf-8")).digest()[:3]).decode("ascii")


def plain_cell(text: str) -> str:
    """A cell as compared: spaces and line breaks do not count."""
    return re.sub(r"\s+", " ", text or "").strip()


def rows_fingerprint(rows: list[dict[str, str]]) -> str:
    """The fingerprint of an event's rows as the sheet shows them (spaces and line breaks do not count)."""
    return _digest("\n".join("\x1f".join(plain_cell(row.get(h, "")) for h in BASE_HEADERS) for row in rows))


def file_fingerprint(text: str) -> str:
    return _digest(text.replace("\r\n", "\n"))


def column_values(rows: list[dict[str, str]]) -> dict[str, str]:
    """Each column's value for the event: an event's column, its first value given; a sessions' column,
    its values on every row."""
    values = {}
    for header in BASE_HEADERS:
        cells = [plain_cell(row.get(header, "")) for row in rows]
        values[header] = "\x1e".join(cells) if header in SESSION_HEADERS else next((c for c in cells if c), "")
    return values


def column_digest(value: str) -> str:
    """A column's value (``column_values``) as its base keeps it."""
    return _short(value)


def cell_digest(value: str) -> str:
    return _short(plain_cell(value))


def fields_cell(rows: list[dict[str, str]]) -> str:
    """The « Version » cell of an event's rows: the fingerprint of each of its columns."""
    values = column_values(rows)
    return CELL_PREFIX + "".join(_short(values[h]) for h in BASE_HEADERS)


@dataclass(frozen=True)
class Base:
    """The event as a sheet's rows were made from it (or as an import last wrote or saw it): the
    fingerprint of each column; for the memory, also the file's fingerprint and, for an event file
    dropped in a folder, the fingerprint of that file."""

    fields: dict[str, str] = field(default_factory=dict)
    file: str = ""
    rows: str = ""

    @classmethod
    def from_cell(cls, text: str) -> Base | None:
        text = (text or "").strip()
        size = len(CELL_PREFIX) + 4 * len(BASE_HEADERS)
        if not text.startswith(CELL_PREFIX) or len(text) != size:
            return None  # none, or made by another version of the sheet
        body = text[len(CELL_PREFIX):]
        return cls({h: body[4 * i:4 * i + 4] for i, h in enumerate(BASE_HEADERS)})

    def cell(self) -> str:
        return CELL_PREFIX + "".join(self.fields.get(h, "") for h in BASE_HEADERS) if self.fields else ""


def same_event(old_name: str, old_text: str, new_name: str, new_text: str) -> bool:
    """Whether two event files say the same thing (as the site would show it)."""
    if old_text == new_text:
        return True
    old, _ = build_event(f"events/{old_name}", old_text.encode("utf-8"), None, None, None, ())
    new, _ = build_event(f"events/{new_name}", new_text.encode("utf-8"), None, None, None, ())
    if old is None or new is None:
        return False
    return dataclasses.replace(old, source="") == dataclasses.replace(new, source="")


def read_memory(content: Path) -> dict[str, Base]:
    path = content / MEMORY_FILE
    if not path.is_file() or path.is_symlink():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        memory = {}
        for key, value in data.get("evenements", {}).items():
            fields = Base.from_cell(str(value.get("colonnes", "")))
            memory[str(key)] = Base(fields.fields if fields else {}, str(value.get("fichier", "")),
                                    str(value.get("tableur", "")))
        return memory
    except (ValueError, AttributeError, KeyError, TypeError):
        return {}  # a damaged memory: every edited event becomes a conflict, never an overwrite


def write_memory(content: Path, memory: dict[str, Base]) -> None:
    events = {}
    for key, base in sorted(memory.items()):
        entry = {"fichier": base.file}
        if base.fields:
            entry["colonnes"] = base.cell()
        if base.rows:
            entry["tableur"] = base.rows
        events[key] = entry
    path = content / MEMORY_FILE
    path.parent.mkdir(exist_ok=True)
    replace_file(path, json.dumps({"version": MEMORY_VERSION, "evenements": events}, ensure_ascii=False, indent=1,
                                  sort_keys=True) + "\n")
