"""Dates and times in words, the French way, without depending on system locales.

« mardi 13 octobre 2026, de 14 h à 16 h 30 » — Babel carries the CLDR French
data, so this works on a machine that has no fr_FR locale installed.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel.dates import format_date

from .timeutil import PARIS


@lru_cache(maxsize=4096)
def day_in_words(day: date, with_year: bool = True) -> str:
    """« mardi 13 octobre 2026 », « jeudi 1er octobre 2026 »."""
    weekday = format_date(day, "EEEE", locale="fr")
    month = format_date(day, "MMMM", locale="fr")
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{weekday} {number} {month}"
    return f"{text} {day.year}" if with_year else text


@lru_cache(maxsize=4096)
def short_day(day: date) -> str:
    """« mar. 13 oct. »: for tight lists."""
    return format_date(day, "EEE d MMM", locale="fr")


def clock(moment: time | datetime) -> str:
    """« 14 h », « 9 h 30 » (French typography, no-break spaces)."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(PARIS).time()
    if moment.minute:
        return f"{moment.hour}\u00a0h\u00a0{moment.minute:02d}"
    return f"{moment.hour}\u00a0h"


def session_in_words(start: datetime, end: datetime, with_year: bool = True) -> str:
    """« mardi 13 octobre 2026, de 14 h à 16 h », or « du … à 20 h au … à 6 h »."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    if start.date() == end.date():
        return f"{day_in_words(start.date(), with_year)}, de {clock(start)} à {clock(end)}"
    return (f"du {day_in_words(start.date(), with_year)} à {clock(start)} "
            f"au {day_in_words(end.date(), with_year)} à {clock(end)}")


def time_range(start: datetime, end: datetime) -> str:
    """« 14 h – 16 h » for a line in a list of the same day."""
    return f"{clock(start)}\u00a0–\u00a0{clock(end)}"


def file_size(size: int) -> str:
    """« 45 Ko », « 1,2 Mo »: a download's weight, the French way."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}\u00a0Ko"
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + "\u00a0Mo"
