"""Europe/Paris wall times made into real instants, refusing DST-ambiguous ones.

On the last Sunday of October the hour 02:00–03:00 happens twice; on the last
Sunday of March 02:00–03:00 does not exist. A programme cannot guess which one
an organiser meant, so both are refused with a message that says why.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?$")


class TimeValueError(ValueError):
    """A date or time that cannot be used; the message is French, for organisers."""


def parse_date(value: object) -> date:
    """« 2026-10-13 » or « 13/10/2026 »."""
    text = str(value).strip()
    match = _DATE_ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DATE_FR.match(text)
        if not match:
            raise TimeValueError(
                f"date « {text} » illisible : écrivez-la AAAA-MM-JJ (2026-10-13) ou JJ/MM/AAAA (13/10/2026)"
            )
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise TimeValueError(f"la date « {text} » n'existe pas dans le calendrier") from None


def parse_time(value: object) -> time:
    """« 14:00 », « 14h », « 14h30 », « 9:30 »."""
    text = str(value).strip()
    match = _TIME.match(text)
    if not match or (":" in text and match.group(2) is None):
        raise TimeValueError(f"heure « {text} » illisible : écrivez-la HH:MM, par exemple \"14:30\"")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise TimeValueError(f"l'heure « {text} » n'existe pas (de 00:00 à 23:59)")
    return time(hour, minute)


def paris_datetime(day: date, clock: time) -> datetime:
    """The Paris instant for a wall time; refuses times skipped or repeated by DST."""
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=PARIS, fold=0)
    second = naive.replace(tzinfo=PARIS, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    shown = f"{clock:%H:%M} le {day:%d/%m/%Y}"
    # A skipped time does not survive a round trip through UTC.
    if first.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None) != naive:
        raise TimeValueError(
            f"{shown} n'existe pas : à 2 h les horloges passent directement à 3 h (heure d'été) ; "
            "choisissez une heure avant 2 h ou à partir de 3 h"
        )
    raise TimeValueError(
        f"{shown} existe deux fois : à 3 h les horloges reviennent à 2 h (heure d'hiver) ; "
        "choisissez une heure avant 2 h ou à partir de 3 h"
    )


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
