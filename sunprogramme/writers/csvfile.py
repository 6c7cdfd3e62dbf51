"""CSV files meant to be opened in a spreadsheet: UTF-8 with a byte-order mark and « ; » as
separator (LibreOffice and Excel open them right in France), CRLF line endings (RFC 4180).

Cells come from outside contributors: one starting with « = », « + », « - », « @ », a tab or a
carriage return would be run as a formula by the spreadsheet (« =HYPERLINK(…) »), so it is
written after an apostrophe, which spreadsheets show as text. Numbers and phone numbers
(« -0.51 », « +33 1 99… ») are left as they are.
"""

from __future__ import annotations

import csv
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[\d .,]+")


def safe_cell(value: str) -> str:
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class _LastLine:
    """Where the csv writer puts each row: the line is kept, not written."""

    text = ""

    def write(self, text: str) -> None:
        self.text = text


_LINE = _LastLine()
_WRITER = csv.writer(_LINE, delimiter=";", lineterminator="\r\n")


def csv_line(row: list[str]) -> str:
    """One row as a line of ``spreadsheet_csv`` (cells made safe), for files put together line by line."""
    _WRITER.writerow([safe_cell(cell) for cell in row])
    return _LINE.text


def spreadsheet_csv(header: list[str], rows: list[list[str]] | list[str]) -> bytes:
    """``rows``: lists of cells, or lines already made by ``csv_line``."""
    lines = [csv_line(header)] + [row if isinstance(row, str) else csv_line(row) for row in rows]
    return ("\ufeff" + "".join(lines)).encode("utf-8")
