"""``invoke new-event``: a few questions in French, one at a time, and a valid event file.

Every answer is checked as soon as it is typed, with the same checks as the files,
and asked again until it is right; lists are numbered so nothing has to be spelt.
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
from ..timeutil import parse_time
from ..vocabularies import slugify, vocabulary
from .event_text import normalise_value
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
    def __init__(self, read: Callable[[], str], out) -> None:
        self.read, self.out = read, out

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

    def choose(self, question: str, choices: list[tuple[str, str]], several: bool = False,
               optional: bool = False) -> Any:
        for number, (_value, label) in enumerate(choices, start=1):
            print(f"  {number:>2}. {label}", file=self.out)

        def pick(answer: str) -> Any:
            numbers = [part.strip() for part in answer.replace(",", " ").split()]
            if not numbers or not all(n.isdigit() and 1 <= int(n) <= len(choices) for n in numbers):
                raise FieldValueError(f"tapez un numéro entre 1 et {len(choices)}"
                                      + (" (plusieurs : séparez-les par des espaces)" if several else ""))
            if not several and len(numbers) > 1:
                raise FieldValueError("un seul numéro")
            picked = [choices[int(n) - 1][0] for n in numbers]
            return picked if several else picked[0]

        return self.ask(question, pick, optional)


def _field(record, key: str) -> Callable[[str], Any]:
    """Check an answer as the files are checked; keep it as the tools write it."""
    spec = record.by_key(key)

    def check(answer: str) -> str:
        SCALARS[spec.kind](answer, spec)
        return normalise_value(key, answer.strip())

    return check


def _end_after(start: str) -> Callable[[str], str]:
    """The end time's check: a time, after ``start``."""
    check = _field(SESSION, "fin")

    def after(answer: str) -> str:
        end = check(answer)
        if parse_time(end) <= parse_time(start):
            raise FieldValueError(f"la fin ({end}) n'est pas après le début ({start}) : tapez une heure plus tard")
        return end

    return after


def new_event(content: str, read: Callable[[], str] | None = None, out=sys.stdout) -> int:
    folder = Path(content)
    programme, _ = load_programme(folder)
    if programme is None:
        print("✗ Le programme a des erreurs : lancez d'abord « invoke check ».", file=out)
        return 1
    asker = _Asker(read or read_answer(out), out)
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
    while True:
        session = {"date": asker.ask("Date (par exemple 13/10/2026) :", _field(SESSION, "date")),
                   "debut": asker.ask("Heure de début (par exemple 14:00) :", _field(SESSION, "debut"))}
        session["fin"] = asker.ask("Heure de fin (par exemple 16:00) :", _end_after(session["debut"]))
        sessions.append(session)
        another = asker.ask("Une autre séance ? (oui/non)", _field(REGISTRATION, "obligatoire"))
        if another.lower() not in ("oui", "true"):
            break
    data["seances"] = sessions
    venues = sorted(programme.venues.values(), key=lambda v: (v.commune.name, v.name))
    choices = [(v.id, f"{v.commune.name} — {v.name}") for v in venues] + [("", "En ligne (un lien)")]
    venue = asker.choose("Où ? Numéro du lieu (s'il manque, demandez à la coordination de l'ajouter) :", choices)
    if venue:
        data["lieu"] = venue
    else:
        data["en_ligne"] = asker.ask("Lien pour participer (https://…) :", _field(EVENT, "en_ligne"))
    partners = sorted(programme.partners.values(), key=lambda p: p.name.casefold())
    data["organisateurs"] = asker.choose("Qui organise ? Numéro(s) :", [(p.id, p.name) for p in partners], True)
    data["themes"] = asker.choose("Thème(s) : numéro(s) :", [(t.slug, t.label) for t in vocabulary("themes").terms],
                                  True)
    data["format"] = asker.choose("Format :", [(t.slug, t.label) for t in vocabulary("formats").terms])
    audiences = asker.choose("Pour qui ? Numéro(s) (Entrée : tout public) :",
                             [(t.slug, t.label) for t in vocabulary("publics").terms], True, optional=True)
    if audiences:
        data["publics"] = audiences
    if asker.ask("Inscription obligatoire ? (oui/non)", _field(REGISTRATION, "obligatoire")).lower() in ("oui", "true"):
        registration = {"obligatoire": "oui",
                        "telephone": asker.ask("Téléphone pour s'inscrire (Entrée pour passer) :",
                                               _field(REGISTRATION, "telephone"), optional=True),
                        "email": asker.ask("E-mail pour s'inscrire (Entrée pour passer) :",
                                           _field(REGISTRATION, "email"), optional=True)}
        data["inscription"] = {k: v for k, v in registration.items() if v}
    proposed = slugify(data["titre"])[:60].strip("-")

    def free_id(answer: str) -> str:
        answer = SCALARS["id"](answer, EVENT.by_key("lieu"))
        if any((folder / "events" / f"{answer}{s}").exists() for s in (".md", ".yaml", ".yml")):
            raise FieldValueError(f"l'identifiant « {answer} » existe déjà : choisissez-en un autre")
        return answer

    event_id = asker.ask(f"Identifiant du fichier (Entrée : {proposed}) :", free_id, optional=True)
    return data, event_id or free_id(proposed)


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
