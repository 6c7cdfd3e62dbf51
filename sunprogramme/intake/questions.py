"""``invoke new-event``: a few questions in French, one at a time, and a valid event file.

Every answer is checked as soon as it is typed, with the same checks as the files,
and asked again until it is right; times are taken as published (a start alone, a part of
day, « à confirmer »). Lists are numbered on the terminal; venues and partners are also
named by id or name, and only so in an answers file (their numbers change as they are added).
The answers come from the terminal, or one a line from a pipe (« printf '…' | invoke
new-event »); when they stop before the last question, nothing is written. The file is
written only when it passes the checks (``invoke check``), in the README's own style.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..fields import SCALARS, FieldValueError
from ..loader import load_programme
from ..schema import EVENT, REGISTRATION, SESSION
from ..vocabularies import slugify, vocabulary
from .event_text import normalise_value
from .new_event_answers import (
    END_QUESTION,
    OPENING_HELP,
    TIMES_QUESTION,
    Choice,
    end_time,
    french_key,
    listing,
    pick,
    session_times,
)
from .new_event_text import new_event_text

STOPPED = "\n✗ Les réponses se sont arrêtées avant la dernière question : aucun fichier n'a été écrit."
INTERRUPTED = "\n✗ Interrompu : aucun fichier n'a été écrit."


class NoMoreAnswers(Exception):
    """The answers stopped (end of the piped text, or Ctrl-D) before the last question."""


def read_answer(out) -> Callable[[], str]:
    """One answer a call: typed on the terminal, or the next line of the piped text (UTF-8, shown
    after its question so that the transcript reads as a dialogue). NoMoreAnswers at the end."""
    if sys.stdin.isatty():
        def typed() -> str:
            try:
                return input()
            except EOFError:
                raise NoMoreAnswers from None
        return typed

    def piped() -> str:
        line = sys.stdin.buffer.readline()
        if not line:
            raise NoMoreAnswers
        answer = line.decode("utf-8", errors="replace").removeprefix("\ufeff").rstrip("\r\n")
        print(answer, file=out)
        return answer
    return piped


class _Asker:
    def __init__(self, read: Callable[[], str], out, typed: bool) -> None:
        self.read, self.out, self.typed = read, out, typed

    def ask(self, question: str, check: Callable[[str], Any] | None = None, optional: bool = False) -> Any:
        while True:
            print(question, file=self.out, end=" ", flush=True)
            answer = self.read().strip()
            if not answer and optional:
                return None
            if not answer:
                print("  → une réponse est nécessaire.", file=self.out)
                continue
            if check is None:
                return answer
            try:
                return check(answer)
            except FieldValueError as error:
                print(f"  → {error}", file=self.out)

    def choose(self, question: str, choices: list[Choice], several: bool = False, optional: bool = False,
               grows: str = "") -> Any:
        """A pick in a numbered list, by number, id or name; a list that ``grows`` with the programme
        (« lieux », « partenaires ») takes numbers on the terminal only."""
        print(listing(choices), file=self.out, end="")
        numbers = self.typed or not grows
        return self.ask(question, lambda answer: pick(answer, choices, several, numbers, grows or "choix"), optional)


def _field(record, key: str) -> Callable[[str], Any]:
    """Check an answer as the files are checked; keep it as the tools write it."""
    spec = record.by_key(key)

    def check(answer: str) -> str:
        SCALARS[spec.kind](answer, spec)
        return normalise_value(key, answer.strip())

    return check


def new_event(content: str, read: Callable[[], str] | None = None, out=sys.stdout, typed: bool | None = None) -> int:
    """Ask the questions, write the event file; ``typed``: the answers are typed on a terminal (default:
    when they are read from stdin and it is one), where lists may be answered by number."""
    folder = Path(content)
    programme, _ = load_programme(folder)
    if programme is None:
        print("✗ Le programme a des erreurs : lancez d'abord « invoke check ».", file=out)
        return 1
    typed = (read is None and sys.stdin.isatty()) if typed is None else typed
    asker = _Asker(read or read_answer(out), out, typed)
    print("Nouvel événement : répondez aux questions (Entrée pour passer une question facultative).\n", file=out)
    try:
        data, event_id = _ask_event(asker, programme, folder)
    except NoMoreAnswers:
        print(STOPPED, file=out)
        return 1
    except KeyboardInterrupt:
        print(INTERRUPTED, file=out)
        return 1
    return _write(folder, event_id, data, out)


def _ask_event(asker: _Asker, programme, folder: Path) -> tuple[dict[str, Any], str]:
    data: dict[str, Any] = {"titre": asker.ask("Titre de l'événement :", _field(EVENT, "titre"))}
    data["resume"] = asker.ask("Résumé en une ou deux phrases :", _field(EVENT, "resume"))
    sessions = []
    print(OPENING_HELP, file=asker.out)
    while True:
        sessions.append(_ask_session(asker))
        another = asker.ask("Une autre séance ? (oui/non)", _field(REGISTRATION, "obligatoire"))
        if another.lower() not in ("oui", "true"):
            break
    data["seances"] = sessions
    venue = asker.choose("Où ? Numéro, identifiant ou nom du lieu (s'il manque, demandez à la coordination de "
                         "l'ajouter) :", _venue_choices(programme), grows="lieux")
    if venue:
        data["lieu"] = venue
    else:
        data["en_ligne"] = asker.ask("Lien pour participer (https://…) :", _field(EVENT, "en_ligne"))
    partners = sorted(programme.partners.values(), key=lambda p: (french_key(p.name), p.id))
    data["organisateurs"] = asker.choose("Qui organise ? Numéro(s), identifiant(s) ou nom(s), séparés par « ; » :",
                                         [Choice(p.id, f"{p.name} : {p.id}", (p.id, p.name)) for p in partners],
                                         True, grows="partenaires")
    data["themes"] = asker.choose("Thème(s) : numéro(s) :", _terms("themes"), True)
    data["format"] = asker.choose("Format :", _terms("formats"))
    audiences = asker.choose("Pour qui ? Numéro(s) (Entrée : tout public) :", _terms("publics"), True, optional=True)
    if audiences:
        data["publics"] = audiences
    if asker.ask("Inscription obligatoire ? (oui/non)", _field(REGISTRATION, "obligatoire")).lower() in ("oui", "true"):
        registration = {"obligatoire": "oui",
                        "telephone": asker.ask("Téléphone pour s'inscrire (Entrée pour passer) :",
                                               _field(REGISTRATION, "telephone"), optional=True),
                        "email": asker.ask("E-mail pour s'inscrire (Entrée pour passer) :",
                                           _field(REGISTRATION, "email"), optional=True)}
        data["inscription"] = {k: v for k, v in registration.items() if v}
    def taken(answer: str) -> bool:
        return any((folder / "events" / f"{answer}{s}").exists() for s in (".md", ".yaml", ".yml"))

    def free_id(answer: str) -> str:
        answer = SCALARS["id"](answer, EVENT.by_key("lieu"))
        if taken(answer):
            raise FieldValueError(f"l'identifiant « {answer} » existe déjà : choisissez-en un autre")
        return answer

    base = slugify(data["titre"])[:57].strip("-")  # room for « -2 »… under the 60 characters
    proposed = next(f"{base}{suffix}" for suffix in ("", *(f"-{n}" for n in range(2, 1000)))
                    if not taken(f"{base}{suffix}"))
    event_id = asker.ask(f"Identifiant du fichier (Entrée : {proposed}) :", free_id, optional=True)
    return data, event_id or free_id(proposed)


def _ask_session(asker: _Asker) -> dict[str, str]:
    """A session's date and its times as published: a start (and an end if one is published), a part
    of day, or « à confirmer »."""
    day = asker.ask("Date (par exemple 13/10/2026) :", _field(SESSION, "date"))
    session = {"date": day, **asker.ask(TIMES_QUESTION, lambda answer: session_times(answer, day))}
    if "debut" in session:
        end = asker.ask(END_QUESTION, lambda answer: end_time(answer, day, session["debut"]), optional=True)
        if end:
            session["fin"] = end
    return session


def _venue_choices(programme) -> list[Choice]:
    """The venues by commune then name, in French order; those outside the territory said so."""
    venues = sorted(programme.venues.values(),
                    key=lambda v: (french_key(v.commune.name), french_key(v.name), v.id))
    return [Choice(v.id, f"{v.commune.name}{'' if v.commune.in_territory else ' (hors territoire)'} — {v.name} : "
                         f"{v.id}", (v.id, v.name)) for v in venues] + [Choice("", "En ligne (un lien)", ("en ligne",))]


def _terms(name: str) -> list[Choice]:
    return [Choice(t.slug, t.label, (t.slug, t.label)) for t in vocabulary(name).terms]


def _write(folder: Path, event_id: str, data: dict[str, Any], out) -> int:
    """Write the event file, and keep it only if the programme passes the checks with it."""
    target = folder / "events" / f"{event_id}.yaml"
    target.write_text(new_event_text(data), encoding="utf-8")
    checked, report = load_programme(folder)
    if checked is None:
        target.unlink()
        for problem in report.sorted():
            if Path(problem.path) == target:
                print(problem.format(), file=out)
        print(f"✗ {target} n'a pas été écrit : corrigez les réponses ci-dessus et recommencez.", file=out)
        return 1
    print(f"✓ Événement écrit dans {target}. Relisez-le, complétez la description, puis lancez « invoke check ».",
          file=out)
    return 0
