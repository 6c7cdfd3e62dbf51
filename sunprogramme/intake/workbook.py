"""The steering committee's file: the programme as a spreadsheet (ODS, XLSX, CSV), and its template.

One row per session; a second sheet explains each column and lists the allowed
values (communes, themes, audiences, formats, accessibility, venues, partners);
XLSX and ODS get drop-down lists where a column takes a listed value.
Export, then import, gives back the same programme.
Zip-based files are written with fixed timestamps: the same programme gives the
same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..sources import read_source
from ..vocabularies import communes, slugify, vocabulary
from .columns import COLUMNS, HEADERS, HELP_SHEET_NAME, MOMENT_WORDS, SHEET_NAME, VERSION_HEADER
from .sheet_versions import fields_cell

FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return str(value).strip()


def event_rows(path: Path) -> list[list[str]]:
    """The rows of one event file: the event's fields on each session's row."""
    source = read_source(path, str(path))
    data = dict(source.doc.data)
    if source.body and source.body.strip():
        data["description"] = source.body.strip()
    openings = data.get("ouverture")
    openings = [_opening_row(o) for o in (openings if isinstance(openings, list) else [openings])] if openings else []
    sessions = openings or data.get("seances") or [{k: data.get(k) for k in SHORTHAND if k in data}]
    rows = []
    for session in sessions:
        row = []
        for column in COLUMNS:
            key, _, sub = column.key.partition(".")
            if column.key == "id":
                value: Any = path.stem
            elif key in ("seance", "ouverture"):
                value = _session_cell(sub, session.get(sub)) if isinstance(session, dict) else None
            elif key in ("commune", "version"):
                value = None
            elif sub:
                value = (data.get(key) or {}).get(sub) if isinstance(data.get(key), dict) else None
            else:
                value = data.get(key)
            row.append(_cell(value))
        rows.append(row)
    version = fields_cell([dict(zip(HEADERS, row, strict=True)) for row in rows])
    position = HEADERS.index(VERSION_HEADER)
    for row in rows:
        row[position] = version
    return rows


SHORTHAND = ("date", "debut", "fin", "date_fin", "moment", "horaires")


def text_rows(name: str, text: str) -> list[dict[str, str]]:
    """The rows an export would write for an event file's text (``name``: its file name)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / name
        path.write_text(text, encoding="utf-8")
        return [dict(zip(HEADERS, row, strict=True)) for row in event_rows(path)]


def _opening_row(record: Any) -> dict[str, Any]:
    """An opening-hours record as a row's cells: its first day in Date, the rest in its own columns."""
    if not isinstance(record, dict):
        return {}
    return {("date" if k == "du" else k): v for k, v in record.items()}


def _session_cell(key: str, value: Any) -> Any:
    """A session's or opening's value in the sheet's words: « après-midi », « oui », « à confirmer »."""
    if key == "moment" and isinstance(value, str):
        return MOMENT_WORDS.get(value, value)
    if key == "horaires":
        return "oui" if value == "a_confirmer" else value
    if key == "jours" and value == "a_confirmer":
        return "à confirmer"
    return value


def programme_rows(content: Path) -> list[list[str]]:
    files = sorted(p for p in (content / "events").iterdir() if p.suffix in (".md", ".yaml", ".yml")
                   and not p.name.startswith("."))
    return [row for path in files for row in event_rows(path)]


def help_rows(venues: list[tuple[str, str]], partners: list[tuple[str, str]]) -> list[list[str]]:
    rows = [["Colonne", "Ce qu'elle contient", "Valeurs possibles"]]
    for column in COLUMNS:
        allowed = ", ".join(_choices(column))
        if column.key == "commune":
            allowed = ", ".join(c.name for c in communes())
        rows.append([column.header, column.help, allowed])
    rows.append([])
    rows.append(["Lieux connus (identifiant)", "Nom du lieu", ""])
    rows += [[vid, name, ""] for vid, name in venues]
    rows.append([])
    rows.append(["Partenaires (identifiant)", "Nom", ""])
    rows += [[pid, name, ""] for pid, name in partners]
    return rows


def _choices(column) -> list[str]:
    """A column's allowed values: its vocabulary's, or its own words."""
    return vocabulary(column.vocabulary).slugs if column.vocabulary else list(column.choices)


