"""``invoke new-event``: a few questions in French, one at a time, and a valid event file.

Every answer is checked as soon as it is typed, with the same checks as the files,
and asked again until it is right; lists are numbered so nothing has to be spelt.
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
from .event_text import event_file_text, normalise_value


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


def new_event(content: str, read: Callable[[], str] | None = None, out=sys.stdout) -> int:
    read = read or (lambda: sys.stdin.readline() if not sys.stdin.isatty() else input())
    folder = Path(content)
    programme, _ = load_programme(folder)
    if programme is None:
        print("✗ Le programme a des erreurs : lancez d'abord « invoke check ».", file=out)
        return 1
    asker = _Asker(read, out)
    print("Nouvel événement : répondez aux questions (Entrée pour passer une question facultative).\n", file=out)
    data: dict[str, Any] = {"titre": asker.ask("Titre de l'événement :", _field(EVENT, "titre"))}
    data["resume"] = asker.ask("Résumé en une ou deux phrases :", _field(EVENT, "resume"))
    sessions = []
    while True:
        session = {"date": asker.ask("Date (par exemple 13/10/2026) :", _field(SESSION, "date")),
                   "debut": asker.ask("Heure de début (par exemple 14:00) :", _field(SESSION, "debut")),
                   "fin": asker.ask("Heure de fin (par exemple 16:00) :", _field(SESSION, "fin"))}
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
    event_id = event_id or free_id(proposed)
    target = folder / "events" / f"{event_id}.yaml"
    target.write_text(event_file_text(data), encoding="utf-8")
    checked, report = load_programme(folder)
    problems = [p.format() for p in report.problems if p.path.endswith(target.name)]
    for problem in problems:
        print(problem, file=out)
    if checked is None:
        print(f"✗ {target} a été écrit mais le programme a des erreurs : lancez « invoke check ».", file=out)
        return 1
    print(f"✓ Événement écrit dans {target}. Relisez-le, complétez la description, puis lancez « invoke check ».",
          file=out)
    return 0
