"""An event's sessions, from the fields of its file: one session (date, debut, fin) or a list
(seances), each a real time in Paris, checked against the edition's dates."""

from __future__ import annotations

from datetime import UTC, timedelta
from itertools import pairwise
from typing import Any

from .fields import field_label
from .model import Edition, Session
from .reading import ParsedFile
from .timeutil import TimeValueError, paris_datetime
from .yamlstrict import Path as YamlPath

MAX_SESSION_DAYS = 7


def read_sessions(parsed: ParsedFile, edition: Edition | None) -> list[Session]:
    values, report = parsed.values, parsed.reporter
    shorthand = [k for k in ("date", "start", "end", "end_date") if k in values]
    raw: list[tuple[YamlPath, dict[str, Any]]] = []
    data = parsed.source.doc.data
    if "sessions" in values and shorthand:
        report(("seances",), "seances", "écrivez soit date/debut/fin (une séance), soit seances (plusieurs), "
                                        "pas les deux")
        return []
    if "sessions" in values:
        raw = [(("seances", i), s) for i, s in enumerate(values["sessions"])]
    elif shorthand:
        missing = [key for key, attr in (("date", "date"), ("debut", "start"), ("fin", "end"))
                   if attr not in values and key not in data]
        for key in missing:
            report((), key, "champ obligatoire manquant pour la séance (date, debut et fin)")
        if missing or not {"date", "start", "end"} <= values.keys():
            return []
        raw = [((), {k: values[k] for k in ("date", "start", "end", "end_date") if k in values})]
    elif "seances" not in data and "date" not in data:
        report((), "seances", "aucune séance : indiquez date, debut et fin (ou une liste seances)")
        return []
    sessions = []
    for index, (path, session) in enumerate(raw, start=1):
        start_path = (*path, "debut") if path else ("debut",)
        end_path = (*path, "fin") if path else ("fin",)
        try:
            start = paris_datetime(session["date"], session["start"])
        except TimeValueError as error:
            report(start_path, field_label(start_path), str(error))
            continue
        end_day = session.get("end_date", session["date"])
        try:
            end = paris_datetime(end_day, session["end"])
        except TimeValueError as error:
            report(end_path, field_label(end_path), str(error))
            continue
        if end <= start:
            report(end_path, field_label(end_path),
                   f"la fin ({session['end']:%H:%M}) n'est pas après le début ({session['start']:%H:%M})"
                   + ("" if "end_date" in session else " ; si la séance finit le lendemain, ajoutez date_fin"))
            continue
        if end.astimezone(UTC) - start.astimezone(UTC) > timedelta(days=MAX_SESSION_DAYS):
            report(end_path, field_label(end_path), f"séance de plus de {MAX_SESSION_DAYS} jours : "
                                                    "découpez-la en plusieurs séances")
            continue
        if edition and not (edition.first_day <= start.date() <= edition.last_day
                            and end.date() <= edition.last_day + timedelta(days=1)):
            report.warn(start_path, field_label(start_path),
                        f"séance du {start:%d/%m/%Y} hors des dates de l'édition "
                        f"(du {edition.first_day:%d/%m/%Y} au {edition.last_day:%d/%m/%Y})")
        status = session.get("status") or values.get("status", "confirme")
        if values.get("status") == "annule":
            status = "annule"
        sessions.append(Session(start, end, status, session.get("note"), index))
    sessions.sort(key=lambda s: (s.start, s.end))
    for earlier, later in pairwise(sessions):
        if later.start == earlier.start:
            report(("seances", later.index - 1), f"seances[{later.index}]",
                   f"même début que la séance {earlier.index} (le {later.start:%d/%m/%Y à %H:%M})")
    return sessions