def _normalised_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and order, so that it never varies."""
    source = zipfile.ZipFile(io.BytesIO(data))
    fixed = b"2026-01-01T00:00:00Z"
    out = io.BytesIO()
    names = source.namelist()
    ordered = (["mimetype"] if "mimetype" in names else []) + [n for n in names if n != "mimetype"]
    with zipfile.ZipFile(out, "w") as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = source.read(name)
            if name == "docProps/core.xml":  # openpyxl writes the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + fixed + rb"\g<2>", content)
            target.writestr(info, content)
    return out.getvalue()


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


def xlsx_bytes(rows: list[list[str]], help_sheet: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for cell in sheet[letter][1:] or []:
            cell.number_format = "@"  # text: Excel keeps phone numbers' leading zero and dates as typed
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # contributors' text, never a formula (openpyxl takes « =… » for one)
        header = sheet[f"{letter}1"]
        header.font = Font(bold=True, color="FFFFFF")
        header.fill = PatternFill("solid", fgColor="8A3B00")
        header.alignment = Alignment(wrap_text=True, vertical="top")
        if _choices(column) and not column.multiple:
            validation = DataValidation(type="list", formula1='"' + ",".join(_choices(column)) + '"',
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle="Valeur inconnue",
                                        error="Choisissez une valeur de la liste (voir l'onglet Aide).")
            validation.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    help_ws = workbook.create_sheet(HELP_SHEET_NAME)
    for row in help_sheet:
        help_ws.append(row)
    help_ws.column_dimensions["A"].width, help_ws.column_dimensions["B"].width = 28, 70
    help_ws.column_dimensions["C"].width = 80
    for cell in help_ws[1]:
        cell.font = Font(bold=True)
    workbook.properties.creator = "Programme SUN"
    from datetime import datetime

    workbook.properties.created = workbook.properties.modified = datetime(2026, 1, 1)  # noqa: DTZ001
    out = io.BytesIO()
    workbook.save(out)
    return _normalised_zip(out.getvalue())


def ods_bytes(rows: list[list[str]], help_sheet: list[list[str]]) -> bytes:
    from odf import table, text
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TextProperties

    document = OpenDocumentSpreadsheet()
    bold = Style(name="entete", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    validations = table.ContentValidations()
    for column in COLUMNS:
        if _choices(column) and not column.multiple:
            values = ",".join(f'"{slug}"' for slug in _choices(column))
            validations.addElement(table.ContentValidation(
                name=_validation_name(column), allowemptycell="true",
                condition=f"of:cell-content-is-in-list({values})"))
    document.spreadsheet.addElement(validations)

    def add_sheet(name: str, data: list[list[str]], widths: list[int], validated: bool) -> None:
        sheet = table.Table(name=name)
        for index, width in enumerate(widths):
            style = Style(name=f"{name}-col{index}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{width * 0.21:.2f}cm"))
            document.automaticstyles.addElement(style)
            sheet.addElement(table.TableColumn(stylename=style))
        for number, row in enumerate(data):
            table_row = table.TableRow()
            for index, value in enumerate(row):
                attributes: dict[str, str] = {"valuetype": "string"}
                column = COLUMNS[index] if validated and index < len(COLUMNS) else None
                if number == 0:
                    attributes["stylename"] = bold
                elif column is not None and _choices(column) and not column.multiple:
                    attributes["contentvalidationname"] = _validation_name(column)
                cell = table.TableCell(**attributes)
                cell.addElement(text.P(text=value))
                table_row.addElement(cell)
            sheet.addElement(table_row)
        document.spreadsheet.addElement(sheet)

    add_sheet(SHEET_NAME, [HEADERS, *rows], [c.width for c in COLUMNS], True)
    add_sheet(HELP_SHEET_NAME, help_sheet, [28, 70, 80], False)
    out = io.BytesIO()
    document.write(out)
    return _normalised_zip(_stabilise_ods(out.getvalue()))


def _validation_name(column) -> str:
    return f"liste-{column.vocabulary or slugify(column.header)}"


def _sorted_namespaces(xml: bytes) -> bytes:
    """odfpy declares namespaces in a set's order, and more of them on later calls in a process:
    keep the ones used, sorted, so the bytes never vary."""
    start = xml.index(b"<office:document")
    end = xml.index(b">", start)
    tag = xml[start:end]
    rest = xml[:start] + xml[end:]
    declarations = sorted(d for d in re.findall(rb'\sxmlns:([\w-]+)="[^"]*"', tag)
                          if re.search(rb"[<\s/\"]" + d + rb":", rest) or re.search(rb"\s" + d + rb":\w+=", tag))
    declarations = [re.search(rb'\sxmlns:' + d + rb'="[^"]*"', tag).group(0) for d in declarations]
    others = re.sub(rb'\sxmlns:[\w-]+="[^"]*"', b"", tag)
    name, _, rest = others.partition(b" ")
    return xml[:start] + name + b"".join(declarations) + (b" " + rest if rest else b"") + xml[end:]


def _stabilise_ods(data: bytes) -> bytes:
    """odfpy stamps meta.xml with the current time and shuffles namespaces: fix both."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "meta.xml":
                content = re.sub(rb"<meta:creation-date>[^<]*</meta:creation-date>",
                                 b"<meta:creation-date>2026-01-01T00:00:00</meta:creation-date>", content)
                content = re.sub(rb"<dc:date>[^<]*</dc:date>", b"<dc:date>2026-01-01T00:00:00</dc:date>", content)
                content = re.sub(rb"<meta:generator>[^<]*</meta:generator>",
                                 b"<meta:generator>Programme SUN</meta:generator>", content)
            elif name in ("content.xml", "styles.xml", "settings.xml"):
                content = _sorted_namespaces(content)
            target.writestr(name, content)
    return out.getvalue()


def workbook_bytes(kind: str, rows: list[list[str]], help_sheet: list[list[str]]) -> bytes:
    if kind == "csv":
        return csv_bytes(rows)
    if kind == "xlsx":
        return xlsx_bytes(rows, help_sheet)
    return ods_bytes(rows, help_sheet)
