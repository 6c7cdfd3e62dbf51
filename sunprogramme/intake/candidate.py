"""An event file about to be imported, and the sheet row and column each of its problems comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..session_reading import TIMES_HELP
from ..yamlstrict import Path as YamlPath
from .columns import BY_KEY
from .sheet_versions import Base


@dataclass
class Candidate:
    """An event file the import would write: its text, where it came from, the sheet row of each field."""

    id: str
    source: str
    text: str
    rows: dict[YamlPath, int]  # path in the event file → sheet row
    first_row: int
    new_partners: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → partner file fields
    new_venues: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (partner id, venue fields)
    data: dict[str, Any] | None = None  # the fields, for a sheet's event (None: a file as it came)
    rows_hash: str = ""  # fingerprint of its rows as the sheet shows them (of its text for a file)
    base: Base | None = None  # the version its rows were exported from (the sheet's « Version » column)
    told: set[str] = field(default_factory=set)  # fields whose problems the sheet's reading told already
    partner_rows: dict[str, int] = field(default_factory=dict)  # new partner id → the row that describes it
    venue_rows: dict[str, int] = field(default_factory=dict)  # new venue id → the row that describes it


def _column_of(path: YamlPath) -> str:
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return ""
    key = "seance." + keys[1] if keys[0] == "seances" and len(keys) > 1 else ".".join(keys[:2])
    if keys[0] == "ouverture" and len(keys) > 1 and key not in BY_KEY:  # the period's times: the session columns
        key = "seance.date" if keys[1] == "du" else f"seance.{keys[1]}"
    if key not in BY_KEY:
        key = keys[0]
    return BY_KEY[key].header if key in BY_KEY else keys[0]


def _field_path(label: str) -> YamlPath:
    """« seances[2].debut » → ("seances", 1, "debut"): the field a problem names."""
    path: list[str | int] = []
    for part in label.replace("]", "").split("."):
        name, _, index = part.partition("[")
        if name:
            path.append(name)
        if index:
            path.append(int(index) - 1)
    return tuple(path)


_TIMES = "« Moment (si pas d'heures) » (matin, après-midi, soirée, toute la journée)"
_SHEET_WORDS = (  # what the file checks say of times, in the sheet's columns
    (TIMES_HELP, f"remplissez Début et Fin (Début seul si la fin n'est pas publiée) ; si les heures ne sont pas "
                 f"publiées, {_TIMES} ; si elles ne sont pas encore connues, « Horaires à confirmer » : oui"),
    ("retirez debut et fin et écrivez moment ou horaires: a_confirmer",
     f"videz Début et Fin et remplissez {_TIMES} ou « Horaires à confirmer »"),
    ("gardez debut et fin si les heures sont connues, sinon moment seul",
     "gardez Début et Fin si les heures sont connues, sinon le moment seul"),
    ("retirez debut et fin tant que les heures ne sont pas connues, ou retirez horaires",
     "videz Début et Fin tant que les heures ne sont pas connues, ou « Horaires à confirmer »"),
    ("date_fin ne va qu'avec des heures (debut et fin)", "« Date de fin » ne va qu'avec des heures (Début et Fin)"),
    ("ou des horaires d'ouverture (ouverture)", "ou une période d'ouverture (« Ouvert jusqu'au »)"),
)


def in_sheet_words(message: str) -> str:
    """A message of the file checks told in the sheet's words: its columns, never the file's fields."""
    def column(match: re.Match) -> str:
        key = match.group(2)
        header = (BY_KEY.get(key) or BY_KEY.get(f"seance.{key}") or BY_KEY.get(key.split(".")[0]))
        if header is None:
            return match.group(0)
        return ("la colonne" if match.group(1) else "colonne") + f" « {header.header} »"

    for said, sheet in _SHEET_WORDS:
        message = message.replace(said, sheet)
    message = re.sub(r"renommez ce fichier \(par exemple ([^)\s]+?)\.(?:md|yaml|yml)\)",
                     r"si c'est un nouvel événement, changez sa colonne « Identifiant » (par exemple \1) ; si le "
                     r"tableur vient d'une édition passée, retirez cette ligne, ou exportez un tableur de l'édition "
                     r"en cours (invoke export-sheet)", message)
    message = message.replace("champ obligatoire manquant", "colonne obligatoire vide")
    return re.sub(r"\b(le )?champ ([a-z_]+(?:\.[a-z_]+)?)\b", column, message)


def locate(candidate: Candidate, problem) -> tuple[int, str]:
    """The sheet row and column of a problem found in the candidate file."""
    if candidate.first_row == 0:  # an event file from the folder: its own line
        return problem.line, problem.field
    path = _field_path(problem.field) if problem.field else _paths_by_line(candidate.text).get(problem.line, ())
    row = next((candidate.rows[p] for p in _prefixes(path) if p in candidate.rows), candidate.first_row)
    return row, _column_of(path) if path else ""


def _prefixes(path: YamlPath) -> list[YamlPath]:
    return [path[:n] for n in range(len(path), -1, -1)]


def _paths_by_line(text: str) -> dict[int, YamlPath]:
    from ..yamlstrict import load_mapping

    doc = load_mapping(text)
    by_line: dict[int, YamlPath] = {}
    for path, line in sorted(doc.lines.items(), key=lambda item: len(item[0])):
        by_line[line] = path
    return by_line
