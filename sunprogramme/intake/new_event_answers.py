"""The answers of ``invoke new-event`` that are more than one field's check.

- Times as published: a start time, a part of day (« après-midi ») or « à confirmer », never an
  invented hour; an end only when one is published. A time that the change of time skips or repeats
  on its day is refused with the checker's own words, at once.
- A pick in a list (venue, partners, themes…) by number, id or name, accents and case ignored. The
  venues and partners grow with the programme, so an answers file names them: a number there would
  silently point to another one once a venue is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from ..fields import FieldValueError
from ..timeutil import TimeValueError, paris_datetime, parse_date, parse_time
from ..vocabularies import fold, slugify

TIMES_QUESTION = ("Horaires : heure de début (14:00), moment (matin, après-midi, soirée, toute la journée) ou "
                  "« à confirmer » :")
END_QUESTION = "Heure de fin (16:00 ; Entrée si elle n'est pas publiée) :"
OPENING_HELP = ("Séances : une par jour. Pour une exposition ouverte plusieurs jours (horaires d'ouverture), écrivez "
                "le fichier à la main : voir le README, section « Écrire un événement », « Horaires d'ouverture "
                "(une exposition) ».")
# What may be typed for each part of day (as slugs: accents, case and punctuation ignored).
_MOMENTS = {"matin": "matin", "le-matin": "matin", "apres-midi": "apres-midi", "l-apres-midi": "apres-midi",
            "soiree": "soiree", "en-soiree": "soiree", "la-soiree": "soiree", "soir": "soiree", "le-soir": "soiree",
            "journee": "journee", "toute-la-journee": "journee", "la-journee": "journee"}
_TO_CONFIRM = ("horaires-a-confirmer", "a-confirmer")


def french_key(text: str) -> str:
    """Sorting key for French names: « Épinay-sur-Orge » among the E's, « CATON » among the C's."""
    return fold(text).casefold()


def _on_day(day: str, clock: time) -> None:
    """Refuse a time that the change of time skips or repeats on ``day``, as the checker does."""
    try:
        paris_datetime(parse_date(day), clock)
    except TimeValueError as error:
        raise FieldValueError(str(error)) from None


def session_times(answer: str, day: str) -> dict[str, str]:
    """The times of a session as published: « 14h » → debut, « après-midi » → moment, « à confirmer »
    → horaires, « le matin, à confirmer » → both."""
    words = slugify(answer)
    for tail in _TO_CONFIRM:
        if words == tail:
            return {"horaires": "a_confirmer"}
        if words.endswith(f"-{tail}") and words[:-len(tail) - 1] in _MOMENTS:
            return {"moment": _MOMENTS[words[:-len(tail) - 1]], "horaires": "a_confirmer"}
    if words in _MOMENTS:
        return {"moment": _MOMENTS[words]}
    if not answer[:1].isdigit():
        raise FieldValueError(f"« {answer} » illisible : écrivez une heure (14:00), un moment de la journée (matin, "
                              "après-midi, soirée, toute la journée) ou « à confirmer »")
    try:
        start = parse_time(answer)
    except TimeValueError as error:
        raise FieldValueError(str(error)) from None
    _on_day(day, start)
    return {"debut": f"{start:%H:%M}"}


def end_time(answer: str, day: str, start: str) -> str:
    """The end of a session that starts at ``start`` on ``day``: a real time on that day, after the start."""
    try:
        end = parse_time(answer)
    except TimeValueError as error:
        raise FieldValueError(str(error)) from None
    _on_day(day, end)
    if end <= parse_time(start):
        raise FieldValueError(f"la fin ({end:%H:%M}) n'est pas après le début ({start}) : tapez une heure plus tard")
    return f"{end:%H:%M}"


@dataclass(frozen=True)
class Choice:
    value: str  # what is written in the file ("" for « en ligne »)
    label: str  # as listed
    names: tuple[str, ...]  # what may be typed instead of the number: the id, the name


def listing(choices: list[Choice]) -> str:
    return "".join(f"  {number:>2}. {choice.label}\n" for number, choice in enumerate(choices, start=1))


def pick(answer: str, choices: list[Choice], several: bool, numbers: bool, what: str = "choix") -> Any:
    """The value(s) ``answer`` names: numbers of the list (when ``numbers``), ids or names; several
    separated by « ; » (or by spaces and commas when each is one word). ``what``: the list's items, in
    French plural (« lieux »)."""
    whole = _named(answer, choices)
    if whole:
        parts = [answer]
    elif ";" in answer:
        parts = [part.strip() for part in answer.split(";") if part.strip()]
    else:
        parts = answer.replace(",", " ").split()
    if len(parts) > 1 and not several:
        raise FieldValueError("un seul choix")
    digits = [part for part in parts if part.isdigit() and 1 <= int(part) <= len(choices)]
    if digits and not numbers:
        written = " ; ".join(choices[int(n) - 1].value for n in digits)
        which = f"le {digits[0]}" if len(digits) == 1 else "les " + ", ".join(digits)
        raise FieldValueError("dans un fichier de réponses, écrivez l'identifiant ou le nom, pas le numéro (il "
                              f"change quand la liste s'allonge) : pour {which}, « {written} »")
    picked = [choices[int(part) - 1].value if part in digits else _one(part, choices, numbers, what)
              for part in parts]
    return picked if several else picked[0]


def _named(text: str, choices: list[Choice]) -> list[Choice]:
    wanted = slugify(text)
    return [choice for choice in choices if wanted and any(slugify(name) == wanted for name in choice.names)]


def _one(text: str, choices: list[Choice], numbers: bool, what: str) -> str:
    found = _named(text, choices)
    if len(found) == 1:
        return found[0].value
    if found:
        raise FieldValueError(f"plusieurs {what} s'appellent « {text} » : écrivez l'identifiant ("
                              + ", ".join(choice.value for choice in found) + ")")
    how = f"tapez un numéro entre 1 et {len(choices)}, l'identifiant ou le nom" if numbers else \
        "écrivez l'identifiant ou le nom exact"
    words = set(slugify(text).split("-"))
    close = [c for c in choices if c.value and words <= {w for n in c.names for w in slugify(n).split("-")}]
    hint = f" ; vouliez-vous dire « {close[0].value} » ({close[0].names[-1]}) ?" if len(close) == 1 else ""
    raise FieldValueError(f"« {text} » n'est pas dans la liste : {how}{hint}")
