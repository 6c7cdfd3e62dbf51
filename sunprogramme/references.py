"""What the partners and venues read so far say of a name an event cites (``Reference``), and what an
event is told of it: nothing (known), a note (its file has an error, told there once), or an error with
the nearest names (unknown)."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import suggest
from .venue_hints import venue_hint

KNOWN, INVALID, UNKNOWN = "known", "invalid", "unknown"


@dataclass(frozen=True)
class Reference:
    """What the registry knows of a venue or partner an event names, given to ``build_event``
    instead of the whole registry (any partner's edit would build every event again)."""

    kind: str  # « lieu » or « partenaire »: the namespace it was looked up in
    name: str
    state: str  # KNOWN, INVALID or UNKNOWN
    file: str = ""  # INVALID: the file that declares it (« partners/x.yaml »)
    choices: tuple[str, ...] = ()  # UNKNOWN: the names of that kind, for « vouliez-vous dire »
    places: tuple[tuple[str, str], ...] = ()  # UNKNOWN venue: (id, commune name) of each venue declared


def lookup(kind: str, name: str, known: dict, invalid: dict[str, str]) -> Reference:
    if name in known:
        return Reference(kind, name, KNOWN)
    if name in invalid:
        return Reference(kind, name, INVALID, invalid[name])
    return Reference(kind, name, UNKNOWN, choices=tuple(known))


def unknown_message(reference: Reference, where: str) -> str | None:
    """Why an event cannot name ``reference`` (a venue or partner), or None when it can: its file is
    invalid (say which), or nothing declares it (suggest the nearest, say where to declare it)."""
    if reference.state == KNOWN:
        return None
    what, name = reference.kind, reference.name
    if reference.state == INVALID:
        return f"{what} « {name} » invalide (voir {reference.file}) : corrigez d'abord ce fichier"
    if reference.places:
        return f"{what} « {name} » inconnu{venue_hint(name, reference.places)} ({where})"
    return f"{what} « {name} » inconnu{suggest(name, list(reference.choices))} ({where})"


def waiting_note(reference: Reference) -> str:
    """The note of an event naming a venue or partner whose file has an error (told there, once)."""
    return (f"{reference.kind} « {reference.name} » déclaré dans {reference.file}, qui a une erreur (signalée "
            "dans ce fichier) : cet événement sera vérifié quand elle sera corrigée")
