"""Names typed in a sheet: lists split on « ; », venues found within their commune, partners by id or
name, and names so alike that they are probably one partner or one venue written two ways.

The separator rule (told in the « Aide » sheet and the README): values are separated by « ; » or by
a line break. A known partner whose name holds « ; » is recognised whole; a new name holding « ; »
is written between quotes ("Lire ; écrire").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..fields import suggest
from ..vocabularies import slugify


def split_values(text: str, known: list[str] = ()) -> list[str]:
    """The values of a cell, separated by « ; » or line breaks; a quoted value or a known name is
    kept whole even when it holds « ; »."""
    quoted: list[str] = []

    def keep(match: re.Match) -> str:
        quoted.append(match.group(1).strip())
        return f"\x00{len(quoted) - 1}\x00"

    protected = re.sub(r'["“«]\s*([^"”»]*?)\s*["”»]', keep, text.replace("\n", ";"))
    parts = [re.sub(r"\x00(\d+)\x00", lambda m: quoted[int(m.group(1))], p).strip() for p in protected.split(";")]
    parts = [p for p in parts if p]
    known_slugs = {slugify(k) for k in known}
    values, index = [], 0
    while index < len(parts):
        for end in range(len(parts), index + 1, -1):  # the longest run of parts that is one known name
            joined = " ; ".join(parts[index:end])
            if slugify(joined) in known_slugs:
                values.append(joined)
                index = end
                break
        else:
            values.append(parts[index])
            index += 1
    return values


def resolve(text: str, by_id: dict[str, Any], name_of) -> str:
    """A partner (or venue) written by id or by name (accents and case ignored); else the text."""
    if text in by_id:
        return text
    wanted = slugify(text)
    for key, value in by_id.items():
        if wanted in (key, slugify(name_of(value))):
            return key
    return text


@dataclass
class VenueMatch:
    venue_id: str | None
    problem: str = ""


def find_venue(text: str, venues: dict[str, Any], commune) -> VenueMatch:
    """A known venue by id, by name or by words of its name, looked for within the row's commune when
    it has one (« médiathèque » in Palaiseau is Palaiseau's médiathèque)."""
    if text in venues:
        return VenueMatch(text)
    pool = {k: v for k, v in venues.items() if commune is None or v.commune.insee == commune.insee}
    wanted = slugify(text)
    exact = [k for k, v in pool.items() if wanted in (k, slugify(v.name))]
    words = set(wanted.split("-"))
    matches = exact or [k for k, v in pool.items() if words and words <= set(slugify(v.name).split("-"))]
    if not matches and commune is not None:  # a known venue in another commune: the row's commune is told wrong
        elsewhere = [k for k, v in venues.items() if wanted == slugify(v.name)]
        matches = elsewhere if len(elsewhere) == 1 else []
    if len(matches) == 1:
        return VenueMatch(matches[0])
    where = f" {commune.at}" if commune is not None else ""
    if matches:
        listed = ", ".join(f"« {venues[k].name} » ({venues[k].commune.name})" for k in sorted(matches))
        fix = "" if commune is not None else " ; indiquez la commune dans la colonne « Commune »"
        return VenueMatch(None, f"plusieurs lieux{where} répondent à « {text} » : {listed} ; écrivez son nom "
                                f"complet ou son identifiant (onglet Aide){fix}")
    hint = suggest(text, [v.name for v in pool.values()]) or suggest(wanted, list(pool))
    return VenueMatch(None, f"lieu « {text} » inconnu{where}{hint} : choisissez un lieu de l'onglet Aide, ou "
                            "décrivez-le dans les colonnes « Nouveau lieu »")


def _key(name: str) -> str:
    return slugify(name).replace("-", "")


def alike(first: str, second: str) -> bool:
    """Two names probably meaning the same thing: the same letters (S[cube], Scube, S cube), or one
    letter or two apart in a long enough name."""
    a, b = _key(first), _key(second)
    if not a or not b or slugify(first) == slugify(second):
        return False  # the same identifier: one partner (or venue) already
    return a == b or (min(len(a), len(b)) >= 6 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.88)


@dataclass
class NameBook:
    """The new names a sheet brings (partners, venues), with the row where each was first written,
    to tell names that look alike."""

    seen: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: {"partenaire": [], "lieu": []})
    venue_ids: set[str] = field(default_factory=set)  # the new venues described so far

    def look_alike(self, kind: str, name: str, row: int, known: list[tuple[str, str]]) -> str | None:
        """A warning when ``name`` (new) looks like a known one (id, name) or a new one of an earlier row."""
        message = None
        for other, other_row in self.seen[kind]:
            if alike(name, other):
                message = f"« {name} » ressemble à « {other} » (ligne {other_row}) : même {kind} ?"
                break
        else:
            for other_id, other in known:
                if alike(name, other):
                    message = f"« {name} » ressemble à « {other} » (identifiant {other_id}) : même {kind} ?"
                    break
        if all(slugify(n) != slugify(name) for n, _r in self.seen[kind]):
            self.seen[kind].append((name, row))
        return message and message + " Écrivez-le de la même façon partout, ou par son identifiant (onglet Aide)"
