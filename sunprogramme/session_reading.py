"""An event's sessions, from the fields of its file: one session (date with debut/fin, moment or
horaires), a list (seances), or opening hours (ouverture) that stand for one session per open day.
Each clock time is a real time in Paris; every session is checked against the edition's dates.

Times are taken as published: clock times (debut, and fin when published), or a part of day (moment), or
« horaires: a_confirmer » (alone or with a moment). Nothing is invented when they are missing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from .fields import field_label
from .model import Edition, Opening, Session
from .reading import ParsedFile
from .timeutil import TimeValueError, paris_datetime
from .vocabularies import vocabulary
from .yamlstrict import Path as YamlPath

MAX_SESSION_DAYS = 7
MAX_OPENING_DAYS = 999  # open days of one event (a frab id leaves room for 999 sessions per event)
SHORTHAND = ("date", "start", "end", "end_date", "moment", "times")
TIMES_HELP = ("indiquez debut et fin (debut seul si la fin n'est pas publiée) ; si les heures ne sont pas publiées, "
              "moment (matin, apres-midi, soiree, journee) ; si elles ne sont pas encore connues, "
              "horaires: a_confirmer")


def read_sessions(parsed: ParsedFile, edition: Edition | None) -> tuple[list[Session], list[Opening]]:
    """The event's sessions in order (those of its opening hours included) and its opening hours."""
    values, report = parsed.values, parsed.reporter
    data = parsed.source.doc.data
    shorthand = [k for k in SHORTHAND if k in values]
    if "ouverture" in data and ("seances" in data or shorthand or "date" in data):
        report(("ouverture",), "ouverture", "écrivez soit des séances (date ou seances), soit des horaires "
                                            "d'ouverture (ouverture), pas les deux : une séance à part, comme un "
                                            "vernissage, va dans un autre événement")
        return [], []
    if "ouverture" in data:
        return _read_openings(parsed, edition)
    raw: list[tuple[YamlPath, dict[str, Any], dict[str, Any]]] = []
    if "sessions" in values and shorthand:
        report(("seances",), "seances", "écrivez soit date/debut/fin (une séance), soit seances (plusieurs), "
                                        "pas les deux")
        return [], []
    if "sessions" in values:
        raw = [(("seances", i), s, data["seances"][i] if isinstance(data["seances"], list) else data["seances"])
               for i, s in enumerate(values["sessions"])]
    elif shorthand:
        if "date" not in values:
            if "date" not in data:
                report((), "date", "champ obligatoire manquant pour la séance (date)")
            return [], []
        raw = [((), {k: values[k] for k in SHORTHAND if k in values}, data)]
    elif "seances" not in data and "date" not in data:
        report((), "seances", "aucune séance : indiquez date et debut (et fin si elle est publiée) ; sans heure "
                              "publiée, date et moment, ou date et horaires: a_confirmer ; ou une liste seances, ou "
                              "ouverture pour des horaires d'ouverture")
        return [], []
    sessions = []
    for index, (path, session, written) in enumerate(raw, start=1):
        made = _session(path, session, written, values, index, report)
        if made is None:
            continue
        _warn_outside(edition, made, (*path, "date") if path else ("date",), report)
        sessions.append(made)
    sessions.sort(key=lambda s: s.sort_key)
    _same_time(sessions, report, lambda s: (("seances", s.index - 1), f"seances[{s.index}]"))
    return sessions, []


def _status(values: dict[str, Any], own: str | None) -> str:
    if values.get("status") == "annule":
        return "annule"
    return own or values.get("status", "confirme")


