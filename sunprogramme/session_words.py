"""A session's times in words, exactly as published: clock times, a part of day, « horaires à
confirmer », or opening hours; never a time that was not given.

« mardi 13 octobre 2026, de 14 h à 16 h », « mardi 13 octobre 2026, l'après-midi »,
« mardi 13 octobre 2026, horaires à confirmer », « du 10 au 24 octobre 2026, du mardi au samedi,
de 14 h à 18 h, sauf le 18 octobre ».
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from babel.dates import format_date

from .frenchdates import clock, day_in_words, session_in_words, time_range
from .model import Event, Opening, Session
from .vocabularies import vocabulary

TO_CONFIRM = "horaires à confirmer"


def time_kind(session: Session) -> str:
    """How the times were published: « heures » (clock times), « debut » (a start alone: « à partir de
    15 h »), « moment » (a part of day only) or « a_confirmer » (not known yet, with or without a part of
    day). Exports name it so."""
    if session.start is not None:
        return "heures" if session.end is not None else "debut"
    return "a_confirmer" if session.to_confirm else "moment"


def moment_words(slug: str) -> str:
    """« l'après-midi », « toute la journée »."""
    return str(vocabulary("moments")[slug].extra["words"])


def _untimed(moment: str | None, to_confirm: bool) -> str:
    parts = ([moment_words(moment)] if moment else []) + ([TO_CONFIRM] if to_confirm else [])
    return ", ".join(parts)


def _days_unknown(times: str) -> str:
    """The times of a period whose open days were not published: « jours et horaires à confirmer »,
    « jours à confirmer, de 14 h à 18 h »."""
    return "jours et horaires à confirmer" if times == TO_CONFIRM else f"jours à confirmer, {times}"


def hours_in_words(session: Session) -> str:
    """The times alone: « de 14 h à 16 h », « à partir de 15 h », « l'après-midi », « l'après-midi,
    horaires à confirmer »."""
    if session.days_to_confirm:
        return _days_unknown(hours_in_words(replace(session, days_to_confirm=False)))
    if session.start is not None and session.end is not None:
        if session.start.date() == session.end.date():
            return f"de {clock(session.start)} à {clock(session.end)}"
        return session_in_words(session.start, session.end, with_year=False)
    if session.start is not None:
        return f"à partir de {clock(session.start)}"
    return _untimed(session.moment, session.to_confirm)


def when_in_words(session: Session, with_year: bool = True) -> str:
    """The day and the times: « mardi 13 octobre 2026, de 14 h à 16 h », « mardi 13 octobre 2026,
    à partir de 15 h », « mardi 13 octobre 2026, toute la journée », « du … à 20 h au … à 6 h »."""
    if session.start is not None and session.end is not None:
        return session_in_words(session.start, session.end, with_year)
    assert session.day is not None
    return f"{day_in_words(session.day, with_year)}, {hours_in_words(session)}"


def list_time(session: Session) -> str:
    """The time cell of a line in one day's list: « 14 h – 16 h », « À partir de 15 h »,
    « L'après-midi », « Horaires à confirmer »."""
    if session.start is not None and session.end is not None:
        return time_range(session.start, session.end)
    text = hours_in_words(session)
    return text[:1].upper() + text[1:]


def open_today(event: Event, sessions: tuple[Session, ...]) -> str:
    """An event's opening hours on one day, in a day's list: « Exposition, ouverte ce jour de 14 h à
    18 h », « … de 10 h à 12 h et de 14 h à 18 h », « … ouverte ce jour l'après-midi »."""
    term = vocabulary("formats")[event.format]
    first = sessions[0]
    if first.days_to_confirm:  # « Exposition, du 2 au 15 octobre (jours et horaires à confirmer) »
        return f"{term.label}, {opening_in_words(event.openings[first.opening - 1], with_year=False)}"
    words = " et ".join(hours_in_words(s) for s in sessions)
    joined = f" {words}" if first.start is not None or first.moment else f", {words}"
    return f"{term.label}, {term.extra.get('ouvert', 'ouvert')} ce jour{joined}"


def _day_month(day: date, with_year: bool) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    month = format_date(day, "MMMM", locale="fr")
    return f"{number} {month}" + (f" {day.year}" if with_year else "")


def _period(first: date, last: date, with_year: bool) -> str:
    if first == last:
        return f"le {day_in_words(first, with_year)}"
    if (first.year, first.month) == (last.year, last.month):
        start = "1er" if first.day == 1 else str(first.day)
    else:
        start = _day_month(first, with_year and first.year != last.year)
    return f"du {start} au {_day_month(last, with_year)}"


def _weekdays(weekdays: tuple[int, ...]) -> str:
    names = [term.slug for term in vocabulary("jours").terms]
    if len(weekdays) == 7:
        return "tous les jours"
    if len(weekdays) >= 3 and weekdays == tuple(range(weekdays[0], weekdays[-1] + 1)):
        return f"du {names[weekdays[0]]} au {names[weekdays[-1]]}"
    said = [f"le {names[d]}" for d in weekdays]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " et " + said[-1]


def opening_in_words(opening: Opening, with_year: bool = True) -> str:
    """« du 10 au 24 octobre 2026, du mardi au samedi, de 14 h à 18 h, sauf le 18 octobre »; open days
    not published: « du 2 au 15 octobre 2024 (jours et horaires à confirmer) »."""
    parts = [_period(opening.first_day, opening.last_day, with_year)]
    if opening.first_day != opening.last_day and not opening.days_to_confirm:
        parts.append(_weekdays(opening.weekdays))
    if opening.start is not None and opening.end is not None:
        times = f"de {clock(opening.start)} à {clock(opening.end)}"
    else:
        times = _untimed(opening.moment, opening.to_confirm)
    if opening.days_to_confirm:
        parts[0] += " (jours et horaires à confirmer)" if times == TO_CONFIRM else " (jours à confirmer)"
        times = "" if times == TO_CONFIRM else times
    parts.append(times)
    closed = [d for d in opening.except_days
              if opening.first_day <= d <= opening.last_day and d.weekday() in opening.weekdays]
    if closed:
        parts.append("sauf " + " et ".join(f"le {_day_month(d, False)}" for d in closed))
    return ", ".join(part for part in parts if part)


def confirm_phone(event: Event) -> str | None:
    """The number to call when times are still to be confirmed: the event's contact, or its
    registration's."""
    for holder in (event.contact, event.registration):
        if holder is not None and holder.phone:
            return holder.phone
    return None


def to_confirm_notice(event: Event) -> str | None:
    """« Horaires à confirmer : appelez le 01 99 00 12 34 avant de venir. » when some session's times
    are not known yet."""
    if not any(s.to_confirm for s in event.sessions):
        return None
    phone = confirm_phone(event)
    if phone:
        return f"Horaires à confirmer : appelez le {phone} avant de venir."
    return "Horaires à confirmer : ils seront publiés ici dès qu'ils seront connus."
