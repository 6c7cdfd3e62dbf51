"""The partner files already in the content folder, read once: by id, with every venue id, and those
that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...yamlstrict import YamlProblem
from .partner_file import PartnerFile
from .report import PartnersReport


@dataclass
class ExistingPartner:
    """A partner file as read before the import."""

    id: str
    path: Path
    file: PartnerFile


def scan_partners(content: Path, report: PartnersReport) -> tuple[dict[str, ExistingPartner], set[str], dict[str, str]]:
    """Partner files by id, every venue id, and unreadable files (id → message)."""
    partners: dict[str, ExistingPartner] = {}
    venue_ids: set[str] = set()
    unreadable: dict[str, str] = {}
    folder = content / "partners"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith(".") or path.suffix not in (".yaml", ".yml", ".md"):
            continue
        try:
            file = PartnerFile(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"), path.suffix)
        except YamlProblem as problem:
            unreadable[path.stem] = f"ligne {problem.line} : {problem.message}"
            continue
        except UnicodeDecodeError:
            unreadable[path.stem] = "pas en UTF-8"
            continue
        partners[path.stem] = ExistingPartner(path.stem, path, file)
        for venue in file.data.get("lieux") or []:
            if isinstance(venue, dict) and isinstance(venue.get("id"), str):
                venue_ids.add(venue["id"])
    return partners, venue_ids, unreadable
