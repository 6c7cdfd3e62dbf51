"""The edition's territory: which communes of ``data/communes.csv`` (COG) it covers, what is said of a
commune that is not one of them, and the commune of a venue outside it (``hors_territoire: oui``).

The territory is a list of INSEE codes of communes or SIRENs of intercommunalités (EPCI), written in
``content/edition.yaml`` (``territoire``); without it, every commune of ``communes.csv``.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from functools import cache

from .french_names import guess_tncc
from .vocabularies import Commune, _data_text, communes, find_commune, slugify

# The INSEE codes of the edition being read (None: every commune of communes.csv), for the field
# checks of communes, which see one value at a time (set by the loader with ``scope``).
_CURRENT: ContextVar[frozenset[str] | None] = ContextVar("territory", default=None)

HORS_TERRITOIRE = ("pour un lieu hors du territoire, ajoutez hors_territoire: oui au lieu (avec sa commune et "
                   "son code postal) : ses événements seront dans « Ailleurs et en ligne »")
_ARTICLES = ("les-", "la-", "le-", "l-")


@cache
def departements() -> dict[str, str]:
    """Département code → name (COG)."""
    return {row["code"]: row["nom"] for row in csv.DictReader(_data_text("departements.csv").splitlines())}


def resolve(items: Iterable[str]) -> tuple[tuple[str, ...], list[tuple[int, str]]]:
    """The INSEE codes named by ``items`` (INSEE codes or EPCI SIRENs), sorted, and each item's problem
    as (position, French message)."""
    codes: set[str] = set()
    problems = []
    for index, item in enumerate(items):
        text = str(item).strip()
        members = [c.insee for c in communes() if text in (c.insee, c.epci_siren)]
        if members:
            codes.update(members)
            continue
        named = find_commune(text)
        if named is not None:
            problems.append((index, f"« {text} » : écrivez le code INSEE de la commune, {named.insee}"))
            continue
        epcis = sorted({(c.epci, c.epci_siren) for c in communes()})
        problems.append((index, f"code « {text} » inconnu : ni le code INSEE d'une commune ni le SIREN d'une "
                                "intercommunalité de sunprogramme/data/communes.csv ("
                         + ", ".join(f"{name} : {siren}" for name, siren in epcis) + ")"))
    return tuple(sorted(codes)), problems


def members(codes: Iterable[str] = ()) -> tuple[Commune, ...]:
    """The communes of the territory ``codes`` (empty: every commune of communes.csv)."""
    wanted = set(codes)
    return tuple(c for c in communes() if not wanted or c.insee in wanted)


@contextmanager
def scope(codes: Iterable[str]) -> Iterator[None]:
    """Within: the commune fields accept the communes of ``codes`` only (empty: all of communes.csv)."""
    token = _CURRENT.set(frozenset(codes) or None)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> tuple[Commune, ...]:
    return members(_CURRENT.get() or ())


def _bare(slug: str) -> str:
    return next((slug[len(a):] for a in _ARTICLES if slug.startswith(a)), slug)


def closest(text: str, choices: Iterable[Commune]) -> Commune | None:
    """The commune of ``choices`` that ``text`` seems to misspell, or None when none is close enough
    (« Soissons » is not « Wissous »)."""
    wanted = _bare(slugify(text))
    if not wanted:
        return None
    by_slug = {c.slug: c for c in choices}
    for slug, commune in by_slug.items():  # « Chilly », « Ulis », « Villebon »: the start of its name
        if _bare(slug) == wanted or _bare(slug).startswith(wanted + "-"):
            return commune
    close = difflib.get_close_matches(wanted, [_bare(s) for s in by_slug], n=1, cutoff=0.75)
    return next((c for s, c in by_slug.items() if close and _bare(s) == close[0]), None)


def commune_problem(text: str, venue: bool = False) -> tuple[Commune | None, str | None]:
    """The commune ``text`` names within the current territory, or why it names none (French); a
    ``venue`` is also told how to declare a place outside the territory."""
    territory = current()
    commune = find_commune(text)
    if commune is not None and commune in territory:
        return commune, None
    hint = f" ; {HORS_TERRITOIRE}" if venue else ""
    if commune is not None:
        return None, (f"{commune.with_departement} n'est pas dans le territoire de l'édition (champ territoire de "
                      f"content/edition.yaml){hint}")
    near = closest(text, territory)
    if near is not None:
        return None, f"commune « {text} » inconnue ; vouliez-vous dire « {near.name} » ({_where(near)}) ?{hint}"
    return None, (f"commune « {text} » inconnue : elle n'est pas dans le territoire de l'édition "
                  f"({len(territory)} communes, sunprogramme/data/communes.csv){hint}")


def _where(commune: Commune) -> str:
    return f"{commune.departement_name}, {commune.departement}"


def departement_of(postcode: str) -> str:
    """The département of a postcode, when it says it alone (not Corsica's 20…)."""
    code = postcode[:3] if postcode.startswith("97") else postcode[:2]
    return code if code in departements() else ""


def _departement(written: str) -> str | None:
    """The code of a département written as its code (« 42 », « 2A », « 974 ») or its name (« Loire »)."""
    text = written.strip().upper()
    code = text.zfill(2) if text.isdigit() else text
    if code in departements():
        return code
    wanted = slugify(written)
    return next((c for c, name in departements().items() if slugify(name) == wanted), None)


def outside(text: str, postcode: str, departement: str = "") -> tuple[Commune | None, str | None]:
    """The commune of a venue outside the territory: one of communes.csv, or as written (no INSEE code),
    placed by its postcode or, when no postcode is published, its département; or why it cannot be."""
    known = find_commune(text)
    if known is not None:
        return replace(known, in_territory=False), None
    code = departement_of(postcode) if postcode else ""
    if departement:
        named = _departement(departement)
        if named is None:
            return None, (f"département « {departement} » inconnu : écrivez son numéro (« 42 ») ou son nom "
                          "(« Loire »)")
        if code and named != code:
            return None, (f"le code postal {postcode} n'est pas dans le département {named} "
                          f"({departements()[named]}) : vérifiez l'un ou l'autre")
        code = named
    elif not postcode:
        return None, (f"{text} : indiquez le code postal du lieu (code_postal) ou, s'il n'est pas publié, son "
                      "département (departement: « 42 » ou « Loire »)")
    return Commune(name=text, insee="", postcode=postcode, epci="", epci_siren="", population=0, slug=slugify(text),
                   departement=code, departement_name=departements().get(code, ""),
                   tncc=guess_tncc(text), in_territory=False), None


def venue_postcode(commune: Commune, written: str) -> tuple[str, str | None, str | None]:
    """A venue's postcode: as written, or its COG commune's when the commune has only one (communes.csv
    lists several separated by spaces); with the problem (none given where several exist) or the warning
    (not the commune's), in French."""
    if not commune.insee:
        return written, None, None
    single = commune.postcode if " " not in commune.postcode else ""
    if not written and not single:
        return "", f"{commune.name} a plusieurs codes postaux ({commune.postcode}) : indiquez celui du lieu", None
    if single and written and written != single:
        return written, None, (f"le code postal {written} n'est pas celui de la commune {commune.name} ({single}) ; "
                               "vérifiez l'adresse")
    return written or single, None, None