def _untimed(path: YamlPath, session: dict[str, Any], written: dict[str, Any], report,
             start_alone: bool = True) -> bool | None:
    """True when the session has no clock times (a moment, or times to be confirmed), False when it
    has them (a start, and its end when published: « 15 h 00 : conférence » gives a start alone,
    unless not ``start_alone``); None when what is written contradicts itself or is missing (reported)."""
    given = {key for key, value in written.items() if value not in (None, "", [])}  # an empty one is absent

    def at(key: str, instead: str | None = None) -> tuple[YamlPath, str]:
        """The field ``key``, told on its line; when it is not written at all, on the line of
        ``instead`` (or of the day, where a missing time is seen)."""
        where = (*path, key)
        if key in written:
            return where, field_label(where)
        shown = instead or next((day for day in ("date", "du") if day in written), None)
        return (*path, shown) if shown else where, field_label(where)

    clock = [key for key in ("debut", "fin") if key in given]
    if "moment" in given and clock:
        report(*at("moment"), f"moment ({written['moment']}) et heures ({' et '.join(clock)}) à la fois : gardez "
                              "debut et fin si les heures sont connues, sinon moment seul")
        return None
    if "horaires" in given and clock:
        report(*at("horaires"), f"horaires à confirmer et heures ({' et '.join(clock)}) à la fois : retirez debut "
                                "et fin tant que les heures ne sont pas connues, ou retirez horaires")
        return None
    if "moment" in given or "horaires" in given:
        if "date_fin" in given:
            report(*at("date_fin"), "date_fin ne va qu'avec des heures (debut et fin) : pour plusieurs jours sans "
                                    "heures, écrivez une séance par jour, ou des horaires d'ouverture (ouverture)")
            return None
        return True
    if not clock:
        report(*at("debut"), f"heures manquantes : {TIMES_HELP}")
        return None
    if start_alone and "debut" in given and "fin" not in given and "date_fin" in given:
        report(*at("date_fin"), "date_fin ne va qu'avec une heure de fin : ajoutez fin, ou retirez date_fin")
        return None
    for key in ("debut",) if start_alone else ("debut", "fin"):
        if key not in given:
            report(*at(key, "fin" if key == "debut" else "debut"),
                   f"champ obligatoire manquant pour la séance ({key}) ; sans heures publiées, retirez "
                   "debut et fin et écrivez moment ou horaires: a_confirmer")
            return None
    wanted = {"start", "end"} if "fin" in given else {"start"}
    return False if wanted <= session.keys() else None  # a time that could not be read: reported


def _session(path: YamlPath, session: dict[str, Any], written: dict[str, Any], values: dict[str, Any],
             index: int, report) -> Session | None:
    untimed = _untimed(path, session, written, report)
    if untimed is None or "date" not in session:
        return None
    status = _status(values, session.get("status"))
    if untimed:
        return Session(None, None, status, session.get("note"), index, day=session["date"],
                       moment=session.get("moment"), to_confirm=session.get("times") == "a_confirmer")
    start_path = (*path, "debut")
    end_path = (*path, "fin")
    try:
        start = paris_datetime(session["date"], session["start"])
    except TimeValueError as error:
        report(start_path, field_label(start_path), str(error))
        return None
    if "end" not in session:  # a start alone, as published: « à partir de 15 h »
        return Session(start, None, status, session.get("note"), index)
    end_day = session.get("end_date", session["date"])
    try:
        end = paris_datetime(end_day, session["end"])
    except TimeValueError as error:
        report(end_path, field_label(end_path), str(error))
        return None
    if end <= start:
        report(end_path, field_label(end_path),
               f"la fin ({session['end']:%H:%M}) n'est pas après le début ({session['start']:%H:%M})"
               + ("" if "end_date" in session else " ; si la séance finit le lendemain, ajoutez date_fin"))
        return None
    if end.astimezone(UTC) - start.astimezone(UTC) > timedelta(days=MAX_SESSION_DAYS):
        report(end_path, field_label(end_path), f"séance de plus de {MAX_SESSION_DAYS} jours : "
                                                "découpez-la en plusieurs séances, ou écrivez des horaires "
                                                "d'ouverture (ouverture)")
        return None
    return Session(start, end, status, session.get("note"), index)


def _warn_outside(edition: Edition | None, session: Session, path: YamlPath, report) -> None:
    if edition is None or session.day is None:
        return
    last = session.end.date() if session.end is not None else session.day
    if not (edition.first_day <= session.day <= edition.last_day and last <= edition.last_day + timedelta(days=1)):
        report.warn(path, field_label(path) if path else "date",
                    f"séance du {session.day:%d/%m/%Y} hors des dates de l'édition "
                    f"(du {edition.first_day:%d/%m/%Y} au {edition.last_day:%d/%m/%Y})")


def _same_time(sessions: list[Session], report, where) -> None:
    """Two sessions of one event that start together (or share a day and a part of day) are one too many."""
    seen: dict[tuple, Session] = {}
    for session in sessions:
        key = (session.start,) if session.start is not None else (session.day, session.moment, session.to_confirm)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = session
            continue
        if session.start is not None:
            report(*where(session), f"même début que la séance {earlier.index} (le {session.start:%d/%m/%Y à %H:%M})")
        else:
            report(*where(session), f"même jour et mêmes horaires que la séance {earlier.index} "
                                    f"(le {session.day:%d/%m/%Y})")


# -- Opening hours ---------------------------------------------------------------------------------

