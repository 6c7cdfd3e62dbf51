"""Shared vocabularies (themes, audiences, formats…) and the territory's communes.

Each vocabulary is a data file in ``data/`` with stable slugs and French labels,
so that pages, filters and exports agree on names. They ship with the package.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .french_names import place_name

VOCABULARY_FILES = {
    "themes": "themes.yaml",
    "publics": "publics.yaml",
    "formats": "formats.yaml",
    "niveaux": "niveaux.yaml",
    "accessibilite": "accessibilite.yaml",
    "statuts": "statuts.yaml",
    "types_partenaires": "types_partenaires.yaml",
    "moments": "moments.yaml",
    "horaires": "horaires.yaml",
    "jours": "jours.yaml",
}


@dataclass(frozen=True)
class Term:
    slug: str
    label: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]

    def __contains__(self, slug: object) -> bool:
        return any(t.slug == slug for t in self.terms)

    def __getitem__(self, slug: str) -> Term:
        for term in self.terms:
            if term.slug == slug:
                return term
        raise KeyError(slug)

    @property
    def slugs(self) -> list[str]:
        return [t.slug for t in self.terms]


@dataclass(frozen=True)
class Commune:
    name: str
    insee: str
    postcode: str
    epci: str
    epci_siren: str
    population: int
    slug: str
    departement: str = "91"  # code of the département
    departement_name: str = "Essonne"
    tncc: int = 0  # COG « type de nom en clair »: the article its name starts with (4: « Les »)
    in_territory: bool = True  # False: a venue's commune outside the territory (hors_territoire: oui)

    @property
    def at(self) -> str:
        """« à Massy », « aux Ulis », « au Plessis » (the COG's article type says which)."""
        return place_name(self.name, self.tncc).at

    @property
    def of(self) -> str:
        """« de Massy », « d'Orsay », « des Ulis », « du Plessis » (see ``french_names``)."""
        return place_name(self.name, self.tncc).of

    @property
    def with_departement(self) -> str:
        """« Épinay-sur-Orge (Essonne, 91) »: a name that may exist in another département."""
        where = f"{self.departement_name}, {self.departement}" if self.departement_name else self.departement
        return f"{self.name} ({where})" if where else self.name


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Letters without their accents, ligatures spelt out: « Cœur d'Épinay » → « Coeur d'Epinay » (a key
    for comparing or sorting names the French way: « Épinay » among the E's)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(text: str) -> str:
    """ASCII slug: « Épinay-sur-Orge » → « epinay-sur-orge », « Cœur de l’été » → « coeur-de-l-ete »: every
    character other than a letter or a digit (a typographic apostrophe too) separates words."""
    out = []
    for char in fold(text).lower():
        out.append(char if char.isascii() and char.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


def _data_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@cache
def vocabulary(name: str) -> Vocabulary:
    entries = yaml.safe_load(_data_text(VOCABULARY_FILES[name]))
    terms = tuple(
        Term(e["slug"], e["label"], {k: v for k, v in e.items() if k not in ("slug", "label")})
        for e in entries
    )
    return Vocabulary(name, terms)


def _commune(row: dict[str, str]) -> Commune:
    # « Ulis (Les) », the COG's sorting form, is written « Les Ulis » in a sentence
    name = place_name(row["name"], int(row["tncc"])).name
    return Commune(
        name=name,
        insee=row["insee"],
        postcode=row["postcode"],
        epci=row["epci"],
        epci_siren=row["epci_siren"],
        population=int(row["population_municipale"]),
        slug=slugify(name),
        departement=row["departement"],
        departement_name=row["departement_nom"],
        tncc=int(row["tncc"]),
    )


@cache
def communes() -> tuple[Commune, ...]:
    return tuple(_commune(row) for row in csv.DictReader(_data_text("communes.csv").splitlines()))


@cache
def _commune_index() -> dict[str, Commune]:
    index: dict[str, Commune] = {}
    for commune in communes():
        index[commune.insee] = commune
        index[commune.slug] = commune
    return index


def find_commune(reference: str) -> Commune | None:
    """A commune by name (accents and case ignored), slug or INSEE code."""
    return _commune_index().get(slugify(reference)) or _commune_index().get(reference.strip())
