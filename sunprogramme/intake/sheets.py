"""Read a spreadsheet (CSV, XLSX, ODS) into rows of text cells, keeping the sheet's row numbers.

Values are turned into the text an organiser sees: a date cell becomes 2026-10-13, a
time cell 14:00, a whole number 12. Nothing is guessed: a phone number that Excel
stored as a number stays as it is, for the checks to say what happened to it.
Merged cells give their value to every cell they cover, and say so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from ..fields import suggest
from ..vocabularies import slugify
from .columns import HEADERS, SHEET_NAME

SHEET_SUFFIXES = (".csv", ".xlsx", ".ods")
_BY_SLUG = {slugify(h): h for h in HEADERS}


@dataclass
class SheetRow:
    number: int  # as the spreadsheet numbers it (the header is row 1 in a template)
    cells: dict[str, str]

    @property
    def empty(self) -> bool:
        return not any(v.strip() for v in self.cells.values())


@dataclass
class Sheet:
    source: str
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[tuple[int, str, str, bool]] = field(default_factory=list)  # (row, column, message, is_error)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(grid: list[list[str]], sheet: Sheet, first_row: int = 1) -> Sheet:
    """Rows of text (the first non-empty one holds the headers) into named cells."""
    start = next((i for i, row in enumerate(grid) if any(c.strip() for c in row)), None)
    if start is None:
        sheet.problems.append((1, "", "le tableau est vide", True))
        return sheet
    headers: list[str | None] = []
    for cell in grid[start]:
        name = _BY_SLUG.get(slugify(cell))
        if cell.strip() and name is None:
            sheet.problems.append((start + first_row, cell.strip(),
                                   f"colonne inconnue{suggest(cell.strip(), HEADERS)} : elle n'est pas importée",
                                   False))
        headers.append(name)
    for needed in ("Titre", "Date", "Début", "Fin"):
        if needed not in headers:
            sheet.problems.append((start + first_row, needed, "colonne obligatoire absente", True))
    for index, row in enumerate(grid[start + 1:], start=start + 1):
        cells = {h: (row[i] if i < len(row) else "") for i, h in enumerate(headers) if h}
        sheet.rows.append(SheetRow(index + first_row, cells))
    return sheet


def _read_csv(path: Path, sheet: Sheet) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
        sheet.problems.append((0, "", "fichier lu en Windows-1252 (l'encodage d'Excel sous Windows)", False))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(path: Path, sheet: Sheet) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=True)
    worksheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
    grid = [[_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    for merged in worksheet.merged_cells.ranges:
        _spread(grid, sheet, merged.min_row - 1, merged.min_col - 1, merged.max_row - 1, merged.max_col - 1)
    return grid


def _read_ods(path: Path, sheet: Sheet) -> list[list[str]]:
    from odf import opendocument, table, teletype

    document = opendocument.load(str(path))
    tables = document.spreadsheet.getElementsByType(table.Table)
    chosen = next((t for t in tables if t.getAttribute("name") == SHEET_NAME), tables[0] if tables else None)
    grid: list[list[str]] = []
    spans: list[tuple[int, int, int, int]] = []
    for row in chosen.getElementsByType(table.TableRow) if chosen else []:
        cells: list[str] = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            kind = cell.getAttribute("valuetype")
            if kind == "date":
                value = (cell.getAttribute("datevalue") or "")[:10]
            elif kind == "time":
                raw = cell.getAttribute("timevalue") or ""  # PT14H30M00S
                hours, _, rest = raw.removeprefix("PT").partition("H")
                value = f"{int(hours):02d}:{int(rest.partition('M')[0] or 0):02d}" if hours else ""
            elif kind in ("float", "percentage", "currency"):
                value = _text(float(cell.getAttribute("value")))
            elif kind == "boolean":
                value = "oui" if cell.getAttribute("booleanvalue") == "true" else "non"
            else:
                value = "\n".join(teletype.extractText(p) for p in cell.childNodes if p.qname[1] == "p").strip()
            if cell.qname[1] == "table-cell":
                rows_spanned = int(cell.getAttribute("numberrowsspanned") or 1)
                columns_spanned = int(cell.getAttribute("numbercolumnsspanned") or 1)
                if rows_spanned > 1 or columns_spanned > 1:
                    spans.append((len(grid), len(cells), len(grid) + rows_spanned - 1,
                                  len(cells) + columns_spanned - 1))
            cells.extend([value] * min(repeat, 200))
        repeat_rows = int(row.getAttribute("numberrowsrepeated") or 1)
        if any(cells) or repeat_rows == 1:
            grid.extend([list(cells) for _ in range(min(repeat_rows, 1000))])
    for top, left, bottom, right in spans:
        _spread(grid, sheet, top, left, bottom, right)
    while grid and not any(c.strip() for c in grid[-1]):
        grid.pop()
    return grid


def _spread(grid: list[list[str]], sheet: Sheet, top: int, left: int, bottom: int, right: int) -> None:
    """A merged cell: its value goes to every cell it covers, and the organiser is told."""
    value = grid[top][left] if left < len(grid[top]) else ""
    for r in range(top, min(bottom, len(grid) - 1) + 1):
        while len(grid[r]) <= right:
            grid[r].append("")
        for c in range(left, right + 1):
            grid[r][c] = value
    column = f"colonnes {left + 1} à {right + 1}" if right > left else f"colonne {left + 1}"
    if right > left:
        sheet.problems.append((top + 1, "", f"cellule fusionnée sur plusieurs colonnes ({column}) : défusionnez-la "
                                            "et écrivez chaque valeur dans sa colonne", True))
    else:
        sheet.problems.append((top + 1, "", f"cellule fusionnée des lignes {top + 1} à {bottom + 1} ({column}) : "
                                            "sa valeur est reprise sur chaque ligne", False))


def read_sheet(path: Path) -> Sheet:
    sheet = Sheet(str(path))
    suffix = path.suffix.lower()
    reader = {".csv": _read_csv, ".xlsx": _read_xlsx, ".ods": _read_ods}[suffix]
    try:
        grid = reader(path, sheet)
    except Exception as error:  # a damaged or renamed file: say so, in French
        sheet.problems.append((0, "", f"fichier illisible comme tableur {suffix[1:].upper()} ({type(error).__name__})",
                               True))
        return sheet
    return _table(grid, sheet)
