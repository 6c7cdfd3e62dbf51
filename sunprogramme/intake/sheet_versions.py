"""What an import needs to tell an untouched event from a changed one, and a hand edit from a sheet edit.

* « unchanged » needs no memory: the sheet's event and the file's event are read by the
  loader and compared (``same_event``), whatever the file's form (.md or .yaml, quotes, order).
* « who changed it » needs a base: the version the sheet's rows were made from. An exported
  sheet carries it in its « Version » column (``version_cell``): the fingerprint of the event's
  rows as exported and of its file at that moment. A sheet made from the template has none:
  then the base is what the last import wrote, kept in ``imports/tableur.json`` (this module's
  own file, written only when an import writes an event).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..content_files import replace_file
from ..loader import build_event
from .columns import HEADERS, VERSION_HEADER

MEMORY_FILE = Path("imports") / "tableur.json"
MEMORY_VERSION = 1
_HASHED = [h for h in HEADERS if h != VERSION_HEADER]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def rows_fingerprint(rows: list[dict[str, str]]) -> str:
    """The fingerprint of an event's rows as the sheet shows them (spaces and line breaks do not count)."""
    return _digest("\n".join("\x1f".join(re.sub(r"\s+", " ", row.get(h, "")).strip() for h in _HASHED)
                             for row in rows))


def file_fingerprint(text: str) -> str:
    return _digest(text.replace("\r\n", "\n"))


def version_cell(rows: list[dict[str, str]], file_text: str) -> str:
    return f"{rows_fingerprint(rows)}-{file_fingerprint(file_text)}"


@dataclass(frozen=True)
class Base:
    """The version a sheet's rows were made from: the rows' fingerprint and the file's, then."""

    rows: str
    file: str

    @classmethod
    def from_cell(cls, text: str) -> Base | None:
        match = re.fullmatch(r"\s*([0-9a-f]{12})-([0-9a-f]{12})\s*", text or "")
        return cls(match.group(1), match.group(2)) if match else None


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
        return {str(k): Base(str(v["tableur"]), str(v["fichier"])) for k, v in data.get("evenements", {}).items()}
    except (ValueError, AttributeError, KeyError, TypeError):
        return {}  # a damaged memory: every edited event becomes a conflict, never an overwrite


def write_memory(content: Path, memory: dict[str, Base]) -> None:
    data = {"version": MEMORY_VERSION,
            "evenements": {k: {"tableur": v.rows, "fichier": v.file} for k, v in sorted(memory.items())}}
    path = content / MEMORY_FILE
    path.parent.mkdir(exist_ok=True)
    replace_file(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