def _read_openings(parsed: ParsedFile, edition: Edition | None) -> tuple[list[Session], list[Opening]]:
    values, report = parsed.values, parsed.reporter
    written = parsed.source.doc.data["ouverture"]
    if "openings" not in values:
        return [], []  # its fields' problems are reported
    items = written if isinstance(written, list) else [written]
    openings: list[tuple[YamlPath, Opening]] = []
    for number, (record, raw) in enumerate(zip(values["openings"], items, strict=True), start=1):
        path: YamlPath = ("ouverture", number - 1) if isinstance(written, list) else ("ouverture",)
        opening = _opening(path, record, raw, report)
        if opening is not None:
            openings.append((path, opening))
    if len(openings) != len(items):
        return [], []
    status = _status(values, None)
    made: list[tuple[tuple, int, date, datetime | None, datetime | None, Opening]] = []
    for number, (path, opening) in enumerate(openings, start=1):
        for day in opening.days():
            times = _opening_times(path, opening, day, report)
            if times is None:
                return [], []
            sample = Session(times[0], times[1], status, day=day, moment=opening.moment,
                             to_confirm=opening.to_confirm)
            made.append((sample.sort_key, number, day, times[0], times[1], opening))
        if edition is not None and not (edition.first_day <= opening.first_day
                                        and opening.last_day <= edition.last_day):
            report.warn(path, field_label(path), f"ouverture du {opening.first_day:%d/%m/%Y} au "
                        f"{opening.last_day:%d/%m/%Y} en partie hors des dates de l'édition "
                        f"(du {edition.first_day:%d/%m/%Y} au {edition.last_day:%d/%m/%Y})")
    if len(made) > MAX_OPENING_DAYS:
        report(("ouverture",), "ouverture", f"{len(made)} jours d'ouverture : au plus {MAX_OPENING_DAYS} par "
                                            "événement")
        return [], []
    made.sort(key=lambda m: (m[0], m[1]))
    sessions = [Session(start, end, status, None, index, day=day, moment=opening.moment,
                        to_confirm=opening.to_confirm, opening=number, days_to_confirm=opening.days_to_confirm)
                for index, (_key, number, day, start, end, opening) in enumerate(made, start=1)]
    paths = {number: path for number, (path, _) in enumerate(openings, start=1)}
    _same_time(sessions, report, lambda s: (paths[s.opening], field_label(paths[s.opening])))
    return sessions, [opening for _, opening in openings]


def _opening(path: YamlPath, record: dict[str, Any], raw: dict[str, Any], report) -> Opening | None:
    if record.get("weekdays") == "a_confirmer" and all(
            raw.get(key) in (None, "", []) for key in ("debut", "fin", "moment", "horaires")):
        # The source gives the period alone (« du 2 au 15 octobre »): its days and its times are to be confirmed.
        record, raw = {**record, "times": "a_confirmer"}, {**raw, "horaires": "a_confirmer"}
    untimed = _untimed(path, record, raw, report, start_alone=False)
    if untimed is None:
        return None
    first, last = record["first_day"], record["last_day"]
    if last < first:
        where = (*path, "au")
        report(where, field_label(where), f"le dernier jour ({last:%d/%m/%Y}) est avant le premier "
                                          f"({first:%d/%m/%Y})")
        return None
    if not untimed and record["end"] <= record["start"]:
        where = (*path, "fin")
        report(where, field_label(where), f"la fermeture ({record['end']:%H:%M}) n'est pas après l'ouverture "
                                          f"({record['start']:%H:%M})")
        return None
    slugs = vocabulary("jours").slugs
    days_to_confirm = record.get("weekdays") == "a_confirmer"  # every day of the period stands for it
    weekdays = tuple(sorted({slugs.index(d) for d in (slugs if days_to_confirm else record.get("weekdays", slugs))}))
    opening = Opening(first, last, weekdays, None if untimed else record["start"],
                      None if untimed else record["end"], record.get("moment"),
                      record.get("times") == "a_confirmer", tuple(sorted(set(record.get("except_days", ())))),
                      days_to_confirm)
    for day in opening.except_days:
        if not (first <= day <= last) or day.weekday() not in weekdays:
            where = (*path, "sauf")
            report.warn(where, field_label(where), f"le {day:%d/%m/%Y} n'est pas un jour d'ouverture de cette "
                                                   "période : rien à retirer")
    if not opening.days():
        report(path, field_label(path), f"aucun jour ouvert du {first:%d/%m/%Y} au {last:%d/%m/%Y} "
                                        "(voyez jours et sauf)")
        return None
    return opening


def _opening_times(path: YamlPath, opening: Opening, day: date,
                   report) -> tuple[datetime | None, datetime | None] | None:
    if opening.start is None or opening.end is None:
        return None, None
    try:
        return paris_datetime(day, opening.start), paris_datetime(day, opening.end)
    except TimeValueError as error:
        report(path, field_label(path), str(error))
        return None
