"""CSV files meant to be opened in a spreadsheet: UTF-8 with a byte-order mark and « ; » as
separator (LibreOffice and Excel open them right in France), CRLF line endings (RFC 4180).

Cells come from outside contributors: one starting with « = », « + », « - », « @ », a tab or a
carriage return would be run as a formula by the spreadsheet (« =HYPERLINK(…) »), so it is
written after an apostrophe, which spreadsheets show as text. Numbers and phone numbers
(« -0.51 », « +33 1 99… ») are left as they are.
"""

from __future__ import annotations

import csv
import io
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[\d .,]+")


def safe_cell(value: str) -> str:
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
